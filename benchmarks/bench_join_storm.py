"""The join storm: N attendees arrive within a minute, join, and rate all eight categories.

Simulated attendees speak the server's real protocol (`benchmarks._page_client`): each GETs the
page and, with a cold cache, every front-end file a real page load asks for; opens the page's
websocket; waits for the join screen; joins; and rates each category of the balance step (open
before the storm), waiting for "Saved" after each. Arrivals are a Poisson process conditioned on
N arrivals in 60 s (sorted uniform times). A facilitator's remote, connected before the storm,
gives the time from the last save until its counters show all N.

Beside it, in the same run: the old one-kernel-per-page server (Voilà) at N = 60.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

from benchmarks import _serve
from benchmarks._page_client import PageClient, assets_of, button, http_client
from benchmarks._voila import ATTENDEE_NOTEBOOK, VoilaServer
from benchmarks.rows import Row
from workshop.content.keynote import load_content
from workshop.content.live import load_live_content
from workshop.live import operations as live
from workshop.store import Store

ARRIVALS_S = 60.0
SCORE_INDEX = 4  # each attendee rates every category 5 (the fifth of 1..8)
TARGET_JOIN_P95_S = 3.0
TARGET_MB_PER_ATTENDEE = 5.0
TARGET_DASHBOARD_S = 2.0


@dataclass
class Attendee:
    arrived: float = 0.0
    join_screen: float | None = None
    saves: list[float] = field(default_factory=list)
    stage: str = "page"
    error: str = ""
    page: PageClient | None = None


@dataclass
class Storm:
    kind: str
    n: int
    people: list[Attendee]
    cpu_s: float
    rss_growth_mb: float
    dashboard_s: float | None

    def join_times(self) -> list[float]:
        return [p.join_screen - p.arrived for p in self.people if p.join_screen is not None]

    def save_times(self) -> list[float]:
        return [s for p in self.people for s in p.saves]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.people if p.error)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Meter:
    """The server's CPU time and peak memory (its kernels' too, for Voilà), sampled."""

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


async def attend(
    http: httpx.AsyncClient,
    base: str,
    path: str,
    assets: list[str],
    categories: list[str],
    person: Attendee,
    opener: Callable[[PageClient, httpx.Response], Any],
) -> PageClient:
    page = PageClient(http, base)
    person.page = page
    response = await page.get(path)
    # A cold cache: every front-end file, a few at a time, as a browser fetches them.
    for start in range(0, len(assets), 6):
        await asyncio.gather(*(page.get(a) for a in assets[start : start + 6]))
    await opener(page, response)
    person.stage = "join screen"
    join = await page.until(lambda: page.find(button("Join")))
    person.join_screen = time.perf_counter()
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
        started = time.perf_counter()
        await page.pick(toggle, SCORE_INDEX)
        await page.until(
            lambda b=before: (
                page.updates.get(status, 0) > b
                and "Saved" in str(page.widgets[status].get("value", ""))
            )
        )
        person.saves.append(time.perf_counter() - started)
    return page


async def storm(
    kind: str,
    base: str,
    path: str,
    n: int,
    categories: list[str],
    meter: Meter,
    opener: Callable[[PageClient, httpx.Response], Any],
    watch: Callable[[float, int], Any] | None = None,
    seed: int = 9,
) -> Storm:
    rng = random.Random(seed)
    arrivals = sorted(rng.uniform(0, ARRIVALS_S) for _ in range(n))
    people = [Attendee() for _ in range(n)]
    async with http_client() as http:
        probe = PageClient(http, base)
        assets = assets_of((await probe.get(path)).text, base)
        stop = asyncio.Event()
        sampler = asyncio.create_task(meter.sample(stop))
        t0 = time.perf_counter()

        async def one(i: int) -> PageClient | None:
            await asyncio.sleep(max(0.0, t0 + arrivals[i] - time.perf_counter()))
            people[i].arrived = time.perf_counter()
            try:
                return await attend(http, base, path, assets, categories, people[i], opener)
            except Exception as exc:  # a benchmark counts failures; it does not stop at one
                people[i].error = f"at {people[i].stage}: {type(exc).__name__}: {exc}"[:200]
                return None

        pages = await asyncio.gather(*(one(i) for i in range(n)))
        last_save = time.perf_counter()
        rated = sum(1 for p in people if len(p.saves) == len(categories))
        dashboard = await watch(last_save, rated) if watch is not None else None
        stop.set()
        await sampler
        cpu = meter.cpu() - meter.start_cpu
        growth = meter.peak_rss - meter.start_rss
        await asyncio.gather(*(p.close() for p in pages if p is not None))
    return Storm(kind, n, people, cpu, growth, dashboard)


def _categories() -> list[str]:
    return [c.id for c in load_content().balance.categories]


async def _open_solara(page: PageClient, response: httpx.Response) -> None:
    await page.open_solara(str(response.url.raw_path.decode()))


async def _open_voila(page: PageClient, response: httpx.Response) -> None:
    await page.open_voila(response.text)


def solara_storm(n: int) -> Storm:
    with tempfile.TemporaryDirectory(prefix="workshop-storm-") as scratch:
        folder = Path(scratch)
        served = _serve.start(folder, str(folder / "room.db"), ["--max-attendees", str(n + 50)])
        try:
            with Store(folder / "room.db") as store:
                store.set_step_open(served.session_code, "balance", True)
            meter = Meter(served.process.pid)
            path = f"/?session={served.session_code}"
            return asyncio.run(_storm_with_remote(served, path, n, meter))
        finally:
            served.stop()


async def _storm_with_remote(served: _serve.Served, path: str, n: int, meter: Meter) -> Storm:
    async with http_client(10) as http:
        remote = PageClient(http, served.base_url)
        await remote.post("/facilitator/sign-in", f"token={served.token}")
        await remote.get("/remote")
        await remote.open_solara("/remote")
        counters = await remote.until(lambda: remote.with_class("workshop-counters"))

        async def watch(last_save: float, rated: int) -> float | None:
            wanted = f"Balance: {rated}"
            try:
                await remote.until(lambda: wanted in str(remote.widgets[counters].get("value")), 60)
            except TimeoutError:
                print(
                    f"  the remote never counted {rated}: {remote.widgets[counters].get('value')}"
                )
                return None
            return time.perf_counter() - last_save

        result = await storm(
            "solara", served.base_url, path, n, _categories(), meter, _open_solara, watch
        )
        await remote.close()
        return result


def voila_storm(n: int) -> Storm:
    with tempfile.TemporaryDirectory(prefix="workshop-storm-voila-") as scratch:
        folder = Path(scratch)
        db = folder / "room.db"
        content = load_content()
        with Store(db) as store:
            code = live.start_session(store, content, load_live_content(content.source))
            store.set_step_open(code.session.code, "balance", True)
        with VoilaServer(ATTENDEE_NOTEBOOK, folder, {"WORKSHOP_DB": str(db)}) as server:
            server.wait_until_answering()
            meter = Meter(server.process.pid)
            base = server.url.rstrip("/")
            path = f"/?session={code.session.code}"
            return asyncio.run(storm("voila", base, path, n, _categories(), meter, _open_voila))


def rows_for(result: Storm, baseline: Storm | None) -> list[Row]:
    joins, saves = result.join_times(), result.save_times()
    label = f"join storm N={result.n} ({result.kind})"
    base_joins = baseline.join_times() if baseline else []
    base_saves = baseline.save_times() if baseline else []
    base_name = f"Voilà N={baseline.n}" if baseline else ""
    connected = max(1, result.n - result.errors)
    rows = [
        Row(f"{label}: join screen p50", percentile(joins, 0.5), "s", base_name,
            percentile(base_joins, 0.5) if baseline else None),
        Row(f"{label}: join screen p95", percentile(joins, 0.95), "s", base_name,
            percentile(base_joins, 0.95) if baseline else None, TARGET_JOIN_P95_S, "max"),
        Row(f"{label}: join screen max", max(joins, default=float("nan")), "s"),
        Row(f"{label}: rating saved p50", percentile(saves, 0.5), "s", base_name,
            percentile(base_saves, 0.5) if baseline else None),
        Row(f"{label}: rating saved p95", percentile(saves, 0.95), "s", base_name,
            percentile(base_saves, 0.95) if baseline else None),
        Row(f"{label}: errors", float(result.errors), "", target=0, target_kind="max"),
        Row(f"{label}: server memory per attendee", result.rss_growth_mb / connected, "MB",
            base_name, (baseline.rss_growth_mb / max(1, baseline.n - baseline.errors))
            if baseline else None, TARGET_MB_PER_ATTENDEE, "max"),
        Row(f"{label}: server CPU per attendee", result.cpu_s / connected, "s", base_name,
            (baseline.cpu_s / max(1, baseline.n - baseline.errors)) if baseline else None),
    ]  # fmt: skip
    if result.dashboard_s is not None:
        rows.append(
            Row(f"{label}: dashboard counts all after the last save", result.dashboard_s, "s",
                target=TARGET_DASHBOARD_S, target_kind="max")
        )  # fmt: skip
    failures: dict[str, int] = {}
    for person in result.people:
        if person.error:
            failures[person.error] = failures.get(person.error, 0) + 1
    for error, count in sorted(failures.items(), key=lambda item: -item[1])[:5]:
        print(f"  {result.kind} N={result.n}: {count} attendees failed: {error}")
    return rows


def run(sizes: tuple[int, ...] = (300, 1000), baseline_n: int = 60) -> list[Row]:
    baseline = voila_storm(baseline_n)
    rows = rows_for(baseline, None)
    for n in sizes:
        rows += rows_for(solara_storm(n), baseline)
    return rows
