"""Hostile clients, part 3: the room's doors. Another site's page, a guesser, a prober of the
server's figures, a slow sender of headers and a flood of sockets, each against a served room
(directly, and through the shipped nginx config where a proxy changes what they meet).

Before (issue 16, items 4 and 8): a page on another port drove /remote with the facilitator's
cookie; sign-ins were neither limited nor logged; /healthz and /resourcez?verbose answered
anyone; headers could be trickled for ever; a flood printed a line per socket.
"""

from __future__ import annotations

import asyncio
import http.server
import os
import re
import socket
import threading
import uuid
from pathlib import Path

import httpx
import psutil
import pytest
import websockets
from playwright.sync_api import Browser

from tests.hostile.clients import (
    facilitator_cookie,
    open_and_close,
    sign_in,
    socket_url,
    trickle_headers,
)
from tests.support.serving import Served, content_with_k, run_coroutine, serving

DIAGNOSTICS = ("/healthz", "/readyz", "/resourcez", "/resourcez?verbose")
#: An address of the venue's network, as the proxy in front (here: loopback) reports a client.
VENUE = "203.0.113.9"


# -- another site's page ------------------------------------------------------------------------


async def _open(url: str, origin: str | None, cookie: str) -> int:
    """The HTTP status a websocket's opening got (101: opened)."""
    try:
        async with websockets.connect(
            url, origin=origin, additional_headers={"Cookie": cookie}, open_timeout=30
        ):
            return 101
    except websockets.InvalidStatus as refused:
        return refused.response.status_code


class Attacker:
    """A page on another port of this machine: it opens the room's websocket and says what
    happened (with the facilitator's cookie, which the browser sends: same site)."""

    def __init__(self, room_socket: str) -> None:
        page = (
            "<!doctype html><script>window.result = 'pending';"
            f"const ws = new WebSocket({room_socket!r});"
            "ws.onopen = () => { window.result = 'open'; };"
            "ws.onclose = e => { if (window.result !== 'open') "
            "window.result = 'refused ' + e.code; };"
            "</script>"
        ).encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *_args: object) -> None:
                return None

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_another_sites_page_cannot_open_the_rooms_websocket(browser: Browser, room: Served) -> None:
    # At the protocol level: the facilitator's cookie, another site's Origin.
    cookie = f"workshop-facilitator={facilitator_cookie(room)}"
    url = socket_url(room.base_url)
    assert run_coroutine(_open(url, "http://127.0.0.1:9", cookie)) == 403
    assert run_coroutine(_open(socket_url(room.base_url), room.base_url, cookie)) == 101
    # In Chromium: the facilitator signed in, then a page elsewhere opened in the same browser.
    context = browser.new_context()
    context.set_default_timeout(30_000)
    signed = context.new_page()
    signed.goto(room.facilitator_url())
    signed.locator(".workshop-counters").wait_for()
    attacker = Attacker(socket_url(room.base_url))
    try:
        evil = context.new_page()
        evil.goto(attacker.url)
        evil.wait_for_function("window.result !== 'pending'")
        assert evil.evaluate("window.result").startswith("refused"), "another site drove the room"
    finally:
        attacker.close()
        context.close()


# -- guessing the facilitator's link ------------------------------------------------------------


async def _guess(base_url: str, count: int) -> tuple[list[int], list[str]]:
    guesses = [uuid.uuid4().hex + uuid.uuid4().hex[:8] for _ in range(count)]
    async with httpx.AsyncClient(timeout=30) as http:
        answers = [await sign_in(base_url, guess, http) for guess in guesses]
    return [a.status_code for a in answers], guesses


def test_guessing_links_is_limited_and_logged_without_keys(direct: Served) -> None:
    statuses, guesses = run_coroutine(_guess(direct.base_url, 60))
    assert set(statuses[:10]) == {403}
    assert set(statuses[10:]) == {429}
    log = direct.log.read_text(encoding="utf-8")
    assert "facilitator sign-ins refused: unknown, spent or expired link" in log
    assert "facilitator sign-ins refused: too many tries" in log
    assert len(log.splitlines()) <= 4, log
    assert not any(guess in log for guess in guesses)


