"""The room board: the room's wheel, the score heatmap and the out-of-balance ranking in one
picture, for the dashboard and the session report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent
from workshop.keynote import charts
from workshop.live.figures import RoomSnapshot
from workshop.plotting import polar_axes
from workshop.text import wrap_label

if TYPE_CHECKING:
    from matplotlib.figure import FigureBase


def draw_board(
    figure: FigureBase, snap: RoomSnapshot, content: KeynoteContent, live: LiveContent
) -> FigureBase:
    """Compose the three room charts onto `figure` (side by side)."""
    # Fixed margins instead of a tight bounding box, which would draw the figure twice.
    grid = figure.add_gridspec(
        1,
        3,
        width_ratios=(1.2, 1.1, 0.8),
        wspace=0.75,
        left=0.09,
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
    # The title stands above the names over the wheel, never on them.
    extent = wheel.get_window_extent()
    root = wheel.get_figure(root=True)
    assert root is not None
    radius = min(extent.width, extent.height) / 2 / root.dpi
    lines = charts.label_lines(shown, snap.means, content.balance.scale, 12)
    above, _below = charts.wheel_reach(lines, radius, 8.0 * 1.2 / 72)
    wheel.set_title(
        wrap_label(live.label("room_wheel"), charts.TITLE_CHARS),
        fontsize=10,
        pad=above * 72 * 1.15 + 10,
    )
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
        bars.set_title(
            wrap_label(live.label("top_out_of_balance"), charts.TITLE_CHARS), fontsize=10
        )
    _randomized_note(figure, live, snap)
    return figure


def _randomized_note(figure: FigureBase, live: LiveContent, snap: RoomSnapshot) -> None:
    """As on the big screen: some scores behind these figures are random, on purpose."""
    if snap.randomized > 0:
        note = live.label("randomized_note", percent=round(snap.randomized * 100))
        figure.text(0.5, 0.01, note, ha="center", va="bottom", fontsize=8, color="#4a4a4a")
