"""The room's contributions as they are now, and its figures as last published.

`workshop.services.figures` compares the two (`workshop.live.batches`) and publishes a figure again
only when enough people's answers differ. Contributions are values the screens only ever count:
scores (as their randomized-response copies, `workshop.live.randomized`), the content's finders
and ingredients, completed steps. No free text, no names.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam

from workshop.live.batches import FINDERS, INGREDIENTS, rating_figure, step_figure
from workshop.live.randomized import Coin
from workshop.store.base import now
from workshop.store.clauses import clause
from workshop.store.live import LiveStore, members

#: figure -> contributor -> contribution
Figures = dict[str, dict[str, Hashable]]


def _frozen(value: Any) -> Hashable:
    """A contribution read back from JSON, hashable and equal to the one that was written."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value  # type: ignore[no-any-return]


#: What a score counts as in the room's figures, given the score and its kept coin.
Copy = Callable[[int, Coin], int]


class FiguresStore(LiveStore):
    def room_contributions(self, session_code: str | None, copy: Copy | None = None) -> Figures:
        """Every figure's contributions as the database holds them now, read in one snapshot.

        With `copy`, each score counts as `copy(score, its coin)` (`workshop.live.randomized`);
        a score without a coin then counts for nothing. Without it, scores count as given.
        """
        member = members(session_code)
        params = {"session": session_code}
        figures: Figures = {}
        picks: dict[tuple[str, str], dict[str, list[tuple[str, ...]]]] = {}
        with self.reading() as conn:
            ratings = conn.execute(
                clause(
                    "SELECT r.attendee_id, r.category, r.score, c.toss, c.draw FROM ratings r "
                    "LEFT JOIN rating_coins c ON c.attendee_id = r.attendee_id "
                    f"AND c.category = r.category WHERE r.{member}"
                ),
                params,
            ).all()
            chosen = conn.execute(
                clause(
                    "SELECT attendee_id, exercise, kind, item, detail FROM picks WHERE "
                    "((exercise = 'balance' AND kind = 'finder') OR "
                    f"(exercise = 'menu' AND kind = 'ingredient')) AND {member}"
                ),
                params,
            ).all()
            progress = conn.execute(
                clause(f"SELECT attendee_id, step FROM progress WHERE {member}"), params
            ).all()
        for attendee, category, score, toss, draw in ratings:
            if copy is not None:
                if toss is None:
                    continue
                score = copy(int(score), Coin(int(toss), int(draw)))
            figures.setdefault(rating_figure(str(category)), {})[str(attendee)] = int(score)
        for attendee, exercise, kind, item, detail in chosen:
            entry = (str(detail), str(item)) if exercise == "balance" else (str(item),)
            picks.setdefault((exercise, kind), {}).setdefault(str(attendee), []).append(entry)
        for (exercise, _kind), by_attendee in picks.items():
            figure = FINDERS if exercise == "balance" else INGREDIENTS
            figures[figure] = {a: tuple(sorted(items)) for a, items in by_attendee.items()}
        for attendee, step in progress:
            figures.setdefault(step_figure(str(step)), {})[str(attendee)] = True
        return figures

    def rating_coins(self, attendee_id: str) -> dict[str, Coin]:
        """The kept coin of each score the attendee saved, by category."""
        rows = self._rows(
            "SELECT category, toss, draw FROM rating_coins WHERE attendee_id = :id",
            {"id": attendee_id},
        )
        return {str(c): Coin(int(t), int(d)) for c, t, d in rows}

    def room_fingerprint(self, session_code: str) -> tuple[object, ...]:
        """A few numbers that change whenever the room's contributions do (a save stamps its
        rows; a removal lowers a count), so a screen can skip reading them all when they have
        not changed."""
        member = members(session_code)
        params = {"session": session_code}
        with self.reading() as conn:
            ratings = conn.execute(
                clause(f"SELECT COUNT(*), MAX(updated_at), SUM(score) FROM ratings WHERE {member}"),
                params,
            ).one()
            picks = conn.execute(
                clause(
                    "SELECT COUNT(*), MAX(updated_at) FROM picks WHERE "
                    f"exercise IN ('balance', 'menu') AND {member}"
                ),
                params,
            ).one()
            progress = conn.execute(
                clause(f"SELECT COUNT(*), MAX(completed_at) FROM progress WHERE {member}"), params
            ).one()
        return (*ratings, *picks, *progress)

    def wall_fingerprint(self, session_code: str) -> tuple[object, ...]:
        """Changes whenever what the wall shows does: an entry shared, taken back, hidden or
        shown again."""
        with self.reading() as conn:
            row = conn.execute(
                clause(
                    "SELECT COUNT(*), MAX(id), "
                    "SUM(CASE WHEN hidden = 1 THEN id ELSE 0 END), "
                    "SUM(CASE WHEN withdrawn_at IS NULL THEN 0 ELSE id END) "
                    "FROM wall WHERE session_code = :session"
                ),
                {"session": session_code},
            ).one()
        return tuple(row)

    def published_versions(self, session_code: str) -> dict[str, int]:
        """figure -> the version last published for the session (a cheap look for changes)."""
        with self.reading() as conn:
            rows = conn.execute(
                clause("SELECT figure, version FROM room_published WHERE session_code = :session"),
                {"session": session_code},
            ).all()
        return {str(figure): int(version) for figure, version in rows}

    def published_figures(
        self, session_code: str, figures: Sequence[str] | None = None
    ) -> dict[str, tuple[int, dict[str, Hashable]]]:
        """figure -> (version, contributions) as last published for the session (all of its
        figures, or those named)."""
        query = (
            "SELECT figure, version, contributions FROM room_published "
            "WHERE session_code = :session"
        )
        params: dict[str, object] = {"session": session_code}
        if figures is not None:
            query += " AND figure IN :figures"
            params["figures"] = list(figures)
        statement = clause(query)
        if figures is not None:
            statement = statement.bindparams(bindparam("figures", expanding=True))
        with self.reading() as conn:
            rows = conn.execute(statement, params).all()
        return {
            str(figure): (
                int(version),
                {who: _frozen(v) for who, v in json.loads(contributions).items()},
            )
            for figure, version, contributions in rows
        }

    def publish_figures(
        self, session_code: str, updates: Mapping[str, tuple[int, Mapping[str, Hashable]]]
    ) -> set[str]:
        """Publish each figure's contributions over the version it was checked against.

        Returns the figures another screen published first (their version moved on); those keep
        what that screen published, so every screen shows the same figures.
        """
        stamp = now()
        lost: set[str] = set()
        with self.transaction() as conn:
            for figure, (seen, contributions) in updates.items():
                row = {
                    "session": session_code,
                    "figure": figure,
                    "seen": seen,
                    "next": seen + 1,
                    "contributions": json.dumps(contributions, sort_keys=True),
                    "at": stamp,
                }
                if seen == 0:
                    result = conn.execute(
                        clause(
                            "INSERT INTO room_published "
                            "(session_code, figure, version, contributions, published_at) "
                            "VALUES (:session, :figure, 1, :contributions, :at) "
                            "ON CONFLICT DO NOTHING"
                        ),
                        row,
                    )
                else:
                    result = conn.execute(
                        clause(
                            "UPDATE room_published SET version = :next, "
                            "contributions = :contributions, published_at = :at "
                            "WHERE session_code = :session AND figure = :figure "
                            "AND version = :seen"
                        ),
                        row,
                    )
                if result.rowcount != 1:
                    lost.add(figure)
        return lost
