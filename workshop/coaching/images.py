"""Whole coaching figures as image bytes for an Image widget: the radar, the fixes curve, the
competency trends and the team. Each composes the charts of `workshop.coaching.charts` and
`workshop.coaching.trends` onto a figure of its own (no pyplot)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from workshop import plotting
from workshop.coaching.charts import (
    draw_fixes_curve,
    draw_fixes_per_rep,
    draw_radar,
    draw_team_heatmap,
)
from workshop.coaching.model import Evaluation
from workshop.coaching.progress import CurvePoint, Fix
from workshop.coaching.trends import draw_trends
from workshop.content.base import Scale
from workshop.content.coaching import CompetencyGroup

#: The fixes curve on a laptop, and on a phone (390 px wide, drawn sharper for its screen).
CURVE_WIDE = (7.0, 3.0, 100)
CURVE_PHONE = (3.7, 2.6, 160)


def radar_png(
    groups: Sequence[CompetencyGroup],
    scores: Mapping[str, int],
    scale: Scale,
    previous: Mapping[str, int] | None,
    current_label: str,
    previous_label: str,
    size: float = 6.0,
) -> bytes:
    figure = plotting.new_figure(size, size)
    draw_radar(
        plotting.polar_axes(figure), groups, scores, scale, previous, current_label, previous_label
    )
    return plotting.png(figure)


@dataclass(frozen=True)
class CurveWords:
    """The fixes curve's texts, from content."""

    milestone: str  # with {count}
    ylabel: str
    empty: str


def fixes_curve_png(
    points: Sequence[CurvePoint],
    milestones: Mapping[int, date | None],
    today: date,
    words: CurveWords,
    size: tuple[float, float, int] = CURVE_WIDE,
) -> bytes:
    width, height, dpi = size
    figure = plotting.new_figure(width, height, dpi)
    draw_fixes_curve(
        figure.add_subplot(),
        points,
        milestones,
        today,
        words.milestone,
        words.ylabel,
        words.empty,
    )
    return plotting.png(figure)


def trends_png(
    groups: Sequence[CompetencyGroup],
    evaluations: Sequence[Evaluation],
    fixes: Sequence[Fix],
    scale: Scale,
    today: date,
    focus: str | None,
    title: str,
    legend: str,
    language: str = "en",
) -> bytes:
    """Every competency's trend, seven to a row."""
    count = sum(len(g.competencies) for g in groups)
    rows = -(-count // 7)
    figure = plotting.new_figure(11.0, 0.9 + 1.75 * rows)
    draw_trends(
        figure, groups, evaluations, fixes, scale, today, focus, title, legend, language=language
    )
    return plotting.png(figure)


@dataclass(frozen=True)
class TeamRows:
    """One row per rep, in the order shown: names, latest scores, fixes, self-checks."""

    names: Sequence[str]
    scores: Sequence[Mapping[str, int] | None]
    fixes: Sequence[int]
    self_checks: Sequence[int]
    window: int


@dataclass(frozen=True)
class TeamWords:
    heatmap: str
    fixes: str
    self_checks: str


def team_svg(
    rows: TeamRows,
    groups: Sequence[CompetencyGroup],
    scale: Scale,
    milestones: Sequence[int],
    words: TeamWords,
) -> bytes:
    """The team heatmap, then the fixes and the self-checks per rep, rows lined up, as SVG.

    Margins are set by hand from the team's size: a tight bounding box would lay the figure
    out twice, and this figure is the one redrawn for the whole team.
    """
    row_inches, head, foot = 0.2, 0.45, 1.9
    height = head + foot + row_inches * max(len(rows.names), 3)
    figure = plotting.new_figure(12.0, height)
    grid = figure.add_gridspec(1, 3, width_ratios=(3.2, 1, 0.8))
    heatmap = figure.add_subplot(grid[0])
    draw_team_heatmap(heatmap, rows.names, groups, rows.scores, scale, words.heatmap)
    draw_fixes_per_rep(
        figure.add_subplot(grid[1]),
        rows.names,
        rows.fixes,
        milestones,
        words.fixes,
        show_names=False,
    )
    checks = figure.add_subplot(grid[2])
    draw_fixes_per_rep(
        checks, rows.names, rows.self_checks, (rows.window,), words.self_checks, show_names=False
    )
    checks.set_xlim(0, rows.window * 1.15)
    longest = max((len(n) for n in rows.names), default=8)
    figure.subplots_adjust(
        left=min(0.3, (0.25 + 0.055 * longest) / 12.0),
        right=0.97,
        bottom=foot / height,
        top=1 - head / height,
        wspace=0.14,
    )
    return plotting.svg(figure)
