"""A page's gate: the browser's bucket is tight, the address's loose, and a refusal is logged
with hashed keys, never with the code that was tried."""

from __future__ import annotations

import logging

import pytest

from workshop.server.gates import BROWSER_RATES, Limits, short_hash


def test_one_browser_cannot_try_codes_at_speed() -> None:
    limits = Limits()
    gate = limits.gate("browser-1", "10.0.0.5")
    burst = BROWSER_RATES["resume"].burst
    assert [gate.allow("resume") for _ in range(burst + 20)].count(True) == burst
    # Another phone behind the same venue address is not held back by it.
    assert limits.gate("browser-2", "10.0.0.5").allow("resume")


def test_a_room_behind_one_address_can_all_join() -> None:
    limits = Limits()
    joined = [limits.gate(f"phone-{i}", "192.168.1.1").allow("join") for i in range(1000)]
    assert all(joined)


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
