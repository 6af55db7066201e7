"""What the facilitator sees of the room: pandas aggregates behind an anonymity threshold.

Nothing here reads free text: the store hands over counts of ratings, of committed finders
and of completed steps. No room figure exists until at least *k* attendees have answered, and a
category rated by fewer than *k* is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from workshop.content.keynote import Content
from workshop.store import RoomAggregates, Store

STEPS = ("do_over", "balance", "impact", "menu", "card")


@dataclass(frozen=True)
class RoomSnapshot:
    """The room at one moment. Figures are empty unless `visible`."""

    k: int
    joined: int
    answered: int
    completed: dict[str, int]
    categories: tuple[str, ...] = ()  # visible categories, in content order
    hidden_categories: tuple[str, ...] = ()
    distribution: pd.DataFrame = field(default_factory=pd.DataFrame)  # category x score: count
    means: dict[str, float] = field(default_factory=dict)
    spreads: dict[str, float] = field(default_factory=dict)
    out_of_balance: tuple[tuple[str, int], ...] = ()  # (category, attendees), most first
    top_finders: tuple[tuple[str, str, int], ...] = ()  # (finder, category, attendees)

    @property
    def visible(self) -> bool:
        return self.answered >= self.k

    def key(self) -> tuple[object, ...]:
        """Changes whenever anything shown would change; lets views skip identical redraws."""
        return (
            self.visible,
            self.categories,
            tuple(map(tuple, self.distribution.to_numpy().tolist())),
            self.out_of_balance,
            self.top_finders,
        )


def snapshot(
    aggregates: RoomAggregates, content: Content, k: int | None = None, top: int = 5
) -> RoomSnapshot:
    """Shape the store's counts into what the dashboard shows, behind the threshold *k*."""
    k = content.settings.anonymity_k if k is None else k
    completed = {step: aggregates.completed.get(step, 0) for step in STEPS}
    if aggregates.answered < k:
        return RoomSnapshot(
            k=k, joined=aggregates.joined, answered=aggregates.answered, completed=completed
        )
    order = [c.id for c in content.balance.categories]
    scale = list(content.balance.scale.values)
    counts = pd.DataFrame(aggregates.distribution, columns=["category", "score", "n"])
    table = (
        counts.pivot_table(index="category", columns="score", values="n", aggfunc="sum")
        .reindex(index=order, columns=scale)
        .fillna(0)
        .astype(int)
    )
    raters = table.sum(axis=1)
    shown = tuple(c for c in order if int(raters[c]) >= k)
    hidden = tuple(c for c in order if c not in shown)
    distribution = table.loc[list(shown)]
    matrix = distribution.to_numpy(dtype=float)
    points = np.asarray(scale, dtype=float)
    totals = matrix.sum(axis=1)
    mean_of = matrix @ points / totals
    spread_of = np.sqrt((matrix * (points[None, :] - mean_of[:, None]) ** 2).sum(axis=1) / totals)
    means = {c: float(m) for c, m in zip(shown, mean_of, strict=True)}
    spreads = {c: float(v) for c, v in zip(shown, spread_of, strict=True)}
    flagged = dict(aggregates.out_of_balance)
    out = sorted(
        ((c, flagged[c]) for c in shown if flagged.get(c, 0) > 0),
        key=lambda item: (-item[1], order.index(item[0])),
    )
    finders = sorted((f for f in aggregates.finders if f[1] in shown), key=lambda f: (-f[2], f[0]))
    return RoomSnapshot(
        k=k,
        joined=aggregates.joined,
        answered=aggregates.answered,
        completed=completed,
        categories=shown,
        hidden_categories=hidden,
        distribution=distribution,
        means=means,
        spreads=spreads,
        out_of_balance=tuple(out[:top]),
        top_finders=tuple(finders[:top]),
    )


def read_room(store: Store, session_code: str | None, content: Content) -> RoomSnapshot:
    """Query and aggregate one session's room."""
    rule = content.balance.rule
    return snapshot(store.room_aggregates(session_code, rule.below_mean_by, rule.floor), content)
