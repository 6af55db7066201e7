"""Attendees per 24 GB machine, from the memory of a real attendee kernel.

A real ipykernel (started by jupyter_client, as Voilà starts one per page) runs what the live
notebook runs and then what a joined attendee does: build the app from the page's query
string, click Join, open the do-over step and type an answer, open the balance step and rate
four categories, so the wheel is drawn. Its unique memory (USS: pages no other process shares,
what each further kernel adds) is read with psutil from outside; RSS is shown beside it.
The baseline is a bare ipykernel that has run nothing. The estimate divides 24 GiB, less a
reserve for the OS, Voilà and the dashboard, by one attendee kernel's memory. It leaves out
what Voilà's server holds per connection, which is small beside a kernel.
"""

from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path
from typing import Any

import psutil
from jupyter_client.manager import KernelManager

from benchmarks.rows import Row
from workshop.content.keynote import load_content
from workshop.content.live import load_live_content
from workshop.live import operations as live
from workshop.store import Store

ROUNDS = 3
MACHINE_GIB = 24
RESERVE_GIB = 2
TARGET_ATTENDEES = 300
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


def execute(client: Any, code: str) -> None:
    reply = client.execute_interactive(code, timeout=TIMEOUT_S, output_hook=lambda _msg: None)
    content = reply["content"]
    if content["status"] != "ok":
        raise RuntimeError(
            f"kernel refused the benchmark's code: {content.get('ename')}: {content.get('evalue')}"
        )


def kernel_memory(scratch: Path, env: dict[str, str], cells: list[str]) -> tuple[int, int]:
    """(USS, RSS) in bytes of a fresh kernel once `cells` have run."""
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
            execute(client, cell)
        pid = getattr(manager.provisioner, "pid", None)  # a local kernel's process
        if pid is None:
            raise RuntimeError("the kernel has no process id to measure")
        process = psutil.Process(pid)
        try:
            info = process.memory_full_info()
            return int(info.uss), int(info.rss)
        except psutil.AccessDenied:
            rss = int(process.memory_info().rss)
            return rss, rss
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def joined_ratings(database: Path, code: str) -> int:
    """How many of the attendee's ratings reached the store (the clicks really happened)."""
    with Store(database) as store:
        ids = store.export_rows(code).attendees
        return sum(len(store.answers(a).ratings) for a in ids)


def run() -> list[Row]:
    content = load_content()
    live_content = load_live_content(content.source)
    join = live_content.label("join_button")
    samples: dict[str, list[tuple[int, int]]] = {"bare": [], "attendee": []}
    with tempfile.TemporaryDirectory(prefix="bench-capacity-") as scratch:
        where = Path(scratch)
        database = where / "capacity.db"
        with Store(database) as store:
            session = live.start_session(store, content, live_content).session
            for step in ("do_over", "balance"):
                live.set_step(store, session, step, True)
        env = {"WORKSHOP_DB": str(database), "QUERY_STRING": f"session={session.code}"}
        attendee_cells = [
            NOTEBOOK_CELL,
            f"_JOIN = {join!r}\n_RATINGS = {RATINGS!r}\n" + ATTENDEE_CLICKS,
            SETTLE,
        ]
        for _ in range(ROUNDS):  # interleaved, so drift touches both alike
            samples["bare"].append(kernel_memory(where, env, ["pass"]))
            samples["attendee"].append(kernel_memory(where, env, attendee_cells))
        saved = joined_ratings(database, session.code)
    if saved != ROUNDS * len(RATINGS):
        raise RuntimeError(
            f"expected {ROUNDS * len(RATINGS)} ratings saved by the attendee kernels, found "
            f"{saved}: the benchmark did not measure a joined attendee"
        )
    mib = 2**20
    bare_uss, bare_rss = (statistics.median(s[i] for s in samples["bare"]) / mib for i in (0, 1))
    uss, rss = (statistics.median(s[i] for s in samples["attendee"]) / mib for i in (0, 1))
    budget_mib = (MACHINE_GIB - RESERVE_GIB) * 1024
    return [
        Row(
            name="attendee kernel USS (joined, do-over, wheel drawn)",
            value=uss,
            unit="MiB",
            baseline_name="bare ipykernel",
            baseline=bare_uss,
        ),
        Row(
            name="attendee kernel RSS (same kernel)",
            value=rss,
            unit="MiB",
            baseline_name="bare ipykernel",
            baseline=bare_rss,
        ),
        Row(
            name=f"attendees per {MACHINE_GIB} GiB ({RESERVE_GIB} GiB reserved) / kernel USS",
            value=budget_mib / uss,
            unit="attendees",
            baseline_name="if kernels were bare",
            baseline=budget_mib / bare_uss,
            target=TARGET_ATTENDEES,
            target_kind="min",
        ),
    ]
