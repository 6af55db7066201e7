"""Randomized response, without a database: what a score counts as, and how the room's figures
are worked back from the copies."""

from __future__ import annotations

import random

import numpy as np
import pytest

from workshop.content.base import Scale
from workshop.live.randomized import (
    SIDES,
    Coin,
    copy_of,
    corrected_counts,
    corrected_moments,
    kept_chance,
    new_coin,
    replaced,
)

SCALE = Scale(1, 8, "low", "high")


def test_a_kept_coin_counts_the_score_as_given() -> None:
    coin = Coin(toss=SIDES - 1, draw=0)
    assert not replaced(coin, 0.25)
    assert [copy_of(s, coin, 0.25, SCALE) for s in SCALE.values] == list(SCALE.values)


def test_a_replaced_score_is_its_draw_whatever_the_answer() -> None:
    coin = Coin(toss=0, draw=SIDES // 2)
    assert replaced(coin, 0.25)
    assert {copy_of(s, coin, 0.25, SCALE) for s in SCALE.values} == {5}


def test_draws_cover_the_scale_evenly() -> None:
    width = SIDES // 8
    shown = [copy_of(1, Coin(0, d), 1.0, SCALE) for d in range(0, SIDES, width)]
    assert shown == list(SCALE.values)


@pytest.mark.parametrize("p", [0.0, 0.25, 0.5])
def test_the_chance_a_copy_is_the_real_score(p: float) -> None:
    rng = random.Random(3)
    trials = 40_000
    kept = sum(
        copy_of(s := rng.randint(1, 8), Coin(rng.randrange(SIDES), rng.randrange(SIDES)), p, SCALE)
        == s
        for _ in range(trials)
    )
    assert kept_chance(p, SCALE) == pytest.approx(1 - p + p / 8)
    assert kept / trials == pytest.approx(kept_chance(p, SCALE), abs=0.01)


def test_coins_come_from_the_systems_randomness() -> None:
    coins = {new_coin() for _ in range(200)}
    assert len(coins) == 200
    assert all(0 <= c.toss < SIDES and 0 <= c.draw < SIDES for c in coins)


@pytest.mark.parametrize(
    "counts", [[0, 0, 0, 0, 0, 0, 0, 30], [1, 0, 0, 0, 0, 0, 0, 0], [3, 9, 1, 0, 7, 2, 0, 8]]
)
def test_corrected_counts_are_whole_people_never_below_zero(counts: list[int]) -> None:
    fixed = corrected_counts(counts, 0.25)
    assert all(isinstance(n, int) and n >= 0 for n in fixed)
    assert sum(fixed) == sum(counts)


def test_without_randomness_nothing_is_corrected() -> None:
    counts = [3, 9, 1, 0, 7, 2, 0, 8]
    assert corrected_counts(counts, 0.0) == counts
    points = np.arange(1, 9)
    mean = float(np.average(points, weights=counts))
    spread = float(np.sqrt(np.average((points - mean) ** 2, weights=counts)))
    assert corrected_moments(counts, 0.0, SCALE) == pytest.approx((mean, spread))


def copies_of(truth: list[int], p: float, rng: random.Random) -> list[int]:
    counts = [0] * 8
    for score in truth:
        coin = Coin(rng.randrange(SIDES), rng.randrange(SIDES))
        counts[copy_of(score, coin, p, SCALE) - 1] += 1
    return counts


def test_a_big_rooms_figures_are_worked_back_close_to_the_truth() -> None:
    rng = random.Random(11)
    truth = [rng.choice([6, 7, 7, 8, 8, 8]) for _ in range(5000)]
    counts = copies_of(truth, 0.25, rng)
    real = [truth.count(v) for v in SCALE.values]
    raw_mean = float(np.average(np.arange(1, 9), weights=counts))
    mean, spread = corrected_moments(counts, 0.25, SCALE)
    assert abs(mean - np.mean(truth)) < 0.05 < abs(raw_mean - np.mean(truth))
    assert spread == pytest.approx(float(np.std(truth)), abs=0.08)
    fixed = corrected_counts(counts, 0.25)
    raw_error = sum(abs(a - b) for a, b in zip(counts, real, strict=True))
    fixed_error = sum(abs(a - b) for a, b in zip(fixed, real, strict=True))
    assert fixed_error < raw_error / 3


def test_a_worked_back_mean_stays_on_the_scale() -> None:
    # Every copy at the top: the worked-back mean would be past 8; it is kept at 8.
    mean, spread = corrected_moments([0, 0, 0, 0, 0, 0, 0, 10], 0.25, SCALE)
    assert mean == 8.0
    assert spread >= 0.0
