"""Coaching data in: the export's own sheets, from its workbook or as CSV files.

`workshop coaching import` takes an ``.xlsx`` workbook (its sheets ``reps``, ``evaluations``,
``calls`` and ``self_checks``; ``progress`` is worked out, so skipped) or CSV files, one sheet
each: named like the sheet (``calls.csv``), or known by their columns (``rep, date, competency,
score`` is evaluations, one score per row). Columns may come in any order; others are ignored.
`workshop.coaching.sheets` checks the rows; every row is checked before anything is saved, and
any problem imports nothing. A CSV cell the export neutralised (an apostrophe before a text that
a spreadsheet would run, `workshop.spreadsheet`) is read back as it was typed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from workshop.coaching.model import CoachingError
from workshop.coaching.sheets import (
    KINDS,
    NEEDS,
    CoachingImport,
    ImportRowsError,
    Kind,
    Row,
    Saved,
    Sheet,
    missing_columns,
    plan_import,
)
from workshop.content.coaching import CoachingContent
from workshop.errors import Problem
from workshop.spreadsheet import restored
from workshop.store import Store, now

#: How a CSV file's columns say which sheet it is, when its name does not.
_KNOWN_BY: tuple[tuple[str, Kind], ...] = (
    ("score", "evaluations"),
    ("situation", "calls"),
    ("answer", "self_checks"),
    ("next_focus", "progress"),
)


def import_files(
    paths: Sequence[Path], store: Store, content: CoachingContent, today: date
) -> CoachingImport:
    """Read and check every file; only if every row of every one is good, save it all in one
    transaction."""
    sheets: list[Sheet] = []
    problems: list[Problem] = []
    for path in paths:
        found, trouble = read_sheets(path)
        sheets.extend(found)
        problems.extend(trouble)
    if problems:
        raise ImportRowsError(problems)
    saved = Saved(store.reps(), store.evaluations(), store.calls(), store.self_checks())
    plan = plan_import(sheets, content, saved, today, now())
    store.import_coaching(plan.new_reps, plan.evaluations, plan.calls, plan.self_checks)
    return plan


def read_sheets(path: Path) -> tuple[list[Sheet], list[Problem]]:
    """The sheets a file holds, and the problems that keep any of them from being read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CoachingError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if path.suffix.lower() == ".xlsx":
        return _workbook(raw, path.name)
    return _csv(raw, path.name, path.stem.casefold())


def _csv(raw: bytes, name: str, stem: str) -> tuple[list[Sheet], list[Problem]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [], [Problem(name, line, "expected UTF-8 text (save the CSV as UTF-8)")]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip().casefold() for cell in next(reader, [])]
    except csv.Error as exc:
        return [], [Problem(name, 1, _unreadable_row(exc))]
    if not any(header):
        return [], [Problem(name, 1, f"the file is empty; expected a header row, like {_shape()}")]
    kind = _kind_of(stem, header)
    if kind is None:
        return [], [Problem(name, 1, f"cannot tell which sheet this is; expected {_shape()}")]
    missing = missing_columns(kind, header)
    if missing:
        got = ", ".join(repr(cell) for cell in header)
        return [], [Problem(name, 1, f"missing column {', '.join(missing)}; got {got}")]
    rows: list[Row] = []
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                values = {
                    c: restored(cells[i]) if i < len(cells) else "" for i, c in enumerate(header)
                }
                rows.append((reader.line_num, values))
    except csv.Error as exc:
        return [], [Problem(name, reader.line_num, _unreadable_row(exc))]
    return [Sheet(kind, name, tuple(rows))], []


def _unreadable_row(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        # No coaching text may be this long (the content's longest limit is far below it).
        return (
            f"a field is longer than {csv.field_size_limit():,} characters, more than any "
            "coaching record holds; is this the right file?"
        )
    return f"cannot read this row as CSV ({exc})"


def _kind_of(stem: str, header: Sequence[str]) -> Kind | None:
    for kind in KINDS:
        if stem == kind:
            return kind
    for column, kind in _KNOWN_BY:
        if column in header:
            return kind
    return "reps" if "rep" in header and missing_columns("reps", header) == [] else None


def _shape() -> str:
    return "; ".join(
        f"{kind}: {', '.join(need[0] for need in NEEDS[kind])}" for kind in KINDS if NEEDS[kind]
    )


def _workbook(raw: bytes, name: str) -> tuple[list[Sheet], list[Problem]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        return [], [
            Problem(name, 1, f"expected an .xlsx workbook, got a file it cannot read: {exc}")
        ]
    sheets: list[Sheet] = []
    problems: list[Problem] = []
    for kind in KINDS:
        if kind not in book.sheetnames:
            continue
        source = f"{name}[{kind}]"
        values = list(book[kind].iter_rows(values_only=True))
        header = (
            [str(cell).strip().casefold() if cell is not None else "" for cell in values[0]]
            if values
            else []
        )
        missing = missing_columns(kind, header)
        if missing:
            problems.append(Problem(source, 1, f"missing column {', '.join(missing)}"))
            continue
        rows = [
            (line, dict(zip(header, row, strict=False)))
            for line, row in enumerate(values[1:], start=2)
            if any(cell not in (None, "") for cell in row)
        ]
        sheets.append(Sheet(kind, source, tuple(rows)))
    book.close()
    if not sheets and not problems:
        problems.append(
            Problem(name, 1, f"no sheet to import; expected sheets named {', '.join(KINDS)}")
        )
    return sheets, problems
