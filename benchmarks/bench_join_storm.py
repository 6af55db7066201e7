"""The join storm: N attendees arrive within a minute, join, and rate all eight categories.

Simulated attendees speak the server's real protocol (`benchmarks._page_client`): each GETs the
page and, with a cold cache, every front-end file a real page load asks for; opens the page's
websocket; waits for the join screen; joins; and rates each category of the balance step (open
before the storm), waiting for "Saved" after each. Arrivals are a Poisson process conditioned on
N arrivals in 60 s (sorted uniform times; 20 s under `BENCH_QUICK=1`), dealt to two client
processes (`benchmarks._storm`). A facilitator's remote, connected before the storm, gives the
time from the last save until its counters show every attendee who rated (to within one
batch of k, the anonymity threshold: the last few wait for company). Afterwards the
database is read: a save the page showed as "Saved" must be there.

In one run, each beside its baseline:
- the old one-kernel-per-page server (Voilà), the baseline of the others;
- `workshop serve` on SQLite, and on PostgreSQL: one process, and two processes behind nginx
  (`--workers 2`) on the same database, the second beside the first.

`BENCH_QUICK=1` runs every configuration smaller (see `SIZES`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import _serve
from benchmarks._page_client import PageClient, http_client
from benchmarks._postgres import PostgresServer
from benchmarks._storm import Meter, Plan, Storm, Watch, schedule, storm
from benchmarks._voila import ATTENDEE_NOTEBOOK, VoilaServer
from benchmarks.rows import Row
from workshop.content.keynote import load_content
from workshop.content.live import load_live_content
from workshop.services import live_session as live
from workshop.store import Store

TARGET_JOIN_P95_S = 3.0
TARGET_MB_PER_ATTENDEE = 5.0
TARGET_DASHBOARD_S = 2.0


@dataclass(frozen=True)
class Setup:
    backend: str  # "sqlite" or "postgresql"
    workers: int
    n: int

    @property
    def label(self) -> str:
        processes = "1 process" if self.workers == 1 else f"{self.workers} processes + nginx"
        return f"N={self.n}, {'SQLite' if self.backend == 'sqlite' else 'PostgreSQL'}, {processes}"


#: (the arrivals' window in seconds, Voilà's N, the Solara setups), full and quick.
SIZES: dict[bool, tuple[float, int, tuple[Setup, ...]]] = {
    False: (
        60.0,
        60,
        (
            Setup("sqlite", 1, 300),
            Setup("sqlite", 1, 1000),
            Setup("sqlite", 2, 1000),
            Setup("postgresql", 1, 1000),
            Setup("postgresql", 2, 1000),
        ),
    ),
    True: (
        20.0,
        20,
        (Setup("sqlite", 1, 100), Setup("postgresql", 1, 200), Setup("postgresql", 2, 200)),
    ),
}


def _categories() -> list[str]:
    return [c.id for c in load_content().balance.categories]


def lost_saves(db: str, code: str, result: Storm) -> int:
    """Saves the pages showed as "Saved" that the database does not hold."""
    with Store(db, readonly=True) as store:
        stored = sum(1 for _, _, score in store.export_rows(code).ratings if score == 5)
    return max(0, result.confirmed_saves - stored)


def remote_of(served: _serve.Served) -> Callable[[], Awaitable[Watch | None]]:
    """Sign the facilitator in and open the remote (inside the storm's event loop)."""

    async def connect() -> Watch | None:
        remote = PageClient(http_client(10), served.base_url)
        await remote.post("/facilitator/sign-in", f"link={served.token}")
        await remote.get("/remote")
        await remote.open_solara("/remote")
        counters = await remote.until(lambda: remote.with_class("workshop-counters"))
        return Watch(remote, counters, load_content().settings.anonymity_k)

    return connect


def solara_storm(setup: Setup, postgres: PostgresServer | None, window_s: float) -> Storm:
    with tempfile.TemporaryDirectory(prefix="workshop-storm-") as scratch:
        folder = Path(scratch)
        db = postgres.schema_url() if postgres is not None else str(folder / "room.db")
        args = ["--max-attendees", str(setup.n + 50), "--workers", str(setup.workers)]
        served = _serve.start(folder, db, args)
        try:
            with Store(db) as store:
                store.set_step_open(served.session_code, "balance", True)
            plan = Plan(
                "solara",
                served.base_url,
                f"/?session={served.session_code}",
                _categories(),
                schedule(setup.n, window_s),
            )
            result = storm(plan, Meter(served.process.pid), remote_of(served))
            result.kind = setup.label
            result.lost = lost_saves(db, served.session_code, result)
            return result
        finally:
            served.stop()


def voila_storm(n: int, window_s: float) -> Storm:
    with tempfile.TemporaryDirectory(prefix="workshop-storm-voila-") as scratch:
        folder = Path(scratch)
        db = folder / "room.db"
        content = load_content()
        with Store(db) as store:
            code = live.start_session(store, content, load_live_content(content.source))
            store.set_step_open(code.session.code, "balance", True)
        with VoilaServer(ATTENDEE_NOTEBOOK, folder, {"WORKSHOP_DB": str(db)}) as server:
            server.wait_until_answering()
            base = server.url.rstrip("/")
            plan = Plan("voila", base, f"/?session={code.session.code}", _categories(), schedule(n))
            result = storm(plan, Meter(server.process.pid))
            result.kind = f"N={n}, Voilà (one kernel per page)"
            result.lost = lost_saves(str(db), code.session.code, result)
            return result


def _per(result: Storm, total: float) -> float:
    return total / max(1, result.n - result.errors)


def rows_for(result: Storm, baseline: Storm | None) -> list[Row]:
    joins, saves = result.join_times(), result.save_times()
    label = f"join storm {result.kind}"
    base_name = baseline.kind if baseline else ""
    b = baseline

    def beside(value: float, of_baseline: float | None, unit: str, name: str,
               target: float | None = None) -> Row:  # fmt: skip
        return Row(f"{label}: {name}", value, unit, base_name if b else "",
                   of_baseline if b else None, target, "max")  # fmt: skip

    rows = [
        beside(percentile(joins, 0.5), b and percentile(b.join_times(), 0.5), "s",
               "join screen p50"),
        beside(percentile(joins, 0.95), b and percentile(b.join_times(), 0.95), "s",
               "join screen p95", TARGET_JOIN_P95_S),
        beside(max(joins, default=float("nan")), b and max(b.join_times(), default=0), "s",
               "join screen max"),
        beside(percentile(saves, 0.5), b and percentile(b.save_times(), 0.5), "s",
               "rating saved p50"),
        beside(percentile(saves, 0.95), b and percentile(b.save_times(), 0.95), "s",
               "rating saved p95"),
        Row(f"{label}: errors", float(result.errors), "attendees", target=0, target_kind="max"),
        Row(f"{label}: saves lost (of {result.confirmed_saves:,} shown as saved)",
            float(result.lost or 0), "saves", target=0, target_kind="max"),
        beside(_per(result, result.rss_growth_mb), b and _per(b, b.rss_growth_mb), "MB",
               "server memory per attendee", TARGET_MB_PER_ATTENDEE),
        beside(_per(result, result.cpu_s), b and _per(b, b.cpu_s), "s",
               "server CPU per attendee"),
        beside(result.client_cpu_s / max(1, result.n), b and b.client_cpu_s / max(1, b.n), "s",
               "client CPU per attendee (2 processes)"),
    ]  # fmt: skip
    if result.dashboard_s is not None:
        rows.append(
            Row(f"{label}: dashboard counts all after the last save", result.dashboard_s, "s",
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
        print(f"  {result.kind}: {count} attendees failed: {error}")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run() -> list[Row]:
    quick = os.environ.get("BENCH_QUICK") == "1"
    window_s, voila_n, setups = SIZES[quick]
    baseline = voila_storm(voila_n, window_s)
    rows = rows_for(baseline, None)
    postgres = PostgresServer(durable=True) if any(s.backend != "sqlite" for s in setups) else None
    try:
        # Several processes are shown beside one process on the same database and room size.
        one_process: dict[tuple[str, int], Storm] = {}
        for setup in setups:
            chosen = postgres if setup.backend == "postgresql" else None
            result = solara_storm(setup, chosen, window_s)
            if setup.workers == 1:
                one_process[(setup.backend, setup.n)] = result
            beside = one_process.get((setup.backend, setup.n)) if setup.workers > 1 else baseline
            rows += rows_for(result, beside)
    finally:
        if postgres is not None:
            postgres.stop()
    return rows
