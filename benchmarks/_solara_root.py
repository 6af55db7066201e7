"""Serve a Solara page at ``/`` on the room's own server application, for a baseline.

The room's app answers ``/`` with the phones' plain page; a benchmark's baseline (a one-button
page, or the attendee's Solara page as it was before the phones got plain pages) puts Solara's
page back at ``/``, with everything else the room's: the same Starlette app, its doors, its
compressed front-end files, the same uvicorn settings.
"""

from __future__ import annotations

import asyncio
import secrets

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

DEVICE = "workshop-device"


async def solara_root(request: Request) -> Response:
    from solara.server.starlette import root

    response = await root(request, fullpath="")
    assert isinstance(response, Response)
    response.headers["Cache-Control"] = "no-store"  # as the room's pages were served
    if DEVICE not in request.cookies:  # as they were: a browser is one attendee
        response.set_cookie(DEVICE, secrets.token_urlsafe(18), httponly=True, samesite="lax")
    return response


def serve(app_module: str, port: int, title: str, announce: str) -> None:
    """Run the room's app on `port` with `app_module` as Solara's app, at ``/``."""
    from workshop.server import app as room_app
    from workshop.server import settings
    from workshop.server.serve import run_server, say

    settings.SOLARA = {**settings.SOLARA, "SOLARA_APP": app_module}
    build = room_app.build_app

    def with_solara_root() -> Starlette:
        built = build()
        built.router.routes.insert(0, Route("/", solara_root))
        return built

    room_app.build_app = with_solara_root  # type: ignore[assignment]
    asyncio.run(run_server(title, "127.0.0.1", port, lambda: say(announce)))
