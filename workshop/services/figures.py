"""The room as the live screens may show it: figures published in batches of at least *k*
people, kept in the store so that every screen and every server process shows the same ones,
with every score counted as its randomized-response copy (`workshop.live.randomized`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from workshop.content.keynote import KeynoteContent
from workshop.live.aggregates import RoomAggregates
from workshop.live.batches import (
    FINDERS,
    INGREDIENTS,
    Contributions,
    next_batch,
    rating_figure,
    step_figure,
)
from workshop.live.figures import (
    STEPS,
    RoomSnapshot,
    aggregate,
    items_of,
    snapshot,
)
from workshop.live.randomized import copy_of
from workshop.store import Store
from workshop.store.figures import Copy


def copies(content: KeynoteContent) -> Copy:
    """What each score counts as in this content's room figures (`workshop.live.randomized`)."""
    p, scale = content.settings.randomized_response, content.balance.scale
    return lambda score, coin: copy_of(score, coin, p, scale)


def read_room(store: Store, session_code: str | None, content: KeynoteContent) -> RoomSnapshot:
    """One session's room as it is now, all of it (after the session: the report), with every
    score counted as its randomized-response copy, as the screens count it."""
    current = room_now(store, session_code, content)
    joined = store.session_attendee_count(session_code)
    p = content.settings.randomized_response
    return snapshot(aggregate(current, joined, content, p), content)


def room_now(
    store: Store, session_code: str | None, content: KeynoteContent
) -> dict[str, Contributions]:
    """Every figure's contributions now: scores as their copies, and only the content's own
    menu ingredients (one an attendee typed is their private text)."""
    current: dict[str, Contributions] = dict(
        store.room_contributions(session_code, copies(content))
    )
    offered = set(content.menu.ingredients)
    current[INGREDIENTS] = {
        who: kept
        for who, items in current.get(INGREDIENTS, {}).items()
        if (kept := tuple(i for i in items_of(items) if i[0] in offered))
    }
    return current


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
        content: KeynoteContent,
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
            p = self.content.settings.randomized_response
            self._aggregates = aggregate(shown, 0, self.content, p)
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
        """Every figure's contributions now (`room_now`), read again only when the room's
        fingerprint moved since the last read."""
        fingerprint = self.store.room_fingerprint(self.session_code)
        if self._seen is not None and self._seen[0] == fingerprint:
            return self._seen[1]
        current = room_now(self.store, self.session_code, self.content)
        self._seen = (fingerprint, current)
        return current

    def _catch_up(self) -> None:
        """Read the figures another screen published since this reader last looked."""
        versions = self.store.published_versions(self.session_code)
        stale = [f for f, v in versions.items() if self._published.get(f, (0, {}))[0] != v]
        if stale:
            self._published.update(self.store.published_figures(self.session_code, stale))
