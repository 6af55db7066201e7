"""64 attendee kernels saving at once on one SQLite file, against the same saves from one process.

Each process stands for one attendee's kernel: it opens its own `Store` on the shared file,
waits at a barrier until all 64 are ready, then saves a burst of answers for its own attendee
(ratings and texts, some of them changed answers) as fast as it can. That is harsher than a
real room, where people type between saves, so its tail is an upper bound. Afterwards the
database is read back: every answer whose save returned must be there with its last value.
The baseline is the very same saves, for the same attendees, made by one process alone.
"""

from __future__ import annotations

import multiprocessing
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.rows import Row
from workshop.content.keynote import load_content
from workshop.errors import WorkshopError
from workshop.store import Store

PROCESSES = 64
SAVES = 40
TARGET_P99_MS = 50.0
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
    database: Path, attendee_id: str, index: int, categories: tuple[str, ...], barrier: Any
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
    database: Path,
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


def make_attendees(database: Path, count: int) -> list[str]:
    with Store(database) as store:
        return [store.create_attendee(f"Bench {i}").id for i in range(count)]


def concurrent(
    database: Path, attendees: list[str], categories: tuple[str, ...]
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


def alone(database: Path, attendees: list[str], categories: tuple[str, ...]) -> dict[int, Outcome]:
    return {i: save_burst(database, a, i, categories, None) for i, a in enumerate(attendees)}


def count_lost(
    database: Path, attendees: list[str], outcomes: dict[int, Outcome]
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


def run() -> list[Row]:
    categories = tuple(c.id for c in load_content().balance.categories)
    with tempfile.TemporaryDirectory(prefix="bench-concurrency-") as scratch:
        shared, single = Path(scratch) / "shared.db", Path(scratch) / "alone.db"
        attendees = make_attendees(shared, PROCESSES)
        solo_attendees = make_attendees(single, PROCESSES)
        together = concurrent(shared, attendees, categories)
        solo = alone(single, solo_attendees, categories)
        expected, lost = count_lost(shared, attendees, together)
    latencies = [ms for o in together.values() for ms in o.latencies_ms]
    solo_latencies = [ms for o in solo.values() for ms in o.latencies_ms]
    errors = [e for o in together.values() for e in o.errors]
    missing = PROCESSES - len(together)
    for message in sorted(set(errors))[:5]:
        print(f"  save error: {message}")
    label = f"{PROCESSES} processes x {SAVES} saves at once"
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
            float(len(errors) + missing * SAVES),
            "saves",
            target=0,
            target_kind="max",
        ),
        Row(
            f"{label}: answers lost (of {expected:,} in the db)",
            float(lost),
            "answers",
            target=0,
            target_kind="max",
        ),
    ]
    return rows
