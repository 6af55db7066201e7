"""Operations on a live session against a real store: start, find, join, resume, pace."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent, load_live_content
from workshop.errors import ResumeCodeError
from workshop.keynote.reflections import Ingredient
from workshop.live import session as rules
from workshop.live.session import AnswersLockedError, SessionError
from workshop.services import answers, wall
from workshop.services import live_session as live
from workshop.store import Store

T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def live_content() -> LiveContent:
    return load_live_content(ROOT / "data" / "en")


@pytest.fixture
def started(store: Store, content: KeynoteContent, live_content: LiveContent) -> live.Started:
    return live.start_session(store, content, live_content, now=T0)


def every_stored_text(path: Path) -> list[str]:
    """Every text value in every table of the database file."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found: list[str] = []
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                found.extend(v for v in row if isinstance(v, str))
        return found
    finally:
        conn.close()


# -- starting --------------------------------------------------------------------------------


def test_start_session_begins_locked_before_any_segment(
    started: live.Started, live_content: LiveContent
) -> None:
    session = started.session
    assert session.open_steps == frozenset()
    assert session.segment == -1
    assert session.segment_started_at is None
    assert session.created_at == T0
    assert session.expires_at == T0 + timedelta(hours=live_content.session_hours)
    assert rules.normalise_session_code(session.code) == session.code


def test_two_sessions_get_different_codes_and_links(
    store: Store, content: KeynoteContent, live_content: LiveContent
) -> None:
    first = live.start_session(store, content, live_content, now=T0)
    second = live.start_session(store, content, live_content, now=T0 + timedelta(minutes=1))
    assert first.session.code != second.session.code
    assert {first.links.remote, first.links.presenter}.isdisjoint(
        {second.links.remote, second.links.presenter}
    )


# -- finding the session ---------------------------------------------------------------------


def test_current_session_is_the_latest_running_one(
    store: Store, content: KeynoteContent, live_content: LiveContent
) -> None:
    assert live.current_session(store, T0) is None
    first = live.start_session(store, content, live_content, now=T0).session
    second = live.start_session(store, content, live_content, now=T0 + timedelta(hours=1)).session
    found = live.current_session(store, T0 + timedelta(hours=2))
    assert found is not None
    assert found.code == second.code != first.code


@pytest.mark.parametrize(
    ("after", "running"),
    [
        (timedelta(0), True),
        (timedelta(hours=11, minutes=59), True),
        (timedelta(hours=12), False),
        (timedelta(days=2), False),
    ],
)
def test_current_session_ignores_an_expired_one(
    store: Store, started: live.Started, after: timedelta, running: bool
) -> None:
    found = live.current_session(store, T0 + after)
    assert (found is not None and found.code == started.session.code) is running


# -- joining -------------------------------------------------------------------------------


def test_join_with_the_code_as_typed(store: Store, started: live.Started) -> None:
    code = started.session.code
    typed = f" {code[:3].lower()}-{code[3:].lower()} "
    session, attendee = live.join(store, typed, "  Sam  ", T0 + timedelta(minutes=5))
    assert session.code == code
    assert attendee.session_code == code
    assert attendee.nickname == "Sam"
    assert store.attendee(attendee.id) == attendee
    assert store.session_attendee_count(code) == 1


def test_join_with_a_wrong_code_creates_nobody(store: Store, started: live.Started) -> None:
    unknown = next(c for c in ("K7QM3X", "K7QM3Y") if c != started.session.code)
    for typed in (unknown, "", "K7QM", "not a code"):
        with pytest.raises(SessionError) as caught:
            live.join(store, typed, "Sam", T0)
        assert caught.value.reason == "wrong"
    assert store.attendee_count() == 0


def test_join_an_expired_session_is_refused(store: Store, started: live.Started) -> None:
    with pytest.raises(SessionError) as caught:
        live.join(store, started.session.code, "Late", T0 + timedelta(hours=12, seconds=1))
    assert caught.value.reason == "expired"
    assert store.attendee_count() == 0


# -- resuming ------------------------------------------------------------------------------


def test_resume_returns_the_same_attendee(store: Store, started: live.Started) -> None:
    session, attendee = live.join(store, started.session.code, None, T0)
    for typed in (attendee.resume_code, attendee.code_display.lower()):
        assert live.resume(store, session, typed) == attendee


def test_resume_refuses_a_code_from_another_session(
    store: Store, content: KeynoteContent, live_content: LiveContent, started: live.Started
) -> None:
    other = live.start_session(store, content, live_content, now=T0).session
    _, elsewhere = live.join(store, other.code, "Elsewhere", T0)
    with pytest.raises(SessionError) as caught:
        live.resume(store, started.session, elsewhere.resume_code)
    assert caught.value.reason == "wrong"
    assert elsewhere.code_display in str(caught.value)


def test_resume_with_an_unknown_code(store: Store, started: live.Started) -> None:
    with pytest.raises(ResumeCodeError):
        live.resume(store, started.session, "K7QM-3XPA")


# -- pacing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "opened"),
    [
        (0, set()),
        (1, {"do_over"}),
        (3, {"do_over", "balance", "impact"}),
        (5, {"do_over", "balance", "impact", "menu", "card"}),
    ],
)
def test_start_segment_opens_its_step_and_earlier_ones(
    store: Store,
    live_content: LiveContent,
    started: live.Started,
    index: int,
    opened: set[str],
) -> None:
    at = T0 + timedelta(minutes=10)
    live.start_segment(store, started.session, live_content, index, at)
    session = store.live_session(started.session.code)
    assert session is not None
    assert session.open_steps == opened
    assert session.segment == index
    assert session.segment_started_at == at
    left = rules.countdown(session, live_content, at)
    assert left is not None
    assert left.seconds_left == live_content.agenda[index].minutes * 60


