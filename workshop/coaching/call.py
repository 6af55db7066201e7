"""One coaching call, in the method's order, stage by stage.

1. The manager opens it on one singular situation (a conversation, a call or an email) and
   names its competency: chosen, never assumed.
2. The rep answers the do-over question first, a self-critique.
3. The manager answers "Do they know what to do?", then "Can they do it?".
4. The manager's insight, with what it adjusts: words, mindset, tonality, delivery.
5. The one fix; the call is complete.

Each step is a method that returns the next record, and a step out of order is refused with
`CallOrderError`, whose `reason` names the rule for the views. The rep may revise their answer
until the insight is saved; from then on it is kept as it was, so the insight always answers
what the rep said. `check_successor` holds the same order between what is saved and what one
of two devices saves; the store calls it inside its transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal, get_args

from workshop.coaching import rules
from workshop.coaching.fixes import NO_WORDS, check_fix
from workshop.coaching.model import CallOrderError, CoachingError, diagnose, required
from workshop.content.coaching import Adjustment, CoachingContent, FixWords, Gap, Medium
from workshop.text import check_text

Stage = Literal["opened", "answered", "diagnosed", "insight", "fixed"]
STAGES: tuple[Stage, ...] = get_args(Stage)


@dataclass(frozen=True)
class CoachingCall:
    """One coaching call: one singular situation, the rep's answer, the diagnosis, the insight
    and exactly one fix, each filled in its turn."""

    id: str
    rep_id: str
    on: date
    minutes: int
    medium: Medium
    situation: str
    competency: str
    opened_at: datetime
    rep_answer: str = ""
    rep_answer_at: datetime | None = None
    knows: bool | None = None
    can: bool | None = None
    adjustments: tuple[Adjustment, ...] = ()
    insight: str = ""
    insight_at: datetime | None = None
    fix: str = ""
    fixed_at: datetime | None = None
    #: Logged before the rep answered first (schema 6): complete, the rep's answer optional.
    legacy: bool = False

    @property
    def answered(self) -> bool:
        return self.rep_answer_at is not None

    @property
    def diagnosed(self) -> bool:
        return self.knows is not None and self.can is not None

    @property
    def has_insight(self) -> bool:
        return self.insight_at is not None

    @property
    def complete(self) -> bool:
        return self.fixed_at is not None

    @property
    def stage(self) -> Stage:
        """The last step taken."""
        if self.complete:
            return "fixed"
        if self.has_insight:
            return "insight"
        if self.answered and self.diagnosed:
            return "diagnosed"
        return "answered" if self.answered else "opened"

    @property
    def gap(self) -> Gap | None:
        """What the two answers reveal, once both are given."""
        if self.knows is None or self.can is None:
            return None
        return diagnose(self.knows, self.can)

    # -- the steps, in order ------------------------------------------------------------------

    def with_rep_answer(self, text: str, at: datetime, limit: int) -> CoachingCall:
        """Step 2: the rep's answer, or its revision; kept as it was once the insight is in."""
        self._still_open()
        if self.has_insight:
            raise CallOrderError(
                "the rep's answer cannot change after the manager's insight; it is kept as it was",
                reason="answer_kept",
            )
        required(text, "the rep's answer")
        check_text(text, limit, "the rep's answer")
        _not_before(at, self.opened_at, "the rep's answer", "the call was opened")
        return replace(self, rep_answer=text, rep_answer_at=at)

    def with_knows(self, knows: bool) -> CoachingCall:
        """Step 3a: "Do they know what to do?"; only once the rep has answered."""
        self._still_open()
        self._rep_first("whether they know what to do")
        return replace(self, knows=_yes_no(knows, "do they know what to do"))

    def with_can(self, can: bool) -> CoachingCall:
        """Step 3b: "Can they do it?"; only after "Do they know what to do?"."""
        self._still_open()
        self._rep_first("whether they can do it")
        if self.knows is None:
            raise CallOrderError(
                "'can they do it' is asked after 'do they know what to do', which has no "
                "answer yet",
                reason="knows_first",
            )
        return replace(self, can=_yes_no(can, "can they do it"))

    def with_insight(
        self, text: str, adjustments: Sequence[object], at: datetime, limit: int
    ) -> CoachingCall:
        """Step 4: the manager's insight and what it adjusts; after the rep and both answers."""
        self._still_open()
        self._rep_first("the manager's insight")
        if not self.diagnosed:
            raise CallOrderError(
                "the insight comes after both questions (do they know, can they); "
                f"got know={self.knows}, can={self.can}",
                reason="no_answers",
            )
        chosen = rules.check_adjustments(adjustments)
        required(text, "the manager's insight")
        check_text(text, limit, "the manager's insight")
        assert self.rep_answer_at is not None  # _rep_first
        _not_before(at, self.rep_answer_at, "the manager's insight", "the rep's answer")
        return replace(self, insight=text, insight_at=at, adjustments=chosen)

    def with_fix(
        self, text: str, at: datetime, limit: int, words: FixWords = NO_WORDS
    ) -> CoachingCall:
        """Step 5: the one fix, which completes the call; after the insight."""
        self._still_open()
        self._rep_first("the fix")
        if self.insight_at is None:
            raise CallOrderError(
                "the fix comes last, after the manager's insight, which is not saved yet",
                reason="fix_early",
            )
        fix = check_fix(text, words)
        check_text(fix, limit, "the fix")
        _not_before(at, self.insight_at, "the fix", "the manager's insight")
        return replace(self, fix=fix, fixed_at=at)

    def _still_open(self) -> None:
        if self.complete:
            raise CallOrderError(
                f"call {self.id} is complete (its fix is saved); expected a new call for the "
                "next fix",
                reason="call_complete",
            )

    def _rep_first(self, step: str) -> None:
        if not self.answered:
            raise CallOrderError(
                f"{step} comes after the rep's answer, and the rep has not answered yet; ask "
                "the do-over question and save the rep's answer first",
                reason="rep_first",
            )


