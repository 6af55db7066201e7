"""Walking a view's widget tree in headless tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets


def all_widgets(root: Any) -> Iterator[Any]:
    """`root` and every widget inside it, depth first, in the order they are shown."""
    yield root
    for child in getattr(root, "children", ()) or ():
        yield from all_widgets(child)


def html_values(root: Any) -> list[str]:
    """The markup of every HTML widget under `root`: where escaping must hold."""
    return [w.value for w in all_widgets(root) if isinstance(w, widgets.HTML)]
