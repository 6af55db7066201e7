"""The chain of coaches in the store, on SQLite and PostgreSQL: people with a role and a coach
one level up, calls that keep who wrote each stage, the demo team removed as a whole, and a
database from before the chain upgraded with every call kept."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support.paths import ROOT
from tests.support.postgres import PostgresServer
from workshop.coaching.call import CoachingCall, open_call
from workshop.coaching.model import CallOrderError, CoachChainError
from workshop.content.coaching_files import load_coaching_content
from workshop.errors import StoreError
from workshop.services.coaching_team import load_demo_team
from workshop.store import MIGRATIONS, SCHEMA_VERSION, Store, statements

CONTENT = load_coaching_content(ROOT / "data" / "en")
DAY = date(2026, 3, 2)
T0 = datetime(2026, 3, 2, 10, tzinfo=UTC)
LIMIT = 2000
CHAIN = next(i for i, m in enumerate(MIGRATIONS) if "coaching_chained_calls" in m.sql)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def opened(rep_id: str, coach_id: str | None, call_id: str = "call-1") -> CoachingCall:
    return open_call(
        rep_id=rep_id,
        on=DAY,
        minutes=None,
        medium="call",
        situation="Price asked in minute two.",
        competency="money_talk",
        content=CONTENT,
        today=DAY,
        at=T0,
        call_id=call_id,
        coach_id=coach_id,
    )


def test_people_keep_their_role_and_coach(store: Store) -> None:
    morgan = store.create_rep("Morgan", role="director")
    casey = store.create_rep("Casey", role="manager", coach_id=morgan.id)
    alex = store.create_rep("Alex", coach_id=casey.id)
    assert store.rep(alex.id) == alex and alex.role == "rep" and alex.coach_id == casey.id
    with pytest.raises(CoachChainError) as raised:
        store.create_rep("Riley", coach_id=morgan.id)  # a director does not coach reps
    assert raised.value.reason == "coach_rank"
    assert [p.name for p in store.reps()] == ["Alex", "Casey", "Morgan"]  # nothing added
    with pytest.raises(CoachChainError):
        store.set_coach(casey.id, alex.id)
    assert store.set_coach(alex.id, None).coach_id is None
    assert store.rep(alex.id).coach_id is None


def test_a_call_keeps_each_stages_author_and_the_reps_words(store: Store) -> None:
    casey = store.create_rep("Casey", role="manager")
    alex = store.create_rep("Alex", coach_id=casey.id)
    call = opened(alex.id, casey.id)
    store.save_call(call)
    answered = call.with_rep_answer("I rushed the price.", at(1), LIMIT, by="rep")
    store.save_call(answered)
    noted = answered.with_coach_note("She heard it herself.", at(2), LIMIT)
    store.save_call(noted)
    with pytest.raises(CallOrderError) as raised:
        # A screen that types over the rep's words, past the domain's step.
        store.save_call(replace(noted, rep_answer="Manager rewrote this.", rep_answer_by="coach"))
    assert raised.value.reason == "answer_is_reps"
    diagnosed = noted.with_knows(True).with_can(False, at(3))
    store.save_call(diagnosed)
    insight = diagnosed.with_insight("Say it, then stop.", ["tonality"], at(6), LIMIT)
    store.save_call(insight)
    done = insight.with_fix(
        "Shorter subject line and propose a date", at(11.5), LIMIT, CONTENT.fix_words, keep=0
    )
    store.save_call(done)
    saved = store.call(call.id)
    assert saved == done
    assert (saved.coach_id, saved.rep_answer_by, saved.coach_note) == (
        casey.id,
        "rep",
        "She heard it herself.",
    )
    assert saved.parked == ("Propose a date",) and saved.measured_seconds == 690


@pytest.mark.parametrize(
    ("column", "value"),
    [("rep_answer_by", "'manager'"), ("fix_decision", "'maybe'"), ("role", "'vp'")],
)
def test_the_database_holds_the_new_rules_too(store: Store, column: str, value: str) -> None:
    """A row written past the toolkit (by hand, or an old tool) cannot break them either."""
    casey = store.create_rep("Casey", role="manager")
    store.save_call(opened(casey.id, None))
    table = "coaching_reps" if column == "role" else "coaching_calls"
    with pytest.raises(StoreError, match=r"(?i)check"), store.transaction() as conn:
        conn.execute(text(f"UPDATE {table} SET {column} = {value}"))


def test_removing_the_demo_team_keeps_own_people_and_their_calls(store: Store) -> None:
    load_demo_team(store, CONTENT, DAY)
    demo_manager = next(p for p in store.reps() if p.role == "manager")
    own = store.create_rep("Dana", coach_id=demo_manager.id)
    call = opened(own.id, demo_manager.id, "own-call")
    store.save_call(call)
    assert store.remove_demo_team() == 7
    assert [p.name for p in store.reps()] == ["Dana"]
    assert store.rep(own.id).coach_id is None  # coached by nobody, now
    assert store.call("own-call").coach_id is None and store.calls(own.id) != []


def _schema_before_chain(run: object, backend: str) -> None:
    """A database as it stood before the chain, with a call at each stage."""
    execute = run.exec_driver_sql  # type: ignore[attr-defined]
    for step in range(CHAIN):
        for statement in statements(step, backend):  # type: ignore[arg-type]
            execute(statement)
    execute(
        "INSERT INTO coaching_reps (id, name, demo, created_at) "
        "VALUES ('r1', 'Dana', 0, '2026-01-01T00:00:00+00:00')"
    )
    base = "INSERT INTO coaching_calls (id, rep_id, called_on, minutes, medium, situation, "
    execute(
        base + "competency, opened_at) VALUES ('c1', 'r1', '2026-03-02', 12, 'call', 'Open.', "
        "'closing', '2026-03-02T10:00:00+00:00')"
    )
    execute(
        base + "competency, opened_at, rep_answer, rep_answer_at, knows, can, adjustments, "
        "insight, insight_at, fix, fixed_at) VALUES ('c2', 'r1', '2026-03-02', 14, 'email', "
        "'Done.', 'closing', '2026-03-02T11:00:00+00:00', 'I rushed.', "
        "'2026-03-02T11:02:00+00:00', 1, 0, 'words', 'Slow.', '2026-03-02T11:08:00+00:00', "
        "'Propose a date.', '2026-03-02T11:12:00+00:00')"
    )


def _check_upgraded(store: Store) -> None:
    assert store.schema_version == SCHEMA_VERSION
    [dana] = store.reps()
    assert (dana.role, dana.coach_id) == ("rep", None)
    calls = {c.id: c for c in store.calls()}
    assert calls["c1"].stage == "opened" and calls["c1"].minutes == 12
    done = calls["c2"]
    assert done.complete and done.fix == "Propose a date." and done.minutes == 14
    assert done.rep_answer_by is None  # nobody recorded who typed it then
    assert done.coach_id is None and done.measured_seconds is None and done.parked == ()
    # The upgraded database takes the new steps.
    answered = calls["c1"].with_rep_answer("From my phone.", datetime.now(UTC), LIMIT)
    store.save_call(answered)
    assert store.call("c1").rep_answer_by == "rep"


def test_an_sqlite_file_from_before_the_chain_keeps_its_calls(tmp_path: Path) -> None:
    path = tmp_path / "before_chain.db"
    conn = sqlite3.connect(path)
    conn.isolation_level = None

    class _Run:
        def exec_driver_sql(self, sql: str) -> None:
            conn.execute(sql)

    _schema_before_chain(_Run(), "sqlite")
    conn.execute(f"PRAGMA user_version = {CHAIN}")
    conn.close()
    with Store(path) as store:
        _check_upgraded(store)


def test_a_postgresql_schema_from_before_the_chain_keeps_its_calls(
    postgres: PostgresServer,
) -> None:
    url = postgres.schema_url()
    engine = create_engine(url)
    with engine.begin() as conn:
        _schema_before_chain(conn, "postgresql")
        conn.exec_driver_sql("CREATE TABLE workshop_schema (version INTEGER NOT NULL)")
        conn.execute(text("INSERT INTO workshop_schema (version) VALUES (:v)"), {"v": CHAIN})
    engine.dispose()
    with Store(url) as store:
        _check_upgraded(store)
