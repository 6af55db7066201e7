"""`workshop coaching import` and `export`: errors by row, all or nothing, text stays text, and
an export imports again whole (workbook or CSV files) with no problem."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from workshop.cli import main
from workshop.coaching.call import CoachingCall, open_call
from workshop.coaching.demo import demo_team
from workshop.coaching.model import Evaluation
from workshop.content.coaching import CoachingContent
from workshop.content.coaching_files import load_coaching_content
from workshop.store import Store

DAY = date.today() - timedelta(days=7)


@pytest.fixture(scope="module")
def content() -> CoachingContent:
    return load_coaching_content(ROOT / "data" / "en")


def rows_for(rep: str, on: date, content: CoachingContent, score: int = 5) -> list[list[str]]:
    return [[rep, on.isoformat(), c.name, str(score)] for c in content.competencies]


def write_csv(path: Path, rows: list[list[str]], header: tuple[str, ...] = ()) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header or ("rep", "date", "competency", "score"))
        writer.writerows(rows)
    return path


def run(*argv: str) -> int:
    return main(["coaching", *argv])


def test_import_a_clean_file(
    tmp_path: Path, content: CoachingContent, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "c.db"
    with Store(db) as store:
        store.create_rep("Dana")
    rows = rows_for("dana", DAY, content, 4) + rows_for("Lee", DAY, content, 6)
    path = write_csv(tmp_path / "evaluations.csv", rows)
    assert run("import", "--db", str(db), str(path)) == 0
    out = capsys.readouterr().out
    assert "imported 2 evaluations (42 scores)" in out and "1 new person: Lee" in out
    with Store(db) as store:
        assert sorted(r.name for r in store.reps()) == ["Dana", "Lee"]
        evaluations = store.evaluations()
    assert len(evaluations) == 2
    assert {len(e.scores) for e in evaluations} == {21}


def test_bad_rows_are_reported_by_row_and_nothing_is_imported(
    tmp_path: Path, content: CoachingContent, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "c.db"
    good = rows_for("Lee", DAY, content)
    bad = rows_for("Dana", DAY, content)
    bad[2][2] = "Positve outlok"  # row 4: unknown competency
    bad[6][3] = "11"  # row 8: off the scale
    bad[7][1] = (date.today() + timedelta(days=3)).isoformat()  # row 9: in the future
    bad[9][1] = "03/14/2026"  # row 11: not a date
    path = write_csv(tmp_path / "evaluations.csv", good + bad)
    assert run("import", "--db", str(db), str(path)) == 1
    err = capsys.readouterr().err
    offset = len(good) + 1  # the header is row 1
    assert f"evaluations.csv:{offset + 3}: unknown competency 'Positve outlok'" in err
    assert "the nearest known names are 'Positive outlook'" in err
    assert f"evaluations.csv:{offset + 7}: the score for 'Stays calm under pressure'" in err
    assert "not 11" in err
    assert f"evaluations.csv:{offset + 8}:" in err and "in the future" in err
    assert f"evaluations.csv:{offset + 10}: the date expected YYYY-MM-DD" in err
    assert "nothing was imported" in err
    assert "Traceback" not in err
    with Store(db) as store:
        assert store.reps() == [] and store.evaluations() == []


@pytest.mark.parametrize(
    ("rows", "header", "expected"),
    [
        ([], ("rep", "date", "score"), ":1: missing column competency"),
        ([], ("name", "when", "what"), ":1: cannot tell which sheet this is"),
        ("incomplete", (), "scores 20 of 21 competencies; missing 'Closing'"),
        ("twice", (), "'Closing' is already scored for Dana"),
        ("no name", (), "the rep's name is empty"),
    ],
)
def test_file_level_problems(
    rows: object,
    header: tuple[str, ...],
    expected: str,
    tmp_path: Path,
    content: CoachingContent,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = rows_for("Dana", DAY, content)
    if rows == "incomplete":
        data = [r for r in data if r[2] != "Closing"]
    elif rows == "twice":
        data.append(["Dana", DAY.isoformat(), "closing", "4"])
    elif rows == "no name":
        data[0][0] = " "
    elif rows == []:
        data = []
    path = write_csv(tmp_path / "e.csv", data, header)
    assert run("import", "--db", str(tmp_path / "c.db"), str(path)) == 1
    assert expected in capsys.readouterr().err


def test_an_evaluation_already_saved_is_kept(
    tmp_path: Path, content: CoachingContent, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "c.db"
    path = write_csv(tmp_path / "e.csv", rows_for("Dana", DAY, content, 4))
    assert run("import", "--db", str(db), str(path)) == 0
    path = write_csv(tmp_path / "e.csv", rows_for("Dana", DAY, content, 9))
    assert run("import", "--db", str(db), str(path)) == 1
    assert "Dana already has an evaluation on" in capsys.readouterr().err
    with Store(db) as store:
        [kept] = store.evaluations()
    assert set(kept.scores.values()) == {4}


def test_unreadable_file_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("import", "--db", str(tmp_path / "c.db"), str(tmp_path / "missing.csv")) == 1
    assert "cannot read" in capsys.readouterr().err
    (tmp_path / "latin1.csv").write_bytes("rep,date\nJos\xe9".encode("latin-1"))
    assert run("import", "--db", str(tmp_path / "c.db"), str(tmp_path / "latin1.csv")) == 1
    assert "latin1.csv:2: expected UTF-8" in capsys.readouterr().err


def a_call(rep_id: str, situation: str, fix: str) -> CoachingCall:
    at = datetime(2026, 3, 1, 10, tzinfo=UTC)
    content = load_coaching_content(ROOT / "data" / "en")
    call = open_call(
        rep_id=rep_id,
        on=DAY,
        minutes=12,
        medium="email",
        situation=situation,
        competency="closing",
        content=content,
        today=date.today(),
        at=at,
        call_id="call-1",
    )
    call = call.with_rep_answer("@SUM(1)", at + timedelta(minutes=1), 2000)
    call = call.with_knows(True).with_can(False)
    call = call.with_insight("-2+3", ["words"], at + timedelta(minutes=2), 2000)
    return call.with_fix(fix, at + timedelta(minutes=3), 2000, content.fix_words)


def test_export_writes_every_sheet_and_keeps_text_as_text(
    tmp_path: Path, content: CoachingContent, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    db = tmp_path / "c.db"
    with Store(db) as store:
        rep = store.create_rep("Dana")
        store.save_evaluation(Evaluation(rep.id, DAY, {c.id: 5 for c in content.competencies}))
        store.import_coaching(calls=[a_call(rep.id, "=cmd|' /C calc'!A0", "+Ask for the date")])
    out = tmp_path / "coaching.xlsx"
    assert run("export", "--db", str(db), "--out", str(out)) == 0
    assert "wrote" in capsys.readouterr().out
    book = load_workbook(out)
    assert book.sheetnames == ["reps", "evaluations", "calls", "self_checks", "progress"]
    calls = list(book["calls"].values)
    header = calls[0]
    assert header[:4] == ("call_id", "rep", "date", "minutes")
    row = dict(zip(header, calls[1], strict=True))
    assert row["situation"] == "=cmd|' /C calc'!A0" and row["fix"] == "+Ask for the date"
    assert row["rep_answer"] == "@SUM(1)" and row["insight"] == "-2+3"
    assert (row["knows"], row["can"], row["gap"], row["stage"]) == (True, False, "skill", "fixed")
    column = header.index("situation") + 1
    assert book["calls"].cell(2, column).data_type == "s"  # text, never a formula
    assert book["evaluations"].max_row == 22
    progress = list(book["progress"].values)
    assert progress[1][0] == "Dana" and progress[1][1] == 1


def test_exported_evaluations_import_again(tmp_path: Path, content: CoachingContent) -> None:
    from openpyxl import load_workbook

    first = tmp_path / "first.db"
    path = write_csv(tmp_path / "e.csv", rows_for("Dana", DAY, content, 7))
    assert run("import", "--db", str(first), str(path)) == 0
    assert run("export", "--db", str(first), "--out", str(tmp_path / "c.xlsx")) == 0
    sheet = load_workbook(tmp_path / "c.xlsx")["evaluations"]
    with (tmp_path / "again.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        for row in sheet.values:
            writer.writerow([v.date().isoformat() if hasattr(v, "date") else v for v in row])
    second = tmp_path / "second.db"
    assert run("import", "--db", str(second), str(tmp_path / "again.csv")) == 0
    with Store(first) as a, Store(second) as b:
        assert [dict(e.scores) for e in a.evaluations()] == [
            dict(e.scores) for e in b.evaluations()
        ]


def test_export_to_a_missing_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nowhere" / "c.xlsx"
    Store(tmp_path / "c.db").close()
    assert run("export", "--db", str(tmp_path / "c.db"), "--out", str(out)) == 1
    assert "does not exist" in capsys.readouterr().err


def test_export_from_a_missing_database_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "c.xlsx"
    assert run("export", "--db", str(tmp_path / "typo.db"), "--out", str(out)) == 1
    assert "no database at" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# -- an export imports again, whole ---------------------------------------------------------


def _everything(db: Path) -> dict[str, object]:
    """What a database holds, with reps by name (ids differ from one database to another)."""
    with Store(db) as store:
        reps = store.reps()
        name = {r.id: r.name for r in reps}
        return {
            "reps": sorted(
                (r.name, r.demo, r.created_at, r.role, name.get(r.coach_id or "", "")) for r in reps
            ),
            "evaluations": sorted(
                (name[e.rep_id], e.on, tuple(e.scores.items())) for e in store.evaluations()
            ),
            "calls": sorted(
                (
                    name[c.rep_id],
                    name.get(c.coach_id or "", ""),
                    repr(replace(c, rep_id="", coach_id="")),
                )
                for c in store.calls()
            ),
            "self_checks": sorted(
                (name[c.rep_id], c.on, c.answer, c.at) for c in store.self_checks()
            ),
        }


@pytest.fixture
def full_db(tmp_path: Path, content: CoachingContent) -> Path:
    """The demo team (calls at every stage) and an own rep whose texts are hard to keep."""
    db = tmp_path / "full.db"
    today = date.today()
    team = demo_team(content, today)
    with Store(db) as store:
        store.import_coaching(team.people, team.evaluations, team.calls, team.self_checks)
        own = store.create_rep("Ñandú O'Brien")
        store.save_evaluation(Evaluation(own.id, DAY, {c.id: 3 for c in content.competencies}))
        hard = a_call(own.id, "  Two lines,\nand 'quotes' & <b>tags</b> 🙂  ", "=Ask first.")
        legacy = replace(
            a_call(own.id, "Old call.", "Shorter subject."),
            id="legacy-1",
            fix="1. Shorter subject 2. Propose a date",  # the old rule let a list through
            rep_answer="",
            rep_answer_at=None,
            rep_answer_by=None,
            insight="",
            insight_at=None,
            legacy=True,
        )
        store.import_coaching(calls=[hard, legacy])
        store.issue_rep_code(own.id)
    return db


@pytest.mark.parametrize("out_name", ["coaching.xlsx", "coaching-csv"])
def test_an_export_imports_again_whole_with_no_problem(
    out_name: str, full_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / out_name
    assert run("export", "--db", str(full_db), "--out", str(out)) == 0
    files = [out] if out.suffix == ".xlsx" else sorted(out.glob("*.csv"))
    if out.suffix != ".xlsx":
        assert [f.name for f in files] == [
            "calls.csv",
            "evaluations.csv",
            "progress.csv",
            "reps.csv",
            "self_checks.csv",
        ]
    capsys.readouterr()
    fresh = tmp_path / "fresh.db"
    assert run("import", "--db", str(fresh), *map(str, files)) == 0
    printed = capsys.readouterr()
    assert printed.err == ""
    assert "not imported, as it is worked out from the rest" in printed.out
    before, after = _everything(full_db), _everything(fresh)
    for kind in before:
        assert after[kind] == before[kind], kind
    assert len(before["calls"]) > 100  # type: ignore[arg-type]

    # Imported again into the same database: nothing new, nothing doubled, no problem.
    assert run("import", "--db", str(fresh), *map(str, files)) == 0
    assert "were there already" in capsys.readouterr().out
    assert _everything(fresh) == before


def test_a_spreadsheets_csv_of_the_evaluations_sheet_imports(
    full_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A spreadsheet saves a date cell to CSV as 2025-02-01 00:00:00: that is still a date (it
    was 147 problems)."""
    from openpyxl import load_workbook

    out = tmp_path / "c.xlsx"
    assert run("export", "--db", str(full_db), "--out", str(out)) == 0
    sheet = load_workbook(out)["evaluations"]
    path = tmp_path / "Evaluations (1).csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        for values in sheet.values:
            writer.writerow(["" if v is None else str(v) for v in values])
    assert "2026" in path.read_text() and " 00:00:00" in path.read_text()
    capsys.readouterr()
    fresh = tmp_path / "fresh.db"
    assert run("import", "--db", str(fresh), str(path)) == 0, capsys.readouterr().err
    assert _everything(fresh)["evaluations"] == _everything(full_db)["evaluations"]


