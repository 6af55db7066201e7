"""Personal codes: readable, forgiving to type, kept only as a hash, compared in constant time."""

from __future__ import annotations

import hashlib

import pytest

from workshop import codes
from workshop.coaching.access import (
    BITS,
    LENGTH,
    RepCodeError,
    code_matches,
    director_address,
    display_rep_code,
    new_rep_code,
    normalise_rep_code,
    rep_address,
    rep_code_hash,
)


def test_new_codes_are_long_readable_and_distinct() -> None:
    made = {new_rep_code() for _ in range(500)}
    assert len(made) == 500
    assert all(len(c) == LENGTH == 12 and set(c) <= set(codes.ALPHABET) for c in made)
    assert BITS > 55
    assert not set("01OILUVBGSZ") & set("".join(made))  # no look-alikes


@pytest.mark.parametrize(
    "typed",
    ["K7QM3XPA7TRD", "k7qm-3xpa-7trd", " K7QM 3XPA 7TRD\n", "K7QM\u20133XPA\u20137TRD"],
)
def test_a_typed_code_is_forgiven_its_case_spaces_and_dashes(typed: str) -> None:
    assert normalise_rep_code(typed) == "K7QM3XPA7TRD"
    assert display_rep_code("K7QM3XPA7TRD") == "K7QM-3XPA-7TRD"


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("K7QM-3XPA", "not 8"),
        ("K7QM-3XPA-7TRD-2", "not 13"),
        ("K7QM-3XPA-7TR!", "not !"),
        (None, "expected text"),
    ],
)
def test_a_malformed_code_is_refused_with_its_reason(typed: object, words: str) -> None:
    with pytest.raises(RepCodeError, match=words) as raised:
        normalise_rep_code(typed)
    assert raised.value.reason == "code_malformed"
    assert raised.value.values == {"length": LENGTH}
    assert isinstance(raised.value, LookupError)


def test_only_a_hash_is_kept_and_it_matches_the_code_as_typed() -> None:
    stored = rep_code_hash("K7QM3XPA7TRD")
    assert stored == hashlib.sha256(b"K7QM3XPA7TRD").hexdigest()
    assert "K7QM" not in stored
    assert code_matches("k7qm-3xpa-7trd", stored)
    assert not code_matches("K7QM3XPA7TRE", stored)


@pytest.mark.parametrize(
    ("room", "rep", "director"),
    [
        (
            "http://192.168.1.20:8000",
            "http://192.168.1.20:8000/rep",
            "http://192.168.1.20:8000/director",
        ),
        (
            "https://room.example/coach/",
            "https://room.example/coach/rep",
            "https://room.example/coach/director",
        ),
    ],
)
def test_a_rooms_address_gives_the_reps_and_the_directors_pages(
    room: str, rep: str, director: str
) -> None:
    assert rep_address(room) == rep
    assert director_address(room) == director


@pytest.mark.parametrize("room", ["room.local:8000", "http://h/?code=K7QM", "", None])
def test_an_address_that_is_not_a_rooms_is_refused_for_both_pages(room: object) -> None:
    for address in (rep_address, director_address):
        with pytest.raises(RepCodeError) as refused:
            address(room)
        assert refused.value.reason == "address_malformed"
