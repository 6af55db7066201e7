"""The big screen's room results: the balance slide (the room's wheel, the heatmap, the most
out-of-balance categories and the top finders) and the wall as counted cards.

Each is laid out to fit its slide before it is drawn (`workshop.live.fit`): texts wrap, a
column whose texts are long is set a little smaller, a wall shows the cards that fit and counts
the rest. Nothing is cut with an ellipsis. Every colour holds at least 4.5:1 with its text,
heatmap cells included (`workshop.html.readable_ink`). Wall text is escaped here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent
from workshop.html import escape, readable_ink
from workshop.keynote.wheel_svg import wheel_svg
from workshop.live import fit
from workshop.live.figures import RoomSnapshot
from workshop.live.wall import WallGroup

#: Most bars in a ranking on a slide.
TOP_SHOWN = 3
#: Most wall groups a slide shows (the most shared); the rest are counted.
WALL_SHOWN = 12
#: The heatmap's palette, from no one to the most common score.
HEAT_LOW, HEAT_HIGH = (247, 251, 255), (8, 48, 107)
#: The balance slide: the wheel's share of the main area's width, and the gap beside it.
WHEEL_WIDTH_EM = 33.0
COLUMN_GAP_EM = 2.0
#: Wheel labels wrap at about this many letters, and are at least one em of body type.
WHEEL_LABEL_CHARS = 11
#: Bars' backgrounds: light tints, so their labels read at far more than 4.5:1.
OUT_OF_BALANCE_TINT = "#f6c9cf"
FINDER_TINT = "#cfe6d6"
INGREDIENT_TINT = "#cddcf3"
#: The wall's default limit (`limits.wall_max_chars`): entries past it are shown cut short.
WALL_LONGEST = 140
#: An over-long entry's card: at most this share of the slide's width, and this many lines.
OVER_WIDTH = 0.3
OVER_LINES = 3


def balance_main(
    content: KeynoteContent, live: LiveContent, room: RoomSnapshot, height_em: float
) -> str:
    label = live.label
    column = fit.MAIN_WIDTH_EM - WHEEL_WIDTH_EM - COLUMN_GAP_EM
    name = {c.id: c.name for c in content.balance.categories}
    out = [(name[c], n) for c, n in room.out_of_balance[:TOP_SHOWN]]
    finders = [(f, n) for f, _c, n in room.top_finders[:TOP_SHOWN]]
    heat = _heatmap(content, room, column)
    needed = (
        3 * 1.6  # three headings
        + heat.height_em
        + _bars_height(out, column)
        + _bars_height(finders, column)
        + 1.6  # the gaps between the parts
    )
    scale = fit.shrink(needed, height_em)
    return (
        f"<div class='wp-main wp-balance'><div class='wp-wheel'>"
        f"{_wheel(content, room, height_em)}</div>"
        f"<div class='wp-column' style='font-size:{scale:g}em'>"
        f"<div class='wp-heading'>{escape(label('distribution'))}{_randomized(live, room)}"
        f"</div>{heat.html}"
        f"<div class='wp-heading'>{escape(label('top_out_of_balance'))}</div>"
        f"{bars(out, OUT_OF_BALANCE_TINT)}"
        f"<div class='wp-heading'>{escape(label('top_finders'))}</div>"
        f"{bars(finders, FINDER_TINT)}</div></div>"
    )


def _randomized(live: LiveContent, room: RoomSnapshot) -> str:
    """Said beside the room's figures: some of the scores behind them are random, on purpose
    (`workshop.live.randomized`)."""
    if room.randomized <= 0:
        return ""
    note = live.label("randomized_note", percent=round(room.randomized * 100))
    return f" <span class='wp-randomized'>· {escape(note)}</span>"


def _wheel(content: KeynoteContent, room: RoomSnapshot, height_em: float) -> str:
    """The room's wheel with each category's mean, as large as the main area allows, its
    labels at least the body type's size."""
    categories = [content.balance.category(c) for c in room.categories]
    flagged = [c for c, _ in room.out_of_balance[:2]]
    size = 14.0
    for _ in range(4):
        svg = wheel_svg(
            categories,
            room.means,
            content.balance.scale,
            flagged,
            spread=room.spreads,
            radius=150,
            label_size=size,
            values=True,
            label_width=WHEEL_LABEL_CHARS,
        )
        width, height = _view(svg)
        ems_per_unit = min(WHEEL_WIDTH_EM / width, height_em / height)
        if size * ems_per_unit >= 1.0:
            break
        size = size / (size * ems_per_unit) * 1.02
    return svg


def _view(svg: str) -> tuple[float, float]:
    match = re.search(r"viewBox='[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)'", svg)
    assert match is not None
    return float(match[1]), float(match[2])


class _Heat:
    def __init__(self, html: str, height_em: float) -> None:
        self.html = html
        self.height_em = height_em


def heat_cell(value: int, peak: int) -> tuple[str, str]:
    """A heatmap cell's background and the ink that reads best on it (4.58:1 at worst)."""
    t = value / peak if peak else 0.0
    r, g, b = (round(a + (z - a) * t) for a, z in zip(HEAT_LOW, HEAT_HIGH, strict=True))
    shade = f"#{r:02x}{g:02x}{b:02x}"
    return shade, readable_ink(shade)


