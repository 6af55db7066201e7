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


@dataclass(frozen=True)
class Window:
    """At most `limit` tries in any `seconds`-long window."""

    limit: int
    seconds: float


class SlidingWindowLimiter:
    """Tries per key over a sliding window, counted as two fixed windows: the current one, and
    the previous one weighted by how much of it still overlaps the sliding window. A burst at a
    window's edge cannot double the limit (as two fixed windows would allow), and each key costs
    two counters however many tries it makes. The least recently used keys are forgotten past
    `max_keys` (a forgotten key starts afresh), so a flood of new keys cannot grow memory."""

    def __init__(
        self,
        window: Window,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 50_000,
    ) -> None:
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        #: key -> (start of its current fixed window, tries in it, tries in the one before)
        self._counts: OrderedDict[str, tuple[float, int, int]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count one try for `key`; False (and nothing counted) when the window is full."""
        now = self.clock()
        size = self.window.seconds
        with self._lock:
            start, current, previous = self._counts.pop(key, (now, 0, 0))
            elapsed = now - start
            if elapsed >= 2 * size:
                start, current, previous = now, 0, 0
            elif elapsed >= size:
                start, current, previous = start + size, 0, current
            overlap = 1 - (now - start) / size
            allowed = current + previous * overlap < self.window.limit
            self._counts[key] = (start, current + 1 if allowed else current, previous)
            while len(self._counts) > self.max_keys:
                self._counts.popitem(last=False)
        return allowed

    def __len__(self) -> int:
        return len(self._counts)
