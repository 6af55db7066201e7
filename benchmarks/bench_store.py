"""Save latency of one attendee answer, against a bare SQLite insert and commit on the same disk.

Both sides use the same durability settings (WAL, and the store's own ``synchronous``
level, read from a live Store) and alternate one call each, so disk and machine noise fall
on both alike. A save includes everything an attendee's click pays for: the lock,
``BEGIN IMMEDIATE``, the upsert and the commit.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.rows import Row
from workshop.store import BUSY_TIMEOUT_MS, Store

REPETITIONS = 3000
WARMUP = 100
TARGET_RATIO = 2.0
TEXT = "If I had it to do over again, I would ask more questions and listen longer. " * 3


def percentile(samples: list[float], pct: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


def raw_connection(path: Path, synchronous: int) -> sqlite3.Connection:
    """The least a single-row write can cost here, with the store's own pragmas."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    conn.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    return conn


def timed(action: Callable[..., object], *args: object) -> float:
    started = time.perf_counter()
    action(*args)
    return (time.perf_counter() - started) * 1000


def measure(directory: Path) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {"text": [], "rating": [], "raw": []}
    with Store(directory / "probe.db") as probe:
        synchronous = int(str(probe.pragma("synchronous")))
    raw = raw_connection(directory / "raw.db", synchronous)

    def raw_insert() -> None:
        raw.execute("BEGIN")
        raw.execute("INSERT INTO rows (body) VALUES (?)", (TEXT,))
        raw.execute("COMMIT")

    with Store(directory / "store.db") as store:
        attendee = store.create_attendee()
        fields = [f"{context}.answer" for context in ("professional", "personal", "recent_call")]
        for i in range(WARMUP + REPETITIONS):
            field, category, score = fields[i % 3], f"category-{i % 8}", 1 + i % 8
            text = timed(store.save_text, attendee.id, "do_over", field, TEXT)
            base = timed(raw_insert)
            rating = timed(store.save_rating, attendee.id, category, score)
            if i >= WARMUP:
                samples["text"].append(text)
                samples["rating"].append(rating)
                samples["raw"].append(base)
    raw.close()
    return samples


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="bench-store-") as scratch:
        samples = measure(Path(scratch))
    raw = samples["raw"]
    rows = []
    for kind, method in (("text", "save_text"), ("rating", "save_rating")):
        for pct in (50, 99):
            rows.append(
                Row(
                    name=f"Store.{method} p{pct} ({REPETITIONS} saves)",
                    value=percentile(samples[kind], pct),
                    unit="ms",
                    baseline_name=f"sqlite insert+commit p{pct}",
                    baseline=percentile(raw, pct),
                    target=TARGET_RATIO,
                )
            )
    return rows
