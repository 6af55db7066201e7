"""Plausible deniability for every score in the room's figures: randomized response.

Batches of k (`workshop.live.batches`) keep one person's answer from showing on its own, but
k-1 attendees working together (scripted ones, say) know their own answers: subtracting them
from a batch leaves the one real person's. So the room's rating figures never count a score as
given. Each (attendee, category) has a coin, drawn once when the score is first saved and kept
in the database: with chance p (`room.randomized_response`) the score counts as a random one
drawn uniformly from the scale, otherwise as given.

- The coin is drawn once and kept, so publishing again and again cannot average it away.
- A changed answer keeps its coin: a replaced score stays the same random score (changing it
  shows nothing), a kept one follows the new answer.
- What colluders can recover is the copy, which is the real score with chance 1 - p + p/n
  (n values on the scale): each recovered score is deniable.
- The person's own card and the export keep the real answers.

Pure functions; the store keeps the coins, `workshop.services.figures` applies them.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from workshop.content.base import Scale

#: A coin is two whole numbers below this: the toss (replaced when below p · SIDES) and the
#: draw (which value of the scale, if replaced). Whole numbers are stored the same way by every
#: database, where a float may not be.
SIDES = 1_000_000


@dataclass(frozen=True)
class Coin:
    toss: int
    draw: int


def new_coin() -> Coin:
    """A coin from the operating system's randomness: nobody can predict or replay it."""
    return Coin(secrets.randbelow(SIDES), secrets.randbelow(SIDES))


def replaced(coin: Coin, p: float) -> bool:
    return coin.toss < round(p * SIDES)


def copy_of(score: int, coin: Coin, p: float, scale: Scale) -> int:
    """What one score counts as in the room's figures."""
    if not replaced(coin, p):
        return score
    values = len(scale.values)
    return scale.min + coin.draw * values // SIDES


def kept_chance(p: float, scale: Scale) -> float:
    """The chance that a score's copy is the real score: 1 - p + p/n."""
    return 1 - p + p / len(scale.values)


#: From this many ratings of a category on, its figures are worked back for p. Below it,
#: working back adds more noise than it takes away (measured in `bench_randomized`: at 30
#: people the worked-back heatmap is further from the truth than the copies, at 50 closer),
#: so the copies are shown as they count.
WORK_BACK_FROM = 50


def shown_counts(counts: Sequence[int], p: float) -> list[int]:
    """How many the screens show at each value of one category (see `WORK_BACK_FROM`)."""
    if sum(counts) < WORK_BACK_FROM:
        return [int(c) for c in counts]
    return corrected_counts(counts, p)


def shown_moments(counts: Sequence[int], p: float, scale: Scale) -> tuple[float, float]:
    """The mean and spread the screens show for one category (see `WORK_BACK_FROM`)."""
    return corrected_moments(counts, p if sum(counts) >= WORK_BACK_FROM else 0.0, scale)


def corrected_counts(counts: Sequence[int], p: float) -> list[int]:
    """An estimate of how many rated each value, from the counts of copies (one category).

    Each count of copies expects (1 - p) · real + p · N / n, so the real count is estimated as
    (copies - p · N / n) / (1 - p). Counts stay honest: none below zero, and they add up to the
    N people who rated (whole people, shared out by largest remainder).
    """
    import numpy as np  # here, not at the top: an attendee's page never counts the room

    total = int(sum(counts))
    if p <= 0 or total == 0:
        return [int(c) for c in counts]
    raw = (np.asarray(counts, dtype=float) - p * total / len(counts)) / (1 - p)
    raw = np.clip(raw, 0, None)
    if raw.sum() <= 0:
        return [int(c) for c in counts]
    scaled = raw * total / raw.sum()
    whole = np.floor(scaled).astype(int)
    order = np.argsort(-(scaled - whole), kind="stable")
    for i in order[: total - int(whole.sum())]:
        whole[i] += 1
    return [int(n) for n in whole]


def corrected_moments(counts: Sequence[int], p: float, scale: Scale) -> tuple[float, float]:
    """An estimate of the real mean and spread (standard deviation), from the counts of
    copies: the copies' moments are (1 - p) times the real ones plus p times the uniform
    scale's, so the real ones are worked back, kept within the scale."""
    import numpy as np

    points = np.asarray(list(scale.values), dtype=float)
    weights = np.asarray(counts, dtype=float)
    total = weights.sum()
    mean = float(weights @ points / total)
    second = float(weights @ points**2 / total)
    if p > 0:
        mean = (mean - p * float(points.mean())) / (1 - p)
        second = (second - p * float((points**2).mean())) / (1 - p)
        mean = min(max(mean, float(points[0])), float(points[-1]))
    spread = max(second - mean**2, 0.0) ** 0.5
    return mean, spread
