"""The live server's HTTP application: the phones' plain pages, and Solara's behind the room's
own doors.

- the attendees' and reps' phones get plain pages (`phone`, `rep_web`), and so does a
  director's view (`director_web`), with their script and stylesheet under content-hashed
  names (`templating`); no page of theirs is a kernel;
- the facilitator's pages (Solara's big screen and remote) answer only a browser that signed in
  with a one-time link (`workshop.server.facilitator`); the pages' websockets are let in or
  refused before Solara sees them (`workshop.server.sockets`);
- the server's own figures answer only this machine and the facilitator
  (`workshop.server.diagnostics`);
- Solara's page shell speaks the content's language (`workshop.server.shell`);
- the front end's files are served from the installed packages, compressed once and cached by
  browsers, and never fetched from the internet.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from workshop.html import escape
from workshop.server import director_web, phone, phone_card, rep_web
from workshop.server.diagnostics import gated, healthz
from workshop.server.downloads import DOWNLOADS, download
from workshop.server.facilitator import sign_in, sign_in_page
from workshop.server.pages import CLIENT_HEADER, FACILITATOR_COOKIE
from workshop.server.runtime import runtime
from workshop.server.settings import (
    count_sends_to_gone_pages,
    one_shell_per_page,
    quiet_solara_logs,
    tolerate_worker_threads,
)
from workshop.server.shell import localized
from workshop.server.sockets import kernel
from workshop.server.static import CompressedFiles
from workshop.server.templating import assets

FACILITATOR_PAGES = ("/presenter", "/remote")
#: How often counted refusals are looked at, to say those a flood left unsaid.
TALLY_FLUSH_S = 15.0


#: Headers that would let a client choose URLs or pass itself off as another address: a
#: reverse proxy's root path (Solara would prefix every script and stylesheet with it) and the
#: forwarding headers. uvicorn has already read X-Forwarded-For and -Proto from the one proxy
#: `serve --proxy` trusts, into the connection's address and scheme, before this app runs.
UNTRUSTED_HEADERS = frozenset({b"script-name", b"x-script-name", b"forwarded"})
FORWARDED_PREFIX = b"x-forwarded-"


def trusted_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The request's headers without those a client could forge to choose a URL or an address."""
    return [
        (k, v)
        for k, v in headers
        if k.lower() not in UNTRUSTED_HEADERS and not k.lower().startswith(FORWARDED_PREFIX)
    ]


class ClientAddress:
    """Drops the headers that no client may set (`UNTRUSTED_HEADERS`), and tells pages the
    address a connection came from in a header no client can set: a client-sent header of the
    same name is dropped. Behind nginx, uvicorn has already put the real client's address in
    the scope (proxy headers from a trusted proxy)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            client = scope.get("client") or ("", 0)
            name = CLIENT_HEADER.encode()
            headers = [(k, v) for k, v in trusted_headers(scope["headers"]) if k.lower() != name]
            headers.append((name, str(client[0]).encode()))
            scope = {**scope, "headers": headers}
        await self.app(scope, receive, send)


def _page(text: str, status: int) -> HTMLResponse:
    current = runtime()
    return HTMLResponse(
        f"<!doctype html><html lang='{escape(current.content.settings.language)}'><head>"
        "<meta charset='utf-8'><meta name='viewport' content='width=device-width, "
        f"initial-scale=1'><title>{escape(current.content.settings.title)}</title></head>"
        f"<body style='font-family:sans-serif;font-size:1.2em;padding:2em'><p>{escape(text)}"
        "</p></body></html>",
        status_code=status,
    )


async def page(request: Request) -> Response:
    """The big screen or the remote, for the facilitator's browser only; Solara renders it, in
    the content's words (`workshop.server.shell`)."""
    from solara.server.starlette import root

    current = runtime()
    path = request.url.path
    if not current.facilitator(request.cookies.get(FACILITATOR_COOKIE)):
        return _page(current.live.label("facilitator_only"), 403)
    response = await root(request, fullpath=path.lstrip("/"))
    assert isinstance(response, Response)
    if isinstance(response.body, bytes) and response.status_code == 200:
        html = localized(
            response.body.decode("utf-8"),
            current.live.label,
            current.content.settings.language,
        )
        response.body = html.encode("utf-8")
        response.headers["content-length"] = str(len(response.body))
    response.headers["Cache-Control"] = "no-store"
    return response


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    from solara.server.starlette import lifespan as solara_lifespan

    current = runtime()
    async with solara_lifespan(app):
        loop = asyncio.get_running_loop()
        count_sends_to_gone_pages(loop, current.tally.count)
        tasks = [loop.create_task(current.hub.run()), loop.create_task(_say_counts())]
        current.events.start()
        try:
            yield
        finally:
            current.events.stop()
            for task in tasks:
                task.cancel()
            current.tally.flush(now_or_never=True)


async def _say_counts() -> None:
    """Say what a flood of refusals left unsaid once it stops (`workshop.server.tally`)."""
    while True:
        await asyncio.sleep(TALLY_FLUSH_S)
        runtime().tally.flush()


def build_app() -> Starlette:
    """The server's application (Solara must have been configured by `settings.configure`)."""
    from solara.server import server as solara_server
    from solara.server import settings as solara_settings
    from solara.server.starlette import readyz, resourcez
    from solara.server.starlette import routes as solara_routes

    tolerate_worker_threads()
    one_shell_per_page()
    quiet_solara_logs(runtime().tally.count)
    cdn = Path(solara_settings.assets.proxy_cache_dir)
    static = Path(solara_server.solara_static)
    ours: list[BaseRoute] = [
        Route("/healthz", healthz),
        Route("/readyz", gated(readyz)),
        Route("/resourcez", gated(resourcez)),
        Route("/facilitator", sign_in_page),
        Route("/facilitator/sign-in", sign_in, methods=["POST"]),
        *phone.ROUTES,
        *phone_card.ROUTES,
        *rep_web.ROUTES,
        *director_web.ROUTES,
        Route("/assets/{name}", assets().serve),
        *(Route(f"/facilitator/{name}", download) for name in DOWNLOADS),
        *(Route(path, page) for path in FACILITATOR_PAGES),
        WebSocketRoute("/jupyter/api/kernels/{kernel_id}/{name}", kernel),
        Mount("/_solara/cdn", app=CompressedFiles(cdn, immutable=True)),
        Mount("/static/assets", app=CompressedFiles(static.parent / "assets")),
        Mount("/static", app=CompressedFiles(static)),
    ]
    replaced = ("", "/", "/{fullpath}", "/readyz", "/resourcez")
    kept = [r for r in solara_routes if getattr(r, "path", "") not in replaced]
    return Starlette(
        routes=[*ours, *kept],
        middleware=[Middleware(ClientAddress)],
        lifespan=lifespan,
        exception_handlers={404: not_found, 500: failed},
    )


async def not_found(_request: Request, _exc: Exception) -> Response:
    return _page(runtime().live.label("not_found"), 404)


async def failed(request: Request, _exc: Exception) -> Response:
    """No traceback reaches a browser: a plain page in the content's words (Starlette has
    logged the details)."""
    return _page(runtime().live.label("server_error"), 500)
