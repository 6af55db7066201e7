"""Resident memory of an attendee's balance page, against a process that only imports ipywidgets.

Each figure comes from a fresh interpreter: it builds its state, says "ready", and waits while
this process reads its RSS with psutil (so psutil's own memory is not counted). The budget is
300 attendee kernels on one 24 GB machine, so what the views add on top of ipywidgets matters.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import psutil

from benchmarks.rows import Row

ROUNDS = 5
TARGET_RATIO = 1.6

BASELINE = "import ipywidgets"
BALANCE_VIEW = """
import workshop
from workshop.ui.keynote.balance import balance_view
page = balance_view()
"""
FIRST_RATING = """
import workshop
from workshop.ui.keynote.balance import BalanceView
from workshop.ui.keynote.context import AttendeeContext
view = BalanceView(AttendeeContext.from_environment())
view.buttons["career"].value = 5
"""
READY = """
import sys
print("ready", flush=True)
sys.stdin.read()
"""


def memory_after(script: str, scratch: Path) -> tuple[int, int]:
    """Bytes resident (RSS) and unique to the process (USS) once `script` has run."""
    # A database of its own: a shared one would hand this child the last child's attendee
    # (device memory), ratings and all, and draw the wheel on load.
    database = Path(tempfile.mkdtemp(dir=scratch)) / "bench.db"
    env = {**os.environ, "WORKSHOP_DB": str(database)}
    for name in ("QUERY_STRING", "SERVER_SOFTWARE"):
        env.pop(name, None)
    child = subprocess.Popen(
        [sys.executable, "-c", script + READY],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=scratch,
        env=env,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        line = child.stdout.readline().strip()
        if line != "ready":
            raise RuntimeError(f"benchmark child did not start: {line!r}")
        info = psutil.Process(child.pid).memory_full_info()
        return int(info.rss), int(info.uss)
    finally:
        child.stdin.close()
        child.wait(timeout=30)


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as scratch:
        where = Path(scratch)
        # Interleave the rounds so drift on a shared machine touches every figure alike.
        samples: dict[str, list[tuple[int, int]]] = {"base": [], "view": [], "rated": []}
        for _ in range(ROUNDS):
            samples["base"].append(memory_after(BASELINE, where))
            samples["view"].append(memory_after(BALANCE_VIEW, where))
            samples["rated"].append(memory_after(FIRST_RATING, where))

    def mib(key: str, kind: int) -> float:
        return statistics.median(pair[kind] for pair in samples[key]) / 2**20

    base, view, rated = mib("base", 0), mib("view", 0), mib("rated", 0)
    return [
        Row(
            name="RSS: workshop + balance view",
            value=view,
            unit="MiB",
            baseline_name="import ipywidgets",
            baseline=base,
            target=TARGET_RATIO,
        ),
        # No target: matplotlib is the price of the wheel. USS (pages no other process
        # shares) is what each extra attendee kernel really costs the machine.
        Row(
            name="RSS: after first rating (wheel drawn)",
            value=rated,
            unit="MiB",
            baseline_name="import ipywidgets",
            baseline=base,
        ),
        Row(
            name="USS: after first rating (wheel drawn)",
            value=mib("rated", 1),
            unit="MiB",
            baseline_name="USS import ipywidgets",
            baseline=mib("base", 1),
        ),
    ]
