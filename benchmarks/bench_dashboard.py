"""The facilitator dashboard's refresh with 5,000 attendees, against a pandas groupby.

A refresh is what the dashboard does every 2 s: query the store, aggregate the room, and
redraw. The board cache is cleared before each one, so the room wheel is really drawn every
time (the worst case: the room changed since the last poll). The baseline is the least any
aggregate of the same room costs: a pandas groupby over its rating rows, already in memory.
Refreshes and groupbys alternate, so noise on a shared machine touches both alike.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from benchmarks.rows import Row
from workshop.content.keynote import load_content
from workshop.content.live import load_live_content
from workshop.live import operations as live
from workshop.live.demo import fill_room
from workshop.store import Store
from workshop.ui.live.dashboard import Dashboard

ATTENDEES = 5_000
REFRESHES = 40
WARMUP = 3
TARGET_MS = 250.0


def percentile(samples: list[float], pct: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


def measure(database: Path) -> tuple[dict[str, list[float]], int]:
    content = load_content()
    live_content = load_live_content(content.source)
    samples: dict[str, list[float]] = {"refresh": [], "groupby": []}
    with Store(database) as store:
        session = live.start_session(store, content, live_content).session
        fill_room(store, content, live_content, ATTENDEES, session.code)
        store.set_revealed(session.code, True)
        with sqlite3.connect(database) as conn:
            ratings = pd.read_sql_query("SELECT category, score FROM ratings", conn)
        dashboard = Dashboard(store, content, live_content, session)
        for i in range(WARMUP + REFRESHES):
            dashboard._board_key = None  # the room changed: redraw the wheel
            started = time.perf_counter()
            dashboard.refresh()
            refresh = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            ratings.groupby(["category", "score"]).size()
            groupby = (time.perf_counter() - started) * 1000
            if i >= WARMUP:
                samples["refresh"].append(refresh)
                samples["groupby"].append(groupby)
        # Guard against measuring an empty board: the wheel must have been drawn.
        if not dashboard.wheel.value or dashboard.board.layout.display != "flex":
            raise RuntimeError("the dashboard drew no room board; the benchmark measured nothing")
    return samples, len(ratings)


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as scratch:
        samples, rating_rows = measure(Path(scratch) / "dashboard.db")
    rows = []
    for pct in (50, 99):
        rows.append(
            Row(
                name=f"Dashboard.refresh p{pct} ({ATTENDEES:,} attendees, wheel redrawn)",
                value=percentile(samples["refresh"], pct),
                unit="ms",
                baseline_name=f"pandas groupby of {rating_rows:,} ratings p{pct}",
                baseline=percentile(samples["groupby"], pct),
                target=TARGET_MS,
                target_kind="max",
            )
        )
    return rows
