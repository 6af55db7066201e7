"""Refusals counted, not logged one by one."""

from __future__ import annotations

from workshop.server.tally import Tally


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_flood_is_one_line_a_minute_with_its_count() -> None:
    clock, said = Clock(), []
    tally = Tally(period_s=60, clock=clock, log=said.append)
    for n in range(1000):
        clock.now = n * 0.1  # 1,000 refusals in 100 s
        tally.count("websockets refused: not a signed-in facilitator")
    assert said == [
        "websockets refused: not a signed-in facilitator (1)",
        "websockets refused: not a signed-in facilitator: 600 in the last 60 s",
    ]
    clock.now = 161
    tally.flush()
    assert said[-1] == "websockets refused: not a signed-in facilitator: 399 in the last 101 s"
    assert tally.total("websockets refused: not a signed-in facilitator") == 1000


def test_kinds_are_counted_apart_and_a_stopped_flood_is_still_said() -> None:
    clock, said = Clock(), []
    tally = Tally(period_s=60, clock=clock, log=said.append)
    for _ in range(3):
        tally.count("a")
        tally.count("b")
    clock.now = 30
    tally.flush()
    assert said == ["a (1)", "b (1)"]  # within the minute: nothing more yet
    tally.flush(now_or_never=True)
    assert said[2:] == ["a: 2 in the last 30 s", "b: 2 in the last 30 s"]
    tally.flush(now_or_never=True)
    assert len(said) == 4
