"""Progress: the fixes curve and its milestones, repeats, cadence and streaks, self-checks,
movement, the next focus."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.support.paths import ROOT
from workshop.coaching.call import CoachingCall
from workshop.coaching.model import Evaluation, Rep
from workshop.coaching.progress import (
    SELF_CHECK_WINDOW,
    Focus,
    cadence,
    day_streak,
    explain,
    fixes_curve,
    fixes_of,
    milestones_reached,
    movement,
    new_fixes,
    next_focus,
    rep_progress,
    repeats,
    self_check_rate,
    week_start,
)
from workshop.content.coaching import CoachingContent
from workshop.content.coaching_files import load_coaching_content

MONDAY = date(2026, 3, 2)
EVAL_DAY = date(2026, 3, 1)
ORDER = ["a", "b", "c", "d"]
TOP = 10
SETTLE = 3


def day(n: int) -> date:
    return EVAL_DAY + timedelta(days=n)


@pytest.fixture(scope="module")
def content() -> CoachingContent:
    return load_coaching_content(ROOT / "data" / "en")


# -- the next focus, by table -------------------------------------------------------------------

SCORES = {"a": 6, "b": 3, "c": 3, "d": 8}


@pytest.mark.parametrize(
    ("case", "scores", "fixes", "expected"),
    [
        ("nothing evaluated", None, [], Focus("no_evaluation")),
        (
            "everything at the top",
            {c: TOP for c in ORDER},
            [],
            Focus("all_top", evaluated_on=EVAL_DAY),
        ),
        (
            "the single lowest",
            {"a": 6, "b": 2, "c": 3, "d": 8},
            [],
            Focus("lowest", "b", 2, 0, None, EVAL_DAY),
        ),
        (
            "a tie, nothing under way: content order",
            SCORES,
            [],
            Focus("tie_first", "b", 3, 0, None, EVAL_DAY),
        ),
        (
            "a tie: the one under way keeps the focus",
            SCORES,
            [(day(2), "c")],
            Focus("tie_in_progress", "c", 3, 1, day(2), EVAL_DAY),
        ),
        (
            "a tie: more fixes since the evaluation wins",
            SCORES,
            [(day(1), "b"), (day(2), "c"), (day(3), "c")],
            Focus("tie_in_progress", "c", 3, 2, day(3), EVAL_DAY),
        ),
        (
            "a tie on fixes: the latest fix wins",
            SCORES,
            [(day(1), "c"), (day(4), "b")],
            Focus("tie_in_progress", "b", 3, 1, day(4), EVAL_DAY),
        ),
        (
            "fixes before the evaluation are already in its scores",
            SCORES,
            [(day(-5), "c"), (day(-4), "c")],
            Focus("tie_first", "b", 3, 0, None, EVAL_DAY),
        ),
        (
            "a fix on the evaluation day counts",
            SCORES,
            [(EVAL_DAY, "c")],
            Focus("tie_in_progress", "c", 3, 1, EVAL_DAY, EVAL_DAY),
        ),
        (
            "a settled competency gives way to the next lowest",
            {"a": 6, "b": 2, "c": 3, "d": 8},
            [(day(1), "b"), (day(2), "b"), (day(3), "b")],
            Focus("lowest", "c", 3, 0, None, EVAL_DAY),
        ),
        (
            "fixes elsewhere do not move the focus off the lowest",
            {"a": 6, "b": 2, "c": 3, "d": 8},
            [(day(1), "a"), (day(2), "a")],
            Focus("lowest", "b", 2, 0, None, EVAL_DAY),
        ),
        (
            "every open competency settled: evaluate again",
            {"a": 9, "b": 9, "c": TOP, "d": TOP},
            [(day(n), c) for c in ("a", "b") for n in range(SETTLE)],
            Focus("settled", evaluated_on=EVAL_DAY),
        ),
        (
            "a competency at the top is never the focus",
            {"a": TOP, "b": TOP, "c": 9, "d": TOP},
            [],
            Focus("lowest", "c", 9, 0, None, EVAL_DAY),
        ),
        (
            "a partly scored evaluation: only scored ones",
            {"c": 7, "d": 4},
            [],
            Focus("lowest", "d", 4, 0, None, EVAL_DAY),
        ),
    ],
)
def test_focus_rule(
    case: str,
    scores: dict[str, int] | None,
    fixes: list[tuple[date, str]],
    expected: Focus,
) -> None:
    latest = Evaluation("r", EVAL_DAY, scores) if scores is not None else None
    assert next_focus(ORDER, latest, fixes, TOP, SETTLE) == expected, case


@pytest.mark.parametrize(
    "focus",
    [
        Focus("no_evaluation"),
        Focus("all_top", evaluated_on=EVAL_DAY),
        Focus("settled", evaluated_on=EVAL_DAY),
        Focus("lowest", "closing", 3, 1, None, EVAL_DAY),
        Focus("tie_in_progress", "closing", 3, 2, day(2), EVAL_DAY),
        Focus("tie_first", "closing", 3, 0, None, EVAL_DAY),
    ],
)
def test_every_focus_is_explained_in_one_sentence(focus: Focus, content: CoachingContent) -> None:
    sentence = explain(focus, "Dana", content)
    assert "{" not in sentence
    assert sentence.count(". ") == 0  # one sentence
    if focus.reason in ("no_evaluation", "all_top", "settled"):
        assert "Dana" in sentence
    else:
        assert "Closing" in sentence
        assert "3 of 10" in sentence


def test_focus_sentence_states_its_facts(content: CoachingContent) -> None:
    focus = Focus("tie_in_progress", "closing", 3, 2, day(2), EVAL_DAY)
    sentence = explain(focus, "Dana", content)
    assert EVAL_DAY.isoformat() in sentence
    assert day(2).isoformat() in sentence
    assert ": 2" in sentence


# -- fixes curve and milestones -------------------------------------------------------------------


def test_fixes_curve_is_cumulative_per_day() -> None:
    days = [day(2), day(0), day(2), day(5)]
    assert [(p.on, p.total) for p in fixes_curve(days)] == [(day(0), 1), (day(2), 3), (day(5), 4)]
    assert fixes_curve([]) == ()


@pytest.mark.parametrize(
    ("count", "fifty", "hundred"),
    [(0, None, None), (49, None, None), (50, 49, None), (120, 49, 99)],
)
def test_milestones_at_50_and_100(count: int, fifty: int | None, hundred: int | None) -> None:
    days = [day(n) for n in range(count)]
    reached = milestones_reached(days, (50, 100))
    assert reached[50] == (day(fifty) if fifty is not None else None)
    assert reached[100] == (day(hundred) if hundred is not None else None)


# -- cadence and streaks ----------------------------------------------------------------------


def week(n: int, calls: int) -> list[date]:
    """`calls` days in the n-th week after MONDAY."""
    return [MONDAY + timedelta(weeks=n, days=i) for i in range(calls)]


@pytest.mark.parametrize(
    ("weeks", "today", "this_week", "streak", "longest"),
    [
        ([], MONDAY, 0, 0, 0),
        ([(0, 3)], MONDAY + timedelta(days=4), 3, 1, 1),
        ([(0, 2)], MONDAY + timedelta(days=4), 2, 0, 0),
        # This week is under way and under target: it does not break last week's streak.
        ([(0, 3), (1, 3), (2, 1)], MONDAY + timedelta(weeks=2, days=1), 1, 2, 2),
        # A week with no calls breaks it.
        ([(0, 3), (1, 3), (3, 3)], MONDAY + timedelta(weeks=3, days=3), 3, 1, 2),
        ([(0, 4), (1, 2), (2, 3), (3, 5)], MONDAY + timedelta(weeks=3, days=6), 5, 2, 2),
    ],
)
def test_cadence_and_streaks(
    weeks: list[tuple[int, int]], today: date, this_week: int, streak: int, longest: int
) -> None:
    days = [d for n, calls in weeks for d in week(n, calls)]
    result = cadence(days, 3, today)
    assert (result.this_week, result.streak, result.longest) == (this_week, streak, longest)
    assert all(w.start == week_start(w.start) for w in result.weeks)


def test_calls_dated_after_today_are_not_counted() -> None:
    assert cadence([MONDAY + timedelta(days=9)], 3, MONDAY).weeks == ()


@pytest.mark.parametrize(
    ("offsets", "streak"),
    [([], 0), ([0], 1), ([0, 1, 2], 3), ([1, 2], 2), ([0, 2], 1), ([2, 3], 0)],
)
def test_day_streak(offsets: list[int], streak: int) -> None:
    today = day(10)
    assert day_streak([today - timedelta(days=o) for o in offsets], today) == streak


# -- movement and one rep at a glance -----------------------------------------------------------


def test_movement_between_evaluations() -> None:
    before = Evaluation("r", day(0), {"a": 3, "b": 5, "c": 7})
    after = Evaluation("r", day(30), {"a": 5, "b": 5, "c": 6, "d": 2})
    moved = movement(before, after, ORDER)
    assert [(m.competency, m.delta) for m in moved] == [("a", 2), ("b", 0), ("c", -1)]


def test_rep_progress_uses_the_latest_evaluation(content: CoachingContent) -> None:
    old = Evaluation("r", day(0), {c.id: 5 for c in content.competencies})
    new_scores = {c.id: 7 for c in content.competencies} | {"closing": 4}
    new = Evaluation("r", day(20), new_scores)
    progress = rep_progress(
        Rep("r", "Dana"), [new, old], [(day(21), "qualifying")], content, day(22)
    )
    assert progress.latest == new
    assert progress.previous == old
    assert progress.fixes == 1
    assert progress.focus.competency == "closing"
    assert progress.focus.reason == "lowest"


# -- a fix a rep already had is practised again, not fixed again --------------------------------


def done(rep: str, n: int, fix: str, call_id: str = "") -> CoachingCall:
    """A complete call on day(n) whose fix is `fix`."""
    at = datetime.combine(day(n), datetime.min.time(), tzinfo=UTC)
    return CoachingCall(
        call_id or f"{rep}-{n}-{fix}",
        rep,
        day(n),
        12,
        "call",
        "A situation.",
        "closing",
        at,
        "My answer.",
        at + timedelta(minutes=1),
        True,
        False,
        ("words",),
        "An insight.",
        at + timedelta(minutes=2),
        fix,
        at + timedelta(minutes=3),
    )


def test_a_repeated_fix_is_not_a_new_fix() -> None:
    calls = [
        done("r", 1, "Propose a dated next step."),
        done("r", 2, "Ask who decides."),
        done("r", 5, "  propose a DATED next step "),  # the same fix, typed again
        done("s", 6, "Ask who decides."),  # another rep's fix is theirs
    ]
    assert repeats(calls) == {calls[2].id: day(1)}
    assert [c.id for c in new_fixes(calls)] == [calls[0].id, calls[1].id, calls[3].id]
    assert fixes_of(calls[:3]) == [(day(1), "closing"), (day(2), "closing")]


def test_a_call_under_way_is_no_fix_yet() -> None:
    open_call = replace(done("r", 3, "Ask who decides."), fix="", fixed_at=None)
    assert fixes_of([open_call]) == []
    assert repeats([open_call, done("r", 4, "Ask who decides.")]) == {}


@pytest.mark.parametrize(
    ("offsets", "count"),
    [([], 0), ([0], 1), ([0, 1, 13], 3), ([14, 20], 0), ([0, 0, 1], 2), ([-1], 0)],
)
def test_self_check_rate_counts_the_last_14_days(offsets: list[int], count: int) -> None:
    today = day(30)
    rate = self_check_rate([today - timedelta(days=o) for o in offsets], today)
    assert (rate.done, rate.window) == (count, SELF_CHECK_WINDOW) == (count, 14)
