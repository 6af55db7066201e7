"""Sharing on the room wall: entry by entry, taken back at will, never with a name."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from tests.support.paths import ROOT
from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent, load_live_content
from workshop.keynote.answers import Attendee, Pick
from workshop.live.wall import WallEntry
from workshop.services import live_session as live
from workshop.store import Store
from workshop.ui.keynote.context import AttendeeContext
from workshop.ui.live.wall import WallShareView

T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
NICKNAME = "Zelda Quartermain"
MANTRA = "Think positive, take action!"


@pytest.fixture(scope="module")
def live_content() -> LiveContent:
    return load_live_content(ROOT / "data" / "en")


@pytest.fixture
def code(store: Store, content: KeynoteContent, live_content: LiveContent) -> str:
    return live.start_session(store, content, live_content, now=T0).session.code


@pytest.fixture
def attendee(store: Store, content: KeynoteContent, code: str) -> Attendee:
    who = store.create_attendee(NICKNAME, code)
    first, second = content.menu.ingredients[:2]
    store.save_picks(who.id, "menu", "ingredient", [Pick(first, "Daily"), Pick(second, "")])
    store.save_text(who.id, "menu", "mantra", MANTRA)
    return who


@pytest.fixture
def view(
    store: Store, content: KeynoteContent, live_content: LiveContent, attendee: Attendee
) -> WallShareView:
    return WallShareView(AttendeeContext(content, store, attendee), live_content)


def shown(view: WallShareView) -> list[tuple[str, str, bool]]:
    """The visible rows: kind, text, and whether it is on the wall."""
    return [
        (row.kind, row.body, row.entry_id is not None)
        for row in view.rows
        if row.widget.layout.display != "none"
    ]


def wall(store: Store, code: str) -> list[tuple[str, str]]:
    return [(e.kind, e.body) for e in store.wall_entries(code)]


def test_nothing_is_shared_until_asked(
    store: Store, content: KeynoteContent, code: str, view: WallShareView
) -> None:
    first, second = content.menu.ingredients[:2]
    assert shown(view) == [
        ("mantra", MANTRA, False),
        ("ingredient", first, False),
        ("ingredient", second, False),
    ]
    assert wall(store, code) == []
    assert all(r.button.description == "Share on the room wall" for r in view.rows[:3])


def test_mantra_and_an_ingredient_are_shared_separately(
    store: Store, content: KeynoteContent, code: str, view: WallShareView
) -> None:
    first, second = content.menu.ingredients[:2]
    view.rows[0].button.click()
    assert wall(store, code) == [("mantra", MANTRA)]
    view.rows[2].button.click()
    assert wall(store, code) == [("mantra", MANTRA), ("ingredient", second)]
    assert shown(view) == [
        ("mantra", MANTRA, True),
        ("ingredient", first, False),
        ("ingredient", second, True),
    ]
    assert view.rows[0].button.description == "Take back"


def test_take_back_withdraws_only_that_entry(
    store: Store, content: KeynoteContent, code: str, view: WallShareView
) -> None:
    view.rows[0].button.click()
    view.rows[1].button.click()
    view.rows[0].button.click()  # take the mantra back
    assert wall(store, code) == [("ingredient", content.menu.ingredients[0])]
    assert shown(view)[0] == ("mantra", MANTRA, False)
    assert view.rows[0].button.description == "Share on the room wall"


def test_another_attendee_cannot_withdraw_yours(
    store: Store, code: str, attendee: Attendee
) -> None:
    entry = store.share_on_wall(attendee.id, "mantra", MANTRA)
    other = store.create_attendee("Other", code)
    store.withdraw_from_wall(entry, other.id)
    assert wall(store, code) == [("mantra", MANTRA)]
    assert [e.id for e in store.my_wall_entries(attendee.id)] == [entry]
    assert store.my_wall_entries(other.id) == []
    store.withdraw_from_wall(entry, attendee.id)
    assert wall(store, code) == []


def test_the_wall_never_stores_or_shows_a_nickname(
    store: Store, code: str, view: WallShareView
) -> None:
    for row in view.rows[:3]:
        row.button.click()
    assert len(store.wall_entries(code)) == 3
    assert "nickname" not in {f for f in WallEntry.__dataclass_fields__}
    assert not any(NICKNAME in repr(e) for e in store.wall_entries(code))
    conn = sqlite3.connect(store.path)
    try:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(wall)")]
        rows = conn.execute("SELECT * FROM wall").fetchall()
    finally:
        conn.close()
    assert "nickname" not in columns
    assert len(rows) == 3
    assert not any(NICKNAME in str(value) for row in rows for value in row)


def test_shared_text_is_escaped_and_stored_verbatim(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str
) -> None:
    evil = "<img src=x onerror=alert(1)> & more"
    who = store.create_attendee(None, code)
    store.save_text(who.id, "menu", "mantra", evil)
    view = WallShareView(AttendeeContext(content, store, who), live_content)
    assert "<img" not in view.rows[0].text.value
    assert view.rows[0].text.value == "&lt;img src=x onerror=alert(1)&gt; &amp; more"
    view.rows[0].button.click()
    assert wall(store, code) == [("mantra", evil)]


def test_an_entry_shared_before_the_mantra_changed_can_still_be_taken_back(
    store: Store, code: str, attendee: Attendee, view: WallShareView
) -> None:
    view.rows[0].button.click()
    store.save_text(attendee.id, "menu", "mantra", "Keep it simple")
    view.refresh()
    visible = shown(view)
    assert ("mantra", "Keep it simple", False) in visible
    assert ("mantra", MANTRA, True) in visible  # still on the wall: it must be offered back
    stale = next(r for r in view.rows if r.body == MANTRA)
    stale.button.click()
    assert wall(store, code) == []
    assert ("mantra", MANTRA, True) not in shown(view)


def test_many_stale_entries_each_get_a_row(
    store: Store, content: KeynoteContent, code: str, attendee: Attendee, view: WallShareView
) -> None:
    before_rows = list(view.rows)
    for n in range(len(before_rows) + 2):
        store.share_on_wall(attendee.id, "mantra", f"Old mantra {n}")
    view.refresh()
    offered = [
        r.body for r in view.rows if r.entry_id is not None and r.widget.layout.display != "none"
    ]
    assert sorted(offered) == sorted(e.body for e in store.my_wall_entries(attendee.id))
    assert len(offered) == len(before_rows) + 2
    assert all(r.widget in view.widget.children for r in view.rows)
    before = list(view.rows)
    view.refresh()
    assert view.rows == before  # rows are kept, not rebuilt


def test_resuming_as_another_attendee_shows_their_entries(
    store: Store, content: KeynoteContent, code: str, attendee: Attendee, view: WallShareView
) -> None:
    view.rows[0].button.click()
    other = store.create_attendee(None, code)
    view.context.resume(other.resume_code)
    assert shown(view) == []
    assert wall(store, code) == [("mantra", MANTRA)]


def test_clicks_on_hidden_or_spent_share_buttons_write_nothing(
    store: Store, content: KeynoteContent, code: str, attendee: Attendee, view: WallShareView
) -> None:
    """Issue 16: 120 clicks on hidden Share buttons made 101 empty wall rows. Now a hidden row
    does nothing, and past the limit a share is refused in the content's words."""
    hidden = [r for r in view.rows if r.widget.layout.display == "none"]
    assert hidden, "the view keeps spare rows hidden"
    for _ in range(40):
        for row in hidden:
            row.button.click()
    assert wall(store, code) == []
    three = [Pick(item, "") for item in content.menu.ingredients[:3]]
    store.save_picks(attendee.id, "menu", "ingredient", three)
    view.refresh()
    assert len(shown(view)) == 4  # the mantra and three ingredients: one more than the limit
    for _ in range(30):
        for row in view.rows:
            if row.entry_id is None:
                row.button.click()
    assert store.wall_shared_count(attendee.id) == content.settings.limits.wall_entries == 3
    assert len(wall(store, code)) == 3
    assert load_live_content(ROOT / "data" / "en").label("wall_full") in view.message.value
