"""One room served by one or several processes, exercised through its front door: simulated
phones join on the plain pages and follow the room's event stream, the facilitator's remote (a
Solara page, spoken to with its real protocol, `benchmarks._page_client`) counts them, and opens
and locks a step that must reach every phone.

Shared by the tests of several processes (which check that everything arrives) and by
`bench_workers` (which times how fast).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field
from typing import Any

from benchmarks._page_client import PageClient, http_client

STEP = "balance"
#: How long a page may take to show what the remote did before the run fails.
ARRIVES_WITHIN_S = 30.0


@dataclass(frozen=True)
class Shared:
    #: Every server process an attendee's requests reached (by its /healthz answer).
    processes: set[int]
    #: What the remote's counters said once every attendee had joined.
    counters: str
    #: Seconds from the remote's switch until every page showed it, one per switch: the step
    #: opened, then locked and opened again for each further round.
    reached_s: list[float] = field(default_factory=list)


async def share_one_room(
    base_url: str, session_code: str, token: str, attendees: int, rounds: int = 1
) -> Shared:
    async with http_client(50) as http:
        remote = PageClient(http, base_url)
        signed_in = await remote.post("/facilitator/sign-in", f"link={token}")
        assert signed_in.status_code == 204, f"the token was refused ({signed_in.status_code})"
        await remote.get("/remote")
        await remote.open_solara("/remote")
        counters = await remote.until(lambda: remote.with_class("workshop-counters"))
        pages: list[Phone] = []
        processes = set()
        for _ in range(attendees):
            page = PageClient(http, base_url)
            await page.get(f"/?session={session_code}")
            joined = await page.post("/join", f"session={session_code}")
            assert joined.status_code == 303, f"a phone could not join ({joined.status_code})"
            # The process that answers this phone's requests (one connection per phone here).
            processes.add((await page.get("/healthz")).json()["process"])
            pages.append(Phone(page))
        await asyncio.gather(*(p.following() for p in pages))
        await remote.until(
            lambda: f"Joined<b>{attendees}</b>" in str(remote.widgets[counters].get("value"))
        )
        toggle = await remote.until(lambda: remote.with_class(f"workshop-step-toggle-{STEP}"))
        reached = [await _switch(remote, toggle, pages, True)]
        for _ in range(rounds - 1):
            reached.append(await _switch(remote, toggle, pages, False))
            reached.append(await _switch(remote, toggle, pages, True))
        shown = str(remote.widgets[counters].get("value"))
        await remote.close()
        for phone in pages:
            await phone.close()
        return Shared(processes, shown, reached)


@dataclass
class Phone:
    """A joined phone following the room's event stream (`/events`), as its script does."""

    page: PageClient
    last: dict[str, Any] = field(default_factory=dict)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = None

    async def following(self) -> None:
        """Open the stream; returns once its first message (the room as it is) arrived."""
        self._task = asyncio.create_task(self._read())
        await self.until(lambda: bool(self.last), ARRIVES_WITHIN_S)

    async def _read(self) -> None:
        url = self.page.base_url + "/events"
        headers = {**self.page._headers(), "Accept": "text/event-stream"}
        async with self.page.http.stream("GET", url, headers=headers) as response:
            assert response.status_code == 200, f"no event stream ({response.status_code})"
            async for line in response.aiter_lines():
                if line.startswith("data:"):
                    self.last = json.loads(line[len("data:") :])
                    self._changed.set()

    async def until(self, test: Any, timeout: float) -> None:
        async with asyncio.timeout(timeout):
            while not test():
                if self._task is not None and self._task.done():
                    self._task.result()  # the stream ended: say why
                    raise AssertionError("the event stream ended")
                self._changed.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(1.0):
                        await self._changed.wait()

    def shows(self, opened: bool) -> bool:
        return (STEP in self.last.get("open", [])) is opened

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


async def _switch(remote: PageClient, toggle: str, pages: list[Phone], opened: bool) -> float:
    """Open or lock the step from the remote; seconds until every phone is told (or fail)."""
    started = time.perf_counter()
    await remote.press(toggle)  # the step's control opens a locked step, locks an open one
    await asyncio.gather(*(p.until(lambda p=p: p.shows(opened), ARRIVES_WITHIN_S) for p in pages))
    return time.perf_counter() - started
