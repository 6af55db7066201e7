"""The join storm's machinery: simulated phones on the plain pages, spread over client processes,
the server's meter, and the facilitator's remote watching the counters.

A simulated phone does what a phone's browser and its script (`workshop/web/static/phone.js`)
do, request for request (`attend`):

1. GET the link's page (``/?session=CODE``) and, with a cold cache, its stylesheet: the join
   screen is on show (the script is inlined in that page);
2. POST /join as the script does (``Accept: application/json``), keeping the signed cookies the
   server sets; GET ``/`` (the facilitator's step, here the balance step) and its script;
3. open the room's event stream (``/events``) on a connection of its own, as an EventSource
   does, and hold it open to the end (its first message must name the balance step);
4. rate each of the eight categories, each a POST of the whole form as the script posts it on a
   change (every rating picked so far, and the form's hidden fields), waiting for its answer.

Phones are dealt round-robin to `CLIENT_PROCESSES` forked processes that share one arrival
schedule and one start time (the monotonic clock is the machine's, so every process reads the
same one). Each reports its phones' timings and its own CPU time; the parent meanwhile samples
the server and watches the remote's counters, recording when each count was first shown.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from html import unescape
from typing import Any

import psutil

from benchmarks._page_client import PageClient
from benchmarks._phone_client import Browser, HttpError, Reply

ARRIVALS_S = 60.0
CLIENT_PROCESSES = 2
#: Each phone rates every category this (a score of every scale the content may set).
SCORE = "5"
#: How long a client waits for the go, and the parent for a client's results.
READY_TIMEOUT_S = 120.0
RESULTS_TIMEOUT_S = 1800.0
#: A phone that has not rated everything this long after it arrived has given up: an error.
GIVES_UP_S = 600.0
DASHBOARD_TIMEOUT_S = 60.0

STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
SCRIPT = re.compile(r'<script src="([^"]+)"')
BALANCE_FORM = re.compile(r'<form method="post" action="/step/balance".*?</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
RATING = re.compile(r'name="rating\.([^"]+)" value="([^"]+)"')


@dataclass
class Attendee:
    """One simulated phone's timings (monotonic seconds); what a client process reports."""

    arrived: float = 0.0
    join_screen: float | None = None
    saves: list[float] = field(default_factory=list)
    last_save: float | None = None
    stage: str = "join page"
    error: str = ""
    #: Messages its event stream brought, and whether the stream was still open at the end.
    messages: int = 0
    following: bool = False


@dataclass
class Storm:
    kind: str
    n: int
    people: list[Attendee]
    cpu_s: float
    #: Server memory (MiB, its processes' RSS) with every phone connected, less before the storm.
    held_mb: float
    peak_mb: float
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
    def following(self) -> int:
        return sum(1 for p in self.people if p.following)

    @property
    def confirmed_saves(self) -> int:
        return sum(len(p.saves) for p in self.people)


class Meter:
    """A server's CPU time and memory, its child processes' included (the workers and nginx
    behind `serve --workers`), sampled."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.start_cpu = self.cpu()
        self.start_rss = self.rss()
        self.peak_rss = self.start_rss

    def reset(self) -> None:
        """From now: after the warm-up, just before the storm."""
        self.start_cpu, self.start_rss = self.cpu(), self.rss()
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


def _ok(reply: Reply, what: str) -> Reply:
    if reply.status != 200:
        raise HttpError(f"{what} answered {reply.status}: {reply.text[:120]!r}")
    return reply


def balance_form(page: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The balance form's categories (in page order) and its hidden fields, from its page."""
    form = BALANCE_FORM.search(page)
    if form is None:
        raise HttpError("the phone's page has no balance form")
    categories = list(dict.fromkeys(c for c, _ in RATING.findall(form[0])))
    if not categories or SCORE not in {v for _, v in RATING.findall(form[0])}:
        raise HttpError(f"the balance form offers no score {SCORE}")
    return categories, [(n, unescape(v)) for n, v in HIDDEN.findall(form[0])]


async def follow(browser: Browser, person: Attendee, first: asyncio.Future[dict[str, Any]]) -> None:
    """Hold the phone's event stream open, reading what it brings."""
    person.following = True
    try:
        async for message in browser.events():
            person.messages += 1
            if not first.done():
                first.set_result(message)
    except Exception as exc:
        if not first.done():
            first.set_exception(exc)
    finally:
        person.following = False


