"""Tables written to a spreadsheet: one sheet each, every text kept as text.

A text an attendee or a rep typed may start with "=", which a spreadsheet would run as a formula
on the facilitator's machine; in a workbook it stays words. The first row of each sheet is its
header, frozen so it stays in view. As CSV, each sheet is a file of its name, UTF-8, with dates
as YYYY-MM-DD and yes/no as true/false; texts are verbatim.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Table:
    """One sheet: its column names and its rows."""

    header: tuple[str, ...]
    rows: Sequence[Sequence[object]]


def write_workbook(path: Path, tables: Mapping[str, Table]) -> dict[str, int]:
    """Write each table to a sheet of its name in an .xlsx file; returns the rows per sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    blank = workbook.active  # a new workbook starts with an empty sheet nobody asked for
    for title, table in tables.items():
        sheet = workbook.create_sheet(title)
        sheet.append(list(table.header))
        for row in table.rows:
            sheet.append(list(row))
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
        sheet.freeze_panes = "A2"
    if blank is not None:
        workbook.remove(blank)
    workbook.save(path)
    return {title: len(table.rows) for title, table in tables.items()}


def write_csv_folder(folder: Path, tables: Mapping[str, Table]) -> dict[str, int]:
    """Write each table to ``<folder>/<name>.csv`` (the folder is made if absent)."""
    folder.mkdir(exist_ok=True)
    for title, table in tables.items():
        with (folder / f"{title}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(table.header)
            writer.writerows([_csv_cell(value) for value in row] for row in table.rows)
    return {title: len(table.rows) for title, table in tables.items()}


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return value
