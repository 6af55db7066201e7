"""After the session: a report of the room (PDF) and a card for every attendee.

The report shows only what room views show: anonymous aggregates behind the threshold *k*,
the finders chosen most often, and the wall entries the facilitator did not hide.
"""

from __future__ import annotations

import functools
import multiprocessing as mp
import os
import sys
import textwrap
import threading
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from workshop import outputs
from workshop.content.keynote import Content, load_content
from workshop.content.live import LiveContent
from workshop.errors import WorkshopError
from workshop.figures import new_figure
from workshop.live.board import draw_board
from workshop.live.room import read_room
from workshop.outputs import FOLDER, Output, StagedFolder, atomic_file, check_output
from workshop.reports.results import database_files
from workshop.store import Store

if TYPE_CHECKING:
    from workshop.live.room import RoomSnapshot
    from workshop.live.session import LiveSession
    from workshop.live.wall import WallEntry
    from workshop.reports.card import CardData

A4_LANDSCAPE = (11.69, 8.27)
WALL_LINES = 60
#: Cards per worker below which a pool is not worth starting.
POOL_FROM = 8
CARDS_PER_TASK = 4


def check_report(out: Path | str, store: Store) -> Output:
    """Check the report's target before anything is drawn for it."""
    return check_output(out, {".pdf": "a PDF file (.pdf)"}, "the report", database_files(store))


def check_cards(folder: Path | str, store: Store) -> Output:
    """Check the cards' folder before anything is drawn for it."""
    return check_output(
        folder, {FOLDER: "a folder for the cards"}, "--cards", database_files(store)
    )


def write_session_report(
    store: Store,
    content: Content,
    live: LiveContent,
    session_code: str | None,
    out: Output | Path,
) -> Path:
    """A two-page PDF: the room's charts, then the top finders, completion and the wall.

    A `Path` is checked first (`check_report`)."""
    out = out if isinstance(out, Output) else check_report(out, store)
    snap = read_room(store, session_code, content)
    session = store.live_session(session_code) if session_code else None
    with atomic_file(out.path) as handle:
        _draw_report(handle, snap, session, content, live, store.wall_entries(session_code))
    return out.path


def _draw_report(
    handle: BinaryIO,
    snap: RoomSnapshot,
    session: LiveSession | None,
    content: Content,
    live: LiveContent,
    entries: list[WallEntry],
) -> None:
    from matplotlib.backends.backend_pdf import PdfPages

    label = live.label
    with PdfPages(handle) as pdf:
        first = new_figure(*A4_LANDSCAPE)
        header = first.add_subfigure(first.add_gridspec(2, 1, height_ratios=(1, 5))[0])
        body = first.add_subfigure(first.add_gridspec(2, 1, height_ratios=(1, 5))[1])
        stamp = (session.created_at if session else datetime.now()).strftime("%Y-%m-%d")
        header.suptitle(
            f"{content.settings.title} · {label('session_report')} · {stamp}", fontsize=16
        )
        counts = [f"{label('joined')}: {snap.joined}"] + [
            f"{step.label}: {snap.completed.get(step.id, 0)}" for step in live.steps
        ]
        header.text(0.5, 0.3, "   ·   ".join(counts), ha="center", fontsize=10)
        if snap.visible:
            draw_board(body, snap, content, live)
        else:
            waiting = label("waiting_for_k", k=snap.k, n=snap.answered)
            body.text(0.5, 0.5, waiting, ha="center", fontsize=14)
        pdf.savefig(first)

        second = new_figure(*A4_LANDSCAPE)
        lines: list[tuple[str, float, str]] = []
        if snap.visible:
            lines.append((label("top_finders"), 13, "bold"))
            for finder, category, n in snap.top_finders:
                name = content.balance.category(category).name
                lines.append((f"{n}: {finder} ({name})", 10, "normal"))
            lines.append(("", 6, "normal"))
        wall = Counter(e.body for e in entries if not e.hidden)
        lines.append((f"{label('room_wall')} ({sum(wall.values())})", 13, "bold"))
        # The same mantra shared by many people is one line with its count, most shared first.
        for shared, n in wall.most_common(WALL_LINES):
            parts = textwrap.wrap(shared, 110) or [""]
            for i, part in enumerate(parts):
                prefix = (f"{n} · " if n > 1 else "• ") if i == 0 else "   "
                lines.append((prefix + part, 9, "normal"))
        if len(wall) > WALL_LINES:
            lines.append((f"… +{len(wall) - WALL_LINES}", 9, "normal"))
        y = 0.94
        for text, size, weight in lines:
            if y < 0.04:
                break
            # Wall text is what attendees typed: a "$" is money, not mathtext (two of them
            # would otherwise set the text between as maths, or stop the report).
            second.text(0.06, y, text, fontsize=size, fontweight=weight, va="top", parse_math=False)
            y -= size / 72 / A4_LANDSCAPE[1] * 1.5
        pdf.savefig(second)


