"""Attendees, their resume codes, and their answers."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from uuid import uuid4

from workshop import codes
from workshop.errors import ResumeCodeError, StoreError
from workshop.keynote.answers import Answers, Attendee, Pick
from workshop.live.randomized import new_coin
from workshop.store.base import BaseStore, StoreConflictError, now
from workshop.store.clauses import clause
from workshop.store.schema import ATTENDEE_COLUMNS

#: A score, written only when it differs from the one stored (see `save_ratings`).
SAVE_RATING = (
    "INSERT INTO ratings (attendee_id, category, score, updated_at) "
    "VALUES (:id, :category, :score, :at) "
    "ON CONFLICT (attendee_id, category) DO UPDATE "
    "SET score = excluded.score, updated_at = excluded.updated_at "
    "WHERE ratings.score <> excluded.score"
)
#: A score's coin, drawn with its first save and never replaced (see `save_rating`).
KEEP_COIN = (
    "INSERT INTO rating_coins (attendee_id, category, toss, draw) "
    "VALUES (:id, :category, :toss, :draw) ON CONFLICT (attendee_id, category) DO NOTHING"
)


def device_hash(device: str) -> str:
    """How a browser's device id is kept: hashed, so the database alone cannot replay it."""
    return hashlib.sha256(f"workshop-device:{device}".encode()).hexdigest()


