"""What the facilitator sees of the room: pandas aggregates behind an anonymity threshold.

Nothing here reads free text: the store hands over counts of ratings, of committed finders
and of completed steps. No room figure exists until at least *k* attendees have answered, and a
category rated by fewer than *k* is left out.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from workshop.content.keynote import Content
from workshop.keynote.balance import profile
from workshop.live.batches import (
    FINDERS,
    INGREDIENTS,
    Contributions,
    next_batch,
    rating_figure,
    step_figure,
)
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
    #: The menu's most chosen ingredients, of those the content offers: (ingredient, attendees).
    top_ingredients: tuple[tuple[str, int], ...] = ()
    #: How many people's newest answers wait for the next batch (the most of any figure).
    waiting: int = 0

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
            self.top_ingredients,
        )


def snapshot(
    aggregates: RoomAggregates, content: Content, k: int | None = None, top: int = 5
) -> RoomSnapshot:
    """Shape the store's counts into what the dashboard shows, behind the threshold *k*."""
    k = content.settings.anonymity_k if k is None else k
    completed = {step: aggregates.completed.get(step, 0) for step in STEPS}
    ingredients = _top_ingredients(aggregates, content, k)
    if aggregates.answered < k:
        return RoomSnapshot(
            k=k,
            joined=aggregates.joined,
            answered=aggregates.answered,
            completed=completed,
            top_ingredients=tuple(ingredients[:top]),
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
        top_ingredients=tuple(ingredients[:top]),
    )


def _top_ingredients(aggregates: RoomAggregates, content: Content, k: int) -> list[tuple[str, int]]:
    """Only the content's own ingredients (one typed by an attendee is their private text), and
    only once k attendees have chosen some; most chosen first, then in the content's order."""
    offered = set(content.menu.ingredients) if aggregates.menus >= k else set()
    return sorted(
        ((item, n) for item, n in aggregates.ingredients if item in offered),
        key=lambda item: (-item[1], content.menu.ingredients.index(item[0])),
    )


def read_room(store: Store, session_code: str | None, content: Content) -> RoomSnapshot:
    """Query and aggregate one session's room."""
    rule = content.balance.rule
    return snapshot(store.room_aggregates(session_code, rule.below_mean_by, rule.floor), content)


# -- the room as its screens show it: in batches -----------------------------------------------


