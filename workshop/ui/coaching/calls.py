"""Log a coaching call in under a minute: one situation, the two questions, one fix.

Only the situation and the fix are typed; the rest is clicks, and the competency starts on the
rep's next focus. Below the form, the rep's history of fixes, newest first.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from workshop.coaching import rules as coaching
from workshop.coaching.model import CoachingCall, Rep, diagnose
from workshop.coaching.progress import explain, fixes_of, rep_progress
from workshop.errors import StoreError, WorkshopError
from workshop.html import escape
from workshop.ui.base import heading, message_html, note_html
from workshop.ui.coaching.context import CoachingContext, RepPicker, refusal_html


class CallLogView:
    def __init__(self, context: CoachingContext, picker: RepPicker | None = None) -> None:
        self.context = context
        content = context.content
        label = context.label
        length = content.call_length
        self.picker = picker or RepPicker(context)
        self._build_fields()

        self.widget = widgets.VBox(
            [
                heading(label("calls_title"), label("calls_intro")),
                self.picker.widget,
                widgets.HBox([self.date, self.minutes]),
                widgets.HTML(note_html(label("length_hint", min=length.min, max=length.max))),
                self.medium,
                widgets.HTML(f"<b>{escape(label('situation'))}</b>"),
                self.situation,
                widgets.HTML(f"<b>{escape(content.knows_question)}</b>"),
                self.knows,
                widgets.HTML(f"<b>{escape(content.can_question)}</b>"),
                self.can,
                self.gap,
                widgets.HTML(f"<b>{escape(label('adjust'))}</b>"),
                widgets.HBox(list(self.adjustments.values())),
                self.focus,
                self.competency,
                widgets.HTML(f"<b>{escape(label('fix'))}</b>"),
                self.fix,
                self.log_button,
                self.message,
                self.history,
            ]
        )
        self.widget.add_class("workshop-coaching-calls")
        self.picker.on_change(lambda _rep: self.load())
        self.load()

    def _build_fields(self) -> None:
        """The call's fields, in the order a manager fills them in."""
        context, content, label = self.context, self.context.content, self.context.label
        length = content.call_length
        self.date = widgets.DatePicker(description=label("date"), value=context.today())
        self.minutes = widgets.BoundedIntText(
            value=length.min,
            min=1,
            max=coaching.MINUTES_MAX,
            description=label("minutes"),
            layout=widgets.Layout(width="12em"),
        )
        self.medium = widgets.ToggleButtons(
            options=[(text, key) for key, text in content.mediums.items()],
            value="call" if "call" in content.mediums else None,
            description=label("medium"),
        )
        self.situation = widgets.Textarea(
            placeholder=label("situation_hint"), layout=widgets.Layout(width="100%", height="4em")
        )
        yes_no = [(label("answer_yes"), True), (label("answer_no"), False)]
        self.knows = widgets.ToggleButtons(options=yes_no, value=None)
        self.can = widgets.ToggleButtons(options=yes_no, value=None)
        self.gap = widgets.HTML()
        for toggle in (self.knows, self.can):
            toggle.observe(lambda _change: self._show_gap(), names="value")
        self.adjustments = {
            key: widgets.ToggleButton(description=text, value=False)
            for key, text in content.adjustments.items()
        }
        self.competency = widgets.Dropdown(
            options=[(c.name, c.id) for c in content.competencies],
            value=content.competencies[0].id,
            description=label("competency"),
            layout=widgets.Layout(width="32em"),
        )
        self.fix = widgets.Textarea(
            placeholder=label("fix_hint"), layout=widgets.Layout(width="100%", height="3em")
        )
        self.log_button = widgets.Button(
            description=label("log_call"), button_style="primary", icon="check"
        )
        self.log_button.on_click(lambda _: self.log())
        self.message = widgets.HTML()
        self.focus = widgets.HTML()
        self.history = widgets.HTML(
            layout=widgets.Layout(max_height="22em", overflow="auto", width="100%")
        )

    @property
    def rep(self) -> Rep | None:
        return self.picker.rep

    def _show_gap(self, _change: Any = None) -> None:
        if self.knows.value is None or self.can.value is None:
            self.gap.value = ""
            return
        gap = diagnose(self.knows.value, self.can.value)
        self.gap.value = f"<i>{escape(self.context.content.gaps[gap])}</i>"

    def load(self) -> None:
        """Show the chosen rep's history and next focus, and start the competency on it."""
        rep = self.rep
        self.log_button.disabled = rep is None
        if rep is None:
            self.history.value = self.focus.value = ""
            return
        self._show_rep(rep, self.context.store.calls(rep.id), move_competency=True)

    def _show_rep(self, rep: Rep, calls: list[CoachingCall], move_competency: bool) -> None:
        context = self.context
        progress = rep_progress(
            rep,
            context.store.evaluations(rep.id),
            fixes_of(calls),
            context.content,
            context.today(),
        )
        sentence = explain(progress.focus, rep.name, context.content)
        self.focus.value = f"<b>{escape(context.label('next_focus'))}</b>: {escape(sentence)}"
        if move_competency and progress.focus.competency in {
            c.id for c in context.content.competencies
        }:
            self.competency.value = progress.focus.competency
        self.history.value = history_html(context, rep, calls)

    def log(self) -> CoachingCall | None:
        """Log the call if every rule holds; otherwise say why, and save nothing."""
        rep = self.rep
        if rep is None:
            return None
        context = self.context
        try:
            call = coaching.check_call(
                rep_id=rep.id,
                on=self.date.value,
                minutes=self.minutes.value,
                medium=self.medium.value,
                situation=self.situation.value,
                knows=self.knows.value,
                can=self.can.value,
                adjustments=[k for k, b in self.adjustments.items() if b.value],
                competency=self.competency.value,
                fixes=coaching.fix_lines(self.fix.value),
                content=context.content,
                today=context.today(),
            )
            context.store.save_call(call)
        except (WorkshopError, StoreError) as exc:
            self.message.value = refusal_html(exc, context)
            return None
        calls = context.store.calls(rep.id)
        text = context.label("call_logged", rep=rep.name, count=len(calls))
        length = context.content.call_length
        self.message.value = message_html(text)
        if not length.contains(call.minutes):
            self.message.value += "<br>" + note_html(
                context.label(
                    "outside_length", minutes=call.minutes, min=length.min, max=length.max
                )
            )
        # Clear what belongs to this call; date, minutes and medium carry over to the next.
        self.situation.value = self.fix.value = ""
        self.knows.value = self.can.value = None
        for button in self.adjustments.values():
            button.value = False
        self._show_rep(rep, calls, move_competency=True)
        return call


def history_html(context: CoachingContext, rep: Rep, calls: list[CoachingCall]) -> str:
    """The rep's fixes, newest first; every typed text escaped."""
    label = context.label
    title = escape(label("history_heading", rep=rep.name, count=len(calls)))
    if not calls:
        return f"<h4>{title}</h4><p>{escape(label('no_fixes'))}</p>"
    rows = "".join(
        "<tr>"
        f"<td style='white-space:nowrap;padding-right:1em'>{call.on.isoformat()}</td>"
        f"<td style='padding-right:1em'>{escape(context.competency_name(call.competency))}</td>"
        f"<td>{escape(call.fix)}<br><small style='color:#666'>{escape(call.situation)}</small></td>"
        "</tr>"
        for call in reversed(calls)
    )
    return (
        f"<h4>{title}</h4>"
        f"<table class='workshop-fix-history' style='border-collapse:collapse'>{rows}</table>"
    )


def call_log_view(context: CoachingContext | None = None) -> widgets.VBox:
    """Build the call log for the notebook."""
    return CallLogView(context or CoachingContext.from_environment()).widget
