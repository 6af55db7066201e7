"""Export a session's results for the facilitator: anonymous, without private reflections.

Do-over answers and impact pledges are private and never exported. Ratings, committed
finders, completed steps and the visible wall are, with each attendee under a pseudonym
(`workshop.codes.pseudonym`, the name of their card file too), never a name or resume code.
Wall times are kept to the minute: to the millisecond, two entries shared together (one
person's mantra and ingredient) could be linked by their times.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workshop.codes import pseudonym
from workshop.content.keynote import Content
from workshop.errors import WorkshopError
from workshop.reports.sheets import Table, write_workbook
from workshop.store import Store

FORMATS = (".xlsx", ".csv")


class ExportError(WorkshopError, ValueError):
    """An export target the toolkit cannot write."""


def results_frames(
    store: Store, content: Content, session_code: str | None
) -> dict[str, pd.DataFrame]:
    """The export's tables: one row per attendee, and the room wall."""
    export = store.export_rows(session_code)
    numbers = {a: pseudonym(a) for a in export.attendees}
    names = {c.id: c.name for c in content.balance.categories}
    ratings = pd.DataFrame(export.ratings, columns=["attendee", "category", "score"])
    wide = (
        ratings.assign(category=ratings["category"].map(names).fillna(ratings["category"]))
        .pivot_table(index="attendee", columns="category", values="score", aggfunc="first")
        .reindex(index=export.attendees, columns=[c.name for c in content.balance.categories])
    )
    progress = pd.DataFrame(export.progress, columns=["attendee", "step"])
    done = pd.crosstab(progress["attendee"], progress["step"]).reindex(
        index=export.attendees, fill_value=0
    )
    people = wide.join(done.astype(bool), how="left")
    people.index = pd.Index([numbers[a] for a in people.index], name="attendee")
    finders = pd.DataFrame(export.finders, columns=["attendee", "category", "finder"])
    finders["attendee"] = finders["attendee"].map(numbers)
    finders["category"] = finders["category"].map(names).fillna(finders["category"])
    wall = pd.DataFrame(
        [
            (e.kind, e.body, to_the_minute(e.shared_at), e.hidden)
            for e in store.wall_entries(session_code)
        ],
        columns=["kind", "text", "shared_at", "hidden"],
    )
    return {"attendees": people.reset_index(), "finders": finders, "wall": wall}


def to_the_minute(stamp: str) -> str:
    """A stored wall time (ISO 8601, to the millisecond) as YYYY-MM-DD HH:MM."""
    return stamp.replace("T", " ")[:16]


def export_results(store: Store, content: Content, session_code: str | None, out: Path) -> Path:
    """Write the results to `.xlsx` (one sheet per table) or `.csv` (the attendee table)."""
    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        raise ExportError(f"export expected a file ending in .xlsx or .csv, got {out.name!r}")
    frames = results_frames(store, content, session_code)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".csv":
        frames["attendees"].to_csv(out, index=False)
    else:
        write_workbook(out, {name: as_table(frame) for name, frame in frames.items()})
    return out


def as_table(frame: pd.DataFrame) -> Table:
    """A frame's columns and rows as plain Python values; a missing value is an empty cell."""
    cells = frame.astype(object).where(frame.notna(), None)
    return Table(tuple(str(c) for c in frame.columns), cells.to_numpy().tolist())
