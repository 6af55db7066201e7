"""After the session: a report of the room (PDF) and a card for every attendee.

The report shows only what room views show: anonymous aggregates behind the threshold *k*,
the finders chosen most often, and the wall entries the facilitator did not hide.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from workshop.codes import pseudonym
from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent
from workshop.errors import WorkshopError
from workshop.live.wall import group_wall
from workshop.outputs import FOLDER, Output, StagedFolder, atomic_file, check_output
from workshop.plotting import new_figure
from workshop.reports.board import draw_board
from workshop.reports.card_batch import CardFailure, CardJob, draw_batch
from workshop.reports.card_data import card_data, facilitator_copy
from workshop.reports.card_render import LIMITS, RenderLimits
from workshop.reports.results import database_files
from workshop.services.figures import read_room
from workshop.store import Store

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from workshop.live.figures import RoomSnapshot
    from workshop.live.session import LiveSession
    from workshop.live.wall import WallEntry
    from workshop.reports.card_data import CardData

A4_LANDSCAPE = (11.69, 8.27)
#: The space above a page's first line, in inches.
TOP_MARGIN_IN = 0.45
WALL_LINES = 60


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
    content: KeynoteContent,
    live: LiveContent,
    session_code: str | None,
    out: Output | Path,
) -> Path:
    """A PDF: the room's charts, then the top finders and the wall (on as many pages as it takes).

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
    content: KeynoteContent,
    live: LiveContent,
    entries: list[WallEntry],
) -> None:
    from matplotlib.backends.backend_pdf import PdfPages

    label = live.label
    with PdfPages(handle) as pdf:
        pdf.savefig(charts_page(snap, session, content, live))

        lines: list[tuple[str, float, str]] = []
        if snap.visible:
            lines.append((label("top_finders"), 13, "bold"))
            for finder, category, n in snap.top_finders:
                name = content.balance.category(category).name
                lines.append((f"{n}: {finder} ({name})", 10, "normal"))
            lines.append(("", 6, "normal"))
        # Grouped as the big screen groups it (`group_wall`): one line a group, with its count.
        wall = group_wall(entries)
        lines.append((f"{label('room_wall')} ({sum(g.count for g in wall)})", 13, "bold"))
        for group in wall[:WALL_LINES]:
            shared, n = group.body, group.count
            parts = textwrap.wrap(shared, 110) or [""]
            for i, part in enumerate(parts):
                prefix = (f"{n} · " if n > 1 else "• ") if i == 0 else "   "
                lines.append((prefix + part, 9, "normal"))
        if len(wall) > WALL_LINES:
            lines.append((f"+{len(wall) - WALL_LINES}", 9, "normal"))
        _pages_of_lines(pdf, lines)


def charts_page(
    snap: RoomSnapshot, session: LiveSession | None, content: KeynoteContent, live: LiveContent
) -> Figure:
    """The report's first page: its title and the counts, over the room's charts."""
    label = live.label
    first = new_figure(*A4_LANDSCAPE)
    rows = first.add_gridspec(2, 1, height_ratios=(1, 5))
    body = first.add_subfigure(rows[1])
    stamp = (session.created_at if session else datetime.now()).strftime("%Y-%m-%d")
    title = f"{content.settings.title} · {label('session_report')} · {stamp}"
    counts = [f"{label('joined')}: {snap.joined}"] + [
        f"{step.label}: {snap.completed.get(step.id, 0)}" for step in live.steps
    ]
    # Hung from a margin of its own, in inches: the title never touches the page's edge.
    top = 1 - TOP_MARGIN_IN / A4_LANDSCAPE[1]
    first.text(0.5, top, title, ha="center", va="top", fontsize=16, parse_math=False)
    first.text(
        0.5,
        top - 0.45 / A4_LANDSCAPE[1],
        "   ·   ".join(counts),
        ha="center",
        va="top",
        fontsize=10,
        parse_math=False,
        wrap=True,
    )
    if snap.visible:
        draw_board(body, snap, content, live)
    else:
        waiting = label("waiting_for_k", k=snap.k, n=snap.answered)
        body.text(0.5, 0.5, waiting, ha="center", fontsize=14, wrap=True)
    return first


def _pages_of_lines(pdf: Any, lines: list[tuple[str, float, str]]) -> None:
    """Lines of text on as many pages as they take: none is dropped at a page's foot. (`pdf`
    is matplotlib's PdfPages, whose savefig is untyped.)"""
    top = 1 - TOP_MARGIN_IN / A4_LANDSCAPE[1]
    page, y = new_figure(*A4_LANDSCAPE), top
    for text, size, weight in lines:
        step = size / 72 / A4_LANDSCAPE[1] * 1.5
        if y - step < TOP_MARGIN_IN / A4_LANDSCAPE[1]:
            pdf.savefig(page)
            page, y = new_figure(*A4_LANDSCAPE), top
        # Wall text is what attendees typed: a "$" is money, not mathtext (two of them would
        # otherwise set the text between as maths, or stop the report).
        page.text(0.06, y, text, fontsize=size, fontweight=weight, va="top", parse_math=False)
        y -= step
    pdf.savefig(page)


def write_cards(
    store: Store,
    content: KeynoteContent,
    session_code: str | None,
    folder: Output | Path,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    failed: Callable[[CardFailure], None] | None = None,
    limits: RenderLimits = LIMITS,
) -> int:
    """One card PDF per attendee of the session, named by their pseudonym (`card-A-….pdf`).

    These cards are the facilitator's: the do-overs and the impact pledge are left out unless
    the attendee ticked "include my reflections" (`facilitator_copy`). Never the resume code
    in a file name: it opens and edits the attendee's answers.

    Cards are drawn by at most `workers` bounded processes (one per core by default), each
    card within `limits`. A card that fails is reported to `failed` and the batch goes on;
    with no `failed`, the failures are raised together once every other card is written.
    The cards appear in the folder together once the batch is over (`StagedFolder`); a full
    disk stops the batch, and then none do. A `Path` is checked first (`check_cards`).
    Returns how many cards were written.
    """
    folder = folder if isinstance(folder, Output) else check_cards(folder, store)
    made_on = datetime.now().strftime("%Y-%m-%d")
    cards: list[tuple[str, str, CardData]] = []
    names: set[str] = set()
    for attendee_id in store.export_rows(session_code).attendees:
        attendee, answers = store.attendee(attendee_id), store.answers(attendee_id)
        data = card_data(answers, content, attendee.nickname or "", made_on)
        name = pseudonym(attendee_id)
        while name in names:  # two attendees with one pseudonym: about 1 in 30,000 rooms
            name += "x"
        names.add(name)
        cards.append((name, f"card-{name}.pdf", facilitator_copy(data, answers)))
    with StagedFolder(folder.path) as staged:
        jobs = [CardJob(name, data, staged.path_for(file)) for name, file, data in cards]
        count = min(workers or os.cpu_count() or 1, len(jobs)) or 1
        failures = draw_batch(jobs, Path(content.source), limits, count, progress)
        broken = {f.name for f in failures}
        for name, file, _ in cards:
            (staged.discard if name in broken else staged.written)(file)
    written = len(jobs) - len(failures)
    if failures and failed is None:
        listed = "; ".join(str(f) for f in failures)
        raise CardBatchError(
            f"wrote {written} of {len(jobs)} cards to {folder.path}; {len(failures)} failed: "
            f"{listed}",
            failures=failures,
            written=written,
        )
    for failure in failures:
        if failed is not None:
            failed(failure)
    return written


class CardBatchError(WorkshopError, RuntimeError):
    """Some cards of a batch could not be drawn; every other card was written."""
