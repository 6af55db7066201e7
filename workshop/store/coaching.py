"""Coaching: reps, evaluations, calls, after-call do-overs and self-checks."""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from uuid import uuid4

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
from workshop.errors import StoreError
from workshop.store.base import UNENCODABLE, BaseStore, now, write_failure


def name_order(name: str) -> str:
    """A name as it is alphabetised: case and accents aside."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class CoachingStore(BaseStore):
    """The coaching practice's records."""

    # -- coaching -----------------------------------------------------------------------------

    @contextmanager
    def _coaching_write(self) -> Iterator[sqlite3.Connection]:
        """One coaching transaction, with database failures reported as `StoreError`."""
        try:
            with self.transaction() as conn:
                yield conn
        except sqlite3.DatabaseError as exc:
            raise StoreError(write_failure(self.path, exc)) from exc
        except UnicodeEncodeError as exc:
            raise StoreError(UNENCODABLE.format(path=self.path, exc=exc)) from exc

    def create_rep(self, name: str, demo: bool = False) -> Rep:
        """Add a rep; a name already taken (ignoring case) is refused and nothing changes."""
        rep = Rep(uuid4().hex, name, demo, now())
        # Compared here, not by SQLite's NOCASE, which folds only ASCII: "BEGOÑA" is "Begoña".
        wanted = name.casefold()
        with self._lock:
            names = [r[0] for r in self._conn.execute("SELECT name FROM coaching_reps")]
        taken = next((n for n in names if n.casefold() == wanted), None)
        if taken is not None:
            raise CoachingError(
                f"a rep named {taken!r} already exists; expected a new name",
                reason="rep_exists",
                rep=taken,
            )
        with self._coaching_write() as conn:
            _insert_reps(conn, [rep])
        return rep

    def reps(self) -> list[Rep]:
        """Every rep, own reps first, then by name ("Álex" beside "Alex", not after "Zoe")."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, name, demo, created_at FROM coaching_reps"
            ).fetchall()
        reps = [Rep(i, n, bool(d), c) for i, n, d, c in rows]
        return sorted(reps, key=lambda r: (r.demo, name_order(r.name), r.name))

    def rep(self, rep_id: str) -> Rep:
        with self._lock:
            row = self._conn.execute(
                "SELECT id, name, demo, created_at FROM coaching_reps WHERE id = ?", (rep_id,)
            ).fetchone()
        if row is None:
            raise UnknownRepError(f"no rep with id {rep_id!r}")
        return Rep(row[0], row[1], bool(row[2]), row[3])

    def save_evaluation(self, evaluation: Evaluation) -> str:
        """Save an evaluation, replacing the rep's evaluation of the same date; returns the time."""
        stamp = now()
        with self._coaching_write() as conn:
            old = conn.execute(
                "SELECT id FROM coaching_evaluations WHERE rep_id = ? AND evaluated_on = ?",
                (evaluation.rep_id, evaluation.on.isoformat()),
            ).fetchone()
            if old is not None:
                conn.execute("DELETE FROM coaching_scores WHERE evaluation_id = ?", (old[0],))
                conn.execute("DELETE FROM coaching_evaluations WHERE id = ?", (old[0],))
            _insert_evaluations(conn, [evaluation], stamp)
        return stamp

    def evaluations(self, rep_id: str | None = None) -> list[Evaluation]:
        """A rep's evaluations (every rep's when None), oldest first."""
        where, params = ("WHERE e.rep_id = ?", (rep_id,)) if rep_id else ("", ())
        with self._lock:
            rows = self._conn.execute(
                "SELECT e.id, e.rep_id, e.evaluated_on, s.competency, s.score "
                "FROM coaching_evaluations e JOIN coaching_scores s ON s.evaluation_id = e.id "
                f"{where} ORDER BY e.evaluated_on, e.rep_id, s.rowid",
                params,
            ).fetchall()
        grouped: dict[str, tuple[str, str, dict[str, int]]] = {}
        for eval_id, rep, on, competency, score in rows:
            grouped.setdefault(eval_id, (rep, on, {}))[2][competency] = int(score)
        return [Evaluation(r, date.fromisoformat(on), s) for r, on, s in grouped.values()]

    def save_call(self, call: CoachingCall) -> str:
        """Save one checked coaching call (its one fix included); returns the commit time."""
        stamp = now()
        with self._coaching_write() as conn:
            _insert_calls(conn, [call], stamp)
        return stamp

    def calls(self, rep_id: str | None = None) -> list[CoachingCall]:
        """A rep's coaching calls (every rep's when None), oldest first."""
        where, params = ("WHERE rep_id = ?", (rep_id,)) if rep_id else ("", ())
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, rep_id, called_on, minutes, medium, situation, knows, can, "
                f"adjustments, competency, fix FROM coaching_calls {where} "
                "ORDER BY called_on, saved_at, rowid",
                params,
            ).fetchall()
        return [
            CoachingCall(
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
            for i, r, on, m, md, s, k, c, adj, comp, f in rows
        ]

    def team_fixes(self) -> dict[str, list[tuple[date, str]]]:
        """Every rep's fixes as (date, competency), oldest first: what team progress needs."""
        fixes: dict[str, list[tuple[date, str]]] = {}
        with self._lock:
            rows = self._conn.execute(
                "SELECT rep_id, called_on, competency FROM coaching_calls "
                "ORDER BY called_on, saved_at, rowid"
            ).fetchall()
        day: dict[str, date] = {}  # a team shares a few hundred distinct days; parse each once
        for rep_id, on, competency in rows:
            parsed = day.get(on)
            if parsed is None:
                parsed = day[on] = date.fromisoformat(on)
            fixes.setdefault(rep_id, []).append((parsed, competency))
        return fixes

    def do_over(self, call_id: str) -> DoOver:
        """The do-over of a call; an empty one when nobody has answered yet."""
        with self._lock:
            row = self._conn.execute(
                "SELECT self_critique, self_critique_at, insight, insight_at "
                "FROM coaching_do_overs WHERE call_id = ?",
                (call_id,),
            ).fetchone()
        if row is None:
            return DoOver(call_id)
        return DoOver(call_id, row[0], _stamp(row[1]), row[2] or "", _stamp(row[3]))

    def do_overs(self) -> list[DoOver]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT call_id, self_critique, self_critique_at, insight, insight_at "
                "FROM coaching_do_overs ORDER BY self_critique_at"
            ).fetchall()
        return [DoOver(c, s, _stamp(sa), i or "", _stamp(ia)) for c, s, sa, i, ia in rows]

    def save_do_over(self, do_over: DoOver) -> str:
        """Save a do-over checked by the domain, holding to its order against what is saved.

        The rep and the manager may answer from two devices, so the order is checked again
        inside the transaction: an insight must answer the self-critique that is saved, and a
        self-critique cannot change once an insight is saved.
        """
        if do_over.self_critique_at is None:
            raise DoOverOrderError("the rep's self-critique comes first; there is none to save")
        with self._coaching_write() as conn:
            row = conn.execute(
                "SELECT self_critique, self_critique_at, insight_at FROM coaching_do_overs "
                "WHERE call_id = ?",
                (do_over.call_id,),
            ).fetchone()
            critique_at = do_over.self_critique_at.isoformat()
            saved = None if row is None else (row[0], row[1])
            if (
                row is not None
                and row[2] is not None
                and saved != (do_over.self_critique, critique_at)
            ):
                raise DoOverOrderError(
                    "the manager has already answered this do-over, so the rep's "
                    "self-critique is kept as it was",
                    reason="answer_kept",
                )
            if do_over.has_insight and (row is None or row[1] != critique_at):
                raise DoOverOrderError(
                    "the rep's self-critique changed or is not saved yet; reload the call to "
                    "read it before adding the insight",
                    reason="answer_changed",
                )
            _insert_do_overs(conn, [do_over])
        return now()

    def save_self_check(self, check: SelfCheck) -> str:
        """Save a rep's self-check for its day, replacing an earlier one of the same day."""
        with self._coaching_write() as conn:
            _insert_self_checks(conn, [check])
        return check.at.isoformat()

    def self_checks(self, rep_id: str | None = None) -> list[SelfCheck]:
        where, params = ("WHERE rep_id = ?", (rep_id,)) if rep_id else ("", ())
        with self._lock:
            rows = self._conn.execute(
                "SELECT rep_id, checked_on, answer, saved_at FROM coaching_self_checks "
                f"{where} ORDER BY checked_on, rep_id",
                params,
            ).fetchall()
        return [SelfCheck(r, date.fromisoformat(on), a, _at(s)) for r, on, a, s in rows]

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
        with self._coaching_write() as conn:
            _insert_reps(conn, reps)
            for evaluation in evaluations:
                if conn.execute(
                    "SELECT 1 FROM coaching_evaluations WHERE rep_id = ? AND evaluated_on = ?",
                    (evaluation.rep_id, evaluation.on.isoformat()),
                ).fetchone():
                    raise CoachingError(
                        f"an evaluation of {evaluation.on.isoformat()} is already saved for "
                        f"rep {evaluation.rep_id!r}; nothing was imported"
                    )
            _insert_evaluations(conn, evaluations, stamp)
            _insert_calls(conn, calls, stamp)
            _insert_do_overs(conn, do_overs)
            _insert_self_checks(conn, self_checks)
        return stamp

    def remove_demo_team(self) -> int:
        """Delete the demo reps and everything of theirs; own reps are untouched."""
        demo = "SELECT id FROM coaching_reps WHERE demo = 1"
        with self._coaching_write() as conn:
            count = int(
                conn.execute("SELECT COUNT(*) FROM coaching_reps WHERE demo = 1").fetchone()[0]
            )
            conn.execute(
                "DELETE FROM coaching_do_overs WHERE call_id IN "
                f"(SELECT id FROM coaching_calls WHERE rep_id IN ({demo}))"
            )
            conn.execute(f"DELETE FROM coaching_calls WHERE rep_id IN ({demo})")
            conn.execute(
                "DELETE FROM coaching_scores WHERE evaluation_id IN "
                f"(SELECT id FROM coaching_evaluations WHERE rep_id IN ({demo}))"
            )
            conn.execute(f"DELETE FROM coaching_evaluations WHERE rep_id IN ({demo})")
            conn.execute(f"DELETE FROM coaching_self_checks WHERE rep_id IN ({demo})")
            conn.execute("DELETE FROM coaching_reps WHERE demo = 1")
        return count


