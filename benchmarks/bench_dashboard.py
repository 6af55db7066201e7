"""The big screen's refresh with 5,000 attendees, against a pandas groupby.

A refresh is what the big screen does every second: read the session, the room's published
figures and the wall, and build the slide. Two cases: a *cold* refresh, by a screen that has
read nothing yet (every figure parsed and counted, the balance slide drawn), and a *steady*
one, the second a screen spends when nothing new was published (the room's answers are still
read, to see whether a batch is ready). The baseline is the least any aggregate of the same
room costs: a pandas groupby over its rating rows, already in memory. Refreshes and groupbys
alternate, so noise on a shared machine touches both alike.
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
from workshop.services import live_session as live
from workshop.services.demo import fill_room
from workshop.store import Store
from workshop.ui.live.presenter import Presenter

ATTENDEES = 5_000
REFRESHES = 15
WARMUP = 3
#: A screen refreshes every second: a steady refresh must leave most of it to everything else.
TARGET_MS = 250.0
#: A new screen (a page opened, a server process started) may take a moment once.
COLD_TARGET_MS = 1500.0


def percentile(samples: list[float], pct: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


def measure(database: Path) -> tuple[dict[str, list[float]], int]:
    content = load_content()
    live_content = load_live_content(content.source)
    samples: dict[str, list[float]] = {"cold": [], "steady": [], "groupby": []}
    with Store(database) as store:
        session = live.start_session(store, content, live_content).session
        fill_room(store, content, live_content, ATTENDEES, session.code)
        balance = next(i for i, s in enumerate(live_content.agenda) if s.step == "balance")
        live.start_segment(store, session, live_content, balance)
        store.set_revealed(session.code, True)
        with sqlite3.connect(database) as conn:
            ratings = pd.read_sql_query("SELECT category, score FROM ratings", conn)
        steady = Presenter(store, content, live_content, session, "http://room.example/")
        for _ in range(WARMUP + REFRESHES):
            started = time.perf_counter()
            cold = Presenter(store, content, live_content, session, "http://room.example/")
            samples["cold"].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            steady.refresh()
            samples["steady"].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            ratings.groupby(["category", "score"]).size()
            samples["groupby"].append((time.perf_counter() - started) * 1000)
        # Guard against measuring an empty slide: the balance results must have been drawn.
        for screen in (cold, steady):
            if "<table class='wp-heat'>" not in screen.widget.value:
                raise RuntimeError("the big screen drew no room results; nothing was measured")
    return {k: v[WARMUP:] for k, v in samples.items()}, len(ratings)


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as scratch:
        samples, rating_rows = measure(Path(scratch) / "dashboard.db")
    rows = []
    for case, said in (("cold", "a new screen"), ("steady", "nothing newly published")):
        for pct in (50, 99):
            rows.append(
                Row(
                    name=f"big screen refresh, {said}, p{pct} ({ATTENDEES:,} attendees)",
                    value=percentile(samples[case], pct),
                    unit="ms",
                    baseline_name=f"pandas groupby of {rating_rows:,} ratings p{pct}",
                    baseline=percentile(samples["groupby"], pct),
                    target=TARGET_MS if case == "steady" else COLD_TARGET_MS,
                    target_kind="max",
                )
            )
    return rows
