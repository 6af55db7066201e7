"""Coaching charts draw onto the Axes they are given, return it, and leave pyplot alone."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from tests.support.paths import ROOT
from workshop.coaching.charts import (
    draw_fixes_curve,
    draw_fixes_per_rep,
    draw_radar,
    radar_png,
    team_svg,
)
from workshop.coaching.progress import fixes_curve, milestones_reached
from workshop.content.coaching import CoachingContent
from workshop.content.coaching_files import load_coaching_content
from workshop.figures import new_figure, polar_axes

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
    result = draw_fixes_curve(
        ax, fixes_curve(days), milestones_reached(days, (50, 100)), "{count} fixes", "Fixes"
    )
    assert result is ax
    dashed = sorted(line.get_ydata()[0] for line in ax.get_lines() if line.get_linestyle() == "--")
    assert dashed == lines
    labels = [t.get_text() for t in ax.texts]
    assert labels == [f"{m} fixes" for m in lines]


def test_fixes_per_rep_keeps_the_order(content: CoachingContent) -> None:
    ax = new_figure(4, 3).add_subplot()
    assert draw_fixes_per_rep(ax, ["A", "B"], [12, 60], (50, 100)) is ax
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B"]
    assert [p.get_width() for p in ax.patches] == [12, 60]


def test_whole_figures_are_png(content: CoachingContent) -> None:
    scores = {c.id: 5 for c in content.competencies}
    assert radar_png(content.groups, scores, content.scale, None, "Now", "").startswith(b"\x89PNG")
    picture = team_svg(
        ["A", "B <b>"],
        content.groups,
        [scores, None],
        [3, 0],
        content.scale,
        content.milestones,
        "Latest scores",
        "Fixes per rep",
    )
    assert picture.startswith(b"<?xml")
    text = picture.decode("utf-8")
    assert "B &lt;b&gt;" in text and "<b>" not in text  # names are text, escaped
    assert "Selling value, not price" in text
