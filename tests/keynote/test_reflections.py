"""Free-text rules: length as people count it, "Nothing", do-over status, the menu."""

from __future__ import annotations

import pytest

from workshop.content.exercises import INGREDIENT_MAX_CHARS
from workshop.content.keynote import KeynoteContent
from workshop.errors import AnswerError, TextCharacterError, TextTooLongError
from workshop.keynote.reflections import (
    DoOverAnswer,
    Ingredient,
    check_channel,
    check_menu,
    do_over_status,
    is_nothing,
)
from workshop.text import check_text, text_length

THUMB_MEDIUM = "\N{THUMBS UP SIGN}\N{EMOJI MODIFIER FITZPATRICK TYPE-4}"
FAMILY = "\N{MAN}\u200d\N{WOMAN}\u200d\N{GIRL}\u200d\N{BOY}"
WOMAN_TECHNOLOGIST = "\N{WOMAN}\N{EMOJI MODIFIER FITZPATRICK TYPE-4}\u200d\N{PERSONAL COMPUTER}"
RAINBOW_FLAG = "\N{WAVING WHITE FLAG}\ufe0f\u200d\N{RAINBOW}"
FRANCE = "\N{REGIONAL INDICATOR SYMBOL LETTER F}\N{REGIONAL INDICATOR SYMBOL LETTER R}"
GERMANY = "\N{REGIONAL INDICATOR SYMBOL LETTER D}\N{REGIONAL INDICATOR SYMBOL LETTER E}"
SCOTLAND = "\N{WAVING BLACK FLAG}" + "".join(chr(0xE0000 + ord(c)) for c in "gbsct") + "\U000e007f"
KEYCAP_ONE = "1\ufe0f\u20e3"
HEART_ON_FIRE = "\N{HEAVY BLACK HEART}\ufe0f\u200d\N{FIRE}"


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("", 0),
        ("abc", 3),
        ("Think positive, take action!", 28),
        ("cafe\u0301", 4),  # e + combining accent
        ("café", 4),
        (THUMB_MEDIUM, 1),
        (THUMB_MEDIUM * 3, 3),
        (FAMILY, 1),
        (WOMAN_TECHNOLOGIST, 1),
        (RAINBOW_FLAG, 1),
        (HEART_ON_FIRE, 1),
        (FRANCE, 1),
        (FRANCE + GERMANY, 2),
        (FRANCE + GERMANY[0], 2),  # a lone indicator left over is a character of its own
        (SCOTLAND, 1),
        (KEYCAP_ONE, 1),
        ("\u1100\u1161\u11a8", 1),  # Hangul jamo, one syllable
        ("line\r\nnext", 9),  # CR LF is one
        ("a\u200db", 2),  # a joiner between letters joins nothing
        (f"I {THUMB_MEDIUM} my {FAMILY}!", 9),
    ],
)
def test_text_length_counts_what_a_person_sees(text: str, length: int) -> None:
    assert text_length(text) == length


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("x" * 10, 10),
        (THUMB_MEDIUM * 10, 10),
        (FAMILY * 5 + "abcde", 10),
        ("", 1),
    ],
)
def test_text_exactly_at_the_limit_is_kept_as_it_is(text: str, limit: int) -> None:
    assert check_text(text, limit, "your answer") is text


@pytest.mark.parametrize(
    ("text", "limit", "length"),
    [
        ("x" * 11, 10, 11),
        (THUMB_MEDIUM * 11, 10, 11),
        (FAMILY * 6 + "abcde", 10, 11),
        ("x" * 2001, 2000, 2001),
    ],
)
def test_one_over_the_limit_is_refused_and_nothing_is_cut(
    text: str, limit: int, length: int
) -> None:
    before = str(text)
    with pytest.raises(TextTooLongError) as caught:
        check_text(text, limit, "your answer")
    message = str(caught.value)
    assert message.startswith(f"your answer is {length} characters; the limit is {limit}.")
    assert f"Shorten it by {length - limit} to save. Nothing was cut." in message
    assert text == before


def test_check_text_refuses_what_is_not_text() -> None:
    with pytest.raises(AnswerError, match="your answer expected text, not int"):
        check_text(5, 10, "your answer")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "answer",
    [
        "Nothing",
        "nothing",
        "NOTHING",
        "Nothing.",
        "Nothing!",
        "  nothing!!  ",
        "Nothing…",
        '"Nothing"',
        "\u2018nothing\u2019.",
        "\uff2e\uff4f\uff54\uff48\uff49\uff4e\uff47",  # full-width, from some phone keyboards
        "Nothing\n",
    ],
)
def test_nothing_variants_count_as_nothing(answer: str) -> None:
    assert is_nothing(answer, "Nothing")


