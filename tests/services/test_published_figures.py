"""The room as its live screens show it: in batches of at least k people, the same on every
screen, on SQLite and PostgreSQL. The two attacks found on the first version are replayed here
against the rule itself (and in `tests/browser/test_three_screens.py` through a browser)."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

from tests.support.content import exact
from tests.support.paths import ROOT
from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent, load_live_content
from workshop.keynote.answers import Pick
from workshop.services import live_session as live
from workshop.services.figures import RoomReader, read_room
from workshop.store import Store

K = 5


@pytest.fixture
def content(content: KeynoteContent) -> KeynoteContent:
    """The default content with randomized response off: these tests count figures exactly
    (`tests/live/test_randomized.py` and the tests below that turn it on count copies)."""
    return exact(content)


@pytest.fixture(scope="module")
def live_content() -> LiveContent:
    return load_live_content(ROOT / "data" / "en")


@pytest.fixture
def room(db_url: str) -> Iterator[Store]:
    with Store(db_url) as store:
        yield store


@pytest.fixture
def code(room: Store, content: KeynoteContent, live_content: LiveContent) -> str:
    return live.start_session(room, content, live_content).session.code


def rate(store: Store, code: str, content: KeynoteContent, scores: dict[str, int] | int) -> str:
    attendee = store.create_attendee(session_code=code)
    for category in content.balance.categories:
        score = scores if isinstance(scores, int) else scores[category.id]
        store.save_rating(attendee.id, category.id, score)
    return attendee.id


def counts(snap_distribution: pd.DataFrame) -> dict[tuple[str, int], int]:
    return {
        (str(c), int(s)): int(n)
        for (c, s), n in snap_distribution.stack().items()  # type: ignore[misc]
        if n
    }


def test_nothing_is_shown_until_k_people_have_answered(
    room: Store, content: KeynoteContent, code: str
) -> None:
    assert content.settings.anonymity_k == K
    reader = RoomReader(room, code, content)
    for n in range(1, K):
        rate(room, code, content, 4)
        snap = reader.read()
        assert not snap.visible and snap.answered == 0 and snap.waiting == n
        assert snap.completed == dict.fromkeys(snap.completed, 0)
    rate(room, code, content, 4)
    snap = reader.read()
    assert snap.visible and snap.answered == K and snap.waiting == 0


def test_before_and_after_one_newcomer_the_screens_show_the_same_room(
    room: Store, content: KeynoteContent, code: str
) -> None:
    """The second attack: read the room, let one person answer, read it again, subtract."""
    reader = RoomReader(room, code, content)
    for score in (2, 3, 4, 5, 6):
        rate(room, code, content, score)
    before = reader.read()
    victim = {
        c.id: s for c, s in zip(content.balance.categories, (8, 1, 7, 2, 6, 3, 5, 4), strict=True)
    }
    rate(room, code, content, victim)
    # However often the screens refresh, the newcomer is not in any figure.
    for _ in range(3):
        after = reader.read()
        assert after.key() == before.key()
        assert after.answered == before.answered and after.completed == before.completed
    # Once k - 1 more people answer, the five come out together: the difference between two
    # refreshes is five people's scores, never the victim's alone.
    for _ in range(K - 2):
        rate(room, code, content, 5)
        assert reader.read().key() == before.key()
    rate(room, code, content, 5)
    after = reader.read()
    assert after.answered == before.answered + K
    diff = {
        key: after_n - counts(before.distribution).get(key, 0)
        for key, after_n in counts(after.distribution).items()
    }
    assert sum(diff.values()) == K * len(content.balance.categories)
    victim_alone = {(c, s): 1 for c, s in victim.items()}
    assert {key: n for key, n in diff.items() if n} != victim_alone


def test_one_changed_answer_waits_for_a_batch_of_changes(
    room: Store, content: KeynoteContent, code: str
) -> None:
    people = [rate(room, code, content, 5) for _ in range(K)]
    reader = RoomReader(room, code, content)
    before = reader.read()
    first = content.balance.categories[0].id
    room.save_rating(people[0], first, 1)
    assert reader.read().key() == before.key()
    for person in people[1:]:
        room.save_rating(person, first, 1)
    after = reader.read()
    assert counts(after.distribution)[(first, 1)] == K


def test_every_screen_shows_the_same_published_figures(
    room: Store, content: KeynoteContent, code: str
) -> None:
    """Two readers (the big screen and the remote, or two server processes) never disagree,
    even when one of them looks at the room a moment before the other."""
    presenter, remote = RoomReader(room, code, content), RoomReader(room, code, content)
    for _ in range(K):
        rate(room, code, content, 3)
    assert presenter.read().key() == remote.read().key()
    rate(room, code, content, 7)  # one newcomer: neither screen publishes
    assert presenter.read().key() == remote.read().key()
    for _ in range(K - 1):
        rate(room, code, content, 7)
    shown = remote.read()
    assert shown.answered == 2 * K
    assert presenter.read().key() == shown.key()


def test_a_screen_that_loses_a_race_to_publish_shows_the_winners_figures(
    room: Store, content: KeynoteContent, code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow, fast = RoomReader(room, code, content), RoomReader(room, code, content)
    for _ in range(K):
        rate(room, code, content, 3)
    winner = fast.read()
    rate(room, code, content, 8)
    # The slow screen read the published versions just before the fast one published: it
    # tries to publish K + 1 people over a version that has moved on, loses, and shows the
    # fast screen's figures instead of its own.
    real_catch_up = slow._catch_up
    calls: list[int] = []

    def stale_then_real() -> None:
        calls.append(1)
        if len(calls) > 1:
            real_catch_up()

    monkeypatch.setattr(slow, "_catch_up", stale_then_real)
    shown = slow.read()
    assert len(calls) == 2  # it lost, and looked again
    assert shown.key() == winner.key() and shown.answered == K


def test_step_counters_count_in_batches_too(
    room: Store, content: KeynoteContent, code: str
) -> None:
    reader = RoomReader(room, code, content)
    people = [rate(room, code, content, 4) for _ in range(K + 2)]
    for person in people[:K]:
        room.set_progress(person, frozenset({"balance"}))
    assert reader.read().completed["balance"] == K
    room.set_progress(people[K], frozenset({"balance"}))
    room.set_progress(people[K + 1], frozenset({"balance"}))
    assert reader.read().completed["balance"] == K  # two more wait for three others


def test_the_menu_counts_the_contents_ingredients_never_one_an_attendee_typed(
    room: Store, content: KeynoteContent, code: str
) -> None:
    offered = content.menu.ingredients[0]
    reader = RoomReader(room, code, content)
    for n in range(K):
        person = room.create_attendee(session_code=code)
        picks = [Pick(offered, "every day"), Pick(f"My secret plan {n}", "private")]
        room.save_picks(person.id, "menu", "ingredient", picks)
    assert reader.read().top_ingredients == ((offered, K),)


def test_once_published_the_figures_match_the_whole_room(
    room: Store, content: KeynoteContent, code: str, live_content: LiveContent
) -> None:
    from workshop.services.demo import demo_records

    room.add_attendees(demo_records(content, live_content, 60, code))
    published = RoomReader(room, code, content).read()
    assert published.key() == read_room(room, code, content).key()


def test_a_reader_sees_answers_replaced_in_place(
    room: Store, content: KeynoteContent, code: str
) -> None:
    """Picks are replaced whole (the same count of rows, newly stamped): a reader that skips
    unchanged rooms must still see them."""
    category = content.balance.categories[0]
    first, second = content.balance.finders[category.id][:2]
    people = [rate(room, code, content, 4) for _ in range(K)]
    for person in people:
        room.save_picks(person, "balance", "finder", [Pick(first, category.id)])
    reader = RoomReader(room, code, content)
    assert [(f, n) for f, _c, n in reader.read().top_finders] == [(first, K)]
    for person in people:
        room.save_picks(person, "balance", "finder", [Pick(second, category.id)])
    assert [(f, n) for f, _c, n in reader.read().top_finders] == [(second, K)]
