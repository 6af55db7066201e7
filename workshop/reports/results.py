"""Export a session's results for the facilitator: anonymous, without private reflections.

Do-over answers and impact pledges are private and never exported. Ratings, committed
finders, completed steps and the visible wall are, with each attendee under a pseudonym
(`workshop.codes.pseudonym`, the name of their card file too), never a name or resume code,
and a summary of the ratings per category (count, mean, spread). Rows are in pseudonym order,
never in the order people joined. Each wall entry names its group, the entry that stands for it
on the screens (`workshop.live.wall.wall_key`): counted by group, the export counts as the big
screen and the report do. Wall times are kept to the minute: to the millisecond, two entries
shared together (one person's mantra and ingredient) could be linked by their times. The
ratings are each attendee's own, never the random copies the room's screens count
(`workshop.live.randomized`). The same tables go to an Excel workbook (one sheet each), a
folder of CSV files or a .zip of them (one file each).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workshop.codes import pseudonym
from workshop.content.keynote import KeynoteContent
from workshop.live.wall import group_names, wall_key
from workshop.outputs import Output, check_output
from workshop.reports.sheets import CSV_HINT, TABLE_FORMATS, Table, write_tables
from workshop.store import Store

#: The export's tables, in the order they are written.
TABLES = ("attendees", "finders", "wall", "summary")
SUMMARY_COLUMNS = ["category", "count", "mean", "spread", "lowest", "highest"]


def database_files(store: Store) -> tuple[Path, ...]:
    """The files of the store's database, which no output may overwrite."""
    return (store.target.path,) if store.target.path is not None else ()


def check_export(out: Path | str, store: Store) -> Output:
    """Check an export's target before anything is read for it."""
    hint = CSV_HINT.format(n=len(TABLES), names=", ".join(TABLES))
    return check_output(
        out, TABLE_FORMATS, "the export", database_files(store), hints={".csv": hint}
    )


def results_frames(
    store: Store, content: KeynoteContent, session_code: str | None
) -> dict[str, pd.DataFrame]:
    """The export's tables: one row per attendee, and the room wall."""
    export = store.export_rows(session_code)
    numbers = {a: pseudonym(a) for a in export.attendees}
    # By pseudonym, not in the order people joined: with the live "Joined" count, the N-th row
    # would be whoever arrived N-th.
    order = sorted(export.attendees, key=lambda a: numbers[a])
    names = {c.id: c.name for c in content.balance.categories}
    ratings = pd.DataFrame(export.ratings, columns=["attendee", "category", "score"])
    wide = (
        ratings.assign(category=ratings["category"].map(names).fillna(ratings["category"]))
        .pivot_table(index="attendee", columns="category", values="score", aggfunc="first")
        .reindex(index=order, columns=[c.name for c in content.balance.categories])
        .astype("Int64")  # whole scores, with a blank (not a float NaN) where none was given
    )
    progress = pd.DataFrame(export.progress, columns=["attendee", "step"])
    done = pd.crosstab(progress["attendee"], progress["step"]).reindex(index=order, fill_value=0)
    people = wide.join(done.astype(bool), how="left")
    people.index = pd.Index([numbers[a] for a in people.index], name="attendee")
    finders = pd.DataFrame(export.finders, columns=["attendee", "category", "finder"])
    finders["attendee"] = finders["attendee"].map(numbers)
    finders = finders.sort_values("attendee", kind="stable", ignore_index=True)
    finders["category"] = finders["category"].map(names).fillna(finders["category"])
    # To the minute, and in each minute by kind and text: in the order shared, two rows side
    # by side could be one person's mantra and ingredient.
    entries = store.wall_entries(session_code)
    groups = group_names(entries)
    wall = pd.DataFrame(
        sorted(
            (to_the_minute(e.shared_at), e.kind, e.body, groups.get(wall_key(e.body), ""), e.hidden)
            for e in entries
        ),
        columns=["shared_at", "kind", "text", "group", "hidden"],
    )[["kind", "text", "group", "shared_at", "hidden"]]
    summary = summary_frame(ratings, content)
    return {"attendees": people.reset_index(), "finders": finders, "wall": wall, "summary": summary}


def to_the_minute(stamp: str) -> str:
    """A stored wall time (ISO 8601, to the millisecond) as YYYY-MM-DD HH:MM."""
    return stamp.replace("T", " ")[:16]


def summary_frame(ratings: pd.DataFrame, content: KeynoteContent) -> pd.DataFrame:
    """Per category, in the content's order: how many rated it, the mean, the spread (the
    standard deviation, as the room's wheel draws it), the lowest and the highest score."""
    rows: list[tuple[object, ...]] = []
    for category in content.balance.categories:
        scores = ratings.loc[ratings["category"] == category.id, "score"].astype(float)
        if scores.empty:
            rows.append((category.name, 0, None, None, None, None))
            continue
        rows.append(
            (
                category.name,
                len(scores),
                round(float(scores.mean()), 2),
                round(float(scores.std(ddof=0)), 2),
                int(scores.min()),
                int(scores.max()),
            )
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def export_results(
    store: Store, content: KeynoteContent, session_code: str | None, out: Output | Path
) -> Path:
    """Write the results as an .xlsx workbook, a .zip of CSV files or a folder of them (one
    table each); returns where. A `Path` is checked first (`check_export`)."""
    target = out if isinstance(out, Output) else check_export(out, store)
    frames = results_frames(store, content, session_code)
    write_tables(target, {name: as_table(frame) for name, frame in frames.items()})
    return target.path


def as_table(frame: pd.DataFrame) -> Table:
    """A frame's columns and rows as plain Python values; a missing value is an empty cell."""
    cells = frame.astype(object).where(frame.notna(), None)
    return Table(tuple(str(c) for c in frame.columns), cells.to_numpy().tolist())
