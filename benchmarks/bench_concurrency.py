"""64 processes saving at once, on SQLite and on PostgreSQL side by side, against the same saves
made by one process alone.

Each process stands for one server process's writer: it opens its own `Store` on the shared
database, waits at a barrier until all 64 are ready, then saves a burst of answers for its own
attendee (ratings and texts, some of them changed answers) as fast as it can. That is harsher
than a real room, where people type between saves, so its tail is an upper bound. Afterwards
the database is read back: every answer whose save returned must be there with its last value.

Both backends run in turn, twice each (SQLite, PostgreSQL, SQLite, PostgreSQL), so a busy
moment on a shared machine falls on both alike; each figure pools its rounds. SQLite runs as
the store sets it (WAL, synchronous NORMAL); PostgreSQL is a throwaway cluster with its default
settings (fsync and synchronous commit on), on the same disk.
"""

from __future__ import annotations

import multiprocessing
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks._postgres import PostgresServer
from benchmarks.rows import Row
from workshop.content.keynote import load_content
from workshop.errors import WorkshopError
from workshop.store import Store

PROCESSES = 64
SAVES = 40
ROUNDS = 2
TARGET_P99_MS = 50.0
#: PostgreSQL's p99 should be under half SQLite's: the point of moving a big room to it.
TARGET_POSTGRES_RATIO = 0.5
TEXT = "If I had it to do over again, I would ask more questions and listen longer. " * 2
START_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Save:
    kind: str  # "rating" or "text"
    key: str  # category, or the text's field name
    value: str | int


def plan(attendee_index: int, categories: tuple[str, ...]) -> list[Save]:
    """One attendee's 40 saves: eight categories rated and then re-rated, and 24 texts, of
    which the last 8 rewrite earlier ones (an attendee editing an answer)."""
    saves: list[Save] = []
    for round_ in range(2):
        for n, category in enumerate(categories[:8]):
            saves.append(Save("rating", category, 1 + (attendee_index + n + round_) % 8))
    for n in range(24):
        field = f"field-{n % 16}.answer"
        saves.append(Save("text", field, f"{TEXT}[{attendee_index}:{n}]"))
    # Interleave ratings and texts as an attendee moving between exercises would.
    ratings, texts = saves[:16], saves[16:]
    mixed = [s for pair in zip(texts[:16], ratings, strict=True) for s in pair] + texts[16:]
    assert len(mixed) == SAVES
    return mixed


def apply(store: Store, attendee_id: str, save: Save) -> None:
    if save.kind == "rating":
        store.save_rating(attendee_id, save.key, int(save.value))
    else:
        store.save_text(attendee_id, "do_over", save.key, str(save.value))


@dataclass(frozen=True)
class Outcome:
    latencies_ms: list[float]
    errors: list[str]
    saved: list[Save]  # saves that returned, in order


def save_burst(
    database: str, attendee_id: str, index: int, categories: tuple[str, ...], barrier: Any
) -> Outcome:
    latencies: list[float] = []
    errors: list[str] = []
    saved: list[Save] = []
    with Store(database) as store:
        if barrier is not None:
            barrier.wait(START_TIMEOUT_S)
        for save in plan(index, categories):
            started = time.perf_counter()
            try:
                apply(store, attendee_id, save)
            except (WorkshopError, OSError) as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            finally:
                latencies.append((time.perf_counter() - started) * 1000)
            saved.append(save)
    return Outcome(latencies, errors, saved)


def _child(
    database: str,
    attendee_id: str,
    index: int,
    categories: tuple[str, ...],
    barrier: Any,
    results: Any,
) -> None:
    try:
        outcome = save_burst(database, attendee_id, index, categories, barrier)
    except BaseException as exc:  # report anything at all, so the parent never waits forever
        outcome = Outcome([], [f"process failed: {type(exc).__name__}: {exc}"], [])
        if barrier is not None:
            barrier.abort()
    results.put((index, outcome))


def make_attendees(database: str, count: int) -> list[str]:
    with Store(database) as store:
        return [store.create_attendee(f"Bench {i}").id for i in range(count)]


def concurrent(
    database: str, attendees: list[str], categories: tuple[str, ...]
) -> dict[int, Outcome]:
    # fork: 64 children start in a moment, each with workshop already imported. No
    # connection is open in this process while they fork.
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(attendees))
    results = context.Queue()
    children = [
        context.Process(target=_child, args=(database, attendee, i, categories, barrier, results))
        for i, attendee in enumerate(attendees)
    ]
    outcomes: dict[int, Outcome] = {}
    try:
        for child in children:
            child.start()
        for _ in children:
            index, outcome = results.get(timeout=START_TIMEOUT_S)
            outcomes[index] = outcome
    finally:
        for child in children:
            child.join(timeout=10)
            if child.is_alive():
                child.kill()
                child.join()
    return outcomes


