"""Who opens what: the reps' personal codes (hashes only) and the rep a manager last chose."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from workshop.coaching.access import (
    RepCodeError,
    code_matches,
    new_rep_code,
    normalise_rep_code,
    rep_code_hash,
)
from workshop.coaching.model import Rep, UnknownRepError
from workshop.store.base import BaseStore, StoreConflictError, now
from workshop.store.coaching_rows import REP_COLUMNS, rep_from_row, stamp_of

#: The `device` setting that remembers the rep last chosen in the coaching views.
CHOSEN_REP = "coaching_rep"
#: The `device` setting that remembers the room's address the reps' pages are on.
ROOM_ADDRESS = "coaching_room_address"
#: A fresh code that collides with another rep's is drawn again, at most this many times.
ISSUE_ATTEMPTS = 5


@dataclass(frozen=True)
class RepCode:
    """What the store knows of a rep's personal code: when it was issued, and revoked."""

    rep_id: str
    issued_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class RepAccessStore(BaseStore):
    """Personal codes for the reps' own pages, and the coaching views' chosen rep."""

    def rep(self, rep_id: str) -> Rep:
        """A person by id: a rep, a manager or a director."""
        row = self._one(f"SELECT {REP_COLUMNS} FROM coaching_reps WHERE id = :id", {"id": rep_id})
        if row is None:
            raise UnknownRepError(f"no rep with id {rep_id!r}")
        return rep_from_row(row)

    # -- personal codes ---------------------------------------------------------------------

    def issue_rep_code(self, rep_id: str) -> str:
        """Issue a new personal code for a rep, replacing any earlier one (which stops opening
        the page). Returns the code in canonical form; only its hash is kept, so it cannot be
        shown again."""
        self.rep(rep_id)  # an unknown rep is refused by name, not by a foreign key
        for _ in range(ISSUE_ATTEMPTS):
            code = new_rep_code()
            try:
                self._write(
                    "INSERT INTO coaching_rep_codes (rep_id, code_hash, issued_at, revoked_at) "
                    "VALUES (:rep, :hash, :at, NULL) ON CONFLICT (rep_id) DO UPDATE SET "
                    "code_hash = excluded.code_hash, issued_at = excluded.issued_at, "
                    "revoked_at = NULL",
                    {"rep": rep_id, "hash": rep_code_hash(code), "at": now()},
                )
            except StoreConflictError:
                continue  # another rep holds that hash: about one chance in 2**55
            return code
        raise StoreConflictError(f"could not issue a code for rep {rep_id!r}; try again")

    def revoke_rep_code(self, rep_id: str) -> None:
        """Stop a rep's code from opening their page; a new one can be issued later."""
        self._write(
            "UPDATE coaching_rep_codes SET revoked_at = :at "
            "WHERE rep_id = :rep AND revoked_at IS NULL",
            {"rep": rep_id, "at": now()},
        )

    def rep_code(self, rep_id: str) -> RepCode | None:
        """When the rep's code was issued (and revoked); None if they never had one."""
        row = self._one(
            "SELECT issued_at, revoked_at FROM coaching_rep_codes WHERE rep_id = :rep",
            {"rep": rep_id},
        )
        if row is None:
            return None
        issued = stamp_of(row[0])
        assert issued is not None  # NOT NULL
        return RepCode(rep_id, issued, stamp_of(row[1]))

    def rep_for_code(self, typed: str) -> Rep:
        """The rep whose personal code `typed` is (case, spaces and dashes forgiven).

        Every stored hash is compared in constant time. Raises `RepCodeError` with `reason`
        ``code_malformed`` (not a code at all), ``code_revoked`` or ``code_unknown``.
        """
        code = normalise_rep_code(typed)
        rows = self._rows("SELECT rep_id, code_hash, revoked_at FROM coaching_rep_codes")
        matched = [
            (rep_id, revoked) for rep_id, stored, revoked in rows if code_matches(code, stored)
        ]
        if not matched:
            raise RepCodeError("no rep has this personal code", reason="code_unknown")
        rep_id, revoked = matched[0]
        if revoked is not None:
            raise RepCodeError(
                f"this personal code was revoked on {revoked[:10]}; the manager can issue a new "
                "one",
                reason="code_revoked",
            )
        return self.rep(rep_id)

    # -- the rep the coaching views last chose ----------------------------------------------

    def remember_coaching_rep(self, rep_id: str | None) -> None:
        """Remember the chosen rep for every coaching view on this database (None forgets)."""
        if rep_id is None:
            self._write("DELETE FROM device WHERE key = :key", {"key": CHOSEN_REP})
            return
        self._write(
            "INSERT INTO device (key, value) VALUES (:key, :value) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            {"key": CHOSEN_REP, "value": rep_id},
        )

    def coaching_rep(self) -> str | None:
        """The id of the rep last chosen in the coaching views, if any."""
        row = self._one("SELECT value FROM device WHERE key = :key", {"key": CHOSEN_REP})
        return None if row is None else str(row[0])

    def remember_room_address(self, address: str) -> None:
        """Remember where the reps' pages are served (the room's address), for every view."""
        self._write(
            "INSERT INTO device (key, value) VALUES (:key, :value) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            {"key": ROOM_ADDRESS, "value": address},
        )

    def room_address(self) -> str | None:
        row = self._one("SELECT value FROM device WHERE key = :key", {"key": ROOM_ADDRESS})
        return None if row is None else str(row[0])
