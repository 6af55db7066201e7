"""The facilitator dashboard, headless: counters, the threshold, pacing, the wall and export."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import openpyxl
import pytest

from tests.support.paths import ROOT
from tests.support.widget_tree import all_widgets
from workshop.content.keynote import Content
from workshop.content.live import LiveContent, load_live_content
from workshop.errors import StoreError
from workshop.live import operations as live
from workshop.live.demo import demo_records
from workshop.store import AttendeeRecord, Store
from workshop.ui.live.dashboard import Dashboard, _every

T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
EVIL = "<img src=x onerror=alert(1)>"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@pytest.fixture(scope="module")
def live_content() -> LiveContent:
    return load_live_content(ROOT / "data" / "en")


@pytest.fixture
def code(store: Store, content: Content, live_content: LiveContent) -> str:
    return live.start_session(store, content, live_content, now=T0).session.code


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


def room(
    store: Store, content: Content, live_content: LiveContent, code: str, count: int, seed: int = 5
) -> list[AttendeeRecord]:
    records = demo_records(content, live_content, count, code, seed=seed)
    store.add_attendees(records)
    return records


def open_dashboard(
    store: Store, content: Content, live_content: LiveContent, code: str, clock: Clock, **kw: Any
) -> Dashboard:
    session = store.live_session(code)
    assert session is not None
    return Dashboard(store, content, live_content, session, clock=clock, **kw)


def html_values(dashboard: Dashboard) -> list[str]:
    return [w.value for w in all_widgets(dashboard.widget) if isinstance(w, widgets.HTML)]


# -- counters and the threshold --------------------------------------------------------------


def test_counters_show_joined_and_completed_per_step(
    store: Store, content: Content, live_content: LiveContent, code: str, clock: Clock
) -> None:
    records = room(store, content, live_content, code, 30)
    store.create_attendee("Just arrived", code)  # joined, nothing done yet
    done = Counter(step for r in records for step in r.completed)
    dashboard = open_dashboard(store, content, live_content, code, clock)
    counters = dashboard.counters.value
    assert "Joined: 31" in counters
    for step in live_content.steps:
        assert f"{step.label}: {done[step.id]}" in counters
    assert done["card"] < 30  # the counts differ per step, so each is really checked


def test_below_k_the_dashboard_waits_and_draws_nothing(
    store: Store, content: Content, live_content: LiveContent, code: str, clock: Clock
) -> None:
    room(store, content, live_content, code, 3)
    dashboard = open_dashboard(store, content, live_content, code, clock)
    assert dashboard.waiting.value == (
        "Room results appear once 5 attendees have answered (3 so far)."
    )
    assert dashboard.board.layout.display == "none"
    assert dashboard.heatmap.value == ""
    assert dashboard.ranking.value == ""
    assert dashboard.wheel.value == ""
    assert dashboard.finders.value == ""

    room(store, content, live_content, code, 2, seed=6)
    dashboard.refresh()
    assert dashboard.waiting.value == ""
    assert dashboard.board.layout.display == "flex"
    assert "<table" in dashboard.heatmap.value
    assert dashboard.wheel.value.startswith("<svg")
    assert "class='spread'" in dashboard.wheel.value


def test_a_thin_category_is_named_as_hidden(
    store: Store, content: Content, live_content: LiveContent, code: str, clock: Clock
) -> None:
    for _ in range(5):
        attendee = store.create_attendee(None, code)
        for category in content.balance.categories[:-1]:
            store.save_rating(attendee.id, category.id, 5)
    dashboard = open_dashboard(store, content, live_content, code, clock)
    last = content.balance.categories[-1]
    assert f"Hidden until enough answers: {last.name}" in dashboard.waiting.value
    assert last.name not in dashboard.heatmap.value


# -- the run of show ------------------------------------------------------------------------


def test_a_step_toggle_persists(
    store: Store, content: Content, live_content: LiveContent, code: str, clock: Clock
) -> None:
    dashboard = open_dashboard(store, content, live_content, code, clock)
    toggle = dashboard.step_toggles["balance"]
    assert not toggle.value
    toggle.value = True
    stored = store.live_session(code)
    assert stored is not None
    assert stored.open_steps == {"balance"}
    assert toggle.icon == "unlock"
    toggle.value = False
    stored = store.live_session(code)
    assert stored is not None
    assert stored.open_steps == frozenset()
    assert toggle.icon == "lock"


def test_a_step_opened_elsewhere_shows_on_refresh(
    store: Store, content: Content, live_content: LiveContent, code: str, clock: Clock
) -> None:
    dashboard = open_dashboard(store, content, live_content, code, clock)
    store.set_step_open(code, "menu", True)
    dashboard.refresh()
    assert dashboard.step_toggles["menu"].value
    stored = store.live_session(code)
    assert stored is not None
    assert stored.open_steps == {"menu"}


def test_next_and_previous_pace_the_countdown(
    store: Store, content: Content, live_content: LiveContent, code: str, clock: Clock
) -> None:
    dashboard = open_dashboard(store, content, live_content, code, clock)
    assert dashboard.clock_html.value == ""

    dashboard.next.click()
    stored = store.live_session(code)
    assert stored is not None
    assert (stored.segment, stored.segment_started_at) == (0, T0)
    assert "08:00</span> left · Welcome and the do-over story" in dashboard.clock_html.value
    assert "▶" in dashboard.segment_rows[0].value
    assert "▶" not in dashboard.segment_rows[1].value

    clock.advance(seconds=30)
    dashboard.tick()
    assert "07:30</span> left" in dashboard.clock_html.value

    dashboard.next.click()
    stored = store.live_session(code)
    assert stored is not None
    assert (stored.segment, stored.segment_started_at) == (1, T0 + timedelta(seconds=30))
    assert stored.open_steps == {"do_over"}
    assert dashboard.step_toggles["do_over"].value
    assert "07:00</span> left · The do-over question" in dashboard.clock_html.value

    clock.advance(minutes=8)
    dashboard.tick()
    assert "-01:00</span> over time" in dashboard.clock_html.value
    assert "#b00020" in dashboard.clock_html.value

    dashboard.previous.click()
    stored = store.live_session(code)
    assert stored is not None
    assert stored.segment == 0
    assert "08:00</span> left" in dashboard.clock_html.value


def test_start_buttons_and_the_ends_of_the_agenda(
    store: Store, content: Content, live_content: LiveContent, code: str, clock: Clock
) -> None:
    dashboard = open_dashboard(store, content, live_content, code, clock)
    dashboard.previous.click()  # before the first segment: nothing to go back to
    stored = store.live_session(code)
    assert stored is not None
    assert stored.segment == -1
    last = len(live_content.agenda) - 1
    dashboard.start_segment(last)
    dashboard.next.click()  # past the last segment: stays
    stored = store.live_session(code)
    assert stored is not None
    assert stored.segment == last
    assert stored.open_steps == {s.id for s in live_content.steps}


def test_the_reveal_toggle_persists(
    store: Store, content: Content, live_content: LiveContent, code: str, clock: Clock
) -> None:
    room(store, content, live_content, code, 6)
    dashboard = open_dashboard(store, content, live_content, code, clock)
    assert dashboard.reveal.value
    assert dashboard.results.layout.display == "flex"
    dashboard.reveal.value = False
    stored = store.live_session(code)
    assert stored is not None
    assert not stored.revealed
    assert dashboard.results.layout.display == "none"
    assert dashboard.reveal.description == "Show room results"
    dashboard.reveal.value = True
    stored = store.live_session(code)
    assert stored is not None
    assert stored.revealed
    assert dashboard.results.layout.display == "flex"
    assert dashboard.reveal.description == "Hide room results"


# -- the wall -------------------------------------------------------------------------------


def test_wall_entries_are_escaped_and_the_hide_toggle_persists(
    store: Store, content: Content, live_content: LiveContent, code: str, clock: Clock
) -> None:
    attendee = store.create_attendee("<b>Mallory</b>", code)
    entry_id = store.share_on_wall(attendee.id, "mantra", EVIL)
    dashboard = open_dashboard(store, content, live_content, code, clock)
    values = html_values(dashboard)
    assert not any("<img" in value for value in values)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in value for value in values)
    assert not any("Mallory" in value for value in values)

    row = dashboard.wall_rows[entry_id]
    assert "&lt;img" in row.text.value
    row.hide.value = True
    assert [e.hidden for e in store.wall_entries(code)] == [True]
    # Hidden is off the big screen: the text goes, a marker stays to show it again.
    assert "img" not in row.text.value
    assert live_content.label("hidden_entry") in row.text.value
    row.hide.value = False
    assert [e.hidden for e in store.wall_entries(code)] == [False]
    assert "&lt;img" in row.text.value
    assert "line-through" not in row.text.value
    assert [e.body for e in store.wall_entries(code)] == [EVIL]  # stored verbatim


def test_a_withdrawn_entry_leaves_the_wall(
    store: Store, content: Content, live_content: LiveContent, code: str, clock: Clock
) -> None:
    attendee = store.create_attendee(None, code)
    keep = store.share_on_wall(attendee.id, "mantra", "Keep going")
    gone = store.share_on_wall(attendee.id, "ingredient", "Gratitude")
    dashboard = open_dashboard(store, content, live_content, code, clock)
    assert set(dashboard.wall_rows) == {keep, gone}
    store.withdraw_from_wall(gone, attendee.id)
    dashboard.refresh()
    assert set(dashboard.wall_rows) == {keep}
    assert dashboard.wall_box.children == (dashboard.wall_rows[keep].widget,)


def test_refresh_updates_in_place(
    store: Store, content: Content, live_content: LiveContent, code: str, clock: Clock
) -> None:
    records = room(store, content, live_content, code, 30)
    assert any(r.wall for r in records)
    dashboard = open_dashboard(store, content, live_content, code, clock)
    before = [id(w) for w in all_widgets(dashboard.widget)]
    rows = dict(dashboard.wall_rows)
    children = dashboard.wall_box.children
    wheel = dashboard.wheel.value
    assert rows
    dashboard.refresh()
    dashboard.refresh()
    assert [id(w) for w in all_widgets(dashboard.widget)] == before
    assert dashboard.wall_rows.keys() == rows.keys()
    assert all(dashboard.wall_rows[i] is row for i, row in rows.items())
    assert all(a is b for a, b in zip(dashboard.wall_box.children, children, strict=True))
    assert dashboard.wheel.value is wheel  # nothing changed, so the wheel was not redrawn

    attendee = store.create_attendee(None, code)
    new = store.share_on_wall(attendee.id, "mantra", "One more")
    dashboard.refresh()
    assert all(dashboard.wall_rows[i] is row for i, row in rows.items())
    assert dashboard.wall_box.children[-1] is dashboard.wall_rows[new].widget


# -- export ---------------------------------------------------------------------------------


def test_export_button_writes_an_xlsx_without_private_text(
    store: Store,
    content: Content,
    live_content: LiveContent,
    code: str,
    clock: Clock,
    tmp_path: Path,
) -> None:
    records = room(store, content, live_content, code, 20)
    attendee = store.create_attendee("Formula Fan", code)
    store.save_text(attendee.id, "do_over", "professional.answer", "My secret regret")
    store.save_text(attendee.id, "impact", "better_place", "My private pledge")
    store.share_on_wall(attendee.id, "mantra", '=HYPERLINK("http://example.com","x")')
    dashboard = open_dashboard(store, content, live_content, code, clock, export_dir=tmp_path)
    dashboard.export_button.click()

    path = tmp_path / f"results-{code}.xlsx"
    assert path.exists()
    assert "data:application/vnd.openxmlformats" in dashboard.export_link.value
    assert f"results-{code}.xlsx" in dashboard.export_link.value
    private = {"My secret regret", "My private pledge", "Formula Fan"}
    for record in records:
        private.update(
            body
            for (exercise, field), body in record.answers.texts.items()
            if exercise in ("do_over", "impact") and field != "channel" and body != "Nothing"
        )
        private.add(str(record.attendee.nickname))
    book = openpyxl.load_workbook(path)
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    texts = [str(cell.value) for cell in cells if cell.value is not None]
    assert len(texts) > 100
    assert sorted(p for p in private if any(p in t for t in texts)) == []
    # Wall text stays text: a mantra starting with "=" must not become a live formula.
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert '=HYPERLINK("http://example.com","x")' in texts


def test_a_failed_refresh_is_said_in_the_contents_words_and_polling_goes_on(
    store: Store, content: Content, live_content: LiveContent, code: str, clock: Clock
) -> None:
    dashboard = open_dashboard(store, content, live_content, code, clock)
    calls: list[int] = []

    def flaky() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise StoreError("database is locked")

    async def poll_three_times() -> None:
        task = asyncio.create_task(_every(0.001, flaky, dashboard.refresh_failed))
        while len(calls) < 3:
            await asyncio.sleep(0.001)
        task.cancel()

    asyncio.run(poll_three_times())
    assert live_content.label("refresh_failed") in dashboard.message.value
    assert "database is locked" in dashboard.message.value
