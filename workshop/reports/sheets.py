"""Tables written to a spreadsheet: one sheet each, every text kept as text.

A text an attendee or a rep typed may start with "=", which a spreadsheet would run as a formula
on the facilitator's machine: every writer here follows `workshop.spreadsheet`'s one rule, so it
stays words (a text cell in a workbook; an apostrophe in front in a CSV file). The first row of
each sheet is its header, frozen so it stays in view. As CSV, each sheet is a file of its name,
UTF-8, with dates as YYYY-MM-DD and yes/no as true/false; texts are verbatim but for that
apostrophe. The same tables go to an Excel workbook, a folder of CSV files or a .zip of them,
and each is written whole or not at all (`workshop.outputs`).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, BinaryIO

from workshop.outputs import FOLDER, Output, StagedFolder, atomic_file
from workshop.spreadsheet import neutralised

#: The formats a set of tables can be written as, as messages name them.
TABLE_FORMATS = {
    ".xlsx": "an Excel workbook (.xlsx)",
    ".zip": "a .zip of CSV files",
    FOLDER: "a folder for CSV files",
}
#: Why a single .csv file is refused: the tables would not fit in it.
CSV_HINT = "a CSV file holds one table and this writes {n} ({names}): give a folder or a .zip"


@dataclass(frozen=True)
class Table:
    """One sheet: its column names and its rows."""

    header: tuple[str, ...]
    rows: Sequence[Sequence[object]]


def write_tables(out: Output, tables: Mapping[str, Table]) -> dict[str, int]:
    """Write the tables as `out`'s format says; returns the rows per table."""
    if out.format == ".xlsx":
        with atomic_file(out.path) as handle:
            write_workbook(handle, tables)
    elif out.format == ".zip":
        with atomic_file(out.path) as handle:
            write_csv_zip(handle, tables)
    elif out.format == FOLDER:
        write_csv_folder(out, tables)
    else:
        raise ValueError(f"tables cannot be written as {out.format!r}")
    return {title: len(table.rows) for title, table in tables.items()}


def write_workbook(handle: BinaryIO, tables: Mapping[str, Table]) -> None:
    """Write each table to a sheet of its name, as an .xlsx workbook, to `handle`."""
    from openpyxl import Workbook

    workbook = Workbook()
    blank = workbook.active  # a new workbook starts with an empty sheet nobody asked for
    for title, table in tables.items():
        sheet = workbook.create_sheet(title)
        sheet.append(list(table.header))
        for row in table.rows:
            sheet.append(list(row))
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    # A text cell is never a formula, whatever it starts with: openpyxl would
                    # otherwise store a text starting with "=" as one.
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
    if blank is not None:
        workbook.remove(blank)
    # Saved in memory first: openpyxl leaves its zip writer open when a write fails, and that
    # writer tries again (and prints a traceback) whenever it is garbage-collected.
    buffer = io.BytesIO()
    workbook.save(buffer)
    handle.write(buffer.getvalue())


def write_csv_folder(out: Output, tables: Mapping[str, Table]) -> None:
    """Write each table to ``<folder>/<name>.csv``; a new folder is made, and files of the same
    names in a folder that exists are replaced (other files in it are left alone)."""
    with StagedFolder(out.path) as folder:
        for title, table in tables.items():
            with folder.open(f"{title}.csv") as handle:
                write_csv(handle, table)


def write_csv_zip(handle: BinaryIO, tables: Mapping[str, Table]) -> None:
    """Write each table as ``<name>.csv`` into a zip archive, to `handle`."""
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for title, table in tables.items():
            with archive.open(f"{title}.csv", "w") as member:
                write_csv(member, table)


def write_csv(handle: IO[bytes], table: Table) -> None:
    """One table as UTF-8 CSV to a binary handle (left open)."""
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
    try:
        writer = csv.writer(text)
        writer.writerow(table.header)
        writer.writerows([_csv_cell(value) for value in row] for row in table.rows)
        text.flush()
    finally:
        text.detach()


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 4, as a workbook shows it, not 4.0
    if isinstance(value, str):
        return neutralised(value)
    return value
