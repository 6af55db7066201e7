"""The live session: its state, the room wall, progress and the room's aggregates."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from fractions import Fraction

from workshop.errors import StoreError
from workshop.live.session import LiveSession
from workshop.live.wall import WallEntry
from workshop.store.attendees import AttendeeStore
from workshop.store.base import now, write_failure
from workshop.store.records import AttendeeRecord, ExportRows, RoomAggregates
from workshop.store.schema import ATTENDEE_COLUMNS, SESSION_COLUMNS


class LiveStore(AttendeeStore):
    """A live session's shared state, read by attendee kernels and the dashboard."""

    # -- live session -------------------------------------------------------------------------

    def create_session(
        self, code: str, title: str, token_hash: str, created_at: datetime, expires_at: datetime
    ) -> None:
        self._write(
            "INSERT INTO live_sessions (code, title, token_hash, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (code, title, token_hash, created_at.isoformat(), expires_at.isoformat()),
        )

    def live_session(self, code: str | None = None) -> LiveSession | None:
        """The session with `code`, or the most recently created one when no code is given."""
        with self._lock:
            if code is None:
                row = self._conn.execute(
                    f"SELECT {SESSION_COLUMNS} FROM live_sessions ORDER BY created_at DESC LIMIT 1"
                ).fetchone()
            else:
                row = self._conn.execute(
                    f"SELECT {SESSION_COLUMNS} FROM live_sessions WHERE code = ?", (code,)
                ).fetchone()
            if row is None:
                return None
            steps = frozenset(
                step
                for (step,) in self._conn.execute(
                    "SELECT step FROM live_steps WHERE session_code = ? AND is_open = 1",
                    (row[0],),
                )
            )
        return LiveSession(
            code=row[0],
            title=row[1],
            created_at=datetime.fromisoformat(row[2]),
            expires_at=datetime.fromisoformat(row[3]),
            segment=int(row[4]),
            segment_started_at=datetime.fromisoformat(row[5]) if row[5] else None,
            revealed=bool(row[6]),
            open_steps=steps,
        )

    def session_token_hash(self, code: str) -> str | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT token_hash FROM live_sessions WHERE code = ?", (code,)
            ).fetchone()
        return None if row is None else str(row[0])

    def set_session_token_hash(self, code: str, token_hash: str) -> None:
        """Replace the facilitator token (a restarted server issues a new one)."""
        self._write("UPDATE live_sessions SET token_hash = ? WHERE code = ?", (token_hash, code))

    def set_step_open(self, code: str, step: str, is_open: bool) -> None:
        self._write(
            "INSERT INTO live_steps (session_code, step, is_open, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (session_code, step) DO UPDATE "
            "SET is_open = excluded.is_open, updated_at = excluded.updated_at",
            (code, step, int(is_open), now()),
        )

    def set_segment(self, code: str, index: int, started_at: datetime | None) -> None:
        self._write(
            "UPDATE live_sessions SET segment = ?, segment_started_at = ? WHERE code = ?",
            (index, started_at.isoformat() if started_at else None, code),
        )

    def set_revealed(self, code: str, revealed: bool) -> None:
        self._write("UPDATE live_sessions SET revealed = ? WHERE code = ?", (int(revealed), code))

    def session_attendee_count(self, code: str) -> int:
        with self._lock:
            row = self._conn.execute(
                "SELECT COUNT(*) FROM attendees WHERE session_code = ?", (code,)
            ).fetchone()
        return int(row[0])

    def share_on_wall(self, attendee_id: str, kind: str, body: str) -> int:
        """Put one entry on the room wall; returns its id. The body is stored verbatim."""
        attendee = self.attendee(attendee_id)
        try:
            with self.transaction() as conn:
                cursor = conn.execute(
                    "INSERT INTO wall (session_code, attendee_id, kind, body, shared_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (attendee.session_code, attendee_id, kind, body, now()),
                )
                entry_id = cursor.lastrowid
        except sqlite3.DatabaseError as exc:
            raise StoreError(write_failure(self.path, exc)) from exc
        assert entry_id is not None
        return int(entry_id)

    def withdraw_from_wall(self, entry_id: int, attendee_id: str) -> None:
        """The attendee takes their own entry back; another attendee's entry is untouched."""
        self._write(
            "UPDATE wall SET withdrawn_at = ? WHERE id = ? AND attendee_id = ? "
            "AND withdrawn_at IS NULL",
            (now(), entry_id, attendee_id),
        )

    def set_wall_hidden(self, entry_id: int, hidden: bool) -> None:
        self._write("UPDATE wall SET hidden = ? WHERE id = ?", (int(hidden), entry_id))

    def wall_entries(self, session_code: str | None, newest: int | None = None) -> list[WallEntry]:
        """The room wall, oldest first (or only the `newest` few), without withdrawn entries
        and without who wrote them."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT * FROM (SELECT id, kind, body, shared_at, hidden FROM wall "
                "WHERE session_code IS ? AND withdrawn_at IS NULL ORDER BY id DESC LIMIT ?) "
                "ORDER BY id",
                (session_code, -1 if newest is None else newest),
            ).fetchall()
        return [WallEntry(int(i), k, b, t, bool(h)) for i, k, b, t, h in rows]

    def my_wall_entries(self, attendee_id: str) -> list[WallEntry]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, kind, body, shared_at, hidden FROM wall "
                "WHERE attendee_id = ? AND withdrawn_at IS NULL ORDER BY id",
                (attendee_id,),
            ).fetchall()
        return [WallEntry(int(i), k, b, t, bool(h)) for i, k, b, t, h in rows]

    def add_attendees(self, records: Sequence[AttendeeRecord]) -> None:
        """Insert many complete attendees in one transaction (demo rooms, imports)."""
        stamp = now()
        try:
            with self.transaction() as conn:
                for r in records:
                    a = r.attendee
                    conn.execute(
                        f"INSERT INTO attendees ({ATTENDEE_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                        (a.id, a.resume_code, a.nickname, a.created_at, a.session_code),
                    )
                    conn.executemany(
                        "INSERT INTO ratings (attendee_id, category, score, updated_at) "
                        "VALUES (?, ?, ?, ?)",
                        [(a.id, c, s, stamp) for c, s in r.answers.ratings.items()],
                    )
                    conn.executemany(
                        "INSERT INTO answers (attendee_id, exercise, field, body, updated_at) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [(a.id, e, f, b, stamp) for (e, f), b in r.answers.texts.items()],
                    )
                    conn.executemany(
                        "INSERT INTO picks (attendee_id, exercise, kind, item, detail, position, "
                        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [
                            (a.id, e, k, p.item, p.detail, i, stamp)
                            for (e, k), picks in r.answers.picks.items()
                            for i, p in enumerate(picks)
                        ],
                    )
                    conn.executemany(
                        "INSERT INTO wall (session_code, attendee_id, kind, body, shared_at) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [(a.session_code, a.id, kind, body, stamp) for kind, body in r.wall],
                    )
                    conn.executemany(
                        "INSERT INTO progress (attendee_id, step, completed_at) VALUES (?, ?, ?)",
                        [(a.id, step, stamp) for step in sorted(r.completed)],
                    )
        except sqlite3.DatabaseError as exc:
            raise StoreError(write_failure(self.path, exc)) from exc

    def set_progress(self, attendee_id: str, steps: frozenset[str]) -> None:
        """Record which steps this attendee has completed (the whole set, replaced)."""
        stamp = now()
        try:
            with self.transaction() as conn:
                known = {
                    r[0]
                    for r in conn.execute(
                        "SELECT step FROM progress WHERE attendee_id = ?", (attendee_id,)
                    )
                }
                conn.executemany(
                    "DELETE FROM progress WHERE attendee_id = ? AND step = ?",
                    [(attendee_id, step) for step in known - steps],
                )
                conn.executemany(
                    "INSERT INTO progress (attendee_id, step, completed_at) VALUES (?, ?, ?)",
                    [(attendee_id, step, stamp) for step in steps - known],
                )
        except sqlite3.DatabaseError as exc:
            raise StoreError(write_failure(self.path, exc)) from exc

    def export_rows(self, session_code: str | None) -> ExportRows:
        """One session's shareable rows: ratings, committed finders and completed steps."""
        member = "attendee_id IN (SELECT id FROM attendees WHERE session_code IS ?)"
        with self._lock:
            conn = self._conn
            attendees = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM attendees WHERE session_code IS ? ORDER BY created_at, id",
                    (session_code,),
                )
            ]
            ratings = conn.execute(
                f"SELECT attendee_id, category, score FROM ratings WHERE {member}",
                (session_code,),
            ).fetchall()
            finders = conn.execute(
                "SELECT attendee_id, detail, item FROM picks "
                f"WHERE exercise = 'balance' AND kind = 'finder' AND {member} "
                "ORDER BY attendee_id, position",
                (session_code,),
            ).fetchall()
            progress = conn.execute(
                f"SELECT attendee_id, step FROM progress WHERE {member}", (session_code,)
            ).fetchall()
        return ExportRows(attendees, ratings, finders, progress)

    def room_aggregates(
        self, session_code: str | None, below_mean_by: float, floor: int | None
    ) -> RoomAggregates:
        """Counts over one session's room, computed in the database.

        No free text leaves it: ratings are counted, finders are content text, and progress
        is a step name. The out-of-balance rule is `workshop.balance.profile`'s, per attendee
        against their own mean (tests hold the two to the same answers).
        """
        member = "attendee_id IN (SELECT id FROM attendees WHERE session_code IS ?)"
        # Bounded so both stay SQLite integers; only a threshold past any scale, or with more
        # than nine decimals, is changed by it.
        threshold = min(Fraction(repr(below_mean_by)), Fraction(10**6)).limit_denominator(10**9)
        with self._lock:
            conn = self._conn
            joined = conn.execute(
                "SELECT COUNT(*) FROM attendees WHERE session_code IS ?", (session_code,)
            ).fetchone()[0]
            answered = conn.execute(
                f"SELECT COUNT(DISTINCT attendee_id) FROM ratings WHERE {member}",
                (session_code,),
            ).fetchone()[0]
            # One scan gives both the distribution and, per cell, how many are flagged. The
            # rule is compared exactly, in whole numbers, as `balance.profile` does: a float
            # mean of 10 scores is 0.29999... above a 4 and would miss "below_mean_by: 0.3".
            # total/n - score >= p/q  <=>  q * (total - n * score) >= p * n.
            cells = conn.execute(
                "SELECT category, score, COUNT(*), "
                "SUM(? * (total - n * score) >= ? * n OR score < ?) FROM ("
                "SELECT category, score, SUM(score) OVER mine AS total, COUNT(*) OVER mine AS n "
                f"FROM ratings WHERE {member} WINDOW mine AS (PARTITION BY attendee_id)) "
                "GROUP BY category, score",
                (
                    threshold.denominator,
                    threshold.numerator,
                    floor if floor is not None else -(10**9),
                    session_code,
                ),
            ).fetchall()
            finders = conn.execute(
                "SELECT item, detail, COUNT(DISTINCT attendee_id) FROM picks "
                f"WHERE exercise = 'balance' AND kind = 'finder' AND {member} "
                "GROUP BY item, detail",
                (session_code,),
            ).fetchall()
            completed = conn.execute(
                f"SELECT step, COUNT(*) FROM progress WHERE {member} GROUP BY step",
                (session_code,),
            ).fetchall()
        return RoomAggregates(
            joined=int(joined),
            answered=int(answered),
            distribution=[(c, int(s), int(n)) for c, s, n, _ in cells],
            out_of_balance=_flagged_by_category(cells),
            finders=[(f, c, int(n)) for f, c, n in finders],
            completed={step: int(n) for step, n in completed},
        )


def _flagged_by_category(cells: list[tuple[str, int, int, int]]) -> list[tuple[str, int]]:
    totals: dict[str, int] = {}
    for category, _score, _count, flagged in cells:
        totals[category] = totals.get(category, 0) + int(flagged)
    return [(c, n) for c, n in totals.items() if n]
