"""Balance wheel rules: what a rating may be, and when a category is out of balance."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from workshop.content.base import Scale
from workshop.content.exercises import BalanceContent, BalanceRule, Category
from workshop.content.keynote import KeynoteContent
from workshop.errors import AnswerError, RatingError, WorkshopError
from workshop.keynote.balance import check_commitment, check_rating, finders_for, profile

SCALE = Scale(1, 8, "Needs attention", "Thriving")


@pytest.mark.parametrize("value", range(1, 9))
def test_every_whole_number_on_the_scale_is_a_rating(value: int) -> None:
    assert check_rating(value, SCALE) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5", 5),
        (" 7 ", 7),
        ("+3", 3),
        (8.0, 8),
        (1.0, 1),
    ],
)
def test_typed_and_whole_float_ratings_are_accepted(value: object, expected: int) -> None:
    assert check_rating(value, SCALE) == expected


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "not 0"),
        (9, "not 9"),
        (-1, "not -1"),
        (2.5, "not 2.5"),
        ("x", "not 'x'"),
        ("", "not ''"),
        ("2.5", "not '2.5'"),
        ("+-5", "not '+-5'"),
        ("²", "not '²'"),  # str.isdigit() is true for it, int() is not
        (True, "not True"),
        (False, "not False"),
        (None, "not None"),
        (math.nan, "not nan"),
        (math.inf, "not inf"),
        ([5], "not [5]"),
    ],
)
def test_anything_else_is_refused_naming_the_scale_and_the_value(value: object, shown: str) -> None:
    with pytest.raises(RatingError) as caught:
        check_rating(value, SCALE, "Health and fitness")
    message = str(caught.value)
    assert message.startswith("Health and fitness must be a whole number from 1 to 8")
    assert message.endswith(shown)


def test_a_rating_error_is_a_workshop_error_and_a_value_error() -> None:
    with pytest.raises(WorkshopError):
        check_rating(0, SCALE)
    with pytest.raises(ValueError):
        check_rating(0, SCALE)


def test_the_scale_comes_from_the_content_not_a_constant() -> None:
    wide = Scale(0, 10, "", "")
    assert check_rating(0, wide) == 0
    assert check_rating(10, wide) == 10
    with pytest.raises(RatingError, match="from 0 to 10"):
        check_rating(11, wide)


# --- the profile: a small wheel whose numbers are easy to check by hand

CATEGORIES = (
    Category("career", "Career", "professional", ""),
    Category("money", "Money", "professional", ""),
    Category("health", "Health", "personal", ""),
    Category("family", "Family", "personal", ""),
)


def wheel(below_mean_by: float = 2.0, floor: int | None = None, n: int = 4) -> BalanceContent:
    categories = CATEGORIES
    if n != 4:
        categories = tuple(
            Category(f"c{i}", f"C{i}", "professional" if i % 2 else "personal", "")
            for i in range(n)
        )
    return BalanceContent(
        title="",
        intro="",
        scale=SCALE,
        rule=BalanceRule(below_mean_by, floor),
        group_names={"professional": "Professional", "personal": "Personal"},
        categories=categories,
        finders_intro="",
        finders={"health": ("Walk", "Sleep", "Water")},
    )


def scores(*values: int) -> dict[str, int]:
    return dict(zip(("career", "money", "health", "family"), values, strict=False))


@pytest.mark.parametrize(
    ("ratings", "below_mean_by", "floor", "out"),
    [
        # mean 5: nothing stands out
        (scores(5, 5, 5, 5), 2, None, ()),
        # "at least 2 below": exactly 2 below counts, 1.75 below does not
        (scores(8, 6, 6, 4), 2, None, ("family",)),  # mean 6
        (scores(8, 6, 6, 5), 2, None, ()),  # mean 6.25
        (scores(7, 7, 7, 5), 2, None, ()),  # mean 6.5
        (scores(8, 8, 8, 2), 2, None, ("family",)),
        (scores(7, 7, 4, 8), 2, None, ("health",)),  # mean 6.5, 4 is 2.5 below
        (scores(6, 6, 6, 4), 1.5, None, ("family",)),  # mean 5.5, exactly 1.5 below
        (scores(6, 6, 6, 5), 1.5, None, ()),  # mean 5.75, 0.75 below
        (scores(8, 8, 7, 7), 0.5, None, ("health", "family")),  # exactly 0.5 below
        # floor: under it is out even when close to the mean; at the floor is not
        (scores(2, 2, 2, 2), 2, 3, ("career", "money", "health", "family")),
        (scores(3, 3, 3, 3), 2, 3, ()),
        (scores(4, 4, 2, 4), 5, 3, ("health",)),
        (scores(8, 8, 8, 1), 2, 3, ("family",)),  # both rules agree: listed once
    ],
)
def test_out_of_balance_rule(
    ratings: dict[str, int], below_mean_by: float, floor: int | None, out: tuple[str, ...]
) -> None:
    result = profile(ratings, wheel(below_mean_by, floor))
    assert result is not None
    assert result.out_of_balance == out


def test_the_rule_is_exact_for_decimal_distances() -> None:
    # Ten categories, mean 4.3: one rated 4 is 0.3 below. In floats 4.3 - 4 < 0.3.
    content = wheel(below_mean_by=0.3, n=10)
    ratings = {f"c{i}": 4 for i in range(7)} | {"c7": 5, "c8": 5, "c9": 5}
    result = profile(ratings, content)
    assert result is not None
    assert math.isclose(result.mean, 4.3)
    assert result.out_of_balance == tuple(f"c{i}" for i in range(7))


@pytest.mark.parametrize(
    ("ratings", "mean", "spread", "lowest", "highest", "professional", "personal"),
    [
        (scores(5, 5, 5, 5), 5.0, 0.0, ("career", "money", "health", "family"), None, 5.0, 5.0),
        (scores(8, 6, 2, 4), 5.0, math.sqrt(5), ("health",), ("career",), 7.0, 3.0),
        (scores(1, 8, 1, 8), 4.5, 3.5, ("career", "health"), ("money", "family"), 4.5, 4.5),
        # partly rated: only what is rated counts, and an unrated group has no mean
        (scores(6, 4), 5.0, 1.0, ("money",), ("career",), 5.0, None),
    ],
)
def test_profile_figures(
    ratings: dict[str, int],
    mean: float,
    spread: float,
    lowest: tuple[str, ...],
    highest: tuple[str, ...] | None,
    professional: float | None,
    personal: float | None,
) -> None:
    result = profile(ratings, wheel())
    assert result is not None
    assert result.mean == pytest.approx(mean)
    assert result.spread == pytest.approx(spread)
    assert result.lowest == lowest
    assert result.highest == (highest if highest is not None else lowest)
    assert result.professional_mean == professional
    assert result.personal_mean == personal
    if professional is not None and personal is not None:
        assert result.gap == pytest.approx(professional - personal)
    else:
        assert result.gap is None


def test_scores_are_kept_in_the_content_order_whatever_order_they_came_in() -> None:
    result = profile({"family": "3", "career": 7}, wheel())
    assert result is not None
    assert list(result.scores) == ["career", "family"]
    assert result.scores == {"career": 7, "family": 3}


def test_no_ratings_yet_means_no_profile() -> None:
    assert profile({}, wheel()) is None


def test_a_category_the_content_does_not_have_is_refused() -> None:
    with pytest.raises(AnswerError, match="unknown balance category 'carrer'"):
        profile({"carrer": 5}, wheel())


def test_a_bad_rating_in_a_profile_names_the_category() -> None:
    with pytest.raises(RatingError, match=r"^Family must be a whole number"):
        profile(scores(5, 5, 5, 9), wheel())


def test_finders_and_commitments_follow_the_content(content: KeynoteContent) -> None:
    balance = content.balance
    offered = finders_for(("health",), balance)
    assert list(offered) == [balance.category("health")]
    assert len(offered[balance.category("health")]) >= 3
    first = offered[balance.category("health")][0]
    check_commitment("health", first, balance)
    with pytest.raises(AnswerError, match="is not a balance finder for category 'family'"):
        check_commitment("family", first, balance)


def test_the_default_content_uses_the_keynote_scale_and_rule(content: KeynoteContent) -> None:
    balance = content.balance
    assert (balance.scale.min, balance.scale.max) == (1, 8)
    assert len(balance.categories) == 8
    low_career = {c.id: 6 for c in balance.categories} | {"career": 2}
    result = profile(low_career, balance)
    assert result is not None
    assert result.out_of_balance == ("career",)
    no_floor = replace(balance, rule=BalanceRule(balance.rule.below_mean_by, None))
    result = profile({c.id: 2 for c in balance.categories}, no_floor)
    assert result is not None
    assert result.out_of_balance == ()