def test_start_segment_reopens_a_step_locked_since_the_session_was_read(
    store: Store, live_content: LiveContent, started: live.Started
) -> None:
    code = started.session.code
    live.start_segment(store, started.session, live_content, 1, T0)
    seen = store.live_session(code)  # what a dashboard read: do_over open
    assert seen is not None
    assert seen.open_steps == {"do_over"}
    live.set_step(store, seen, "do_over", False)  # locked meanwhile, e.g. from another screen
    live.start_segment(store, seen, live_content, 2, T0 + timedelta(minutes=7))
    after = store.live_session(code)
    assert after is not None
    assert after.open_steps == {"do_over", "balance"}


def test_start_segment_keeps_a_later_step_the_facilitator_opened(
    store: Store, live_content: LiveContent, started: live.Started
) -> None:
    live.set_step(store, started.session, "card", True)
    live.start_segment(store, started.session, live_content, 1, T0)
    session = store.live_session(started.session.code)
    assert session is not None
    assert session.open_steps == {"do_over", "card"}


@pytest.mark.parametrize("index", [-1, 6, 100])
def test_start_segment_refuses_out_of_range(
    store: Store, live_content: LiveContent, started: live.Started, index: int
) -> None:
    with pytest.raises(SessionError, match=f"no segment {index + 1}"):
        live.start_segment(store, started.session, live_content, index, T0)
    session = store.live_session(started.session.code)
    assert session == started.session  # nothing changed


def test_set_step_opens_and_locks(
    store: Store, live_content: LiveContent, started: live.Started
) -> None:
    live.set_step(store, started.session, "impact", True)
    opened = store.live_session(started.session.code)
    assert opened is not None
    assert opened.is_open("impact")
    live.set_step(store, opened, "impact", False)
    locked = store.live_session(started.session.code)
    assert locked is not None
    assert not locked.is_open("impact")


def test_resume_brings_an_attendee_of_no_session_into_this_one(
    store: Store, content: KeynoteContent, live_content: LiveContent
) -> None:
    session = live.start_session(store, content, live_content).session
    solo = store.create_attendee("Solo")
    store.share_on_wall(solo.id, "mantra", "One thing at a time.")
    resumed = live.resume(store, session, solo.resume_code)
    assert resumed.id == solo.id
    assert resumed.session_code == session.code
    assert store.room_aggregates(session.code, 2, None).joined == 1
    assert [e.body for e in store.wall_entries(session.code)] == ["One thing at a time."]


# -- the end of the workshop -----------------------------------------------------------------


def test_ending_the_workshop_keeps_the_time_opens_the_card_and_locks_answers_after_the_grace(
    store: Store, started: live.Started, content: KeynoteContent
) -> None:
    session, person = live.join(store, started.session.code, "Kim", now=T0)
    ended = live.end_workshop(store, session, 5, now=T0 + timedelta(hours=1))
    assert ended.ended_at == T0 + timedelta(hours=1)
    assert ended.locks_at == T0 + timedelta(hours=1, minutes=5)
    assert ended.is_open("card")
    assert store.live_session(session.code) == ended  # what every screen reads
    # Within the grace, answers save; after it, every save service refuses, and saves nothing.
    me, limits = person.id, content.settings.limits
    answers.save_text(store, content, me, "menu", "mantra", "Still mine", now=ended.ended_at)
    late = T0 + timedelta(hours=1, minutes=5)
    refusals = [
        lambda: answers.save_text(store, content, me, "menu", "mantra", "Too late", now=late),
        lambda: answers.save_rating(store, content, me, "career", 3, now=late),
        lambda: answers.save_menu(store, content, me, [Ingredient("Rest", "")], now=late),
        lambda: wall.share(store, limits, me, "mantra", "Still mine", now=late),
    ]
    for refused in refusals:
        with pytest.raises(AnswersLockedError) as caught:
            refused()
        assert caught.value.reason == "answers_locked"
    saved = store.answers(person.id)
    assert saved.text("menu", "mantra") == "Still mine"
    assert saved.ratings == {} and saved.chosen("menu", "ingredient") == ()
    assert store.wall_entries(session.code) == []


def test_what_was_shared_can_still_be_taken_back_after_the_end(
    store: Store, started: live.Started, content: KeynoteContent
) -> None:
    session, person = live.join(store, started.session.code, now=T0)
    answers.save_text(store, content, person.id, "menu", "mantra", "Mine", now=T0)
    entry = wall.share(store, content.settings.limits, person.id, "mantra", "Mine", now=T0)
    live.end_workshop(store, session, 0, now=T0)
    wall.withdraw(store, person.id, entry)
    assert store.wall_entries(session.code) == []


def test_after_the_end_a_newcomer_is_refused_but_a_browser_that_joined_comes_back(
    store: Store, started: live.Started
) -> None:
    code = started.session.code
    _session, known = live.join(store, code, "Kim", now=T0, device="browser-1")
    live.end_workshop(store, started.session, 0, now=T0)
    _again, same = live.join(store, code, now=T0, device="browser-1")
    assert same.id == known.id
    with pytest.raises(SessionError) as refused:
        live.join(store, code, "Late", now=T0, device="browser-2")
    assert refused.value.reason == "ended"
    assert store.session_attendee_count(code) == 1


def test_reopening_undoes_the_end(store: Store, started: live.Started) -> None:
    live.end_workshop(store, started.session, 0, now=T0)
    reopened = live.reopen_workshop(store, started.session)
    assert not reopened.ended and reopened.locks_at is None
    assert reopened.answers_open(T0 + timedelta(days=1))
