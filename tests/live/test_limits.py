"""Token buckets: a burst at once, then the refill rate, per key; forgotten keys start full."""

from __future__ import annotations

import pytest

from workshop.live.limits import Rate, RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("rate", "tries", "allowed"),
    [
        (Rate(60, 1), 3, 1),  # one at once, then one a second
        (Rate(60, 5), 8, 5),  # a burst of five
        (Rate(6, 3), 10, 3),  # joins from one browser
        (Rate(600, 200), 250, 200),  # resumes from one venue's address
    ],
)
def test_a_burst_then_nothing_at_the_same_instant(rate: Rate, tries: int, allowed: int) -> None:
    limiter = RateLimiter(rate, clock=Clock())
    assert [limiter.allow("phone") for _ in range(tries)].count(True) == allowed


def test_tokens_come_back_at_the_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(Rate(per_minute=60, burst=2), clock=clock)
    assert limiter.allow("a") and limiter.allow("a")
    assert not limiter.allow("a")
    clock.now += 0.5
    assert not limiter.allow("a")  # half a token
    clock.now += 0.5
    assert limiter.allow("a")
    clock.now += 3600
    assert [limiter.allow("a") for _ in range(5)] == [True, True, False, False, False]


def test_keys_are_independent() -> None:
    limiter = RateLimiter(Rate(60, 1), clock=Clock())
    assert limiter.allow("one")
    assert not limiter.allow("one")
    assert limiter.allow("two")


def test_a_refused_try_spends_nothing() -> None:
    clock = Clock()
    limiter = RateLimiter(Rate(60, 1), clock=clock)
    assert limiter.allow("a")
    for _ in range(100):
        assert not limiter.allow("a")
    clock.now += 1.0
    assert limiter.allow("a")  # hammering did not push the next token further away


def test_a_flood_of_new_keys_is_bounded() -> None:
    limiter = RateLimiter(Rate(60, 1), clock=Clock(), max_keys=100)
    for i in range(10_000):
        limiter.allow(f"key-{i}")
    assert len(limiter) == 100
    assert limiter.allow("key-0")  # forgotten, so it starts full again
