"""Hostile clients, part 2: nobody can lock the room, the facilitator least of all.

Before (issue 16, item 2): a page websocket counted against --max-attendees as soon as it
connected, with no cookie and no message, while idle, and for 10 minutes after it closed. 20
opened and closed in 0.35 s kept a 20-person room "full" for 10 minutes, and the facilitator's
own pages hung on "Loading app". Now the room counts people (pages with a live connection, the
facilitator's left out), a socket that never started a page is dropped at once, an idle one is
closed, and the facilitator's pages are never refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.hostile.clients import held_open, open_and_close
from tests.support.serving import Served, content_with_k, run_coroutine, serving

pytestmark = pytest.mark.browser
expect.set_options(timeout=30_000)
ROOM = 20


@pytest.fixture(params=["direct", "nginx"])
def small_room(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Served]:
    args = ["--content", str(content_with_k(tmp_path / "content", 2)), "--max-attendees", str(ROOM)]
    if request.param == "nginx":
        request.getfixturevalue("nginx")
        args += ["--workers", "2"]
    with serving(tmp_path, args) as served:
        yield served


def facilitator_pages_open(browser: Browser, served: Served) -> None:
    """The big screen and the remote, each from its own one-time link, both shown."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(30_000)
    screen = context.new_page()
    screen.goto(served.facilitator_url("presenter"))
    expect(screen.locator(".workshop-presenter")).to_be_visible()
    remote = context.new_page()
    remote.goto(served.facilitator_url())
    expect(remote.locator(".workshop-counters")).to_be_visible()
    context.close()


def people(served: Served) -> int:
    """How many the room counts, as its own /healthz says (this machine may ask)."""
    answer = httpx.get(f"{served.base_url}/healthz", timeout=30)
    assert answer.status_code == 200
    return int(answer.json()["people"])


def test_sockets_opened_and_closed_lock_nobody_out(browser: Browser, small_room: Served) -> None:
    opened = run_coroutine(open_and_close(small_room.base_url, ROOM * 5))
    assert opened.accepted + opened.refused == ROOM * 5
    assert httpx.get(small_room.join_url, timeout=30).status_code == 200  # not "the room is full"
    facilitator_pages_open(browser, small_room)


def test_idle_sockets_are_closed_and_free_their_place(small_room: Served) -> None:
    closed = run_coroutine(held_open(small_room.base_url, 10, within_s=25))
    # Each was refused at once (no public Solara page) or closed by the server after ~10 s.
    assert all(seconds is None or seconds < 20 for seconds in closed), closed
    assert people(small_room) == 0  # through nginx: whichever process answers counts none


def test_a_full_room_never_refuses_the_facilitator(browser: Browser, tmp_path: Path) -> None:
    args = ["--content", str(content_with_k(tmp_path / "content", 2)), "--max-attendees", "1"]
    with serving(tmp_path, args) as served:
        phone = browser.new_context(viewport={"width": 390, "height": 844})
        page = phone.new_page()
        page.goto(served.join_url)  # the room's one place (while phones' pages are Solara's)
        expect(page.locator("body")).not_to_be_empty()
        facilitator_pages_open(browser, served)
        facilitator_pages_open(browser, served)  # a second projector, a second remote
        phone.close()
