"""Resume codes: readable aloud, hard to guess, forgiving of how people type them."""

from __future__ import annotations

import math

import pytest

from workshop.codes import ALPHABET, BITS, LENGTH, display, new_code, normalise
from workshop.errors import ResumeCodeError, WorkshopError

LOOK_ALIKES = [
    ("0", "O"),
    ("1", "I"),
    ("1", "L"),
    ("I", "L"),
    ("U", "V"),
    ("0", "D"),
    ("2", "Z"),
    ("5", "S"),
    ("6", "G"),
    ("8", "B"),
]


@pytest.mark.parametrize(("one", "other"), LOOK_ALIKES)
def test_the_alphabet_never_holds_both_of_a_look_alike_pair(one: str, other: str) -> None:
    assert not (one in ALPHABET and other in ALPHABET)


@pytest.mark.parametrize("char", ["0", "O", "1", "I", "L"])
def test_the_most_confused_characters_are_left_out_entirely(char: str) -> None:
    assert char not in ALPHABET


def test_the_alphabet_is_upper_case_ascii_without_repeats() -> None:
    assert len(set(ALPHABET)) == len(ALPHABET)
    assert ALPHABET.isascii()
    assert ALPHABET.upper() == ALPHABET
    assert all(ch.isalnum() for ch in ALPHABET)


def test_codes_carry_at_least_30_bits() -> None:
    assert math.isclose(BITS, LENGTH * math.log2(len(ALPHABET)))
    assert BITS >= 30


def test_a_new_code_is_canonical() -> None:
    code = new_code()
    assert len(code) == LENGTH
    assert set(code) <= set(ALPHABET)
    assert normalise(code) == code
    assert normalise(display(code)) == code


def test_many_codes_are_unique() -> None:
    # 5000 codes out of 29**8: a clash would be a one-in-40000 event, or a broken generator.
    codes = [new_code() for _ in range(5000)]
    assert len(set(codes)) == len(codes)
    # every character of the alphabet turns up, in every position
    for position in range(LENGTH):
        assert {code[position] for code in codes} == set(ALPHABET)


def test_display_splits_the_code_in_two_groups_of_four() -> None:
    assert display("K7QM3XPA") == "K7QM-3XPA"


@pytest.mark.parametrize(
    "typed",
    [
        "K7QM3XPA",
        "k7qm3xpa",
        "K7QM-3XPA",
        "k7qm-3xpa",
        " K7QM 3XPA ",
        "K7 QM 3X PA",
        "K7QM_3XPA",
        "K7QM\t3XPA",
        "K7QM\u20133XPA",  # an en dash, as phones and slides turn '-' into
        "K7QM\u00a03XPA",  # a no-break space
        "\uff2b\uff17\uff31\uff2d\uff13\uff38\uff30\uff21",  # full-width
        "K7QM-3XPA\n",
    ],
)
def test_normalise_forgives_case_spaces_and_dashes(typed: str) -> None:
    assert normalise(typed) == "K7QM3XPA"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "a resume code has 8 characters (like K7QM-3XPA), not 0"),
        ("K7QM3XP", "a resume code has 8 characters (like K7QM-3XPA), not 7"),
        ("K7QM-3XPAA", "a resume code has 8 characters (like K7QM-3XPA), not 9"),
        ("K7QM3XP0", "a resume code never contains '0'; check the code"),
        ("KOQM3XPI", "a resume code never contains 'I', 'O'; check the code"),
        ("K7QM3XP!", "a resume code never contains '!'"),
        ("K7QM3XPÉ", "a resume code never contains 'É'"),
    ],
)
def test_normalise_refuses_what_cannot_be_a_code_saying_why(typed: str, message: str) -> None:
    with pytest.raises(ResumeCodeError) as caught:
        normalise(typed)
    assert str(caught.value).startswith(message)


def test_a_resume_code_error_is_a_workshop_error_and_a_lookup_error() -> None:
    with pytest.raises(WorkshopError):
        normalise("nope")
    with pytest.raises(LookupError):
        normalise("nope")


@pytest.mark.parametrize(("misread", "meant"), [("B", "8"), ("G", "6"), ("S", "5"), ("Z", "2")])
def test_a_letter_misread_for_its_look_alike_digit_still_finds_the_code(
    misread: str, meant: str
) -> None:
    code = meant * LENGTH
    assert normalise(misread * LENGTH) == code
    assert normalise(display(code).replace(meant, misread.lower())) == code
