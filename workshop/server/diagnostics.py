"""The server's own figures (`/healthz`, and Solara's `/readyz` and `/resourcez`), for this
machine and the facilitator only.

They say how many pages a process holds, its process id, and (`/resourcez?verbose`) the host's
memory, CPU and sockets: nothing a venue's network needs to see. A request from anywhere else
gets a plain 404, as for a page that does not exist. Behind nginx the address is the client's
own (uvicorn reads it from the one proxy `serve --proxy` trusts), so nginx's own loopback
address lets nobody through.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from workshop.server.pages import FACILITATOR_COOKIE
from workshop.server.runtime import runtime

Endpoint = Callable[[Request], Awaitable[Response] | Response]


def trusted(request: Request) -> bool:
    """Whether the request comes from this machine, or from the facilitator's browser."""
    host = request.client.host if request.client else ""
    try:
        if ipaddress.ip_address(host).is_loopback:
            return True
    except ValueError:
        pass
    return runtime().facilitator(request.cookies.get(FACILITATOR_COOKIE))


def _hidden() -> Response:
    return Response("Not Found", status_code=404, headers={"Cache-Control": "no-store"})


def gated(endpoint: Endpoint) -> Callable[[Request], Awaitable[Response]]:
    """`endpoint` for trusted requests; a 404 for anyone else."""

    async def answer(request: Request) -> Response:
        if not trusted(request):
            return _hidden()
        found = endpoint(request)
        return found if isinstance(found, Response) else await found

    return answer


async def _healthz(_request: Request) -> Response:
    from solara.server import kernel_context

    current = runtime()
    return JSONResponse(
        {
            "process": os.getpid(),
            "pages": len(kernel_context.contexts),
            "people": current.people(),
            "following": current.hub.followers,
        },
        headers={"Cache-Control": "no-store"},
    )


healthz = gated(_healthz)
