"""Coaching calls, saved stage by stage in the method's order, and the team's fixes."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Connection

from workshop.coaching.call import CoachingCall
from workshop.coaching.call_order import check_successor
from workshop.coaching.model import UnknownCallError, fix_key
from workshop.store.base import BaseStore, now
from workshop.store.clauses import clause
from workshop.store.coaching_rows import (
    CALL_COLUMNS,
    call_from_row,
    insert_calls,
    update_call_steps,
)


def _saved_call(conn: Connection, call_id: str) -> CoachingCall | None:
    row = conn.execute(
        clause(f"SELECT {CALL_COLUMNS} FROM coaching_calls WHERE id = :id"), {"id": call_id}
    ).first()
    return None if row is None else call_from_row(row)


class CallStore(BaseStore):
    """A coaching call from its opening to its one fix."""

    def save_call(self, call: CoachingCall) -> str:
        """Save a call's newest step, holding to the method's order against what is saved.

        The rep and the manager may each use a device, so the order is checked again inside
        the transaction (`check_successor`): a new call is saved only as opened; the manager's
        know/can, insight and fix only on top of the rep's answer as it is saved; the rep's
        answer never changes once the insight is saved; a complete call stays as it is.
        Returns the commit time.
        """
        with self.transaction() as conn:
            saved = _saved_call(conn, call.id)
            check_successor(saved, call)
            if saved is None:
                insert_calls(conn, [call])
            else:
                update_call_steps(conn, call)
        return now()

    def call(self, call_id: str) -> CoachingCall:
        with self.reading() as conn:
            found = _saved_call(conn, call_id)
        if found is None:
            raise UnknownCallError(f"no coaching call with id {call_id!r}")
        return found

    def calls(self, rep_id: str | None = None) -> list[CoachingCall]:
        """A rep's coaching calls at every stage (every rep's when None), oldest first."""
        where, params = ("WHERE rep_id = :rep", {"rep": rep_id}) if rep_id else ("", {})
        rows = self._rows(
            f"SELECT {CALL_COLUMNS} FROM coaching_calls {where} ORDER BY called_on, opened_at, id",
            params,
        )
        return [call_from_row(row) for row in rows]

    def team_fixes(self) -> dict[str, list[tuple[date, str]]]:
        """Every rep's new fixes as (date, competency), oldest first: what team progress needs.

        A fix a rep already had is the same thing practised again, not a new fix
        (`workshop.coaching.progress.repeats` says the same of whole calls).
        """
        fixes: dict[str, list[tuple[date, str]]] = {}
        rows = self._rows(
            "SELECT rep_id, called_on, competency, fix FROM coaching_calls "
            "WHERE fixed_at IS NOT NULL ORDER BY called_on, opened_at, id"
        )
        day: dict[str, date] = {}  # a team shares a few hundred distinct days; parse each once
        seen: set[tuple[str, str]] = set()
        for rep_id, on, competency, fix in rows:
            key = (rep_id, fix_key(fix))
            if key in seen:
                continue
            seen.add(key)
            parsed = day.get(on)
            if parsed is None:
                parsed = day[on] = date.fromisoformat(on)
            fixes.setdefault(rep_id, []).append((parsed, competency))
        return fixes
