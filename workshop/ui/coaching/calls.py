"""One coaching call, step by step in the method's order, and the rep's calls below it.

1. the situation and its competency (a suggestion says it is the next focus; the manager
   chooses); 2. the rep's answer first; 3. know, then can; 4. the insight and its adjustments;
5. the one fix. A step's fields show once the step before is saved: nothing of the manager's
insight or fix shows before the rep has answered. The order itself is the domain's
(`workshop.coaching.call`) and the store's, which this view asks; a call under way can be
picked up again, for instance once the rep has answered on their own page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workshop.coaching.call import CoachingCall, open_call
from workshop.coaching.model import CallOrderError, CoachingError, Rep
from workshop.coaching.progress import explain, fixes_of, rep_progress
from workshop.errors import StoreError, WorkshopError
from workshop.html import escape
from workshop.ui.base import Quiet, message_html, note_html
from workshop.ui.coaching.call_form import CallForm, when
from workshop.ui.coaching.context import (
    CoachingContext,
    RepPicker,
    refusal_html,
)
from workshop.ui.coaching.history import history_html, situation_html


class CallView(CallForm):
    """A coaching call: a new one, or one under way, for the chosen rep."""

    def __init__(self, context: CoachingContext, picker: RepPicker | None = None) -> None:
        self.call: CoachingCall | None = None
        self.suggested: str | None = None
        self.quiet = Quiet()
        super().__init__(context, picker)
        self.chooser.observe(self._on_choose, names="value")
        self.use_suggestion.on_click(lambda _: self.take_suggestion())
        self.start_button.on_click(lambda _: self.start())
        self.answer_button.on_click(lambda _: self.save_answer())
        self.check_button.on_click(lambda _: self.check_answer())
        self.knows.observe(lambda change: self._on_answer(self.set_knows, change), names="value")
        self.can.observe(lambda change: self._on_answer(self.set_can, change), names="value")
        self.insight_button.on_click(lambda _: self.save_insight())
        self.fix_button.on_click(lambda _: self.save_fix())
        self.picker.on_change(lambda _rep: self.load())
        self.load()

    # -- showing ----------------------------------------------------------------------------

    @property
    def rep(self) -> Rep | None:
        return self.picker.rep

    def load(self, call_id: str | None = None) -> None:
        """The chosen rep's calls under way in the chooser (newest first), the history, and the
        next focus as a suggestion; `call_id` picks one, else a new call."""
        rep = self.rep
        calls = self.context.store.calls(rep.id) if rep else []
        under_way = [c for c in reversed(calls) if not c.complete]
        label = self.context.label
        options = [(label("new_call"), "")] + [
            (
                label(
                    "call_choice",
                    date=c.on.isoformat(),
                    competency=self.context.competency_name(c.competency),
                    stage=label(f"stage_{c.stage}"),
                ),
                c.id,
            )
            for c in under_way
        ]
        with self.quiet:
            self.chooser.options = options
            self.chooser.value = call_id if call_id in {c.id for c in under_way} else ""
        self.call = next((c for c in under_way if c.id == self.chooser.value), None)
        self.start_button.disabled = rep is None
        self.history.value = history_html(self.context, rep, calls) if rep else ""
        self._suggest(rep, calls)
        self._reset_form()
        self.show()

    def _suggest(self, rep: Rep | None, calls: list[CoachingCall]) -> None:
        """The next focus, said as a suggestion; the competency stays the manager's choice."""
        self.suggested = None
        self.use_suggestion.layout.display = "none"
        if rep is None:
            self.suggestion.value = ""
            return
        context = self.context
        progress = rep_progress(
            rep,
            context.store.evaluations(rep.id),
            fixes_of(calls),
            context.content,
            context.today(),
        )
        why = explain(progress.focus, rep.name, context.content)
        focus = progress.focus.competency
        if focus is None:
            self.suggestion.value = note_html(why)
            return
        self.suggested = focus
        self.use_suggestion.layout.display = "inline-flex"
        self.suggestion.value = note_html(
            context.label("suggested_focus", competency=context.competency_name(focus), why=why)
        )

    def _reset_form(self) -> None:
        with self.quiet:
            self.situation.value = ""
            self.competency.value = None

    def show(self, fill: bool = True) -> None:
        """Open each step whose step before is saved; fill in what is saved (with `fill`; after
        a refusal, what the manager typed and chose stays for them to correct)."""
        call, label = self.call, self.context.label
        self.form.layout.display = "none" if call else "flex"
        self.opened.value = situation_html(self.context, call) if call else ""
        answered = call is not None and call.answered
        diagnosed = answered and call is not None and call.diagnosed
        has_insight = diagnosed and call is not None and call.has_insight
        self.steps[1].open(call is not None, label("locked_after_start"))
        after = "locked_after_start" if call is None else "locked_after_answer"
        self.steps[2].open(answered, label(after))
        after = "locked_after_diagnosis" if answered else after
        self.steps[3].open(diagnosed, label(after))
        after = "locked_after_insight" if diagnosed else after
        self.steps[4].open(has_insight, label(after))
        if call is None:
            return
        with self.quiet:
            self.knows.value, self.can.value = call.knows, call.can
            if fill:
                self.rep_answer.value = call.rep_answer
                self.insight.value = call.insight
                for key, toggle in self.adjustments.items():
                    toggle.value = key in call.adjustments
        self.rep_answer.disabled = self.answer_button.disabled = call.has_insight
        self.can.disabled = call.knows is None
        self.answer_status.value = note_html(
            label("answered_at", time=when(call.rep_answer_at))
            if answered
            else label("waiting_for_rep")
        )
        self.insight_status.value = (
            note_html(label("insight_at", time=when(call.insight_at))) if has_insight else ""
        )
        gap = call.gap
        self.gap.value = f"<i>{escape(self.context.content.gaps[gap])}</i>" if gap else ""

    def _on_choose(self, _change: dict[str, Any]) -> None:
        if not self.quiet:
            self.message.value = ""
            self.load(self.chooser.value or None)

    def _on_answer(self, step: Callable[[bool], bool], change: dict[str, Any]) -> None:
        if not self.quiet and change["new"] is not None:
            step(change["new"])

    # -- the steps ----------------------------------------------------------------------------

    def take_suggestion(self) -> None:
        if self.suggested is not None:
            self.competency.value = self.suggested

    def start(self) -> CoachingCall | None:
        """Step 1: open the call on its situation and the competency the manager chose."""
        rep = self.rep
        if rep is None:
            return None
        context = self.context

        def opened(_call: CoachingCall | None) -> CoachingCall:
            return open_call(
                rep_id=rep.id,
                on=self.date.value,
                minutes=self.minutes.value,
                medium=self.medium.value,
                situation=self.situation.value,
                competency=self.competency.value,
                content=context.content,
                today=context.today(),
                at=context.clock(),
            )

        call = self._save(opened, new=True)
        if call is not None:
            self.message.value = message_html(context.label("call_started"))
            length = context.content.call_length
            if not length.contains(call.minutes):
                self.message.value += "<br>" + note_html(
                    context.label(
                        "outside_length", minutes=call.minutes, min=length.min, max=length.max
                    )
                )
        return call

    def save_answer(self) -> CoachingCall | None:
        """Step 2: the rep's answer, on what is saved (the rep may have answered on their page)."""
        context = self.context
        text = self.rep_answer.value

        def answered(call: CoachingCall | None) -> CoachingCall:
            saved = context.store.call(self._required(call).id)
            return saved.with_rep_answer(text, context.clock(), context.content.text_max_chars)

        return self._save(answered)

    def check_answer(self) -> None:
        """Read the call again: the rep may have answered on their own page."""
        if self.call is not None:
            self.call = self.context.store.call(self.call.id)
            self.message.value = ""
            with self.quiet:
                self.rep_answer.value = self.call.rep_answer
            self.show(fill=False)

    def set_knows(self, knows: bool) -> bool:
        """Step 3a: "Do they know what to do?"."""
        return self._save(lambda call: self._required(call).with_knows(knows)) is not None

    def set_can(self, can: bool) -> bool:
        """Step 3b: "Can they do it?", after "Do they know what to do?"."""
        return self._save(lambda call: self._required(call).with_can(can)) is not None

    def save_insight(self) -> CoachingCall | None:
        """Step 4: the manager's insight and what it adjusts, on the rep's answer as read."""
        context = self.context
        chosen = [key for key, toggle in self.adjustments.items() if toggle.value]
        text = self.insight.value

        def with_insight(call: CoachingCall | None) -> CoachingCall:
            return self._required(call).with_insight(
                text, chosen, context.clock(), context.content.text_max_chars
            )

        return self._save(with_insight)

    def save_fix(self) -> CoachingCall | None:
        """Step 5: the one fix; the call is complete and the form is ready for the next."""
        context = self.context
        text = self.fix.value

        def fixed(call: CoachingCall | None) -> CoachingCall:
            content = context.content
            return self._required(call).with_fix(
                text, context.clock(), content.text_max_chars, content.fix_words
            )

        call = self._save(fixed)
        if call is not None and self.rep is not None:
            done = fixes_of(context.store.calls(self.rep.id))
            self.load()
            with self.quiet:
                self.fix.value = ""
            self.message.value = message_html(
                context.label("call_complete", rep=self.rep.name, count=len(done))
            )
        return call

    def _required(self, call: CoachingCall | None) -> CoachingCall:
        if call is None:
            raise CoachingError("no call is open; start the call first", reason="no_call")
        return call

    def _save(
        self, step: Callable[[CoachingCall | None], CoachingCall], new: bool = False
    ) -> CoachingCall | None:
        """Take a step with the domain, save it with the store; on a refusal, say why in the
        content's words, save nothing, and show what is saved."""
        context = self.context
        try:
            updated = step(None if new else self.call)
            context.store.save_call(updated)
        except (WorkshopError, StoreError) as exc:
            self.message.value = refusal_html(exc, context)
            if isinstance(exc, CallOrderError) and self.call is not None:
                self.call = context.store.call(self.call.id)  # read what is saved, and show it
                if exc.reason == "answer_changed":
                    with self.quiet:
                        self.rep_answer.value = self.call.rep_answer
            self.show(fill=False)
            return None
        self.message.value = ""
        if new:
            self.load(updated.id)
        else:
            self.call = updated
            self.show(fill=False)  # what is typed is what was saved, or the next step's draft
        return updated


def call_log_view(context: CoachingContext | None = None) -> widgets.VBox:
    """Build the coaching call for the notebook."""
    return CallView(context or CoachingContext.from_environment()).widget