def write_cards(
    store: Store,
    content: Content,
    session_code: str | None,
    folder: Output | Path,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> int:
    """One card PDF per attendee of the session, named by their resume code.

    Drawing a card is CPU-bound (matplotlib's text layout and PDF writing), so a big batch is
    drawn by a pool of at most `workers` processes, one per core by default. The answers are
    read, and `progress` is called, here in this process as each card is written. The cards
    appear in the folder together once all are drawn (`StagedFolder`), or none do. A `Path`
    is checked first (`check_cards`).
    """
    from workshop.reports.card import card_data

    folder = folder if isinstance(folder, Output) else check_cards(folder, store)
    names = [
        (f"card-{store.attendee(a).resume_code}.pdf", card_data(store.answers(a), content))
        for a in store.export_rows(session_code).attendees
    ]
    with StagedFolder(folder.path) as staged:
        jobs = [(staged.path_for(name), data) for name, data in names]
        _draw_cards(content, jobs, progress, workers)
        for name, _ in names:
            staged.written(name)
    return len(jobs)


def _draw_cards(
    content: Content,
    jobs: list[tuple[Path, CardData]],
    progress: Callable[[int, int], None] | None,
    workers: int | None,
) -> None:
    workers = min(workers or os.cpu_count() or 1, len(jobs) // POOL_FROM)
    source = _source_for_workers(content) if workers > 1 and _can_fork() else None
    if source is not None:
        # Forked workers inherit the content already loaded, and never re-run the
        # caller's main module (spawn would, and loops forever in a script with no guard).
        draw = functools.partial(_write_card, source)
        with mp.get_context("fork").Pool(workers) as pool:
            for done, _ in enumerate(pool.imap_unordered(draw, jobs, CARDS_PER_TASK), start=1):
                if progress is not None:
                    progress(done, len(jobs))
        return
    for done, job in enumerate(jobs, start=1):
        _write_card_of(content, job)
        if progress is not None:
            progress(done, len(jobs))


def _can_fork() -> bool:
    """Fork only where it is safe: Linux, and no other thread (a kernel's, say) that a fork
    could catch holding a lock."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _source_for_workers(content: Content) -> str | None:
    """The folder this very content loads from, so workers can find it by name; else None.

    Content cannot be pickled, so workers look it up (forked, they find it already loaded);
    content edited in memory, or a folder changed on disk since, is drawn in this process.
    """
    source = str(Path(content.source).resolve())
    try:
        return source if _content_at(source) == content else None
    except WorkshopError:
        return None


@functools.lru_cache(maxsize=1)
def _content_at(source: str) -> Content:
    return load_content(source)


def _write_card(source: str, job: tuple[Path, CardData]) -> None:
    _write_card_of(_content_at(source), job)


def _write_card_of(content: Content, job: tuple[Path, CardData]) -> None:
    from workshop.reports.card import card_pdf

    path, data = job
    with outputs.output_handle(path.open("wb")) as handle:
        handle.write(card_pdf(data, content))
