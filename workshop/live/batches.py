"""Room figures published in batches, so that no two views of the room tell one person apart.

The room's screens never show the room as it is this second. Each figure (the ratings of one
category, the finders, the menu, each step's counter) keeps the contributions it last
published: who gave what. A figure publishes again only once at least *k* people's
contributions differ from what it published, counting newcomers, changed answers and answers
taken back alike. So comparing two refreshes, or the screen before and after one person
answers, always mixes at least *k* people's answers, never one.

Pure functions over plain values; `workshop.services.figures` reads the store and keeps the
published figures in it, shared by every screen and every server process.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

#: A figure's contributions: contributor (attendee id) -> what they contribute to it.
Contributions = Mapping[str, Hashable]

RATING = "rating:"
STEP = "step:"
FINDERS = "finders"
INGREDIENTS = "ingredients"


def rating_figure(category: str) -> str:
    return f"{RATING}{category}"


def step_figure(step: str) -> str:
    return f"{STEP}{step}"


def changed(published: Contributions, current: Contributions) -> frozenset[str]:
    """Who contributes differently now than when the figure was published."""
    return frozenset(
        who for who in published.keys() | current.keys() if published.get(who) != current.get(who)
    )


@dataclass(frozen=True)
class Batch:
    """What a figure shows after a check: the contributions it shows and how many people's
    new answers wait for the next batch."""

    shown: Contributions
    published: bool
    waiting: int


def next_batch(published: Contributions, current: Contributions, k: int) -> Batch:
    """Publish `current` if at least `k` people differ from `published`; else keep it."""
    differ = changed(published, current)
    if len(differ) >= max(1, k):
        return Batch(dict(current), True, 0)
    return Batch(published, False, len(differ))
