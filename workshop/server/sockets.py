"""The pages' websockets: which may connect, and what one costs.

Solara makes a page's state (a virtual kernel) as soon as its websocket connects, and keeps it
until the cull timeout after the socket goes: a script that opens and closes sockets, with no
cookie and no message, could fill a room and keep it full. So, before Solara sees a socket:

- a socket from a page of another site (its `Origin` is not the room's address, nor the one it
  connected to) is refused: a page elsewhere, opened in the facilitator's browser, cannot drive
  the remote with the facilitator's cookie;
- a socket of a signed-in facilitator is always let in, never counted, never refused for
  capacity;
- any other socket is refused at once, unless this server still serves pages to anyone on
  Solara (the phones' pages before they became plain web pages): then it is counted, refused
  when the room is full, and closed if its page has not started within `IDLE_S`;
- a socket whose page never started frees its state as soon as it closes.

The room counts people, not sockets: pages with a live connection, facilitators' left out. A
page that went away frees its place at once (its state is dropped at the cull timeout, and a
reload of it finds the same attendee by cookie). Refusals are counted, not logged one by one
(`workshop.server.tally`).
"""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlsplit

from starlette.websockets import WebSocket

from workshop.server.pages import FACILITATOR_COOKIE
from workshop.server.runtime import runtime

#: A page's websocket that has not started its page this long after connecting is closed.
IDLE_S = 10.0
#: Close codes: a policy refusal (origin, sign-in), and "try again later" (the room is full).
REFUSED, FULL = 1008, 1013


def origin_allowed(origin: str | None, host: str | None, base_url: str) -> bool:
    """Whether a socket's `Origin` is this room: its public address, or the address the socket
    was opened to (the same site). No `Origin` at all is not a browser's page: a script, which
    could send any header anyway, and holds no one's cookie."""
    if origin is None:
        return True
    parts = urlsplit(origin.strip().lower())
    if not parts.scheme or not parts.netloc:
        return False  # "null" (a sandboxed frame, a file) or junk
    seen = f"{parts.scheme}://{parts.netloc}"
    room = urlsplit(base_url.lower())
    allowed = {f"{room.scheme}://{room.netloc}"}
    if host:
        allowed |= {f"http://{host.lower()}", f"https://{host.lower()}"}
    return seen in allowed


def open_to_anyone() -> bool:
    """Whether this server serves a Solara page to anyone but the facilitator."""
    from workshop.server import pages

    return any(route.path not in ("presenter", "remote") for route in pages.routes)


async def kernel(websocket: WebSocket) -> None:
    """A page's connection, let in (to Solara) or refused, as the module says."""
    from solara.server import kernel_context
    from solara.server.starlette import kernel_connection

    current = runtime()
    headers = websocket.headers
    if not origin_allowed(headers.get("origin"), headers.get("host"), current.base_url):
        current.tally.count("websockets refused: opened by another site's page")
        await websocket.close(code=REFUSED)
        return
    kernel_id = str(websocket.path_params.get("kernel_id", ""))
    facilitator = current.facilitator(websocket.cookies.get(FACILITATOR_COOKIE))
    if not facilitator:
        if not open_to_anyone():
            current.tally.count("websockets refused: not a signed-in facilitator")
            await websocket.close(code=REFUSED)
            return
        if kernel_id not in kernel_context.contexts and current.people() >= current.max_pages:
            current.tally.count("websockets refused: the room is full")
            await websocket.close(code=FULL)
            return
    else:
        current.facilitator_pages.add(kernel_id)
    watchdog = None if facilitator else asyncio.create_task(_close_if_idle(websocket, kernel_id))
    try:
        await kernel_connection(websocket)
    finally:
        if watchdog is not None:
            watchdog.cancel()
        _forget_if_never_started(kernel_id)


async def _close_if_idle(websocket: WebSocket, kernel_id: str) -> None:
    """Close a socket whose page has not started within `IDLE_S` (a bare or stalled socket)."""
    from solara.server import kernel_context

    await asyncio.sleep(IDLE_S)
    context = kernel_context.contexts.get(kernel_id)
    if context is None or context.container is None:
        runtime().tally.count("websockets closed: no page started on them")
        with contextlib.suppress(RuntimeError):
            await websocket.close(code=REFUSED)


def _forget_if_never_started(kernel_id: str) -> None:
    """Drop the state of a page that never started once its socket is gone: it holds nothing
    to come back to, so it need not wait for the cull timeout."""
    from solara.server import kernel_context

    context = kernel_context.contexts.get(kernel_id)
    if context is None:
        return
    connected = kernel_context.PageStatus.CONNECTED in context.page_status.values()
    if context.container is None and not connected and not context.closed_event.is_set():
        context.close(reason="never-started")
