"""Coaching: people (reps, managers, directors), evaluations and self-checks, many records at
once, and the demo team.

Calls are in `workshop.store.coaching_calls`; personal codes and the chosen rep in
`workshop.store.coaching_access`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from uuid import uuid4

from workshop.coaching.call import CoachingCall
from workshop.coaching.call_order import check_order
from workshop.coaching.model import CoachingError, Evaluation, Rep, SelfCheck
from workshop.coaching.people import check_coach
from workshop.content.coaching import Role
from workshop.store.base import now
from workshop.store.clauses import clause
from workshop.store.coaching_access import CHOSEN_REP, RepAccessStore
from workshop.store.coaching_calls import CallStore
from workshop.store.coaching_rows import (
    REP_COLUMNS,
    insert_calls,
    insert_evaluations,
    insert_reps,
    insert_self_checks,
    rep_from_row,
)


def name_order(name: str) -> str:
    """A name as it is alphabetised: case and accents aside."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _by_rep(rep_id: str | None) -> tuple[str, dict[str, object]]:
    return ("WHERE rep_id = :rep", {"rep": rep_id}) if rep_id else ("", {})


class CoachingStore(CallStore, RepAccessStore):
    """The coaching practice's records."""

    def create_rep(
        self, name: str, demo: bool = False, role: Role = "rep", coach_id: str | None = None
    ) -> Rep:
        """Add a person (a rep unless `role` says otherwise); a name already taken (ignoring
        case) is refused, and so is a coach who is not one level up. Nothing changes then."""
        rep = Rep(uuid4().hex, name, demo, now(), role, coach_id)
        # Compared here, in Python: SQLite's NOCASE folds only ASCII ("BEGOÑA" is "Begoña"),
        # and PostgreSQL's collation folds nothing.
        wanted = name.casefold()
        names = [r[0] for r in self._rows("SELECT name FROM coaching_reps")]
        taken = next((n for n in names if n.casefold() == wanted), None)
        if taken is not None:
            raise CoachingError(
                f"a rep named {taken!r} already exists; expected a new name",
                reason="rep_exists",
                rep=taken,
            )
        check_coach(rep, self.rep(coach_id) if coach_id else None)
        with self.transaction() as conn:
            insert_reps(conn, [rep])
        return rep

    def reps(self) -> list[Rep]:
        """Everyone, own people first, then by name ("Álex" beside "Alex", not after "Zoe")."""
        reps = [rep_from_row(r) for r in self._rows(f"SELECT {REP_COLUMNS} FROM coaching_reps")]
        return sorted(reps, key=lambda r: (r.demo, name_order(r.name), r.name))

    def set_coach(self, person_id: str, coach_id: str | None) -> Rep:
        """Make `coach_id` the person's coach (None: nobody); a coach must be one level up."""
        person = self.rep(person_id)
        check_coach(person, self.rep(coach_id) if coach_id else None)
        self._write(
            "UPDATE coaching_reps SET coach_id = :coach WHERE id = :id",
            {"coach": coach_id, "id": person_id},
        )
        return replace(person, coach_id=coach_id)

    # -- evaluations ----------------------------------------------------------------------------

    def save_evaluation(self, evaluation: Evaluation) -> str:
        """Save an evaluation, replacing the rep's evaluation of the same date; returns the time."""
        stamp = now()
        with self.transaction() as conn:
            old = conn.execute(
                clause(
                    "SELECT id FROM coaching_evaluations WHERE rep_id = :rep AND evaluated_on = :on"
                ),
                {"rep": evaluation.rep_id, "on": evaluation.on.isoformat()},
            ).first()
            if old is not None:
                conn.execute(
                    clause("DELETE FROM coaching_scores WHERE evaluation_id = :id"), {"id": old[0]}
                )
                conn.execute(
                    clause("DELETE FROM coaching_evaluations WHERE id = :id"), {"id": old[0]}
                )
            insert_evaluations(conn, [evaluation], stamp)
        return stamp

    def evaluations(self, rep_id: str | None = None) -> list[Evaluation]:
        """A rep's evaluations (every rep's when None), oldest first."""
        where, params = _by_rep(rep_id)
        rows = self._rows(
            "SELECT e.id, e.rep_id, e.evaluated_on, s.competency, s.score "
            "FROM coaching_evaluations e JOIN coaching_scores s ON s.evaluation_id = e.id "
            f"{where.replace('rep_id', 'e.rep_id')} "
            "ORDER BY e.evaluated_on, e.rep_id, s.position",
            params,
        )
        grouped: dict[str, tuple[str, str, dict[str, int]]] = {}
        for eval_id, rep, on, competency, score in rows:
            grouped.setdefault(eval_id, (rep, on, {}))[2][competency] = int(score)
        return [Evaluation(r, date.fromisoformat(on), s) for r, on, s in grouped.values()]

    # -- self-checks ----------------------------------------------------------------------------

    def save_self_check(self, check: SelfCheck) -> str:
        """Save a rep's self-check for its day, replacing an earlier one of the same day."""
        with self.transaction() as conn:
            insert_self_checks(conn, [check])
        return check.at.isoformat()

    def self_checks(self, rep_id: str | None = None) -> list[SelfCheck]:
        where, params = _by_rep(rep_id)
        rows = self._rows(
            "SELECT rep_id, checked_on, answer, saved_at FROM coaching_self_checks "
            f"{where} ORDER BY checked_on, rep_id",
            params,
        )
        return [
            SelfCheck(r, date.fromisoformat(on), a, datetime.fromisoformat(s))
            for r, on, a, s in rows
        ]

    # -- many at once ---------------------------------------------------------------------------

    def import_coaching(
        self,
        reps: Sequence[Rep] = (),
        evaluations: Sequence[Evaluation] = (),
        calls: Sequence[CoachingCall] = (),
        self_checks: Sequence[SelfCheck] = (),
    ) -> str:
        """Add checked records in one transaction: all of them, or (on any refusal) none.

        An evaluation for a rep and date already saved is refused rather than replaced, and so
        is a call already saved. Every call must keep the method's order (`check_order`).
        """
        for call in calls:
            check_order(call)
        stamp = now()
        with self.transaction() as conn:
            insert_reps(conn, reps)
            for evaluation in evaluations:
                if conn.execute(
                    clause(
                        "SELECT 1 FROM coaching_evaluations "
                        "WHERE rep_id = :rep AND evaluated_on = :on"
                    ),
                    {"rep": evaluation.rep_id, "on": evaluation.on.isoformat()},
                ).first():
                    raise CoachingError(
                        f"an evaluation of {evaluation.on.isoformat()} is already saved for "
                        f"rep {evaluation.rep_id!r}; nothing was imported"
                    )
            insert_evaluations(conn, evaluations, stamp)
            insert_calls(conn, calls)
            insert_self_checks(conn, self_checks)
        return stamp

    def remove_demo_team(self) -> int:
        """Delete the demo reps and everything of theirs; own reps are untouched."""
        demo = "SELECT id FROM coaching_reps WHERE demo = 1"
        chosen = f"key = '{CHOSEN_REP}' AND value IN ({demo})"
        with self.transaction() as conn:
            count = int(
                conn.execute(
                    clause("SELECT COUNT(*) FROM coaching_reps WHERE demo = 1")
                ).scalar_one()
            )
            for statement in (
                f"DELETE FROM device WHERE {chosen}",
                # Own people or calls a demo person coached keep going, coached by nobody.
                f"UPDATE coaching_reps SET coach_id = NULL WHERE coach_id IN ({demo})",
                f"UPDATE coaching_calls SET coach_id = NULL WHERE coach_id IN ({demo})",
                f"DELETE FROM coaching_rep_codes WHERE rep_id IN ({demo})",
                f"DELETE FROM coaching_calls WHERE rep_id IN ({demo})",
                "DELETE FROM coaching_scores WHERE evaluation_id IN "
                f"(SELECT id FROM coaching_evaluations WHERE rep_id IN ({demo}))",
                f"DELETE FROM coaching_evaluations WHERE rep_id IN ({demo})",
                f"DELETE FROM coaching_self_checks WHERE rep_id IN ({demo})",
                "DELETE FROM coaching_reps WHERE demo = 1",
            ):
                conn.execute(clause(statement))
        return count
