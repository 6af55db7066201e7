"""The k-1 sybil attack of issue 16, replayed: scripted attendees release one real person's
answers in a batch, and subtract their own.

Batches of k keep one person's change from showing on its own. But k-1 fake attendees with
known answers can change theirs while one real person's change waits: the batch of k then
publishes, and subtracting the fakes' changes from the room's distribution leaves the real
person's scores. Issue 16 recovered all 8 of a victim's scores this way.

With randomized response (`workshop.live.randomized`) each score counts as its kept copy. The
attacker is given the most they could know: the published distribution of copies (before any
correction for p) and, in the worst case, their own fakes' copies too (read here from the
database). What they recover is then the victim's copy, equal to the real score with chance
1 - p + p/n; an attacker who only knows their fakes' answers recovers less.

`replay_rounds` drives a `RoomReader` in this process (the figures the screens publish, by the
same code); `histogram` and `recover` serve a replay against a running server too.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from workshop.content.keynote import KeynoteContent
from workshop.live.batches import RATING
from workshop.live.randomized import copy_of
from workshop.store import Store

#: category -> score -> how many copies the published figures count there.
Histogram = dict[str, Counter[int]]


@dataclass
class Outcome:
    """One victim's real scores and what the attack recovered of each (None: nothing clear)."""

    truth: dict[str, int]
    #: Subtracting what the fakes answered.
    from_answers: dict[str, int | None] = field(default_factory=dict)
    #: Subtracting what the fakes' scores counted as (the worst case: copies known).
    from_copies: dict[str, int | None] = field(default_factory=dict)
    #: The victim's own copies, as the database keeps their coins.
    copies: dict[str, int] = field(default_factory=dict)


def histogram(published: Mapping[str, tuple[int, Mapping[str, object]]]) -> Histogram:
    """What the screens count per category and score, from the published contributions."""
    found: Histogram = {}
    for figure, (_version, contributions) in published.items():
        if figure.startswith(RATING):
            found[figure[len(RATING) :]] = Counter(int(str(v)) for v in contributions.values())
    return found


def recover(before: Histogram, after: Histogram, known: Mapping[str, Counter[int]]) -> dict:
    """Per category, the one score left once the `known` change (the fakes', as +1/-1 counts
    per score) is taken from the difference; None where what is left is not one person's."""
    found: dict[str, int | None] = {}
    for category in after:
        left = Counter(after[category])
        left.subtract(before.get(category, Counter()))
        left.subtract(known.get(category, Counter()))
        nonzero = {v: n for v, n in left.items() if n}
        found[category] = next(iter(nonzero)) if list(nonzero.values()) == [1] else None
    return found


def change(old: Mapping[str, int], new: Mapping[str, int]) -> dict[str, Counter[int]]:
    """+1 at each new score, -1 at each old one, per category."""
    delta: dict[str, Counter[int]] = {}
    for category, score in new.items():
        moved = delta.setdefault(category, Counter())
        moved[score] += 1
        if category in old:
            moved[old[category]] -= 1
    return delta


def add(into: dict[str, Counter[int]], more: Mapping[str, Counter[int]]) -> None:
    for category, counts in more.items():
        into.setdefault(category, Counter()).update(counts)


def rate(store: Store, attendee_id: str, scores: Mapping[str, int]) -> None:
    for category, score in scores.items():
        store.save_rating(attendee_id, category, score)


def random_scores(content: KeynoteContent, rng: random.Random) -> dict[str, int]:
    scale = content.balance.scale
    return {c.id: rng.randint(scale.min, scale.max) for c in content.balance.categories}


def copies_of(store: Store, content: KeynoteContent, who: str, scores: Mapping[str, int]) -> dict:
    p, scale = content.settings.randomized_response, content.balance.scale
    coins = store.rating_coins(who)
    return {c: copy_of(s, coins[c], p, scale) for c, s in scores.items()}


@dataclass
class Room:
    """A room under attack: honest attendees, the attacker's fakes and what they answered."""

    store: Store
    content: KeynoteContent
    code: str
    publish: Callable[[], None]
    rng: random.Random
    fakes: dict[str, dict[str, int]] = field(default_factory=dict)

    def published(self) -> Histogram:
        return histogram(self.store.published_figures(self.code))


def set_up(room: Room, honest: int, fakes: int, movable: bool = False) -> None:
    """Honest attendees and the fakes rate; their first batch publishes.

    With `movable`, the attacker (who, in the worst case, knows their fakes' copies) recruits
    fakes until in some category every fake's copy follows its answer: a fake whose coin
    replaced a score never moves that copy, so no batch in that category can be released by
    the fakes alone. Tests use it so that a replay releases something whatever the coins; the
    fakes left behind stay in the room as attendees who never change.
    """
    for _ in range(honest):
        who = room.store.create_attendee(session_code=room.code)
        rate(room.store, who.id, random_scores(room.content, room.rng))
    recruit(room, fakes)
    while movable and not moving(room):
        room.fakes.clear()
        recruit(room, fakes)
    room.publish()


def recruit(room: Room, fakes: int) -> None:
    for _ in range(fakes):
        who = room.store.create_attendee(session_code=room.code)
        scores = random_scores(room.content, room.rng)
        rate(room.store, who.id, scores)
        room.fakes[who.id] = scores


def moving(room: Room) -> list[str]:
    """The categories in which every fake's copy moves when the attack changes its answer."""
    top = room.content.balance.scale.max
    moved: list[str] = []
    for category in (c.id for c in room.content.balance.categories):
        if all(
            copies_of(room.store, room.content, fake, {category: old[category]})
            != copies_of(room.store, room.content, fake, {category: old[category] % top + 1})
            for fake, old in room.fakes.items()
        ):
            moved.append(category)
    return moved


def attack(room: Room, victim_scores: Mapping[str, int]) -> Outcome:
    """One victim joins and rates (held back: one change is under k); the fakes change all
    their answers, which releases the batch; the attacker subtracts."""
    store, content = room.store, room.content
    victim = store.create_attendee(session_code=room.code)
    rate(store, victim.id, victim_scores)
    room.publish()
    # What the screens show while the victim's answers wait. (A figure may publish here
    # anyway, with the victim among k changes others left waiting: then the attacker sees
    # nothing of the victim's in it below.)
    before = room.published()
    by_answers: dict[str, Counter[int]] = {}
    by_copies: dict[str, Counter[int]] = {}
    for fake, old in room.fakes.items():
        old_copies = copies_of(store, content, fake, old)
        new = {c: s % content.balance.scale.max + 1 for c, s in old.items()}
        rate(store, fake, new)
        room.fakes[fake] = new
        add(by_answers, change(old, new))
        add(by_copies, change(old_copies, copies_of(store, content, fake, new)))
    room.publish()
    after = room.published()
    return Outcome(
        truth=dict(victim_scores),
        from_answers=recover(before, after, by_answers),
        from_copies=recover(before, after, by_copies),
        copies=copies_of(store, content, victim.id, victim_scores),
    )


def matched(outcomes: list[Outcome], how: str) -> tuple[int, int]:
    """How many recovered scores equal the real ones, of how many scores."""
    hits = total = 0
    for outcome in outcomes:
        recovered = getattr(outcome, how)
        for category, score in outcome.truth.items():
            total += 1
            hits += recovered.get(category) == score
    return hits, total
