"""Coaching: reps, evaluations, calls, after-call do-overs and self-checks."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from uuid import uuid4

from sqlalchemy import text

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
from workshop.store.base import BaseStore, now
from workshop.store.coaching_rows import (
    CALL_COLUMNS,
    call_from_row,
    check_order,
    insert_calls,
    insert_do_overs,
    insert_evaluations,
    insert_reps,
    insert_self_checks,
    stamp_of,
)


def name_order(name: str) -> str:
    """A name as it is alphabetised: case and accents aside."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _by_rep(rep_id: str | None) -> tuple[str, dict[str, object]]:
    return ("WHERE rep_id = :rep", {"rep": rep_id}) if rep_id else ("", {})


class CoachingStore(BaseStore):
    """The coaching practice's records."""

    def create_rep(self, name: str, demo: bool = False) -> Rep:
        """Add a rep; a name already taken (ignoring case) is refused and nothing changes."""
        rep = Rep(uuid4().hex, name, demo, now())
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
        with self.transaction() as conn:
            insert_reps(conn, [rep])
        return rep

    def reps(self) -> list[Rep]:
        """Every rep, own reps first, then by name ("Álex" beside "Alex", not after "Zoe")."""
        rows = self._rows("SELECT id, name, demo, created_at FROM coaching_reps")
        reps = [Rep(i, n, bool(d), c) for i, n, d, c in rows]
        return sorted(reps, key=lambda r: (r.demo, name_order(r.name), r.name))

    def rep(self, rep_id: str) -> Rep:
        row = self._one(
            "SELECT id, name, demo, created_at FROM coaching_reps WHERE id = :id", {"id": rep_id}
        )
        if row is None:
            raise UnknownRepError(f"no rep with id {rep_id!r}")
        return Rep(row[0], row[1], bool(row[2]), row[3])

    # -- evaluations ----------------------------------------------------------------------------

    def save_evaluation(self, evaluation: Evaluation) -> str:
        """Save an evaluation, replacing the rep's evaluation of the same date; returns the time."""
        stamp = now()
        with self.transaction() as conn:
            old = conn.execute(
                text(
                    "SELECT id FROM coaching_evaluations WHERE rep_id = :rep AND evaluated_on = :on"
                ),
                {"rep": evaluation.rep_id, "on": evaluation.on.isoformat()},
            ).first()
            if old is not None:
                conn.execute(
                    text("DELETE FROM coaching_scores WHERE evaluation_id = :id"), {"id": old[0]}
                )
                conn.execute(
                    text("DELETE FROM coaching_evaluations WHERE id = :id"), {"id": old[0]}
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

    # -- calls ----------------------------------------------------------------------------------

    def save_call(self, call: CoachingCall) -> str:
        """Save one checked coaching call (its one fix included); returns the commit time."""
        stamp = now()
        with self.transaction() as conn:
            insert_calls(conn, [call], stamp)
        return stamp

    def calls(self, rep_id: str | None = None) -> list[CoachingCall]:
        """A rep's coaching calls (every rep's when None), oldest first."""
        where, params = _by_rep(rep_id)
        rows = self._rows(
            f"SELECT {CALL_COLUMNS} FROM coaching_calls {where} ORDER BY called_on, saved_at, id",
            params,
        )
        return [call_from_row(row) for row in rows]

    def team_fixes(self) -> dict[str, list[tuple[date, str]]]:
        """Every rep's fixes as (date, competency), oldest first: what team progress needs."""
        fixes: dict[str, list[tuple[date, str]]] = {}
        rows = self._rows(
            "SELECT rep_id, called_on, competency FROM coaching_calls "
            "ORDER BY called_on, saved_at, id"
        )
        day: dict[str, date] = {}  # a team shares a few hundred distinct days; parse each once
        for rep_id, on, competency in rows:
            parsed = day.get(on)
            if parsed is None:
                parsed = day[on] = date.fromisoformat(on)
            fixes.setdefault(rep_id, []).append((parsed, competency))
        return fixes

    # -- do-overs and self-checks -----------------------------------------------------------------

    def do_over(self, call_id: str) -> DoOver:
        """The do-over of a call; an empty one when nobody has answered yet."""
        row = self._one(
            "SELECT self_critique, self_critique_at, insight, insight_at "
            "FROM coaching_do_overs WHERE call_id = :id",
            {"id": call_id},
        )
        if row is None:
            return DoOver(call_id)
        return DoOver(call_id, row[0], stamp_of(row[1]), row[2] or "", stamp_of(row[3]))

    def do_overs(self) -> list[DoOver]:
        rows = self._rows(
            "SELECT call_id, self_critique, self_critique_at, insight, insight_at "
            "FROM coaching_do_overs ORDER BY self_critique_at"
        )
        return [DoOver(c, s, stamp_of(sa), i or "", stamp_of(ia)) for c, s, sa, i, ia in rows]

    def save_do_over(self, do_over: DoOver) -> str:
        """Save a do-over checked by the domain, holding to its order against what is saved.

        The rep and the manager may answer from two devices, so the order is checked again
        inside the transaction: an insight must answer the self-critique that is saved, and a
        self-critique cannot change once an insight is saved.
        """
        if do_over.self_critique_at is None:
            raise DoOverOrderError("the rep's self-critique comes first; there is none to save")
        with self.transaction() as conn:
            row = conn.execute(
                text(
                    "SELECT self_critique, self_critique_at, insight_at FROM coaching_do_overs "
                    "WHERE call_id = :id"
                ),
                {"id": do_over.call_id},
            ).first()
            check_order(do_over, row)
            insert_do_overs(conn, [do_over])
        return now()

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
        do_overs: Sequence[DoOver] = (),
        self_checks: Sequence[SelfCheck] = (),
    ) -> str:
        """Add checked records in one transaction: all of them, or (on any refusal) none.

        An evaluation for a rep and date already saved is refused rather than replaced.
        """
        stamp = now()
        with self.transaction() as conn:
            insert_reps(conn, reps)
            for evaluation in evaluations:
                if conn.execute(
                    text(
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
            insert_calls(conn, calls, stamp)
            insert_do_overs(conn, do_overs)
            insert_self_checks(conn, self_checks)
        return stamp

    def remove_demo_team(self) -> int:
        """Delete the demo reps and everything of theirs; own reps are untouched."""
        demo = "SELECT id FROM coaching_reps WHERE demo = 1"
        with self.transaction() as conn:
            count = int(
                conn.execute(text("SELECT COUNT(*) FROM coaching_reps WHERE demo = 1")).scalar_one()
            )
            for statement in (
                "DELETE FROM coaching_do_overs WHERE call_id IN "
                f"(SELECT id FROM coaching_calls WHERE rep_id IN ({demo}))",
                f"DELETE FROM coaching_calls WHERE rep_id IN ({demo})",
                "DELETE FROM coaching_scores WHERE evaluation_id IN "
                f"(SELECT id FROM coaching_evaluations WHERE rep_id IN ({demo}))",
                f"DELETE FROM coaching_evaluations WHERE rep_id IN ({demo})",
                f"DELETE FROM coaching_self_checks WHERE rep_id IN ({demo})",
                "DELETE FROM coaching_reps WHERE demo = 1",
            ):
                conn.execute(text(statement))
        return count
