"""The live session's commands: demo, export and report, as a facilitator runs them."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from workshop.cli import main
from workshop.codes import pseudonym
from workshop.content.keynote import KeynoteContent
from workshop.spreadsheet import restored
from workshop.store import Store

WORKSHOP = Path(sys.executable).parent / "workshop"


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "room.db"


def demo(db: Path, attendees: int, capsys: pytest.CaptureFixture[str]) -> str:
    """Fill a demo room; returns its session code."""
    assert main(["demo", "--db", str(db), "--attendees", str(attendees)]) == 0
    out = capsys.readouterr().out
    found = re.search(r"to session ([A-Z0-9]{6}) in", out)
    assert found, out
    return found.group(1)


def test_demo_fills_one_session(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--db", str(db), "--attendees", "30"]) == 0
    captured = capsys.readouterr()
    code = re.search(r"started session ([A-Z0-9]{6})", captured.out)
    assert code, captured.out
    assert f"added 30 demo attendees to session {code.group(1)} in {db}" in captured.out
    assert "30/30" in captured.err  # the progress bar finished
    with Store(db) as store:
        assert store.session_attendee_count(code.group(1)) == 30
        assert store.attendee_count() == 30

    # A second run adds to the session that is running instead of starting another.
    assert main(["demo", "--db", str(db), "--attendees", "5", "--seed", "8"]) == 0
    again = capsys.readouterr().out
    assert "started session" not in again
    with Store(db) as store:
        assert store.session_attendee_count(code.group(1)) == 35


def sheets_of(book: Path) -> dict[str, list[list[str]]]:
    """Every sheet of a workbook as rows of text, as a CSV file would hold them."""
    workbook = openpyxl.load_workbook(book)
    return {
        sheet.title: [
            ["" if v is None else str(v).lower() if isinstance(v, bool) else str(v) for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        for sheet in workbook.worksheets
    }


def csv_rows(data: str) -> list[list[str]]:
    """A CSV file's cells as typed: without the apostrophe that keeps a formula words."""
    return [[restored(c) for c in row] for row in csv.reader(io.StringIO(data, newline=""))]


def test_export_xlsx_folder_and_zip_hold_the_same_tables(
    db: Path, tmp_path: Path, content: KeynoteContent, capsys: pytest.CaptureFixture[str]
) -> None:
    code = demo(db, 30, capsys)
    with Store(db) as store:
        who = store.create_attendee(None, code)
        store.share_on_wall(who.id, "mantra", "=1+1 stays words")
    xlsx, folder, archive = tmp_path / "r.xlsx", tmp_path / "results", tmp_path / "r.zip"
    for out in (xlsx, folder, archive):
        assert main(["export", "--db", str(db), "--out", str(out)]) == 0
        assert f"wrote {out}" in capsys.readouterr().out

    book = sheets_of(xlsx)
    assert list(book) == ["attendees", "finders", "wall", "summary"]
    assert len(book["attendees"]) == 32  # a header and 31 attendees
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.csv" for n in book)
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.namelist() == [f"{n}.csv" for n in book]
        for name, rows in book.items():
            # The three formats hold the same cells, sheet by sheet.
            assert csv_rows((folder / f"{name}.csv").read_text(encoding="utf-8")) == rows
            assert csv_rows(zipped.read(f"{name}.csv").decode("utf-8")) == rows

    table = pd.read_csv(folder / "attendees.csv")
    # Each attendee under the pseudonym their card file carries; no resume code anywhere.
    with Store(db) as store:
        attendees = store.export_rows(code).attendees
        codes = {store.attendee(a).resume_code for a in attendees}
    assert table["attendee"].tolist() == sorted(pseudonym(a) for a in attendees)
    exported = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir())
    assert not any(resume in exported for resume in codes)
    assert {c.name for c in content.balance.categories} <= set(table.columns)
    summary = pd.read_csv(folder / "summary.csv")
    assert summary.columns.tolist() == ["category", "count", "mean", "spread", "lowest", "highest"]
    assert summary["category"].tolist() == [c.name for c in content.balance.categories]
    first = content.balance.categories[0].name
    scores = table[first].dropna()
    row = summary.iloc[0]
    assert row["count"] == len(scores) == 30
    assert row["mean"] == round(scores.mean(), 2)
    assert row["spread"] == round(scores.std(ddof=0), 2)
    assert (row["lowest"], row["highest"]) == (scores.min(), scores.max())
    assert "=1+1 stays words" in {r[1] for r in book["wall"][1:]}


