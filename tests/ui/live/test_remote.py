"""The facilitator's remote, headless: counters in batches, pacing, reveal, the wall's
moderation and export; and the notebook dashboard that puts it beside the big screen."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import openpyxl
import pytest

from tests.support.paths import ROOT
from tests.support.widget_tree import all_widgets
from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent, load_live_content
from workshop.errors import StoreError
from workshop.services import live_session as live
from workshop.services.demo import demo_records
from workshop.store import AttendeeRecord, Store
from workshop.ui.live.dashboard import Dashboard
from workshop.ui.live.presenter import every
from workshop.ui.live.remote import LATE_COLOUR, Remote

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
def code(store: Store, content: KeynoteContent, live_content: LiveContent) -> str:
    return live.start_session(store, content, live_content, now=T0).session.code


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


def room(
    store: Store,
    content: KeynoteContent,
    live_content: LiveContent,
    code: str,
    count: int,
    seed: int = 5,
) -> list[AttendeeRecord]:
    records = demo_records(content, live_content, count, code, seed=seed)
    store.add_attendees(records)
    return records


def open_remote(
    store: Store,
    content: KeynoteContent,
    live_content: LiveContent,
    code: str,
    clock: Clock,
    **kw: Any,
) -> Remote:
    session = store.live_session(code)
    assert session is not None
    return Remote(store, content, live_content, session, clock=clock, **kw)


def tiles(remote: Remote) -> dict[str, int]:
    """The remote's counters: name -> count."""
    found = re.findall(r"<div class='workshop-tile'>(.*?)<b>(\d+)</b></div>", remote.counters.value)
    return {name: int(n) for name, n in found}


def html_values(remote: Remote) -> list[str]:
    return [w.value for w in all_widgets(remote.widget) if isinstance(w, widgets.HTML)]


# -- counters and the threshold --------------------------------------------------------------


def test_counters_show_joined_and_completed_per_step(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, clock: Clock
) -> None:
    records = room(store, content, live_content, code, 30)
    store.create_attendee("Just arrived", code)  # joined, nothing done yet
    done = Counter(step for r in records for step in r.completed)
    remote = open_remote(store, content, live_content, code, clock)
    counters = tiles(remote)
    assert counters["Joined"] == 31
    for step in live_content.steps:
        assert counters[step.label] == done[step.id]
    assert done["card"] < 30  # the counts differ per step, so each is really checked


def test_counters_move_in_batches_of_k_and_say_what_waits(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, clock: Clock
) -> None:
    k = content.settings.anonymity_k
    remote = open_remote(store, content, live_content, code, clock)
    people = [store.create_attendee(None, code) for _ in range(k + 1)]
    for person in people[: k - 1]:
        store.set_progress(person.id, frozenset({"do_over"}))
    remote.refresh()
    assert tiles(remote)["1 · Do over"] == 0
    # Why the counters wait, in words a facilitator understands (issue 20).
    assert f"Counts move in groups of {k}, for anonymity." in remote.counters.value
    assert f"{k - 1} newer answers wait: the screens show answers in groups of {k}" in (
        remote.counters.value
    )
    store.set_progress(people[k - 1].id, frozenset({"do_over"}))
    remote.refresh()
    assert tiles(remote)["1 · Do over"] == k
    assert "newer answer" not in remote.counters.value
    assert f"groups of {k}, for anonymity" in remote.counters.value
    store.set_progress(people[k].id, frozenset({"do_over"}))
    remote.refresh()
    assert tiles(remote)["1 · Do over"] == k
    assert tiles(remote)["Joined"] == k + 1  # joining is counted live


# -- the run of show ------------------------------------------------------------------------


def test_a_step_toggle_persists(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, clock: Clock
) -> None:
    remote = open_remote(store, content, live_content, code, clock)
    toggle = remote.step_controls["balance"]
    # Each step says whether it is open, and its control names what it acts on (issue 20).
    assert (toggle.text, toggle.name) == ("Open", "Open 2 · Balance")
    assert ">locked<" in remote.step_states["balance"].value
    toggle.click()
    stored = store.live_session(code)
    assert stored is not None
    assert stored.open_steps == {"balance"}
    assert (toggle.text, toggle.name) == ("Lock", "Lock 2 · Balance")
    assert ">open<" in remote.step_states["balance"].value
    toggle.click()
    stored = store.live_session(code)
    assert stored is not None
    assert stored.open_steps == frozenset()
    assert ">locked<" in remote.step_states["balance"].value


