"""The room's state, pushed to every phone of this process as Server-Sent Events.

One follower of the process's `RoomHub` (one read of the session per tick, whatever the number
of phones) turns the session into one short message: the step the facilitator is on, the steps
open, and the words a phone shows when it changes. Each phone's stream is a small coroutine
that waits for the next message, so a connected phone costs the server a few kilobytes: no
read, no state of its own. A phone that loses its stream (a restart, a phone asleep) reconnects
by itself and is sent the current message first.

The message (``data:`` one JSON object per event)::

    {"key": "balance|do_over,balance", "step": "balance", "open": ["do_over", "balance"],
     "ended": false, "news": "The facilitator opened 2 · Balance.", "go": "Go to 2 · Balance"}
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from datetime import datetime

from workshop.content.live import LiveContent
from workshop.live.session import LiveSession, current_step
from workshop.server.hub import RoomHub
from workshop.services.live_session import utcnow

#: A comment line this often keeps idle connections (and the proxies on the way) open.
KEEPALIVE_S = 25.0
#: How soon a browser reconnects after losing the stream, in ms.
RETRY_MS = 2000


def room_key(session: LiveSession, live: LiveContent) -> str:
    """What a page compares to know the room moved: the current step and the open ones."""
    step = current_step(session, live) or ""
    ended = "|ended" if session.ended_at is not None else ""
    return f"{step}|{','.join(s.id for s in live.steps if session.is_open(s.id))}{ended}"


def message(session: LiveSession, live: LiveContent, now: datetime) -> bytes:
    step = current_step(session, live)
    name = live.step_label(step) if step else ""
    body = {
        "key": room_key(session, live),
        "step": step,
        "open": [s.id for s in live.steps if session.is_open(s.id)],
        "ended": now >= session.expires_at,
        "news": live.label("new_step", step=name) if step else "",
        "go": live.label("go_to_step", step=name) if step else "",
    }
    if session.ended_at is not None:
        # The end of the workshop: every phone is told, and pointed at its card.
        body["news"] = live.label("workshop_ended")
        body["go"] = live.label("go_to_step", step=live.step_label("card"))
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n".encode()


class RoomEvents:
    """The latest message, and a signal to every stream of this process when it changes."""

    def __init__(
        self,
        hub: RoomHub,
        session_code: str,
        live: LiveContent,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.hub = hub
        self.session_code = session_code
        self.live = live
        self.clock = clock
        self.latest: bytes | None = None
        self.session: LiveSession | None = None
        self.streams = 0
        self._changed: asyncio.Event | None = None
        self._stop: Callable[[], None] | None = None

    def start(self) -> None:
        """Follow the room (on the server's event loop)."""
        self._changed = asyncio.Event()
        if self._stop is None:
            # The hub tells followers of changes only: the room as it is now is read once here.
            current = self.hub.read(self.session_code)
            if current is not None:
                self.update(current)
            self._stop = self.hub.follow(self.session_code, self.update)

    def stop(self) -> None:
        if self._stop is not None:
            self._stop()
            self._stop = None

    def update(self, session: LiveSession) -> None:
        """The hub read a changed session: tell every stream."""
        self.session = session
        latest = message(session, self.live, self.clock())
        if latest == self.latest:
            return
        self.latest = latest
        if self._changed is not None:
            changed, self._changed = self._changed, asyncio.Event()
            changed.set()

    async def stream(self, first: bytes) -> AsyncIterator[bytes]:
        """One phone's stream: the room as it is now, then each change, until it goes."""
        self.streams += 1
        try:
            yield f"retry: {RETRY_MS}\n\n".encode() + (self.latest or first)
            sent = self.latest or first
            while True:
                changed = self._changed
                if changed is None:  # not started (a test's app without its lifespan)
                    return
                try:
                    await asyncio.wait_for(changed.wait(), KEEPALIVE_S)
                except TimeoutError:
                    yield b": still here\n\n"
                    continue
                if self.latest is not None and self.latest != sent:
                    sent = self.latest
                    yield sent
        finally:
            self.streams -= 1