def test_export_to_a_csv_file_says_why_not(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo(db, 3, capsys)
    out = tmp_path / "r.csv"
    assert main(["export", "--db", str(db), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "a CSV file holds one table and this writes 4 (attendees, finders, wall, summary)" in err
    assert not out.exists()


def test_export_names_the_session_as_typed(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = demo(db, 4, capsys)
    out = tmp_path / "r"
    typed = f"{code[:3].lower()}-{code[3:].lower()}"
    assert main(["export", "--db", str(db), "--out", str(out), "--session", typed]) == 0
    assert len(pd.read_csv(out / "attendees.csv")) == 4


def test_export_of_an_unknown_session_is_a_clear_error(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = demo(db, 4, capsys)
    unknown = next(c for c in ("K7QM3X", "K7QM3Y") if c != code)
    out = tmp_path / "r.zip"
    assert main(["export", "--db", str(db), "--out", str(out), "--session", unknown]) == 1
    captured = capsys.readouterr()
    assert unknown in captured.err
    assert "Traceback" not in captured.err
    assert not out.exists()


def test_report_is_a_two_page_pdf(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = demo(db, 12, capsys)
    with Store(db) as store:
        # Wall text as people type it: money and maths signs are text, not mathtext.
        who = store.create_attendee(None, code)
        store.share_on_wall(who.id, "mantra", r"Earn $\frac and $ more")
    out = tmp_path / "report.pdf"
    assert main(["report", "--db", str(db), "--out", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert pdf_pages(data) == 2


def test_report_cards_one_pdf_per_attendee(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = demo(db, 5, capsys)
    folder = tmp_path / "cards"
    assert main(["report", "--db", str(db), "--cards", str(folder)]) == 0
    assert f"wrote 5 cards to {folder}" in capsys.readouterr().out
    with Store(db) as store:
        attendees = store.export_rows(code).attendees
        codes = [store.attendee(a).resume_code for a in attendees]
        # Named by pseudonym: a resume code opens and edits the attendee's answers.
        expected = {f"card-{pseudonym(a)}.pdf" for a in attendees}
    cards = sorted(folder.iterdir())
    assert {p.name for p in cards} == expected
    assert not any(c in p.name for c in codes for p in cards)
    assert all(p.read_bytes().startswith(b"%PDF") for p in cards)
    assert [pdf_pages(p.read_bytes()) for p in cards] == [1] * 5


def test_report_without_a_target_says_what_to_give(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--db", str(db)]) == 2
    assert "give --out report.pdf, --cards DIR, or both" in capsys.readouterr().err


def test_the_workshop_command_is_installed(tmp_path: Path) -> None:
    db = tmp_path / "sub.db"
    result = subprocess.run(
        [str(WORKSHOP), "demo", "--db", str(db), "--attendees", "3"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "added 3 demo attendees" in result.stdout
    assert db.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("sub.db")) == []


@pytest.mark.parametrize("command", [["export", "--out", "r.xlsx"], ["report", "--out", "r.pdf"]])
def test_a_missing_database_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    missing = tmp_path / "typo.db"
    out = tmp_path / command[-1]
    argv = [command[0], "--db", str(missing), command[1], str(out)]
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert f"no database at {missing}" in captured.err
    assert "Traceback" not in captured.err
    assert not missing.exists()  # a typo must not leave an empty database behind
    assert not out.exists()
