"""Every command on both backends: `demo`, `export`, `report` (and its cards) and `coaching
import|export` against an SQLite file and against a real PostgreSQL server (the throwaway
cluster of this test run), as a facilitator types them."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests.support.paths import ROOT
from workshop.cli import main
from workshop.coaching.demo import demo_team
from workshop.content.coaching_files import load_coaching_content
from workshop.content.keynote import KeynoteContent
from workshop.store import Store

ATTENDEES = 6


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def test_the_live_commands(
    db_url: str, tmp_path: Path, content: KeynoteContent, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--db", db_url, "--attendees", str(ATTENDEES)]) == 0
    printed = capsys.readouterr().out
    found = re.search(r"added \d+ demo attendees to session ([A-Z0-9]{6}) in (\S+)", printed)
    assert found, printed
    code = found[1]
    with Store(db_url) as store:
        assert store.session_attendee_count(code) == ATTENDEES
        store.share_on_wall(store.create_attendee(None, code).id, "mantra", "Think positive!")
        schema = store.schema_version

    folder, xlsx = tmp_path / "csv", tmp_path / "r.xlsx"
    assert main(["export", "--db", db_url, "--out", str(folder), "--session", code]) == 0
    table = pd.read_csv(folder / "attendees.csv")
    assert len(table) == ATTENDEES + 1
    assert table[content.balance.categories[0].name].dropna().between(1, 8).all()
    assert main(["export", "--db", db_url, "--out", str(xlsx)]) == 0
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["attendees", "finders", "wall", "summary"]
    wall = list(book["wall"].values)
    assert ("mantra", "Think positive!") in [row[:2] for row in wall[1:]], wall

    report, cards = tmp_path / "report.pdf", tmp_path / "cards"
    assert main(["report", "--db", db_url, "--out", str(report), "--cards", str(cards)]) == 0
    assert pdf_pages(report.read_bytes()) == 2
    made = sorted(cards.iterdir())
    assert len(made) == ATTENDEES + 1
    assert all(pdf_pages(p.read_bytes()) == 1 for p in made)
    printed = capsys.readouterr().out
    assert f"wrote {ATTENDEES + 1} cards" in printed
    with Store(db_url) as store:
        assert store.schema_version == schema  # the read commands changed nothing
        assert store.session_attendee_count(code) == ATTENDEES + 1


def test_coaching_import_and_export(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    coaching = load_coaching_content(ROOT / "data" / "en")
    team = demo_team(coaching, date.today())
    source = tmp_path / "source.db"
    with Store(source) as store:
        store.import_coaching(team.people, team.evaluations, team.calls[:40], team.self_checks)
        expected = {
            "reps": sorted(r.name for r in store.reps()),
            "calls": sorted(repr(replace(c, rep_id="", coach_id="")) for c in store.calls()),
        }
    workbook = tmp_path / "from-sqlite.xlsx"
    assert main(["coaching", "export", "--db", str(source), "--out", str(workbook)]) == 0

    assert main(["coaching", "import", "--db", db_url, str(workbook)]) == 0
    assert "imported" in capsys.readouterr().out
    again = tmp_path / "again.xlsx"
    assert main(["coaching", "export", "--db", db_url, "--out", str(again)]) == 0
    assert "wrote" in capsys.readouterr().out
    with Store(db_url) as store:
        assert sorted(r.name for r in store.reps()) == expected["reps"]
        assert (
            sorted(repr(replace(c, rep_id="", coach_id="")) for c in store.calls())
            == (expected["calls"])
        )
    first, second = (openpyxl.load_workbook(p) for p in (workbook, again))
    for sheet in ("evaluations", "calls", "self_checks", "progress"):
        rows, rows_again = (list(book[sheet].values) for book in (first, second))
        assert rows_again[0] == rows[0], sheet  # the same columns
        assert sorted(map(repr, rows_again[1:])) == sorted(map(repr, rows[1:])), sheet


def test_a_password_on_the_command_line_is_refused_before_anything_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.csv"
    url = "postgresql://room:hunter2@127.0.0.1:9/workshop"
    assert main(["export", "--db", url, "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert "--db holds a password" in captured.err
    assert "WORKSHOP_DB_FILE" in captured.err
    assert "hunter2" not in captured.err + captured.out
    assert not out.exists()


@pytest.mark.parametrize("command", [["export", "--out", "r.csv"], ["report", "--out", "r.pdf"]])
def test_reading_a_database_that_holds_no_room_is_a_clear_error(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    out = tmp_path / command[-1]
    assert main([command[0], "--db", db_url, command[1], str(out)]) == 1
    err = capsys.readouterr().err
    assert "no database at" in err or "is not a workshop database" in err, err
    assert "Traceback" not in err
    assert not out.exists()
