"""The balance wheel: rating rules and the profile computed from a person's ratings."""

from __future__ import annotations

import re
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from workshop.content.base import Scale
from workshop.content.exercises import BalanceContent, Category
from workshop.errors import AnswerError, RatingError

#: A typed score: ASCII digits with an optional sign (str.isdigit also admits '²', which int
#: refuses).
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


def check_rating(value: object, scale: Scale, category: str = "rating") -> int:
    """Return `value` as a score if it is a whole number on the scale, else raise `RatingError`."""
    if isinstance(value, bool):
        got = f"{value!r}"
    elif isinstance(value, int):
        if scale.min <= value <= scale.max:
            return value
        got = str(value)
    elif isinstance(value, float) and value.is_integer():
        return check_rating(int(value), scale, category)
    elif isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value.strip()):
        return check_rating(int(value.strip()), scale, category)
    else:
        got = repr(value)
    raise RatingError(
        f"{category} must be a whole number from {scale.min} to {scale.max}, not {got}"
    )


@dataclass(frozen=True)
class BalanceProfile:
    """What a complete set of ratings says about a person's balance."""

    scores: dict[str, int]
    mean: float
    spread: float
    lowest: tuple[str, ...]
    highest: tuple[str, ...]
    professional_mean: float | None
    personal_mean: float | None
    out_of_balance: tuple[str, ...]

    @property
    def all_equal(self) -> bool:
        """Every rated category has the same score: no highest or lowest to name."""
        return len(self.scores) > 1 and len(set(self.scores.values())) == 1

    @property
    def gap(self) -> float | None:
        """Professional average minus personal average, when both groups are rated."""
        if self.professional_mean is None or self.personal_mean is None:
            return None
        return self.professional_mean - self.personal_mean


def check_ratings(ratings: Mapping[str, object], content: BalanceContent) -> dict[str, int]:
    """Validate every rating against the scale and the known categories."""
    known = {c.id: c for c in content.categories}
    scores: dict[str, int] = {}
    for category_id, value in ratings.items():
        if category_id not in known:
            raise AnswerError(f"unknown balance category {category_id!r}")
        scores[category_id] = check_rating(value, content.scale, known[category_id].name)
    return scores


def profile(ratings: Mapping[str, object], content: BalanceContent) -> BalanceProfile | None:
    """The balance profile of the rated categories, or None before anything is rated.

    A category is out of balance when its score is at least ``rule.below_mean_by`` under the
    person's own mean, or under ``rule.floor`` when the content sets one.
    """
    scores = check_ratings(ratings, content)
    if not scores:
        return None
    ordered = [c.id for c in content.categories if c.id in scores]
    values = [scores[c] for c in ordered]
    mean = statistics.fmean(values)
    spread = statistics.pstdev(values)
    low, high = min(values), max(values)

    def group_mean(group: str) -> float | None:
        group_values = [
            scores[c.id] for c in content.categories if c.group == group and c.id in scores
        ]
        return statistics.fmean(group_values) if group_values else None

    rule = content.rule
    # Compared exactly: with 10 categories a mean of 4.3 minus 4 is 0.29999... in floats, which
    # would miss a trainer's "below_mean_by: 0.3".
    threshold = Fraction(repr(rule.below_mean_by))
    total, count = sum(values), len(values)
    out = tuple(
        c
        for c in ordered
        if Fraction(total - count * scores[c], count) >= threshold
        or (rule.floor is not None and scores[c] < rule.floor)
    )
    return BalanceProfile(
        scores={c: scores[c] for c in ordered},
        mean=mean,
        spread=spread,
        lowest=tuple(c for c in ordered if scores[c] == low),
        highest=tuple(c for c in ordered if scores[c] == high),
        professional_mean=group_mean("professional"),
        personal_mean=group_mean("personal"),
        out_of_balance=out,
    )


def finders_for(
    categories: tuple[str, ...], content: BalanceContent
) -> dict[Category, tuple[str, ...]]:
    """The balance finders offered for each of the given (out-of-balance) categories."""
    return {content.category(c): content.finders.get(c, ()) for c in categories}


def check_commitment(category_id: str, finder: str, content: BalanceContent) -> None:
    """Refuse a committed finder that the content does not offer for that category."""
    if finder not in content.finders.get(category_id, ()):
        raise AnswerError(f"{finder!r} is not a balance finder for category {category_id!r}")
