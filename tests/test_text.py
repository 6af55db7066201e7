"""Text limits that cannot be bypassed: graphemes, code-point and byte caps, control characters."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop import text
from workshop.errors import TextCharacterError, TextTooLongError
from workshop.text import (
    BYTES_PER_CHARACTER,
    CODE_POINTS_PER_CHARACTER,
    byte_cap,
    check_name,
    check_text,
    code_point_cap,
    text_length,
)

ZALGO = "a" + "\u0301" * 200_000
ZWJ_CHAIN = "\N{MAN}" + "\u200d\N{MAN}" * 5_000
TAG_FLOOD = "\N{WAVING BLACK FLAG}" + "\U000e0067" * 50_000 + "\U000e007f"
FAMILY = "\N{MAN}\u200d\N{WOMAN}\u200d\N{GIRL}\u200d\N{BOY}"


@pytest.mark.parametrize(
    ("text", "length"),
    [
        (ZALGO, 1),
        (ZWJ_CHAIN, 1),
        (TAG_FLOOD, 1),
        ("क्षत्रिय", 3),  # Devanagari conjuncts are one character each (Unicode 15.1)
        ("שָׁלוֹם", 4),  # Hebrew with points: each letter and its marks once
        ("مرحبا", 5),
        ("Ωμέγα", 5),
        ("Привет", 6),
        ("家族", 2),
        ("\u2028", 1),
    ],
)
def test_floods_count_as_what_a_person_sees(text: str, length: int) -> None:
    assert text_length(text) == length


@pytest.mark.parametrize(
    ("text", "limit", "reason"),
    [
        (ZALGO, 2000, "too_complex"),
        (ZWJ_CHAIN, 2000, "too_complex"),
        (TAG_FLOOD, 2000, "too_complex"),
        ("a" + "\u0301" * 4, 1, "too_complex"),  # one character, five code points
        ("€" * 3, 1, "too_long"),
        ("x" * 100_001, 2000, "too_long"),  # over the cap, but what a person sees is length
        (FAMILY * 2000, 2000, "too_complex"),  # 2000 characters, 14,000 code points
        ("\U0001f600\ufe0f" * 2000 + "a", 2000, "too_long"),
        ("\U0001f600\ufe0f" * 1000, 200, "too_long"),
    ],
)
def test_over_a_cap_is_refused_with_its_own_reason(text: str, limit: int, reason: str) -> None:
    with pytest.raises(TextTooLongError) as caught:
        check_text(text, limit, "your answer")
    assert caught.value.reason == reason
    if reason == "too_complex":
        message = str(caught.value)
        assert f"at most {code_point_cap(limit)} code points and {byte_cap(limit)} bytes" in message
        assert "Nothing was cut." in message
        assert caught.value.values["max_code_points"] == limit * CODE_POINTS_PER_CHARACTER


@pytest.mark.parametrize(
    "text",
    [
        "a\u0301" * 1000 + "e\u0301\u0302" * 1000,  # accented Latin, Vietnamese-style stacks
        "क्षत्रिय " * 250,
        "家族と過ごす時間" * 250,  # 2000 CJK characters: 6000 bytes
        "\N{THUMBS UP SIGN}\N{EMOJI MODIFIER FITZPATRICK TYPE-4}" * 2000,  # 8 bytes each
        FAMILY * 500,
    ],
    ids=["latin marks", "devanagari", "cjk", "skin tones", "families"],
)
def test_real_writing_at_the_limit_fits_the_caps(text: str) -> None:
    assert text_length(text) <= 2000
    assert check_text(text, 2000, "your answer") is text


def test_the_byte_cap_holds_on_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    assert byte_cap(10) == 10 * BYTES_PER_CHARACTER
    # With the code-point cap out of the way, 4 characters of 72 bytes are still refused
    # for a limit of 4 (64 bytes): 2 emoji each, and 20 accents on the last one.
    monkeypatch.setattr(text, "CODE_POINTS_PER_CHARACTER", 100)
    with pytest.raises(TextTooLongError) as caught:
        check_text("\U0001f600\U0001f3fd" * 4 + "\u0301" * 20, 4, "x")  # 72 bytes, 4 chars
    assert caught.value.reason == "too_complex"
    assert caught.value.values["bytes"] == 72


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("before\x00after", "U+0000"),
        ("bell\x07", "U+0007"),
        ("\x1b[31mred", "U+001B"),
        ("del\x7f", "U+007F"),
        ("c1\x85", "U+0085"),
        ("lone \ud800 surrogate", "U+D800"),
    ],
)
def test_control_characters_are_refused_in_free_text(text: str, code: str) -> None:
    with pytest.raises(TextCharacterError) as caught:
        check_text(text, 2000, "your answer")
    assert caught.value.reason == "control_character"
    assert caught.value.values == {"name": code}
    assert f"your answer holds the control character {code}" in str(caught.value)
    assert "Nothing was cut." in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "tab\tand\nlines\r\n",
        "line\u2028separator",
        "mixed \u2067\u05e2\u05d1\u05e8\u05d9\u05ea\u2069 text",
        "zw\u200dj",
    ],
)
def test_free_text_keeps_tabs_line_breaks_and_bidi_controls(text: str) -> None:
    assert check_text(text, 2000, "your answer") is text


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Dana\x00", "U+0000"),
        ("Dana\tLee", "U+0009"),
        ("Dana\nLee", "U+000A"),
        ("Dana\u2028Lee", "U+2028"),
        ("Dana\u2029", "U+2029"),
        ("exe.\u202egnp", "U+202E"),
        ("\u2066Dana", "U+2066"),
    ],
)
def test_names_refuse_every_control(name: str, code: str) -> None:
    with pytest.raises(TextCharacterError) as caught:
        check_name(name, 80, "the name")
    assert caught.value.values == {"name": code}
    # A name may not hold a line break, so the refusal does not offer one.
    assert "expected letters, marks and spaces only" in str(caught.value)
    assert "line break" not in str(caught.value)


def test_free_text_refusals_say_line_breaks_are_fine() -> None:
    with pytest.raises(TextCharacterError) as caught:
        check_text("bell\x07", 2000, "your answer")
    assert "expected letters, marks, spaces and line breaks only" in str(caught.value)


@pytest.mark.parametrize("name", ["Begoña", "José María", "👩🏽‍💻 Dana", "زهرة", "דנה", "小林"])
def test_names_in_any_script_are_kept(name: str) -> None:
    assert check_name(name, 80, "the name") is name


def test_a_name_over_the_cap_is_refused_before_it_is_scanned() -> None:
    with pytest.raises(TextTooLongError) as caught:
        check_name("a" + "\u0301" * 50_000 + "\x00", 40, "the nickname")
    assert caught.value.reason == "too_complex"


MARKS = st.characters(min_codepoint=0x300, max_codepoint=0x36F)
JOINERS = st.sampled_from(["\u200d", "\u200c", "\ufe0f", "\U0001f3fd"])
TAGS = st.characters(min_codepoint=0xE0020, max_codepoint=0xE007F)
LETTERS = st.sampled_from(
    ["a", "é", "Ω", "Ж", "ש", "ع", "क", "्", "家", "한", "\U0001f469", "\U0001f1f3", "\n", " "]
)
ANY_TEXT = st.text(st.one_of(LETTERS, MARKS, JOINERS, TAGS, st.characters()), max_size=400)


@settings(max_examples=200, deadline=None)
@given(text=ANY_TEXT, limit=st.integers(min_value=1, max_value=60))
def test_nothing_over_a_cap_is_ever_accepted(text: str, limit: int) -> None:
    try:
        kept = check_text(text, limit, "your answer")
    except (TextTooLongError, TextCharacterError):
        return
    assert kept is text
    assert text_length(text) <= limit
    assert len(text) <= code_point_cap(limit)
    assert len(text.encode("utf-8")) <= byte_cap(limit)
