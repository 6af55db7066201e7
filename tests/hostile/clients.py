"""What the hostile clients of issue 16 send: bare websockets, trickled headers, guessed links.

Each speaks to a served room over its real address, with no browser (the browser tests beside
them use Chromium); asyncio, so that hundreds run at once from one test.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import websockets

from tests.support.serving import Served


def socket_url(base_url: str) -> str:
    """A page's websocket address, as Solara's page script opens it (a new page each time)."""
    ws = "ws" + base_url[len("http") :]
    return f"{ws}/jupyter/api/kernels/{uuid.uuid4()}/channels?session_id={uuid.uuid4()}"


@dataclass(frozen=True)
class Opened:
    accepted: int
    refused: int
    seconds: float


async def open_and_close(base_url: str, count: int, origin: str | None = None) -> Opened:
    """Open `count` page websockets one after the other, closing each at once: no cookie, no
    message (issue 16: 20 of these in 0.35 s kept a 20-person room full for 10 minutes)."""
    accepted = refused = 0
    started = time.monotonic()
    for _ in range(count):
        try:
            async with websockets.connect(socket_url(base_url), origin=origin, open_timeout=30):
                accepted += 1
        except (websockets.InvalidStatus, websockets.ConnectionClosed):
            refused += 1
    return Opened(accepted, refused, time.monotonic() - started)


async def held_open(base_url: str, count: int, within_s: float) -> list[float | None]:
    """Open `count` websockets, send nothing, and wait up to `within_s`: when the server closed
    each (seconds after it was accepted), or None for one refused outright or still open."""

    async def one() -> float | None:
        try:
            async with websockets.connect(socket_url(base_url), open_timeout=30) as ws:
                opened = time.monotonic()
                with contextlib.suppress(websockets.ConnectionClosed, TimeoutError):
                    async with asyncio.timeout(within_s):
                        await ws.recv()
                        while True:
                            await ws.recv()
                closed = ws.close_code is not None
                return time.monotonic() - opened if closed else None
        except websockets.InvalidStatus:
            return None

    return list(await asyncio.gather(*(one() for _ in range(count))))


async def trickle_headers(base_url: str, count: int, hold_s: float) -> int:
    """A slowloris: `count` connections that send a request line, then one header byte every
    two seconds; how many the server still holds after `hold_s`."""
    parts = urlsplit(base_url)
    held = []
    for _ in range(count):
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        writer.write(b"GET / HTTP/1.1\r\nHost: room\r\nX-Slow: ")
        await writer.drain()
        held.append((reader, writer))
    deadline = time.monotonic() + hold_s
    while time.monotonic() < deadline:
        await asyncio.sleep(2)
        for reader, writer in held:
            if not reader.at_eof() and not writer.is_closing():
                with contextlib.suppress(OSError):
                    writer.write(b"a")
    alive = 0
    for reader, writer in held:
        with contextlib.suppress(OSError, TimeoutError):
            async with asyncio.timeout(0.5):
                await reader.read(1)
        alive += not reader.at_eof()
        writer.close()
    return alive


async def sign_in(
    base_url: str, link: str, client: httpx.AsyncClient | None = None
) -> httpx.Response:
    body = f"link={link}"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if client is not None:
        return await client.post(f"{base_url}/facilitator/sign-in", content=body, headers=headers)
    async with httpx.AsyncClient(timeout=30) as http:
        return await http.post(f"{base_url}/facilitator/sign-in", content=body, headers=headers)


def facilitator_cookie(served: Served) -> str:
    """A signed-in facilitator's cookie for this room (a new link spent on it)."""
    from tests.support.serving import run_coroutine

    response = run_coroutine(sign_in(served.base_url, served.new_key()))
    assert response.status_code == 204, response.status_code
    return str(response.cookies["workshop-facilitator"])