@pytest.mark.parametrize(
    "answer",
    ["", "   ", "...", "No", "Nothing at all, except calling more", "Not hing", "nothing much"],
)
def test_other_answers_are_not_nothing(answer: str) -> None:
    assert not is_nothing(answer, "Nothing")


def test_the_nothing_word_comes_from_the_content() -> None:
    assert is_nothing("rien du tout !", "Rien du tout")
    assert is_nothing("Rien  du   tout", "Rien du tout")
    assert not is_nothing("Nothing", "Rien du tout")


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([], {"professional": "empty", "personal": "empty", "recent_call": "optional"}),
        (
            [DoOverAnswer("professional", "Nothing.", "")],
            {"professional": "done", "personal": "empty", "recent_call": "optional"},
        ),
        (
            [
                DoOverAnswer("professional", "Call clients sooner", ""),
                DoOverAnswer("personal", "Sleep more", "Phone out of the bedroom"),
                DoOverAnswer("recent_call", "Ask about budget first", ""),
            ],
            {
                "professional": "needs_first_step",
                "personal": "done",
                "recent_call": "needs_first_step",
            },
        ),
        (
            [DoOverAnswer("professional", "   ", "a step without an answer")],
            {"professional": "empty", "personal": "empty", "recent_call": "optional"},
        ),
        (
            [DoOverAnswer("personal", "Listen more", "   ")],
            {"professional": "empty", "personal": "needs_first_step", "recent_call": "optional"},
        ),
        (
            [DoOverAnswer("recent_call", "nothing!", "")],
            {"professional": "empty", "personal": "empty", "recent_call": "done"},
        ),
        (
            [DoOverAnswer("somewhere_else", "An answer for a context we do not have", "x")],
            {"professional": "empty", "personal": "empty", "recent_call": "optional"},
        ),
    ],
)
def test_do_over_status(
    answers: list[DoOverAnswer], expected: dict[str, str], content: KeynoteContent
) -> None:
    assert do_over_status(answers, content) == expected


def test_channels_are_checked_against_the_content(content: KeynoteContent) -> None:
    assert check_channel("coaching", content) == "coaching"
    with pytest.raises(AnswerError, match="unknown impact channel 'money'; expected one of: "):
        check_channel("money", content)


def menu(n: int) -> list[Ingredient]:
    return [Ingredient(f"Ingredient {i}", f"Action {i}") for i in range(n)]


def test_a_full_menu_is_accepted_and_one_more_is_refused(content: KeynoteContent) -> None:
    most = content.menu.max_ingredients
    assert check_menu(menu(most), content) == tuple(menu(most))
    with pytest.raises(AnswerError, match=f"at most {most} ingredients, not {most + 1}"):
        check_menu(menu(most + 1), content)


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([Ingredient("Rest", ""), Ingredient(" rest ", "")], "'rest' is already on your menu"),
        ([Ingredient("REST", ""), Ingredient("Rest", "")], "'Rest' is already on your menu"),
        ([Ingredient("   ", "Sleep")], "an ingredient needs a name"),
        (
            [Ingredient("x" * (INGREDIENT_MAX_CHARS + 1), "")],
            f"an ingredient name is {INGREDIENT_MAX_CHARS + 1} characters",
        ),
        ([Ingredient("Rest", "y" * 2001)], "the action for 'Rest' is 2001 characters"),
        ([Ingredient("Re\x00st", "")], "an ingredient name holds the control character U\\+0000"),
        ([Ingredient("Rest\nmore", "")], "an ingredient name holds the control character U\\+000A"),
        ([Ingredient("Rest", "Sleep\x07")], "the action for 'Rest' holds the control character"),
        ([Ingredient("Rest", "a" + "\u0301" * 20_000)], "the action for 'Rest' holds 20001 code"),
    ],
)
def test_a_menu_breaking_a_rule_is_refused(
    items: list[Ingredient], message: str, content: KeynoteContent
) -> None:
    with pytest.raises((AnswerError, TextTooLongError, TextCharacterError), match=message):
        check_menu(items, content)


def test_names_and_actions_exactly_at_their_limits_are_accepted(content: KeynoteContent) -> None:
    limit = content.settings.limits.text_max_chars
    item = Ingredient("x" * INGREDIENT_MAX_CHARS, "y" * limit)
    assert check_menu([item], content) == (item,)


def test_every_default_ingredient_fits_an_attendees_menu(content: KeynoteContent) -> None:
    picked = [Ingredient(name, "") for name in content.menu.ingredients]
    for start in range(0, len(picked), content.menu.max_ingredients):
        chunk = picked[start : start + content.menu.max_ingredients]
        assert check_menu(chunk, content) == tuple(chunk)
