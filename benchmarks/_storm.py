"""The join storm's machinery: simulated attendees spread over client processes, the server's
meter, and the facilitator's remote watching the counters.

A simulated attendee costs its client about 0.15 s of CPU (JSON and websocket frames), so a
thousand of them are more than one asyncio process can drive in a minute on this machine. They
are dealt round-robin to `CLIENT_PROCESSES` forked processes that share one arrival schedule
and one start time (the monotonic clock is the machine's, so all processes read the same one).
Each reports its attendees' timings and its own CPU time; the parent meanwhile samples the
server and watches the remote's counters, recording when each count was first shown.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import psutil

from benchmarks._page_client import PageClient, assets_of, button, http_client

ARRIVALS_S = 60.0
CLIENT_PROCESSES = 2
SCORE_INDEX = 4  # each attendee rates every category 5 (the fifth of 1..8)
#: How long a client waits for the go, and the parent for a client's results.
READY_TIMEOUT_S = 120.0
RESULTS_TIMEOUT_S = 900.0
DASHBOARD_TIMEOUT_S = 60.0
#: The remote's balance tile: "Balance<b>N</b>".
COUNTED = re.compile(r"Balance<b>(\d+)</b>")


@dataclass
class Attendee:
    """One simulated attendee's timings (monotonic seconds); what a client process reports."""

    arrived: float = 0.0
    join_screen: float | None = None
    saves: list[float] = field(default_factory=list)
    last_save: float | None = None
    stage: str = "page"
    error: str = ""


@dataclass
class Storm:
    kind: str
    n: int
    people: list[Attendee]
    cpu_s: float
    rss_growth_mb: float
    dashboard_s: float | None
    client_cpu_s: float
    lost: int | None = None

    def join_times(self) -> list[float]:
        return [p.join_screen - p.arrived for p in self.people if p.join_screen is not None]

    def save_times(self) -> list[float]:
        return [s for p in self.people for s in p.saves]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.people if p.error)

    @property
    def confirmed_saves(self) -> int:
        return sum(len(p.saves) for p in self.people)


