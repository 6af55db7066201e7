"""`workshop coaching import` and `export`: errors by row, all or nothing, text stays text."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from workshop.cli import main
from workshop.coaching.model import CoachingCall, DoOver, Evaluation
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
    assert "imported 2 evaluations" in out and "new rep: Lee" in out
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
        ([], (), ":2: no scores"),
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


def test_export_writes_every_sheet_and_keeps_text_as_text(
    tmp_path: Path, content: CoachingContent, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    db = tmp_path / "c.db"
    with Store(db) as store:
        rep = store.create_rep("Dana")
        store.save_evaluation(Evaluation(rep.id, DAY, {c.id: 5 for c in content.competencies}))
        store.save_call(
            CoachingCall(
                "call-1",
                rep.id,
                DAY,
                12,
                "email",
                "=cmd|' /C calc'!A0",
                True,
                False,
                ("words",),
                "closing",
                "+Ask for the date",
            )
        )
        at = datetime(2026, 3, 1, 10, tzinfo=UTC)
        store.save_do_over(DoOver("call-1").with_self_critique("@SUM(1)", at, 2000))
    out = tmp_path / "coaching.xlsx"
    assert run("export", "--db", str(db), "--out", str(out)) == 0
    assert "wrote" in capsys.readouterr().out
    book = load_workbook(out)
    assert book.sheetnames == [
        "reps",
        "evaluations",
        "calls",
        "do_overs",
        "self_checks",
        "progress",
    ]
    calls = list(book["calls"].values)
    assert calls[0][:4] == ("rep", "date", "minutes", "medium")
    cell = book["calls"]["E2"]
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s"
    assert book["calls"]["K2"].value == "+Ask for the date"
    assert book["do_overs"]["E2"].value == "@SUM(1)"
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
