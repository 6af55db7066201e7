"""The personal card screen: make the card, preview it, and download it as an A4 PDF or a PNG
for a phone; and the attendee's choice whether the facilitator's printed card shows their
do-overs and pledge (saved as an ordinary answer, `card.print_reflections`)."""

from __future__ import annotations

import base64
import subprocess
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

import ipywidgets as widgets

from workshop.errors import StoreError, WorkshopError
from workshop.html import escape
from workshop.reports import card as report
from workshop.services import answers, attendee
from workshop.ui.base import Quiet, error_html, heading
from workshop.ui.keynote.autosave import running_loop
from workshop.ui.keynote.context import AttendeeContext, IdentityBar

if TYPE_CHECKING:
    import asyncio

#: The downloaded files' name: fixed, never taken from anything an attendee typed.
FILE_STEM = "do-over-card"
#: Reading the answers, drawing the card, the PDF, the PNG.
STEPS = 4

Renderer = Callable[[AttendeeContext], report.CardFiles]


class CardView:
    """A button that makes the card; the preview and links are updated in place."""

    def __init__(self, context: AttendeeContext, renderer: Renderer | None = None) -> None:
        """`renderer` draws the card somewhere else (see `workshop.card_render`); without
        one the card is drawn in this process."""
        self.context = context
        self.renderer = renderer
        self._task: asyncio.Task[None] | None = None
        self.button = widgets.Button(
            description=context.label("make_card"),
            button_style="primary",
            icon="id-card",
            layout=widgets.Layout(width="auto"),
        )
        self.button.on_click(lambda _button: self.make())
        self.progress = widgets.IntProgress(
            value=0,
            min=0,
            max=STEPS,
            layout=widgets.Layout(width="12em", margin="auto 1em", display="none"),
        )
        self.status = widgets.HTML()
        self.status.add_class("workshop-card-status")
        self.downloads = widgets.HTML()
        self.downloads.add_class("workshop-card-downloads")
        self.quiet = Quiet()
        self.print_reflections = widgets.Checkbox(
            description=context.label("card_print_reflections"),
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        self.print_reflections.add_class("workshop-card-print-reflections")
        self.print_reflections.observe(self._save_choice, names="value")
        self._load_choice()
        self.preview = widgets.Image(
            format="png",
            layout=widgets.Layout(
                width="100%", max_width="480px", border="1px solid #d0d7de", display="none"
            ),
        )
        self.widget = widgets.VBox(
            [
                heading(context.label("card_title"), context.label("card_intro")),
                self.print_reflections,
                widgets.HBox([self.button, self.progress]),
                self.status,
                self.downloads,
                self.preview,
            ]
        )
        self.widget.add_class("workshop-card")
        # Another attendee on this page must never see the previous attendee's card.
        context.on_change(lambda _attendee: self.clear())

    def _load_choice(self) -> None:
        answers = self.context.store.answers(self.context.attendee.id)
        with self.quiet:
            self.print_reflections.value = report.wants_reflections_printed(answers)

    def _save_choice(self, change: dict[str, object]) -> None:
        if self.quiet:
            return
        try:
            answers.save_print_choice(
                self.context.store, self.context.attendee.id, bool(change["new"])
            )
        except StoreError as exc:
            self.status.value = error_html(str(exc))

    def make(self) -> bool:
        """Build the card from what the store holds now; show it, or say why it failed.

        With a `renderer` (a live room), the card is drawn out of this process: in a kernel
        that runs on a worker thread, so the page stays responsive while the card queues.
        """
        context = self.context
        self.button.disabled = True
        self.progress.value = 0
        self.progress.layout.display = "flex"
        self.status.value = f"<i>{escape(context.label('making_card'))}</i>"
        if self.renderer is not None:
            loop = running_loop()
            if loop is not None:
                self._task = loop.create_task(self._render_elsewhere())
                return True
        try:
            files = self._render_here() if self.renderer is None else self.renderer(context)
        except (WorkshopError, OSError, ValueError, RuntimeError) as exc:
            # Drawing problems surface from matplotlib as ValueError/RuntimeError.
            return self._failed(exc)
        return self._show(files)

    def _render_here(self) -> report.CardFiles:
        context = self.context
        attendee = context.attendee
        answers = context.store.answers(attendee.id)
        self.progress.value = 1
        today = date.today().isoformat()
        data = report.card_data(answers, context.content, attendee.nickname or "", today)
        figure = report.card_figure(data, context.content)
        self.progress.value = 2
        pdf = report.card_bytes(figure, "pdf", context.content)
        self.progress.value = 3
        png = report.phone_png(data, context.content)
        self.progress.value = 4
        return report.CardFiles(pdf, png)

    async def _render_elsewhere(self) -> None:
        import asyncio

        assert self.renderer is not None
        self.progress.value = 1
        try:
            files = await asyncio.to_thread(self.renderer, self.context)
        except (WorkshopError, OSError, subprocess.SubprocessError) as exc:
            self._failed(exc)
            return
        self._show(files)

    def _failed(self, exc: Exception) -> bool:
        self.button.disabled = False
        self.progress.layout.display = "none"
        self.status.value = error_html(f"{self.context.label('card_failed')}: {exc}")
        return False

    def _show(self, files: report.CardFiles) -> bool:
        context = self.context
        self.button.disabled = False
        self.progress.layout.display = "none"
        self.preview.value = files.png
        self.preview.layout.display = "block"
        self.downloads.value = downloads_html(files, context)
        # The room counts a card as done once it was made (`keynote.completion`).
        try:
            attendee.mark_card_made(context.store, context.content, context.attendee.id)
        except StoreError as exc:
            self.status.value = error_html(str(exc))
            return True
        ready = escape(context.label("card_ready"))
        self.status.value = f"<span class='workshop-saved'>✓ {ready}</span>"
        context.saved()
        return True

    def clear(self) -> None:
        self._load_choice()
        self.preview.value = b""
        self.preview.layout.display = "none"
        self.downloads.value = ""
        self.status.value = ""


def downloads_html(files: report.CardFiles, context: AttendeeContext) -> str:
    """Download links carrying the files inline, so nothing is written on the server."""
    style = (
        "display:inline-block;margin:0.3em 0.6em 0.3em 0;padding:0.4em 1em;border-radius:4px;"
        "background:#2f6db5;color:white;text-decoration:none"
    )
    links = []
    for suffix, mime, data, key in (
        ("pdf", "application/pdf", files.pdf, "download_pdf"),
        ("png", "image/png", files.png, "download_png"),
    ):
        encoded = base64.b64encode(data).decode("ascii")
        links.append(
            f"<a download='{FILE_STEM}.{suffix}' href='data:{mime};base64,{encoded}' "
            f"style='{style}'>{escape(context.label(key))}</a>"
        )
    return "".join(links)


def card_view(context: AttendeeContext | None = None) -> widgets.VBox:
    """Build the card screen for the notebook, with the identity bar on top."""
    context = context or AttendeeContext.from_environment()
    return widgets.VBox([IdentityBar(context).widget, CardView(context).widget])
