"""The balance wheel as SVG, in plain Python: for attendee kernels of a live room.

It draws what `workshop.keynote.charts.draw_wheel` draws (one segment per category, clockwise from
the top, filled to its score, out-of-balance segments in the warning colour), without
importing matplotlib: at 300 attendees per machine, matplotlib's ~45 MB in every kernel is
the difference between fitting and not. Category names are escaped.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from workshop.content.base import Scale
from workshop.content.exercises import Category
from workshop.html import escape
from workshop.keynote.charts import (
    EMPTY_COLOUR,
    OUT_OF_BALANCE_COLOUR,
    OUT_OF_BALANCE_TEXT,
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
    values: bool = False,
    label_width: int = 14,
) -> str:
    """An inline SVG of the wheel; unrated categories show as empty segments.

    `alt` is the wheel in words, for screen readers (its accessible name and its title).

    `spread`, when given, draws a ± whisker per segment (the room's standard deviation).
    `values` puts each category's score under its name ("6.2", or a dash if unrated). A big
    screen asks for larger labels (`label_size`, in units of the 460-unit drawing) on a smaller
    wheel (`radius`). The drawing's box is fitted around the wheel and every label, so no name
    is cut at the edge, whatever its length or script, and the wheel takes what room is left.
    """
    count = len(categories)
    width = 2 * math.pi / count
    flagged = set(out_of_balance)
    parts = [f"<title>{escape(alt)}</title>"] if alt else []
    parts += _rings(scale, radius)
    box = Box(SIZE / 2 - radius, SIZE / 2 - radius, SIZE / 2 + radius, SIZE / 2 + radius)
    for i, category in enumerate(categories):
        flag = category.id in flagged
        score = scores.get(category.id)
        parts += _segment(category, i * width, width, score, scale, flag, spread, radius)
        lines = wrap_label(category.name, label_width).split("\n")
        if values:
            lines.append("\N{EN DASH}" if score is None else f"{score:.1f}")
        label = Label(lines, i * width, flag, radius, label_size)
        parts.append(label.svg())
        box = box.union(label.box())
    if title:
        size = 13 * label_size / LABEL_SIZE
        y = box.top - size * 0.8
        parts.append(
            f"<text x='{SIZE / 2}' y='{y:.1f}' font-size='{size:g}' text-anchor='middle'>"
            f"{escape(title)}</text>"
        )
        box = box.union(Box(box.left, y - size, box.right, box.bottom))
    view = box.grown(MARGIN * label_size / LABEL_SIZE)
    named = f" aria-label='{escape(alt)}'" if alt else ""
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='{view.left:.1f} {view.top:.1f} "
        f"{view.width:.1f} {view.height:.1f}' width='{view.width:.0f}' "
        f"height='{view.height:.0f}' role='img' class='workshop-wheel-svg'{named} "
        f"font-family='DejaVu Sans, sans-serif'>{''.join(parts)}</svg>"
    )


def _rings(scale: Scale, radius: float) -> list[str]:
    """The scale's rings, faint, one per value."""
    return [
        f"<circle cx='{SIZE / 2}' cy='{SIZE / 2}' r='{radius * ring / scale.max:.1f}' "
        "fill='none' stroke='#d0d0d0' stroke-width='0.6'/>"
        for ring in scale.values
    ]


#: Space kept around the drawing, in its units at the default label size.
MARGIN = 4.0
#: How far a label stands off the rim, in ems of its type.
LABEL_GAP_EM = 0.6
#: Line height of a label, in ems.
LINE_EM = 1.2


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def union(self, other: Box) -> Box:
        return Box(
            min(self.left, other.left),
            min(self.top, other.top),
            max(self.right, other.right),
            max(self.bottom, other.bottom),
        )

    def grown(self, by: float) -> Box:
        return Box(self.left - by, self.top - by, self.right + by, self.bottom + by)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A generous estimate of a line's width in the drawing's units: wide (CJK) characters an
    em, others about two thirds of one (bold a little more), so a box fitted to it holds it."""
    em = 0.66 if bold else 0.62
    return size * sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else em for ch in text)


@dataclass(frozen=True)
class Label:
    """A category's name (and value) outside its segment: bold and red when out of balance,
    standing off the rim by the same gap whatever its size, so it never touches the wheel."""

    lines: list[str]
    angle: float
    flagged: bool
    outer: float
    size: float

    @property
    def _anchor(self) -> tuple[float, float, str]:
        half = self.size * LINE_EM * len(self.lines) / 2
        # Clear of the rim along the label's direction: its half-height where it sits above
        # or below the wheel, nothing more at the sides (there the text starts at the point).
        reach = self.outer + self.size * LABEL_GAP_EM + abs(math.cos(self.angle)) * half
        x, y = _point(reach, self.angle)
        anchor = (
            "middle" if abs(math.sin(self.angle)) < 0.2 else ("start" if x > SIZE / 2 else "end")
        )
        return x, y, anchor

    def box(self) -> Box:
        x, y, anchor = self._anchor
        width = max(text_width(line, self.size, self.flagged) for line in self.lines)
        left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
        half = self.size * LINE_EM * len(self.lines) / 2
        return Box(left, y - half, left + width, y + half)

    def svg(self) -> str:
        x, y, anchor = self._anchor
        weight = "bold" if self.flagged else "normal"
        fill = OUT_OF_BALANCE_TEXT if self.flagged else "#1b1b1b"
        first_dy = -LINE_EM / 2 * (len(self.lines) - 1)
        tspans = "".join(
            f"<tspan x='{x:.1f}' dy='{first_dy if n == 0 else LINE_EM:.2f}em'>{escape(line)}"
            "</tspan>"
            for n, line in enumerate(self.lines)
        )
        return (
            f"<text x='{x:.1f}' y='{y:.1f}' font-size='{self.size:g}' text-anchor='{anchor}' "
            f"dominant-baseline='middle' font-weight='{weight}' fill='{fill}'>{tspans}</text>"
        )


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