def _yes_no(value: object, question: str) -> bool:
    if not isinstance(value, bool):
        raise CoachingError(f"'{question}' expected yes or no, not {value!r}", reason="no_answers")
    return value


def _not_before(at: datetime, earlier: datetime, what: str, after: str) -> None:
    if at < earlier:
        raise CallOrderError(
            f"{what} is timed {at.isoformat()}, before {after} at {earlier.isoformat()}; "
            "expected it after",
            reason="out_of_time",
        )


def open_call(
    *,
    rep_id: str,
    on: object,
    minutes: object,
    medium: object,
    situation: object,
    competency: object,
    content: CoachingContent,
    today: date,
    at: datetime,
    call_id: str | None = None,
) -> CoachingCall:
    """Step 1: a call on one singular situation, its competency named by the manager.

    Refused: a date in the future, an empty situation, no competency or an unknown one. A length
    outside the content's target is allowed (see `CallLength.contains`): a real call that ran
    long is still a call.
    """
    day = rules.check_date(on, today, "the call date")
    checked_minutes = rules.check_minutes(minutes)
    checked_medium = rules.check_medium(medium)
    text = required(situation, "the situation")
    check_text(text, content.text_max_chars, "the situation")
    if not isinstance(competency, str) or not competency.strip():
        raise CoachingError(
            f"a call is about one competency, chosen by the manager; got {competency!r}",
            reason="no_competency",
        )
    target = rules.find_competency(competency, content)
    return CoachingCall(
        id=call_id or uuid.uuid4().hex,
        rep_id=rep_id,
        on=day,
        minutes=checked_minutes,
        medium=checked_medium,
        situation=text,
        competency=target.id,
        opened_at=at,
    )


