"""Randomized response in the room's figures, on both backends: every score counts as its kept
copy, the coin survives every change, the export and the card keep the truth, and the k-1
sybil attack of issue 16 recovers copies, not answers."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from benchmarks._sybil import Room, attack, histogram, set_up
from tests.support.content import exact
from tests.support.paths import ROOT
from workshop.content.keynote import KeynoteContent
from workshop.content.live import load_live_content
from workshop.live.batches import rating_figure
from workshop.live.randomized import Coin, copy_of, replaced
from workshop.services import live_session as live
from workshop.services.figures import RoomReader, read_room
from workshop.store import SCHEMA_VERSION, Store, statements

LIVE = load_live_content(ROOT / "data" / "en")


@pytest.fixture
def room(db_url: str, content: KeynoteContent) -> Iterator[tuple[Store, str]]:
    with Store(db_url) as store:
        yield store, live.start_session(store, content, LIVE).session.code


def test_a_score_keeps_its_coin_through_every_change(
    room: tuple[Store, str], content: KeynoteContent
) -> None:
    store, code = room
    who = store.create_attendee(session_code=code)
    store.save_rating(who.id, "career", 3)
    coin = store.rating_coins(who.id)["career"]
    for score in (8, 1, 5):
        store.save_rating(who.id, "career", score)
        assert store.rating_coins(who.id) == {"career": coin}
    # What a changed answer counts as: a kept score follows it, a replaced one stays put.
    scale = content.balance.scale
    kept, swapped = Coin(999_999, coin.draw), Coin(0, coin.draw)
    assert [copy_of(s, kept, 0.25, scale) for s in (3, 8)] == [3, 8]
    assert len({copy_of(s, swapped, 0.25, scale) for s in (3, 8)}) == 1


def test_the_screens_count_copies_and_the_export_the_truth(
    room: tuple[Store, str], content: KeynoteContent
) -> None:
    store, code = room
    noisy = exact(content, 0.95)
    people = []
    for _ in range(12):
        who = store.create_attendee(session_code=code)
        for category in noisy.balance.categories:
            store.save_rating(who.id, category.id, 8)
        people.append(who.id)
    RoomReader(store, code, noisy).read()
    published = store.published_figures(code)
    scale = noisy.balance.scale
    for category in noisy.balance.categories:
        _version, shown = published[rating_figure(category.id)]
        for who in people:
            coin = store.rating_coins(who)[category.id]
            assert shown[who] == copy_of(8, coin, 0.95, scale)
    counted = sum(h.total() for h in histogram(published).values())
    assert counted == 12 * len(noisy.balance.categories)
    random_ones = sum(
        replaced(store.rating_coins(w)[c.id], 0.95)
        for w in people
        for c in noisy.balance.categories
    )
    assert random_ones > 0.8 * counted  # 95% expected: the screens would show all 8s otherwise
    # The export and the person's own answers keep the truth.
    assert {s for _a, _c, s in store.export_rows(code).ratings} == {8}
    assert set(store.answers(people[0]).ratings.values()) == {8}
    # After the session the report counts the same copies the screens published.
    assert read_room(store, code, noisy).key() == RoomReader(store, code, noisy).read().key()


def attacked_room(store: Store, content: KeynoteContent, p: float) -> Room:
    chosen = exact(content, p)
    code = live.start_session(store, content, LIVE).session.code
    attacked = Room(store, chosen, code, RoomReader(store, code, chosen).read, random.Random(7))
    set_up(attacked, honest=15, fakes=content.settings.anonymity_k - 1, movable=True)
    return attacked


def victim(content: KeynoteContent, rng: random.Random) -> dict[str, int]:
    scale = content.balance.scale
    return {c.id: rng.randint(scale.min, scale.max) for c in content.balance.categories}


def test_before_the_sybil_attack_recovered_every_score(
    room: tuple[Store, str], content: KeynoteContent
) -> None:
    """Issue 16: four scripted attendees released one person's change and subtracted theirs;
    all 8 of the victim's scores came out exactly. That is what p = 0 still does."""
    store, _code = room
    attacked = attacked_room(store, content, 0.0)
    for _ in range(2):
        outcome = attack(attacked, victim(content, attacked.rng))
        assert outcome.from_answers == outcome.truth


def test_with_randomized_response_the_attack_recovers_copies_only(
    room: tuple[Store, str], content: KeynoteContent
) -> None:
    store, _code = room
    attacked = attacked_room(store, content, 0.25)
    released = 0
    for _ in range(6):
        outcome = attack(attacked, victim(content, attacked.rng))
        for category, recovered in outcome.from_copies.items():
            # Where a batch released anything, it is the victim's copy, which is their real
            # score only by the coin (`bench_randomized` measures how often).
            assert recovered in (None, outcome.copies[category])
            released += recovered is not None
    assert released > 0, "no batch released anything: the replay proves nothing"


def test_an_older_database_gives_every_saved_score_a_coin(db_url: str) -> None:
    from sqlalchemy import create_engine, text

    from workshop.store import resolve_target

    target = resolve_target(db_url)
    engine = create_engine(target.url)
    # A database as it was just before the migration that brought the coins.
    before = next(
        step
        for step in range(SCHEMA_VERSION)
        if any("rating_coins" in s for s in statements(step, target.backend))
    )
    with engine.begin() as conn:
        for step in range(before):
            for statement in statements(step, target.backend):
                conn.exec_driver_sql(statement)
        if target.backend == "sqlite":
            conn.exec_driver_sql(f"PRAGMA user_version = {before}")
        else:
            conn.exec_driver_sql("CREATE TABLE workshop_schema (version INTEGER NOT NULL)")
            conn.exec_driver_sql(f"INSERT INTO workshop_schema VALUES ({before})")
        conn.execute(
            text(
                "INSERT INTO attendees (id, resume_code, nickname, created_at) "
                "VALUES ('old-1', 'K7QM3XPA', 'Ana', '2024-01-01T00:00:00.000+00:00')"
            )
        )
        for category in ("career", "health", "family"):
            conn.execute(
                text("INSERT INTO ratings VALUES ('old-1', :c, 6, '2024-01-01T00:00:01+00:00')"),
                {"c": category},
            )
    engine.dispose()
    with Store(db_url) as store:
        coins = store.rating_coins("old-1")
    assert set(coins) == {"career", "health", "family"}
    assert all(0 <= c.toss < 1_000_000 and 0 <= c.draw < 1_000_000 for c in coins.values())
    assert len({c.toss for c in coins.values()}) == 3
