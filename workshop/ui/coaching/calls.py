"""One coaching call, step by step in the method's order, and the coachee's calls below it.

1. the situation and its competency (a suggestion says it is the next focus, parked fixes
   are offered as situations; the coach chooses), run now (a clock measures it) or logged
   afterwards (its length typed); 2. the coachee's answer first; once given, it is theirs, and
   the coach's note goes beside it; 3. know, then can; 4. the insight and its adjustments;
5. the one fix, decided with the coach when it reads as several. A step's fields show once
the step before is saved. The rules are the domain's and the store's, asked through the
services; a call under way is opened again (the newest), and while it waits for the coachee's
answer it is read again every few seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workshop.coaching.call import CoachingCall
from workshop.coaching.model import CallOrderError, CoachingError, Rep
from workshop.errors import StoreError, WorkshopError
from workshop.html import escape
from workshop.services import coaching_calls as acts
from workshop.ui.base import message_html, note_html
from workshop.ui.coaching.call_fix import FixDecision
from workshop.ui.coaching.call_form import CallForm, when
from workshop.ui.coaching.call_suggest import Suggestions
from workshop.ui.coaching.context import CoachingContext, refusal_html
from workshop.ui.coaching.history import answer_html, history_html, situation_html
from workshop.ui.coaching.picker import RepPicker

#: While a call waits for the coachee's answer, it is read again every this many seconds.
POLL_EVERY = 5


class CallView(CallForm):
    """A coaching call: a new one, or one under way, for the chosen person."""

    def __init__(self, context: CoachingContext, picker: RepPicker | None = None) -> None:
        self.call: CoachingCall | None = None
        super().__init__(context, picker)
        self.suggestions = Suggestions(self)
        self.decide = FixDecision(self, lambda: self.call, self.finished, self.refused)
        self.chooser.observe(self._on_choose, names="value")
        self.timing.observe(lambda _: self._show_timing(), names="value")
        self.start_button.on_click(lambda _: self.start())
        self.answer_button.on_click(lambda _: self.save_answer())
        self.check_button.on_click(lambda _: self.check_answer())
        self.note_button.on_click(lambda _: self.save_note())
        self.knows.observe(lambda change: self._on_answer(self.set_knows, change), names="value")
        self.can.observe(lambda change: self._on_answer(self.set_can, change), names="value")
        self.insight_button.on_click(lambda _: self.save_insight())
        self.fix_button.on_click(lambda _: self.save_fix())
        self.ticker.observe(lambda _: self.tick(), names="value")
        self.picker.on_change(lambda _rep: self.load())
        self.load()

    # -- showing ----------------------------------------------------------------------------

    @property
    def rep(self) -> Rep | None:
        return self.picker.rep

    def load(self, call_id: str | None = None) -> None:
        """The chosen person's calls under way in the chooser (newest first, and chosen: a
        call opened again is picked up, not started twice), the history, and suggestions."""
        rep = self.rep
        calls = self.context.store.calls(rep.id) if rep else []
        under_way = [c for c in reversed(calls) if not c.complete]
        chosen = call_id if call_id is not None else (under_way[0].id if under_way else "")
        self._fill_chooser(under_way, chosen)
        self.call = next((c for c in under_way if c.id == self.chooser.value), None)
        self.start_button.disabled = rep is None
        self.history.value = history_html(self.context, rep, calls) if rep else ""
        self.suggestions.show(rep, calls)
        self.decide.hide()
        self._reset_form()
        self.show()

    def _fill_chooser(self, under_way: list[CoachingCall], chosen: str) -> None:
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
            self.chooser.value = chosen if chosen in {c.id for c in under_way} else ""

    def _reset_form(self) -> None:
        with self.quiet:
            self.situation.value = ""
            self.competency.value = None
            self.note.value = ""
        self._show_timing()

    def _show_timing(self) -> None:
        after = self.timing.value == "after"
        self.minutes.layout.display = "flex" if after else "none"
        self.length_hint.layout.display = "block" if after else "none"

    def show(self, fill: bool = True) -> None:
        """Open each step whose step before is saved; fill in what is saved (with `fill`; after
        a refusal, what the coach typed and chose stays for them to correct)."""
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
        self.tick()
        if call is None:
            return
        self._show_answer(call, fill)
        with self.quiet:
            self.knows.value, self.can.value = call.knows, call.can
            if fill:
                self.insight.value = call.insight
                for key, toggle in self.adjustments.items():
                    toggle.value = key in call.adjustments
        self.can.disabled = call.knows is None
        self.insight_status.value = (
            note_html(label("insight_at", time=when(call.insight_at))) if has_insight else ""
        )
        gap = call.gap
        self.gap.value = f"<i>{escape(self.context.content.gaps[gap])}</i>" if gap else ""

    def _show_answer(self, call: CoachingCall, fill: bool) -> None:
        """Before the answer, a box to type it with the rep there; after it, the rep's own
        words, read-only, and the coach's note beside them."""
        label, answered = self.context.label, call.answered
        self.answer_entry.layout.display = "none" if answered else "flex"
        self.answer_shown.layout.display = "block" if answered else "none"
        self.note_side.layout.display = "flex" if answered else "none"
        self.answer_shown.value = answer_html(self.context, call, self.rep) if answered else ""
        self.answer_status.value = "" if answered else note_html(label("waiting_for_rep"))
        self.note_status.value = (
            note_html(label("note_saved", time=when(call.coach_note_at)))
            if call.coach_note_at
            else ""
        )
        if fill:
            with self.quiet:
                self.rep_answer.value = "" if answered else self.rep_answer.value
                self.note.value = call.coach_note

    def _on_choose(self, _change: dict[str, Any]) -> None:
        if not self.quiet:
            self.message.value = ""
            self.load(self.chooser.value or "")

    def _on_answer(self, step: Callable[[bool], bool], change: dict[str, Any]) -> None:
        if not self.quiet and change["new"] is not None:
            step(change["new"])

    # -- the clock --------------------------------------------------------------------------

    def tick(self) -> None:
        """The running clock, from the call's opening to its fix; gently, past the target.
        While the call waits for the coachee's answer, it is read again now and then."""
        call = self.call
        elapsed = call.running_seconds(self.context.clock()) if call is not None else None
        # While it waits for the answer, it is read again, however long ago it was opened.
        self.ticker.playing = (
            call is not None and not call.complete and (elapsed is not None or not call.answered)
        )
        self.clock.value = "" if elapsed is None else self._clock_html(elapsed)
        poll = self.ticker.value and self.ticker.value % POLL_EVERY == 0
        if call is not None and not call.answered and poll:
            self.check_answer(quietly=True)

    def _clock_html(self, elapsed: int) -> str:
        minutes, seconds = divmod(elapsed, 60)
        longest = self.context.content.call_length.max
        shown = self.context.label("clock", minutes=minutes, seconds=f"{seconds:02d}")
        return f"<b class='workshop-call-clock'>{escape(shown)}</b>" + (
            " " + note_html(self.context.label("clock_long", minutes=minutes, max=longest))
            if minutes >= longest
            else ""
        )

    # -- the steps ----------------------------------------------------------------------------

    def start(self) -> CoachingCall | None:
        """Step 1: open the call on its situation and the competency the coach chose."""
        rep = self.rep
        if rep is None:
            return None
        context = self.context
        typed = self.minutes.value if self.timing.value == "after" else None

        def opened(_call: CoachingCall | None) -> CoachingCall:
            return acts.start_call(
                context.store,
                context.content,
                rep,
                on=self.date.value,
                minutes=typed,
                medium=self.medium.value,
                situation=self.situation.value,
                competency=self.competency.value,
                today=context.today(),
                at=context.clock(),
                parked=self.suggestions.chosen_parked,
            )

        call = self._save(opened, new=True)
        if call is not None:
            self.message.value = message_html(context.label("call_started"))
            length = context.content.call_length
            if call.minutes is not None and not length.contains(call.minutes):
                self.message.value += "<br>" + note_html(
                    context.label(
                        "outside_length", minutes=call.minutes, min=length.min, max=length.max
                    )
                )
        return call

    def save_answer(self) -> CoachingCall | None:
        """Step 2: the coachee's answer, typed with them there; only while there is none."""
        context, text = self.context, self.rep_answer.value
        return self._save(
            lambda call: acts.answer_in_call(
                context.store, context.content, self._required(call), text, context.clock()
            )
        )

    def check_answer(self, quietly: bool = False) -> None:
        """Read the call again: the coachee may have answered on their own page."""
        if self.call is None:
            return
        fresh = self.context.store.call(self.call.id)
        if fresh == self.call:
            return
        self.call = fresh
        if not quietly:
            self.message.value = ""
        rep = self.rep
        if rep is not None:
            under_way = [c for c in reversed(self.context.store.calls(rep.id)) if not c.complete]
            self._fill_chooser(under_way, fresh.id)
        self.show(fill=False)

    def save_note(self) -> CoachingCall | None:
        """The coach's own note, beside the coachee's answer."""
        context, text = self.context, self.note.value
        return self._save(
            lambda call: acts.add_note(
                context.store, context.content, self._required(call), text, context.clock()
            )
        )

    def set_knows(self, knows: bool) -> bool:
        """Step 3a: "Do they know what to do?"."""
        store = self.context.store
        return self._save(lambda c: acts.set_knows(store, self._required(c), knows)) is not None

    def set_can(self, can: bool) -> bool:
        """Step 3b: "Can they do it?", after "Do they know what to do?"."""
        context = self.context
        return (
            self._save(
                lambda c: acts.set_can(context.store, self._required(c), can, context.clock())
            )
            is not None
        )

    def save_insight(self) -> CoachingCall | None:
        """Step 4: the coach's insight and what it adjusts, on the coachee's answer as read."""
        context = self.context
        chosen = [key for key, toggle in self.adjustments.items() if toggle.value]
        text = self.insight.value
        return self._save(
            lambda call: acts.add_insight(
                context.store,
                context.content,
                self._required(call),
                text,
                chosen,
                context.clock(),
            )
        )

    def save_fix(self, keep: int | None = None, one_thing: bool = False) -> CoachingCall | None:
        """Step 5: the one fix. A fix that reads as several asks which part this call fixes
        (`FixDecision`); once saved the call is complete and the form ready for the next."""
        return self.decide.save(self.fix.value, keep=keep, one_thing=one_thing)

    def finished(self, call: CoachingCall) -> None:
        """After the fix: the next call's form, and what this one counted."""
        from workshop.coaching.progress import fixes_of

        rep, context = self.rep, self.context
        if rep is None:
            return
        done = fixes_of(context.store.calls(rep.id))
        self.load("")
        with self.quiet:
            self.fix.value = ""
        said = [context.label("call_complete", rep=rep.name, count=len(done))]
        if call.parked:
            said.append(context.label("fix_parked", items="; ".join(call.parked)))
        if call.fix_decision == "one_thing":
            said.append(context.label("fix_one_thing"))
        longest = context.content.call_length.max
        if call.minutes is None and call.length_minutes and call.length_minutes > longest:
            said.append(context.label("ran_long", minutes=round(call.length_minutes), max=longest))
        self.message.value = "<br>".join(message_html(s) for s in said)

    def _required(self, call: CoachingCall | None) -> CoachingCall:
        if call is None:
            raise CoachingError("no call is open; start the call first", reason="no_call")
        return call

    def _save(
        self, step: Callable[[CoachingCall | None], CoachingCall], new: bool = False
    ) -> CoachingCall | None:
        """Take a step through the services; on a refusal, say why in the content's words,
        save nothing, and show what is saved."""
        try:
            updated = step(None if new else self.call)
        except (WorkshopError, StoreError) as exc:
            self.refused(exc)
            return None
        self.message.value = ""
        if new:
            self.load(updated.id)
        else:
            self.call = updated
            self.show(fill=False)  # what is typed is what was saved, or the next step's draft
        return updated

    def refused(self, exc: WorkshopError | StoreError) -> None:
        context = self.context
        self.message.value = refusal_html(exc, context)
        if isinstance(exc, CallOrderError) and self.call is not None:
            self.call = context.store.call(self.call.id)  # read what is saved, and show it
        self.show(fill=False)


def call_log_view(context: CoachingContext | None = None) -> widgets.VBox:
    """Build the coaching call for the notebook."""
    return CallView(context or CoachingContext.from_environment()).widget