# -- coaching rows ---------------------------------------------------------------------------


def _stamp(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _insert_reps(conn: sqlite3.Connection, reps: Sequence[Rep]) -> None:
    conn.executemany(
        "INSERT INTO coaching_reps (id, name, demo, created_at) VALUES (?, ?, ?, ?)",
        [(r.id, r.name, int(r.demo), r.created_at or now()) for r in reps],
    )


def _insert_evaluations(
    conn: sqlite3.Connection, evaluations: Sequence[Evaluation], stamp: str
) -> None:
    ids = [uuid4().hex for _ in evaluations]
    conn.executemany(
        "INSERT INTO coaching_evaluations (id, rep_id, evaluated_on, saved_at) VALUES (?, ?, ?, ?)",
        [(i, e.rep_id, e.on.isoformat(), stamp) for i, e in zip(ids, evaluations, strict=True)],
    )
    conn.executemany(
        "INSERT INTO coaching_scores (evaluation_id, competency, score) VALUES (?, ?, ?)",
        [
            (i, competency, int(score))
            for i, e in zip(ids, evaluations, strict=True)
            for competency, score in e.scores.items()
        ],
    )


def _insert_calls(conn: sqlite3.Connection, calls: Sequence[CoachingCall], stamp: str) -> None:
    conn.executemany(
        "INSERT INTO coaching_calls (id, rep_id, called_on, minutes, medium, situation, knows, "
        "can, adjustments, competency, fix, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                c.id,
                c.rep_id,
                c.on.isoformat(),
                c.minutes,
                c.medium,
                c.situation,
                int(c.knows),
                int(c.can),
                ",".join(c.adjustments),
                c.competency,
                c.fix,
                stamp,
            )
            for c in calls
        ],
    )


def _insert_do_overs(conn: sqlite3.Connection, do_overs: Sequence[DoOver]) -> None:
    conn.executemany(
        "INSERT INTO coaching_do_overs (call_id, self_critique, self_critique_at, insight, "
        "insight_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (call_id) DO UPDATE SET "
        "self_critique = excluded.self_critique, self_critique_at = excluded.self_critique_at, "
        "insight = excluded.insight, insight_at = excluded.insight_at",
        [
            (
                d.call_id,
                d.self_critique,
                d.self_critique_at.isoformat() if d.self_critique_at else None,
                d.insight if d.has_insight else None,
                d.insight_at.isoformat() if d.insight_at else None,
            )
            for d in do_overs
        ],
    )


def _insert_self_checks(conn: sqlite3.Connection, checks: Sequence[SelfCheck]) -> None:
    conn.executemany(
        "INSERT INTO coaching_self_checks (rep_id, checked_on, answer, saved_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (rep_id, checked_on) DO UPDATE SET "
        "answer = excluded.answer, saved_at = excluded.saved_at",
        [(c.rep_id, c.on.isoformat(), c.answer, c.at.isoformat()) for c in checks],
    )