def test_a_call_out_of_order_in_a_file_imports_nothing(
    full_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "csv"
    assert run("export", "--db", str(full_db), "--out", str(out)) == 0
    calls = (out / "calls.csv").read_text(encoding="utf-8").splitlines()
    header = calls[0].split(",")
    rows = list(csv.reader(calls[1:]))
    answered = next(r for r in rows if r[header.index("stage")] == "opened")
    answered[header.index("fix")] = "Ask first."  # a fix with no time, before the rep answered
    bad = tmp_path / "calls.csv"
    with bad.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, answered])
    capsys.readouterr()
    assert run("import", "--db", str(tmp_path / "new.db"), str(bad)) == 1
    err = capsys.readouterr().err
    assert "calls.csv:2: the fix has no fixed_at" in err and "nothing was imported" in err


def test_many_bad_rows_list_fifty_problems_and_count_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [[f"Rep {i}", "not a date", "Closing", "5"] for i in range(5000)]
    path = write_csv(tmp_path / "evaluations.csv", rows)
    assert run("import", "--db", str(tmp_path / "c.db"), str(path)) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 52
    assert lines[0].startswith("workshop coaching: evaluations.csv:2: the date expected")
    assert lines[49].startswith("evaluations.csv:51: ")
    assert lines[50:] == ["... and 4,950 more problems", "5,000 problems; nothing was imported"]