def alone(database: str, attendees: list[str], categories: tuple[str, ...]) -> dict[int, Outcome]:
    return {i: save_burst(database, a, i, categories, None) for i, a in enumerate(attendees)}


def count_lost(
    database: str, attendees: list[str], outcomes: dict[int, Outcome]
) -> tuple[int, int]:
    """(expected, lost): answers whose save returned, and those of them whose last value is
    not in the database."""
    lost = expected_rows = 0
    with Store(database) as store:
        for index, attendee_id in enumerate(attendees):
            expected: dict[tuple[str, str], str | int] = {}
            for save in outcomes[index].saved:
                expected[(save.kind, save.key)] = save.value
            expected_rows += len(expected)
            answers = store.answers(attendee_id)
            for (kind, key), value in expected.items():
                found = (
                    answers.ratings.get(key)
                    if kind == "rating"
                    else answers.text("do_over", key, default="\0missing")
                )
                lost += found != value
    return expected_rows, lost


def percentile(samples: list[float], pct: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


@dataclass
class Measured:
    """One backend's figures, pooled over its rounds."""

    latencies: list[float]
    solo_latencies: list[float]
    errors: list[str]
    expected: int = 0
    lost: int = 0


def one_round(shared: str, single: str, categories: tuple[str, ...], into: Measured) -> None:
    attendees = make_attendees(shared, PROCESSES)
    solo_attendees = make_attendees(single, PROCESSES)
    together = concurrent(shared, attendees, categories)
    solo = alone(single, solo_attendees, categories)
    expected, lost = count_lost(shared, attendees, together)
    into.latencies += [ms for o in together.values() for ms in o.latencies_ms]
    into.solo_latencies += [ms for o in solo.values() for ms in o.latencies_ms]
    into.errors += [e for o in together.values() for e in o.errors]
    into.errors += ["process never reported"] * ((PROCESSES - len(together)) * SAVES)
    into.expected += expected
    into.lost += lost


def run() -> list[Row]:
    categories = tuple(c.id for c in load_content().balance.categories)
    measured = {"SQLite": Measured([], [], []), "PostgreSQL": Measured([], [], [])}
    server = PostgresServer(durable=True)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-concurrency-") as scratch:
            for round_ in range(ROUNDS):
                sqlite = [str(Path(scratch) / f"{name}-{round_}.db") for name in ("shared", "one")]
                one_round(*sqlite, categories, measured["SQLite"])
                one_round(server.schema_url(), server.schema_url(), categories,
                          measured["PostgreSQL"])  # fmt: skip
    finally:
        server.stop()
    rows = [r for backend, m in measured.items() for r in rows_for(backend, m)]
    sqlite_p99, postgres_p99 = (percentile(m.latencies, 99) for m in measured.values())
    rows.append(
        Row(
            f"{PROCESSES} processes at once: PostgreSQL save p99",
            postgres_p99,
            "ms",
            baseline_name="SQLite p99, same run",
            baseline=sqlite_p99,
            target=TARGET_POSTGRES_RATIO,
        )
    )
    return rows


def rows_for(backend: str, measured: Measured) -> list[Row]:
    latencies, solo_latencies, errors = (
        measured.latencies,
        measured.solo_latencies,
        measured.errors,
    )
    for message in sorted(set(errors))[:5]:
        print(f"  {backend} save error: {message}")
    label = f"{backend}, {PROCESSES} processes x {SAVES} saves at once"
    rows = [
        Row(
            name=f"{label}: save p{pct}",
            value=percentile(latencies, pct),
            unit="ms",
            baseline_name=f"same saves, one process p{pct}",
            baseline=percentile(solo_latencies, pct),
            target=TARGET_P99_MS if pct == 99 else None,
            target_kind="max",
        )
        for pct in (50, 99)
    ]
    rows += [
        Row(
            f"{label}: errors",
            float(len(errors)),
            "saves",
            target=0,
            target_kind="max",
        ),
        Row(
            f"{label}: answers lost (of {measured.expected:,} in the db)",
            float(measured.lost),
            "answers",
            target=0,
            target_kind="max",
        ),
    ]
    return rows
