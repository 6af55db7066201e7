"""Attendees, their resume codes, and their answers."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from uuid import uuid4

from workshop import codes
from workshop.errors import ResumeCodeError, StoreError
from workshop.keynote.answers import Answers, Attendee, Pick
from workshop.store.base import UNENCODABLE, BaseStore, now, write_failure
from workshop.store.schema import ATTENDEE_COLUMNS


class AttendeeStore(BaseStore):
    """Attendees and the answers they save."""

    # -- attendees --------------------------------------------------------------------------

    def create_attendee(
        self, nickname: str | None = None, session_code: str | None = None
    ) -> Attendee:
        nickname = nickname.strip() or None if nickname else None
        for _ in range(20):
            attendee = Attendee(uuid4().hex, codes.new_code(), nickname, now(), session_code)
            try:
                with self.transaction() as conn:
                    conn.execute(
                        "INSERT INTO attendees (id, resume_code, nickname, created_at, "
                        "session_code) VALUES (?, ?, ?, ?, ?)",
                        (
                            attendee.id,
                            attendee.resume_code,
                            nickname,
                            attendee.created_at,
                            session_code,
                        ),
                    )
                return attendee
            except sqlite3.IntegrityError:
                continue  # a resume code collided; draw another
            except sqlite3.DatabaseError as exc:
                raise StoreError(write_failure(self.path, exc)) from exc
        raise StoreError("could not draw an unused resume code; the database may be full")

    def attendee(self, attendee_id: str) -> Attendee:
        with self._lock:
            row = self._conn.execute(
                f"SELECT {ATTENDEE_COLUMNS} FROM attendees WHERE id = ?",
                (attendee_id,),
            ).fetchone()
        if row is None:
            raise ResumeCodeError(f"no attendee with id {attendee_id!r}")
        return Attendee(*row)

    def attendee_by_code(self, code: str) -> Attendee:
        """The attendee a typed resume code belongs to; `ResumeCodeError` if none."""
        canonical = codes.normalise(code)
        with self._lock:
            row = self._conn.execute(
                f"SELECT {ATTENDEE_COLUMNS} FROM attendees WHERE resume_code = ?",
                (canonical,),
            ).fetchone()
        if row is None:
            raise ResumeCodeError(f"no attendee has the resume code {codes.display(canonical)}")
        return Attendee(*row)

    def set_attendee_session(self, attendee_id: str, session_code: str) -> None:
        """Bring an attendee of no session into one, with their wall entries."""
        try:
            with self.transaction() as conn:
                conn.execute(
                    "UPDATE attendees SET session_code = ? WHERE id = ? AND session_code IS NULL",
                    (session_code, attendee_id),
                )
                conn.execute(
                    "UPDATE wall SET session_code = ? WHERE attendee_id = ? "
                    "AND session_code IS NULL",
                    (session_code, attendee_id),
                )
        except sqlite3.DatabaseError as exc:
            raise StoreError(write_failure(self.path, exc)) from exc

    def attendee_count(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM attendees").fetchone()[0])

    # -- device memory (JupyterLab on one person's machine) -----------------------------------

    def remember_device_code(self, code: str) -> None:
        self._write(
            "INSERT INTO device (key, value) VALUES ('resume_code', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (code,),
        )

    def device_code(self) -> str | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT value FROM device WHERE key = 'resume_code'"
            ).fetchone()
        return None if row is None else str(row[0])

    # -- answers ----------------------------------------------------------------------------

    def save_rating(self, attendee_id: str, category: str, score: int) -> str:
        """Save one score; returns the commit time. The domain has validated it."""
        stamp = now()
        self._write(
            "INSERT INTO ratings (attendee_id, category, score, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (attendee_id, category) DO UPDATE "
            "SET score = excluded.score, updated_at = excluded.updated_at",
            (attendee_id, category, int(score), stamp),
        )
        return stamp

    def save_text(self, attendee_id: str, exercise: str, name: str, body: str) -> str:
        """Save one free-text answer verbatim; returns the commit time."""
        stamp = now()
        self._write(
            "INSERT INTO answers (attendee_id, exercise, field, body, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (attendee_id, exercise, field) DO UPDATE "
            "SET body = excluded.body, updated_at = excluded.updated_at",
            (attendee_id, exercise, name, body, stamp),
        )
        return stamp

    def save_picks(self, attendee_id: str, exercise: str, kind: str, picks: Sequence[Pick]) -> str:
        """Replace the whole ordered set of picks of one kind, in one transaction."""
        stamp = now()
        try:
            with self.transaction() as conn:
                conn.execute(
                    "DELETE FROM picks WHERE attendee_id = ? AND exercise = ? AND kind = ?",
                    (attendee_id, exercise, kind),
                )
                conn.executemany(
                    "INSERT INTO picks (attendee_id, exercise, kind, item, detail, position, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (attendee_id, exercise, kind, p.item, p.detail, i, stamp)
                        for i, p in enumerate(picks)
                    ],
                )
        except sqlite3.DatabaseError as exc:
            raise StoreError(write_failure(self.path, exc)) from exc
        except UnicodeEncodeError as exc:
            raise StoreError(UNENCODABLE.format(path=self.path, exc=exc)) from exc
        return stamp

    def answers(self, attendee_id: str) -> Answers:
        with self._lock:
            ratings = {
                c: int(s)
                for c, s in self._conn.execute(
                    "SELECT category, score FROM ratings WHERE attendee_id = ?", (attendee_id,)
                )
            }
            texts = {
                (e, f): b
                for e, f, b in self._conn.execute(
                    "SELECT exercise, field, body FROM answers WHERE attendee_id = ?",
                    (attendee_id,),
                )
            }
            picks: dict[tuple[str, str], list[Pick]] = {}
            for exercise, kind, item, detail in self._conn.execute(
                "SELECT exercise, kind, item, detail FROM picks WHERE attendee_id = ? "
                "ORDER BY exercise, kind, position",
                (attendee_id,),
            ):
                picks.setdefault((exercise, kind), []).append(Pick(item, detail))
        return Answers(ratings, texts, {k: tuple(v) for k, v in picks.items()})
