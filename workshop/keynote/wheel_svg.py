"""The balance wheel as SVG, in plain Python: for attendee kernels of a live room.

It draws what `workshop.keynote.charts.draw_wheel` draws (one segment per category, clockwise from
the top, filled to its score, out-of-balance segments in the warning colour), without
importing matplotlib: at 300 attendees per machine, matplotlib's ~45 MB in every kernel is
the difference between fitting and not. Category names are escaped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from workshop.content.base import Scale
from workshop.content.exercises import Category
from workshop.html import escape
from workshop.keynote.charts import (
    EMPTY_COLOUR,
    OUT_OF_BALANCE_COLOUR,
    PERSONAL_COLOUR,
    PROFESSIONAL_COLOUR,
)
from workshop.text import wrap_label

SIZE = 460
RADIUS = 125
LABEL_SIZE = 11.0
GAP = 0.05  # fraction of each segment's angle left empty between segments


def _point(radius: float, angle: float) -> tuple[float, float]:
    # Angle 0 is the top; angles grow clockwise, as on the matplotlib wheel.
    centre = SIZE / 2
    return centre + radius * math.sin(angle), centre - radius * math.cos(angle)


def _sector(radius: float, start: float, end: float) -> str:
    if radius <= 0:
        return ""
    x0, y0 = _point(radius, start)
    x1, y1 = _point(radius, end)
    large = 1 if end - start > math.pi else 0
    c = SIZE / 2
    arc = f"A{radius:.1f},{radius:.1f} 0 {large} 1 {x1:.1f},{y1:.1f}"
    return f"M{c:.1f},{c:.1f} L{x0:.1f},{y0:.1f} {arc} Z"


def wheel_svg(
    categories: Sequence[Category],
    scores: Mapping[str, float],
    scale: Scale,
    out_of_balance: Sequence[str] = (),
    spread: Mapping[str, float] | None = None,
    title: str = "",
    *,
    radius: float = RADIUS,
    label_size: float = LABEL_SIZE,
    alt: str = "",
) -> str:
    """An inline SVG of the wheel; unrated categories show as empty segments.

    `alt` is the wheel in words, for screen readers (its accessible name and its title).

    `spread`, when given, draws a ± whisker per segment (the room's standard deviation).
    A big screen asks for larger labels (`label_size`, in units of the 460-unit drawing) on a
    smaller wheel (`radius`), so the names stay inside the drawing.
    """
    count = len(categories)
    width = 2 * math.pi / count
    flagged = set(out_of_balance)
    named = f" aria-label='{escape(alt)}'" if alt else ""
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {SIZE} {SIZE}' "
        f"width='{SIZE}' height='{SIZE}' role='img' class='workshop-wheel-svg'{named} "
        "font-family='DejaVu Sans, sans-serif'>"
    ]
    if alt:
        parts.append(f"<title>{escape(alt)}</title>")
    for ring in scale.values:
        r = radius * ring / scale.max
        parts.append(
            f"<circle cx='{SIZE / 2}' cy='{SIZE / 2}' r='{r:.1f}' fill='none' "
            "stroke='#d0d0d0' stroke-width='0.6'/>"
        )
    for i, category in enumerate(categories):
        flag = category.id in flagged
        score = scores.get(category.id)
        parts += _segment(category, i * width, width, score, scale, flag, spread, radius)
        parts.append(_label(category, i * width, flag, radius, label_size))
    if title:
        parts.append(
            f"<text x='{SIZE / 2}' y='18' font-size='13' text-anchor='middle'>"
            f"{escape(title)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _colour(category: Category, flagged: bool) -> str:
    if flagged:
        return OUT_OF_BALANCE_COLOUR
    return PERSONAL_COLOUR if category.group == "personal" else PROFESSIONAL_COLOUR


def _segment(
    category: Category,
    middle: float,
    width: float,
    score: float | None,
    scale: Scale,
    flagged: bool,
    spread: Mapping[str, float] | None,
    outer: float = RADIUS,
) -> list[str]:
    """One category's empty segment, its score filled in, and the room's spread whisker."""
    start = middle - width / 2 + width * GAP / 2
    end = start + width * (1 - GAP)
    parts = [f"<path d='{_sector(outer, start, end)}' fill='{EMPTY_COLOUR}' opacity='0.5'/>"]
    if score is None:
        return parts
    radius = outer * score / scale.max
    parts.append(
        f"<path d='{_sector(radius, start, end)}' fill='{_colour(category, flagged)}' "
        f"opacity='0.85' stroke='white' data-category='{escape(category.id)}' "
        f"data-score='{score:g}'/>"
    )
    if spread is not None and category.id in spread:
        low = max(0.0, score - spread[category.id]) * outer / scale.max
        high = min(float(scale.max), score + spread[category.id]) * outer / scale.max
        (x0, y0), (x1, y1) = _point(low, middle), _point(high, middle)
        parts.append(
            f"<line x1='{x0:.1f}' y1='{y0:.1f}' x2='{x1:.1f}' y2='{y1:.1f}' "
            "stroke='#444444' stroke-width='1.2' opacity='0.8' class='spread'/>"
        )
    return parts


def _label(
    category: Category,
    middle: float,
    flagged: bool,
    outer: float = RADIUS,
    size: float = LABEL_SIZE,
) -> str:
    """The category's name outside its segment, wrapped, bold and red when out of balance."""
    x, y = _point(outer + 26 * size / LABEL_SIZE, middle)
    anchor = "middle" if abs(x - SIZE / 2) < 8 else ("start" if x > SIZE / 2 else "end")
    weight = "bold" if flagged else "normal"
    fill = OUT_OF_BALANCE_COLOUR if flagged else "#1b1b1b"
    lines = wrap_label(category.name, 14).split("\n")
    first_dy = -0.6 * (len(lines) - 1)
    tspans = "".join(
        f"<tspan x='{x:.1f}' dy='{first_dy if n == 0 else 1.2:.1f}em'>{escape(line)}</tspan>"
        for n, line in enumerate(lines)
    )
    return (
        f"<text x='{x:.1f}' y='{y:.1f}' font-size='{size:g}' text-anchor='{anchor}' "
        f"dominant-baseline='middle' font-weight='{weight}' fill='{fill}'>{tspans}</text>"
    )