class RoomReader:
    """The room as the live screens may show it: each figure as last published, published
    again here once at least k people's answers differ from it (`workshop.live.batches`).

    Every screen and every server process reads the same published figures from the store, so
    no two of them can be compared to tell one person's answers apart. The joined count is
    live: joining says nothing of anyone's answers. A reader keeps what it has parsed and
    counted, so a read when nothing was published costs one query of the room's answers; reads
    closer together than `max_age_s` share one result.
    """

    def __init__(
        self,
        store: Store,
        session_code: str,
        content: Content,
        k: int | None = None,
        *,
        max_age_s: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.session_code = session_code
        self.content = content
        self.k = content.settings.anonymity_k if k is None else k
        self.max_age_s = max_age_s
        self.clock = clock
        self.figures = [rating_figure(c.id) for c in content.balance.categories]
        self.figures += [FINDERS, INGREDIENTS, *(step_figure(s) for s in STEPS)]
        self._published: dict[str, tuple[int, Contributions]] = {}
        self._seen: tuple[tuple[object, ...], dict[str, Contributions]] | None = None
        self._checked: tuple[int, tuple[int, ...], int] | None = None
        self._counted: tuple[tuple[str, int], ...] | None = None
        self._aggregates: RoomAggregates | None = None
        self._last: tuple[float, RoomSnapshot] | None = None

    def read(self) -> RoomSnapshot:
        now = self.clock()
        if self._last is not None and now - self._last[0] < self.max_age_s:
            return self._last[1]
        waiting = self._publish(self._current())
        counted = tuple((f, self._published.get(f, (0, {}))[0]) for f in self.figures)
        if counted != self._counted or self._aggregates is None:
            shown: dict[str, Contributions] = {
                f: self._published.get(f, (0, {}))[1] for f in self.figures
            }
            self._aggregates = aggregate(shown, 0, self.content)
            self._counted = counted
        joined = self.store.session_attendee_count(self.session_code)
        snap = snapshot(replace(self._aggregates, joined=joined), self.content, self.k)
        snap = replace(snap, waiting=waiting)
        self._last = (now, snap)
        return snap

    def _publish(self, current: dict[str, Contributions]) -> int:
        """Publish every figure that has a batch ready; returns how many people's answers wait
        for the next batch (the most of any figure)."""
        self._catch_up()
        versions = tuple(self._published.get(f, (0, {}))[0] for f in self.figures)
        if self._checked is not None and self._checked[:2] == (id(current), versions):
            return self._checked[2]  # the same answers against the same figures: nothing new
        updates: dict[str, tuple[int, Contributions]] = {}
        waiting = 0
        for figure in self.figures:
            version, before = self._published.get(figure, (0, {}))
            batch = next_batch(before, current.get(figure, {}), self.k)
            waiting = max(waiting, batch.waiting)
            if batch.published:
                updates[figure] = (version, batch.shown)
        if updates:
            lost = self.store.publish_figures(self.session_code, updates)
            for figure, (version, contributions) in updates.items():
                if figure not in lost:
                    self._published[figure] = (version + 1, contributions)
            if lost:
                # Another screen published first: show what it published, as every screen does.
                self._catch_up()
        versions = tuple(self._published.get(f, (0, {}))[0] for f in self.figures)
        self._checked = (id(current), versions, waiting)
        return waiting

    def _current(self) -> dict[str, Contributions]:
        """Every figure's contributions now; only the content's own menu ingredients count (an
        ingredient an attendee typed is their private text). Read again only when the room's
        fingerprint moved since the last read."""
        fingerprint = self.store.room_fingerprint(self.session_code)
        if self._seen is not None and self._seen[0] == fingerprint:
            return self._seen[1]
        current: dict[str, Contributions] = dict(self.store.room_contributions(self.session_code))
        offered = set(self.content.menu.ingredients)
        current[INGREDIENTS] = {
            who: kept
            for who, items in current.get(INGREDIENTS, {}).items()
            if (kept := tuple(i for i in _items(items) if i[0] in offered))
        }
        self._seen = (fingerprint, current)
        return current

    def _catch_up(self) -> None:
        """Read the figures another screen published since this reader last looked."""
        versions = self.store.published_versions(self.session_code)
        stale = [f for f, v in versions.items() if self._published.get(f, (0, {}))[0] != v]
        if stale:
            self._published.update(self.store.published_figures(self.session_code, stale))


def published_room(
    store: Store, session_code: str, content: Content, k: int | None = None
) -> RoomSnapshot:
    """The room as the live screens may show it now (see `RoomReader`)."""
    return RoomReader(store, session_code, content, k).read()


def _items(value: object) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(part) for part in item) for item in value)  # type: ignore[attr-defined]


def aggregate(shown: dict[str, Contributions], joined: int, content: Content) -> RoomAggregates:
    """The counts the screens show, from each figure's published contributions."""
    ratings: dict[str, dict[str, int]] = {}
    distribution: Counter[tuple[str, int]] = Counter()
    for category in content.balance.categories:
        for who, score in shown.get(rating_figure(category.id), {}).items():
            ratings.setdefault(who, {})[category.id] = int(score)  # type: ignore[call-overload]
            distribution[(category.id, int(score))] += 1  # type: ignore[call-overload]
    flagged: Counter[str] = Counter()
    for scores in ratings.values():
        person = profile(scores, content.balance)
        flagged.update(person.out_of_balance if person else ())
    finders: Counter[tuple[str, str]] = Counter()
    for items in shown.get(FINDERS, {}).values():
        finders.update((finder, category) for category, finder in _items(items))
    menus = shown.get(INGREDIENTS, {})
    ingredients: Counter[str] = Counter()
    for items in menus.values():
        ingredients.update(item[0] for item in _items(items))
    return RoomAggregates(
        joined=joined,
        answered=len(ratings),
        distribution=[(c, s, n) for (c, s), n in distribution.items()],
        out_of_balance=list(flagged.items()),
        finders=[(f, c, n) for (f, c), n in finders.items()],
        completed={step: len(shown.get(step_figure(step), {})) for step in STEPS},
        ingredients=list(ingredients.items()),
        menus=len(menus),
    )