@pytest.mark.parametrize("where", ["header", "row"])
def test_a_field_past_the_csv_limit_is_a_problem_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    huge = "x" * (csv.field_size_limit() + 1)
    path = tmp_path / "evaluations.csv"
    if where == "header":
        path.write_text(huge + "\n", encoding="utf-8")
    else:
        write_csv(path, [["Ann", DAY.isoformat(), huge, "5"]])
    assert run("import", "--db", str(tmp_path / "c.db"), str(path)) == 1
    line = 1 if where == "header" else 2
    assert capsys.readouterr().err == (
        f"workshop coaching: evaluations.csv:{line}: a field is longer than "
        f"{csv.field_size_limit():,} characters, more than any coaching record holds; is this "
        "the right file?\n1 problem; nothing was imported\n"
    )


def test_a_csv_export_runs_nothing_and_imports_back_exactly(
    tmp_path: Path, content: CoachingContent, capsys: pytest.CaptureFixture[str]
) -> None:
    """The coaching export's CSV follows the room export's rule (`workshop.spreadsheet`): a
    text a spreadsheet would run gets an apostrophe in front, and the import takes it off, so
    an export imports back as it was, apostrophes typed by people included."""
    from workshop.spreadsheet import FORMULA_STARTS

    db = tmp_path / "c.db"
    with Store(db) as store:
        rep = store.create_rep("=Dana")
        store.save_evaluation(Evaluation(rep.id, DAY, {c.id: 5 for c in content.competencies}))
        store.import_coaching(calls=[a_call(rep.id, "'=already quoted", "+Ask for the date")])
    out = tmp_path / "coaching"
    assert run("export", "--db", str(db), "--out", str(out)) == 0
    cells = [
        cell
        for path in out.glob("*.csv")
        for row in csv.reader(path.open(encoding="utf-8", newline=""))
        for cell in row
    ]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert {"'=Dana", "''=already quoted", "'+Ask for the date", "'@SUM(1)"} <= set(cells)
    capsys.readouterr()
    fresh = tmp_path / "fresh.db"
    files = [p for p in sorted(out.glob("*.csv")) if p.name != "progress.csv"]
    assert run("import", "--db", str(fresh), *map(str, files)) == 0, capsys.readouterr().err
    assert _everything(fresh) == _everything(db)


def test_workshop_demo_makes_a_demo_coaching_team_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rehearsal database has a coaching team to look at: export shows its people."""
    from workshop.cli import main

    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db), "--attendees", "3"]) == 0
    assert "1 director, 2 managers and 4 reps" in capsys.readouterr().out
    assert main(["demo", "--db", str(db), "--attendees", "2"]) == 0
    assert "the demo coaching team is there already" in capsys.readouterr().out
    out = tmp_path / "c.xlsx"
    assert run("export", "--db", str(db), "--out", str(out)) == 0
    assert "7 people" in capsys.readouterr().out
    with Store(db) as store:
        roles = sorted(p.role for p in store.reps())
    assert roles == ["director", "manager", "manager", "rep", "rep", "rep", "rep"]


def test_workshop_demo_can_leave_coaching_out(tmp_path: Path) -> None:
    from workshop.cli import main

    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db), "--attendees", "2", "--no-coaching"]) == 0
    with Store(db) as store:
        assert store.reps() == []
    assert main(["demo", "--db", str(db), "--attendees", "0", "--coaching"]) == 0
    with Store(db) as store:
        assert len(store.reps()) == 7
