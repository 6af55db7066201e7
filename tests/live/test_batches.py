"""The publishing rule of the room's figures and the wall's grouping rule, as tables."""

from __future__ import annotations

import pytest

from workshop.live.batches import changed, next_batch
from workshop.live.wall import WallEntry, group_wall, wall_key

A, B, C, D, E, F = "abcdef"


@pytest.mark.parametrize(
    ("published", "current", "differ"),
    [
        ({}, {}, set()),
        ({A: 3}, {A: 3}, set()),
        ({}, {A: 3}, {A}),  # a newcomer
        ({A: 3}, {A: 4}, {A}),  # a changed answer
        ({A: 3}, {}, {A}),  # an answer taken back
        ({A: 3, B: 5}, {A: 3, B: 6, C: 1}, {B, C}),
        ({A: (("x", "y"),)}, {A: (("x", "y"),)}, set()),  # picks compare as values
        ({A: (("x", "y"),)}, {A: (("x", "z"),)}, {A}),
    ],
)
def test_who_differs_from_what_was_published(
    published: dict[str, object], current: dict[str, object], differ: set[str]
) -> None:
    assert changed(published, current) == differ  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("published", "current", "k", "publishes", "waiting"),
    [
        # Nothing until k people have answered.
        ({}, {A: 1}, 5, False, 1),
        ({}, {A: 1, B: 2, C: 3, D: 4}, 5, False, 4),
        ({}, {A: 1, B: 2, C: 3, D: 4, E: 5}, 5, True, 0),
        # One newcomer after a batch: held back, however often the screen refreshes.
        ({A: 1, B: 2, C: 3, D: 4, E: 5}, {A: 1, B: 2, C: 3, D: 4, E: 5, F: 8}, 5, False, 1),
        # One person changing their answer is held back too.
        ({A: 1, B: 2, C: 3, D: 4, E: 5}, {A: 8, B: 2, C: 3, D: 4, E: 5}, 5, False, 1),
        # Changes, newcomers and answers taken back add up to a batch.
        (
            {A: 1, B: 2, C: 3, D: 4, E: 5},
            {A: 8, B: 8, D: 4, E: 5, F: 1, "g": 2},
            5,
            True,
            0,
        ),
        # k = 1 (a rehearsal alone) publishes every change; k = 0 is treated as 1.
        ({}, {A: 1}, 1, True, 0),
        ({A: 1}, {A: 1}, 0, False, 0),
    ],
)
def test_a_figure_publishes_only_a_batch_of_at_least_k_people(
    published: dict[str, int], current: dict[str, int], k: int, publishes: bool, waiting: int
) -> None:
    batch = next_batch(published, current, k)
    assert batch.published is publishes
    assert batch.waiting == waiting
    assert batch.shown == (current if publishes else published)


def entry(n: int, body: str, *, hidden: bool = False, kind: str = "mantra") -> WallEntry:
    return WallEntry(n, kind, body, f"2026-12-02T10:{n:02d}:00+00:00", hidden)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Think positive, take action!", "think positive,  TAKE action!", True),
        ("  Think positive, take action! ", "Think positive, take action!", True),
        ("Think\tpositive,\ntake action!", "Think positive, take action!", True),
        ("Café", "Cafe\u0301", True),  # one accent, typed two ways
        ("Straße", "STRASSE", True),  # case folding, not lower-casing
        # The punctuation that opens or closes an entry says nothing of its own (issue 20).
        ("Think positive, take action!", "Think positive, take action", True),
        ("One thing at a time.", "One thing at a time", True),
        ("One thing at a time...", "“One thing at a time”", True),
        ("¡Piensa en positivo!", "piensa en positivo", True),
        # Inside an entry it counts; an entry of punctuation alone is still an entry.
        ("Think positive, take action!", "Think positive take action!", False),
        ("!!!", "!!!", True),
        ("!!!", "?", False),
    ],
)
def test_entries_are_the_same_when_only_case_spacing_and_framing_punctuation_differ(
    a: str, b: str, same: bool
) -> None:
    assert (wall_key(a) == wall_key(b)) is same


@pytest.mark.parametrize(
    ("entries", "groups"),
    [
        ([], []),
        (
            [
                entry(1, "think positive, take action!"),
                entry(2, "Think positive, take action!"),
                entry(3, "One thing at a time."),
                entry(4, "Think positive, take action!"),
                entry(5, "THINK POSITIVE, TAKE ACTION!"),
            ],
            [("Think positive, take action!", 4), ("One thing at a time.", 1)],
        ),
        # Hidden entries are not counted; a group of hidden entries is not shown at all.
        (
            [
                entry(1, "Rest", kind="ingredient"),
                entry(2, "rest", hidden=True, kind="ingredient"),
                entry(3, "Spam spam", hidden=True),
            ],
            [("Rest", 1)],
        ),
        # Equal counts: the group shared first comes first; a tie of spellings, the earliest.
        (
            [entry(1, "b"), entry(2, "a"), entry(3, "A"), entry(4, "B")],
            [("b", 2), ("a", 2)],
        ),
        # Blank entries never show.
        ([entry(1, "   ")], []),
    ],
)
def test_the_wall_groups_and_counts_identical_entries(
    entries: list[WallEntry], groups: list[tuple[str, int]]
) -> None:
    assert [(g.body, g.count) for g in group_wall(entries)] == groups
