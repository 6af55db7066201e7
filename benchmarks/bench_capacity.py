"""Attendees per 24 GB machine: what one connected attendee costs the server, on Solara, beside
what one cost the old server (a Voilà kernel of its own), in the same run.

Solara: `workshop serve` on SQLite. A few attendees join first, so that what every page shares
(imports, the wheel's fonts) is loaded; then the server's unique memory (USS: pages no other
process shares) is read, `ATTENDEES` more join and rate all eight categories (the wheel drawn)
with their pages kept open, and USS is read again. The difference, per attendee, is what each
further attendee costs.

Voilà (the baseline): a real ipykernel, started as Voilà started one per page, runs the live
notebook and then what a joined attendee does (join, a do-over, four ratings, the wheel); its
USS is read from outside. The estimate divides 24 GiB, less a reserve for the OS and the
server's own memory, by one attendee's cost.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil
from jupyter_client.manager import KernelManager

from benchmarks import _serve
from benchmarks._page_client import PageClient, assets_of, http_client
from benchmarks._storm import Attendee, attend
from benchmarks.rows import Row
from workshop.content.keynote import load_content
from workshop.content.live import load_live_content
from workshop.services import live_session as live
from workshop.store import Store

#: Attendees measured on Solara (fewer under BENCH_QUICK=1), after a few to warm the server.
ATTENDEES = {False: 200, True: 50}
WARMUP = 5
#: At a time, as a room trickles in (the join storm is measured by bench_join_storm).
AT_ONCE = 10
KERNEL_ROUNDS = 2
MACHINE_GIB = 24
RESERVE_GIB = 2
TARGET_ATTENDEES = 1000
TIMEOUT_S = 60.0
RATINGS = {"career": 6, "health": 2, "family": 7, "fun": 5}

# The live notebook's own cell, then an attendee's clicks, made the way the browser makes them:
# through the widgets (Button.click runs the on_click handlers; setting a value runs observers).
NOTEBOOK_CELL = """
from workshop.ui.live.app import live_app

page = live_app()
page
"""
ATTENDEE_CLICKS = """
import ipywidgets as _w

def _all(widget, kind):
    found = [widget] if isinstance(widget, kind) else []
    for child in getattr(widget, "children", ()):
        found += _all(child, kind)
    return found

def _step(step):
    return next(b for b in _all(page, _w.Button) if f"workshop-step-{step}" in b._dom_classes)

next(b for b in _all(page, _w.Button) if b.description == _JOIN).click()
_step("do_over").click()
_all(page, _w.Textarea)[0].value = "Ask for feedback much earlier, and listen longer."
_step("balance").click()
_rows = {
    c: t for t in _all(page, _w.VBox) for c in _RATINGS if f"workshop-rate-{c}" in t._dom_classes
}
for _category, _score in _RATINGS.items():
    _all(_rows[_category], _w.ToggleButtons)[0].value = _score
