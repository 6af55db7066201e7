"""The personal card screen: make the card, preview it, and download it as PDF or PNG."""

from __future__ import annotations

import base64

import ipywidgets as widgets

from workshop import report
from workshop.errors import StoreError, WorkshopError
from workshop.store import now
from workshop.ui.common import AttendeeSession, IdentityBar, error_html, escape, heading

#: The downloaded files' name: fixed, never taken from anything an attendee typed.
FILE_STEM = "do-over-card"
#: Reading the answers, drawing the card, the PDF, the PNG.
STEPS = 4


class CardView:
    """A button that makes the card; the preview and links are updated in place."""

    def __init__(self, session: AttendeeSession) -> None:
        self.session = session
        self.button = widgets.Button(
            description=session.label("make_card"),
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
        self.preview = widgets.Image(
            format="png",
            layout=widgets.Layout(
                width="100%", max_width="480px", border="1px solid #d0d7de", display="none"
            ),
        )
        self.widget = widgets.VBox(
            [
                heading(session.label("card_title")),
                widgets.HBox([self.button, self.progress]),
                self.status,
                self.downloads,
                self.preview,
            ]
        )
        self.widget.add_class("workshop-card")
        # Another attendee on this page must never see the previous attendee's card.
        session.on_change(lambda _attendee: self.clear())

    def make(self) -> bool:
        """Build the card from what the store holds now; show it, or say why it failed."""
        session = self.session
        self.button.disabled = True
        self.progress.value = 0
        self.progress.layout.display = "flex"
        self.status.value = f"<i>{escape(session.label('making_card'))}</i>"
        try:
            answers = session.store.answers(session.attendee.id)
            self.progress.value = 1
            figure = report.card_figure(report.card_data(answers, session.content), session.content)
            self.progress.value = 2
            pdf = report.card_bytes(figure, "pdf", session.content)
            self.progress.value = 3
            png = report.card_bytes(figure, "png", session.content, report.PNG_DPI)
            self.progress.value = 4
        except (WorkshopError, OSError, ValueError, RuntimeError) as exc:
            # Drawing problems surface from matplotlib as ValueError/RuntimeError.
            self.status.value = error_html(f"{session.label('card_failed')}: {exc}")
            return False
        finally:
            self.button.disabled = False
            self.progress.layout.display = "none"
        self.preview.value = png
        self.preview.layout.display = "block"
        self.downloads.value = downloads_html(report.CardFiles(pdf, png), session)
        # The room counts a card as done once it was made (workshop.session.completed_steps).
        try:
            session.store.save_text(session.attendee.id, "card", "made_at", now())
        except StoreError as exc:
            self.status.value = error_html(str(exc))
            return True
        ready = escape(session.label("card_ready"))
        self.status.value = f"<span class='workshop-saved'>✓ {ready}</span>"
        return True

    def clear(self) -> None:
        self.preview.value = b""
        self.preview.layout.display = "none"
        self.downloads.value = ""
        self.status.value = ""


def downloads_html(files: report.CardFiles, session: AttendeeSession) -> str:
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
            f"style='{style}'>{escape(session.label(key))}</a>"
        )
    return "".join(links)


def card_view(session: AttendeeSession | None = None) -> widgets.VBox:
    """Build the card screen for the notebook, with the identity bar on top."""
    session = session or AttendeeSession.from_environment()
    return widgets.VBox([IdentityBar(session).widget, CardView(session).widget])
