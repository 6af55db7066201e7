"""The coaching tables' rows: how each record is written and read back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import uuid4

from sqlalchemy.engine import Connection

from workshop.coaching.call import CoachingCall
from workshop.coaching.model import Evaluation, Rep, SelfCheck
from workshop.store.base import now
from workshop.store.clauses import clause

#: The opening of a call: what the first step saves, never rewritten after.
OPENING_FIELDS = (
    "id",
    "rep_id",
    "coach_id",
    "called_on",
    "minutes",
    "medium",
    "situation",
    "competency",
    "opened_at",
    "from_parked",
)
#: What a later step of a call may change.
STEP_FIELDS = (
    "rep_answer",
    "rep_answer_at",
    "rep_answer_by",
    "coach_note",
    "coach_note_at",
    "knows",
    "can",
    "diagnosed_at",
    "adjustments",
    "insight",
    "insight_at",
    "fix",
    "fixed_at",
    "measured_seconds",
    "fix_typed",
    "fix_decision",
    "parked",
)
CALL_FIELDS = (*OPENING_FIELDS, *STEP_FIELDS, "legacy")
CALL_COLUMNS = ", ".join(CALL_FIELDS)
#: Parked fixes are kept in one column, one a line: a fix kept from several is one line.
PARKED_SEPARATOR = "\n"


def stamp_of(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _iso(stamp: datetime | None) -> str | None:
    return None if stamp is None else stamp.isoformat()


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _opt_bool(value: object) -> bool | None:
    return None if value is None else bool(value)


def call_from_row(row: Any) -> CoachingCall:
    v = dict(zip(CALL_FIELDS, row, strict=True))
    opened_at = stamp_of(v["opened_at"])
    assert opened_at is not None  # NOT NULL
    return CoachingCall(
        id=v["id"],
        rep_id=v["rep_id"],
        coach_id=v["coach_id"],
        on=date.fromisoformat(v["called_on"]),
        minutes=None if v["minutes"] is None else int(v["minutes"]),
        medium=v["medium"],
        situation=v["situation"],
        competency=v["competency"],
        opened_at=opened_at,
        from_parked=v["from_parked"] or "",
        rep_answer=v["rep_answer"] or "",
        rep_answer_at=stamp_of(v["rep_answer_at"]),
        rep_answer_by=v["rep_answer_by"],
        coach_note=v["coach_note"] or "",
        coach_note_at=stamp_of(v["coach_note_at"]),
        knows=_opt_bool(v["knows"]),
        can=_opt_bool(v["can"]),
        diagnosed_at=stamp_of(v["diagnosed_at"]),
        adjustments=tuple(a for a in v["adjustments"].split(",") if a),
        insight=v["insight"] or "",
        insight_at=stamp_of(v["insight_at"]),
        fix=v["fix"] or "",
        fixed_at=stamp_of(v["fixed_at"]),
        measured_seconds=None if v["measured_seconds"] is None else int(v["measured_seconds"]),
        fix_typed=v["fix_typed"] or "",
        fix_decision=v["fix_decision"] or "",
        parked=tuple(p for p in (v["parked"] or "").split(PARKED_SEPARATOR) if p),
        legacy=bool(v["legacy"]),
    )


def call_params(call: CoachingCall) -> dict[str, object]:
    """A call as the columns hold it; a step not taken is NULL, never an empty text."""
    return {
        "id": call.id,
        "rep_id": call.rep_id,
        "coach_id": call.coach_id,
        "called_on": call.on.isoformat(),
        "minutes": call.minutes,
        "medium": call.medium,
        "situation": call.situation,
        "competency": call.competency,
        "opened_at": call.opened_at.isoformat(),
        "from_parked": call.from_parked,
        "rep_answer": call.rep_answer if call.answered else None,
        "rep_answer_at": _iso(call.rep_answer_at),
        "rep_answer_by": call.rep_answer_by,
        "coach_note": call.coach_note if call.coach_note_at else None,
        "coach_note_at": _iso(call.coach_note_at),
        "knows": _flag(call.knows),
        "can": _flag(call.can),
        "diagnosed_at": _iso(call.diagnosed_at),
        "adjustments": ",".join(call.adjustments),
        "insight": call.insight if call.has_insight else None,
        "insight_at": _iso(call.insight_at),
        "fix": call.fix if call.complete else None,
        "fixed_at": _iso(call.fixed_at),
        "measured_seconds": call.measured_seconds,
        "fix_typed": call.fix_typed,
        "fix_decision": call.fix_decision,
        "parked": PARKED_SEPARATOR.join(call.parked),
        "legacy": int(call.legacy),
    }


def insert_calls(conn: Connection, calls: Sequence[CoachingCall]) -> None:
    if calls:
        values = ", ".join(f":{f}" for f in CALL_FIELDS)
        conn.execute(
            clause(f"INSERT INTO coaching_calls ({CALL_COLUMNS}) VALUES ({values})"),
            [call_params(c) for c in calls],
        )


def update_call_steps(conn: Connection, call: CoachingCall) -> None:
    """Write a call's later steps; its opening (situation, competency...) is never rewritten."""
    assignments = ", ".join(f"{f} = :{f}" for f in STEP_FIELDS)
    conn.execute(
        clause(f"UPDATE coaching_calls SET {assignments} WHERE id = :id"), call_params(call)
    )


REP_COLUMNS = "id, name, demo, created_at, role, coach_id"


def rep_from_row(row: Any) -> Rep:
    return Rep(row[0], row[1], bool(row[2]), row[3], row[4], row[5])


def insert_reps(conn: Connection, reps: Sequence[Rep]) -> None:
    """People, each added before anyone they coach is (a coach is a reference)."""
    if reps:
        conn.execute(
            clause(
                f"INSERT INTO coaching_reps ({REP_COLUMNS}) "
                "VALUES (:id, :name, :demo, :at, :role, :coach)"
            ),
            [
                {
                    "id": r.id,
                    "name": r.name,
                    "demo": int(r.demo),
                    "at": r.created_at or now(),
                    "role": r.role,
                    "coach": r.coach_id,
                }
                for r in _coaches_first(reps)
            ],
        )


def _coaches_first(reps: Sequence[Rep]) -> list[Rep]:
    rank = {"director": 0, "manager": 1, "rep": 2}
    return sorted(reps, key=lambda r: rank[r.role])


def insert_evaluations(conn: Connection, evaluations: Sequence[Evaluation], stamp: str) -> None:
    if not evaluations:
        return
    ids = [uuid4().hex for _ in evaluations]
    conn.execute(
        clause(
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
            clause(
                "INSERT INTO coaching_scores (evaluation_id, competency, score, position) "
                "VALUES (:id, :competency, :score, :position)"
            ),
            scores,
        )


def insert_self_checks(conn: Connection, checks: Sequence[SelfCheck]) -> None:
    if not checks:
        return
    conn.execute(
        clause(
            "INSERT INTO coaching_self_checks (rep_id, checked_on, answer, saved_at) "
            "VALUES (:rep, :on, :answer, :at) ON CONFLICT (rep_id, checked_on) DO UPDATE SET "
            "answer = excluded.answer, saved_at = excluded.saved_at"
        ),
        [
            {"rep": c.rep_id, "on": c.on.isoformat(), "answer": c.answer, "at": c.at.isoformat()}
            for c in checks
        ],
    )