class AttendeeStore(BaseStore):
    """Attendees and the answers they save."""

    # -- attendees --------------------------------------------------------------------------

    def create_attendee(
        self,
        nickname: str | None = None,
        session_code: str | None = None,
        device: str | None = None,
    ) -> Attendee:
        """A new attendee with a fresh resume code; `device` (a browser's id) is kept hashed."""
        nickname = nickname.strip() or None if nickname else None
        for _ in range(20):
            attendee = Attendee(uuid4().hex, codes.new_code(), nickname, now(), session_code)
            try:
                self._write(
                    f"INSERT INTO attendees ({ATTENDEE_COLUMNS}, device_hash) "
                    "VALUES (:id, :code, :nickname, :at, :session, :device)",
                    {
                        "id": attendee.id,
                        "code": attendee.resume_code,
                        "nickname": nickname,
                        "at": attendee.created_at,
                        "session": session_code,
                        "device": device_hash(device) if device else None,
                    },
                )
                return attendee
            except StoreConflictError:
                continue  # a resume code collided; draw another
        raise StoreError("could not draw an unused resume code; the database may be full")

    def attendee(self, attendee_id: str) -> Attendee:
        row = self._one(
            f"SELECT {ATTENDEE_COLUMNS} FROM attendees WHERE id = :id", {"id": attendee_id}
        )
        if row is None:
            raise ResumeCodeError(f"no attendee with id {attendee_id!r}")
        return Attendee(*row)

    def attendee_for_device(self, session_code: str, device: str) -> Attendee | None:
        """The attendee this browser already is in this session, if any (the oldest)."""
        row = self._one(
            f"SELECT {ATTENDEE_COLUMNS} FROM attendees WHERE session_code = :session "
            "AND device_hash = :device ORDER BY created_at LIMIT 1",
            {"session": session_code, "device": device_hash(device)},
        )
        return None if row is None else Attendee(*row)

    def attendee_by_code(self, code: str) -> Attendee:
        """The attendee a typed resume code belongs to; `ResumeCodeError` if none."""
        canonical = codes.normalise(code)
        row = self._one(
            f"SELECT {ATTENDEE_COLUMNS} FROM attendees WHERE resume_code = :code",
            {"code": canonical},
        )
        if row is None:
            raise ResumeCodeError(f"no attendee has the resume code {codes.display(canonical)}")
        return Attendee(*row)

    def set_attendee_session(self, attendee_id: str, session_code: str) -> None:
        """Bring an attendee of no session into one, with their wall entries."""
        params = {"session": session_code, "id": attendee_id}
        with self.transaction() as conn:
            conn.execute(
                clause(
                    "UPDATE attendees SET session_code = :session "
                    "WHERE id = :id AND session_code IS NULL"
                ),
                params,
            )
            conn.execute(
                clause(
                    "UPDATE wall SET session_code = :session "
                    "WHERE attendee_id = :id AND session_code IS NULL"
                ),
                params,
            )

    def attendee_count(self) -> int:
        return int(self._one("SELECT COUNT(*) FROM attendees")[0])

    # -- device memory (JupyterLab on one person's machine) -----------------------------------

    def remember_device_code(self, code: str) -> None:
        self._write(
            "INSERT INTO device (key, value) VALUES ('resume_code', :code) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            {"code": code},
        )

    def device_code(self) -> str | None:
        row = self._one("SELECT value FROM device WHERE key = 'resume_code'")
        return None if row is None else str(row[0])

    # -- answers ----------------------------------------------------------------------------

    def save_rating(self, attendee_id: str, category: str, score: int) -> str:
        """Save one score; returns the commit time. The domain has validated it."""
        return self.save_ratings(attendee_id, {category: score})

    def save_ratings(self, attendee_id: str, scores: Mapping[str, int]) -> str:
        """Save several scores in one transaction; returns the commit time. The domain has
        validated them. A score equal to the one stored is not written again: its
        `updated_at` stays the time it was given (and the room's figures see no change).

        Each score's randomized-response coin is drawn with its first save, in the same
        transaction, and kept through every change (`workshop.live.randomized`)."""
        stamp = now()
        if not scores:
            return stamp
        keys = [{"id": attendee_id, "category": c} for c in scores]
        with self.transaction() as conn:
            conn.execute(
                clause(SAVE_RATING),
                [{**k, "score": int(scores[k["category"]]), "at": stamp} for k in keys],
            )
            coins = [(k, new_coin()) for k in keys]
            conn.execute(
                clause(KEEP_COIN), [{**k, "toss": c.toss, "draw": c.draw} for k, c in coins]
            )
        return stamp

    def ratings(self, attendee_id: str) -> dict[str, int]:
        """The attendee's scores by category (what `answers` holds, in one query)."""
        rows = self._rows(
            "SELECT category, score FROM ratings WHERE attendee_id = :id", {"id": attendee_id}
        )
        return {c: int(s) for c, s in rows}

    def save_text(self, attendee_id: str, exercise: str, name: str, body: str) -> str:
        """Save one free-text answer verbatim; returns the commit time."""
        stamp = now()
        self._write(
            "INSERT INTO answers (attendee_id, exercise, field, body, updated_at) "
            "VALUES (:id, :exercise, :field, :body, :at) "
            "ON CONFLICT (attendee_id, exercise, field) DO UPDATE "
            "SET body = excluded.body, updated_at = excluded.updated_at",
            {"id": attendee_id, "exercise": exercise, "field": name, "body": body, "at": stamp},
        )
        return stamp

    def save_picks(self, attendee_id: str, exercise: str, kind: str, picks: Sequence[Pick]) -> str:
        """Replace the whole ordered set of picks of one kind, in one transaction."""
        stamp = now()
        key = {"id": attendee_id, "exercise": exercise, "kind": kind}
        with self.transaction() as conn:
            conn.execute(
                clause(
                    "DELETE FROM picks WHERE attendee_id = :id AND exercise = :exercise "
                    "AND kind = :kind"
                ),
                key,
            )
            if picks:
                conn.execute(
                    clause(
                        "INSERT INTO picks (attendee_id, exercise, kind, item, detail, position, "
                        "updated_at) VALUES (:id, :exercise, :kind, :item, :detail, :i, :at)"
                    ),
                    [
                        {**key, "item": p.item, "detail": p.detail, "i": i, "at": stamp}
                        for i, p in enumerate(picks)
                    ],
                )
        return stamp

    def picks(self, attendee_id: str, exercise: str, kind: str) -> tuple[Pick, ...]:
        """The ordered picks of one kind (what `answers(...).chosen` holds, in one query)."""
        rows = self._rows(
            "SELECT item, detail FROM picks WHERE attendee_id = :id AND exercise = :exercise "
            "AND kind = :kind ORDER BY position",
            {"id": attendee_id, "exercise": exercise, "kind": kind},
        )
        return tuple(Pick(item, detail) for item, detail in rows)

    def answers(self, attendee_id: str) -> Answers:
        key = {"id": attendee_id}
        with self.reading() as conn:
            ratings = {
                c: int(s)
                for c, s in conn.execute(
                    clause("SELECT category, score FROM ratings WHERE attendee_id = :id"), key
                )
            }
            texts = {
                (e, f): b
                for e, f, b in conn.execute(
                    clause("SELECT exercise, field, body FROM answers WHERE attendee_id = :id"), key
                )
            }
            picks: dict[tuple[str, str], list[Pick]] = {}
            for exercise, kind, item, detail in conn.execute(
                clause(
                    "SELECT exercise, kind, item, detail FROM picks WHERE attendee_id = :id "
                    "ORDER BY exercise, kind, position"
                ),
                key,
            ):
                picks.setdefault((exercise, kind), []).append(Pick(item, detail))
        return Answers(ratings, texts, {k: tuple(v) for k, v in picks.items()})
