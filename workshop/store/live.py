"""The live session: its state, progress and the room's aggregates (the wall is `wall`'s)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from fractions import Fraction
from typing import Any

from sqlalchemy.engine import Connection

from workshop.live.aggregates import RoomAggregates
from workshop.live.randomized import new_coin
from workshop.live.session import LiveSession
from workshop.store.attendees import KEEP_COIN
from workshop.store.base import now
from workshop.store.clauses import clause
from workshop.store.content_rows import insert_kept_content
from workshop.store.records import AttendeeRecord, ExportRows
from workshop.store.schema import ATTENDEE_COLUMNS, SESSION_COLUMNS
from workshop.store.wall import WallStore, of_session


def members(code: str | None) -> str:
    """A condition on `attendee_id`: the attendee belongs to session `code` (or to none)."""
    return f"attendee_id IN (SELECT id FROM attendees WHERE {of_session(code)})"


class LiveStore(WallStore):
    """A live session's shared state, read by the attendee app and the facilitator's screens."""

    # -- live session -------------------------------------------------------------------------

    def create_session(
        self,
        code: str,
        title: str,
        token_hash: str,
        created_at: datetime,
        expires_at: datetime,
        content_files: Mapping[str, str] | None = None,
    ) -> None:
        """A new session, with the text of the content files it runs with (if given)."""
        with self.transaction() as conn:
            conn.execute(
                clause(
                    # Results start hidden: the facilitator reveals each exercise's when the
                    # room is ready.
                    "INSERT INTO live_sessions (code, title, token_hash, created_at, expires_at, "
                    "revealed) VALUES (:code, :title, :hash, :created, :expires, 0)"
                ),
                {
                    "code": code,
                    "title": title,
                    "hash": token_hash,
                    "created": created_at.isoformat(),
                    "expires": expires_at.isoformat(),
                },
            )
            if content_files:
                insert_kept_content(conn, code, content_files, now())

    def live_session(self, code: str | None = None) -> LiveSession | None:
        """The session with `code`, or the most recently created one when no code is given."""
        with self.reading() as conn:
            if code is None:
                row = conn.execute(
                    clause(
                        f"SELECT {SESSION_COLUMNS} FROM live_sessions "
                        "ORDER BY created_at DESC LIMIT 1"
                    )
                ).first()
            else:
                row = conn.execute(
                    clause(f"SELECT {SESSION_COLUMNS} FROM live_sessions WHERE code = :code"),
                    {"code": code},
                ).first()
            if row is None:
                return None
            steps = frozenset(
                step
                for (step,) in conn.execute(
                    clause(
                        "SELECT step FROM live_steps WHERE session_code = :code AND is_open = 1"
                    ),
                    {"code": row[0]},
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
            ended_at=datetime.fromisoformat(row[7]) if row[7] else None,
            locks_at=datetime.fromisoformat(row[8]) if row[8] else None,
        )

    def session_token_hash(self, code: str) -> str | None:
        row = self._one("SELECT token_hash FROM live_sessions WHERE code = :code", {"code": code})
        return None if row is None else str(row[0])

    def set_session_token_hash(self, code: str, token_hash: str) -> None:
        """Replace the facilitator token (a restarted server issues a new one)."""
        self._write(
            "UPDATE live_sessions SET token_hash = :hash WHERE code = :code",
            {"hash": token_hash, "code": code},
        )

    def set_step_open(self, code: str, step: str, is_open: bool) -> None:
        self._write(
            "INSERT INTO live_steps (session_code, step, is_open, updated_at) "
            "VALUES (:code, :step, :open, :at) ON CONFLICT (session_code, step) DO UPDATE "
            "SET is_open = excluded.is_open, updated_at = excluded.updated_at",
            {"code": code, "step": step, "open": int(is_open), "at": now()},
        )

    def set_segment(self, code: str, index: int, started_at: datetime | None) -> None:
        self._write(
            "UPDATE live_sessions SET segment = :index, segment_started_at = :at "
            "WHERE code = :code",
            {"index": index, "at": started_at.isoformat() if started_at else None, "code": code},
        )

    def set_revealed(self, code: str, revealed: bool) -> None:
        self._write(
            "UPDATE live_sessions SET revealed = :revealed WHERE code = :code",
            {"revealed": int(revealed), "code": code},
        )

    def set_session_end(
        self, code: str, ended_at: datetime | None, locks_at: datetime | None
    ) -> None:
        """End the workshop (answers lock at `locks_at`), or, with None, reopen it."""
        self._write(
            "UPDATE live_sessions SET ended_at = :ended, locks_at = :locks WHERE code = :code",
            {
                "ended": ended_at.isoformat() if ended_at else None,
                "locks": locks_at.isoformat() if locks_at else None,
                "code": code,
            },
        )

    def session_attendee_count(self, code: str | None) -> int:
        """How many joined session `code` (with None: attendees of no session)."""
        row = self._one(
            f"SELECT COUNT(*) FROM attendees WHERE {of_session(code)}", {"session": code}
        )
        return int(row[0])

    # -- many at once -------------------------------------------------------------------------

    def add_attendees(self, records: Sequence[AttendeeRecord]) -> None:
        """Insert many complete attendees in one transaction (demo rooms, imports)."""
        if not records:
            return
        with self.transaction() as conn:
            _insert_records(conn, records, now())

    def completed_steps(self, attendee_id: str) -> frozenset[str]:
        """The steps recorded as completed by this attendee."""
        rows = self._rows("SELECT step FROM progress WHERE attendee_id = :id", {"id": attendee_id})
        return frozenset(r[0] for r in rows)

    def set_progress(self, attendee_id: str, steps: frozenset[str]) -> None:
        """Record which steps this attendee has completed (the whole set, replaced). A set
        that has not changed is not written: most saves finish no step, and a read is cheaper
        than taking the write lock."""
        if self.completed_steps(attendee_id) == steps:
            return
        stamp = now()
        with self.transaction() as conn:
            known = {
                r[0]
                for r in conn.execute(
                    clause("SELECT step FROM progress WHERE attendee_id = :id"), {"id": attendee_id}
                )
            }
            gone = [{"id": attendee_id, "step": step} for step in known - steps]
            new = [{"id": attendee_id, "step": step, "at": stamp} for step in steps - known]
            if gone:
                conn.execute(
                    clause("DELETE FROM progress WHERE attendee_id = :id AND step = :step"), gone
                )
            if new:
                conn.execute(
                    clause(
                        "INSERT INTO progress (attendee_id, step, completed_at) "
                        "VALUES (:id, :step, :at)"
                    ),
                    new,
                )

    # -- what leaves the database -------------------------------------------------------------

    def export_rows(self, session_code: str | None) -> ExportRows:
        """One session's shareable rows: ratings, committed finders and completed steps."""
        member = members(session_code)
        params = {"session": session_code}
        with self.reading() as conn:
            attendees = [
                r[0]
                for r in conn.execute(
                    clause(
                        f"SELECT id FROM attendees WHERE {of_session(session_code)} "
                        "ORDER BY created_at, id"
                    ),
                    params,
                )
            ]
            ratings = conn.execute(
                clause(f"SELECT attendee_id, category, score FROM ratings WHERE {member}"), params
            ).all()
            finders = conn.execute(
                clause(
                    "SELECT attendee_id, detail, item FROM picks "
                    f"WHERE exercise = 'balance' AND kind = 'finder' AND {member} "
                    "ORDER BY attendee_id, position"
                ),
                params,
            ).all()
            progress = conn.execute(
                clause(f"SELECT attendee_id, step FROM progress WHERE {member}"), params
            ).all()
        return ExportRows(
            attendees,
            [(str(a), str(c), int(s)) for a, c, s in ratings],
            [(str(a), str(c), str(f)) for a, c, f in finders],
            [(str(a), str(s)) for a, s in progress],
        )

    def room_aggregates(
        self, session_code: str | None, below_mean_by: float, floor: int | None
    ) -> RoomAggregates:
        """Counts over one session's room, computed in the database.

        No free text leaves it: ratings are counted, finders are content text, and progress
        is a step name. The out-of-balance rule is `workshop.keynote.balance.profile`'s, per
        attendee against their own mean (tests hold the two to the same answers).
        """
        member = members(session_code)
        # Bounded so both stay integers in SQL; only a threshold past any scale, or with more
        # than nine decimals, is changed by it.
        threshold = min(Fraction(repr(below_mean_by)), Fraction(10**6)).limit_denominator(10**9)
        params = {
            "session": session_code,
            "q": threshold.denominator,
            "p": threshold.numerator,
            "floor": floor if floor is not None else -(10**9),
        }
        with self.reading() as conn:
            joined = conn.execute(
                clause(f"SELECT COUNT(*) FROM attendees WHERE {of_session(session_code)}"), params
            ).scalar_one()
            answered = conn.execute(
                clause(f"SELECT COUNT(DISTINCT attendee_id) FROM ratings WHERE {member}"), params
            ).scalar_one()
            cells = conn.execute(clause(_CELLS.format(member=member)), params).all()
            finders = conn.execute(
                clause(
                    "SELECT item, detail, COUNT(DISTINCT attendee_id) FROM picks "
                    f"WHERE exercise = 'balance' AND kind = 'finder' AND {member} "
                    "GROUP BY item, detail"
                ),
                params,
            ).all()
            completed = conn.execute(
                clause(f"SELECT step, COUNT(*) FROM progress WHERE {member} GROUP BY step"), params
            ).all()
            menu = f"exercise = 'menu' AND kind = 'ingredient' AND {member}"
            ingredients = conn.execute(
                clause(
                    f"SELECT item, COUNT(DISTINCT attendee_id) FROM picks WHERE {menu} "
                    "GROUP BY item"
                ),
                params,
            ).all()
            menus = conn.execute(
                clause(f"SELECT COUNT(DISTINCT attendee_id) FROM picks WHERE {menu}"), params
            ).scalar_one()
        return RoomAggregates(
            joined=int(joined),
            answered=int(answered),
            distribution=[(str(c), int(s), int(n)) for c, s, n, _ in cells],
            out_of_balance=_flagged_by_category(cells),
            finders=[(str(f), str(c), int(n)) for f, c, n in finders],
            completed={str(step): int(n) for step, n in completed},
            ingredients=[(str(item), int(n)) for item, n in ingredients],
            menus=int(menus),
        )


