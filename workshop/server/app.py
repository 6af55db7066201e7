"""The live server's HTTP application: Solara's, behind the room's own doors.

In front of Solara's routes:
- every page gives its browser a device id (an HttpOnly cookie) so that a browser is one
  attendee; a full room answers "the room is full" before any page is built;
- the facilitator's pages answer only a browser that signed in with the token: the sign-in page
  reads the token from the link's fragment (which no server, proxy or log ever sees) and trades
  it for an HttpOnly cookie;
- the front end's files are served from the installed packages, compressed once and cached by
  browsers, and never fetched from the internet.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket

from workshop.html import escape
from workshop.server.pages import CLIENT_HEADER, DEVICE_COOKIE, FACILITATOR_COOKIE
from workshop.server.runtime import runtime
from workshop.server.settings import one_shell_per_page, tolerate_worker_threads
from workshop.server.static import CompressedFiles

#: The device id's cookie lives a year: one phone stays one attendee across days of a workshop.
DEVICE_MAX_AGE = 365 * 24 * 3600
FACILITATOR_MAX_AGE = 24 * 3600
FACILITATOR_PAGES = ("/presenter", "/remote")

SIGN_IN = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>{title}</title></head>
<body style="font-family:sans-serif;padding:2em"><p id="note">{title}</p>
<script>
const [token, to] = decodeURIComponent(location.hash.slice(1)).split("/");
history.replaceState(null, "", location.pathname);
fetch("/facilitator/sign-in", {{method: "POST", credentials: "same-origin",
  headers: {{"Content-Type": "application/x-www-form-urlencoded"}},
  body: "token=" + encodeURIComponent(token)}})
  .then(r => {{ if (r.ok) location.replace(to === "presenter" ? "/presenter" : "/remote");
    else document.getElementById("note")
    .textContent = {refused}; }});
</script></body></html>"""


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
    """A page of the room, if this browser may have it; Solara renders it."""
    from solara.server import kernel_context
    from solara.server.starlette import root

    current = runtime()
    path = request.url.path
    if path in FACILITATOR_PAGES and not current.facilitator(
        request.cookies.get(FACILITATOR_COOKIE)
    ):
        return _page(current.live.label("facilitator_only"), 403)
    if path in ("/", "/rep") and len(kernel_context.contexts) >= current.max_pages:
        return _page(current.live.label("room_full"), 503)
    response = await root(request, fullpath=path.lstrip("/"))
    assert isinstance(response, Response)
    if DEVICE_COOKIE not in request.cookies:
        response.set_cookie(
            DEVICE_COOKIE,
            secrets.token_urlsafe(18),
            max_age=DEVICE_MAX_AGE,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
    response.headers["Cache-Control"] = "no-store"
    return response


async def sign_in_page(_request: Request) -> Response:
    current = runtime()
    refused = current.live.label("facilitator_only")
    html = SIGN_IN.format(
        lang=escape(current.content.settings.language),
        title=escape(current.content.settings.title),
        # A JavaScript string inside a <script>: JSON, with "</" kept from closing the script.
        refused=json.dumps(refused).replace("</", "<\\/"),
    )
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


async def sign_in(request: Request) -> Response:
    """Trade the facilitator's token for an HttpOnly cookie (the token is in the body only)."""
    body = await request.body()
    token = parse_qs(body[:4096].decode("utf-8", errors="replace")).get("token", [""])[0]
    current = runtime()
    if not current.facilitator(token):
        return Response(status_code=403)
    response = Response(status_code=204)
    response.set_cookie(
        FACILITATOR_COOKIE,
        token,
        max_age=FACILITATOR_MAX_AGE,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


def _export_bytes(folder: Path) -> bytes:
    from workshop.reports.results import export_results

    current = runtime()
    path = folder / f"results-{current.session_code}.xlsx"
    export_results(current.store, current.content, current.session_code, path)
    return path.read_bytes()


def _report_bytes(folder: Path) -> bytes:
    from workshop.reports.session_report import write_session_report

    current = runtime()
    path = folder / f"report-{current.session_code}.pdf"
    write_session_report(current.store, current.content, current.live, current.session_code, path)
    return path.read_bytes()


#: The facilitator's downloads: what is made, its name and its type.
DOWNLOADS = {
    "export.xlsx": (
        _export_bytes,
        "results-{code}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "report.pdf": (_report_bytes, "report-{code}.pdf", "application/pdf"),
}


async def download(request: Request) -> Response:
    """The results or the session report, made now and sent as a file the browser saves: one
    click on the remote downloads it. Only for the facilitator's browser; nothing is left in
    the server's folder."""
    from starlette.concurrency import run_in_threadpool

    current = runtime()
    if not current.facilitator(request.cookies.get(FACILITATOR_COOKIE)):
        return _page(current.live.label("facilitator_only"), 403)
    make, name, mime = DOWNLOADS[request.url.path.rsplit("/", 1)[-1]]
    with tempfile.TemporaryDirectory(prefix="workshop-download-") as folder:
        body = await run_in_threadpool(make, Path(folder))
    filename = name.format(code=current.session_code)
    return Response(
        body,
        media_type=mime,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


async def healthz(_request: Request) -> Response:
    from solara.server import kernel_context

    current = runtime()
    return JSONResponse(
        {
            "process": os.getpid(),
            "pages": len(kernel_context.contexts),
            "following": current.hub.followers,
        },
        headers={"Cache-Control": "no-store"},
    )


async def kernel(websocket: WebSocket) -> None:
    """Solara's page connection, refused (closed) when the room is full for a new page."""
    from solara.server import kernel_context
    from solara.server.starlette import kernel_connection

    known = websocket.path_params.get("kernel_id") in kernel_context.contexts
    if not known and len(kernel_context.contexts) >= runtime().max_pages:
        await websocket.close(code=1013)
        return
    await kernel_connection(websocket)


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    from solara.server.starlette import lifespan as solara_lifespan

    async with solara_lifespan(app):
        hub = asyncio.get_running_loop().create_task(runtime().hub.run())
        try:
            yield
        finally:
            hub.cancel()


def build_app() -> Starlette:
    """The server's application (Solara must have been configured by `settings.configure`)."""
    from solara.server import server as solara_server
    from solara.server import settings as solara_settings
    from solara.server.starlette import routes as solara_routes

    tolerate_worker_threads()
    one_shell_per_page()
    cdn = Path(solara_settings.assets.proxy_cache_dir)
    static = Path(solara_server.solara_static)
    ours: list[BaseRoute] = [
        Route("/healthz", healthz),
        Route("/facilitator", sign_in_page),
        Route("/facilitator/sign-in", sign_in, methods=["POST"]),
        *(Route(f"/facilitator/{name}", download) for name in DOWNLOADS),
        Route("/", page),
        Route("/rep", page),
        *(Route(path, page) for path in FACILITATOR_PAGES),
        WebSocketRoute("/jupyter/api/kernels/{kernel_id}/{name}", kernel),
        Mount("/_solara/cdn", app=CompressedFiles(cdn, immutable=True)),
        Mount("/static/assets", app=CompressedFiles(static.parent / "assets")),
        Mount("/static", app=CompressedFiles(static)),
    ]
    kept = [r for r in solara_routes if getattr(r, "path", "") not in ("", "/", "/{fullpath}")]
    return Starlette(
        routes=[*ours, *kept],
        middleware=[Middleware(ClientAddress)],
        lifespan=lifespan,
    )
