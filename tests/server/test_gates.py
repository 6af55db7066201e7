"""A client's gate: the browser's window is tight, the address's sized for a venue, both
sliding; a refusal is logged with hashed keys, never with the code that was tried."""

from __future__ import annotations

import logging

import pytest

from workshop.live.limits import SlidingWindowLimiter, Window
from workshop.server.gates import BROWSER_TRIES, DEFAULT_ADDRESS_TRIES, Limits, short_hash


def test_one_browser_cannot_try_codes_at_speed() -> None:
    limits = Limits()
    gate = limits.gate("browser-1", "10.0.0.5")
    allowed = BROWSER_TRIES["resume"]
    assert [gate.allow("resume") for _ in range(allowed + 20)].count(True) == allowed
    # Another phone at another address is not held back by it.
    assert limits.gate("browser-2", "10.0.0.6").allow("resume")


def test_new_browsers_from_one_address_pay_the_addresses_window() -> None:
    limits = Limits()
    joined = [limits.gate(f"made-up-{i}", "192.168.1.1").allow("join") for i in range(200)]
    assert joined.count(True) == DEFAULT_ADDRESS_TRIES
    # A room whose phones share one address raises it (serve --address-limit).
    shared = Limits(address_tries=1000)
    assert all(shared.gate(f"phone-{i}", "192.168.1.1").allow("join") for i in range(1000))


@pytest.mark.parametrize(
    ("tries_at", "expected"),
    [
        ([0, 1, 2, 3], [True, True, True, False]),
        # Three at the end of one window, three at the start of the next: not six in a minute.
        ([59, 59, 59, 61, 61, 61], [True, True, True, False, False, False]),
        # A full window later, all allowed again.
        ([0, 0, 0, 121, 121, 121], [True] * 6),
        # Refused tries are not counted: one allowed as soon as the window slides.
        ([0, 0, 0, 0, 0, 70], [True, True, True, False, False, True]),
    ],
)
def test_the_window_slides(tries_at: list[float], expected: list[bool]) -> None:
    now = [0.0]
    limiter = SlidingWindowLimiter(Window(3, 60), clock=lambda: now[0])
    seen = []
    for at in tries_at:
        now[0] = at
        seen.append(limiter.allow("key"))
    assert seen == expected


def test_a_flood_of_keys_is_forgotten_oldest_first() -> None:
    limiter = SlidingWindowLimiter(Window(1, 60), max_keys=100)
    for i in range(1000):
        limiter.allow(f"key-{i}")
    assert len(limiter) == 100


def test_refusals_are_logged_without_codes(caplog: pytest.LogCaptureFixture) -> None:
    limits = Limits()
    gate = limits.gate("browser-secret-id", "10.0.0.9")
    with caplog.at_level(logging.WARNING, logger="workshop.server"):
        gate.refused("resume")
        while gate.allow("resume"):
            pass
    text = caplog.text
    assert "resume refused (unknown code)" in text
    assert "too many tries from this browser" in text
    assert short_hash("browser-secret-id") in text
    assert "browser-secret-id" not in text and "10.0.0.9" not in text
    assert limits.refusals >= 2
