"""Hostile clients, part 6: k-1 scripted attendees against one real person, on a served room.

Before (issue 16, item 3): four fake attendees with known answers, their changes pending,
released one real person's change in a batch of k = 5; subtracting the fakes' moves recovered
all 8 of the victim's scores exactly. Now each score counts in the room's figures as its
randomized-response copy: the attack, replayed against the server's own publication (the
remote, open in Chromium, is what makes the server read and publish), recovers copies only.

`benchmarks/_sybil.py` holds the attack; `bench_randomized` measures how often a recovered copy
equals the real score (against 1 - p + p/8).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from benchmarks._sybil import Room, attack, set_up
from tests.support.paths import ROOT
from tests.support.serving import Served, content_with_k, serving
from workshop.content.keynote import load_content
from workshop.store import Store

pytestmark = pytest.mark.browser
expect.set_options(timeout=30_000)
K = 5


def room_content(folder: Path, p: float) -> Path:
    content_with_k(folder, K)
    settings = folder / "session.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        re.sub(r"randomized_response: [0-9.]+", f"randomized_response: {p}", text),
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def served_at(tmp_path: Path) -> Iterator[Callable[[float], Served]]:
    stack: list[object] = []

    def start(p: float) -> Served:
        folder = tmp_path / f"p{p}"
        folder.mkdir()
        manager = serving(folder, ["--content", str(room_content(folder / "content", p))])
        stack.append(manager)
        return manager.__enter__()

    yield start
    for manager in reversed(stack):
        manager.__exit__(None, None, None)  # type: ignore[attr-defined]


def settle(store: Store, code: str, remote: Page) -> Callable[[], None]:
    """Wait until the server has read (and published what it may of) everything written so
    far: two new attendees, each shown on the remote in turn, are two of its reads later."""

    def wait() -> None:
        for _ in range(2):
            store.create_attendee(session_code=code)
            joined = store.session_attendee_count(code)
            tile = remote.locator(".workshop-counters .workshop-tile").first
            expect(tile).to_have_text(re.compile(rf"\D*{joined}$"))

    return wait


def attacked(browser: Browser, served: Served, p: float) -> tuple[Room, Store]:
    """The room set up before any screen opens: nothing reads it while the honest attendees
    and the fakes write, so their first batch publishes whole, with no one left waiting (a
    read between two of those saves could leave fewer than k changes behind, to be published
    with the victim's and spoil the subtraction)."""
    store = Store(served.db)
    content = load_content(Path(served.db).parent / "content")
    assert content.settings.randomized_response == p
    room = Room(store, content, served.session_code, lambda: None, random.Random(16))
    set_up(room, honest=15, fakes=K - 1, movable=True)
    everyone = store.session_attendee_count(served.session_code)  # each one rated
    remote = browser.new_context().new_page()
    remote.goto(served.facilitator_url())
    expect(remote.locator(".workshop-counters")).to_be_visible()
    room.publish = settle(store, served.session_code, remote)
    room.publish()
    assert all(n.total() == everyone for n in room.published().values()), "a batch waits"
    return room, store


def victim(room: Room) -> dict[str, int]:
    scale = room.content.balance.scale
    return {c.id: room.rng.randint(scale.min, scale.max) for c in room.content.balance.categories}


def test_the_sybil_attack_on_a_served_room_releases_only_copies(
    browser: Browser, served_at: Callable[[float], Served]
) -> None:
    # Before: without randomized response the batch gives the victim away, all 8 scores.
    room, store = attacked(browser, served_at(0.0), 0.0)
    outcome = attack(room, victim(room))
    assert outcome.from_answers == outcome.truth
    store.close()

    # After: what a batch releases of a victim is their copy, the real score only by the coin.
    room, store = attacked(browser, served_at(0.25), 0.25)
    released = 0
    for _ in range(4):
        outcome = attack(room, victim(room))
        for category, recovered in outcome.from_copies.items():
            assert recovered in (None, outcome.copies[category])
            released += recovered is not None
    store.close()
    assert released > 0, "no batch released anything: the replay proved nothing"


def test_the_default_content_gives_every_score_deniability() -> None:
    p = load_content(ROOT / "data" / "en").settings.randomized_response
    assert 0 < p <= 0.5
