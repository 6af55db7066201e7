"""A coaching call in the method's order, by table: the steps a call takes, the records the
domain refuses, and what may be saved over what is saved (two devices)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.support.paths import ROOT
from workshop.coaching.call import CoachingCall, of_rep, open_call
from workshop.coaching.call_order import check_order, check_successor
from workshop.coaching.model import CallOrderError, CoachingError
from workshop.content.coaching import CoachingContent
from workshop.content.coaching_files import load_coaching_content
from workshop.errors import TextTooLongError

TODAY = date(2026, 3, 18)
T0 = datetime(2026, 3, 18, 10, 0, tzinfo=UTC)
LIMIT = 2000
CONTENT = load_coaching_content(ROOT / "data" / "en")

Step = Callable[[CoachingCall], CoachingCall]


def opened(content: CoachingContent = CONTENT) -> CoachingCall:
    return open_call(
        rep_id="rep-1",
        on=TODAY,
        minutes=12,
        medium="call",
        situation="The buyer asked for the price in minute two.",
        competency="money_talk",
        content=content,
        today=TODAY,
        at=T0,
        call_id="call-1",
    )


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def answer(text: str = "I rushed the price.", minutes: int = 1) -> Step:
    return lambda c: c.with_rep_answer(text, at(minutes), LIMIT)


def knows(value: bool = True) -> Step:
    return lambda c: c.with_knows(value)


def can(value: bool = False) -> Step:
    return lambda c: c.with_can(value)


def insight(
    text: str = "Say it, then stop.", minutes: int = 5, adjust: tuple[str, ...] = ("tonality",)
) -> Step:
    return lambda c: c.with_insight(text, list(adjust), at(minutes), LIMIT)


def fix(text: str = "Give the range, then stop talking.", minutes: int = 8) -> Step:
    return lambda c: c.with_fix(text, at(minutes), LIMIT, CONTENT.fix_words)


def coach_answer(text: str = "She said she rushed it.", minutes: int = 1) -> Step:
    return lambda c: c.with_rep_answer(text, at(minutes), LIMIT, by="coach")


def note(text: str = "She noticed it herself.", minutes: int = 2) -> Step:
    return lambda c: c.with_coach_note(text, at(minutes), LIMIT)


def decided(text: str, keep: int | None = None, one: bool = False, minutes: int = 8) -> Step:
    return lambda c: c.with_fix(
        text, at(minutes), LIMIT, CONTENT.fix_words, keep=keep, one_thing=one
    )


WHOLE = [answer(), knows(), can(), insight(), fix()]


@pytest.mark.parametrize(
    ("steps", "refused_at", "reason"),
    [
        (WHOLE, None, None),
        (
            [answer(), answer("I rushed it, and apologised.", 2), knows(), can(), insight(), fix()],
            None,
            None,
        ),
        ([answer(), knows(True), knows(False), can(), insight(), fix()], None, None),
        ([answer(), knows(), can(), insight(), insight("Slower.", 6), fix()], None, None),
        # The manager never goes first.
        ([knows()], 0, "rep_first"),
        ([can()], 0, "rep_first"),
        ([insight()], 0, "rep_first"),
        ([fix()], 0, "rep_first"),
        ([answer(""), insight()], 0, "empty"),
        ([answer("   ")], 0, "empty"),
        # Know, then can; both before the insight; the insight before the fix.
        ([answer(), can()], 1, "knows_first"),
        ([answer(), insight()], 1, "no_answers"),
        ([answer(), knows(), insight()], 2, "no_answers"),
        ([answer(), knows(), can(), fix()], 3, "fix_early"),
        ([answer(), knows(), can(), insight(adjust=())], 3, "no_adjustment"),
        ([answer(), knows(), can(), insight("")], 3, "empty"),
        # The rep's answer is kept once the insight is in; a complete call stays complete.
        ([answer(), knows(), can(), insight(), answer("Changed my mind.", 9)], 4, "answer_kept"),
        ([*WHOLE, knows(False)], 5, "call_complete"),
        ([*WHOLE, fix("Another fix.", 9)], 5, "call_complete"),
        ([*WHOLE, answer("Later.", 9)], 5, "call_complete"),
        # One fix.
        (
            [answer(), knows(), can(), insight(), fix("Ask the budget\nPropose a date")],
            4,
            "one_fix",
        ),
        ([answer(), knows(), can(), insight(), fix("1. Ask 2. Propose")], 4, "one_fix"),
        ([answer(), knows(), can(), insight(), fix("  ")], 4, "no_fix"),
        # Once the rep has answered, the words are theirs: the coach cannot type over them,
        # the rep can still revise them (until the insight), and the coach adds a note beside.
        ([answer(), coach_answer("Manager rewrote this.", 2)], 1, "answer_is_reps"),
        ([coach_answer(), coach_answer("Typed it again.", 2)], 1, "answer_is_reps"),
        ([coach_answer(), answer("My own words, after all.", 2), *WHOLE[1:]], None, None),
        ([answer(), note(), knows(), can(), insight(), fix()], None, None),
        ([note()], 0, "note_early"),
        ([answer(), note("")], 1, "empty"),
        # A doubled fix is decided: one kept (the rest parked), or said to be one thing.
        ([*WHOLE[:4], fix("Shorter subject line and propose a date")], 4, "one_fix"),
        ([*WHOLE[:4], decided("Shorter subject line and propose a date", keep=1)], None, None),
        ([*WHOLE[:4], decided("Shorter subject line and propose a date", one=True)], None, None),
        (
            [*WHOLE[:4], decided("1. Shorter subject line 2. Propose a date", one=True)],
            4,
            "one_fix_sure",
        ),
        # Each step after the one before, in time too.
        ([answer(minutes=10), knows(), can(), insight(minutes=5)], 3, "out_of_time"),
        ([answer(), knows(), can(), insight(minutes=5), fix(minutes=4)], 4, "out_of_time"),
    ],
)
def test_order_rule(steps: list[Step], refused_at: int | None, reason: str | None) -> None:
    call = opened()
    stages = [call.stage]
    for index, step in enumerate(steps):
        if index == refused_at:
            with pytest.raises(CoachingError) as raised:
                step(call)
            assert raised.value.reason == reason
            return
        call = step(call)
        stages.append(call.stage)
        check_order(call)  # every record a step makes keeps the order
    assert refused_at is None
    assert call.complete and call.stage == "fixed"
    assert stages[0] == "opened" and stages[-1] == "fixed"
    assert call.rep_answer_at is not None and call.insight_at is not None
    assert call.opened_at <= call.rep_answer_at <= call.insight_at <= (call.fixed_at or T0)


def test_the_stages_in_order() -> None:
    call = opened()
    seen = [call.stage]
    for step in WHOLE:
        call = step(call)
        seen.append(call.stage)
    assert seen == ["opened", "answered", "answered", "diagnosed", "insight", "fixed"]
    assert call.gap == "skill" and call.adjustments == ("tonality",)


def test_text_is_kept_verbatim_and_refused_not_cut() -> None:
    text = "  Ich würde <b>zuerst</b> fragen 🙂\n"
    call = answer(text)(opened())
    assert call.rep_answer == text
    with pytest.raises(TextTooLongError, match="limit is 10"):
        opened().with_rep_answer("x" * 11, at(1), 10)


def whole(**changes: object) -> CoachingCall:
    call = opened()
    for step in WHOLE:
        call = step(call)
    return replace(call, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (replace(opened(), knows=True), "rep_first"),
        (whole(rep_answer="", rep_answer_at=None, rep_answer_by=None), "rep_first"),
        (whole(rep_answer="", rep_answer_at=None), ""),  # says who answered, with no answer
        (replace(whole(), coach_note="x", coach_note_at=T0 - timedelta(minutes=1)), "out_of_time"),
        (whole(knows=None), "knows_first"),
        (whole(knows=None, can=None), "no_answers"),
        (whole(adjustments=()), "no_adjustment"),
        (whole(insight="", insight_at=None), "fix_early"),
        (whole(fixed_at=T0 - timedelta(minutes=1)), "out_of_time"),
        (replace(opened(), legacy=True), ""),
    ],
)
def test_a_record_out_of_order_is_refused(record: CoachingCall, reason: str) -> None:
    with pytest.raises(CallOrderError) as raised:
        check_order(record)
    assert raised.value.reason == reason


def test_a_legacy_call_is_complete_without_the_reps_answer() -> None:
    legacy = whole(
        rep_answer="",
        rep_answer_at=None,
        rep_answer_by=None,
        insight="",
        insight_at=None,
        legacy=True,
    )
    check_order(legacy)
    assert legacy.complete and not legacy.answered


# -- what a device may save over what is saved --------------------------------------------------

ANSWERED = answer()(opened())
DIAGNOSED = can()(knows()(ANSWERED))
WITH_INSIGHT = insight()(DIAGNOSED)


@pytest.mark.parametrize(
    ("saved", "new", "reason"),
    [
        (None, opened(), None),
        (opened(), ANSWERED, None),  # the rep answers, on any device
        (ANSWERED, answer("Revised.", 2)(ANSWERED), None),
        (ANSWERED, knows()(ANSWERED), None),  # the manager on the answer as saved
        (DIAGNOSED, WITH_INSIGHT, None),
        (WITH_INSIGHT, fix()(WITH_INSIGHT), None),
        # The rep revises while the manager's "know" is saved: the revision keeps it.
        (knows()(ANSWERED), answer("Revised.", 2)(knows()(ANSWERED)), None),
        # A new call is saved as opened, nothing more.
        (None, ANSWERED, "rep_first"),
        (None, WITH_INSIGHT, "rep_first"),
        # The manager's step on an answer that is not saved yet (a screen that is ahead).
        (opened(), knows()(ANSWERED), "rep_first"),
        (opened(), WITH_INSIGHT, "rep_first"),
        # The manager's step on an answer the rep has since revised (a screen that is behind).
        (answer("Revised.", 2)(ANSWERED), knows()(ANSWERED), "answer_changed"),
        (answer("Revised.", 2)(DIAGNOSED), WITH_INSIGHT, "answer_changed"),
        # Once the insight is saved, the rep's answer stays as it was.
        (
            WITH_INSIGHT,
            replace(WITH_INSIGHT, rep_answer="Changed.", rep_answer_at=at(2)),
            "answer_kept",
        ),
        # The coach never types over the rep's words, even past the view.
        (
            ANSWERED,
            replace(ANSWERED, rep_answer="Manager rewrote this.", rep_answer_by="coach"),
            "answer_is_reps",
        ),
        (fix()(WITH_INSIGHT), fix()(WITH_INSIGHT), "call_complete"),
        (ANSWERED, replace(knows()(ANSWERED), rep_id="rep-2"), "wrong_rep"),
        (ANSWERED, replace(knows()(ANSWERED), situation="Another one."), "situation_kept"),
        (ANSWERED, replace(knows()(ANSWERED), competency="closing"), "situation_kept"),
    ],
)
def test_what_may_be_saved_over_what_is_saved(
    saved: CoachingCall | None, new: CoachingCall, reason: str | None
) -> None:
    if reason is None:
        check_successor(saved, new)
        return
    with pytest.raises(CallOrderError) as raised:
        check_successor(saved, new)
    assert raised.value.reason == reason
    assert CONTENT.label(f"refused_{reason}")  # every refusal has its words


def test_a_rep_answers_only_their_own_calls() -> None:
    call = opened()
    assert of_rep(call, "rep-1") is call
    with pytest.raises(CallOrderError) as raised:
        of_rep(call, "rep-2")
    assert raised.value.reason == "wrong_rep"
    assert "belongs to rep 'rep-1', not 'rep-2'" in str(raised.value)


def test_every_refusal_has_its_words_in_both_languages() -> None:
    """A reason with no label would show the English message in a Spanish view."""
    import re

    sources = [
        *(ROOT / "workshop" / "coaching").glob("*.py"),
        *(ROOT / "workshop" / "store").glob("coaching*.py"),
        ROOT / "workshop" / "text.py",
    ]
    reasons = {
        reason
        for path in sources
        for reason in re.findall(r'reason="(\w+)"', path.read_text(encoding="utf-8"))
    }
    assert {"rep_first", "one_fix", "out_of_time", "code_revoked"} <= reasons
    for language in ("en", "es"):
        labels = load_coaching_content(ROOT / "data" / language).labels
        assert sorted(r for r in reasons if f"refused_{r}" not in labels) == [], language
