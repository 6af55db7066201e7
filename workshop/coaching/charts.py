"""Coaching charts, each drawn onto an Axes the caller gives and returned.

matplotlib is imported only inside the functions that need it; nothing here touches pyplot.
Every text on a chart (legends, axis titles) is passed in, so its wording stays in content.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from workshop.coaching.progress import CurvePoint
from workshop.content.base import Scale
from workshop.content.coaching import CompetencyGroup

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.projections.polar import PolarAxes

CURRENT_COLOUR = "#2f6db5"
PREVIOUS_COLOUR = "#9a9a9a"
MILESTONE_COLOUR = "#d1495b"
REACHED_COLOUR = "#3a9d5d"
#: One colour per competency group, in content order (cycled past three groups).
GROUP_COLOURS = ("#8c510a", "#01665e", "#5e3c99", "#b35806", "#2166ac")


def draw_radar(
    ax: PolarAxes,
    groups: Sequence[CompetencyGroup],
    scores: Mapping[str, int],
    scale: Scale,
    previous: Mapping[str, int] | None = None,
    current_label: str = "",
    previous_label: str = "",
    label_width: int = 16,
) -> PolarAxes:
    """Every competency as a spoke, this evaluation filled over the previous one's outline.

    Spoke labels take their group's colour. An unscored competency leaves a gap in the line.
    """
    competencies = [c for g in groups for c in g.competencies]
    count = len(competencies)
    angles = [2 * math.pi * i / count for i in range(count)]
    closed = [*angles, angles[0]]
    _radar_frame(ax, groups, scale, angles, label_width)

    def values(source: Mapping[str, int]) -> list[float]:
        row = [float(source[c.id]) if c.id in source else math.nan for c in competencies]
        return [*row, row[0]]

    if previous:
        ax.plot(
            closed,
            values(previous),
            color=PREVIOUS_COLOUR,
            linestyle="--",
            linewidth=1.2,
            label=previous_label or None,
        )
    if scores:
        current = values(scores)
        ax.plot(closed, current, color=CURRENT_COLOUR, linewidth=1.8, label=current_label or None)
        ax.scatter(closed, current, color=CURRENT_COLOUR, s=10, zorder=3)
        if all(c.id in scores for c in competencies):
            ax.fill(closed, current, color=CURRENT_COLOUR, alpha=0.18)
    if (previous and previous_label) or (scores and current_label):
        ax.legend(loc="upper right", bbox_to_anchor=(1.32, 1.12), fontsize=7, frameon=False)
    return ax


def _radar_frame(
    ax: PolarAxes,
    groups: Sequence[CompetencyGroup],
    scale: Scale,
    angles: list[float],
    label_width: int,
) -> None:
    """The radar's spokes and rings, each spoke labelled in its group's colour, and the
    groups named in the corner."""
    competencies = [c for g in groups for c in g.competencies]
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(scale.min - 1, scale.max)
    ax.set_yticks(list(scale.values))
    ax.set_yticklabels(
        [str(v) if v in (scale.min, scale.max) else "" for v in scale.values], fontsize=7
    )
    ax.set_xticks(angles)
    ax.set_xticklabels([textwrap.fill(c.name, label_width) for c in competencies], fontsize=6.5)
    colour_of = {g.id: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, g in enumerate(groups)}
    for label, competency in zip(ax.get_xticklabels(), competencies, strict=True):
        label.set_color(colour_of[competency.group])
    ax.tick_params(axis="x", pad=9)
    ax.grid(True, alpha=0.35)
    for i, group in enumerate(groups):
        ax.text(
            -0.12,
            -0.04 - 0.045 * i,
            group.name,
            transform=ax.transAxes,
            color=colour_of[group.id],
            fontsize=8,
            fontweight="bold",
        )


def draw_fixes_curve(
    ax: Axes,
    points: Sequence[CurvePoint],
    milestones: Mapping[int, date | None],
    today: date,
    milestone_label: str = "{count}",
    ylabel: str = "",
    empty_label: str = "",
) -> Axes:
    """The cumulative fixes as a step line up to today, each milestone (50, 100...) dashed.

    The time axis runs from the first fix (or two weeks ago, before any) to today, at least two
    weeks wide, so a new rep's first fix is a visible point on a sensible axis; each day's
    total is a dot while there are few. Milestones show up to the first one not yet reached,
    so a new rep's curve is not flattened by a line far above it; a reached one is marked
    where the curve crossed it.
    """
    total = points[-1].total if points else 0
    upcoming = [m for m in sorted(milestones) if m > total]
    shown = [m for m in sorted(milestones) if m <= total] + upcoming[:1]
    end = max([today, *(p.on for p in points)])
    start = min([points[0].on if points else end, end - timedelta(days=14)])
    pad = timedelta(days=max(1, (end - start).days // 30))
    if points:
        days = as_days([*(p.on for p in points), end])
        totals = [*(p.total for p in points), total]
        ax.step(days, totals, where="post", color=CURRENT_COLOUR, linewidth=2)
        ax.fill_between(days, totals, step="post", color=CURRENT_COLOUR, alpha=0.12)
        dotted = points if len(points) <= 20 else points[-1:]
        ax.plot(
            as_days([p.on for p in dotted]), [p.total for p in dotted], "o", color=CURRENT_COLOUR
        )
        ax.annotate(
            str(total),
            xy=(as_days([points[-1].on])[0], total),
            xytext=(0, 6),
            textcoords="offset points",
            ha="center",
            fontsize=9,
            fontweight="bold",
            color=CURRENT_COLOUR,
        )
    elif empty_label:
        ax.text(0.5, 0.5, empty_label, transform=ax.transAxes, ha="center", va="center", fontsize=9)
    for mark in shown:
        _milestone(ax, mark, milestones[mark], milestone_label)
    ax.set_xlim(as_days([start - pad])[0], as_days([end + pad])[0])
    date_axis(ax)
    ax.set_ylim(0, max([total, *shown, 1]) * 1.15)
    ax.set_ylabel(ylabel)
    ax.grid(True, axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def as_days(values: Sequence[date]) -> Any:
    """Dates as numpy days, which matplotlib plots as dates (and mypy types, unlike date)."""
    import numpy as np

    return np.array(values, dtype="datetime64[D]")


def date_axis(ax: Axes, ticks: int = 7, offset: bool = True) -> None:
    """Dates along x, at most `ticks` of them, each written no longer than it needs; with
    `offset`, the year (or month) they share is written once, at the end."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    # matplotlib leaves these two constructors unannotated.
    locator = AutoDateLocator(minticks=2, maxticks=ticks)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    formatter = ConciseDateFormatter(locator, show_offset=offset)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(formatter)


