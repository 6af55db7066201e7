"""Refusals counted, not logged one by one: a flood says how big it was, once a minute.

A script can open a thousand websockets a minute, or try a thousand sign-ins; a line for each
would bury the facilitator's terminal and grow the log without bound. The first refusal of a
kind is logged at once (so a problem shows while it starts); later ones are counted, and the
count is logged when a minute has passed since the last line of that kind.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger("workshop.server")

#: Seconds between two lines about one kind of refusal.
PERIOD_S = 60.0


@dataclass
class _Kind:
    said_at: float
    unsaid: int = 0
    total: int = 0


@dataclass
class Tally:
    """Counts of refused things, by what was refused and why."""

    period_s: float = PERIOD_S
    clock: Callable[[], float] = time.monotonic
    log: Callable[[str], None] = logger.warning
    _kinds: dict[str, _Kind] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, what: str) -> None:
        """One more `what` (e.g. "websockets refused: not signed in")."""
        now = self.clock()
        with self._lock:
            kind = self._kinds.get(what)
            if kind is None:
                self._kinds[what] = _Kind(said_at=now, total=1)
                line = f"{what} (1)"
            else:
                kind.unsaid += 1
                kind.total += 1
                if now - kind.said_at < self.period_s:
                    return
                line = f"{what}: {kind.unsaid} in the last {now - kind.said_at:.0f} s"
                kind.said_at, kind.unsaid = now, 0
        self.log(line)

    def flush(self, *, now_or_never: bool = False) -> None:
        """Say what was counted and not yet said, for each kind last said a period ago (or, at
        shutdown, `now_or_never`, every kind): a flood that stopped is still counted."""
        now = self.clock()
        lines = []
        with self._lock:
            for what, kind in self._kinds.items():
                if kind.unsaid and (now_or_never or now - kind.said_at >= self.period_s):
                    lines.append(f"{what}: {kind.unsaid} in the last {now - kind.said_at:.0f} s")
                    kind.said_at, kind.unsaid = now, 0
        for line in lines:
            self.log(line)

    def total(self, what: str) -> int:
        with self._lock:
            kind = self._kinds.get(what)
            return kind.total if kind else 0
