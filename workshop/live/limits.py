"""How often one client may try something: token buckets, one per key, on an injected clock.

A live room is open to anyone on the venue's network, so joining and resuming are rate-limited
per client: a resume code cannot be guessed at speed, and a script cannot make attendees by the
thousand. Pure logic; the server decides what a key is (a browser's cookie, an address).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    """At most `burst` at once, refilled at `per_minute`."""

    per_minute: float
    burst: int


class RateLimiter:
    """Token buckets by key. The least recently used keys are forgotten past `max_keys`, so a
    flood of new keys cannot grow memory without bound (a forgotten key starts full again)."""

    def __init__(
        self,
        rate: Rate,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 50_000,
    ) -> None:
        self.rate = rate
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Take one token for `key`; False (and nothing taken) when its bucket is empty."""
        now = self.clock()
        with self._lock:
            tokens, updated = self._buckets.pop(key, (float(self.rate.burst), now))
            tokens = min(self.rate.burst, tokens + (now - updated) * self.rate.per_minute / 60)
            allowed = tokens >= 1
            self._buckets[key] = (tokens - 1 if allowed else tokens, now)
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        return allowed

    def __len__(self) -> int:
        return len(self._buckets)
