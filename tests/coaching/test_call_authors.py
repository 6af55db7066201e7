"""Who wrote each stage of a call and when, the rep's words kept as theirs, the one fix decided
with the coach, and the call's measured length: by table, without a kernel or a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.support.paths import ROOT
from workshop.coaching.call import CoachingCall, open_call
from workshop.coaching.call_order import check_order, check_successor
from workshop.coaching.fix_decision import decide_fix
from workshop.coaching.fixes import SeveralFixesError
from workshop.coaching.model import CallOrderError, CoachingError
from workshop.content.coaching_files import load_coaching_content

TODAY = date(2026, 3, 18)
T0 = datetime(2026, 3, 18, 10, 0, tzinfo=UTC)
LIMIT = 2000
EN = load_coaching_content(ROOT / "data" / "en")
ES = load_coaching_content(ROOT / "data" / "es")


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def opened(minutes: int | None = None, coach: str | None = "ana") -> CoachingCall:
    return open_call(
        rep_id="rep-1",
        on=TODAY,
        minutes=minutes,
        medium="email",
        situation="Sent a long email with four attachments.",
        competency="closing",
        content=EN,
        today=TODAY,
        at=T0,
        call_id="call-1",
        coach_id=coach,
    )


def to_insight(call: CoachingCall, by: str = "rep") -> CoachingCall:
    answered = call.with_rep_answer("Too long; no date.", at(2), LIMIT, by=by)  # type: ignore[arg-type]
    return (
        answered.with_knows(True)
        .with_can(False, at(4))
        .with_insight("One ask, one date.", ["words"], at(9), LIMIT)
    )


@pytest.mark.parametrize(
    ("saved_by", "then_by", "reason"),
    [
        ("rep", "rep", None),  # the rep revises their own words
        ("coach", "rep", None),  # the rep rewrites what the coach typed for them
        ("rep", "coach", "answer_is_reps"),  # the coach never types over the rep's words
        ("coach", "coach", "answer_is_reps"),  # nor over what they typed with the rep there
    ],
)
def test_the_reps_words_are_the_reps(saved_by: str, then_by: str, reason: str | None) -> None:
    call = opened().with_rep_answer("I rushed it.", at(1), LIMIT, by=saved_by)  # type: ignore[arg-type]
    again = lambda c: c.with_rep_answer("Something else.", at(2), LIMIT, by=then_by)  # noqa: E731
    if reason is None:
        revised = again(call)
        check_successor(call, revised)
        assert (revised.rep_answer, revised.rep_answer_by) == ("Something else.", then_by)
        return
    with pytest.raises(CallOrderError) as raised:
        again(call)
    assert raised.value.reason == reason
    # A screen that builds the record by hand is refused by the saved order all the same.
    forged = replace(call, rep_answer="Manager rewrote this.", rep_answer_by="coach")
    with pytest.raises(CallOrderError) as refused:
        check_successor(call, forged)
    assert refused.value.reason == "answer_is_reps"


def test_each_stage_keeps_who_wrote_it_and_when() -> None:
    call = to_insight(opened(), by="coach").with_coach_note("She saw it first.", at(3), LIMIT)
    call = call.with_fix("Put one date in the email.", at(12), LIMIT, EN.fix_words)
    check_order(call)
    assert call.coach_id == "ana" and call.opened_at == T0
    assert (call.rep_answer_by, call.rep_answer_at) == ("coach", at(2))
    assert (call.coach_note, call.coach_note_at) == ("She saw it first.", at(3))
    assert call.diagnosed_at == at(4) and call.insight_at == at(9) and call.fixed_at == at(12)


@pytest.mark.parametrize(
    ("typed", "fixed_at", "length"),
    [
        (None, 12, 12.0),  # timed as it ran: from opening to fix
        (None, 17.5, 17.5),
        (14, 2, 14.0),  # logged afterwards: the typed length, the measured one kept beside it
    ],
)
def test_a_call_measures_its_length(typed: int | None, fixed_at: float, length: float) -> None:
    call = to_insight(opened(typed)) if fixed_at > 9 else _quick(opened(typed))
    done = call.with_fix("Put one date in the email.", at(fixed_at), LIMIT, EN.fix_words)
    assert done.measured_seconds == round(fixed_at * 60)
    assert done.length_minutes == length
    assert done.minutes == typed


def _quick(call: CoachingCall) -> CoachingCall:
    answered = call.with_rep_answer("Too long.", at(0.5), LIMIT)
    return (
        answered.with_knows(True).with_can(True).with_insight("One ask.", ["words"], at(1), LIMIT)
    )


@pytest.mark.parametrize(
    ("typed", "keep", "one_thing", "fix", "decision", "parked"),
    [
        (
            "Shorter subject line and propose a date",
            0,
            False,
            "Shorter subject line",
            "kept",
            ("Propose a date",),
        ),
        (
            "Shorter subject line and propose a date",
            1,
            False,
            "Propose a date",
            "kept",
            ("Shorter subject line",),
        ),
        (
            "Shorter subject line and propose a date",
            None,
            True,
            "Shorter subject line and propose a date",
            "one_thing",
            (),
        ),
        ("Pause and let the buyer finish.", None, False, "Pause and let the buyer finish.", "", ()),
        (
            "Ask who signs, confirm the budget, and book the demo.",
            2,
            False,
            "Book the demo.",
            "kept",
            ("Ask who signs", "Confirm the budget"),
        ),
    ],
)
def test_a_doubled_fix_is_decided(
    typed: str,
    keep: int | None,
    one_thing: bool,
    fix: str,
    decision: str,
    parked: tuple[str, ...],
) -> None:
    done = to_insight(opened()).with_fix(
        typed, at(12), LIMIT, EN.fix_words, keep=keep, one_thing=one_thing
    )
    check_order(done)
    assert (done.fix, done.fix_decision, done.parked) == (fix, decision, parked)
    assert done.fix_typed == (typed if decision == "kept" else "")


def test_an_undecided_doubled_fix_names_its_parts() -> None:
    with pytest.raises(SeveralFixesError) as raised:
        decide_fix("Primero pregunta por el presupuesto y luego envía la propuesta", ES.fix_words)
    assert raised.value.reading.items == (
        "Primero pregunta por el presupuesto",
        "envía la propuesta",
    )
    assert not raised.value.reading.sure
    with pytest.raises(CoachingError):
        decide_fix("Shorter subject line and propose a date", EN.fix_words, keep=2)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"fix_decision": "kept"}, "kept from several"),
        ({"parked": ("Propose a date",)}, "kept from several"),
        ({"fix_decision": "kept", "fix_typed": "A and b", "parked": ("",)}, "empty fix"),
        ({"from_parked": "not a reference"}, "expected 'call id:n'"),
        ({"measured_seconds": -5}, "measured length"),
        ({"rep_answer_by": "coach", "rep_answer": "", "rep_answer_at": None}, "no answer"),
    ],
)
def test_records_with_a_broken_decision_are_refused(
    change: dict[str, object], message: str
) -> None:
    fixed = to_insight(opened()).with_fix("Put one date in.", at(12), LIMIT, EN.fix_words)
    base = opened() if "rep_answer_at" in change else fixed
    done = replace(base, **change)  # type: ignore[arg-type]
    with pytest.raises(CallOrderError, match=message):
        check_order(done)


@pytest.mark.parametrize(
    ("typed", "now", "running"),
    [
        (None, 0, 0),
        (None, 7.5, 450),
        (None, 240, 240 * 60),
        (None, 241, None),  # opened longer ago than any call runs: picked up another day
        (None, -1, None),  # a device clock behind the opening
        (12, 5, None),  # logged afterwards: its length is typed, no clock
    ],
)
def test_the_running_clock(typed: int | None, now: float, running: int | None) -> None:
    assert opened(typed).running_seconds(at(now)) == running


def test_a_call_finished_another_day_has_no_measured_length() -> None:
    done = to_insight(opened()).with_fix("Put one date in.", at(60 * 30), LIMIT, EN.fix_words)
    assert done.measured_seconds == 30 * 3600  # what its steps measured, kept
    assert done.length_minutes is None  # but no call runs thirty hours
