"""The pages of the live room, as Solara serves them: each page is a virtual kernel whose view is
the same ipywidgets view JupyterLab shows.

- ``/`` the attendee app (join, resume, the exercises);
- ``/rep`` a sales rep's own coaching page, behind their personal code;
- ``/presenter`` the big screen, and ``/remote`` the facilitator's controls, both only for a
  browser that signed in with the facilitator's token (see `workshop.server.app`).

Solara imports this module once per process (SOLARA_APP); each page builds its view once, when
its browser connects.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import ipywidgets as widgets
import solara
from solara.server import kernel_context

from workshop.html import escape
from workshop.live.session import LiveSession
from workshop.server.hub import Listener
from workshop.server.runtime import Runtime, runtime
from workshop.ui.live.app import LiveApp
from workshop.ui.live.presenter import Presenter
from workshop.ui.live.remote import Remote

logger = logging.getLogger("workshop.server")

DEVICE_COOKIE = "workshop-device"
FACILITATOR_COOKIE = "workshop-facilitator"
#: Set by the server from the connection itself (see `workshop.server.app.ClientAddress`).
CLIENT_HEADER = "x-workshop-client"


def _cookie(name: str) -> str | None:
    value = (solara.lab.cookies.value or {}).get(name)
    return value if isinstance(value, str) and value else None


def _header(name: str) -> str:
    values: Any = (solara.lab.headers.value or {}).get(name) or [""]
    return str(values[-1])


def notice(text: str, kind: str = "notice") -> widgets.HTML:
    """A page that only says something (the room is full, this page is not yours)."""
    page = widgets.HTML(f"<div class='workshop-{kind}' style='padding:1.5em'>{escape(text)}</div>")
    page.add_class(f"workshop-{kind}")
    return page


def in_this_page() -> Callable[[Listener, LiveSession], bool]:
    """A runner for the room's hub that calls a listener inside this page's kernel context,
    and reports a closed page so the hub forgets it."""
    context = kernel_context.get_current_context()

    def run(listener: Listener, session: LiveSession) -> bool:
        if context.closed_event.is_set():
            return False
        try:
            with context:
                listener(session)
        except Exception:
            # One page's failure must not stop the room for every other page.
            logger.exception("a page failed to follow the room")
        return True

    return run


def _full(current: Runtime) -> bool:
    return len(kernel_context.contexts) > current.max_pages


def attendee_page(search: str) -> widgets.Widget:
    """The attendee app for this browser, following the room through the process's hub."""
    current = runtime()
    if _full(current):
        return notice(current.live.label("room_full"), "room-full")
    query = parse_qs(search or "")
    typed = next(iter(query.get("session") or query.get("s") or []), current.session_code)
    resume = next(iter(query.get("code") or []), None)
    device = _cookie(DEVICE_COOKIE)
    runner = in_this_page()
    app = LiveApp(
        current.store,
        current.content,
        current.live,
        session_code=typed,
        resume_code=resume,
        device=device,
        follow=lambda code, listener: current.hub.follow(code, listener, runner),
        gate=current.limits.gate(device or "no-cookie", _header(CLIENT_HEADER)),
    )
    kernel_context.get_current_context().on_close(app.close)
    return app.widget


def facilitator_page(kind: str) -> widgets.Widget:
    """The big screen (``presenter``) or the remote (``remote``), for a browser holding the
    facilitator's cookie only."""
    current = runtime()
    if not current.facilitator(_cookie(FACILITATOR_COOKIE)):
        return notice(current.live.label("facilitator_only"), "facilitator-only")
    session = current.store.live_session(current.session_code)
    if session is None:
        return notice(current.live.label("expired_session"), "ended")
    view: Presenter | Remote
    if kind == "presenter":
        view = Presenter(
            current.store,
            current.content,
            current.live,
            session,
            join_url=current.join_url,
            reader=current.reader,
            loopback_hint=current.loopback_hint,
        )
    else:
        view = Remote(
            current.store,
            current.content,
            current.live,
            session,
            export_dir=current.export_dir,
            reader=current.reader,
            served=True,
        )
    view.start()
    kernel_context.get_current_context().on_close(view.close)
    return view.widget


def rep_sign_in_page() -> widgets.Widget:
    """A rep's own coaching page, behind their personal code; tries are limited per browser
    and per address, as resume codes are."""
    from workshop.ui.coaching.rep_page import RepSignIn

    current = runtime()
    if _full(current):
        return notice(current.live.label("room_full"), "room-full")
    device = _cookie(DEVICE_COOKIE)
    gate = current.limits.gate(device or "no-cookie", _header(CLIENT_HEADER))
    return RepSignIn(
        current.store, current.coaching, gate=gate, too_many=current.live.label("slow_down")
    ).widget


@solara.component
def Attendee() -> None:
    router = solara.use_router()
    page = solara.use_memo(lambda: attendee_page(router.search or ""), dependencies=[])
    solara.display(page)


@solara.component
def RepPage() -> None:
    page = solara.use_memo(rep_sign_in_page, dependencies=[])
    solara.display(page)


@solara.component
def BigScreen() -> None:
    page = solara.use_memo(lambda: facilitator_page("presenter"), dependencies=[])
    solara.display(page)


@solara.component
def RemoteControl() -> None:
    page = solara.use_memo(lambda: facilitator_page("remote"), dependencies=[])
    solara.display(page)


@solara.component
def Layout(children: list[Any]) -> None:
    """No app bar, no tabs: each page is the whole screen."""
    solara.Column(children=children, style={"padding": "0", "max-width": "100%"})


routes = [
    solara.Route(path="/", component=Attendee, layout=Layout),
    solara.Route(path="rep", component=RepPage, layout=Layout),
    solara.Route(path="presenter", component=BigScreen, layout=Layout),
    solara.Route(path="remote", component=RemoteControl, layout=Layout),
]
