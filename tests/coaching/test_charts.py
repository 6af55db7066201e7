"""Coaching charts draw onto the Axes they are given, return it, and leave pyplot alone."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from tests.support.paths import ROOT
from workshop.coaching.charts import draw_fixes_curve, draw_fixes_per_rep, draw_radar
from workshop.coaching.images import (
    CURVE_PHONE,
    CurveWords,
    TeamRows,
    TeamWords,
    fixes_curve_png,
    radar_png,
    team_svg,
    trends_png,
)
from workshop.coaching.model import Evaluation
from workshop.coaching.progress import fixes_curve, milestones_reached
from workshop.coaching.trends import draw_trends
from workshop.content.coaching import CoachingContent
from workshop.content.coaching_files import load_coaching_content
from workshop.plotting import new_figure, polar_axes

START = date(2026, 1, 5)


@pytest.fixture(scope="module")
def content() -> CoachingContent:
    return load_coaching_content(ROOT / "data" / "en")


@pytest.fixture(autouse=True)
def no_pyplot_figures() -> object:
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    yield None
    assert plt.get_fignums() == before


def test_radar_has_a_spoke_per_competency_and_overlays_the_previous(
    content: CoachingContent,
) -> None:
    figure = new_figure(6, 6)
    ax = polar_axes(figure)
    now = {c.id: 6 for c in content.competencies}
    before = {c.id: 4 for c in content.competencies}
    assert draw_radar(ax, content.groups, now, content.scale, before, "Now", "Before") is ax
    assert len(ax.get_xticklabels()) == 21
    assert [line.get_label() for line in ax.get_lines()] == ["Before", "Now"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Before", "Now"]


def test_a_half_scored_radar_leaves_gaps(content: CoachingContent) -> None:
    ax = polar_axes(new_figure(6, 6))
    draw_radar(ax, content.groups, {"closing": 5}, content.scale)
    ys = list(ax.get_lines()[0].get_ydata())
    assert sum(1 for y in ys if not math.isnan(y)) == 1
    assert len(ax.patches) == 0  # no filled polygon until every competency is scored


@pytest.mark.parametrize(
    ("count", "lines"), [(0, [50]), (30, [50]), (60, [50, 100]), (130, [50, 100])]
)
def test_fixes_curve_marks_milestones_up_to_the_next(count: int, lines: list[int]) -> None:
    days = [START + timedelta(days=n) for n in range(count)]
    ax = new_figure(7, 3).add_subplot()
    today = START + timedelta(days=max(count, 1))
    result = draw_fixes_curve(
        ax, fixes_curve(days), milestones_reached(days, (50, 100)), today, "{count} fixes", "Fixes"
    )
    assert result is ax
    dashed = sorted(line.get_ydata()[0] for line in ax.get_lines() if line.get_linestyle() == "--")
    assert dashed == lines
    labels = [t.get_text() for t in ax.texts if t.get_text().endswith("fixes")]
    assert labels == [f"{m} fixes" for m in lines]


def _axis_days(ax: object) -> tuple[date, date]:
    from matplotlib.dates import num2date

    low, high = ax.get_xlim()  # type: ignore[attr-defined]
    return num2date(low).date(), num2date(high).date()


@pytest.mark.parametrize("fixes", [0, 1, 2])
def test_a_new_reps_curve_runs_from_about_two_weeks_ago_to_today(fixes: int) -> None:
    """A new rep's axis is days, not years (it ran from 2025 to 2029); each fix is a dot."""
    today = START + timedelta(days=3)
    days = [START + timedelta(days=n) for n in range(fixes)]
    ax = new_figure(7, 3).add_subplot()
    draw_fixes_curve(
        ax, fixes_curve(days), milestones_reached(days, (50, 100)), today, empty_label="None yet"
    )
    first, last = _axis_days(ax)
    assert today - timedelta(days=16) <= first <= today - timedelta(days=14)
    assert today < last <= today + timedelta(days=2)
    dots = [line for line in ax.get_lines() if line.get_marker() == "o"]
    assert sum(len(line.get_xdata()) for line in dots) == fixes
    shown = [t.get_text() for t in ax.texts]
    assert ("None yet" in shown) == (fixes == 0)
    if fixes:
        assert str(fixes) in shown  # the total is written by the last point
        assert ax.get_ylim()[1] >= 50  # the next milestone is in view


def test_a_six_month_curve_runs_to_today_and_dots_only_the_last_point() -> None:
    today = START + timedelta(days=200)
    days = [START + timedelta(days=n) for n in range(0, 180, 2)]
    ax = new_figure(7, 3).add_subplot()
    draw_fixes_curve(ax, fixes_curve(days), milestones_reached(days, (50, 100)), today)
    first, last = _axis_days(ax)
    assert first < START and last > today
    step = ax.get_lines()[0]
    assert step.get_xdata()[-1] == today and step.get_ydata()[-1] == 90  # flat up to today
    curve_dots = next(line for line in ax.get_lines() if line.get_marker() == "o")
    assert len(curve_dots.get_xdata()) == 1  # the last day's total, not ninety dots


def test_fixes_per_rep_keeps_the_order(content: CoachingContent) -> None:
    ax = new_figure(4, 3).add_subplot()
    assert draw_fixes_per_rep(ax, ["A", "B"], [12, 60], (50, 100)) is ax
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B"]
    assert [p.get_width() for p in ax.patches] == [12, 60]


def test_each_competency_has_its_trend_and_the_focus_is_framed(
    content: CoachingContent,
) -> None:
    first = {c.id: 3 for c in content.competencies}
    later = first | {"closing": 6}
    evaluations = [Evaluation("r", START, first), Evaluation("r", START + timedelta(60), later)]
    fixes = [(START + timedelta(days=n), "closing") for n in (5, 12, 20)]
    figure = new_figure(11, 5)
    axes = draw_trends(
        figure, content.groups, evaluations, fixes, content.scale, START + timedelta(90), "closing"
    )
    assert len(axes) == 21
    closing = next(ax for ax in axes if ax.get_title(loc="left") == "Closing")
    score_line, ticks = closing.get_lines()
    assert list(score_line.get_ydata()) == [3, 6]
    assert len(ticks.get_xdata()) == 3 and ticks.get_marker() == "|"
    assert closing.spines["top"].get_visible()  # framed: the next focus
    other = next(ax for ax in axes if ax.get_title(loc="left") == "Qualifying")
    assert len(other.get_lines()) == 1 and not other.spines["top"].get_visible()


def test_whole_figures_are_png(content: CoachingContent) -> None:
    scores = {c.id: 5 for c in content.competencies}
    assert radar_png(content.groups, scores, content.scale, None, "Now", "").startswith(b"\x89PNG")
    words = CurveWords("{count} fixes", "Fixes", "None yet")
    curve = fixes_curve_png([], {50: None}, START, words, CURVE_PHONE)
    assert curve.startswith(b"\x89PNG")
    trends = trends_png(
        content.groups, [Evaluation("r", START, scores)], [], content.scale, START, None, "T", ""
    )
    assert trends.startswith(b"\x89PNG")
    picture = team_svg(
        TeamRows(["A", "B <b>"], [scores, None], [3, 0], [12, 0], 14),
        content.groups,
        content.scale,
        content.milestones,
        TeamWords("Latest scores", "Fixes per rep", "Self-checks, 14 days"),
    )
    assert picture.startswith(b"<?xml")
    text = picture.decode("utf-8")
    assert "B &lt;b&gt;" in text and "<b>" not in text  # names are text, escaped
    assert "Selling value, not price" in text
