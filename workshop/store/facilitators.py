"""The facilitator's keys in the database: one-time links and the sign-ins they were traded for.

Only hashes are kept (`workshop.live.facilitators.key_hash`). A link is spent by the one
statement that marks it used, so two browsers opening one link at once cannot both sign in.
"""

from __future__ import annotations

from datetime import UTC, datetime

from workshop.live.facilitators import KeyKind
from workshop.store.base import BaseStore
from workshop.store.clauses import clause

#: A key that is still good at :at: not spent (a link), not ended, not expired.
_GOOD = "revoked_at IS NULL AND expires_at > :at"


def _stamp(moment: datetime) -> str:
    """One spelling of a moment, so that comparing the text compares the times."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class FacilitatorStore(BaseStore):
    def add_facilitator_key(
        self, session_code: str, key_hash: str, kind: KeyKind, now: datetime, expires: datetime
    ) -> None:
        self._write(
            "INSERT INTO facilitator_keys (key_hash, session_code, kind, created_at, expires_at) "
            "VALUES (:hash, :session, :kind, :at, :expires)",
            {
                "hash": key_hash,
                "session": session_code,
                "kind": kind,
                "at": _stamp(now),
                "expires": _stamp(expires),
            },
        )

    def spend_facilitator_link(self, session_code: str, key_hash: str, now: datetime) -> bool:
        """Mark the link used; False if it is not a good, unused link of this session."""
        with self.transaction() as conn:
            result = conn.execute(
                clause(
                    "UPDATE facilitator_keys SET used_at = :at WHERE key_hash = :hash "
                    "AND session_code = :session AND kind = 'link' AND used_at IS NULL "
                    f"AND {_GOOD}"
                ),
                {"hash": key_hash, "session": session_code, "at": _stamp(now)},
            )
            return bool(result.rowcount == 1)

    def facilitator_signed_in(self, session_code: str, key_hash: str, now: datetime) -> bool:
        """Whether `key_hash` is a good sign-in of this session."""
        row = self._one(
            "SELECT 1 FROM facilitator_keys WHERE key_hash = :hash AND session_code = :session "
            f"AND kind = 'sign_in' AND {_GOOD}",
            {"hash": key_hash, "session": session_code, "at": _stamp(now)},
        )
        return row is not None

    def end_facilitator_keys(self, session_code: str, now: datetime) -> int:
        """End every sign-in of the session, and every link not yet used; returns how many."""
        with self.transaction() as conn:
            result = conn.execute(
                clause(
                    "UPDATE facilitator_keys SET revoked_at = :at WHERE session_code = :session "
                    "AND revoked_at IS NULL AND (kind = 'sign_in' OR used_at IS NULL)"
                ),
                {"session": session_code, "at": _stamp(now)},
            )
            return int(result.rowcount)

    def end_facilitator_links(self, session_code: str, now: datetime) -> int:
        """End the session's links not yet used (its sign-ins stay); returns how many."""
        with self.transaction() as conn:
            result = conn.execute(
                clause(
                    "UPDATE facilitator_keys SET revoked_at = :at WHERE session_code = :session "
                    "AND kind = 'link' AND used_at IS NULL AND revoked_at IS NULL"
                ),
                {"session": session_code, "at": _stamp(now)},
            )
            return int(result.rowcount)

    def facilitator_key_counts(self, session_code: str, now: datetime) -> dict[str, int]:
        """How many good keys of each kind the session has (a link counts until it is used)."""
        rows = self._rows(
            "SELECT kind, COUNT(*) FROM facilitator_keys WHERE session_code = :session "
            f"AND used_at IS NULL AND {_GOOD} GROUP BY kind",
            {"session": session_code, "at": _stamp(now)},
        )
        return {str(kind): int(n) for kind, n in rows}