# -- the server's own figures -------------------------------------------------------------------


def own_address() -> str | None:
    """An address of this machine that is not loopback, if it has one."""
    for addresses in psutil.net_if_addrs().values():
        for address in addresses:
            if address.family == socket.AF_INET and not address.address.startswith("127."):
                return str(address.address)
    return None


def statuses(base_url: str, headers: dict[str, str] | None = None) -> dict[str, int]:
    with httpx.Client(base_url=base_url, timeout=30, headers=headers) as http:
        return {path: http.get(path).status_code for path in DIAGNOSTICS}


def test_diagnostics_answer_only_this_machine_and_the_facilitator(direct: Served) -> None:
    assert set(statuses(direct.base_url).values()) == {200}  # this machine
    # A client the proxy in front (`serve --proxy`, loopback here) says is on the venue's network.
    assert set(statuses(direct.base_url, {"X-Forwarded-For": VENUE}).values()) == {404}
    cookie = {"Cookie": f"workshop-facilitator={facilitator_cookie(direct)}"}
    assert set(statuses(direct.base_url, {"X-Forwarded-For": VENUE, **cookie}).values()) == {200}


@pytest.mark.parametrize("front", ["direct", "nginx"])
def test_diagnostics_from_another_address_of_this_machine(
    request: pytest.FixtureRequest, tmp_path: Path, front: str
) -> None:
    """A real connection from an address that is not loopback: the room bound to every
    address, reached through this machine's own network address (through nginx, which tells
    the server that address)."""
    address = own_address()
    if address is None:
        reason = "this machine has no address but loopback to connect from"
        if os.environ.get("WORKSHOP_REQUIRE_NAMESPACES") == "1":
            pytest.fail(f"{reason} (WORKSHOP_REQUIRE_NAMESPACES=1 makes this a failure)")
        pytest.skip(reason)
    args = ["--content", str(content_with_k(tmp_path / "content", 2)), "--ip", "0.0.0.0"]
    if front == "nginx":
        request.getfixturevalue("nginx")
        args += ["--workers", "2"]
    with serving(tmp_path, args) as served:
        port = served.base_url.rsplit(":", 1)[1]
        venue, here = f"http://{address}:{port}", f"http://127.0.0.1:{port}"
        assert set(statuses(venue).values()) == {404}
        assert set(statuses(here).values()) == {200}
        cookie = {"Cookie": f"workshop-facilitator={facilitator_cookie(served)}"}
        assert set(statuses(venue, cookie).values()) == {200}
        assert httpx.get(f"{venue}/facilitator", timeout=30).status_code == 200


# -- headers trickled -------------------------------------------------------------------------


async def _slowloris_and_a_visitor(base_url: str) -> tuple[int, int]:
    slow = asyncio.create_task(trickle_headers(base_url, 20, hold_s=25))
    await asyncio.sleep(3)
    async with httpx.AsyncClient(timeout=30) as http:
        visitor = await http.get(f"{base_url}/facilitator")
    return await slow, visitor.status_code


def test_trickled_headers_are_dropped(room: Served) -> None:
    alive, visitor = run_coroutine(_slowloris_and_a_visitor(room.base_url))
    assert visitor == 200, "a visitor was kept out while headers trickled"
    assert alive == 0, f"{alive} of 20 trickling connections were still held after 25 s"


# -- a flood of sockets ---------------------------------------------------------------------------


def test_a_flood_is_counted_not_logged_line_by_line(direct: Served) -> None:
    flood = run_coroutine(open_and_close(direct.base_url, 300))
    assert flood.accepted + flood.refused == 300
    lines = direct.log.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 3, lines[:10]
    assert not any(re.search(r"no session cookie|Traceback", line) for line in lines)