def test_a_step_opened_elsewhere_shows_on_refresh(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, clock: Clock
) -> None:
    remote = open_remote(store, content, live_content, code, clock)
    store.set_step_open(code, "menu", True)
    remote.refresh()
    assert remote.step_controls["menu"].name == "Lock 4 · Menu"
    stored = store.live_session(code)
    assert stored is not None
    assert stored.open_steps == {"menu"}


def test_next_and_previous_pace_the_countdown(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, clock: Clock
) -> None:
    remote = open_remote(store, content, live_content, code, clock)
    assert remote.clock_html.value == ""
    assert "Not started" in remote.heading.value
    assert remote.previous.disabled and not remote.next.disabled

    remote.next.click()
    stored = store.live_session(code)
    assert stored is not None
    assert (stored.segment, stored.segment_started_at) == (0, T0)
    assert "08:00</span>" in remote.clock_html.value and "left" in remote.clock_html.value
    assert "Segment 1 of 6 · Welcome and the do-over story" in remote.heading.value
    assert "▶" in remote.segment_rows[0].value
    assert "▶" not in remote.segment_rows[1].value

    clock.advance(seconds=30)
    remote.tick()
    assert "07:30</span>" in remote.clock_html.value

    remote.next.click()
    stored = store.live_session(code)
    assert stored is not None
    assert (stored.segment, stored.segment_started_at) == (1, T0 + timedelta(seconds=30))
    assert stored.open_steps == {"do_over"}
    assert remote.step_controls["do_over"].text == "Lock"
    assert "07:00</span>" in remote.clock_html.value
    assert "The do-over question" in remote.heading.value

    clock.advance(minutes=8)
    remote.tick()
    assert "-01:00</span>" in remote.clock_html.value and "over time" in remote.clock_html.value
    assert LATE_COLOUR in remote.clock_html.value

    remote.previous.click()
    stored = store.live_session(code)
    assert stored is not None
    assert stored.segment == 0
    assert "08:00</span>" in remote.clock_html.value


def test_start_buttons_and_the_ends_of_the_agenda(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, clock: Clock
) -> None:
    remote = open_remote(store, content, live_content, code, clock)
    remote.previous.click()  # before the first segment: nothing to go back to
    stored = store.live_session(code)
    assert stored is not None
    assert stored.segment == -1
    last = len(live_content.agenda) - 1
    remote.start_segment(last)
    assert remote.next.disabled
    remote.next.click()  # past the last segment: stays
    stored = store.live_session(code)
    assert stored is not None
    assert stored.segment == last
    assert stored.open_steps == {s.id for s in live_content.steps}


def test_results_start_hidden_and_the_reveal_toggle_persists(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, clock: Clock
) -> None:
    room(store, content, live_content, code, 6)
    remote = open_remote(store, content, live_content, code, clock)
    remote.start_segment(2)  # the balance wheel: the room's results to reveal
    assert remote.reveal.text == "Show room results" and not remote.reveal.hidden
    remote.reveal.click()
    stored = store.live_session(code)
    assert stored is not None and stored.revealed
    assert remote.reveal.text == "Hide room results"
    # A new segment hides the results again: the room answers before it sees the others.
    remote.start_segment(4)
    stored = store.live_session(code)
    assert stored is not None and not stored.revealed
    assert remote.reveal.text == "Show room results"
    remote.reveal.click()
    remote.start_segment(4)  # the same segment again changes nothing
    stored = store.live_session(code)
    assert stored is not None and stored.revealed


# -- the wall -------------------------------------------------------------------------------


