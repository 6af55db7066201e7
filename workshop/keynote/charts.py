"""The keynote's charts, drawn with matplotlib onto an Axes the caller gives; each returns it.

matplotlib is imported inside the functions (see `workshop.plotting`), so an attendee kernel pays
for it only when a chart is first drawn.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from workshop.content.base import Scale
from workshop.content.exercises import Category
from workshop.plotting import polar_axes, render_png
from workshop.text import wrap_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.projections.polar import PolarAxes
    from matplotlib.text import Text

PROFESSIONAL_COLOUR = "#2f6db5"
PERSONAL_COLOUR = "#3a9d5d"
OUT_OF_BALANCE_COLOUR = "#d1495b"
#: The same warning as text: darker, to read at 4.5:1 or better on white (the fill is 4.4:1).
OUT_OF_BALANCE_TEXT = "#b3263a"
EMPTY_COLOUR = "#e8e8e8"
#: A chart's title wraps at about this many letters, so it never runs past its chart.
TITLE_CHARS = 34


def draw_wheel(
    ax: PolarAxes,
    categories: Sequence[Category],
    scores: Mapping[str, float],
    scale: Scale,
    out_of_balance: Sequence[str] = (),
    spread: Mapping[str, float] | None = None,
    label_width: int = 14,
    scored: bool = False,
    label_text: Callable[[str], str] | None = None,
    label_size: float = 8.0,
) -> PolarAxes:
    """The balance wheel on a polar Axes: one segment per category, filled to its score.

    Unrated categories show as an empty segment. Out-of-balance segments are drawn in the
    warning colour with a bold label. `spread`, when given, draws a ±band per segment (the
    room's wheel uses it for the standard deviation). `scored` puts each category's score
    under its name ("6/8", or a dash if unrated), so the wheel reads without a legend;
    `label_text` turns each finished label into what is drawn (a card marks what it cannot print).
    The names stand outside the rim, aligned away from it (`wheel_labels` finds them), in
    `label_size` points: a drawing that holds the wheel leaves room for them around it.
    """
    count = len(categories)
    width = 2 * math.pi / count
    angles = [i * width for i in range(count)]
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(0, scale.max)
    ax.set_yticks(list(scale.values))
    ax.set_yticklabels([str(v) if v in (scale.min, scale.max) else "" for v in scale.values])
    ax.set_xticks(angles)
    ax.set_xticklabels([])  # the names are placed by hand, clear of the rim (below)
    labels = [wrap_label(c.name, label_width) for c in categories]
    if scored:
        labels = [
            f"{text}\n{_score_text(scores.get(c.id), scale)}"
            for text, c in zip(labels, categories, strict=True)
        ]
    ax.grid(True, alpha=0.4)
    ax.bar(angles, [scale.max] * count, width=width * 0.95, color=EMPTY_COLOUR, alpha=0.5)
    flagged = set(out_of_balance)
    for angle, category in zip(angles, categories, strict=True):
        score = scores.get(category.id)
        if score is None:
            continue
        if category.id in flagged:
            colour = OUT_OF_BALANCE_COLOUR
        elif category.group == "personal":
            colour = PERSONAL_COLOUR
        else:
            colour = PROFESSIONAL_COLOUR
        ax.bar([angle], [score], width=width * 0.95, color=colour, alpha=0.85, edgecolor="white")
        if spread is not None and category.id in spread:
            low = max(0.0, score - spread[category.id])
            high = min(float(scale.max), score + spread[category.id])
            ax.plot([angle, angle], [low, high], color="#444444", linewidth=1, alpha=0.8)
    for angle, text, category in zip(angles, labels, categories, strict=True):
        shown = label_text(text) if label_text else text
        _wheel_label(ax, angle, shown, scale.max, category.id in flagged, label_size)
    return ax


#: Where a category's name stands: just past the rim (a fraction of the wheel's radius).
LABEL_RADIUS = 1.07


def _wheel_label(
    ax: PolarAxes, angle: float, text: str, rim: float, flagged: bool, size: float
) -> None:
    """A category's name outside the wheel, aligned away from it: left-aligned on the right
    side, right-aligned on the left, above the wheel at the top and below it at the bottom,
    so that however many lines it has, no line crosses the rim."""
    # Angles run clockwise from the top (`draw_wheel` sets the offset and direction).
    across, up = math.sin(angle), math.cos(angle)
    ha = "center" if abs(across) < 0.2 else ("left" if across > 0 else "right")
    va = "center" if abs(up) < 0.2 else ("bottom" if up > 0 else "top")
    ax.text(
        angle,
        rim * LABEL_RADIUS,
        text,
        ha=ha,
        va=va,
        ma="center",
        fontsize=size,
        color=OUT_OF_BALANCE_TEXT if flagged else "#1b1b1b",
        fontweight="bold" if flagged else "normal",
        clip_on=False,
        parse_math=False,
        gid="wheel-label",
    )


def label_lines(
    categories: Sequence[Category],
    scores: Mapping[str, float],
    scale: Scale,
    label_width: int = 14,
    scored: bool = False,
) -> list[int]:
    """How many lines each category's name takes on the wheel (`draw_wheel`'s wrapping)."""
    extra = 1 if scored else 0
    return [wrap_label(c.name, label_width).count("\n") + 1 + extra for c in categories]


def wheel_reach(lines: Sequence[int], radius: float, line_height: float) -> tuple[float, float]:
    """How far the names reach above and below the wheel's rim, in the units of `radius` and
    `line_height` (inches, say): a layout keeps that much room over and under the wheel."""
    above = below = 0.0
    count = len(lines)
    for i, n in enumerate(lines):
        up = math.cos(2 * math.pi * i / count)
        anchor = radius * LABEL_RADIUS * up
        height = n * line_height
        if up > 0.2:
            above = max(above, anchor + height - radius)
        elif up < -0.2:
            below = max(below, -anchor + height - radius)
        else:
            above = max(above, anchor + height / 2 - radius)
            below = max(below, -anchor + height / 2 - radius)
    return above, below


def wheel_labels(ax: Axes) -> list[Text]:
    """The category names `draw_wheel` placed, in the categories' order."""
    return [t for t in ax.texts if t.get_gid() == "wheel-label"]


