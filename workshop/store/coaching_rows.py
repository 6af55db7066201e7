"""The coaching tables' rows: how each record is written and read back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import text
from sqlalchemy.engine import Connection

from workshop.coaching.model import (
    CoachingCall,
    DoOver,
    DoOverOrderError,
    Evaluation,
    Rep,
    SelfCheck,
)
from workshop.store.base import now

CALL_COLUMNS = (
    "id, rep_id, called_on, minutes, medium, situation, knows, can, adjustments, competency, fix"
)


def check_order(do_over: DoOver, row: Any) -> None:
    """The order a do-over's save must keep against what is saved (see `save_do_over`)."""
    assert do_over.self_critique_at is not None
    critique_at = do_over.self_critique_at.isoformat()
    saved = None if row is None else (row[0], row[1])
    if row is not None and row[2] is not None and saved != (do_over.self_critique, critique_at):
        raise DoOverOrderError(
            "the manager has already answered this do-over, so the rep's self-critique is kept "
            "as it was",
            reason="answer_kept",
        )
    if do_over.has_insight and (row is None or row[1] != critique_at):
        raise DoOverOrderError(
            "the rep's self-critique changed or is not saved yet; reload the call to read it "
            "before adding the insight",
            reason="answer_changed",
        )


def call_from_row(row: Any) -> CoachingCall:
    i, r, on, m, md, s, k, c, adj, comp, f = row
    return CoachingCall(
        id=i,
        rep_id=r,
        on=date.fromisoformat(on),
        minutes=int(m),
        medium=md,
        situation=s,
        knows=bool(k),
        can=bool(c),
        adjustments=tuple(a for a in adj.split(",") if a),
        competency=comp,
        fix=f,
    )


def stamp_of(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def insert_reps(conn: Connection, reps: Sequence[Rep]) -> None:
    if reps:
        conn.execute(
            text(
                "INSERT INTO coaching_reps (id, name, demo, created_at) "
                "VALUES (:id, :name, :demo, :at)"
            ),
            [
                {"id": r.id, "name": r.name, "demo": int(r.demo), "at": r.created_at or now()}
                for r in reps
            ],
        )


def insert_evaluations(conn: Connection, evaluations: Sequence[Evaluation], stamp: str) -> None:
    if not evaluations:
        return
    ids = [uuid4().hex for _ in evaluations]
    conn.execute(
        text(
            "INSERT INTO coaching_evaluations (id, rep_id, evaluated_on, saved_at) "
            "VALUES (:id, :rep, :on, :at)"
        ),
        [
            {"id": i, "rep": e.rep_id, "on": e.on.isoformat(), "at": stamp}
            for i, e in zip(ids, evaluations, strict=True)
        ],
    )
    scores = [
        {"id": i, "competency": competency, "score": int(score), "position": position}
        for i, e in zip(ids, evaluations, strict=True)
        for position, (competency, score) in enumerate(e.scores.items())
    ]
    if scores:
        conn.execute(
            text(
                "INSERT INTO coaching_scores (evaluation_id, competency, score, position) "
                "VALUES (:id, :competency, :score, :position)"
            ),
            scores,
        )


def insert_calls(conn: Connection, calls: Sequence[CoachingCall], stamp: str) -> None:
    if not calls:
        return
    conn.execute(
        text(
            f"INSERT INTO coaching_calls ({CALL_COLUMNS}, saved_at) VALUES (:id, :rep, :on, "
            ":minutes, :medium, :situation, :knows, :can, :adjustments, :competency, :fix, :at)"
        ),
        [
            {
                "id": c.id,
                "rep": c.rep_id,
                "on": c.on.isoformat(),
                "minutes": c.minutes,
                "medium": c.medium,
                "situation": c.situation,
                "knows": int(c.knows),
                "can": int(c.can),
                "adjustments": ",".join(c.adjustments),
                "competency": c.competency,
                "fix": c.fix,
                "at": stamp,
            }
            for c in calls
        ],
    )


def insert_do_overs(conn: Connection, do_overs: Sequence[DoOver]) -> None:
    if not do_overs:
        return
    conn.execute(
        text(
            "INSERT INTO coaching_do_overs (call_id, self_critique, self_critique_at, insight, "
            "insight_at) VALUES (:call, :critique, :critique_at, :insight, :insight_at) "
            "ON CONFLICT (call_id) DO UPDATE SET self_critique = excluded.self_critique, "
            "self_critique_at = excluded.self_critique_at, insight = excluded.insight, "
            "insight_at = excluded.insight_at"
        ),
        [
            {
                "call": d.call_id,
                "critique": d.self_critique,
                "critique_at": d.self_critique_at.isoformat() if d.self_critique_at else None,
                "insight": d.insight if d.has_insight else None,
                "insight_at": d.insight_at.isoformat() if d.insight_at else None,
            }
            for d in do_overs
        ],
    )


def insert_self_checks(conn: Connection, checks: Sequence[SelfCheck]) -> None:
    if not checks:
        return
    conn.execute(
        text(
            "INSERT INTO coaching_self_checks (rep_id, checked_on, answer, saved_at) "
            "VALUES (:rep, :on, :answer, :at) ON CONFLICT (rep_id, checked_on) DO UPDATE SET "
            "answer = excluded.answer, saved_at = excluded.saved_at"
        ),
        [
            {"rep": c.rep_id, "on": c.on.isoformat(), "answer": c.answer, "at": c.at.isoformat()}
            for c in checks
        ],
    )