_wheels = [x for x in _all(page, _w.DOMWidget) if "workshop-wheel" in x._dom_classes]
assert _wheels and _wheels[0].value, "the balance step drew no wheel"
"""
# Let the autosave's debounce run on the kernel's event loop, as it would between clicks.
SETTLE = "import asyncio\nawait asyncio.sleep(1.5)"


def uss_mib(pid: int) -> float:
    return psutil.Process(pid).memory_full_info().uss / 2**20


# -- Solara: one process, many attendees --------------------------------------------------------


async def _join(served: _serve.Served, count: int) -> list[PageClient]:
    """`count` attendees join and rate every category, `AT_ONCE` at a time; pages stay open."""
    categories = [c.id for c in load_content().balance.categories]
    path = f"/?session={served.session_code}"
    pages: list[PageClient] = []
    async with http_client(100) as http:
        page = await PageClient(http, served.base_url).get(path)
        assets = assets_of(page.text, served.base_url)
        for start in range(0, count, AT_ONCE):
            people = [Attendee() for _ in range(min(AT_ONCE, count - start))]
            pages += await asyncio.gather(
                *(
                    attend(http, "solara", served.base_url, path, assets, categories, p)
                    for p in people
                )
            )
        return pages


async def _solara_cost(served: _serve.Served, count: int) -> tuple[float, float]:
    """(USS before, USS after) `count` attendees joined, in MiB, after the warm-up."""
    warm = await _join(served, WARMUP)
    await asyncio.sleep(2)
    before = uss_mib(served.process.pid)
    pages = await _join(served, count)
    await asyncio.sleep(3)  # the last saves and wheels settle
    after = uss_mib(served.process.pid)
    for page in [*warm, *pages]:
        await page.close()
    return before, after


def solara_per_attendee(count: int) -> tuple[float, float]:
    """(MiB per attendee, the server's USS before them)."""
    with tempfile.TemporaryDirectory(prefix="bench-capacity-") as scratch:
        folder = Path(scratch)
        db = str(folder / "room.db")
        served = _serve.start(folder, db, ["--max-attendees", str(count + 50)])
        try:
            with Store(db) as store:
                store.set_step_open(served.session_code, "balance", True)
            before, after = asyncio.run(_solara_cost(served, count))
            with Store(db, readonly=True) as store:
                saved = len(store.export_rows(served.session_code).ratings)
        finally:
            served.stop()
    expected = (count + WARMUP) * len(load_content().balance.categories)
    if saved != expected:
        raise RuntimeError(f"expected {expected} ratings saved, found {saved}")
    return (after - before) / count, before


# -- Voilà: a kernel per attendee -------------------------------------------------------------


def _execute(client: Any, code: str) -> None:
    reply = client.execute_interactive(code, timeout=TIMEOUT_S, output_hook=lambda _msg: None)
    content = reply["content"]
    if content["status"] != "ok":
        raise RuntimeError(
            f"kernel refused the benchmark's code: {content.get('ename')}: {content.get('evalue')}"
        )


def kernel_uss(scratch: Path, env: dict[str, str], cells: list[str]) -> float:
    """USS in MiB of a fresh kernel once `cells` have run."""
    # IPC sockets in the scratch folder: no TCP port at all, and no warning about one.
    manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(scratch / "kernel"))
    environ = {**os.environ, **env}
    environ.pop("SERVER_SOFTWARE", None)
    manager.start_kernel(env=environ, cwd=str(scratch))
    client = manager.client()
    try:
        client.start_channels()
        client.wait_for_ready(timeout=TIMEOUT_S)
        for cell in cells:
            _execute(client, cell)
        pid = getattr(manager.provisioner, "pid", None)  # a local kernel's process
        if pid is None:
            raise RuntimeError("the kernel has no process id to measure")
        return uss_mib(pid)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def voila_per_attendee() -> float:
    content = load_content()
    live_content = load_live_content(content.source)
    with tempfile.TemporaryDirectory(prefix="bench-capacity-voila-") as scratch:
        where = Path(scratch)
        database = where / "capacity.db"
        with Store(database) as store:
            session = live.start_session(store, content, live_content).session
            for step in ("do_over", "balance"):
                live.set_step(store, session, step, True)
        env = {"WORKSHOP_DB": str(database), "QUERY_STRING": f"session={session.code}"}
        cells = [
            NOTEBOOK_CELL,
            f"_JOIN = {live_content.label('join_button')!r}\n_RATINGS = {RATINGS!r}\n"
            + ATTENDEE_CLICKS,
            SETTLE,
        ]
        samples = [kernel_uss(where, env, cells) for _ in range(KERNEL_ROUNDS)]
        with Store(database) as store:
            saved = sum(
                len(store.answers(a).ratings) for a in store.export_rows(session.code).attendees
            )
    if saved != KERNEL_ROUNDS * len(RATINGS):
        raise RuntimeError(f"the attendee kernels saved {saved} ratings, not a joined room's")
    return statistics.median(samples)


def run() -> list[Row]:
    count = ATTENDEES[os.environ.get("BENCH_QUICK") == "1"]
    started = time.perf_counter()
    kernel = voila_per_attendee()
    page, server = solara_per_attendee(count)
    print(f"  bench_capacity: {count} attendees measured in {time.perf_counter() - started:.0f} s")
    budget_mib = (MACHINE_GIB - RESERVE_GIB) * 1024 - server
    return [
        Row(
            name=f"Solara: server memory per attendee (USS, {count} joined, wheels drawn)",
            value=page,
            unit="MiB",
            baseline_name="Voilà: one attendee kernel (USS)",
            baseline=kernel,
        ),
        Row(
            name=f"attendees per {MACHINE_GIB} GiB ({RESERVE_GIB} GiB reserved), by memory",
            value=budget_mib / page,
            unit="attendees",
            baseline_name="Voilà, a kernel each",
            baseline=budget_mib / kernel,
            target=TARGET_ATTENDEES,
            target_kind="min",
        ),
    ]
