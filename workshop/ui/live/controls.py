"""The remote's controls: native buttons that say what they act on.

An ipywidgets Button can only be named by its visible text, and its styles ("success",
"info") put white text on mid-tone colours (about 2:1). A control here is a plain HTML
`<button>` (an ipyvue element, which Solara and JupyterLab both render), so its accessible name
can say what it acts on ("Lock 2 · Balance", "Hide “Think positive…”") while its face stays
short, and the remote's stylesheet sets colours of at least 4.5:1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import ipyvue

#: Longest piece of a wall entry an accessible name quotes; the rest is read on the row.
NAME_QUOTE_MAX = 40


def quoted(text: str, limit: int = NAME_QUOTE_MAX) -> str:
    """`text` for an accessible name: whole when short, else its start and an ellipsis (a
    screen reader reads the entry whole on its row; the name only has to tell rows apart)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class Control:
    """A button with a short face (`text`) and a `name` for assistive technology."""

    def __init__(
        self,
        text: str,
        name: str = "",
        on_click: Callable[[], object] | None = None,
        classes: Iterable[str] = (),
    ) -> None:
        self._on_click = on_click
        self.widget = ipyvue.Html(
            tag="button",
            children=[text],
            attributes=self._attributes(name, disabled=False),
            class_=" ".join(("workshop-control", *classes)),
        )
        self.widget.on_event("click", lambda *_args: self.click())

    @staticmethod
    def _attributes(name: str, *, disabled: bool) -> dict[str, object]:
        attributes: dict[str, object] = {"type": "button"}
        if name:
            attributes["aria-label"] = name
        if disabled:
            attributes["disabled"] = True
        return attributes

    @property
    def text(self) -> str:
        return str(self.widget.children[0])

    @property
    def name(self) -> str:
        """The accessible name: what a screen reader says, and what a test finds it by."""
        return str(self.widget.attributes.get("aria-label") or self.text)

    @property
    def disabled(self) -> bool:
        return bool(self.widget.attributes.get("disabled"))

    def show(
        self, text: str, name: str = "", *, disabled: bool = False, classes: Iterable[str] = ()
    ) -> None:
        """Update the face, the name, whether it can be pressed and its state classes; nothing
        is sent to the browser when nothing changed."""
        if [text] != list(self.widget.children):
            self.widget.children = [text]
        attributes = self._attributes(name, disabled=disabled)
        if attributes != self.widget.attributes:
            self.widget.attributes = attributes
        kept = [c for c in (self.widget.class_ or "").split() if not c.startswith("is-")]
        wanted = " ".join([*kept, *classes])
        if wanted != self.widget.class_:
            self.widget.class_ = wanted

    def visible(self, shown: bool) -> None:
        if shown:
            self.widget.show()
        else:
            self.widget.hide()

    @property
    def hidden(self) -> bool:
        return "d-none" in (self.widget.class_ or "").split()

    def click(self) -> None:
        """What a press does (a disabled or hidden control does nothing, as in a browser)."""
        if self._on_click is not None and not self.disabled and not self.hidden:
            self._on_click()