async def attend(base: str, session: str, person: Attendee, tasks: list[asyncio.Task[None]],
                 wait_s: float = 0.0) -> Browser:  # fmt: skip
    """What a phone does, from the link to the eighth rating saved (see the module's doc).
    With `wait_s`, a phone that finds the room waiting asks again until the balance step is
    open there (a step opened in the database reaches the server at its next read)."""
    browser = Browser(base)
    page = _ok(await browser.get(f"/?session={session}"), "the link's page")
    stylesheet = STYLESHEET.search(page.text)
    if stylesheet is None or 'action="/join"' not in page.text:
        raise HttpError("the link's page is not the join screen")
    _ok(await browser.get(stylesheet[1], "text/css"), "the stylesheet")
    person.join_screen = time.monotonic()
    person.stage = "join"
    joined = _ok(await browser.post("/join", {"session": session, "nickname": "storm"}), "Join")
    if "code" not in joined.json():
        raise HttpError(f"Join gave no resume code: {joined.text[:120]!r}")
    person.stage = "balance page"
    page = _ok(await browser.get(joined.json()["next"]), "the room's page")
    deadline = time.monotonic() + wait_s
    while BALANCE_FORM.search(page.text) is None and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
        page = _ok(await browser.get(joined.json()["next"]), "the room's page")
    categories, hidden = balance_form(page.text)
    script = SCRIPT.search(page.text)
    if script is not None:
        _ok(await browser.get(script[1], "*/*"), "the script")
    person.stage = "event stream"
    first: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
    tasks.append(asyncio.create_task(follow(browser, person, first)))
    if (await first).get("step") != "balance":
        raise HttpError("the event stream's first message is not the balance step")
    person.stage = "ratings"
    picked: list[tuple[str, str]] = []
    for category in categories:
        picked.append((f"rating.{category}", SCORE))
        started = time.monotonic()
        saved = _ok(await browser.post("/step/balance", picked + hidden), "a rating").json()
        if saved.get("errors") or saved.get("refused"):
            raise HttpError(f"a rating was refused: {saved.get('errors') or saved.get('message')}")
        person.last_save = time.monotonic()
        person.saves.append(person.last_save - started)
    person.stage = "done"
    return browser


@dataclass(frozen=True)
class Plan:
    """What every client process needs to play its part of the storm."""

    base: str
    session: str
    arrivals: list[float]  # seconds after the start, one per phone


async def _client(plan: Plan, mine: list[int], ready: Any, go: Any, done: Any) -> None:
    cpu = time.process_time()
    people = {i: Attendee() for i in mine}
    streams: list[asyncio.Task[None]] = []
    loop = asyncio.get_running_loop()
    ready.put(len(mine))
    t0 = await loop.run_in_executor(None, go.get, True, READY_TIMEOUT_S)

    async def one(i: int) -> Browser | None:
        await asyncio.sleep(max(0.0, t0 + plan.arrivals[i] - time.monotonic()))
        people[i].arrived = time.monotonic()
        try:
            async with asyncio.timeout(GIVES_UP_S):
                return await attend(plan.base, plan.session, people[i], streams)
        except Exception as exc:  # a benchmark counts failures; it does not stop at one
            people[i].error = f"at {people[i].stage}: {type(exc).__name__}: {exc}"[:200]
            return None

    browsers = await asyncio.gather(*(one(i) for i in mine))
    done.put((people, time.process_time() - cpu))
    # The phones stay connected (their memory counted) until the parent has read the counters.
    await loop.run_in_executor(None, go.get, True, RESULTS_TIMEOUT_S)
    for task in streams:
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.gather(*streams, return_exceptions=True)
    await asyncio.gather(*(b.close() for b in browsers if b is not None))


def _client_main(plan: Plan, mine: list[int], ready: Any, go: Any, done: Any) -> None:
    try:
        asyncio.run(_client(plan, mine, ready, go, done))
    except BaseException as exc:  # say so, so the parent never waits for nothing
        failed = Attendee(error=f"client process failed: {type(exc).__name__}: {exc}"[:200])
        done.put(({i: failed for i in mine}, 0.0))
        ready.put(0)


class Watch:
    """The facilitator's remote, recording when each count of a step's tile was first shown.

    Room figures move in batches of at least `k` people (`workshop.live.batches`), so the last
    fewer-than-`k` savers may wait for company: counting everyone means showing at least
    `count - (k - 1)`."""

    def __init__(self, remote: PageClient, counters: str, tile: str, k: int) -> None:
        self.remote, self.counters, self.k = remote, counters, k
        self.tile = re.compile(re.escape(tile) + r"<b>(\d+)</b>")
        self.first_shown: dict[int, float] = {}

    async def record(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            found = self.tile.search(str(self.remote.widgets[self.counters].get("value", "")))
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
    plan: Plan, meter: Meter, remote: Callable[[], Awaitable[Watch | None]] | None = None,
    already: int = 0,
) -> Storm:  # fmt: skip
    """Run the storm `plan` describes; `remote` connects the facilitator's remote first;
    `already` phones completed the balance step before it (a warm-up), and count on the tile."""
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
        return asyncio.run(_conduct(plan, meter, remote, gos, done, already))
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
    already: int,
) -> Storm:
    watch = await remote() if remote is not None else None
    stop = asyncio.Event()
    meter.reset()
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
    held = meter.rss() - meter.start_rss  # every phone still connected, its stream open
    everyone = [people[i] for i in sorted(people)]
    saved = [p.last_save for p in everyone if p.stage == "done"]
    dashboard = None
    if watch is not None and saved:
        shown = await watch.shown_at(already + len(saved))
        # Batches can reach the count within k before the last save lands: then the remote
        # already counted everyone, which is 0 s, not a negative wait.
        last = max(t for t in saved if t is not None)
        dashboard = None if shown is None else max(0.0, shown - last)
    stop.set()
    await asyncio.gather(*tasks)
    cpu = meter.cpu() - meter.start_cpu
    peak = meter.peak_rss - meter.start_rss
    for go in gos:
        go.put("close")
    if watch is not None:
        await watch.remote.close()
        await watch.remote.http.aclose()
    return Storm("", len(everyone), everyone, cpu, held, peak, dashboard, client_cpu)


def schedule(n: int, window_s: float = ARRIVALS_S, seed: int = 9) -> list[float]:
    """Arrival times of a Poisson process conditioned on `n` arrivals in `window_s`."""
    rng = random.Random(seed)
    return sorted(rng.uniform(0, window_s) for _ in range(n))
