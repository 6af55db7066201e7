"""Hostile clients, part 7: no traceback reaches a browser, in any language, after any restart.

Before (issue 16, item 8): an exception in a page showed its Python traceback, server paths
and all; after a restart each open page got an English "Could not restore session / Refresh
now" dialog that nobody presses on a projector, and printed about 25 lines of traceback in the
facilitator's terminal; /rep showed a traceback on every session `workshop demo` started.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.paths import DATA
from tests.support.serving import Served, content_with_k, free_port, serving
from workshop.cli import main
from workshop.content.live import load_live_content

pytestmark = pytest.mark.browser
expect.set_options(timeout=60_000)
SPANISH = load_live_content(DATA / "es")
#: What a traceback shown to a browser would hold.
LEAKS = re.compile(r"Traceback|File \"/|\.py\", line|/site-packages/")
#: Solara's own English messages, which the room's pages never show.
ENGLISH = ("Could not restore session", "Refresh now", "Please refresh", "Server disconnected")


def spanish_content(folder: Path) -> Path:
    content_with_k(folder, 2)  # the keynote's settings, then Spanish wording
    for name in ("session.yaml", "do_over.yaml", "balance.yaml", "impact.yaml", "menu.yaml",
                 "live.yaml"):  # fmt: skip
        text = (DATA / "es" / name).read_text(encoding="utf-8")
        (folder / name).write_text(
            re.sub(r"anonymity_k: \d+", "anonymity_k: 2", text), encoding="utf-8"
        )
    return folder


@pytest.fixture
def spanish_room(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path, ["--content", str(spanish_content(tmp_path / "content"))]) as served:
        yield served


def page_html(page: Page) -> str:
    return str(page.evaluate("document.documentElement.outerHTML"))


def page_text(page: Page) -> str:
    """What the page shows (its HTML also holds Solara's templates, which name a traceback
    slot that only a debug build fills)."""
    return str(page.evaluate("document.body.innerText"))


def test_a_broken_page_says_so_in_the_rooms_language(
    browser: Browser, spanish_room: Served
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    screen = context.new_page()
    screen.goto(spanish_room.facilitator_url("presenter"))
    expect(screen.locator(".workshop-presenter")).to_be_visible()
    # The database is damaged under the running room (a table gone).
    conn = sqlite3.connect(spanish_room.db)
    conn.execute("DROP TABLE wall")
    conn.commit()
    conn.close()
    broken = context.new_page()
    broken.goto(spanish_room.facilitator_url("presenter"))
    expect(broken.locator(".workshop-page-failed").first).to_contain_text(
        SPANISH.label("page_failed")
    )
    assert not LEAKS.search(page_text(broken)), "a traceback reached the browser"
    log = spanish_room.log.read_text(encoding="utf-8")
    assert "the presenter page could not be built" in log and "Traceback" in log
    context.close()


def test_a_restart_reloads_the_pages_by_themselves(browser: Browser, tmp_path: Path) -> None:
    content = spanish_content(tmp_path / "content")
    port = free_port()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    with serving(tmp_path, ["--content", str(content)], port=port) as first:
        screen = context.new_page()
        screen.goto(first.printed_url("presenter"))
        expect(screen.locator(".workshop-presenter")).to_be_visible()
        remote = context.new_page()
        remote.goto(f"{first.base_url}/remote")
        expect(remote.locator(".workshop-counters")).to_be_visible()
        for page in (screen, remote):
            page.evaluate("window.__before_restart = 1")  # gone once the page reloads
    # The server is gone: each page says so, in the room's words.
    for page in (screen, remote):
        expect(page.locator("body")).to_contain_text(SPANISH.label("reconnecting"))
    with serving(tmp_path, [], port=port) as second:
        # Back: each page reloads by itself, still signed in (the sign-in outlives a restart).
        for page, shown in ((screen, ".workshop-presenter"), (remote, ".workshop-counters")):
            page.wait_for_function("window.__before_restart === undefined", timeout=90_000)
            expect(page.locator(shown)).to_be_visible()
            assert not any(english in page_html(page) for english in ENGLISH)
            assert not LEAKS.search(page_text(page))
        time.sleep(1)  # the log is written by another process: let its last line arrive
        log = second.log.read_text(encoding="utf-8")
    assert "Traceback" not in log, log[:2000]
    assert len(log.splitlines()) <= 4, log
    context.close()


def test_the_reps_page_works_on_a_demo_started_session(
    browser: Browser, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "live.db"
    assert main(["demo", "--db", str(db), "--attendees", "5"]) == 0
    capsys.readouterr()
    with serving(tmp_path, []) as served:
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        response = page.goto(f"{served.base_url}/rep")
        assert response is not None and response.status == 200
        expect(page.locator("input").first).to_be_visible()
        assert not LEAKS.search(page_text(page))
        assert "Traceback" not in served.log.read_text(encoding="utf-8")