def of_rep(call: CoachingCall, rep_id: str) -> CoachingCall:
    """`call`, if it is `rep_id`'s: a rep answers only their own calls."""
    if call.rep_id != rep_id:
        raise CallOrderError(
            f"call {call.id} belongs to rep {call.rep_id!r}, not {rep_id!r}", reason="wrong_rep"
        )
    return call


# -- the order, held between what is saved and what is saved next -------------------------------


def check_order(call: CoachingCall) -> None:
    """Refuse a record whose steps are out of order (built by hand, or read from a file)."""
    if call.legacy:
        if not call.complete or not call.fix.strip():
            raise CallOrderError(
                f"call {call.id} is marked as logged before the rep answered first, which only "
                "a complete call with its fix can be"
            )
        return
    manager_steps = (call.knows, call.can, call.insight_at, call.fixed_at)
    if not call.answered and any(step is not None for step in manager_steps):
        raise CallOrderError(
            f"call {call.id} has the manager's steps (know, can, insight or fix) but no answer "
            "from the rep; the rep answers first",
            reason="rep_first",
        )
    if call.can is not None and call.knows is None:
        raise CallOrderError(f"call {call.id} answers 'can' before 'know'", reason="knows_first")
    if call.has_insight and (not call.diagnosed or not call.adjustments):
        raise CallOrderError(
            f"call {call.id} has an insight without both answers and an adjustment",
            reason="no_answers" if not call.diagnosed else "no_adjustment",
        )
    if call.complete and not call.has_insight:
        raise CallOrderError(f"call {call.id} has a fix before an insight", reason="fix_early")
    times = [call.opened_at, call.rep_answer_at, call.insight_at, call.fixed_at]
    given = [t for t in times if t is not None]
    if given != sorted(given):
        shown = ", ".join(t.isoformat() for t in given)
        raise CallOrderError(
            f"call {call.id} has its steps timed out of order ({shown}); expected opened, "
            "answered, insight and fix in that order",
            reason="out_of_time",
        )


def check_successor(saved: CoachingCall | None, new: CoachingCall) -> None:
    """Refuse saving `new` over `saved` unless it keeps the method's order.

    A new call is saved as opened, nothing more. Later, a save either changes the rep's answer
    (only while there is no insight) or takes the manager's steps on from the rep's answer as
    saved: the manager never goes before the rep, even from a screen that is behind.
    """
    check_order(new)
    if saved is None:
        if new.stage != "opened":
            raise CallOrderError(
                f"call {new.id} is not saved yet, so it can only be opened; got it at stage "
                f"{new.stage!r}",
                reason="rep_first",
            )
        return
    if saved.rep_id != new.rep_id:
        raise CallOrderError(
            f"call {new.id} belongs to rep {saved.rep_id!r}, not {new.rep_id!r}",
            reason="wrong_rep",
        )
    saved._still_open()
    if _opening(saved) != _opening(new):
        raise CallOrderError(
            f"call {new.id} was opened on its situation, which stays as it was",
            reason="situation_kept",
        )
    answer_changed = _answer(saved) != _answer(new)
    if answer_changed and saved.has_insight:
        raise CallOrderError(
            "the manager has already answered this call, so the rep's answer is kept as it was",
            reason="answer_kept",
        )
    if answer_changed and _manager(saved) != _manager(new):
        if saved.answered:
            raise CallOrderError(
                "the rep's answer changed since this call was read; read it again before the "
                "next step",
                reason="answer_changed",
            )
        raise CallOrderError(
            "the rep has not answered this call yet; the manager's steps come after the rep's "
            "answer",
            reason="rep_first",
        )


def _opening(call: CoachingCall) -> tuple[object, ...]:
    return (call.on, call.minutes, call.medium, call.situation, call.competency, call.opened_at)


def _answer(call: CoachingCall) -> tuple[object, ...]:
    return (call.rep_answer, call.rep_answer_at)


def _manager(call: CoachingCall) -> tuple[object, ...]:
    return (
        call.knows,
        call.can,
        call.adjustments,
        call.insight,
        call.insight_at,
        call.fix,
        call.fixed_at,
    )