#: One scan gives both the distribution and, per cell, how many are flagged. The rule is
#: compared exactly, in whole numbers, as `balance.profile` does: a float mean of 10 scores is
#: 0.29999... above a 4 and would miss "below_mean_by: 0.3".
#: total/n - score >= p/q  <=>  q * (total - n * score) >= p * n.
_CELLS = (
    "SELECT category, score, COUNT(*), "
    "SUM(CASE WHEN :q * (total - n * score) >= :p * n OR score < :floor THEN 1 ELSE 0 END) "
    "FROM (SELECT category, score, SUM(score) OVER mine AS total, COUNT(*) OVER mine AS n "
    "FROM ratings WHERE {member} WINDOW mine AS (PARTITION BY attendee_id)) AS rated "
    "GROUP BY category, score"
)


def _flagged_by_category(cells: Sequence[Any]) -> list[tuple[str, int]]:
    totals: dict[str, int] = {}
    for category, _score, _count, flagged in cells:
        totals[str(category)] = totals.get(str(category), 0) + int(flagged)
    return [(c, n) for c, n in totals.items() if n]


def _insert_records(conn: Connection, records: Sequence[AttendeeRecord], stamp: str) -> None:
    """Every row of many attendees, one statement per table."""
    tables: tuple[list[dict[str, object]], ...] = ([], [], [], [], [], [], [])
    people, ratings, coins, texts, picks, wall, progress = tables
    for r in records:
        a = r.attendee
        people.append(
            {
                "id": a.id,
                "code": a.resume_code,
                "nickname": a.nickname,
                "at": a.created_at,
                "session": a.session_code,
            }
        )
        ratings += [{"id": a.id, "c": c, "s": s, "at": stamp} for c, s in r.answers.ratings.items()]
        coins += [_coin_row(a.id, c) for c in r.answers.ratings]
        texts += [
            {"id": a.id, "e": e, "f": f, "b": b, "at": stamp}
            for (e, f), b in r.answers.texts.items()
        ]
        picks += [
            {"id": a.id, "e": e, "k": k, "item": p.item, "d": p.detail, "i": i, "at": stamp}
            for (e, k), chosen in r.answers.picks.items()
            for i, p in enumerate(chosen)
        ]
        wall += [
            {"session": a.session_code, "id": a.id, "kind": kind, "body": body, "at": stamp}
            for kind, body in r.wall
        ]
        progress += [{"id": a.id, "step": step, "at": stamp} for step in sorted(r.completed)]
    for sql, rows in zip(_RECORD_INSERTS, tables, strict=True):
        if rows:
            conn.execute(clause(sql), rows)


def _coin_row(attendee_id: str, category: str) -> dict[str, object]:
    coin = new_coin()
    return {"id": attendee_id, "category": category, "toss": coin.toss, "draw": coin.draw}


#: The statements that insert an attendee's rows, table by table (see `_insert_records`).
_RECORD_INSERTS = (
    f"INSERT INTO attendees ({ATTENDEE_COLUMNS}) VALUES (:id, :code, :nickname, :at, :session)",
    "INSERT INTO ratings (attendee_id, category, score, updated_at) VALUES (:id, :c, :s, :at)",
    KEEP_COIN,
    "INSERT INTO answers (attendee_id, exercise, field, body, updated_at) "
    "VALUES (:id, :e, :f, :b, :at)",
    "INSERT INTO picks (attendee_id, exercise, kind, item, detail, position, updated_at) "
    "VALUES (:id, :e, :k, :item, :d, :i, :at)",
    "INSERT INTO wall (session_code, attendee_id, kind, body, shared_at) "
    "VALUES (:session, :id, :kind, :body, :at)",
    "INSERT INTO progress (attendee_id, step, completed_at) VALUES (:id, :step, :at)",
)
