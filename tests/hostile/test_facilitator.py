"""Hostile clients, part 4: the facilitator's secret does not linger.

Before (issue 16, item 4): the projector's browser kept /facilitator#TOKEN/presenter in its
History and address-bar suggestions, and the cookie was the raw token for 24 h: on a shared
venue laptop, the next user opened the remote. Now the printed links are one-time: what a
browser keeps of one is spent, and the sign-in it was traded for (a random key, only its hash
stored) is revocable and ends with the session.

The History check reads what Chromium itself wrote in a real profile.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from tests.hostile.clients import sign_in
from tests.support.chromium import CHROMIUM_ARGS
from tests.support.serving import Served, content_with_k, run_coroutine, serving
from workshop.cli import main

pytestmark = pytest.mark.browser
expect.set_options(timeout=30_000)
#: Where Chromium keeps what a profile visited, suggests and restores.
REMEMBERED = ("History", "Top Sites", "Favicons", "Sessions", "Current Session", "Current Tabs")
LINK = re.compile(r"/facilitator#([A-Za-z0-9_-]+)")


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path, ["--content", str(content_with_k(tmp_path / "content", 2))]) as served:
        yield served


def history_rows(profile: Path) -> list[str]:
    """Every text Chromium's History database holds about what was visited or typed."""
    copy = profile.parent / "History-read"
    shutil.copy(profile / "Default" / "History", copy)
    conn = sqlite3.connect(copy)
    try:
        rows = [u for (u,) in conn.execute("SELECT url FROM urls")]
        rows += [
            u
            for (u,) in conn.execute(
                "SELECT urls.url FROM visits JOIN urls ON urls.id = visits.url"
            )
        ]
        rows += [t for (t,) in conn.execute("SELECT term FROM keyword_search_terms")]
    finally:
        conn.close()
    return rows


def remembered_files(profile: Path) -> list[Path]:
    found = []
    for path in profile.rglob("*"):
        if path.is_file() and any(
            part in path.parts or path.name.startswith(part) for part in REMEMBERED
        ):
            found.append(path)
    return found


def test_what_the_projectors_history_keeps_opens_nothing(
    browser: Browser, chromium_path: str, room: Served, tmp_path: Path
) -> None:
    profile = tmp_path / "projector-profile"
    projector: BrowserContext = browser.browser_type.launch_persistent_context(
        str(profile), executable_path=chromium_path, args=list(CHROMIUM_ARGS), headless=True
    )
    page = projector.new_page()
    page.goto(room.printed_url("presenter"))
    expect(page.locator(".workshop-presenter")).to_be_visible()
    assert "#" not in page.url  # the key is gone from the address bar
    sign_in_key = next(
        c["value"] for c in projector.cookies() if c["name"] == "workshop-facilitator"
    )
    page.goto(f"{room.base_url}/facilitator")  # another visit, so History is written out
    projector.close()

    rows = history_rows(profile)
    assert any("/facilitator" in row for row in rows), "Chromium recorded nothing: no check made"
    kept = {m[1] for row in rows for m in LINK.finditer(row)}
    # Chromium keeps the link it opened, fragment and all (replaceState does not take it
    # back): the big screen's printed link, and nothing else of the facilitator's.
    assert kept <= {room.presenter_token}, kept
    for key in kept:
        # Spent: it signs nobody in, from anywhere.
        assert run_coroutine(sign_in(room.base_url, key)).status_code == 403
    for path in remembered_files(profile):
        data = path.read_bytes()
        assert sign_in_key.encode() not in data, f"the sign-in is kept in {path.name}"

    # The next user of the laptop, with what the browser remembers: nothing opens.
    stranger = browser.new_context()
    visit = stranger.new_page()
    for row in rows:
        if LINK.search(row):
            visit.goto(row)
            expect(visit.locator("#note")).to_contain_text("used already")
    assert visit.goto(f"{room.base_url}/remote").status == 403  # type: ignore[union-attr]
    stranger.close()


def test_signing_out_everywhere_ends_every_open_page(
    browser: Browser, room: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    screen = context.new_page()
    screen.goto(room.printed_url("presenter"))
    expect(screen.locator(".workshop-presenter")).to_be_visible()
    remote = context.new_page()
    remote.goto(f"{room.base_url}/remote")
    expect(remote.locator(".workshop-counters")).to_be_visible()

    assert main(["session", "sign-out", "--db", room.db]) == 0
    assert "Signed out every facilitator browser" in capsys.readouterr().out
    for page in (screen, remote):
        ended = page.locator(".workshop-ended").first
        expect(ended).to_contain_text("This page is for the facilitator")
        expect(page.locator(".workshop-presenter, .workshop-counters")).to_have_count(0)
    assert remote.goto(f"{room.base_url}/remote").status == 403  # type: ignore[union-attr]

    # New links, printed on the terminal, sign in again.
    assert main(["session", "links", "--db", room.db, "--url", room.base_url]) == 0
    printed = capsys.readouterr().out
    link = re.search(r"Big screen:\s+(\S+)", printed)
    assert link
    screen.goto(link[1])
    expect(screen.locator(".workshop-presenter")).to_be_visible()
    context.close()
