"""A realistic synthetic room, for rehearsing with the dashboard before the day."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from uuid import uuid4

from workshop import codes
from workshop.content.keynote import KeynoteContent
from workshop.content.live import DemoAnswers, LiveContent
from workshop.keynote import balance
from workshop.keynote.answers import Answers, Attendee, Pick
from workshop.keynote.completion import completed_steps
from workshop.store import AttendeeRecord, Store, now

BATCH = 500


def demo_records(
    content: KeynoteContent, live: LiveContent, count: int, session_code: str | None, seed: int = 7
) -> list[AttendeeRecord]:
    """`count` synthetic attendees whose answers look like a real room's.

    Each person has their own overall level; each category has a room-wide pull (in a sales
    room, health and fun usually trail), so the room wheel and heatmap have a shape. Finders
    are chosen for the categories the balance rule flags, as real attendees would.
    """
    return list(demo_stream(content, live, count, session_code, seed))


def demo_stream(
    content: KeynoteContent, live: LiveContent, count: int, session_code: str | None, seed: int = 7
) -> Iterator[AttendeeRecord]:
    """The attendees of `demo_records`, made one at a time (the same ones, for one seed)."""
    rng = random.Random(seed)
    pull = {c.id: rng.uniform(-1.8, 1.0) for c in content.balance.categories}
    for n in range(count):
        yield _attendee(content, live.demo, pull, rng, n, session_code)


def _attendee(
    content: KeynoteContent,
    demo: DemoAnswers,
    pull: dict[str, float],
    rng: random.Random,
    n: int,
    session_code: str | None,
) -> AttendeeRecord:
    ratings = _ratings(content, pull, rng)
    finders = _finders(content, ratings, rng)
    texts = _do_over(content, demo, rng)
    texts |= _impact(content, demo, rng)
    menu = content.menu
    chosen = rng.sample(
        list(menu.ingredients), k=min(len(menu.ingredients), rng.randint(1, menu.max_ingredients))
    )
    ingredients = tuple(Pick(name, rng.choice(demo.actions)) for name in chosen)
    mantra = rng.choice(menu.mantra_examples)
    texts[("menu", "mantra")] = mantra
    if rng.random() < 0.4:
        texts[("card", "made_at")] = now()
    wall: list[tuple[str, str]] = []
    if rng.random() < 0.3:
        wall.append(("mantra", mantra))
    if rng.random() < 0.2:
        wall.append(("ingredient", chosen[0]))
    attendee = Attendee(uuid4().hex, codes.new_code(), f"Demo {n + 1}", now(), session_code)
    answers = Answers(
        ratings=ratings,
        texts=texts,
        picks={("balance", "finder"): finders, ("menu", "ingredient"): ingredients},
    )
    return AttendeeRecord(attendee, answers, tuple(wall), completed_steps(answers, content))


def _ratings(content: KeynoteContent, pull: dict[str, float], rng: random.Random) -> dict[str, int]:
    scale = content.balance.scale
    level = rng.gauss((scale.min + scale.max) / 2 + 0.8, 1.0)
    return {
        c.id: min(scale.max, max(scale.min, round(level + pull[c.id] + rng.gauss(0, 1.2))))
        for c in content.balance.categories
    }


def _finders(
    content: KeynoteContent, ratings: dict[str, int], rng: random.Random
) -> tuple[Pick, ...]:
    """One or two of the offered finders for each category the rule flags."""
    result = balance.profile(ratings, content.balance)
    finders: list[Pick] = []
    for category_id in result.out_of_balance if result else ():
        offered = content.balance.finders.get(category_id, ())
        for finder in rng.sample(list(offered), k=min(len(offered), rng.choice((1, 1, 2)))):
            finders.append(Pick(finder, category_id))
    return tuple(finders)


def _do_over(
    content: KeynoteContent, demo: DemoAnswers, rng: random.Random
) -> dict[tuple[str, str], str]:
    texts: dict[tuple[str, str], str] = {}
    for context in content.do_over.contexts:
        if context.optional and rng.random() < 0.6:
            continue
        if rng.random() < 0.15:
            texts[("do_over", f"{context.id}.answer")] = content.do_over.nothing_word
        else:
            texts[("do_over", f"{context.id}.answer")] = rng.choice(demo.do_over)
            texts[("do_over", f"{context.id}.first_step")] = rng.choice(demo.first_steps)
    return texts


def _impact(
    content: KeynoteContent, demo: DemoAnswers, rng: random.Random
) -> dict[tuple[str, str], str]:
    channel = rng.choice(content.impact.channels)
    return {
        ("impact", "whom"): rng.choice(demo.whom),
        ("impact", "channel"): channel.id,
        ("impact", "action"): rng.choice(demo.actions),
        ("impact", "better_place"): rng.choice(demo.better_place),
    }


def fill_room(
    store: Store,
    content: KeynoteContent,
    live: LiveContent,
    count: int,
    session_code: str | None,
    seed: int = 7,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Add `count` synthetic attendees to the session, made and written a batch at a time (a
    transaction each, so memory stays that of one batch); returns how many."""
    stream = demo_stream(content, live, count, session_code, seed)
    done = 0
    while batch := list(itertools.islice(stream, BATCH)):
        store.add_attendees(batch)
        done += len(batch)
        if progress is not None:
            progress(done, count)
    return done
