"""Export, import into a fresh database, export again: the same rows in every sheet, on SQLite
and on PostgreSQL, with everything the chain of coaches added (roles, coaches, who wrote each
stage, notes, measured lengths, decided and parked fixes); and a second import adds nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from tests.support.paths import ROOT
from workshop.cli import main
from workshop.coaching.call import CoachingCall
from workshop.coaching.demo import demo_team
from workshop.content.coaching_files import load_coaching_content
from workshop.store import Store

SHEETS = ("reps", "evaluations", "calls", "self_checks", "progress")


def _with_notes_and_a_decision(calls: tuple[CoachingCall, ...]) -> list[CoachingCall]:
    """The demo's calls, a few with the coach's note, one fix said to be one thing."""
    out = list(calls)
    for i in range(0, len(out), 9):
        call = out[i]
        if call.complete and call.rep_answer_at is not None:
            note_at = call.rep_answer_at + timedelta(seconds=30)
            out[i] = replace(call, coach_note=f"She saw it herself ({i}).", coach_note_at=note_at)
    first = next(i for i, c in enumerate(out) if c.complete and not c.fix_decision)
    out[first] = replace(
        out[first], fix="Call the champion and ask for an intro.", fix_decision="one_thing"
    )
    return out


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path)
    return {sheet: list(book[sheet].values) for sheet in SHEETS}


def test_everything_new_survives_an_export_and_an_import(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = load_coaching_content(ROOT / "data" / "en")
    team = demo_team(content, date.today())
    calls = _with_notes_and_a_decision(team.calls)
    source = tmp_path / "source.db"
    with Store(source) as store:
        store.import_coaching(team.people, team.evaluations, calls, team.self_checks)
    first = tmp_path / "first.xlsx"
    assert main(["coaching", "export", "--db", str(source), "--out", str(first)]) == 0

    assert main(["coaching", "import", "--db", db_url, str(first)]) == 0
    printed = capsys.readouterr().out
    assert f"{len(calls)} calls" in printed and "7 new people" in printed
    again = tmp_path / "again.xlsx"
    assert main(["coaching", "export", "--db", db_url, "--out", str(again)]) == 0
    before, after = _rows(first), _rows(again)
    for sheet in SHEETS:
        assert after[sheet][0] == before[sheet][0], sheet  # the same columns
        assert sorted(map(repr, after[sheet][1:])) == sorted(map(repr, before[sheet][1:])), sheet

    with Store(db_url) as store:
        people = {p.name: p for p in store.reps()}
        saved = {c.id: c for c in store.calls()}
    names = {p.id: p.name for p in people.values()}
    assert people["Casey (demo)"].role == "manager"
    assert names[people["Casey (demo)"].coach_id or ""] == "Morgan (demo)"
    assert names[people["Alex (demo)"].coach_id or ""] == "Casey (demo)"
    source_names = {p.id: p.name for p in team.people}
    for call in calls:
        got = saved[call.id]
        assert names.get(got.coach_id or "") == source_names.get(call.coach_id or "")
        assert replace(got, rep_id="", coach_id="") == replace(call, rep_id="", coach_id="")
    assert any(c.parked for c in saved.values()) and any(c.from_parked for c in saved.values())
    assert any(c.coach_note for c in saved.values())
    assert {c.fix_decision for c in saved.values()} == {"", "kept", "one_thing"}

    # The same file again adds nothing: every record is there already, as it is.
    assert main(["coaching", "import", "--db", db_url, str(first)]) == 0
    printed = capsys.readouterr().out
    assert "imported 0 evaluations (0 scores), 0 calls, 0 self-checks" in printed
    assert "were there already" in printed


def test_a_doubled_fix_in_a_file_is_a_problem_of_its_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = load_coaching_content(ROOT / "data" / "en")
    team = demo_team(content, date.today())
    source = tmp_path / "source.db"
    with Store(source) as store:
        store.import_coaching(team.people, team.evaluations, team.calls[:12], team.self_checks)
    folder = tmp_path / "csv"
    assert main(["coaching", "export", "--db", str(source), "--out", str(folder)]) == 0
    calls_csv = folder / "calls.csv"
    lines = calls_csv.read_text(encoding="utf-8").splitlines()
    complete = next(i for i, line in enumerate(lines[1:], start=2) if ",fixed," in line)
    fix = team.calls[complete - 2].fix
    lines[complete - 1] = lines[complete - 1].replace(
        fix, "Shorter subject line and propose a date", 1
    )
    calls_csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    assert (
        main(["coaching", "import", "--db", str(fresh), *map(str, sorted(folder.iterdir()))]) == 1
    )
    err = capsys.readouterr().err
    assert f"calls.csv:{complete}: the fix reads as 2 fixes ('Shorter subject line'; " in err
    assert "nothing was imported" in err
