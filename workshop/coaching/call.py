"""One coaching call, in the method's order, stage by stage, each stage with who wrote it and when.

1. The coach opens it on one singular situation (a conversation, a call or an email) and
   names its competency: chosen, never assumed. A call run now is timed by its own steps; one
   logged afterwards has its length typed.
2. The coachee answers the do-over question first, a self-critique: on their own page, or in
   the call view while they are there. Once answered, the words are theirs: the coach cannot
   change them, and writes their own note beside them instead.
3. The coach answers "Do they know what to do?", then "Can they do it?".
4. The coach's insight, with what it adjusts: words, mindset, tonality, delivery.
5. The one fix; the call is complete. A fix that reads as several is decided with the coach:
   keep one (the rest is parked for a later call), or say it is one thing (recorded).

The coachee is a rep coached by a manager, or a manager coached by a director: the same call at
every level. Each step is a method that returns the next record; a step out of order is refused
with `CallOrderError`, whose `reason` names the rule for the views. `workshop.coaching.call_order`
holds the same order between what is saved and what one of two devices saves next.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal, get_args

from workshop.coaching import rules
from workshop.coaching.fix_decision import FixDecision, decide_fix
from workshop.coaching.fixes import NO_WORDS, FixReading, read_fix
from workshop.coaching.model import CallOrderError, CoachingError, diagnose, required
from workshop.content.coaching import Adjustment, CoachingContent, FixWords, Gap, Medium
from workshop.text import check_text

Stage = Literal["opened", "answered", "diagnosed", "insight", "fixed"]
STAGES: tuple[Stage, ...] = get_args(Stage)
#: Who typed the coachee's answer: the coachee on their own page, or the coach in the call.
Author = Literal["rep", "coach"]
AUTHORS: tuple[Author, ...] = get_args(Author)


@dataclass(frozen=True)
class CoachingCall:
    """One coaching call: one singular situation, the coachee's answer, the diagnosis, the
    insight and exactly one fix, each filled in its turn."""

    id: str
    rep_id: str
    on: date
    #: The length typed for a call logged afterwards; None for a call timed as it ran.
    minutes: int | None
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
    #: Who coaches in this call (the coachee's coach when it was opened), if recorded.
    coach_id: str | None = None
    rep_answer_by: Author | None = None
    coach_note: str = ""
    coach_note_at: datetime | None = None
    diagnosed_at: datetime | None = None
    #: From opening to fix, as the call's own steps measured it.
    measured_seconds: int | None = None
    #: The fix as typed, when one of several was kept.
    fix_typed: str = ""
    fix_decision: FixDecision = ""
    #: The fixes not kept, each a suggested situation for a later call.
    parked: tuple[str, ...] = ()
    #: The parked fix this call takes up ("call id:index"), if it started from one.
    from_parked: str = ""

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

    @property
    def length_minutes(self) -> float | None:
        """How long the call took: as typed for a call logged afterwards, else as measured;
        unknown when its steps span more than any call runs (finished another day)."""
        if self.minutes is not None:
            return float(self.minutes)
        measured = self.measured_seconds
        if measured is None or measured > rules.MINUTES_MAX * 60:
            return None
        return measured / 60

    def running_seconds(self, now: datetime) -> int | None:
        """How long a call run now has been going, for its clock; None for a call logged
        afterwards, a complete one, or one opened longer ago than any call runs."""
        if self.minutes is not None or self.complete:
            return None
        elapsed = int((now - self.opened_at).total_seconds())
        return elapsed if 0 <= elapsed <= rules.MINUTES_MAX * 60 else None

    # -- the steps, in order ------------------------------------------------------------------

    def with_rep_answer(
        self, text: str, at: datetime, limit: int, by: Author = "rep"
    ) -> CoachingCall:
        """Step 2: the coachee's answer. The coachee may revise it until the insight; the coach
        types it only while there is none: after that, the words are the coachee's."""
        self._still_open()
        if self.has_insight:
            raise CallOrderError(
                "the rep's answer cannot change after the manager's insight; it is kept as it was",
                reason="answer_kept",
            )
        if self.answered and by == "coach":
            raise CallOrderError(
                "the rep has answered, and their words stay as they are; add a note of your own "
                "beside them",
                reason="answer_is_reps",
            )
        required(text, "the rep's answer")
        check_text(text, limit, "the rep's answer")
        _not_before(at, self.opened_at, "the rep's answer", "the call was opened")
        return replace(self, rep_answer=text, rep_answer_at=at, rep_answer_by=by)

    def with_coach_note(self, text: str, at: datetime, limit: int) -> CoachingCall:
        """The coach's own note beside the coachee's answer, once there is one."""
        self._still_open()
        if not self.answered:
            raise CallOrderError(
                "the coach's note goes beside the rep's answer, which is not in yet",
                reason="note_early",
            )
        required(text, "the coach's note")
        check_text(text, limit, "the coach's note")
        assert self.rep_answer_at is not None  # answered
        _not_before(at, self.rep_answer_at, "the coach's note", "the rep's answer")
        return replace(self, coach_note=text, coach_note_at=at)

    def with_knows(self, knows: bool) -> CoachingCall:
        """Step 3a: "Do they know what to do?"; only once the rep has answered."""
        self._still_open()
        self._rep_first("whether they know what to do")
        return replace(self, knows=_yes_no(knows, "do they know what to do"))

    def with_can(self, can: bool, at: datetime | None = None) -> CoachingCall:
        """Step 3b: "Can they do it?", after "Do they know what to do?"; `at` is when the
        diagnosis was complete."""
        self._still_open()
        self._rep_first("whether they can do it")
        if self.knows is None:
            raise CallOrderError(
                "'can they do it' is asked after 'do they know what to do', which has no "
                "answer yet",
                reason="knows_first",
            )
        if at is not None and self.rep_answer_at is not None:
            _not_before(at, self.rep_answer_at, "the diagnosis", "the rep's answer")
        return replace(self, can=_yes_no(can, "can they do it"), diagnosed_at=at)

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
        self,
        text: str,
        at: datetime,
        limit: int,
        words: FixWords = NO_WORDS,
        *,
        keep: int | None = None,
        one_thing: bool = False,
    ) -> CoachingCall:
        """Step 5: the one fix, which completes the call; after the insight.

        A fix that reads as several is refused (`SeveralFixesError`, naming the items) unless
        the coach decided: `keep` the item at that index (the others are parked), or
        `one_thing` (only for a fix read from words, not a numbered or bulleted list).
        """
        self._still_open()
        self._rep_first("the fix")
        if self.insight_at is None:
            raise CallOrderError(
                "the fix comes last, after the manager's insight, which is not saved yet",
                reason="fix_early",
            )
        decided = decide_fix(text, words, keep=keep, one_thing=one_thing)
        check_text(decided.fix, limit, "the fix")
        _not_before(at, self.insight_at, "the fix", "the manager's insight")
        seconds = int((at - self.opened_at).total_seconds())
        return replace(
            self,
            fix=decided.fix,
            fixed_at=at,
            fix_typed=decided.typed,
            fix_decision=decided.decision,
            parked=decided.parked,
            measured_seconds=seconds,
        )

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


def read_of(call: CoachingCall, words: FixWords) -> FixReading:
    """How the call's fix reads now, as typed (for a kept fix, what the coach typed)."""
    return read_fix(call.fix_typed or call.fix, words)


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
    coach_id: str | None = None,
    from_parked: str = "",
) -> CoachingCall:
    """Step 1: a call on one singular situation, its competency named by the coach.

    Refused: a date in the future, an empty situation, no competency or an unknown one.
    `minutes` is None for a call run now (its steps measure it), or the typed length of a call
    logged afterwards; a length outside the content's target is allowed (a real call that ran
    long is still a call).
    """
    day = rules.check_date(on, today, "the call date")
    checked_minutes = None if minutes is None else rules.check_minutes(minutes)
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
        coach_id=coach_id,
        from_parked=from_parked,
    )


def of_rep(call: CoachingCall, rep_id: str) -> CoachingCall:
    """`call`, if it is `rep_id`'s: a rep answers only their own calls."""
    if call.rep_id != rep_id:
        raise CallOrderError(
            f"call {call.id} belongs to rep {call.rep_id!r}, not {rep_id!r}", reason="wrong_rep"
        )
    return call
