"""The attendee app in a Solara page, as `workshop.server.pages` served it before the phones got
plain pages (a virtual kernel per phone, the same widgets). Imported by Solara (SOLARA_APP)."""

from __future__ import annotations

from urllib.parse import parse_qs

import ipywidgets as widgets
import solara

from benchmarks._solara_root import DEVICE
from workshop.server.pages import Layout
from workshop.server.runtime import runtime
from workshop.ui.live.app import LiveApp


def attendee_page(search: str) -> widgets.Widget:
    current = runtime()
    query = parse_qs(search or "")
    typed = next(iter(query.get("session") or []), current.session_code)
    device = (solara.lab.cookies.value or {}).get(DEVICE) or None
    app = LiveApp(current.store, current.content, current.live, session_code=typed, device=device)
    return app.widget


@solara.component
def Attendee() -> None:
    router = solara.use_router()
    page = solara.use_memo(lambda: attendee_page(router.search or ""), dependencies=[])
    solara.display(page)


routes = [solara.Route(path="/", component=Attendee, layout=Layout)]
