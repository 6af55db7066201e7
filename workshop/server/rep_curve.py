"""A rep's fixes curve as a small inline SVG: drawn by the server in microseconds, with no
plotting library in its process, and named for screen readers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from workshop.coaching.progress import CurvePoint
from workshop.html import escape

WIDTH, HEIGHT, PAD = 320, 160, 28
LINE = "#1a65a6"
MARK = "#505a5f"


def curve_svg(points: Sequence[CurvePoint], today: date, mark: int | None, alt: str) -> str:
    """The cumulative fixes up to `today`, against the next milestone `mark` (dashed)."""
    top = max([mark or 0, *(p.total for p in points), 1])
    start = points[0].on if points else today
    span = max((today - start).days, 1)

    def x(day: date) -> float:
        return PAD + (WIDTH - 2 * PAD) * (day - start).days / span

    def y(total: int) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * total / top

    steps = [(x(start), y(0))]
    for point in points:
        steps += [(x(point.on), steps[-1][1]), (x(point.on), y(point.total))]
    steps.append((x(today), steps[-1][1]))
    line = " ".join(f"{a:.1f},{b:.1f}" for a, b in steps)
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {WIDTH} {HEIGHT}' role='img' "
        f"aria-label='{escape(alt)}' class='curve'><title>{escape(alt)}</title>",
        f"<line x1='{PAD}' y1='{HEIGHT - PAD}' x2='{WIDTH - PAD}' y2='{HEIGHT - PAD}' "
        f"stroke='{MARK}'/>",
        f"<polyline points='{line}' fill='none' stroke='{LINE}' stroke-width='3'/>",
        f"<text x='{PAD - 6}' y='{HEIGHT - PAD}' font-size='12' text-anchor='end' "
        f"fill='{MARK}'>0</text>",
    ]
    if mark:
        parts.append(
            f"<line x1='{PAD}' y1='{y(mark):.1f}' x2='{WIDTH - PAD}' y2='{y(mark):.1f}' "
            f"stroke='{MARK}' stroke-dasharray='4 4'/><text x='{PAD - 6}' y='{y(mark) + 4:.1f}' "
            f"font-size='12' text-anchor='end' fill='{MARK}'>{mark}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