def test_wall_entries_are_escaped_grouped_and_hidden_together(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, clock: Clock
) -> None:
    attendee = store.create_attendee("<b>Mallory</b>", code)
    store.share_on_wall(attendee.id, "mantra", EVIL)
    for body in ("Think positive, take action!", "think positive,  take ACTION!"):
        store.share_on_wall(store.create_attendee(None, code).id, "mantra", body)
    remote = open_remote(store, content, live_content, code, clock)
    values = html_values(remote)
    assert not any("<img" in value for value in values)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in value for value in values)
    assert not any("Mallory" in value for value in values)

    rows = remote.wall.rows
    assert len(rows) == 2
    grouped = rows["think positive, take action"]
    assert "&times;2" in grouped.text.value
    evil = rows[next(key for key in rows if "img" in key)]
    # Each control is named by the group it acts on.
    assert grouped.button.name == "Hide “Think positive, take action!”"
    evil.button.click()
    assert [e.hidden for e in store.wall_entries(code) if e.body == EVIL] == [True]
    # Hidden is off the big screen; the remote keeps it, marked, so it can be shown again.
    assert live_content.label("hidden_entry") in evil.text.value
    assert evil.button.text == live_content.label("show_entry")
    assert evil.button.name == f"Show “{EVIL}”"
    assert remote.wall.box.children[-1] is evil.widget
    grouped.button.click()
    assert all(e.hidden for e in store.wall_entries(code))
    grouped.button.click()
    assert [e.hidden for e in store.wall_entries(code) if e.body != EVIL] == [False, False]
    assert next(e.body for e in store.wall_entries(code)) == EVIL  # stored verbatim


def test_a_withdrawn_entry_leaves_the_wall(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, clock: Clock
) -> None:
    attendee = store.create_attendee(None, code)
    store.share_on_wall(attendee.id, "mantra", "Keep going")
    gone = store.share_on_wall(attendee.id, "ingredient", "Gratitude")
    remote = open_remote(store, content, live_content, code, clock)
    assert set(remote.wall.rows) == {"keep going", "gratitude"}
    store.withdraw_from_wall(gone, attendee.id)
    remote.refresh()
    assert remote.wall.box.children == (remote.wall.rows["keep going"].widget,)


def test_refresh_updates_in_place(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, clock: Clock
) -> None:
    records = room(store, content, live_content, code, 30)
    assert any(r.wall for r in records)
    remote = open_remote(store, content, live_content, code, clock)
    before = [id(w) for w in all_widgets(remote.widget)]
    rows = dict(remote.wall.rows)
    assert rows
    remote.refresh()
    remote.refresh()
    assert [id(w) for w in all_widgets(remote.widget)] == before
    assert all(remote.wall.rows[key] is row for key, row in rows.items())

    attendee = store.create_attendee(None, code)
    store.share_on_wall(attendee.id, "mantra", "One more")
    remote.refresh()
    assert all(remote.wall.rows[key] is row for key, row in rows.items())
    assert remote.wall.rows["one more"].widget in remote.wall.box.children


def test_the_notebook_dashboard_puts_the_remote_beside_the_big_screen(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, clock: Clock
) -> None:
    session = store.live_session(code)
    assert session is not None
    dashboard = Dashboard(store, content, live_content, session, "http://room.example/?s=1")
    assert dashboard.remote.reader is dashboard.presenter.reader
    assert "workshop-presenter" in dashboard.presenter.widget.value
    assert "<svg" in dashboard.presenter.widget.value  # the QR code of the join slide
    dashboard.remote.next.click()
    dashboard.refresh()
    assert "data-slide='join'" in dashboard.presenter.widget.value  # the welcome segment


# -- export ---------------------------------------------------------------------------------


def test_export_button_writes_an_xlsx_without_private_text(
    store: Store,
    content: KeynoteContent,
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
    remote = open_remote(store, content, live_content, code, clock, export_dir=tmp_path)
    remote.downloads.export_button.click()

    path = tmp_path / f"results-{code}.xlsx"
    assert path.exists()
    assert "data:application/vnd.openxmlformats" in remote.downloads.link.value
    assert f"results-{code}.xlsx" in remote.downloads.link.value
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
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, clock: Clock
) -> None:
    remote = open_remote(store, content, live_content, code, clock)
    calls: list[int] = []

    def flaky() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise StoreError("database is locked")

    async def poll_three_times() -> None:
        task = asyncio.create_task(every(0.001, flaky, remote.refresh_failed))
        while len(calls) < 3:
            await asyncio.sleep(0.001)
        task.cancel()

    asyncio.run(poll_three_times())
    assert live_content.label("refresh_failed") in remote.message.value
    assert "database is locked" in remote.message.value