def day_ticks(ax: Axes, start: date, end: date, count: int = 3, language: str = "en") -> None:
    """`count` dates from `start` to `end` along x, each written as a date in `language`
    ("2 Mar", "2 mar"), never as a time of day; the year too when they span more than one."""
    from babel.dates import format_date
    from matplotlib.ticker import FixedFormatter, FixedLocator

    span = max(1, (end - start).days)
    days = sorted({start + timedelta(days=round(span * i / (count - 1))) for i in range(count)})
    pattern = "d MMM" if start.year == end.year else "LLL yy"
    ax.xaxis.set_major_locator(FixedLocator(as_days(days).astype(float).tolist()))
    ax.xaxis.set_major_formatter(
        FixedFormatter([format_date(d, pattern, locale=language) for d in days])
    )


def scale_ticks(ax: Axes, scale: Scale, fontsize: float = 5.5) -> None:
    """Every step of the scale on y, each labelled, the ends a little stronger."""
    ax.set_yticks(list(scale.values))
    ax.set_yticklabels([str(v) for v in scale.values], fontsize=fontsize)


def _milestone(ax: Axes, mark: int, reached: date | None, label: str) -> None:
    colour = REACHED_COLOUR if reached else MILESTONE_COLOUR
    ax.axhline(mark, color=colour, linestyle="--", linewidth=1)
    ax.annotate(
        label.format(count=mark),
        xy=(0.01, mark),
        xycoords=("axes fraction", "data"),
        xytext=(0, 3),
        textcoords="offset points",
        color=colour,
        fontsize=8,
    )
    if reached is not None:
        ax.plot(as_days([reached]), [mark], marker="o", color=colour, markersize=6)