class Meter:
    """A server's CPU time and peak memory, its child processes' included (the workers and
    nginx behind `serve --workers`, or Voilà's kernels), sampled."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.start_cpu = self.cpu()
        self.start_rss = self.rss()
        self.peak_rss = self.start_rss

    def processes(self) -> list[psutil.Process]:
        try:
            return [self.root, *self.root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def cpu(self) -> float:
        total = 0.0
        for p in self.processes():
            try:
                t = p.cpu_times()
                total += t.user + t.system + t.children_user + t.children_system
            except psutil.NoSuchProcess:
                continue
        return total

    def rss(self) -> float:
        total = 0
        for p in self.processes():
            try:
                total += p.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        return total / 2**20

    async def sample(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.peak_rss = max(self.peak_rss, self.rss())
            await asyncio.sleep(0.5)


async def _open(kind: str, page: PageClient, response: httpx.Response) -> None:
    if kind == "voila":
        await page.open_voila(response.text)
    else:
        await page.open_solara(str(response.url.raw_path.decode()))


async def attend(
    http: httpx.AsyncClient,
    kind: str,
    base: str,
    path: str,
    assets: list[str],
    categories: list[str],
    person: Attendee,
) -> PageClient:
    """What a phone does: the page, its files (a cold cache), the websocket, Join, and a
    rating for each category, waiting for "Saved" after each."""
    page = PageClient(http, base)
    response = await page.get(path)
    for start in range(0, len(assets), 6):  # a few at a time, as a browser fetches them
        await asyncio.gather(*(page.fetch(a) for a in assets[start : start + 6]))
    await _open(kind, page, response)
    person.stage = "join screen"
    join = await page.until(lambda: page.find(button("Join")))
    person.join_screen = time.monotonic()
    await page.click(join)
    person.stage = "balance step"
    status = await page.until(
        lambda: page.find(lambda w: "workshop-save-status" in (w.get("_dom_classes") or ()))
    )
    person.stage = "ratings"
    for category in categories:
        row = await page.until(lambda c=category: page.with_class(f"workshop-rate-{c}"))
        toggle = page.child(row, 1)
        before = page.updates.get(status, 0)
        started = time.monotonic()
        await page.pick(toggle, SCORE_INDEX)
        await page.until(
            lambda b=before: (
                page.updates.get(status, 0) > b
                and "Saved" in str(page.widgets[status].get("value", ""))
            )
        )
        person.last_save = time.monotonic()
        person.saves.append(person.last_save - started)
    return page


@dataclass(frozen=True)
class Plan:
    """What every client process needs to play its part of the storm."""

    kind: str  # "solara" or "voila"
    base: str
    path: str
    categories: list[str]
    arrivals: list[float]  # seconds after the start, one per attendee


async def _client(plan: Plan, mine: list[int], ready: Any, go: Any, done: Any) -> None:
    cpu = time.process_time()
    people = {i: Attendee() for i in mine}
    loop = asyncio.get_running_loop()
    async with http_client() as http:
        assets = assets_of((await PageClient(http, plan.base).get(plan.path)).text, plan.base)
        ready.put(len(mine))
        t0 = await loop.run_in_executor(None, go.get, True, READY_TIMEOUT_S)

        async def one(i: int) -> PageClient | None:
            await asyncio.sleep(max(0.0, t0 + plan.arrivals[i] - time.monotonic()))
            people[i].arrived = time.monotonic()
            try:
                return await attend(
                    http, plan.kind, plan.base, plan.path, assets, plan.categories, people[i]
                )
            except Exception as exc:  # a benchmark counts failures; it does not stop at one
                people[i].error = f"at {people[i].stage}: {type(exc).__name__}: {exc}"[:200]
                return None

        pages = await asyncio.gather(*(one(i) for i in mine))
        done.put((people, time.process_time() - cpu))
        # The pages stay open (their memory counted) until the parent has read the dashboard.
        await loop.run_in_executor(None, go.get, True, RESULTS_TIMEOUT_S)
        await asyncio.gather(*(p.close() for p in pages if p is not None))


def _client_main(plan: Plan, mine: list[int], ready: Any, go: Any, done: Any) -> None:
    try:
        asyncio.run(_client(plan, mine, ready, go, done))
    except BaseException as exc:  # say so, so the parent never waits for nothing
        failed = Attendee(error=f"client process failed: {type(exc).__name__}: {exc}"[:200])
        done.put(({i: failed for i in mine}, 0.0))
        ready.put(0)


class Watch:
    """The facilitator's remote, recording when each balance count was first shown.

    Room figures move in batches of at least `k` people (`workshop.live.batches`), so the last
    fewer-than-`k` savers may wait for company: counting everyone means showing at least
    `count - (k - 1)`."""

    def __init__(self, remote: PageClient, counters: str, k: int) -> None:
        self.remote, self.counters, self.k = remote, counters, k
        self.first_shown: dict[int, float] = {}

    async def record(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            found = COUNTED.search(str(self.remote.widgets[self.counters].get("value", "")))
            if found:
                self.first_shown.setdefault(int(found[1]), time.monotonic())
            await asyncio.sleep(0.05)

    async def shown_at(self, count: int) -> float | None:
        deadline = time.monotonic() + DASHBOARD_TIMEOUT_S
        while time.monotonic() < deadline:
            least = count - (self.k - 1)
            reached = [t for shown, t in self.first_shown.items() if shown >= least]
            if reached:
                return min(reached)
            await asyncio.sleep(0.1)
        print(f"  the remote never counted {count}: {self.first_shown and max(self.first_shown)}")
        return None


def storm(
    plan: Plan, meter: Meter, remote: Callable[[], Awaitable[Watch | None]] | None = None
) -> Storm:
    """Run the storm `plan` describes; `remote` connects the facilitator's remote first."""
    context = multiprocessing.get_context("fork")  # before any event loop in this process
    ready, done = context.Queue(), context.Queue()
    gos = [context.Queue() for _ in range(CLIENT_PROCESSES)]
    shares = [list(range(k, len(plan.arrivals), CLIENT_PROCESSES)) for k in range(CLIENT_PROCESSES)]
    children = [
        context.Process(target=_client_main, args=(plan, mine, ready, go, done))
        for mine, go in zip(shares, gos, strict=True)
    ]
    for child in children:
        child.start()
    try:
        for _ in children:
            ready.get(timeout=READY_TIMEOUT_S)
        return asyncio.run(_conduct(plan, meter, remote, gos, done))
    finally:
        for child in children:
            child.join(timeout=60)
            if child.is_alive():
                child.kill()
                child.join()


async def _conduct(
    plan: Plan,
    meter: Meter,
    remote: Callable[[], Awaitable[Watch | None]] | None,
    gos: list[Any],
    done: Any,
) -> Storm:
    watch = await remote() if remote is not None else None
    stop = asyncio.Event()
    tasks = [asyncio.create_task(meter.sample(stop))]
    if watch is not None:
        tasks.append(asyncio.create_task(watch.record(stop)))
    t0 = time.monotonic() + 1.0
    for go in gos:
        go.put(t0)
    loop = asyncio.get_running_loop()
    people: dict[int, Attendee] = {}
    client_cpu = 0.0
    for _ in gos:
        reported, cpu = await loop.run_in_executor(None, done.get, True, RESULTS_TIMEOUT_S)
        people.update(reported)
        client_cpu += cpu
    everyone = [people[i] for i in sorted(people)]
    saved = [p.last_save for p in everyone if len(p.saves) == len(plan.categories)]
    dashboard = None
    if watch is not None and saved:
        shown = await watch.shown_at(len(saved))
        # Batches can reach the count within k before the last save lands: then the remote
        # already counted everyone, which is 0 s, not a negative wait.
        last = max(t for t in saved if t is not None)
        dashboard = None if shown is None else max(0.0, shown - last)
    stop.set()
    await asyncio.gather(*tasks)
    cpu = meter.cpu() - meter.start_cpu
    growth = meter.peak_rss - meter.start_rss
    for go in gos:
        go.put("close")
    if watch is not None:
        await watch.remote.close()
        await watch.remote.http.aclose()
    return Storm(plan.kind, len(everyone), everyone, cpu, growth, dashboard, client_cpu)


def schedule(n: int, window_s: float = ARRIVALS_S, seed: int = 9) -> list[float]:
    """Arrival times of a Poisson process conditioned on `n` arrivals in `window_s`."""
    rng = random.Random(seed)
    return sorted(rng.uniform(0, window_s) for _ in range(n))
