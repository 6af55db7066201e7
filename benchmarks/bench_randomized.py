"""Randomized response: what k-1 colluders still recover, and what it costs the room's figures.

1. The sybil attack of issue 16 (`benchmarks._sybil`), replayed round after round in rooms of
   20 on a real store, with the figures published by the same `RoomReader` the screens use.
   Before (p = 0) every recovered score is the victim's real one. With p = 0.25 the attacker,
   even knowing their own fakes' copies, recovers the victim's copy: equal to the real score
   with chance 1 - p + p/8. An attacker who knows only their fakes' answers recovers less.
2. How far the room's figures move: rooms of 30, 100 and 1,000 with demo answers, each score
   counted as a copy; the error of each category's mean (on the 1-8 scale) and of its heatmap
   row (total variation: the share of people the row puts in another cell), as the copies
   stand and as the screens show them (`shown_counts`/`shown_moments`: worked back for p from
   `WORK_BACK_FROM` ratings on).
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

from benchmarks._sybil import Outcome, Room, attack, matched, set_up
from benchmarks.rows import Row
from workshop.content.keynote import KeynoteContent, load_content
from workshop.content.live import load_live_content
from workshop.live.randomized import (
    SIDES,
    Coin,
    copy_of,
    kept_chance,
    shown_counts,
    shown_moments,
)
from workshop.services import live_session as live
from workshop.services.demo import demo_records
from workshop.services.figures import RoomReader
from workshop.shipped import content_dir
from workshop.store import Store

QUICK = os.environ.get("BENCH_QUICK") == "1"
P = 0.25
ROUNDS = 30 if QUICK else 150
ROOMS_OF = 10  # victims per room before a new room starts
TRIALS = 20 if QUICK else 100
SIZES = (30, 100, 1000)


def exact(content: KeynoteContent, p: float) -> KeynoteContent:
    """`content` with chance `p` of a score counting as a random one."""
    return replace(content, settings=replace(content.settings, randomized_response=p))


def sybil_outcomes(content: KeynoteContent, directory: Path, seed: int) -> list[Outcome]:
    rng = random.Random(seed)
    live_content = load_live_content(content.source)
    outcomes: list[Outcome] = []
    for n in range(0, ROUNDS, ROOMS_OF):
        with Store(directory / f"room-{seed}-{n}.db") as store:
            code = live.start_session(store, content, live_content).session.code
            reader = RoomReader(store, code, content)
            room = Room(store, content, code, lambda r=reader: _publish(r), rng)
            set_up(room, honest=15, fakes=content.settings.anonymity_k - 1)
            for _ in range(min(ROOMS_OF, ROUNDS - n)):
                scale = content.balance.scale
                victim = {
                    c.id: rng.randint(scale.min, scale.max) for c in content.balance.categories
                }
                outcomes.append(attack(room, victim))
    return outcomes


def _publish(reader: RoomReader) -> None:
    reader.read()


def sybil_rows(base: KeynoteContent, directory: Path) -> list[Row]:
    rows: list[Row] = []
    before = sybil_outcomes(exact(base, 0.0), directory, seed=1)
    hits, total = matched(before, "from_answers")
    rows.append(Row("sybil p=0: victim's scores recovered exactly", hits / total, "share",
                    target=1.0, target_kind="min"))  # fmt: skip
    after = sybil_outcomes(exact(base, P), directory, seed=2)
    expected = kept_chance(P, base.balance.scale)
    scores = [(o, c) for o in after for c in o.truth]
    released = [(o, c) for o, c in scores if o.from_copies.get(c) is not None]
    real = sum(o.from_copies[c] == o.truth[c] for o, c in released)
    copy = sum(o.from_copies[c] == o.copies[c] for o, c in released)
    rows.append(Row(f"sybil p={P}: scores the attack released", len(released) / len(scores),
                    "share", "p=0", 1.0))  # fmt: skip
    rows.append(Row(f"sybil p={P}: released, copies known: = copy", copy / len(released),
                    "share", target=1.0, target_kind="min"))  # fmt: skip
    rows.append(Row(f"sybil p={P}: released, copies known: = real", real / len(released),
                    "share", "1-p+p/8", expected, target=1.1))  # fmt: skip
    hits, total = matched(after, "from_copies")
    rows.append(Row(f"sybil p={P}: all scores, copies known: = real", hits / total, "share",
                    "p=0", 1.0))  # fmt: skip
    hits, total = matched(after, "from_answers")
    rows.append(Row(f"sybil p={P}: all scores, answers known: = real", hits / total, "share",
                    "p=0", 1.0))  # fmt: skip
    return rows


def figure_errors(content: KeynoteContent, size: int, rng: random.Random) -> dict[str, float]:
    """One room of `size`: the mean error of the category means and of the heatmap rows."""
    scale = content.balance.scale
    values = list(scale.values)
    records = demo_records(
        content, load_live_content(content.source), size, None, rng.randrange(10**6)
    )
    errors: dict[str, list[float]] = {
        k: [] for k in ("mean_raw", "mean_fixed", "tv_raw", "tv_fixed")
    }
    for category in content.balance.categories:
        truth = [r.answers.ratings[category.id] for r in records]
        real = [truth.count(v) for v in values]
        copies = [0] * len(values)
        for score in truth:
            coin = Coin(rng.randrange(SIDES), rng.randrange(SIDES))
            copies[copy_of(score, coin, P, scale) - scale.min] += 1
        true_mean = statistics.fmean(truth)
        raw_mean = float(np.average(values, weights=copies))
        fixed_mean, _spread = shown_moments(copies, P, scale)
        fixed = shown_counts(copies, P)
        errors["mean_raw"].append(abs(raw_mean - true_mean))
        errors["mean_fixed"].append(abs(fixed_mean - true_mean))
        errors["tv_raw"].append(
            sum(abs(a - b) for a, b in zip(copies, real, strict=True)) / (2 * size)
        )
        errors["tv_fixed"].append(
            sum(abs(a - b) for a, b in zip(fixed, real, strict=True)) / (2 * size)
        )
    return {k: statistics.fmean(v) for k, v in errors.items()}


def distortion_rows(content: KeynoteContent) -> list[Row]:
    rng = random.Random(5)
    rows: list[Row] = []
    for size in SIZES:
        trials = [
            figure_errors(content, size, rng)
            for _ in range(TRIALS if size < 1000 else max(5, TRIALS // 4))
        ]
        mean = {k: statistics.fmean(t[k] for t in trials) for k in trials[0]}
        rows.append(Row(f"room of {size}: category mean off by (shown)", mean["mean_fixed"],
                        "points", "as copies", mean["mean_raw"]))  # fmt: skip
        rows.append(Row(f"room of {size}: heatmap row moved (shown)", mean["tv_fixed"],
                        "share", "as copies", mean["tv_raw"]))  # fmt: skip
    return rows


def run() -> list[Row]:
    content = load_content(content_dir("en"))
    with tempfile.TemporaryDirectory(prefix="bench-randomized-") as scratch:
        rows = sybil_rows(content, Path(scratch))
    return rows + distortion_rows(content)


if __name__ == "__main__":
    from benchmarks.__main__ import print_table

    print_table(run())
