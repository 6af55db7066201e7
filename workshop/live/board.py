"""The room board: the room's wheel, the score heatmap and the out-of-balance ranking in one
picture, for the dashboard and the session report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workshop.content.keynote import Content
from workshop.content.live import LiveContent
from workshop.figures import polar_axes
from workshop.html import escape
from workshop.keynote import charts
from workshop.live.room import RoomSnapshot

if TYPE_CHECKING:
    from matplotlib.figure import FigureBase


def draw_board(
    figure: FigureBase, snap: RoomSnapshot, content: Content, live: LiveContent
) -> FigureBase:
    """Compose the three room charts onto `figure` (side by side)."""
    # Fixed margins instead of a tight bounding box, which would draw the figure twice.
    grid = figure.add_gridspec(
        1,
        3,
        width_ratios=(1.0, 1.1, 0.9),
        wspace=0.75,
        left=0.05,
        right=0.97,
        top=0.86,
        bottom=0.1,
    )
    shown = [content.balance.category(c) for c in snap.categories]
    wheel = polar_axes(figure, grid[0, 0])
    charts.draw_wheel(
        wheel,
        shown,
        snap.means,
        content.balance.scale,
        [c for c, _ in snap.out_of_balance[:2]],
        spread=snap.spreads,
        label_width=12,
    )
    wheel.set_title(live.label("room_wheel"), fontsize=10, pad=18)
    charts.draw_heatmap(
        figure.add_subplot(grid[0, 1]),
        [c.name for c in shown],
        list(content.balance.scale.values),
        snap.distribution.to_numpy().tolist(),
        title=live.label("distribution"),
    )
    bars = figure.add_subplot(grid[0, 2])
    if snap.out_of_balance:
        charts.draw_top_bars(
            bars,
            [content.balance.category(c).name for c, _ in snap.out_of_balance],
            [n for _, n in snap.out_of_balance],
            title=live.label("top_out_of_balance"),
        )
    else:
        bars.set_axis_off()
        bars.set_title(live.label("top_out_of_balance"), fontsize=10)
    return figure


def _blend(low: tuple[int, int, int], high: tuple[int, int, int], t: float) -> str:
    r, g, b = (round(a + (z - a) * t) for a, z in zip(low, high, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def heatmap_html(snap: RoomSnapshot, content: Content, title: str) -> str:
    """The score distribution as an HTML heatmap: categories x scores, each cell counted.

    HTML rather than an image so the big screen stays sharp and a refresh costs nothing.
    """
    scale = list(content.balance.scale.values)
    matrix = snap.distribution.to_numpy().tolist()
    peak = max((max(row) for row in matrix if row), default=0) or 1
    head = "".join(f"<th style='padding:2px 6px'>{v}</th>" for v in scale)
    body = []
    for category_id, row in zip(snap.categories, matrix, strict=True):
        name = escape(content.balance.category(category_id).name)
        cells = []
        for value in row:
            t = value / peak
            colour = _blend((247, 251, 255), (8, 48, 107), t)
            ink = "#ffffff" if t > 0.55 else "#1b1b1b"
            cells.append(
                f"<td style='background:{colour};color:{ink};text-align:center;"
                f"padding:3px 6px;min-width:2.6em'>{value or ''}</td>"
            )
        body.append(
            f"<tr><th style='text-align:right;padding-right:8px'>{name}</th>{''.join(cells)}</tr>"
        )
    return (
        f"<h4>{escape(title)}</h4><table class='workshop-heatmap' "
        f"style='border-collapse:collapse;font-variant-numeric:tabular-nums'>"
        f"<tr><th></th>{head}</tr>{''.join(body)}</table>"
    )


def ranking_html(snap: RoomSnapshot, content: Content, title: str) -> str:
    """The categories most often out of balance, as labelled bars."""
    peak = max((n for _, n in snap.out_of_balance), default=0) or 1
    rows = []
    for category_id, n in snap.out_of_balance:
        name = escape(content.balance.category(category_id).name)
        width = max(2, round(100 * n / peak))
        rows.append(
            f"<div style='margin:3px 0'><div>{name}</div><div style='display:flex;"
            f"align-items:center'><div style='background:{charts.OUT_OF_BALANCE_COLOUR};"
            f"height:1.1em;width:{width}%'></div><b style='margin-left:6px'>{n}</b></div></div>"
        )
    return f"<h4>{escape(title)}</h4>{''.join(rows)}"


def room_wheel_svg(snap: RoomSnapshot, content: Content, live: LiveContent) -> str:
    """The room's average wheel with each category's spread, as inline SVG."""
    from workshop.keynote.wheel_svg import wheel_svg

    return wheel_svg(
        [content.balance.category(c) for c in snap.categories],
        snap.means,
        content.balance.scale,
        [c for c, _ in snap.out_of_balance[:2]],
        spread=snap.spreads,
        title=live.label("room_wheel"),
    )
