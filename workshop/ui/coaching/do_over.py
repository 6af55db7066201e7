"""The after-call do-over (the rep answers first, then the manager) and the daily self-check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import ipywidgets as widgets

from workshop.coaching import rules as coaching
from workshop.coaching.model import CoachingCall, DoOver, Rep, SelfCheck
from workshop.coaching.progress import day_streak
from workshop.errors import StoreError, WorkshopError
from workshop.html import escape
from workshop.ui.base import Quiet, heading, message_html, note_html
from workshop.ui.coaching.context import CoachingContext, RepPicker, refusal_html

#: How much of a situation a call's entry in the list shows.
SITUATION_PREVIEW = 60


def _when(stamp: datetime | None) -> str:
    return stamp.astimezone().strftime("%Y-%m-%d %H:%M") if stamp else ""


class DoOverView:
    """Choose a call; the rep's answer unlocks the manager's insight, as the domain requires."""

    def __init__(self, context: CoachingContext, picker: RepPicker | None = None) -> None:
        self.context = context
        content = context.content
        label = context.label
        self.picker = picker or RepPicker(context)
        self.call = widgets.Dropdown(
            description=label("choose_call"), options=[], layout=widgets.Layout(width="46em")
        )
        self.no_calls = widgets.HTML(f"<p>{escape(label('no_calls'))}</p>")
        self.situation = widgets.HTML()
        self.self_critique = widgets.Textarea(layout=widgets.Layout(width="100%", height="6em"))
        self.answer_button = widgets.Button(
            description=label("save_answer"), button_style="primary"
        )
        self.answer_status = widgets.HTML()
        self.insight = widgets.Textarea(layout=widgets.Layout(width="100%", height="6em"))
        self.insight_button = widgets.Button(description=label("save_insight"))
        self.insight_status = widgets.HTML()
        self.message = widgets.HTML()
        self.do_over: DoOver | None = None
        self._calls: dict[str, CoachingCall] = {}
        self.quiet = Quiet()

        self.answer_button.on_click(lambda _: self.save_answer())
        self.insight_button.on_click(lambda _: self.save_insight())
        self.call.observe(self._on_call, names="value")
        self.form = widgets.VBox(
            [
                self.call,
                self.situation,
                widgets.HTML(f"<p><b>{escape(content.do_over_question)}</b></p>"),
                widgets.HTML(f"<h4>{escape(label('rep_turn'))}</h4>"),
                self.self_critique,
                widgets.HBox([self.answer_button, self.answer_status]),
                widgets.HTML(
                    f"<h4>{escape(label('manager_turn'))}</h4>"
                    f"<p>{escape(content.insight_prompt)}</p>"
                ),
                self.insight,
                widgets.HBox([self.insight_button, self.insight_status]),
            ]
        )
        self.widget = widgets.VBox(
            [
                heading(label("do_over_title"), label("do_over_intro")),
                self.picker.widget,
                self.no_calls,
                self.form,
                self.message,
            ]
        )
        self.widget.add_class("workshop-coaching-do-over")
        self.picker.on_change(lambda _rep: self.load())
        self.load()

    @property
    def rep(self) -> Rep | None:
        return self.picker.rep

    def load(self) -> None:
        """List the rep's calls, newest first, and show the newest one's do-over."""
        rep = self.rep
        calls = list(reversed(self.context.store.calls(rep.id))) if rep else []
        self._calls = {c.id: c for c in calls}
        with self.quiet:
            self.call.options = [(self._call_label(c), c.id) for c in calls]
            self.call.value = calls[0].id if calls else None
        self.no_calls.layout.display = "none" if calls else "block"
        self.form.layout.display = "flex" if calls else "none"
        self.message.value = ""
        self.show()

    def _call_label(self, call: CoachingCall) -> str:
        situation = " ".join(call.situation.split())
        if len(situation) > SITUATION_PREVIEW:
            situation = situation[: SITUATION_PREVIEW - 1] + "…"
        name = self.context.competency_name(call.competency)
        return f"{call.on.isoformat()} · {name} · {situation}"

    def _on_call(self, _change: dict[str, Any]) -> None:
        if not self.quiet:
            self.message.value = ""
            self.show()

    def show(self) -> None:
        """Show the chosen call's do-over; the insight stays closed until the rep has answered."""
        call = self._calls.get(self.call.value) if self.call.value else None
        if call is None:
            self.do_over = None
            return
        do_over = self.context.store.do_over(call.id)
        self.do_over = do_over
        label = self.context.label
        self.situation.value = (
            f"<p>{escape(call.situation)}<br><small>{escape(label('fix'))}: "
            f"{escape(call.fix)}</small></p>"
        )
        self.self_critique.value = do_over.self_critique
        self.insight.value = do_over.insight
        # The domain keeps the self-critique as it was once the manager has answered.
        self.self_critique.disabled = self.answer_button.disabled = do_over.has_insight
        self.insight.disabled = self.insight_button.disabled = not do_over.answered
        self.answer_status.value = (
            note_html(label("answered_at", time=_when(do_over.self_critique_at)))
            if do_over.answered
            else ""
        )
        self.insight_status.value = note_html(
            label("insight_at", time=_when(do_over.insight_at))
            if do_over.has_insight
            else ("" if do_over.answered else label("waiting_for_rep"))
        )

    def save_answer(self) -> bool:
        """Save the rep's self-critique (the domain and the store hold to the order)."""
        return self._save(
            lambda d, at, limit: d.with_self_critique(self.self_critique.value, at, limit)
        )

    def save_insight(self) -> bool:
        """Save the manager's insight; refused, with a message, until the rep has answered."""
        return self._save(lambda d, at, limit: d.with_insight(self.insight.value, at, limit))

    def _save(self, step: Callable[[DoOver, datetime, int], DoOver]) -> bool:
        call_id = self.call.value
        if not call_id:
            return False
        context = self.context
        try:
            # Start from what is saved: the rep may have answered on another device.
            current = context.store.do_over(call_id)
            updated = step(current, context.clock(), context.content.text_max_chars)
            context.store.save_do_over(updated)
        except (WorkshopError, StoreError) as exc:
            self.message.value = refusal_html(exc, context)
            return False
        self.message.value = ""
        self.show()
        return True


