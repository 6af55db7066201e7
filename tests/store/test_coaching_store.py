"""The coaching tables on both backends: migrated forward, saved verbatim, calls saved stage by
stage in the method's order, personal codes, the remembered rep, and refusals that touch
nothing."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support.paths import ROOT
from tests.support.postgres import PostgresServer
from workshop.coaching.access import RepCodeError
from workshop.coaching.call import CoachingCall, open_call
from workshop.coaching.model import (
    CallOrderError,
    CoachingError,
    Evaluation,
    Rep,
    SelfCheck,
    UnknownCallError,
    UnknownRepError,
)
from workshop.content.coaching_files import load_coaching_content
from workshop.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreConflictError, statements

DAY = date(2026, 3, 16)
T0 = datetime(2026, 3, 16, 9, 30, tzinfo=UTC)
COACHING = next(i for i, m in enumerate(MIGRATIONS) if "coaching_reps" in m.sql)
STAGED = next(i for i, m in enumerate(MIGRATIONS) if "coaching_staged_calls" in m.sql)
CONTENT = load_coaching_content(ROOT / "data" / "en")
LIMIT = 2000


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def opened(rep_id: str, call_id: str = "call-1", on: date = DAY, **fields: object) -> CoachingCall:
    values: dict[str, object] = {
        "rep_id": rep_id,
        "on": on,
        "minutes": 12,
        "medium": "call",
        "situation": "Price asked in minute two.",
        "competency": "money_talk",
        "content": CONTENT,
        "today": DAY,
        "at": T0,
        "call_id": call_id,
    }
    values.update(fields)
    return open_call(**values)  # type: ignore[arg-type]


def complete(
    rep_id: str, call_id: str = "call-1", fix: str = "Say the range, then stop."
) -> CoachingCall:
    call = opened(rep_id, call_id).with_rep_answer("I rushed it.", at(1), LIMIT)
    call = call.with_knows(True).with_can(False)
    call = call.with_insight("Slow down.", ["tonality"], at(5), LIMIT)
    return call.with_fix(fix, at(8), LIMIT, CONTENT.fix_words)


# -- migrating a version-6 database --------------------------------------------------------------

OLD_CALLS = [
    # id, fix, do-over (self-critique, at, insight, at) or None
    ("old-1", "1. Shorter subject 2. Propose a date", None),  # the old rule let this in
    ("old-2", "Ask who decides.", ("I skipped it.", "2026-02-02T10:20:00+00:00", None, None)),
    (
        "old-3",
        "Propose a date.",
        ("I hung up.", "2026-02-03T10:20:00+00:00", "Ask for it.", "2026-02-03T10:25:00+00:00"),
    ),
]


def _before_staged_calls(conn: object, backend: str) -> None:
    """A database as schema 6 left it, built by hand, with calls and do-overs of the old kind."""
    run = conn.exec_driver_sql  # type: ignore[attr-defined]
    for step in range(STAGED):
        for statement in statements(step, backend):  # type: ignore[arg-type]
            run(statement)
    run(
        "INSERT INTO coaching_reps (id, name, demo, created_at) "
        "VALUES ('r1', 'Dana', 0, '2026-01-01T00:00:00+00:00')"
    )
    for n, (call_id, fix, do_over) in enumerate(OLD_CALLS, start=1):
        run(
            "INSERT INTO coaching_calls (id, rep_id, called_on, minutes, medium, situation, knows, "
            "can, adjustments, competency, fix, saved_at) VALUES "
            f"('{call_id}', 'r1', '2026-02-0{n}', 12, 'email', 'Situation {n}', 1, 0, "
            f"'words,tonality', 'closing', '{fix}', '2026-02-0{n}T10:00:00+00:00')"
        )
        if do_over:
            critique, critique_at, insight, insight_at = do_over
            later = f"'{insight}', '{insight_at}'" if insight else "NULL, NULL"
            run(
                "INSERT INTO coaching_do_overs VALUES "
                f"('{call_id}', '{critique}', '{critique_at}', {later})"
            )


def test_an_older_sqlite_file_migrates_its_calls_into_complete_calls(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.isolation_level = None
    _before_staged_calls(_Sqlite(conn), "sqlite")
    conn.execute(f"PRAGMA user_version = {STAGED}")
    conn.close()
    with Store(path) as store:
        _check_migrated(store)


def test_an_older_postgresql_schema_migrates_too(postgres: PostgresServer) -> None:
    db_url = postgres.schema_url()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        _before_staged_calls(conn, "postgresql")
        conn.exec_driver_sql("CREATE TABLE workshop_schema (version INTEGER NOT NULL)")
        conn.execute(text("INSERT INTO workshop_schema (version) VALUES (:v)"), {"v": STAGED})
    engine.dispose()
    with Store(db_url) as store:
        _check_migrated(store)


class _Sqlite:
    """sqlite3 with the one method `_before_staged_calls` uses."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def exec_driver_sql(self, sql: str) -> None:
        self.conn.execute(sql)


