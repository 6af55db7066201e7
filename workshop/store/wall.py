"""The room wall in the database: entries shared, taken back, hidden and shown again.

The store keeps the wall's two hard rules itself, whatever calls it: a blank entry is never
written, and an attendee's share past the limit it is given is refused in the same transaction
that counts their entries (so two shares at once cannot both slip under it). The rest of what a
share must be is `workshop.live.wall`'s, checked by `workshop.services.wall`.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam

from workshop.content.settings import Limits
from workshop.live.wall import WallEntry, WallError, check_room_for_one_more, is_blank
from workshop.store.attendees import AttendeeStore
from workshop.store.base import inserted, now
from workshop.store.clauses import clause


def of_session(code: str | None, column: str = "session_code") -> str:
    """A condition matching rows of session `code`, or of no session when it is None.

    Spelled out instead of SQL's null-safe equality, which the two backends write differently.
    """
    return f"{column} = :session" if code is not None else f"{column} IS NULL"


class WallStore(AttendeeStore):
    """What attendees share on the room wall, and what the facilitator hides of it."""

    def share_on_wall(self, attendee_id: str, kind: str, body: str, most: int | None = None) -> int:
        """Put one entry on the room wall; returns its id. The body is stored verbatim.

        A blank body is refused (`WallError`); so is a share once the attendee has shared
        `most` entries in all (taken back or not), when a limit is given.
        """
        if not isinstance(body, str) or is_blank(body):
            raise WallError("a wall entry needs some text; it was blank", reason="wall_blank")
        attendee = self.attendee(attendee_id)
        with self.transaction() as conn:
            if most is not None:
                if self.backend == "postgresql":
                    # Two shares at once from one attendee wait for each other here; SQLite's
                    # write lock already serialises them.
                    conn.execute(
                        clause("SELECT id FROM attendees WHERE id = :id FOR UPDATE"),
                        {"id": attendee_id},
                    )
                shared = conn.execute(
                    clause("SELECT COUNT(*) FROM wall WHERE attendee_id = :id"), {"id": attendee_id}
                ).scalar_one()
                check_room_for_one_more(int(shared), Limits(wall_entries=most))
            result = conn.execute(
                clause(
                    "INSERT INTO wall (session_code, attendee_id, kind, body, shared_at) "
                    "VALUES (:session, :id, :kind, :body, :at) RETURNING id"
                ),
                {
                    "session": attendee.session_code,
                    "id": attendee_id,
                    "kind": kind,
                    "body": body,
                    "at": now(),
                },
            )
            return inserted(result)

    def wall_shared_count(self, attendee_id: str) -> int:
        """How many entries the attendee has shared in all, taken back or not."""
        row = self._one("SELECT COUNT(*) FROM wall WHERE attendee_id = :id", {"id": attendee_id})
        return int(row[0])

    def withdraw_from_wall(self, entry_id: int, attendee_id: str) -> None:
        """The attendee takes their own entry back; another attendee's entry is untouched."""
        self._write(
            "UPDATE wall SET withdrawn_at = :at WHERE id = :entry AND attendee_id = :id "
            "AND withdrawn_at IS NULL",
            {"at": now(), "entry": entry_id, "id": attendee_id},
        )

    def set_wall_hidden(self, entry_id: int, hidden: bool) -> None:
        self.set_wall_entries_hidden(None, [entry_id], hidden)

    def set_wall_entries_hidden(
        self, session_code: str | None, entry_ids: Sequence[int], hidden: bool
    ) -> None:
        """Hide entries from the big screen (or show them again), in one transaction; with a
        `session_code`, only that session's entries are touched."""
        if not entry_ids:
            return
        where = "id IN :ids" + (f" AND {of_session(session_code)}" if session_code else "")
        statement = clause(f"UPDATE wall SET hidden = :hidden WHERE {where}").bindparams(
            bindparam("ids", expanding=True)
        )
        with self.transaction() as conn:
            conn.execute(
                statement,
                {"hidden": int(hidden), "ids": list(entry_ids), "session": session_code},
            )

    def wall_entries(self, session_code: str | None, newest: int | None = None) -> list[WallEntry]:
        """The room wall, oldest first (or only the `newest` few), without withdrawn entries,
        blank ones (an older database may hold some) and who wrote them."""
        limit = "" if newest is None else " LIMIT :newest"
        rows = self._rows(
            "SELECT * FROM (SELECT id, kind, body, shared_at, hidden FROM wall "
            f"WHERE {of_session(session_code)} AND withdrawn_at IS NULL ORDER BY id DESC{limit}) "
            "AS latest ORDER BY id",
            {"session": session_code, "newest": newest},
        )
        return [WallEntry(int(i), k, b, t, bool(h)) for i, k, b, t, h in rows if not is_blank(b)]

    def my_wall_entries(self, attendee_id: str) -> list[WallEntry]:
        rows = self._rows(
            "SELECT id, kind, body, shared_at, hidden FROM wall "
            "WHERE attendee_id = :id AND withdrawn_at IS NULL ORDER BY id",
            {"id": attendee_id},
        )
        return [WallEntry(int(i), k, b, t, bool(h)) for i, k, b, t, h in rows if not is_blank(b)]
