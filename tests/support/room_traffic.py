"""One room served by several processes, exercised through its front door: simulated attendees
(the real protocol, `benchmarks._page_client`) join, the facilitator's remote counts them and
opens a step, and the step reaches every page."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from benchmarks._page_client import PageClient, button, http_client


@dataclass(frozen=True)
class Shared:
    #: Every server process an attendee's requests reached (by its /healthz answer).
    processes: set[int]
    #: What the remote's counters said once every attendee had joined.
    counters: str


async def share_one_room(base_url: str, session_code: str, token: str, attendees: int) -> Shared:
    async with http_client(50) as http:
        remote = PageClient(http, base_url)
        signed_in = await remote.post("/facilitator/sign-in", f"token={token}")
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
        toggle = await remote.until(lambda: remote.with_class("workshop-step-toggle-balance"))
        await remote.send(
            "comm_msg",
            {"comm_id": toggle, "data": {"method": "update", "state": {"value": True}}},
        )
        # Every page shows the opened step, or `until` fails. How fast is a benchmark's
        # question (benchmarks/bench_join_storm.py), not a test's.
        await asyncio.gather(
            *(p.until(lambda p=p: p.with_class("workshop-rate-career"), 30) for p in pages)
        )
        shown = str(remote.widgets[counters].get("value"))
        for page in [remote, *pages]:
            await page.close()
        return Shared(processes, shown)