def _heatmap(content: KeynoteContent, room: RoomSnapshot, column_em: float) -> _Heat:
    scale = list(content.balance.scale.values)
    matrix = room.distribution.to_numpy().tolist()
    peak = max((max(row) for row in matrix if row), default=0) or 1
    head = "".join(f"<th>{v}</th>" for v in scale)
    name_em = max(6.0, column_em - 1.9 * len(scale) - 1.0)
    rows, height = [], 1.3
    for category_id, row in zip(room.categories, matrix, strict=True):
        cells = []
        for value in row:
            shade, ink = heat_cell(int(value), peak)
            cells.append(f"<td style='background:{shade};color:{ink}'>{value or ''}</td>")
        name = content.balance.category(category_id).name
        height += 1.25 * fit.lines(name, name_em)
        rows.append(
            f"<tr><th class='wp-name' style='max-width:{name_em:.1f}em'>{escape(name)}</th>"
            f"{''.join(cells)}</tr>"
        )
    html = f"<table class='wp-heat'><tr><th></th>{head}</tr>{''.join(rows)}</table>"
    return _Heat(html, height)


def _bars_height(items: Sequence[tuple[str, int]], column_em: float) -> float:
    return sum(1.2 * fit.lines(text, column_em - 2.5) + 0.5 for text, _n in items)


def bars(items: Sequence[tuple[str, int]], tint: str) -> str:
    """A ranking: each text whole, over a tint as long as its count is of the largest."""
    peak = max((n for _, n in items), default=0) or 1
    return "".join(
        f"<div class='wp-bar' style='background:linear-gradient(to right, {tint} "
        f"{max(3, round(100 * n / peak))}%, transparent 0)'>"
        f"<span class='wp-bar-label'>{escape(text)}</span><b>{n}</b></div>"
        for text, n in items
    )


# -- the wall -----------------------------------------------------------------------------------


def wall_cards(
    groups: Sequence[WallGroup],
    empty: str,
    width_em: float,
    height_em: float,
    longest: int = WALL_LONGEST,
) -> str:
    """The wall's groups as counted cards, the most shared largest, as many as fit the column
    whole (`width_em` x `height_em`); the rest are counted. An entry within the wall's limit
    (`longest` characters, `limits.wall_max_chars`) shows whole; one past it (kept from before
    the limit, or shared under a longer one) takes at most three lines of under a third of the
    screen's width (`.wp-card-over`), so no one entry covers the wall."""
    if not groups:
        return f"<div class='wp-note'>{escape(empty)}</div>"
    candidates = list(groups[:WALL_SHOWN])
    peak = max(g.count for g in candidates)
    sizes = [1.0 + 0.8 * (g.count - 1) / max(1, peak - 1) if peak > 1 else 1.0 for g in candidates]
    shown = _fitting_cards(candidates, sizes, width_em, height_em - 1.5, longest)
    cards = []
    for group, size in zip(candidates[:shown], sizes, strict=False):
        count = f"<b>&times;{group.count}</b>" if group.count > 1 else ""
        over = " wp-card-over" if len(group.body) > longest else ""
        cards.append(
            f"<div class='wp-card{over} workshop-wall-group' data-count='{group.count}' "
            f"style='font-size:{size:.2f}em'><span class='wp-card-text' dir='auto'>"
            f"{escape(group.body)}</span>{count}</div>"
        )
    rest = len(groups) - shown
    more = f"<div class='wp-more'>+{rest}</div>" if rest > 0 else ""
    return f"<div class='wp-wall'>{''.join(cards)}{more}</div>"


def _fitting_cards(
    groups: Sequence[WallGroup],
    sizes: Sequence[float],
    width_em: float,
    height_em: float,
    longest: int = WALL_LONGEST,
) -> int:
    """How many cards, in order, a column holds: laid out as the page wraps them, in rows."""
    used, row_width, row_height = 0.0, 0.0, 0.0
    gap = 0.5
    for index, (group, size) in enumerate(zip(groups, sizes, strict=True)):
        badge = f" \u00d7{group.count}" if group.count > 1 else ""
        over = len(group.body) > longest
        widest = min(width_em, OVER_WIDTH * fit.SLIDE_WIDTH_EM) if over else width_em
        inner = (widest - 1.4 * size) / size  # the card's text width, in its own ems
        text = fit.text_em(group.body + badge)
        card_width = min(widest, (text + 1.4) * size)
        lines = fit.lines(group.body + badge, inner)
        card_height = ((min(lines, OVER_LINES) if over else lines) * 1.3 + 0.7) * size
        if row_width and row_width + gap + card_width > width_em:
            used += row_height + gap
            row_width, row_height = 0.0, 0.0
        row_width += (gap if row_width else 0.0) + card_width
        row_height = max(row_height, card_height)
        if used + row_height > height_em:
            return max(1, index) if index else 1
    return len(groups)