def test_the_big_screen_follows_the_walls_moderation(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, clock: Clock
) -> None:
    session = store.live_session(code)
    assert session is not None
    dashboard = Dashboard(store, content, live_content, session, clock=clock)
    menu = next(i for i, s in enumerate(live_content.agenda) if s.step == "menu")
    dashboard.remote.start_segment(menu)
    dashboard.remote.reveal.click()
    store.share_on_wall(store.create_attendee(None, code).id, "mantra", "Keep going")
    dashboard.refresh()
    assert "Keep going" in dashboard.presenter.widget.value
    dashboard.remote.wall.rows["keep going"].button.click()
    dashboard.refresh()
    assert "Keep going" not in dashboard.presenter.widget.value
    dashboard.remote.wall.rows["keep going"].button.click()
    dashboard.refresh()
    assert "Keep going" in dashboard.presenter.widget.value


# -- named controls, private steps, the end of the workshop (issue 20) ---------------------------


def test_previous_and_next_name_the_segment_they_go_to(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, clock: Clock
) -> None:
    remote = open_remote(store, content, live_content, code, clock)
    assert remote.next.name == "Next: Welcome and the do-over story"
    assert remote.previous.disabled
    remote.start_segment(2)
    assert remote.previous.name == "Previous: The do-over question"
    assert remote.next.name == "Next: Passion of Impact"


@pytest.mark.parametrize(("segment", "revealable"), [(1, False), (2, True), (3, False), (5, True)])
def test_reveal_is_offered_only_where_the_room_has_results_and_a_private_step_says_why(
    store: Store,
    content: KeynoteContent,
    live_content: LiveContent,
    code: str,
    clock: Clock,
    segment: int,
    revealable: bool,
) -> None:
    remote = open_remote(store, content, live_content, code, clock)
    remote.start_segment(segment)
    assert remote.reveal.hidden is not revealable
    note = live_content.label("nothing_to_reveal")
    assert (note in remote.reveal_note.value) is not revealable
    remote.reveal.click()  # a hidden control does nothing, as in a browser
    stored = store.live_session(code)
    assert stored is not None and stored.revealed is revealable


def test_the_last_segments_clock_says_times_up_never_a_negative_time(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, clock: Clock
) -> None:
    remote = open_remote(store, content, live_content, code, clock)
    remote.start_segment(len(live_content.agenda) - 1)
    clock.advance(minutes=9)
    remote.tick()
    assert "00:00</span>" in remote.clock_html.value and "time&#x27;s up" in remote.clock_html.value
    assert "-" not in remote.clock_html.value.split("</span>")[0]


def test_the_remote_ends_the_workshop_with_the_grace_it_sets_and_can_reopen_it(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, clock: Clock
) -> None:
    remote = open_remote(store, content, live_content, code, clock, served=True)
    remote.start_segment(len(live_content.agenda) - 1)
    assert remote.ending.reopen.hidden and not remote.ending.end.hidden
    remote.ending.grace.value = 10
    remote.ending.end.click()
    stored = store.live_session(code)
    assert stored is not None
    assert (stored.ended_at, stored.locks_at) == (clock.at, clock.at + timedelta(minutes=10))
    # Where it stands, at the top, with what to take away; no clock runs any more.
    banner = remote.ending.banner.value
    assert "The workshop ended at" in banner and "Answers can be changed until" in banner
    assert "href='facilitator/export.xlsx'" in banner and "facilitator/report.pdf" in banner
    assert remote.clock_html.value == ""
    assert remote.next.disabled and remote.previous.disabled and remote.reveal.hidden
    clock.advance(minutes=10)
    remote.refresh()
    assert live_content.label("answers_locked_note") in remote.ending.banner.value
    remote.ending.reopen.click()
    stored = store.live_session(code)
    assert stored is not None and not stored.ended
    assert remote.ending.banner.layout.display == "none" and remote.ending.reopen.hidden


def test_served_the_export_and_the_report_are_one_click_downloads(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, clock: Clock
) -> None:
    remote = open_remote(store, content, live_content, code, clock, served=True)
    link = remote.downloads.link.value
    assert (
        "<a class='workshop-control workshop-export' href='facilitator/export.xlsx' download>"
        in (link)
    )
    assert "href='facilitator/report.pdf' download>Session report (PDF)</a>" in link
    assert remote.downloads.export_button.widget not in all_widgets(remote.widget)
