"""The director's view by table: calls per rep per week, call length, one fix per call, parked
fixes, reps' fixes and self-checks, and who is on track; and the chain as a picture."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.support.paths import ROOT
from workshop.coaching.call import CoachingCall
from workshop.coaching.chain_svg import ChainWords, chain_svg
from workshop.coaching.director import director_view, window_start
from workshop.coaching.model import Rep
from workshop.coaching.parked import open_parked, parked_ref
from workshop.content.coaching_files import load_coaching_content

CONTENT = load_coaching_content(ROOT / "data" / "en")
TODAY = date(2026, 3, 19)  # a Thursday: the window is the four whole weeks before this one
DIRECTOR = Rep("d", "Morgan", role="director")
CASEY = Rep("m", "Casey <b>", role="manager", coach_id="d")
ALEX = Rep("r1", "Alex", coach_id="m")
SAM = Rep("r2", "Sam", coach_id="m")
PEOPLE = [DIRECTOR, CASEY, ALEX, SAM]


def call(
    rep: Rep, day: date, n: int, minutes: float = 12, fix: str = "", **extra: object
) -> CoachingCall:
    start = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
    return CoachingCall(
        id=f"{rep.id}-{n}",
        rep_id=rep.id,
        coach_id=rep.coach_id,
        on=day,
        minutes=None,
        medium="call",
        situation=f"Situation {n}",
        competency="closing",
        opened_at=start,
        rep_answer="I rushed.",
        rep_answer_at=start + timedelta(minutes=1),
        rep_answer_by="rep",
        knows=True,
        can=False,
        adjustments=("words",),
        insight="Slow down.",
        insight_at=start + timedelta(minutes=2),
        fix=fix or f"Propose a date within {n} days.",
        fixed_at=start + timedelta(minutes=minutes),
        measured_seconds=round(minutes * 60),
        **extra,  # type: ignore[arg-type]
    )


def weekly(rep: Rep, per_week: int, minutes: float = 12) -> list[CoachingCall]:
    since = window_start(TODAY)
    return [
        call(rep, since + timedelta(weeks=w, days=d), w * 10 + d, minutes)
        for w in range(4)
        for d in range(per_week)
    ]


def checks(days: int) -> list[date]:
    return [TODAY - timedelta(days=i) for i in range(days)]


@pytest.mark.parametrize(
    ("alex", "sam", "minutes", "alex_checks", "issues", "status"),
    [
        (3, 3, 12, 14, (), "on_track"),
        (3, 2, 12, 14, ("cadence",), "watch"),  # 2.5 a rep a week: below several
        (3, 3, 22, 14, ("length",), "watch"),  # calls run long
        (3, 3, 6, 14, ("length",), "watch"),  # and too short is no coaching either
        (3, 3, 12, 0, ("self_checks",), "watch"),  # Sam checks 7 of 14 days, Alex none
        (1, 1, 12, 14, ("cadence",), "behind"),  # under half the target
        (3, 2, 22, 14, ("cadence", "length"), "behind"),
    ],
)
def test_a_managers_cadence(
    alex: int, sam: int, minutes: float, alex_checks: int, issues: tuple[str, ...], status: str
) -> None:
    calls = weekly(ALEX, alex, minutes) + weekly(SAM, sam, minutes)
    view = director_view(
        DIRECTOR, PEOPLE, calls, {"r1": checks(alex_checks), "r2": checks(7)}, CONTENT, TODAY
    )
    [line] = view.managers
    assert line.calls_per_rep_week == (alex + sam) / 2
    assert line.median_minutes == minutes
    assert line.issues == issues and line.status == status
    assert [r.rep.name for r in line.reps] == ["Alex", "Sam"]
    assert line.reps[0].calls_per_week == alex
    assert line.reps[0].fixes == 4 * alex and line.reps[0].next_mark == 50


def test_this_weeks_calls_count_for_length_not_yet_for_cadence() -> None:
    calls = weekly(ALEX, 3) + weekly(SAM, 3) + [call(ALEX, TODAY, 99, minutes=30)]
    [line] = director_view(DIRECTOR, PEOPLE, calls, {}, CONTENT, TODAY).managers
    assert line.calls_per_rep_week == 3.0
    assert line.median_minutes == 12  # 25 calls, one of 30 minutes: the median holds


def test_one_fix_per_call_and_parked_fixes() -> None:
    since = window_start(TODAY)
    kept = call(
        ALEX,
        since,
        1,
        fix="Shorter subject line",
        fix_typed="Shorter subject line and propose a date",
        fix_decision="kept",
        parked=("Propose a date",),
    )
    doubled = call(ALEX, since, 2, fix="Ask who signs and send the contract the same day.")
    said_one = call(
        SAM, since, 3, fix="Call the champion and ask for an intro.", fix_decision="one_thing"
    )
    single = call(SAM, since, 4)
    taken = call(ALEX, since + timedelta(days=1), 5, from_parked=parked_ref(kept.id, 0))
    calls = [kept, doubled, said_one, single]
    [line] = director_view(DIRECTOR, PEOPLE, calls, {}, CONTENT, TODAY).managers
    assert line.one_fix_share == 2 / 4 and line.one_thing == 1
    assert line.parked == 1 and "one_fix" in line.issues
    assert len(open_parked(calls)) == 1 and open_parked([*calls, taken]) == []


def test_the_director_sees_only_their_managers_and_their_own_calls() -> None:
    other = Rep("m9", "Other", role="manager")
    calls = [call(CASEY, window_start(TODAY), 1), *weekly(ALEX, 3)]
    view = director_view(DIRECTOR, [*PEOPLE, other], calls, {}, CONTENT, TODAY)
    assert [m.manager.id for m in view.managers] == ["m"]
    assert view.managers[0].coached == 1  # the director's call with Casey


def test_a_manager_with_no_reps_or_calls_yet() -> None:
    lonely = replace(CASEY, id="m3")
    [line] = director_view(DIRECTOR, [DIRECTOR, lonely], [], {}, CONTENT, TODAY).managers
    assert line.reps == () and line.calls_per_rep_week is None
    assert line.median_minutes is None and line.one_fix_share is None
    assert line.status == "on_track" and line.issues == ()


def test_the_chain_picture_marks_status_with_more_than_colour() -> None:
    calls = weekly(ALEX, 3) + weekly(SAM, 1)
    view = director_view(DIRECTOR, PEOPLE, calls, {"r1": checks(14)}, CONTENT, TODAY)
    words = ChainWords(
        "Who is on track",
        {"on_track": "On track", "watch": "Watch", "behind": "Behind"},
        lambda m: f"{m.calls_per_rep_week} calls",
        lambda r: f"{r.fixes} fixes",
    )
    svg = chain_svg(view, words)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "Casey &lt;b&gt;" in svg and "<b>" not in svg  # names are escaped
    assert svg.count("<rect") == 4  # director, manager, two reps
    assert "\u2713" in svg and "\u00d7" in svg  # a mark beside each colour
    assert "Alex: On track" in svg and "Sam: Behind" in svg  # said in words for screen readers
