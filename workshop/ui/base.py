"""What every view shares, whatever its wing: small HTML pieces, refusals in the content's
words, and the guard that keeps a view's own updates from looking like a person's edits."""

from __future__ import annotations

import ipywidgets as widgets

from workshop.html import escape
from workshop.services.wording import refusal_text as refusal_text  # shared by every view

ERROR_COLOUR = "#b00020"
OK_COLOUR = "#1b5e20"


class Quiet:
    """A re-entry guard: while a view sets its own widgets, their observers stay quiet.

    ``with self.quiet: widget.value = saved`` around the update, and ``if self.quiet: return``
    at the top of the observer. It nests, so a reload inside a reload is still quiet.
    """

    def __init__(self) -> None:
        self._depth = 0

    def __bool__(self) -> bool:
        return self._depth > 0

    def __enter__(self) -> None:
        self._depth += 1

    def __exit__(self, *exc: object) -> None:
        self._depth -= 1


def error_html(message: str) -> str:
    return f"<span class='workshop-error' style='color:{ERROR_COLOUR}'>{escape(message)}</span>"


def message_html(text: str) -> str:
    return f"<span class='workshop-ok' style='color:{OK_COLOUR}'>{escape(text)}</span>"


def note_html(text: str) -> str:
    return f"<small style='color:#555'>{escape(text)}</small>"


def heading(title: str, intro: str = "") -> widgets.HTML:
    body = f"<h2>{escape(title)}</h2>"
    if intro:
        body += f"<p>{escape(intro)}</p>"
    return widgets.HTML(body)


def stylesheet(css: str) -> widgets.HTML:
    """A widget that carries `css` to the page (it shows nothing itself). Served, on Voilà and
    in JupyterLab alike; a view scopes its rules under its own class."""
    sheet = widgets.HTML(f"<style>{css}</style>", layout=widgets.Layout(display="none"))
    sheet.add_class("workshop-style")
    return sheet
