"""The live server under things a venue throws at it: a flood of bare page loads, a visitor
without the facilitator's token, and a network with no internet.
"""

from __future__ import annotations

import asyncio
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.support.serving import Served, content_with_k, run_coroutine, serving

pytestmark = pytest.mark.browser
expect.set_options(timeout=30_000)

CODE = re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}")
FLOOD = 2000
#: How much a flood of page loads that never connect may grow the server, at most.
FLOOD_GROWTH_MB = 200


class Sentinel:
    """A proxy that answers nothing and counts who tried to reach the internet through it."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = int(self.socket.getsockname()[1])
        self.attempts: list[bytes] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.attempts.append(conn.recv(200))
                except OSError:
                    self.attempts.append(b"?")

    def close(self) -> None:
        self.socket.close()


@pytest.fixture
def sentinel() -> Iterator[Sentinel]:
    proxy = Sentinel()
    yield proxy
    proxy.close()


@pytest.fixture
def served(tmp_path: Path, sentinel: Sentinel) -> Iterator[Served]:
    """A room whose server would send any outbound request to the sentinel instead."""
    content = content_with_k(tmp_path / "content", 2)
    proxy = f"http://127.0.0.1:{sentinel.port}"
    env = {"HTTP_PROXY": proxy, "HTTPS_PROXY": proxy, "ALL_PROXY": proxy, "NO_PROXY": ""}
    with serving(tmp_path, ["--content", str(content)], env=env) as server:
        yield server


def page_of(browser: Browser, width: int = 390, height: int = 844) -> Page:
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.set_default_timeout(30_000)
    return page


def offline(page: Page) -> list[str]:
    """Refuse every request that leaves this machine; return what was refused."""
    refused: list[str] = []

    def route(request: Route) -> None:
        host = re.sub(r"^https?://([^/:]+).*", r"\1", request.request.url)
        if host in ("127.0.0.1", "localhost"):
            request.continue_()
        else:
            refused.append(request.request.url)
            request.abort()

    page.route("**/*", route)
    return refused


def join(page: Page, served: Served) -> str:
    page.goto(served.join_url)
    page.get_by_role("button", name="Join", exact=True).click()
    shown = page.locator(".resume-code")
    expect(shown).to_have_text(CODE)
    return shown.inner_text().strip()


def test_every_page_works_with_no_internet(
    browser: Browser, served: Served, sentinel: Sentinel
) -> None:
    attendee = page_of(browser)
    refused = offline(attendee)
    join(attendee, served)
    remote = page_of(browser, 1280, 900)
    refused += offline(remote)
    remote.goto(served.facilitator_url())
    expect(remote.locator(".workshop-counters")).to_contain_text(re.compile(r"Joined\s*1"))
    presenter = remote.context.new_page()
    refused += offline(presenter)
    presenter.goto(f"{served.base_url}/presenter")
    expect(presenter.locator(".workshop-presenter .wp-qr svg")).to_be_visible()
    assert refused == [], f"a page asked the internet for {refused}"
    assert sentinel.attempts == [], "the server tried to reach the internet"


def test_the_token_stays_out_of_pages_logs_and_process_lists(
    browser: Browser, served: Served
) -> None:
    stranger = page_of(browser)
    for path in ("/remote", "/presenter"):
        response = stranger.goto(f"{served.base_url}{path}")
        assert response is not None and response.status == 403
    attendee = page_of(browser)
    join(attendee, served)
    assert served.token not in attendee.content()
    remote = page_of(browser, 1280, 900)
    remote.goto(served.printed_url())
    expect(remote.locator(".workshop-counters")).to_be_visible()
    assert served.token not in remote.url
    assert served.token not in remote.content()
    # The cookie it was traded for is out of the page's reach (HttpOnly).
    assert served.token not in remote.evaluate("document.cookie")
    cookies = remote.context.cookies()
    facilitator = [c for c in cookies if c["name"] == "workshop-facilitator"]
    assert facilitator and facilitator[0]["httpOnly"]
    assert served.token not in served.log.read_text(encoding="utf-8", errors="replace")
    server = psutil.Process(served.pid)
    for process in [server, *server.children(recursive=True)]:
        assert served.token not in " ".join(process.cmdline())
        assert served.token not in str(process.environ())


async def _flood(url: str, count: int) -> int:
    answered = 0
    async with httpx.AsyncClient(timeout=120) as http:
        for start in range(0, count, 100):
            responses = await asyncio.gather(
                *(http.get(url) for _ in range(min(100, count - start))), return_exceptions=True
            )
            answered += sum(1 for r in responses if isinstance(r, httpx.Response))
    return answered


def test_a_flood_of_bare_page_loads_costs_little_and_blocks_nobody(
    browser: Browser, served: Served
) -> None:
    server = psutil.Process(served.pid)
    before = server.memory_info().rss
    answered = run_coroutine(_flood(served.join_url, FLOOD))
    grown = (server.memory_info().rss - before) / 2**20
    assert answered == FLOOD
    assert grown <= FLOOD_GROWTH_MB, f"{FLOOD} bare page loads grew the server by {grown:.0f} MB"
    # A real attendee still joins, at once.
    attendee = page_of(browser)
    join(attendee, served)
