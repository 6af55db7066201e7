"""One reader of the room per server process: the session's state, read once per tick and handed
to every page of this process that follows it.

With a thousand attendees in a process, a thousand pages polling the store every two seconds
would be five hundred reads a second for a state that changes a few times an hour. Here one read
per tick serves them all, and only a change reaches the pages.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from workshop.errors import WorkshopError
from workshop.live.session import LiveSession

TICK_S = 1.0

logger = logging.getLogger("workshop.server")

Listener = Callable[[LiveSession], None]
#: Runs a listener where its page lives (the page's kernel context); a closed page returns False.
Runner = Callable[[Listener, LiveSession], bool]


def run_here(listener: Listener, session: LiveSession) -> bool:
    listener(session)
    return True


@dataclass
class _Follower:
    listener: Listener
    runner: Runner


@dataclass
class RoomHub:
    """Reads each followed session once per tick; tells its followers when it changed."""

    read: Callable[[str], LiveSession | None]
    tick_s: float = TICK_S
    _followers: dict[str, list[_Follower]] = field(default_factory=dict)
    _last: dict[str, LiveSession] = field(default_factory=dict)

    def follow(
        self, code: str, listener: Listener, runner: Runner = run_here
    ) -> Callable[[], None]:
        """Call `listener` (through `runner`) with session `code` whenever it changes; returns
        the function that stops it."""
        follower = _Follower(listener, runner)
        self._followers.setdefault(code, []).append(follower)

        def stop() -> None:
            followers = self._followers.get(code, [])
            if follower in followers:
                followers.remove(follower)
            if not followers:
                self._followers.pop(code, None)
                self._last.pop(code, None)

        return stop

    @property
    def followers(self) -> int:
        return sum(len(f) for f in self._followers.values())

    def tick(self) -> int:
        """Read every followed session once; tell followers of those that changed. Returns how
        many listeners were told."""
        told = 0
        for code in list(self._followers):
            latest = self.read(code)
            if latest is None or self._last.get(code) == latest:
                continue
            self._last[code] = latest
            for follower in list(self._followers.get(code, [])):
                if not follower.runner(follower.listener, latest):
                    self._drop(code, follower)
                told += 1
        return told

    def _drop(self, code: str, follower: _Follower) -> None:
        followers = self._followers.get(code, [])
        if follower in followers:
            followers.remove(follower)

    async def run(self) -> None:
        """Tick until cancelled; a failed read is logged and tried again on the next tick."""
        while True:
            await asyncio.sleep(self.tick_s)
            try:
                self.tick()
            except (WorkshopError, OSError) as exc:
                logger.warning("could not read the room: %s", exc)