def draw_team_heatmap(
    ax: Axes,
    rep_names: Sequence[str],
    groups: Sequence[CompetencyGroup],
    scores: Sequence[Mapping[str, int] | None],
    scale: Scale,
    title: str = "",
    annotate_up_to: int = 12,
) -> Axes:
    """Reps (rows) by competencies (columns), coloured by each rep's latest score.

    A rep with no evaluation is a blank row. Cells show their numbers while the team is small
    enough (`annotate_up_to` reps) for them to be read. Row and column names are plain texts
    beside the axes rather than tick labels: a team of 50 would otherwise cost a tick object
    (two markers and two texts) per name, which is most of the time the figure takes.
    """
    import numpy as np

    competencies = [c for g in groups for c in g.competencies]
    grid = np.full((len(rep_names), len(competencies)), np.nan)
    for row, rep_scores in enumerate(scores):
        if rep_scores:
            for col, competency in enumerate(competencies):
                if competency.id in rep_scores:
                    grid[row, col] = rep_scores[competency.id]
    image = ax.imshow(
        np.ma.masked_invalid(grid),
        cmap="RdYlGn",
        vmin=scale.min,
        vmax=scale.max,
        aspect="auto",
        interpolation="nearest",
    )
    ax.set_xticks([])
    ax.set_yticks([])
    _heatmap_names(ax, rep_names, groups)
    # Thin white lines between groups of competencies.
    edge = 0
    for group in groups[:-1]:
        edge += len(group.competencies)
        ax.axvline(edge - 0.5, color="white", linewidth=2)
    if len(rep_names) <= annotate_up_to:
        for (row, col), value in np.ndenumerate(grid):
            if not np.isnan(value):
                ax.text(col, row, f"{value:.0f}", ha="center", va="center", fontsize=6.5)
    middle = (scale.min + scale.max) // 2
    ax.figure.colorbar(image, ax=ax, fraction=0.03, pad=0.02, ticks=[scale.min, middle, scale.max])
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    return ax


def _heatmap_names(ax: Axes, rep_names: Sequence[str], groups: Sequence[CompetencyGroup]) -> None:
    """Competency names under the columns, in their group's colour; rep names beside the rows."""
    competencies = [c for g in groups for c in g.competencies]
    colour_of = {g.id: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, g in enumerate(groups)}
    below = ax.get_xaxis_transform()  # x in columns, y in axes fractions
    for col, competency in enumerate(competencies):
        ax.text(
            col,
            -0.01,
            competency.name,
            transform=below,
            rotation=60,
            rotation_mode="anchor",
            ha="right",
            va="top",
            fontsize=7,
            color=colour_of[competency.group],
        )
    beside = ax.get_yaxis_transform()  # x in axes fractions, y in rows
    for row, name in enumerate(rep_names):
        ax.text(-0.01, row, name, transform=beside, ha="right", va="center", fontsize=7)


def draw_fixes_per_rep(
    ax: Axes,
    rep_names: Sequence[str],
    fixes: Sequence[int],
    milestones: Sequence[int] = (),
    title: str = "",
    show_names: bool = True,
    annotate_up_to: int = 12,
) -> Axes:
    """Horizontal bars of fixes per rep, top to bottom in the given order, milestones dashed.

    Beside the heatmap, pass ``show_names=False``: the rows line up with its rep names.
    """
    rows = range(len(rep_names))
    ax.barh(list(rows), list(fixes), color=CURRENT_COLOUR, height=0.7, zorder=2)
    if show_names:
        ax.set_yticks(list(rows))
        ax.set_yticklabels(rep_names, fontsize=7)
    else:
        ax.set_yticks([])
    ax.set_ylim(len(rep_names) - 0.5, -0.5)
    if len(rep_names) <= annotate_up_to:
        for row, count in zip(rows, fixes, strict=True):
            ax.annotate(
                str(count),
                xy=(count, row),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
            )
    top = max([*fixes, 1])
    marks = [m for m in milestones if m <= top * 1.5]
    for mark in marks:
        ax.axvline(mark, color=MILESTONE_COLOUR, linestyle="--", linewidth=1, zorder=3)
    if marks:
        ax.set_xticks([0, *marks])  # the milestones are the numbers that matter here
    ax.grid(True, axis="x", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    return ax
