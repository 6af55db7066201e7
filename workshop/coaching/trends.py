"""Each competency over time: one small chart per competency, all on one time axis.

A line joins the competency's scores at each evaluation; ticks along the bottom mark the fixes
coached on it, so a manager sees whether coaching moved the score. The competency of the next
focus is framed. Every text is passed in, so its wording stays in content.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from workshop.coaching.charts import (
    CURRENT_COLOUR,
    GROUP_COLOURS,
    MILESTONE_COLOUR,
    as_days,
    day_ticks,
    scale_ticks,
)
from workshop.coaching.model import Evaluation
from workshop.coaching.progress import Fix
from workshop.content.base import Scale
from workshop.content.coaching import Competency, CompetencyGroup

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FIX_COLOUR = "#555555"


def draw_trend(
    ax: Axes,
    competency: Competency,
    evaluations: Sequence[Evaluation],
    fix_days: Sequence[date],
    scale: Scale,
    colour: str,
    focus: bool = False,
) -> Axes:
    """One competency: its score at each evaluation (a line), its fixes (ticks at the bottom)."""
    scored = [(e.on, e.scores[competency.id]) for e in evaluations if competency.id in e.scores]
    if scored:
        ax.plot(
            as_days([on for on, _ in scored]),
            [score for _, score in scored],
            "-o",
            color=CURRENT_COLOUR,
            markersize=3.5,
            linewidth=1.6,
        )
    if fix_days:
        floor = scale.min - 0.6
        ax.plot(as_days(list(fix_days)), [floor] * len(fix_days), "|", color=FIX_COLOUR, ms=6)
    ax.set_ylim(scale.min - 1, scale.max + 0.5)
    ax.tick_params(labelsize=6.5, length=2)
    scale_ticks(ax, scale)
    ax.set_title(textwrap.fill(competency.name, 22), fontsize=7.5, color=colour, loc="left")
    ax.grid(True, axis="y", alpha=0.18)
    for side, spine in ax.spines.items():
        spine.set_visible(focus or side in ("left", "bottom"))
        if focus:
            spine.set_color(MILESTONE_COLOUR)
            spine.set_linewidth(1.6)
    return ax


def draw_trends(
    figure: Figure,
    groups: Sequence[CompetencyGroup],
    evaluations: Sequence[Evaluation],
    fixes: Sequence[Fix],
    scale: Scale,
    today: date,
    focus: str | None = None,
    title: str = "",
    legend: str = "",
    columns: int = 7,
    language: str = "en",
) -> list[Axes]:
    """Every competency in content order, `columns` to a row, on one shared time axis that runs
    from the first evaluation or fix to today."""
    competencies = [(c, i) for i, g in enumerate(groups) for c in g.competencies]
    rows = math.ceil(len(competencies) / columns)
    grid = figure.add_gridspec(rows, columns, hspace=0.95, wspace=0.35)
    dates = [e.on for e in evaluations] + [day for day, _ in fixes]
    start = min([*dates, today - timedelta(days=28)])
    pad = timedelta(days=max(2, (today - start).days // 25))
    axes: list[Axes] = []
    for n, (competency, group_index) in enumerate(competencies):
        ax = figure.add_subplot(grid[n // columns, n % columns])
        draw_trend(
            ax,
            competency,
            evaluations,
            [day for day, c in fixes if c == competency.id],
            scale,
            GROUP_COLOURS[group_index % len(GROUP_COLOURS)],
            focus=competency.id == focus,
        )
        ax.set_xlim(as_days([start - pad])[0], as_days([today + pad])[0])
        # A small chart: three dates, or they run together.
        day_ticks(ax, start, today, 3, language)
        if n < len(competencies) - columns:
            ax.tick_params(labelbottom=False)
        axes.append(ax)
    if title:
        figure.suptitle(title, x=0.01, ha="left", fontsize=10, fontweight="bold")
    if legend:
        figure.text(0.01, 0.005, legend, fontsize=7.5, color=FIX_COLOUR)
    return axes
