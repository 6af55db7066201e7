"""The room's one reader per process: one read per followed session per tick, changes only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from workshop.live.session import LiveSession
from workshop.server.hub import RoomHub

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def session(code: str = "K7QM3X", *steps: str) -> LiveSession:
    return LiveSession(
        code, "Do Over", T0, T0 + timedelta(hours=12), -1, None, True, frozenset(steps)
    )


class Room:
    """A store's `live_session`, counting reads."""

    def __init__(self) -> None:
        self.state = {"K7QM3X": session()}
        self.reads = 0

    def read(self, code: str) -> LiveSession | None:
        self.reads += 1
        return self.state.get(code)


def test_one_read_per_tick_serves_every_follower() -> None:
    room = Room()
    hub = RoomHub(room.read)
    seen: list[list[frozenset[str]]] = [[] for _ in range(500)]
    for i in range(500):
        hub.follow("K7QM3X", lambda s, i=i: seen[i].append(s.open_steps))
    assert hub.tick() == 500  # the first read is news to everyone
    assert room.reads == 1
    assert hub.tick() == 0  # nothing changed: nobody is told
    room.state["K7QM3X"] = session("K7QM3X", "balance")
    assert hub.tick() == 500
    assert room.reads == 3
    assert all(s == [frozenset(), frozenset({"balance"})] for s in seen)


def test_a_page_that_stops_following_is_told_nothing_more() -> None:
    room = Room()
    hub = RoomHub(room.read)
    told: list[LiveSession] = []
    stop = hub.follow("K7QM3X", told.append)
    hub.tick()
    stop()
    room.state["K7QM3X"] = session("K7QM3X", "menu")
    assert hub.tick() == 0
    assert len(told) == 1
    assert hub.followers == 0
    stop()  # stopping twice is harmless


def test_a_closed_page_is_forgotten_by_its_runner() -> None:
    room = Room()
    hub = RoomHub(room.read)
    hub.follow("K7QM3X", lambda _s: None, runner=lambda _listener, _s: False)
    hub.tick()
    assert hub.followers == 0


def test_nobody_following_means_no_reads() -> None:
    room = Room()
    hub = RoomHub(room.read)
    for _ in range(10):
        hub.tick()
    assert room.reads == 0


def test_a_session_that_is_gone_tells_nobody() -> None:
    room = Room()
    hub = RoomHub(room.read)
    told: list[LiveSession] = []
    hub.follow("GONE22", told.append)
    assert hub.tick() == 0
    assert told == []
