"""The end of the workshop on the remote, and what the facilitator takes away: the results
(export) and the session report.

Ending is one press, with the minutes answers stay open after it chosen beside it; once ended,
the remote says when it ended and until when answers can change, and offers to reopen (a
workshop ended by mistake). Served, the export and the report are links the browser downloads
in one click (`workshop.server.app` makes them); in a notebook, Export writes the file beside
the database and offers it as a link.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import ipywidgets as widgets

from workshop.content.live import LiveContent
from workshop.html import escape
from workshop.live.session import GRACE_CHOICES, LiveSession
from workshop.ui.live.controls import Control

#: The extra minutes offered first: enough to finish a sentence.
DEFAULT_GRACE = 5
#: Where the served room answers the facilitator's downloads (relative to the remote's page).
EXPORT_PATH = "facilitator/export.xlsx"
REPORT_PATH = "facilitator/report.pdf"


def clock_time(moment: datetime) -> str:
    """A time as the room reads it: hours and minutes, on this machine's clock."""
    return f"{moment.astimezone():%H:%M}"


class EndPanel:
    """End (or reopen) the workshop, and say where it stands."""

    def __init__(
        self,
        live: LiveContent,
        end: Callable[[int], object],
        reopen: Callable[[], object],
    ) -> None:
        label = live.label
        self.live = live
        self.grace = widgets.Dropdown(
            options=[(label("segment_minutes", minutes=m), m) for m in GRACE_CHOICES],
            value=DEFAULT_GRACE,
            description=label("grace_label"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.grace.add_class("workshop-grace")
        self.end = Control(
            label("end_workshop"),
            on_click=lambda: end(int(self.grace.value)),
            classes=("workshop-end-workshop", "workshop-danger"),
        )
        self.reopen = Control(label("reopen"), on_click=reopen, classes=("workshop-reopen",))
        self.note = widgets.HTML()
        self.note.add_class("workshop-end-note")
        #: At the top of the remote once the workshop has ended: where it stands, and what to
        #: take away (the downloads, when served).
        self.banner = widgets.HTML(layout=widgets.Layout(display="none"))
        self.banner.add_class("workshop-ended-banner")
        self.takeaway = ""
        self.widget = widgets.VBox([self.note, self.grace, self.end.widget, self.reopen.widget])
        self.widget.add_class("workshop-end-panel")

    def show(self, session: LiveSession, now: datetime) -> None:
        label = self.live.label
        ended = session.ended_at is not None
        self.grace.layout.display = "none" if ended else "flex"
        self.end.visible(not ended)
        self.reopen.visible(ended)
        if session.ended_at is None:
            note = ""
        else:
            parts = [label("ended_at", time=clock_time(session.ended_at))]
            if session.answers_open(now) and session.locks_at is not None:
                parts.append(label("locks_at", time=clock_time(session.locks_at)))
            else:
                parts.append(label("answers_locked_note"))
            note = f"<div role='status'><b>{escape(' '.join(parts))}</b></div>"
        if note != self.note.value:
            self.note.value = note
            self.banner.value = note + self.takeaway
        self.banner.layout.display = "block" if ended else "none"


class Downloads:
    """The results and the report: links the browser downloads at once when served; in a
    notebook, an Export that writes the workbook and links to it."""

    def __init__(
        self,
        live: LiveContent,
        served: bool,
        export: Callable[[], Path | None],
    ) -> None:
        label = live.label
        self.live = live
        self.served = served
        self.link = widgets.HTML()
        self.export_button = Control(
            label("export"), on_click=export, classes=("workshop-export", "workshop-wide")
        )
        if served:
            self.link.value = (
                f"<div class='workshop-downloads'>"
                f"<a class='workshop-control workshop-export' href='{EXPORT_PATH}' download>"
                f"{escape(label('export'))}</a>"
                f"<a class='workshop-control workshop-report' href='{REPORT_PATH}' download>"
                f"{escape(label('download_report'))}</a></div>"
            )
        shown = [self.link] if served else [self.export_button.widget, self.link]
        self.widget = widgets.VBox(shown)

    def written(self, path: Path) -> None:
        """Offer the workbook a notebook's Export wrote (the served room links instead)."""
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        self.link.value = (
            f"<a download='{escape(path.name)}' href='data:{mime};base64,{data}'>"
            f"{escape(self.live.label('exported'))}: {escape(path.name)}</a>"
        )
