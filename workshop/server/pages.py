"""The facilitator's pages, as Solara serves them: each page is a virtual kernel whose view is
the same ipywidgets view JupyterLab shows.

- ``/presenter`` the big screen, and ``/remote`` the facilitator's controls, both only for a
  browser that signed in with the facilitator's token (see `workshop.server.app`).

The phones' pages (``/`` for attendees, ``/rep`` for reps) are plain pages, not kernels (see
`workshop.server.phone` and `workshop.server.rep_web`).

Solara imports this module once per process (SOLARA_APP); each page builds its view once, when
its browser connects.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import ipywidgets as widgets
import solara
from solara.server import kernel_context

from workshop.html import escape
from workshop.server.runtime import Runtime, runtime
from workshop.ui.live.presenter import Presenter
from workshop.ui.live.remote import Remote

logger = logging.getLogger("workshop.server")

#: How often an open facilitator page checks that its sign-in still holds.
SIGN_IN_CHECK_S = 2.0

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


def facilitator_page(kind: str) -> widgets.Widget:
    """The big screen (``presenter``) or the remote (``remote``), for a browser holding the
    facilitator's sign-in only, and for as long as it holds (`watch_sign_in`).

    Whatever breaks while the page is built, the browser gets a plain message in the content's
    words and the server's log the details: this is the page's last line of defence, so it
    catches everything."""
    current = runtime()
    cookie = _cookie(FACILITATOR_COOKIE)
    if not current.facilitator(cookie):
        return notice(current.live.label("facilitator_only"), "facilitator-only")
    try:
        view = _facilitator_view(current, kind)
    except Exception:
        logger.exception("the %s page could not be built", kind)
        return notice(current.live.label("page_failed"), "page-failed")
    if view is None:
        return notice(current.live.label("expired_session"), "ended")
    page = widgets.VBox([view.widget], layout=widgets.Layout(padding="0"))
    watch_sign_in(current, cookie, view, page)
    return page


def watch_sign_in(
    current: Runtime, cookie: str | None, view: Presenter | Remote, page: widgets.VBox
) -> None:
    """End the page when its sign-in ends (signed out everywhere): it says so, and shows the
    room no more."""
    context = kernel_context.get_current_context()

    async def watch() -> None:
        while not context.closed_event.is_set():
            await asyncio.sleep(SIGN_IN_CHECK_S)
            if not current.facilitator(cookie):
                with context:
                    view.close()
                    page.children = (notice(current.live.label("facilitator_only"), "ended"),)
                return

    try:
        task = asyncio.get_running_loop().create_task(watch())
    except RuntimeError:
        return  # no event loop (a test building the page by hand): nothing to watch
    context.on_close(task.cancel)


def _facilitator_view(current: Runtime, kind: str) -> Presenter | Remote | None:
    session = current.store.live_session(current.session_code)
    if session is None:
        return None
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
    return view


@solara.component
def Elsewhere() -> None:
    """Solara's router needs a root; the room's app answers ``/`` itself (the phones' page),
    so no browser is ever sent here."""
    page = solara.use_memo(lambda: notice(runtime().live.label("not_found")), dependencies=[])
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
    solara.Route(path="/", component=Elsewhere, layout=Layout),
    solara.Route(path="presenter", component=BigScreen, layout=Layout),
    solara.Route(path="remote", component=RemoteControl, layout=Layout),
]
