"""The coaching tables: migrated forward, saved verbatim, and refusals that touch nothing."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from workshop.coaching.model import (
    CoachingCall,
    CoachingError,
    DoOver,
    DoOverOrderError,
    Evaluation,
    Rep,
    SelfCheck,
    UnknownRepError,
)
from workshop.store import MIGRATIONS, SCHEMA_VERSION, Store, statements

DAY = date(2026, 3, 16)
T0 = datetime(2026, 3, 16, 9, 30, tzinfo=UTC)
COACHING = next(i for i, m in enumerate(MIGRATIONS) if "coaching_reps" in m.sql)


def a_call(rep_id: str, on: date = DAY, call_id: str = "call-1", **fields: object) -> CoachingCall:
    values: dict[str, object] = {
        "id": call_id,
        "rep_id": rep_id,
        "on": on,
        "minutes": 12,
        "medium": "call",
        "situation": "Price asked in minute two.",
        "knows": True,
        "can": False,
        "adjustments": ("tonality", "delivery"),
        "competency": "money_talk",
        "fix": "Say the range, then stop.",
    }
    values.update(fields)
    return CoachingCall(**values)  # type: ignore[arg-type]


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


def test_calls_keep_free_text_verbatim(store: Store) -> None:
    rep = store.create_rep("Dana")
    situation = "  <b>Fett</b> & 'quotes' 🙂\nzweite Zeile  "
    fix = '=HYPERLINK("x")'
    store.save_call(a_call(rep.id, situation=situation, fix=fix))
    [saved] = store.calls(rep.id)
    assert saved.situation == situation
    assert saved.fix == fix
    assert saved.adjustments == ("tonality", "delivery")
    assert saved.gap == "skill"
    assert store.team_fixes() == {rep.id: [(DAY, "money_talk")]}


def test_do_over_order_is_held_by_the_store_too(store: Store) -> None:
    rep = store.create_rep("Dana")
    store.save_call(a_call(rep.id))
    # An insight with no self-critique cannot even be built by the domain; a forged one is
    # refused by the store as well.
    with pytest.raises(DoOverOrderError):
        store.save_do_over(DoOver("call-1", "", None, "Good.", T0))
    assert store.do_over("call-1") == DoOver("call-1")

    answered = DoOver("call-1").with_self_critique("I rushed it.", T0, 2000)
    store.save_do_over(answered)
    # The rep revises on their phone while the manager's screen still shows the first answer.
    store.save_do_over(answered.with_self_critique("I rushed the price.", T0 + timedelta(1), 2000))
    stale = answered.with_insight("Slow down.", T0 + timedelta(minutes=5), 2000)
    with pytest.raises(DoOverOrderError, match="changed or is not saved"):
        store.save_do_over(stale)
    assert store.do_over("call-1").self_critique == "I rushed the price."
    assert not store.do_over("call-1").has_insight

    fresh = store.do_over("call-1").with_insight("Slow down.", T0 + timedelta(2), 2000)
    store.save_do_over(fresh)
    assert store.do_over("call-1") == fresh
    # Once the manager has answered, the self-critique stays as it was.
    forged = DoOver("call-1", "Rewritten.", T0 + timedelta(3), fresh.insight, fresh.insight_at)
    with pytest.raises(DoOverOrderError, match="kept as it was"):
        store.save_do_over(forged)
    assert store.do_over("call-1") == fresh


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


def test_remove_demo_team_leaves_own_reps(store: Store) -> None:
    own = store.create_rep("Dana")
    store.save_call(a_call(own.id, call_id="own-call"))
    demo = Rep("demo-1", "Alex (demo)", demo=True)
    store.import_coaching(
        reps=[demo],
        evaluations=[Evaluation(demo.id, DAY, {"closing": 4})],
        calls=[a_call(demo.id, call_id="demo-call")],
        do_overs=[DoOver("demo-call", "Rushed.", T0)],
        self_checks=[SelfCheck(demo.id, DAY, "Nothing.", T0)],
    )
    assert [r.name for r in store.reps()] == ["Dana", "Alex (demo)"]  # own reps first
    assert store.remove_demo_team() == 1
    assert [r.name for r in store.reps()] == ["Dana"]
    assert [c.id for c in store.calls()] == ["own-call"]
    assert store.evaluations() == [] and store.self_checks() == [] and store.do_overs() == []
