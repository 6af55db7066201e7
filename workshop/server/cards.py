"""Making cards fairly: at most one render per attendee in flight, and a bounded queue.

A card is drawn in a bounded process of its own (`reports.card_render.render_in_subprocess`),
never in the server's. While one attendee's card is being made, their further clicks are
refused at once (not queued): one attendee cannot hold the queue. The queue itself is bounded,
so a crowd pressing at once gets "try again in a minute" rather than a wait without end; those
in it are served in turn, a few at a time.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import Literal, TypeVar

from workshop.errors import WorkshopError

T = TypeVar("T")
#: Cards drawn at once by one process (render_in_subprocess also holds a machine-wide slot).
DEFAULT_SLOTS = max(1, (os.cpu_count() or 1))
#: Cards that may wait for a slot, beyond those being drawn.
DEFAULT_WAITING = 32


class CardBusy(WorkshopError, RuntimeError):
    """No card now: this attendee's is already being made (`reason` "mine"), or the queue is
    full ("queue")."""

    def __init__(self, reason: Literal["mine", "queue"]) -> None:
        super().__init__(f"card refused: {reason}", reason=reason)


class CardQueue:
    def __init__(self, slots: int = DEFAULT_SLOTS, waiting: int = DEFAULT_WAITING) -> None:
        self.slots = slots
        self.waiting = waiting
        self.in_flight: set[str] = set()
        self._semaphore: asyncio.Semaphore | None = None
        self.refused = 0

    async def make(self, attendee_id: str, work: Callable[[], T]) -> T:
        """Run `work` (blocking: on a worker thread) for this attendee, in turn."""
        if attendee_id in self.in_flight:
            self.refused += 1
            raise CardBusy("mine")
        if len(self.in_flight) >= self.slots + self.waiting:
            self.refused += 1
            raise CardBusy("queue")
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.slots)
        self.in_flight.add(attendee_id)
        try:
            async with self._semaphore:
                return await asyncio.to_thread(work)
        finally:
            self.in_flight.discard(attendee_id)