def _check_migrated(store: Store) -> None:
    assert store.schema_version == SCHEMA_VERSION > STAGED
    calls = {c.id: c for c in store.calls()}
    assert sorted(calls) == ["old-1", "old-2", "old-3"]
    for call_id, fix, do_over in OLD_CALLS:
        call = calls[call_id]
        assert call.complete and call.legacy and call.stage == "fixed"
        assert call.fix == fix
        assert (call.knows, call.can, call.adjustments) == (True, False, ("words", "tonality"))
        assert call.opened_at == call.fixed_at
        assert call.rep_answer == (do_over[0] if do_over else "")
        assert call.insight == (do_over[2] or "" if do_over else "")
    assert calls["old-3"].insight_at == datetime(2026, 2, 3, 10, 25, tzinfo=UTC)
    assert {k: len(v) for k, v in store.team_fixes().items()} == {"r1": 3}
    # The new tables work on the migrated database.
    code = store.issue_rep_code("r1")
    assert store.rep_for_code(code).name == "Dana"
    store.save_call(opened("r1", "new-1"))
    assert len(store.calls("r1")) == 4


def test_coaching_migration_keeps_what_came_before(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for step in range(COACHING):
        for statement in statements(step, "sqlite"):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {COACHING}")
    conn.execute(
        "INSERT INTO attendees (id, resume_code, nickname, created_at) "
        "VALUES ('a1', 'K7QM3XPA', 'Kim', '2026-01-01')"
    )
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION > COACHING
        assert store.attendee("a1").nickname == "Kim"
        assert store.reps() == []
        rep = store.create_rep("Dana")
        assert store.rep(rep.id).name == "Dana"


# -- reps and evaluations ---------------------------------------------------------------------


def test_rep_names_are_unique_ignoring_case(store: Store) -> None:
    store.create_rep("Dana")
    with pytest.raises(CoachingError, match="a rep named 'Dana' already exists"):
        store.create_rep("dana")
    assert [r.name for r in store.reps()] == ["Dana"]
    with pytest.raises(UnknownRepError, match="no rep with id 'nobody'"):
        store.rep("nobody")


def test_accented_names_are_unique_ignoring_case_and_sorted_as_people_read(
    store: Store,
) -> None:
    # SQLite's NOCASE folds only ASCII; the store must not let "BEGOÑA" in beside "Begoña".
    store.create_rep("Begoña")
    with pytest.raises(CoachingError, match="a rep named 'Begoña' already exists"):
        store.create_rep("BEGOÑA")
    for name in ("Zoe", "Álex", "alba", "Óscar"):
        store.create_rep(name)
    assert [r.name for r in store.reps()] == ["alba", "Álex", "Begoña", "Óscar", "Zoe"]


def test_evaluations_round_trip_and_same_day_replaces(store: Store) -> None:
    rep = store.create_rep("Dana")
    store.save_evaluation(Evaluation(rep.id, DAY, {"closing": 3, "qualifying": 5}))
    store.save_evaluation(Evaluation(rep.id, DAY + timedelta(days=30), {"closing": 6}))
    store.save_evaluation(Evaluation(rep.id, DAY, {"closing": 4, "qualifying": 5}))
    saved = store.evaluations(rep.id)
    assert [(e.on, dict(e.scores)) for e in saved] == [
        (DAY, {"closing": 4, "qualifying": 5}),
        (DAY + timedelta(days=30), {"closing": 6}),
    ]
    assert store.evaluations() == saved


# -- a call, stage by stage ---------------------------------------------------------------------


def test_a_call_is_saved_stage_by_stage_with_its_text_verbatim(store: Store) -> None:
    rep = store.create_rep("Dana")
    situation = "  <b>Fett</b> & 'quotes' 🙂\nzweite Zeile  "
    call = opened(rep.id, situation=situation)
    store.save_call(call)
    assert store.call("call-1") == call and store.call("call-1").stage == "opened"
    for step in (
        lambda c: c.with_rep_answer('=HYPERLINK("x")', at(1), LIMIT),
        lambda c: c.with_knows(True),
        lambda c: c.with_can(False),
        lambda c: c.with_insight("Slow down.", ["delivery", "words"], at(5), LIMIT),
        lambda c: c.with_fix("Say the range, then stop.", at(8), LIMIT, CONTENT.fix_words),
    ):
        call = step(call)
        store.save_call(call)
        assert store.call(call.id) == call
    saved = store.call("call-1")
    assert saved.situation == situation and saved.rep_answer == '=HYPERLINK("x")'
    assert saved.adjustments == ("words", "delivery") and saved.gap == "skill"
    assert store.team_fixes() == {rep.id: [(DAY, "money_talk")]}
    with pytest.raises(UnknownCallError, match="no coaching call with id 'nobody'"):
        store.call("nobody")


def test_the_store_refuses_an_insight_or_a_fix_before_the_reps_answer(store: Store) -> None:
    """A screen ahead of the store: the manager's steps on an answer that is not saved."""
    rep = store.create_rep("Dana")
    call = opened(rep.id)
    store.save_call(call)
    ahead = call.with_rep_answer("I rushed it.", at(1), LIMIT).with_knows(True).with_can(False)
    with_insight = ahead.with_insight("Slow down.", ["tonality"], at(5), LIMIT)
    fixed = with_insight.with_fix("Say it once.", at(8), LIMIT, CONTENT.fix_words)
    for forged in (ahead, with_insight, fixed):
        with pytest.raises(
            CallOrderError, match="the rep has not answered this call yet"
        ) as raised:
            store.save_call(forged)
        assert raised.value.reason == "rep_first"
    # A record that skips the rep outright is refused too, by the same rule.
    skipped = replace(call, knows=True, can=False)
    with pytest.raises(CallOrderError, match="the rep answers first"):
        store.save_call(skipped)
    assert store.call("call-1") == call  # nothing of it was saved
    assert store.team_fixes() == {}


def test_the_reps_answer_and_the_managers_step_from_two_devices(store: Store) -> None:
    rep = store.create_rep("Dana")
    call = opened(rep.id)
    store.save_call(call)
    answered = call.with_rep_answer("I rushed it.", at(1), LIMIT)
    store.save_call(answered)  # the rep, on their phone
    managers_screen = answered  # the manager has read this answer
    revised = store.call(call.id).with_rep_answer("I rushed the price.", at(2), LIMIT)
    store.save_call(revised)  # the rep revises it
    with pytest.raises(CallOrderError, match="changed since this call was read") as raised:
        store.save_call(managers_screen.with_knows(True))
    assert raised.value.reason == "answer_changed"
    assert store.call(call.id) == revised
    # Read again, the manager goes on; then the answer is kept as it was.
    diagnosed = store.call(call.id).with_knows(True).with_can(True)
    store.save_call(diagnosed)
    store.save_call(diagnosed.with_insight("Say it once.", ["words"], at(5), LIMIT))
    late = diagnosed.with_rep_answer("Actually...", at(6), LIMIT)
    with pytest.raises(CallOrderError) as raised:
        store.save_call(late)
    assert raised.value.reason == "answer_kept"
    assert store.call(call.id).rep_answer == "I rushed the price."


def test_a_complete_call_stays_as_it_is(store: Store) -> None:
    rep = store.create_rep("Dana")
    done = complete(rep.id)
    store.import_coaching(calls=[done])
    with pytest.raises(CallOrderError) as raised:
        store.save_call(replace(done, fix="Another thing."))
    assert raised.value.reason == "call_complete"
    assert store.call(done.id) == done


def test_repeated_fixes_are_not_new_fixes_for_the_team(store: Store) -> None:
    rep = store.create_rep("Dana")
    store.import_coaching(
        calls=[
            complete(rep.id, "c1", "Ask who decides."),
            complete(rep.id, "c2", "ask who decides"),
            complete(rep.id, "c3", "Propose a date."),
        ]
    )
    assert [c for _, c in store.team_fixes()[rep.id]] == ["money_talk", "money_talk"]


# -- personal codes and the remembered rep --------------------------------------------------------


def test_a_personal_code_opens_one_reps_page_until_revoked(store: Store) -> None:
    dana, lee = store.create_rep("Dana"), store.create_rep("Lee")
    code = store.issue_rep_code(dana.id)
    other = store.issue_rep_code(lee.id)
    assert code != other
    assert store.rep_for_code(code.lower()) == dana and store.rep_for_code(other) == lee
    stored = store._rows("SELECT code_hash FROM coaching_rep_codes")
    assert all(code not in row[0] for row in stored)  # only hashes are kept
    store.revoke_rep_code(dana.id)
    with pytest.raises(RepCodeError) as raised:
        store.rep_for_code(code)
    assert raised.value.reason == "code_revoked"
    status = store.rep_code(dana.id)
    assert status is not None and not status.active
    again = store.issue_rep_code(dana.id)  # reissued: the new code opens, the old is unknown
    assert store.rep_for_code(again) == dana
    with pytest.raises(RepCodeError) as raised:
        store.rep_for_code(code)
    assert raised.value.reason == "code_unknown"
    with pytest.raises(RepCodeError) as raised:
        store.rep_for_code("K7QM-3XPA")
    assert raised.value.reason == "code_malformed"
    assert store.rep_code(lee.id) is not None and store.rep_code("nobody") is None
    with pytest.raises(UnknownRepError):
        store.issue_rep_code("nobody")


def test_the_chosen_rep_is_remembered_per_database(store: Store) -> None:
    rep = store.create_rep("Dana")
    assert store.coaching_rep() is None
    store.remember_coaching_rep(rep.id)
    assert store.coaching_rep() == rep.id
    store.remember_coaching_rep(None)
    assert store.coaching_rep() is None


# -- self-checks, many at once, the demo team ---------------------------------------------------


def test_self_checks_one_per_day(store: Store) -> None:
    rep = store.create_rep("Dana")
    store.save_self_check(SelfCheck(rep.id, DAY, "First.", T0))
    store.save_self_check(SelfCheck(rep.id, DAY, "Second thought.", T0 + timedelta(hours=1)))
    store.save_self_check(SelfCheck(rep.id, DAY + timedelta(days=1), "Nothing.", T0))
    assert [(c.on, c.answer) for c in store.self_checks(rep.id)] == [
        (DAY, "Second thought."),
        (DAY + timedelta(days=1), "Nothing."),
    ]


def test_import_is_all_or_nothing(store: Store) -> None:
    dana = store.create_rep("Dana")
    store.save_evaluation(Evaluation(dana.id, DAY, {"closing": 3}))
    newcomer = Rep("new-1", "Lee")
    with pytest.raises(CoachingError, match="already saved"):
        store.import_coaching(
            reps=[newcomer],
            evaluations=[
                Evaluation("new-1", DAY, {"closing": 5}),
                Evaluation(dana.id, DAY, {"closing": 9}),
            ],
        )
    assert [r.name for r in store.reps()] == ["Dana"]
    assert [dict(e.scores) for e in store.evaluations()] == [{"closing": 3}]
    forged = replace(opened(dana.id), insight="x", insight_at=at(3))
    with pytest.raises(CallOrderError):
        store.import_coaching(reps=[newcomer], calls=[forged])
    assert store.calls() == [] and len(store.reps()) == 1


def test_remove_demo_team_leaves_own_reps(store: Store) -> None:
    own = store.create_rep("Dana")
    store.save_call(opened(own.id, "own-call"))
    demo = Rep("demo-1", "Alex (demo)", demo=True)
    store.import_coaching(
        reps=[demo],
        evaluations=[Evaluation(demo.id, DAY, {"closing": 4})],
        calls=[complete(demo.id, "demo-call")],
        self_checks=[SelfCheck(demo.id, DAY, "Nothing.", T0)],
    )
    store.issue_rep_code(demo.id)
    store.remember_coaching_rep(demo.id)
    assert [r.name for r in store.reps()] == ["Dana", "Alex (demo)"]  # own reps first
    assert store.remove_demo_team() == 1
    assert [r.name for r in store.reps()] == ["Dana"]
    assert [c.id for c in store.calls()] == ["own-call"]
    assert store.evaluations() == [] and store.self_checks() == []
    assert store.rep_code(demo.id) is None and store.coaching_rep() is None


@pytest.mark.parametrize(
    ("steps", "values"),
    [
        ("insight, insight_at", "'Slow down.', '2026-03-16T10:05:00+00:00'"),
        ("knows, can", "1, 0"),
        ("fix, fixed_at", "'Ask.', '2026-03-16T10:05:00+00:00'"),
        ("rep_answer", "'An answer with no time.'"),
    ],
)
def test_the_database_holds_the_order_too(store: Store, steps: str, values: str) -> None:
    """A row written past the store's rules (by hand, by an old tool) is refused by its checks."""
    rep = store.create_rep("Dana")
    with pytest.raises(StoreConflictError, match="refused the save"):
        store._write(
            "INSERT INTO coaching_calls (id, rep_id, called_on, minutes, medium, situation, "
            f"competency, opened_at, {steps}) VALUES ('x', :rep, '2026-03-16', 12, 'call', 'S.', "
            f"'closing', '2026-03-16T10:00:00+00:00', {values})",
            {"rep": rep.id},
        )
    assert store.calls() == []
