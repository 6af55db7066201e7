"""The room's figures as its screens show them: counts shaped behind an anonymity threshold.

Nothing here reads free text or a database: `workshop.services.figures` hands over counts of
ratings, of committed finders and of completed steps. No room figure exists until at least *k*
attendees have answered, and a category rated by fewer than *k* is left out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from workshop.content.keynote import KeynoteContent
from workshop.keynote.balance import profile
from workshop.live.aggregates import RoomAggregates
from workshop.live.batches import (
    FINDERS,
    INGREDIENTS,
    Contributions,
    rating_figure,
    step_figure,
)
from workshop.live.randomized import shown_counts, shown_moments

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
    #: The chance each score behind these figures counted as a random one; the distribution,
    #: means and spreads are estimates worked back from those copies (0: as given).
    randomized: float = 0.0

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
    aggregates: RoomAggregates, content: KeynoteContent, k: int | None = None, top: int = 5
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
    p, scale_of = aggregates.randomized, content.balance.scale
    copies = table.loc[list(shown)]
    rows = {c: [int(n) for n in copies.loc[c].to_numpy()] for c in shown}
    moments = {c: shown_moments(rows[c], p, scale_of) for c in shown}
    distribution = copies.copy()
    for category in shown:
        distribution.loc[category] = shown_counts(rows[category], p)
    means = {c: m for c, (m, _s) in moments.items()}
    spreads = {c: s for c, (_m, s) in moments.items()}
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
        randomized=p,
    )


def _top_ingredients(
    aggregates: RoomAggregates, content: KeynoteContent, k: int
) -> list[tuple[str, int]]:
    """Only the content's own ingredients (one typed by an attendee is their private text), and
    only once k attendees have chosen some; most chosen first, then in the content's order."""
    offered = set(content.menu.ingredients) if aggregates.menus >= k else set()
    return sorted(
        ((item, n) for item, n in aggregates.ingredients if item in offered),
        key=lambda item: (-item[1], content.menu.ingredients.index(item[0])),
    )


def items_of(value: object) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(part) for part in item) for item in value)  # type: ignore[attr-defined]


def aggregate(
    shown: dict[str, Contributions],
    joined: int,
    content: KeynoteContent,
    randomized: float = 0.0,
) -> RoomAggregates:
    """The counts the screens show, from each figure's published contributions (whose scores
    are randomized-response copies with chance `randomized` of being random)."""
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
        finders.update((finder, category) for category, finder in items_of(items))
    menus = shown.get(INGREDIENTS, {})
    ingredients: Counter[str] = Counter()
    for items in menus.values():
        ingredients.update(item[0] for item in items_of(items))
    return RoomAggregates(
        joined=joined,
        answered=len(ratings),
        distribution=[(c, s, n) for (c, s), n in distribution.items()],
        out_of_balance=list(flagged.items()),
        finders=[(f, c, n) for (f, c), n in finders.items()],
        completed={step: len(shown.get(step_figure(step), {})) for step in STEPS},
        ingredients=list(ingredients.items()),
        menus=len(menus),
        randomized=randomized,
    )