class SelfCheckView:
    """The rep alone, once a day: the do-over question about today's calls."""

    RECENT = 7

    def __init__(self, context: CoachingContext, picker: RepPicker | None = None) -> None:
        self.context = context
        label = context.label
        self.picker = picker or RepPicker(context)
        self.day = widgets.HTML()
        self.answer = widgets.Textarea(layout=widgets.Layout(width="100%", height="5em"))
        self.save_button = widgets.Button(
            description=label("save_self_check"), button_style="primary"
        )
        self.save_button.on_click(lambda _: self.save())
        self.message = widgets.HTML()
        self.streak = widgets.HTML()
        self.recent = widgets.HTML()
        self.widget = widgets.VBox(
            [
                heading(label("self_check_title"), label("self_check_intro")),
                self.picker.widget,
                self.day,
                widgets.HTML(f"<p><b>{escape(context.content.self_check_question)}</b></p>"),
                self.answer,
                self.save_button,
                self.message,
                self.streak,
                self.recent,
            ]
        )
        self.widget.add_class("workshop-coaching-self-check")
        self.picker.on_change(lambda _rep: self.load())
        self.load()

    @property
    def rep(self) -> Rep | None:
        return self.picker.rep

    def load(self) -> None:
        rep = self.rep
        today = self.context.today()
        self.day.value = f"<b>{today.isoformat()}</b>"
        checks = self.context.store.self_checks(rep.id) if rep else []
        self.save_button.disabled = rep is None
        self.answer.value = next((c.answer for c in checks if c.on == today), "")
        self.message.value = ""
        self._show(checks)

    def _show(self, checks: list[SelfCheck]) -> None:
        today = self.context.today()
        days = day_streak((c.on for c in checks), today)
        self.streak.value = note_html(self.context.label("day_streak", days=days)) if days else ""
        recent = [c for c in reversed(checks) if c.on != today][: self.RECENT]
        self.recent.value = "".join(
            f"<p><small>{c.on.isoformat()}</small><br>{escape(c.answer)}</p>" for c in recent
        )

    def save(self) -> bool:
        rep = self.rep
        if rep is None:
            return False
        context = self.context
        try:
            check = coaching.check_self_check(
                rep.id,
                context.today(),
                self.answer.value,
                context.clock(),
                context.today(),
                context.content.text_max_chars,
            )
            context.store.save_self_check(check)
        except (WorkshopError, StoreError) as exc:
            self.message.value = refusal_html(exc, context)
            return False
        self.message.value = message_html(
            context.label("self_check_saved", date=check.on.isoformat())
        )
        self._show(context.store.self_checks(rep.id))
        return True


def do_over_view(context: CoachingContext | None = None) -> widgets.VBox:
    """Build the after-call do-over for the notebook."""
    return DoOverView(context or CoachingContext.from_environment()).widget


def self_check_view(context: CoachingContext | None = None) -> widgets.VBox:
    """Build the rep's daily self-check for the notebook."""
    return SelfCheckView(context or CoachingContext.from_environment()).widget
