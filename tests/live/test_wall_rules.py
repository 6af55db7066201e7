"""The room wall's rules, without a database: what may be shared, and how much."""

from __future__ import annotations

import pytest

from workshop.content.settings import Limits
from workshop.errors import TextCharacterError, TextTooLongError, WorkshopError
from workshop.live.wall import WallError, check_entry, check_room_for_one_more, is_blank

LIMITS = Limits(wall_max_chars=140, wall_entries=3)


@pytest.mark.parametrize(
    "body",
    ["", " ", "\t\n", "\u00a0\u3000", "\u200b", "\u200d\u200b \u2066", "\r\n \u2028"],
    ids=["empty", "space", "tab-newline", "nbsp-ideographic", "zwsp", "joiners-isolate", "seps"],
)
def test_blank_entries_are_refused(body: str) -> None:
    assert is_blank(body)
    with pytest.raises(WallError) as refused:
        check_entry("mantra", body, LIMITS)
    assert refused.value.reason == "wall_blank"


@pytest.mark.parametrize("body", ["a", " Keep going ", "🙂", "é", "\u200bx"])
def test_an_entry_with_anything_visible_is_not_blank(body: str) -> None:
    assert not is_blank(body)
    assert check_entry("ingredient", body, LIMITS) == body


def test_the_length_is_counted_as_people_see_it() -> None:
    thumb = "👍🏽"  # one character of two code points
    assert check_entry("mantra", thumb * 140, LIMITS) == thumb * 140
    with pytest.raises(TextTooLongError) as refused:
        check_entry("mantra", "x" * 141, LIMITS)
    assert refused.value.reason == "too_long"
    assert refused.value.values["limit"] == 140


def test_a_wall_sized_mantra_of_1990_characters_is_refused() -> None:
    with pytest.raises(TextTooLongError):
        check_entry("mantra", "GRIEF " * 331 + "GRIEF", LIMITS)


def test_control_characters_are_refused() -> None:
    with pytest.raises(TextCharacterError):
        check_entry("mantra", "ring\x07ring", LIMITS)


@pytest.mark.parametrize("kind", ["", "nickname", "do_over", "MANTRA"])
def test_only_a_mantra_or_an_ingredient_goes_on_the_wall(kind: str) -> None:
    with pytest.raises(WallError) as refused:
        check_entry(kind, "Keep going", LIMITS)
    assert refused.value.reason == "wall_unknown_kind"


@pytest.mark.parametrize(("shared", "allowed"), [(0, True), (2, True), (3, False), (30, False)])
def test_an_attendee_shares_at_most_the_limit(shared: int, allowed: bool) -> None:
    if allowed:
        check_room_for_one_more(shared, LIMITS)
        return
    with pytest.raises(WallError) as refused:
        check_room_for_one_more(shared, LIMITS)
    assert refused.value.reason == "wall_full"
    assert isinstance(refused.value, ValueError) and isinstance(refused.value, WorkshopError)


def test_a_limit_of_zero_closes_the_wall() -> None:
    with pytest.raises(WallError):
        check_room_for_one_more(0, Limits(wall_entries=0))
