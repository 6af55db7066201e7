"""A form's saves as one batch, on SQLite and on PostgreSQL: a phone posts its whole form on
each change, so only what differs from what is stored is written (an unchanged answer keeps
the time it was given), the session is asked once, and the attendee the request has read is
not read again."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Connection, text

from tests.support.paths import ROOT
from workshop.content.keynote import KeynoteContent
from workshop.content.live import load_live_content
from workshop.errors import RatingError, WorkshopError
from workshop.keynote.answers import Attendee, Pick
from workshop.live.session import AnswersLockedError
from workshop.services import answers
from workshop.services import live_session as live
from workshop.store import Store

T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
#: A time no save writes: a row still stamped with it was not written again.
LONG_AGO = "2000-01-01T00:00:00+00:00"


@pytest.fixture
def person(db_url: str, content: KeynoteContent) -> Iterator[tuple[Store, Attendee]]:
    with Store(db_url) as store:
        started = live.start_session(store, content, load_live_content(ROOT / "data" / "en"), T0)
        _, joined = live.join(store, started.session.code, "Kim", now=T0)
        yield store, joined


def save_ratings(
    store: Store,
    content: KeynoteContent,
    attendee_id: str,
    values: Mapping[str, object],
    now: datetime | None = None,
    attendee: Attendee | None = None,
) -> dict[str, WorkshopError]:
    refused = answers.save_balance(store, content, attendee_id, values, None, now, attendee)
    assert refused.finders is None
    return refused.ratings


def stamps(store: Store, table: str, attendee_id: str, key: str) -> dict[str, str]:
    with store.transaction() as conn:
        rows = conn.execute(
            text(f"SELECT {key}, updated_at FROM {table} WHERE attendee_id = :id"),
            {"id": attendee_id},
        )
        return {str(k): str(at) for k, at in rows}


def backdate(store: Store, table: str, attendee_id: str) -> None:
    with store.transaction() as conn:
        conn.execute(
            text(f"UPDATE {table} SET updated_at = :at WHERE attendee_id = :id"),
            {"at": LONG_AGO, "id": attendee_id},
        )


def test_an_unchanged_rating_is_not_written_again(
    person: tuple[Store, Attendee], content: KeynoteContent
) -> None:
    store, me = person
    assert save_ratings(store, content, me.id, {"career": 3, "health": "5"}) == {}
    backdate(store, "ratings", me.id)
    # The whole form again, one score changed: only that one is written.
    assert save_ratings(store, content, me.id, {"career": 3, "health": 4}) == {}
    at = stamps(store, "ratings", me.id, "category")
    assert at["career"] == LONG_AGO and at["health"] != LONG_AGO
    assert store.ratings(me.id) == {"career": 3, "health": 4}
    # The store keeps the rule too (two processes saving the same form at once).
    backdate(store, "ratings", me.id)
    store.save_ratings(me.id, {"career": 3, "health": 5})
    at = stamps(store, "ratings", me.id, "category")
    assert at["career"] == LONG_AGO and at["health"] != LONG_AGO
    assert store.answers(me.id).ratings == {"career": 3, "health": 5}


def test_a_batch_names_each_refusal_and_saves_the_rest(
    person: tuple[Store, Attendee], content: KeynoteContent
) -> None:
    store, me = person
    refused = save_ratings(store, content, me.id, {"career": 99, "health": 4, "x": 1})
    assert set(refused) == {"career", "x"}
    assert isinstance(refused["career"], RatingError)
    assert store.ratings(me.id) == {"health": 4}


def test_a_locked_session_refuses_the_whole_batch_and_saves_nothing(
    person: tuple[Store, Attendee], content: KeynoteContent
) -> None:
    store, me = person
    assert me.session_code is not None
    session = store.live_session(me.session_code)
    assert session is not None
    live.end_workshop(store, session, 5, now=T0 + timedelta(hours=1))
    late = T0 + timedelta(hours=1, minutes=5)
    values = {"career": 3, "health": 99}
    refused = save_ratings(store, content, me.id, values, now=late, attendee=me)
    assert isinstance(refused["career"], AnswersLockedError)
    assert isinstance(refused["health"], RatingError)  # its own rule is named first
    assert store.ratings(me.id) == {}


def test_unchanged_finders_are_not_written_again(
    person: tuple[Store, Attendee], content: KeynoteContent
) -> None:
    store, me = person
    category = content.balance.categories[0].id
    finder = content.balance.finders[category][0]
    picks = [Pick(finder, category)]
    answers.save_finders(store, content, me.id, picks, attendee=me)
    backdate(store, "picks", me.id)
    answers.save_finders(store, content, me.id, picks, attendee=me)
    assert set(stamps(store, "picks", me.id, "item").values()) == {LONG_AGO}
    answers.save_finders(store, content, me.id, [], attendee=me)
    assert store.picks(me.id, "balance", "finder") == ()


def test_the_attendee_the_request_read_is_not_read_again(
    person: tuple[Store, Attendee], content: KeynoteContent, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, me = person
    reads: list[str] = []
    read = store.attendee

    def counted(attendee_id: str) -> Attendee:
        reads.append(attendee_id)
        return read(attendee_id)

    monkeypatch.setattr(store, "attendee", counted)
    save_ratings(store, content, me.id, {"career": 3, "health": 4}, attendee=me)
    answers.save_text(store, content, me.id, "menu", "mantra", "Mine", attendee=me)
    assert reads == []
    save_ratings(store, content, me.id, {"career": 2, "health": 4})
    assert reads == [me.id]
    # An attendee that is not the one saving is no proof: they are read.
    other = Attendee("someone-else", "X", None, me.created_at)
    answers.save_text(store, content, me.id, "menu", "mantra", "Mine", attendee=other)
    assert reads == [me.id, me.id]


def test_progress_unchanged_takes_no_write_lock(
    person: tuple[Store, Attendee], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, me = person
    store.set_progress(me.id, frozenset({"balance"}))
    writes: list[str] = []
    transaction = store.transaction

    def counted() -> AbstractContextManager[Connection]:
        writes.append("write")
        return transaction()

    monkeypatch.setattr(store, "transaction", counted)
    store.set_progress(me.id, frozenset({"balance"}))
    assert writes == []
    store.set_progress(me.id, frozenset({"balance", "impact"}))
    assert writes == ["write"]
    assert store.completed_steps(me.id) == frozenset({"balance", "impact"})


def test_a_balance_form_asks_the_session_once_and_keeps_finders_not_shown(
    person: tuple[Store, Attendee], content: KeynoteContent, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, me = person
    first, second = (c.id for c in content.balance.categories[:2])
    kept = Pick(content.balance.finders[first][0], first)
    ticked = Pick(content.balance.finders[second][0], second)
    store.save_picks(me.id, "balance", "finder", [kept])
    reads: list[str] = []
    read = store.live_session

    def counted(code: str) -> object:
        reads.append(code)
        return read(code)

    monkeypatch.setattr(store, "live_session", counted)
    form = {first: 3, second: 4}
    refused = answers.save_balance(store, content, me.id, form, ({second}, [ticked]), attendee=me)
    assert refused == answers.BalanceRefusals()
    assert reads == [me.session_code]
    assert store.picks(me.id, "balance", "finder") == (kept, ticked)
    assert store.ratings(me.id) == {first: 3, second: 4}
    # A finder the category does not offer is refused alone; the scores still save.
    wrong = Pick("not one of its finders", second)
    refused = answers.save_balance(store, content, me.id, {first: 2}, ({second}, [wrong]))
    assert refused.finders is not None and refused.ratings == {}
    assert store.picks(me.id, "balance", "finder") == (kept, ticked)
    assert store.ratings(me.id)[first] == 2
