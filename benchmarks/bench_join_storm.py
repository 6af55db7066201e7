"""The join storm: N phones arrive within a minute, join on the plain pages, and rate all eight
categories, while holding the room's event stream open.

Simulated phones speak the pages' own protocol (`benchmarks._storm`): the link's page and its
stylesheet (the join screen), Join as the page's script posts it, the room's page and its script,
the event stream, then a save per rating as the script posts them. Arrivals are a Poisson process
conditioned on N arrivals in 60 s (20 s under `BENCH_QUICK=1`), dealt to two client processes.
A few phones join first, outside the figures, so the server has loaded what every page shares.
A facilitator's remote, connected before the storm, gives the time from the last save until
its counters show every phone that rated (to within one batch of k, the anonymity threshold:
the last few wait for company). Afterwards the database is read: a save the page was told went
through must be there.

Every phone comes from this machine's one address, so the room is served with the per-address
limits lifted (`serve --address-limit`, see `LIFTED`): a room would refuse the 31st join from
one address within 10 minutes. Each browser's own limits stay as they are (each phone is a new
browser). The output says so.

In one run, each beside its baseline:
- a bare Starlette "hello" app (`benchmarks._hello`): server CPU per hello request, and memory
  per open event stream, beside each storm's CPU per attendee and memory per connected phone;
- `workshop serve` on SQLite and on PostgreSQL, one process and two behind nginx
  (`--workers 2`), at N = 1,000 and 5,000 (`SIZES`); the p95 of two processes is shown
  beside one's on the same database and N.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from benchmarks import _serve
from benchmarks._hello import hello_cpu, hello_server, hello_stream_memory
from benchmarks._page_client import PageClient, http_client
from benchmarks._postgres import PostgresServer
from benchmarks._storm import Attendee, Meter, Plan, Storm, Watch, attend, schedule, storm
from benchmarks.rows import Row
from workshop.content.keynote import load_content
from workshop.content.live import load_live_content
from workshop.store import Store

TARGET_JOIN_P95_S = 1.0
TARGET_CPU_MS = 10.0
TARGET_KB_PER_PHONE = 50.0
TARGET_DASHBOARD_S = 2.0
#: Phones that join before the storm, so that what every page shares is loaded.
WARMUP = 5
#: How long the balance step, opened in the database, may take to reach the server.
OPENS_WITHIN_S = 30.0
#: `serve` options that lift the per-address limits for the run (one address is every phone).
LIFTED = ["--address-limit", "1000000"]
#: Hello requests for the CPU baseline.
HELLO_REQUESTS = {False: 5000, True: 1000}


@dataclass(frozen=True)
class Setup:
    backend: str  # "sqlite" or "postgresql"
    workers: int
    n: int

    @property
    def label(self) -> str:
        processes = "1 process" if self.workers == 1 else f"{self.workers} processes + nginx"
        return f"N={self.n}, {'SQLite' if self.backend == 'sqlite' else 'PostgreSQL'}, {processes}"


def _setups(sizes: tuple[int, ...]) -> tuple[Setup, ...]:
    return tuple(
        Setup(backend, workers, n)
        for n in sizes
        for backend in ("sqlite", "postgresql")
        for workers in (1, 2)
    )


#: (the arrivals' window in seconds, the setups), full and quick.
SIZES: dict[bool, tuple[float, tuple[Setup, ...]]] = {
    False: (60.0, _setups((1000, 5000))),
    True: (20.0, (Setup("sqlite", 1, 100), Setup("postgresql", 2, 100))),
}


def lost_saves(db: str, code: str, confirmed: int) -> int:
    """Ratings the pages were told were saved that the database does not hold (each save posts
    every rating picked so far, so a phone's k-th save confirms k ratings)."""
    with Store(db, readonly=True) as store:
        stored = sum(1 for _, _, score in store.export_rows(code).ratings if score == 5)
    return max(0, confirmed - stored)


def remote_of(base_url: str, token: str) -> Callable[[], Awaitable[Watch | None]]:
    """Sign the facilitator in (`token`, from the link `serve` printed) and open the remote
    (inside the storm's event loop)."""
    content = load_content()
    tile = escape(load_live_content(content.source).step_label("balance"))

    async def connect() -> Watch | None:
        remote = PageClient(http_client(10), base_url)
        await remote.post("/facilitator/sign-in", f"link={token}")
        await remote.get("/remote")
        await remote.open_solara("/remote")
        counters = await remote.until(lambda: remote.with_class("workshop-counters"))
        return Watch(remote, counters, tile, content.settings.anonymity_k)

    return connect


async def warm_up(served: _serve.Served) -> int:
    """A few phones through the whole protocol, before the meter starts; saves confirmed."""
    people = [Attendee() for _ in range(WARMUP)]
    streams: list[asyncio.Task[None]] = []
    browsers = [
        await attend(served.base_url, served.session_code, p, streams, OPENS_WITHIN_S)
        for p in people
    ]
    for task in streams:
        task.cancel()
    await asyncio.gather(*streams, return_exceptions=True)
    await asyncio.gather(*(b.close() for b in browsers))
    return sum(len(p.saves) for p in people)


def room_storm(setup: Setup, postgres: PostgresServer | None, window_s: float) -> Storm:
    with tempfile.TemporaryDirectory(prefix="workshop-storm-") as scratch:
        folder = Path(scratch)
        db = postgres.schema_url() if postgres is not None else str(folder / "room.db")
        args = ["--max-attendees", str(setup.n + WARMUP + 50), "--workers", str(setup.workers)]
        served = _serve.start(folder, db, [*args, *LIFTED])
        try:
            with Store(db) as store:
                store.set_step_open(served.session_code, "balance", True)
            warm = asyncio.run(warm_up(served))
            plan = Plan(served.base_url, served.session_code, schedule(setup.n, window_s))
            result = storm(
                plan, Meter(served.process.pid), remote_of(served.base_url, served.token), WARMUP
            )
            result.kind = setup.label
            result.lost = lost_saves(db, served.session_code, result.confirmed_saves + warm)
            return result
        finally:
            served.stop()


@dataclass(frozen=True)
class Hello:
    cpu_s: float  # per request
    stream_bytes: float  # per open stream
    streams: int


def hello_baseline(quick: bool, streams: int) -> Hello:
    with hello_server() as (url, pid):
        cpu = hello_cpu(url, pid, HELLO_REQUESTS[quick])
        memory = hello_stream_memory(url, pid, streams)
    return Hello(cpu, memory, streams)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rows_for(result: Storm, hello: Hello, one_process: Storm | None) -> list[Row]:
    label = f"join storm {result.kind}"
    done = max(1, result.n - result.errors)
    one = one_process
    base = one.kind.split(", ", 1)[1] if one is not None else ""

    def beside_one(name: str, figure: Callable[[Storm], float],
                   target: float | None = None) -> Row:  # fmt: skip
        """A time of this storm's, beside the same on one process (same database, same N)."""
        return Row(f"{label}: {name}", figure(result), "s", base,
                   None if one is None else figure(one), target, "max")  # fmt: skip

    rows = [
        beside_one("join screen p50", lambda s: percentile(s.join_times(), 0.5)),
        beside_one("join screen p95", lambda s: percentile(s.join_times(), 0.95),
                   TARGET_JOIN_P95_S),
        beside_one("join screen max", lambda s: max(s.join_times(), default=float("nan"))),
        beside_one("rating saved p50", lambda s: percentile(s.save_times(), 0.5)),
        beside_one("rating saved p95", lambda s: percentile(s.save_times(), 0.95)),
        Row(f"{label}: errors", float(result.errors), "phones", target=0, target_kind="max"),
        Row(f"{label}: saves lost (of {result.confirmed_saves:,} confirmed)",
            float(result.lost or 0), "saves", target=0, target_kind="max"),
        Row(f"{label}: phones still following /events at the end", float(result.following),
            "phones", target=float(result.n), target_kind="min"),
        Row(f"{label}: server CPU per attendee", 1000 * result.cpu_s / done, "ms",
            "a hello request", 1000 * hello.cpu_s, TARGET_CPU_MS, "max"),
        Row(f"{label}: server memory per connected phone", 1024 * result.held_mb / done, "KB",
            f"an open stream on hello ({hello.streams:,})", hello.stream_bytes / 1024,
            TARGET_KB_PER_PHONE, "max"),
        Row(f"{label}: server memory per phone at the peak", 1024 * result.peak_mb / done,
            "KB"),
        Row(f"{label}: client CPU per attendee (2 processes)",
            1000 * result.client_cpu_s / max(1, result.n), "ms"),
    ]  # fmt: skip
    rows.append(
        Row(f"{label}: counters complete after the last save",
            float("nan") if result.dashboard_s is None else result.dashboard_s, "s",
            target=TARGET_DASHBOARD_S, target_kind="max")
    )  # fmt: skip
    report_failures(result)
    return rows


def report_failures(result: Storm) -> None:
    failures: dict[str, int] = {}
    for person in result.people:
        if person.error:
            failures[person.error] = failures.get(person.error, 0) + 1
    for error, count in sorted(failures.items(), key=lambda item: -item[1])[:5]:
        print(f"  {result.kind}: {count} phones failed: {error}")


def run() -> list[Row]:
    quick = os.environ.get("BENCH_QUICK") == "1"
    window_s, setups = SIZES[quick]
    print(
        f"  bench_join_storm: every phone is on this machine's address, so each room is served "
        f"with the per-address limits lifted ({' '.join(LIFTED)})"
    )
    hello = hello_baseline(quick, max(s.n for s in setups))
    rows: list[Row] = []
    postgres = PostgresServer(durable=True) if any(s.backend != "sqlite" for s in setups) else None
    try:
        one_process: dict[tuple[str, int], Storm] = {}
        for setup in setups:
            chosen = postgres if setup.backend == "postgresql" else None
            print(f"  {setup.label} ...", file=sys.stderr, flush=True)
            result = room_storm(setup, chosen, window_s)
            if setup.workers == 1:
                one_process[(setup.backend, setup.n)] = result
            beside = one_process.get((setup.backend, setup.n)) if setup.workers > 1 else None
            rows += rows_for(result, hello, beside)
    finally:
        if postgres is not None:
            postgres.stop()
    return rows