def _score_text(score: float | None, scale: Scale) -> str:
    if score is None:
        return "\N{EN DASH}"
    shown = f"{score:g}" if isinstance(score, float) else str(score)
    return f"{shown}/{scale.max}"


def wheel_png(
    categories: Sequence[Category],
    scores: Mapping[str, float],
    scale: Scale,
    out_of_balance: Sequence[str] = (),
    size: float = 4.2,
) -> bytes:
    """The wheel as PNG bytes, for an Image widget."""

    def draw(figure: Figure) -> None:
        draw_wheel(polar_axes(figure), categories, scores, scale, out_of_balance)

    return render_png(draw, size, size)


def draw_heatmap(
    ax: Axes,
    rows: Sequence[str],
    columns: Sequence[int],
    counts: Sequence[Sequence[int]],
    title: str = "",
) -> Axes:
    """Counts as a heatmap: one row per category, one column per score, each cell labelled."""
    ax.imshow(counts, cmap="Blues", aspect="auto", vmin=0)
    ax.set_xticks(range(len(columns)), [str(c) for c in columns])
    ax.set_yticks(range(len(rows)), [wrap_label(r, 22) for r in rows], fontsize=8)
    peak = max((max(row) for row in counts if len(row)), default=0)
    for i, row in enumerate(counts):
        for j, value in enumerate(row):
            if value:
                dark = value > peak * 0.6
                ax.text(
                    j,
                    i,
                    str(value),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if dark else "#1b1b1b",
                )
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if title:
        ax.set_title(wrap_label(title, TITLE_CHARS), fontsize=10)
    return ax


def draw_top_bars(
    ax: Axes,
    labels: Sequence[str],
    counts: Sequence[int],
    title: str = "",
    colour: str = OUT_OF_BALANCE_COLOUR,
) -> Axes:
    """Horizontal bars, largest on top, each labelled with its count."""
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, counts, color=colour, alpha=0.85)
    ax.set_yticks(positions, [wrap_label(label, 26) for label in labels], fontsize=8)
    for y, value in zip(positions, counts, strict=True):
        ax.text(value, y, f" {value}", va="center", fontsize=8)
    ax.set_xticks([])
    for spine in ("top", "right", "bottom"):
        ax.spines[spine].set_visible(False)
    if title:
        ax.set_title(wrap_label(title, TITLE_CHARS), fontsize=10)
    return ax
