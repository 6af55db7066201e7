"""A call's order, held on a whole record and between what is saved and what is saved next.

`check_order` refuses a record whose steps are out of order (built by hand, or read from a
file). `check_successor` refuses saving a call over the saved one unless it keeps the method's
order, whichever device saves it: the store calls it inside its transaction, so the manager
never goes before the rep, and the rep's words, once given, are never rewritten by the coach.
"""

from __future__ import annotations

import re

from workshop.coaching.call import CoachingCall
from workshop.coaching.model import CallOrderError

#: A parked fix taken up by a later call is named "call id:index".
PARKED_REF = re.compile(r"[\w-]+:\d+")


def check_order(call: CoachingCall) -> None:
    """Refuse a record whose steps are out of order, or whose fix decision does not hold."""
    if not call.answered and call.rep_answer_by is not None:
        raise CallOrderError(f"call {call.id} says who answered, but has no answer")
    if call.legacy:
        if not call.complete or not call.fix.strip():
            raise CallOrderError(
                f"call {call.id} is marked as logged before the rep answered first, which only "
                "a complete call with its fix can be"
            )
        return
    _check_rep_first(call)
    if call.can is not None and call.knows is None:
        raise CallOrderError(f"call {call.id} answers 'can' before 'know'", reason="knows_first")
    if call.has_insight and (not call.diagnosed or not call.adjustments):
        raise CallOrderError(
            f"call {call.id} has an insight without both answers and an adjustment",
            reason="no_answers" if not call.diagnosed else "no_adjustment",
        )
    if call.complete and not call.has_insight:
        raise CallOrderError(f"call {call.id} has a fix before an insight", reason="fix_early")
    _check_times(call)
    _check_fix_decision(call)


def _check_rep_first(call: CoachingCall) -> None:
    manager_steps = (call.knows, call.can, call.insight_at, call.fixed_at, call.coach_note_at)
    if not call.answered and any(step is not None for step in manager_steps):
        raise CallOrderError(
            f"call {call.id} has the manager's steps (know, can, note, insight or fix) but no "
            "answer from the rep; the rep answers first",
            reason="rep_first",
        )
    if call.diagnosed_at is not None and not call.diagnosed:
        raise CallOrderError(f"call {call.id} has a time for a diagnosis it does not have")


def _check_times(call: CoachingCall) -> None:
    times = [call.opened_at, call.rep_answer_at, call.diagnosed_at, call.insight_at, call.fixed_at]
    given = [t for t in times if t is not None]
    if given != sorted(given):
        shown = ", ".join(t.isoformat() for t in given)
        raise CallOrderError(
            f"call {call.id} has its steps timed out of order ({shown}); expected opened, "
            "answered, diagnosed, insight and fix in that order",
            reason="out_of_time",
        )
    note, answer = call.coach_note_at, call.rep_answer_at
    if note is not None and answer is not None and note < answer:
        raise CallOrderError(
            f"call {call.id} has the coach's note before the rep's answer", reason="out_of_time"
        )
    if call.measured_seconds is not None and (not call.complete or call.measured_seconds < 0):
        raise CallOrderError(
            f"call {call.id} has a measured length of {call.measured_seconds} s; a length is "
            "measured, from opening to fix, when the call is complete"
        )


def _check_fix_decision(call: CoachingCall) -> None:
    kept = call.fix_decision == "kept"
    if call.fix_decision and not call.complete:
        raise CallOrderError(f"call {call.id} has a decided fix but no fix")
    if kept != bool(call.fix_typed) or kept != bool(call.parked):
        raise CallOrderError(
            f"call {call.id}: a fix kept from several has what was typed and what was parked; "
            f"got decision {call.fix_decision or 'none'!r}, typed {call.fix_typed!r}, "
            f"parked {list(call.parked)}"
        )
    if any(not item.strip() or "\n" in item for item in call.parked):
        raise CallOrderError(f"call {call.id} parks an empty fix, or one of several lines")
    if call.from_parked and not PARKED_REF.fullmatch(call.from_parked):
        raise CallOrderError(
            f"call {call.id} starts from parked fix {call.from_parked!r}; expected 'call id:n'"
        )


def check_successor(saved: CoachingCall | None, new: CoachingCall) -> None:
    """Refuse saving `new` over `saved` unless it keeps the method's order.

    A new call is saved as opened, nothing more. Later, a save either changes the rep's answer
    (only the rep, and only while there is no insight) or takes the manager's steps on from the
    rep's answer as saved: the manager never goes before the rep, even from a screen that is
    behind, and never rewrites the rep's words.
    """
    check_order(new)
    if saved is None:
        if new.stage != "opened" or new.coach_note_at is not None:
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
    if saved.complete:
        raise CallOrderError(
            f"call {saved.id} is complete (its fix is saved); expected a new call for the next fix",
            reason="call_complete",
        )
    if _opening(saved) != _opening(new):
        raise CallOrderError(
            f"call {new.id} was opened on its situation, which stays as it was",
            reason="situation_kept",
        )
    _check_answer_change(saved, new)


def _check_answer_change(saved: CoachingCall, new: CoachingCall) -> None:
    if _answer(saved) == _answer(new):
        return
    if saved.has_insight:
        raise CallOrderError(
            "the manager has already answered this call, so the rep's answer is kept as it was",
            reason="answer_kept",
        )
    if _manager(saved) != _manager(new):
        # A step taken on a screen that is behind: it answers words it has not seen.
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
    if saved.answered and new.rep_answer_by != "rep":
        raise CallOrderError(
            "the rep has answered, and their words stay as they are; add a note of your own "
            "beside them",
            reason="answer_is_reps",
        )


def _opening(call: CoachingCall) -> tuple[object, ...]:
    return (
        call.on,
        call.minutes,
        call.medium,
        call.situation,
        call.competency,
        call.opened_at,
        call.coach_id,
        call.from_parked,
    )


def _answer(call: CoachingCall) -> tuple[object, ...]:
    return (call.rep_answer, call.rep_answer_at, call.rep_answer_by)


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
