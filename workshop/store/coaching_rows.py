"""The coaching tables' rows: how each record is written and read back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import text
from sqlalchemy.engine import Connection

from workshop.coaching.call import CoachingCall
from workshop.coaching.model import Evaluation, Rep, SelfCheck
from workshop.store.base import now

CALL_FIELDS = (
    "id",
    "rep_id",
    "called_on",
    "minutes",
    "medium",
    "situation",
    "competency",
    "opened_at",
    "rep_answer",
    "rep_answer_at",
    "knows",
    "can",
    "adjustments",
    "insight",
    "insight_at",
    "fix",
    "fixed_at",
    "legacy",
)
CALL_COLUMNS = ", ".join(CALL_FIELDS)
#: What a later step of a call may change; the opening stays as it was.
STEP_FIELDS = CALL_FIELDS[8:17]


def stamp_of(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _iso(stamp: datetime | None) -> str | None:
    return None if stamp is None else stamp.isoformat()


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def call_from_row(row: Any) -> CoachingCall:
    values = dict(zip(CALL_FIELDS, row, strict=True))
    opened_at = stamp_of(values["opened_at"])
    assert opened_at is not None  # NOT NULL
    return CoachingCall(
        id=values["id"],
        rep_id=values["rep_id"],
        on=date.fromisoformat(values["called_on"]),
        minutes=int(values["minutes"]),
        medium=values["medium"],
        situation=values["situation"],
        competency=values["competency"],
        opened_at=opened_at,
        rep_answer=values["rep_answer"] or "",
        rep_answer_at=stamp_of(values["rep_answer_at"]),
        knows=None if values["knows"] is None else bool(values["knows"]),
        can=None if values["can"] is None else bool(values["can"]),
        adjustments=tuple(a for a in values["adjustments"].split(",") if a),
        insight=values["insight"] or "",
        insight_at=stamp_of(values["insight_at"]),
        fix=values["fix"] or "",
        fixed_at=stamp_of(values["fixed_at"]),
        legacy=bool(values["legacy"]),
    )


def call_params(call: CoachingCall) -> dict[str, object]:
    """A call as the columns hold it; a step not taken is NULL, never an empty text."""
    return {
        "id": call.id,
        "rep_id": call.rep_id,
        "called_on": call.on.isoformat(),
        "minutes": call.minutes,
        "medium": call.medium,
        "situation": call.situation,
        "competency": call.competency,
        "opened_at": call.opened_at.isoformat(),
        "rep_answer": call.rep_answer if call.answered else None,
        "rep_answer_at": _iso(call.rep_answer_at),
        "knows": _flag(call.knows),
        "can": _flag(call.can),
        "adjustments": ",".join(call.adjustments),
        "insight": call.insight if call.has_insight else None,
        "insight_at": _iso(call.insight_at),
        "fix": call.fix if call.complete else None,
        "fixed_at": _iso(call.fixed_at),
        "legacy": int(call.legacy),
    }


def insert_calls(conn: Connection, calls: Sequence[CoachingCall]) -> None:
    if calls:
        values = ", ".join(f":{f}" for f in CALL_FIELDS)
        conn.execute(
            text(f"INSERT INTO coaching_calls ({CALL_COLUMNS}) VALUES ({values})"),
            [call_params(c) for c in calls],
        )


def update_call_steps(conn: Connection, call: CoachingCall) -> None:
    """Write a call's later steps; its opening (situation, competency...) is never rewritten."""
    assignments = ", ".join(f"{f} = :{f}" for f in STEP_FIELDS)
    conn.execute(text(f"UPDATE coaching_calls SET {assignments} WHERE id = :id"), call_params(call))


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
