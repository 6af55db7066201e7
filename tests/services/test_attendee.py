"""What an attendee does, through the services, on SQLite and on PostgreSQL: join (once per
browser, within the room's capacity), resume, come back, save each kind of answer under the
domain's rules, share to the wall and take it back, and have their progress recorded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from tests.support.paths import ROOT
from workshop.content.keynote import KeynoteContent
from workshop.content.live import load_live_content
from workshop.errors import (
    AnswerError,
    RatingError,
    ResumeCodeError,
    TextCharacterError,
    TextTooLongError,
)
from workshop.keynote.answers import Pick
from workshop.keynote.reflections import Ingredient
from workshop.live.session import SessionError
from workshop.live.wall import WallError
from workshop.services import answers, attendee, wall
from workshop.services import live_session as live
from workshop.store import Store

T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)


@pytest.fixture
def room(db_url: str, content: KeynoteContent) -> Iterator[tuple[Store, str]]:
    with Store(db_url) as store:
        started = live.start_session(store, content, load_live_content(ROOT / "data" / "en"), T0)
        yield store, started.session.code


def test_one_browser_is_one_attendee_and_capacity_counts_people(room: tuple[Store, str]) -> None:
    store, code = room
    first = attendee.join_room(store, code, "Ana", "browser-1", at=T0, capacity=2)
    again = attendee.join_room(store, code, "", "browser-1", at=T0, capacity=2)
    assert first.new and not again.new and again.attendee == first.attendee
    attendee.join_room(store, code, "Ben", "browser-2", at=T0, capacity=2)
    with pytest.raises(SessionError) as full:
        attendee.join_room(store, code, "Cy", "browser-3", at=T0, capacity=2)
    assert full.value.reason == "full"
    # Those already in always get back in, by browser or by code.
    assert attendee.join_room(store, code, "", "browser-2", at=T0, capacity=2).attendee
    back = attendee.resume_in_room(store, code, first.attendee.resume_code, T0)
    assert back.attendee.id == first.attendee.id
    assert attendee.come_back(store, code, "browser-1", T0) is not None
    assert attendee.come_back(store, code, "browser-9", T0) is None
    assert store.session_attendee_count(code) == 2


def test_refusals_name_their_rule(room: tuple[Store, str]) -> None:
    store, code = room
    with pytest.raises(SessionError) as wrong:
        attendee.join_room(store, "ZZZZZZ", "", "b", at=T0)
    assert wrong.value.reason == "wrong"
    with pytest.raises(TextCharacterError):
        attendee.join_room(store, code, "line\nbreak", "b", at=T0)
    with pytest.raises(ResumeCodeError):
        attendee.resume_in_room(store, code, "2222-2222", T0)


def test_each_answer_is_saved_through_its_rule(
    room: tuple[Store, str], content: KeynoteContent
) -> None:
    store, code = room
    me = attendee.join_room(store, code, "", "b", at=T0).attendee.id
    assert answers.save_rating(store, content, me, "career", "6") == 6
    with pytest.raises(RatingError):
        answers.save_rating(store, content, me, "career", 9)
    with pytest.raises(AnswerError):
        answers.save_rating(store, content, me, "hobbies", 3)
    answers.save_text(store, content, me, "impact", "channel", "coaching")
    with pytest.raises(AnswerError):
        answers.save_text(store, content, me, "impact", "channel", "bribery")
    with pytest.raises(AnswerError):
        answers.save_text(store, content, me, "impact", "made_up", "x")
    with pytest.raises(TextTooLongError) as long:
        answers.save_text(store, content, me, "menu", "mantra", "x" * 2001)
    assert long.value.reason == "too_long"
    finder = content.balance.finders["health"][0]
    answers.save_finders(store, content, me, [Pick(finder, "health")])
    with pytest.raises(AnswerError):
        answers.save_finders(store, content, me, [Pick("Buy a boat", "health")])
    answers.save_menu(store, content, me, [Ingredient("Rest", "Sleep by 11")])
    with pytest.raises(AnswerError):
        answers.save_menu(store, content, me, [Ingredient("Rest", ""), Ingredient("rest", "")])
    saved = store.answers(me)
    assert saved.ratings == {"career": 6}
    assert saved.text("impact", "channel") == "coaching" and saved.text("menu", "mantra") == ""
    assert [p.item for p in saved.chosen("menu", "ingredient")] == ["Rest"]


def test_progress_is_recorded_and_the_card_counts_once_made(
    room: tuple[Store, str], content: KeynoteContent
) -> None:
    store, code = room
    me = attendee.join_room(store, code, "", "b", at=T0).attendee.id
    for category in content.balance.categories:
        answers.save_rating(store, content, me, category.id, 4)
    progress = attendee.record_progress(store, content, me)
    assert progress.done == {"balance"}
    assert progress.steps["impact"].missing and not progress.steps["impact"].done
    assert attendee.mark_card_made(store, content, me).done == {"balance", "card"}
    assert sorted(step for who, step in store.export_rows(code).progress if who) == [
        "balance",
        "card",
    ]


def test_the_wall_takes_what_the_menu_holds(
    room: tuple[Store, str], content: KeynoteContent
) -> None:
    store, code = room
    me = attendee.join_room(store, code, "", "b", at=T0).attendee.id
    answers.save_text(store, content, me, "menu", "mantra", "One thing at a time.")
    answers.save_menu(store, content, me, [Ingredient("Rest", "")])
    offered = wall.shareable(store, me)
    assert [(i.kind, i.body, i.shared) for i in offered] == [
        ("mantra", "One thing at a time.", False),
        ("ingredient", "Rest", False),
    ]
    entry = wall.share(store, content.settings.limits, me, "mantra", "One thing at a time.")
    with pytest.raises(WallError):
        wall.share(store, content.settings.limits, me, "mantra", "   ")
    # An edited mantra leaves the shared one listed, to take back.
    answers.save_text(store, content, me, "menu", "mantra", "Breathe.")
    listed = {(i.body, i.entry_id) for i in wall.shareable(store, me)}
    assert ("One thing at a time.", entry) in listed and ("Breathe.", None) in listed
    wall.withdraw(store, me, entry)
    assert [e.body for e in store.wall_entries(code)] == []
