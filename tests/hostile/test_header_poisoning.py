"""Hostile clients, part 1: one request may not decide the URLs of anyone's pages.

Before (issue 16, item 1): Solara took its root path from the ``X-Script-Name`` or
``Script-Name`` header of the first page request after a start, for the whole process; from then
on every page, phones, big screen and remote, loaded its scripts from the attacker's host.
nginx passed the headers through. Now the root path and base URL are fixed from the room's own
address, the server drops the headers, and nginx clears them.

Each poisoning request is sent first, before any honest page load, to a server started for the
test, directly and through the shipped nginx config (`serve --workers 2`); then every page is
loaded in Chromium, and every request it makes must stay on the room's own address.
"""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.support.serving import Served

pytestmark = pytest.mark.browser

#: Where an attacker would send every page's scripts: a port nothing listens on.
EVIL = "//127.0.0.1:9/evil"
POISON: tuple[dict[str, str], ...] = (
    {"X-Script-Name": EVIL},
    {"Script-Name": EVIL},
    {"X-Forwarded-Prefix": EVIL, "X-Forwarded-Host": "evil.example:9"},
    {"Forwarded": "host=evil.example:9;proto=https", "Host": "evil.example:9"},
)
PAGES = ("/", "/rep", "/presenter", "/remote", "/facilitator")


def poison(served: Served, cookies: dict[str, str] | None = None) -> None:
    """Every poisoning header, on every page, before any honest visitor (each process of
    several: nginx spreads first loads)."""
    with httpx.Client(base_url=served.base_url, timeout=30, cookies=cookies) as client:
        for _round in range(3):
            for headers in POISON:
                for path in PAGES:
                    client.get(path, headers=headers)


def foreign(urls: list[str], served: Served) -> list[str]:
    return [u for u in urls if not u.startswith((served.base_url, "data:", "blob:"))]


def test_no_header_moves_any_page_off_the_room(browser: Browser, room: Served) -> None:
    poison(room)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    context.on("websocket", lambda ws: requested.append(ws.url.replace("ws://", "http://", 1)))
    phone = context.new_page()
    phone.goto(room.join_url)
    expect(phone.get_by_role("button", name="Join", exact=True)).to_be_visible()
    big = browser.new_context(viewport={"width": 1920, "height": 1080})
    big.on("request", lambda r: requested.append(r.url))
    screen = big.new_page()
    screen.goto(room.facilitator_url("presenter"))
    expect(screen.locator(".workshop-presenter")).to_be_visible()
    # The facilitator's own pages, poisoned with the facilitator's cookie this time.
    cookies = {c["name"]: c["value"] for c in big.cookies()}
    poison(room, cookies)
    remote = big.new_page()
    remote.goto(f"{room.base_url}/remote")
    expect(remote.locator(".workshop-counters")).to_be_visible()
    assert foreign(requested, room) == [], "a page loaded something from off the room"
    for page in (phone, screen, remote):
        html = page.content()
        assert "evil" not in html
        assert not re.search(r"(src|href)=\"//", html), "a protocol-relative URL in the page"
    context.close()
    big.close()
