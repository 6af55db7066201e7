"""The facilitator's dashboard for JupyterLab: the remote beside a preview of the big screen.

Served by `workshop serve`, the two are separate pages (``/remote`` on the facilitator's phone,
``/presenter`` on the projector); in a notebook they sit together, and the big screen is a
16:9 preview of exactly the slide the projector would show. Both read the room through one
`RoomReader`, so they show the same batches.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import ipywidgets as widgets

from workshop.content.keynote import KeynoteContent, load_content
from workshop.content.live import LiveContent, load_live_content
from workshop.live.session import LiveSession
from workshop.services import live_session as live
from workshop.services.figures import RoomReader
from workshop.store import Store
from workshop.ui.live.presenter import Presenter
from workshop.ui.live.remote import Remote
from workshop.ui.live.style import stylesheet

PREVIEW_CSS = """
.workshop-presenter-preview { flex: 1 1 480px; min-width: 0; }
.workshop-presenter-preview .workshop-presenter-page { position: relative; inset: auto;
  width: 100%; height: auto; aspect-ratio: 16 / 9; z-index: auto;
  border: 1px solid #c8c8c8; }
"""


class Dashboard:
    def __init__(
        self,
        store: Store,
        content: KeynoteContent,
        live_content: LiveContent,
        session: LiveSession,
        join_url: str | None = None,
        clock: Callable[[], datetime] = live.utcnow,
        export_dir: Path | None = None,
    ) -> None:
        reader = RoomReader(store, session.code, content)
        self.remote = Remote(
            store, content, live_content, session, clock, export_dir=export_dir, reader=reader
        )
        self.presenter = Presenter(store, content, live_content, session, join_url, reader=reader)
        preview = widgets.VBox([stylesheet(PREVIEW_CSS), self.presenter.widget])
        preview.add_class("workshop-presenter-preview")
        self.widget = widgets.HBox(
            [self.remote.widget, preview], layout=widgets.Layout(flex_flow="row wrap")
        )
        self.widget.add_class("workshop-dashboard")

    def refresh(self) -> None:
        self.remote.refresh()
        self.presenter.refresh()

    def start(self) -> None:
        self.remote.start()
        self.presenter.start()

    def export(self) -> Path | None:
        return self.remote.export()


def dashboard_view(
    content_dir: str | Path | None = None, db: str | Path | None = None
) -> widgets.HBox:
    """The dashboard for the session `workshop serve` runs (or the current one, or a new one)."""
    content = load_content(content_dir)
    live_content = load_live_content(content.source)
    store = Store(db)
    code = os.environ.get("WORKSHOP_SESSION")
    session = store.live_session(code) if code else live.current_session(store)
    if session is None:
        session = live.start_session(store, content, live_content).session
    dashboard = Dashboard(
        store, content, live_content, session, join_url=os.environ.get("WORKSHOP_JOIN_URL")
    )
    dashboard.start()
    return dashboard.widget
