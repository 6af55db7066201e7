"""Personal cards for a whole room: `write_cards` for 100 and for 1,000 demo attendees.

Both batches come from one database, so the growth from 100 to 1,000 cards says whether the
batch stays linear (10x) or something grows with the room (a query per attendee that scans
every attendee, say). The small batch runs before and after the large one, and its mean is
used. The per-card time of the big batch is shown beside one card drawn alone in this
process, so the pool's gain (or a loaded machine's loss) is visible. "About 2 minutes for
1,000 cards" is what a facilitator can wait for at the end of a session.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.rows import Row
from workshop.content.keynote import load_content
from workshop.content.live import load_live_content
from workshop.reports.card import card_data, card_pdf
from workshop.reports.session_report import write_cards
from workshop.services import live_session as live
from workshop.services.demo import fill_room
from workshop.store import Store

SMALL, LARGE = 100, 1_000
SINGLE_CARDS = 8
TARGET_LARGE_S = 120.0
#: Linear growth is 10x; a little over allows for noise, more means the batch is not linear.
TARGET_GROWTH = 12.0


def timed_batch(store: Store, code: str, folder: Path, expected: int) -> float:
    content = load_content()
    calls: list[tuple[int, int]] = []
    started = time.perf_counter()
    written = write_cards(store, content, code, folder, progress=lambda d, t: calls.append((d, t)))
    elapsed = time.perf_counter() - started
    files = len(list(folder.glob("card-*.pdf")))
    if not written == files == expected or calls[-1] != (expected, expected):
        raise RuntimeError(
            f"expected {expected} cards and progress up to {expected}; wrote {written}, "
            f"found {files} files, last progress {calls[-1] if calls else None}"
        )
    return elapsed


def run() -> list[Row]:
    content = load_content()
    live_content = load_live_content(content.source)
    with tempfile.TemporaryDirectory(prefix="bench-cards-") as scratch:
        where = Path(scratch)
        with Store(where / "cards.db") as store:
            small = live.start_session(store, content, live_content).session.code
            large = live.start_session(store, content, live_content).session.code
            fill_room(store, content, live_content, SMALL, small, seed=1)
            fill_room(store, content, live_content, LARGE, large, seed=2)

            # One card at a time in this process: also warms matplotlib before the pool forks.
            answers = [store.answers(a) for a in store.export_rows(small).attendees]
            single = []
            for a in answers[: SINGLE_CARDS + 1]:
                started = time.perf_counter()
                card_pdf(card_data(a, content), content)
                single.append(time.perf_counter() - started)
            one_card = statistics.median(single[1:])

            # The small batch before and after the large one: their mean cancels a drift in
            # the machine's load, which the growth ratio would otherwise take for a trend.
            before = timed_batch(store, small, where / "small-before", SMALL)
            large_s = timed_batch(store, large, where / "large", LARGE)
            after = timed_batch(store, small, where / "small-after", SMALL)
            small_s = (before + after) / 2
    return [
        Row(f"write_cards: {SMALL:,} cards (demo room, mean of 2)", small_s, "s"),
        Row(
            f"write_cards: {LARGE:,} cards (demo room)",
            large_s,
            "s",
            target=TARGET_LARGE_S,
            target_kind="max",
        ),
        Row(
            f"write_cards growth: {LARGE:,} vs {SMALL:,} cards (linear = 10x)",
            large_s / small_s,
            "x",
            target=TARGET_GROWTH,
            target_kind="max",
        ),
        Row(
            f"write_cards: per card in the {LARGE:,} batch",
            large_s / LARGE * 1000,
            "ms",
            baseline_name="one card_pdf alone",
            baseline=one_card * 1000,
        ),
    ]
