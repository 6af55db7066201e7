"""What a live session keeps beside its answers: the content it runs with, and its servers.

The content is each file's text by name, stored when the session is created (in the same
transaction), so reports made later draw the same categories in the same words. Each running
`workshop serve` keeps a heartbeat row, so a second server on the same database can tell the
room is taken.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import bindparam

from workshop.store.base import now
from workshop.store.clauses import clause
from workshop.store.figures import FiguresStore
from workshop.store.records import KeptContent, ServerMark

SERVER_COLUMNS = "id, pid, host, session_code, started_at, seen_at"


class KeptStore(FiguresStore):
    """The session's content, and the heartbeats of the servers running the room."""

    def kept_content(self, code: str) -> KeptContent | None:
        """The content session `code` was started with, or None (a session from before)."""
        row = self._one(
            "SELECT files, content_hash, saved_at FROM live_session_content "
            "WHERE session_code = :code",
            {"code": code},
        )
        if row is None:
            return None
        return KeptContent(dict(json.loads(row[0])), str(row[1]), str(row[2]))

    # -- secrets ----------------------------------------------------------------------------

    def secret(self, name: str) -> str:
        """The room's secret called `name`, made (random, 256 bits) the first time it is asked
        for; every process of the room gets the same one, whichever asked first."""
        self._write(
            "INSERT INTO live_secrets (name, secret, created_at) VALUES (:name, :secret, :at) "
            "ON CONFLICT (name) DO NOTHING",
            {"name": name, "secret": secrets.token_hex(32), "at": now()},
        )
        row = self._one("SELECT secret FROM live_secrets WHERE name = :name", {"name": name})
        return str(row[0])

    # -- servers ----------------------------------------------------------------------------

    def servers(self) -> list[ServerMark]:
        rows = self._rows(f"SELECT {SERVER_COLUMNS} FROM live_servers ORDER BY started_at")
        return [_mark(row) for row in rows]

    def claim_servers(
        self, mark: ServerMark, decide: Callable[[list[ServerMark]], Sequence[str]]
    ) -> None:
        """Add `mark`, in one transaction with reading the others: `decide` sees the servers
        already marked and returns the ids to remove (it raises to refuse)."""
        with self.transaction() as conn:
            if self.backend == "postgresql":
                # Two servers starting at once must not both see an empty room.
                conn.exec_driver_sql("LOCK TABLE live_servers IN EXCLUSIVE MODE")
            rows = conn.execute(
                clause(f"SELECT {SERVER_COLUMNS} FROM live_servers ORDER BY started_at")
            ).all()
            gone = list(decide([_mark(row) for row in rows]))
            if gone:
                conn.execute(
                    clause("DELETE FROM live_servers WHERE id IN :ids").bindparams(
                        bindparam("ids", expanding=True)
                    ),
                    {"ids": gone},
                )
            conn.execute(
                clause(
                    f"INSERT INTO live_servers ({SERVER_COLUMNS}) "
                    "VALUES (:id, :pid, :host, :session, :started, :seen)"
                ),
                {
                    "id": mark.id,
                    "pid": mark.pid,
                    "host": mark.host,
                    "session": mark.session_code,
                    "started": mark.started_at,
                    "seen": mark.seen_at,
                },
            )

    def beat(self, server_id: str, at: str, session_code: str | None = None) -> bool:
        """Mark the server seen at `at` (and serving `session_code`, once it knows); False if
        its row is gone (another server took over)."""
        with self.transaction() as conn:
            result = conn.execute(
                clause(
                    "UPDATE live_servers SET seen_at = :at, "
                    "session_code = COALESCE(:session, session_code) WHERE id = :id"
                ),
                {"at": at, "id": server_id, "session": session_code},
            )
            return bool(result.rowcount)

    def remove_server(self, server_id: str) -> None:
        self._write("DELETE FROM live_servers WHERE id = :id", {"id": server_id})


def _mark(row: Any) -> ServerMark:
    id_, pid, host, session, started, seen = row
    return ServerMark(str(id_), int(pid), str(host), session, str(started), str(seen))
