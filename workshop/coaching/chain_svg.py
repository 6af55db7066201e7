"""The chain of coaches as a picture: the director, each manager under them, each rep under
their manager, every box marked by whether that person is on track.

A vertical tree, so it reads on a phone as well as on a laptop: one row per person, indented
by level, joined by lines. Status shows as a colour *and* a mark (a tick, !, a cross), never
colour alone. Plain SVG from Python, every name escaped; every word is passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from workshop.coaching.director import DirectorView, ManagerLine, RepLine, Status
from workshop.html import escape

WIDTH = 420
ROW = 54
BOX = 46
INDENT = 24
COLOURS: dict[Status, str] = {"on_track": "#1b7f3b", "watch": "#a15c00", "behind": "#b00020"}
MARKS: dict[Status, str] = {"on_track": "\u2713", "watch": "!", "behind": "\u00d7"}
NEUTRAL = "#44546a"


@dataclass(frozen=True)
class ChainWords:
    """The picture's words: its title, each status, and the line beside managers and reps."""

    title: str
    statuses: Mapping[Status, str]
    manager: Callable[[ManagerLine], str]
    rep: Callable[[RepLine], str]


@dataclass(frozen=True)
class _Row:
    depth: int
    name: str
    detail: str
    status: Status | None


def _rows(view: DirectorView, words: ChainWords) -> list[_Row]:
    rows = [_Row(0, view.director.name, "", None)]
    for line in view.managers:
        rows.append(_Row(1, line.manager.name, words.manager(line), line.status))
        rows.extend(_Row(2, r.rep.name, words.rep(r), r.status) for r in line.reps)
    return rows


def chain_svg(view: DirectorView, words: ChainWords) -> str:
    """The chain as an inline SVG that scales to its container's width."""
    rows = _rows(view, words)
    height = ROW * len(rows) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="chain-title" class="workshop-chain" '
        f'style="display:block;width:100%;height:auto;max-width:{WIDTH * 1.3:.0f}px;'
        'font-family:system-ui,sans-serif">',
        f'<title id="chain-title">{escape(_summary(rows, words))}</title>',
    ]
    parents: dict[int, int] = {}
    for index, row in enumerate(rows):
        parents[row.depth] = index
        if row.depth:
            parts.append(_link(parents[row.depth - 1], index, row.depth))
        parts.append(_box(index, row))
    parts.append("</svg>")
    return "".join(parts)


def _summary(rows: list[_Row], words: ChainWords) -> str:
    """The picture said in words, for a screen reader: each person and their status."""
    people = "; ".join(
        f"{row.name}: {words.statuses[row.status]}" for row in rows if row.status is not None
    )
    return f"{words.title}. {people}" if people else words.title


def _link(parent: int, child: int, depth: int) -> str:
    x = (depth - 1) * INDENT + 12
    y0, y1 = parent * ROW + 4 + BOX, child * ROW + 4 + BOX / 2
    return (
        f'<path d="M{x},{y0} V{y1} H{x + INDENT - 12}" fill="none" stroke="#9aa5b1" '
        'stroke-width="1.5"/>'
    )


def _box(index: int, row: _Row) -> str:
    """A person's box: their mark, their name, and their numbers on a line below."""
    x, y = row.depth * INDENT, index * ROW + 4
    colour = COLOURS[row.status] if row.status else NEUTRAL
    middle = y + BOX / 2
    mark = (
        f'<circle cx="{x + 17}" cy="{middle}" r="11" fill="{colour}"/>'
        f'<text x="{x + 17}" y="{middle + 5}" text-anchor="middle" font-size="15" '
        f'font-weight="700" fill="#fff">{MARKS[row.status]}</text>'
        if row.status
        else ""
    )
    text_x = x + (36 if row.status else 12)
    name_y = y + (19 if row.detail else BOX / 2 + 5)
    detail = (
        f'<text x="{text_x}" y="{y + 37}" font-size="13" fill="#333">{escape(row.detail)}</text>'
        if row.detail
        else ""
    )
    return (
        "<g>"
        f'<rect x="{x + 1}" y="{y}" width="{WIDTH - x - 2}" height="{BOX}" rx="6" '
        f'fill="#fff" stroke="{colour}" stroke-width="{2 if row.status else 1.5}"/>'
        f"{mark}"
        f'<text x="{text_x}" y="{name_y}" font-size="15" font-weight="600" '
        f'fill="#111">{escape(_short(row.name))}</text>{detail}</g>'
    )


def _short(name: str, limit: int = 30) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "\u2026"
