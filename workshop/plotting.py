"""matplotlib figures without pyplot: a figure with its own canvas, and its bytes.

matplotlib is imported inside the functions, so a process pays for it only when it draws.
Nothing here calls ``plt.show()`` or touches pyplot's global state. Chart functions draw onto an
Axes they are given; these helpers make the figure and turn it into a file.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure, FigureBase
    from matplotlib.projections.polar import PolarAxes


def new_figure(width: float, height: float, dpi: int = 100) -> Figure:
    """A figure with its own Agg canvas, independent of pyplot."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(figure)
    return figure


def polar_axes(figure: FigureBase, *args: Any, **kwargs: Any) -> PolarAxes:
    """Add a polar Axes to `figure` (typed as such, which `add_subplot` cannot express)."""
    from matplotlib.projections.polar import PolarAxes

    ax = figure.add_subplot(*args, projection="polar", **kwargs)
    assert isinstance(ax, PolarAxes)
    return ax


def png(figure: Figure, tight: bool = True) -> bytes:
    """The figure as PNG; `tight` trims the margins at the cost of a second layout pass."""
    buffer = io.BytesIO()
    # Light compression: a bigger file, but the encoding is a large part of a big figure's time.
    figure.savefig(
        buffer,
        format="png",
        bbox_inches="tight" if tight else None,
        pil_kwargs={"compress_level": 1},
    )
    return buffer.getvalue()


def svg(figure: Figure) -> bytes:
    """The figure as SVG whose texts are text elements, so the browser draws the letters.

    Rasterising many names is most of what a PNG of them costs; as SVG such a figure takes
    about half the time, and stays sharp when zoomed. An SVG shown through an Image widget is
    an <img>, which never runs scripts.
    """
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "workshop"}):
        figure.savefig(buffer, format="svg")
    return buffer.getvalue()


def render_png(
    draw: Callable[[Figure], object], width: float, height: float, dpi: int = 100
) -> bytes:
    """Draw onto a fresh figure and return it as PNG bytes."""
    figure = new_figure(width, height, dpi)
    draw(figure)
    return png(figure)
