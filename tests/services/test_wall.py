"""The wall's service on both backends: the attendee's own answers only, never blank, at most
the limit however many shares arrive at once, and moderation by group."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from tests.support.paths import ROOT
from workshop.content.keynote import KeynoteContent
from workshop.content.live import load_live_content
from workshop.content.settings import Limits
from workshop.errors import TextTooLongError
from workshop.keynote.answers import Attendee, Pick
from workshop.live.wall import WallError
from workshop.services import live_session as live
from workshop.services import wall
from workshop.store import Store

T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
LIMITS = Limits(wall_max_chars=140, wall_entries=3)


@pytest.fixture
def room(db_url: str, content: KeynoteContent) -> Iterator[tuple[Store, str]]:
    store = Store(db_url)
    live_content = load_live_content(ROOT / "data" / "en")
    code = live.start_session(store, content, live_content, now=T0).session.code
    yield store, code
    store.close()


def attendee_with(store: Store, code: str, mantra: str, *ingredients: str) -> Attendee:
    who = store.create_attendee(None, code)
    store.save_text(who.id, "menu", "mantra", mantra)
    store.save_picks(who.id, "menu", "ingredient", [Pick(i, "") for i in ingredients])
    return who


def test_an_attendee_shares_their_own_answers(room: tuple[Store, str]) -> None:
    store, code = room
    who = attendee_with(store, code, "  Keep going  ", "Gratitude")
    assert wall.current(store, who.id) == [("mantra", "Keep going"), ("ingredient", "Gratitude")]
    wall.share(store, LIMITS, who.id, "mantra", "Keep going")
    wall.share(store, LIMITS, who.id, "ingredient", "Gratitude")
    assert [(e.kind, e.body) for e in store.wall_entries(code)] == [
        ("mantra", "Keep going"),
        ("ingredient", "Gratitude"),
    ]


@pytest.mark.parametrize(
    ("kind", "body", "reason"),
    [
        ("mantra", "Something I never saved", "wall_not_yours"),
        ("ingredient", "Keep going", "wall_not_yours"),
        ("mantra", "", "wall_blank"),
        ("mantra", " \u200b ", "wall_blank"),
        ("", "", "wall_unknown_kind"),
        ("nickname", "Keep going", "wall_unknown_kind"),
    ],
)
def test_what_is_not_the_attendees_own_answer_is_refused(
    room: tuple[Store, str], kind: str, body: str, reason: str
) -> None:
    store, code = room
    who = attendee_with(store, code, "Keep going", "Gratitude")
    with pytest.raises(WallError) as refused:
        wall.share(store, LIMITS, who.id, kind, body)
    assert refused.value.reason == reason
    assert store.wall_entries(code) == []
    assert store.wall_shared_count(who.id) == 0


def test_a_mantra_too_long_for_the_wall_is_refused(room: tuple[Store, str]) -> None:
    store, code = room
    long = "GRIEF " * 331 + "GRIEF"  # 1,991 characters, as in issue 16
    who = attendee_with(store, code, long)
    with pytest.raises(TextTooLongError):
        wall.share(store, LIMITS, who.id, "mantra", long.strip())
    assert store.wall_entries(code) == []


def test_the_store_never_writes_a_blank_entry(room: tuple[Store, str]) -> None:
    store, code = room
    who = store.create_attendee(None, code)
    for body in ("", "   ", "\n\t", "\u200b"):
        with pytest.raises(WallError):
            store.share_on_wall(who.id, "mantra", body)
    assert store.wall_shared_count(who.id) == 0


def test_taking_back_does_not_give_a_share_back(room: tuple[Store, str]) -> None:
    """Share, take back, edit, share again: 30 changes make 3 entries, the rest refused."""
    store, code = room
    who = store.create_attendee(None, code)
    refused = 0
    for n in range(30):
        store.save_text(who.id, "menu", "mantra", f"Grief number {n}")
        try:
            entry = wall.share(store, LIMITS, who.id, "mantra", f"Grief number {n}")
        except WallError as exc:
            assert exc.reason == "wall_full"
            refused += 1
            continue
        wall.withdraw(store, who.id, entry)
    assert refused == 27
    assert store.wall_shared_count(who.id) == 3
    assert store.wall_entries(code) == []


def test_shares_sent_at_once_stay_within_the_limit(room: tuple[Store, str]) -> None:
    store, code = room
    items = ["Gratitude", "Exercise", "Family dinners", "Reading"]
    who = attendee_with(store, code, "Keep going", *items)
    tries = [("mantra", "Keep going"), *(("ingredient", i) for i in items)] * 4

    def one(kind_body: tuple[str, str]) -> bool:
        try:
            wall.share(store, LIMITS, who.id, *kind_body)
        except WallError:
            return False
        return True

    with ThreadPoolExecutor(8) as pool:
        made = sum(pool.map(one, tries))
    assert made == 3
    assert store.wall_shared_count(who.id) == 3


def test_moderation_hides_and_shows_a_whole_group(room: tuple[Store, str]) -> None:
    store, code = room
    for spelling in ("Keep going", "keep  GOING", "Keep going"):
        who = attendee_with(store, code, spelling)
        wall.share(store, LIMITS, who.id, "mantra", spelling)
    other = attendee_with(store, code, "Smile")
    wall.share(store, LIMITS, other.id, "mantra", "Smile")
    assert wall.visible_groups(store, code) == [("Keep going", 3), ("Smile", 1)]
    assert wall.moderate(store, code, "keep going", hide=True) == 3
    assert wall.visible_groups(store, code) == [("Smile", 1)]
    assert wall.moderate(store, code, "keep going", hide=True) == 0
    assert wall.moderate(store, code, "keep going", hide=False) == 3
    assert wall.visible_groups(store, code)[0] == ("Keep going", 3)


def test_moderation_touches_only_its_own_session(
    room: tuple[Store, str], content: KeynoteContent
) -> None:
    store, code = room
    live_content = load_live_content(ROOT / "data" / "en")
    other_code = live.start_session(store, content, live_content, now=T0).session.code
    mine = attendee_with(store, code, "Same words")
    theirs = attendee_with(store, other_code, "Same words")
    wall.share(store, LIMITS, mine.id, "mantra", "Same words")
    wall.share(store, LIMITS, theirs.id, "mantra", "Same words")
    wall.moderate(store, code, "same words", hide=True)
    assert [e.hidden for e in store.wall_entries(other_code)] == [False]
