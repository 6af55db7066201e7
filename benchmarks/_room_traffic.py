"""One room served by one or several processes, exercised through its front door: simulated
attendees (the real protocol, `benchmarks._page_client`) join, the facilitator's remote counts
them, and opens and locks a step that must reach every page.

Shared by the tests of several processes (which check that everything arrives) and by
`bench_workers` (which times how fast).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from benchmarks._page_client import PageClient, button, http_client

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
        pages = []
        processes = set()
        for _ in range(attendees):
            page = PageClient(http, base_url)
            await page.get(f"/?session={session_code}")
            await page.open_solara(f"/?session={session_code}")
            await page.click(await page.until(lambda p=page: p.find(button("Join"))))
            await page.until(lambda p=page: p.with_class("workshop-hello"))
            # The process that holds this page answers this browser's requests.
            processes.add((await page.get("/healthz")).json()["process"])
            pages.append(page)
        await remote.until(
            lambda: f"Joined<b>{attendees}</b>" in str(remote.widgets[counters].get("value"))
        )
        toggle = await remote.until(lambda: remote.with_class(f"workshop-step-toggle-{STEP}"))
        reached = [await _switch(remote, toggle, pages, True)]
        for _ in range(rounds - 1):
            reached.append(await _switch(remote, toggle, pages, False))
            reached.append(await _switch(remote, toggle, pages, True))
        shown = str(remote.widgets[counters].get("value"))
        for page in [remote, *pages]:
            await page.close()
        return Shared(processes, shown, reached)


async def _switch(remote: PageClient, toggle: str, pages: list[PageClient], opened: bool) -> float:
    """Open or lock the step from the remote; seconds until every page shows it (or fail)."""
    started = time.perf_counter()
    await remote.send(
        "comm_msg", {"comm_id": toggle, "data": {"method": "update", "state": {"value": opened}}}
    )
    await asyncio.gather(*(p.until(lambda p=p: _shows(p, opened), ARRIVES_WITHIN_S) for p in pages))
    return time.perf_counter() - started


def _shows(page: PageClient, opened: bool) -> bool:
    """An open step's rating rows are on the page and its button has no lock badge; a locked
    step's button has one (the default content's badge, a padlock)."""
    nav = page.with_class(f"workshop-step-{STEP}")
    if nav is None:
        return False
    locked = "\U0001f512" in str(page.widgets[nav].get("description", ""))
    if opened:
        return not locked and page.with_class("workshop-rate-career") is not None
    return locked
