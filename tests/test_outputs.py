"""Outputs: checked before any work, never a database, written whole or not at all."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.support.full_disk import simulate_full_disk
from workshop.outputs import (
    FOLDER,
    TEMP_PREFIX,
    OutputError,
    StagedFolder,
    atomic_file,
    check_output,
    is_sqlite,
    write_file,
)

PDF = {".pdf": "a PDF file (.pdf)"}
TABLES = {".xlsx": "a workbook (.xlsx)", ".zip": "a .zip", FOLDER: "a folder"}


def sqlite_file(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.startswith(TEMP_PREFIX))


@pytest.mark.parametrize(
    ("name", "formats", "expected"),
    [
        ("r.pdf", PDF, ".pdf"),
        ("R.PDF", PDF, ".pdf"),
        ("r.xlsx", TABLES, ".xlsx"),
        ("r.zip", TABLES, ".zip"),
        ("results", TABLES, FOLDER),
        ("results.2025", TABLES, FOLDER),  # not an extension a file format has
    ],
)
def test_accepted_outputs(
    tmp_path: Path, name: str, formats: dict[str, str], expected: str
) -> None:
    out = check_output(tmp_path / name, formats, "the export")
    assert (out.path, out.format) == (tmp_path / name, expected)


@pytest.mark.parametrize(
    ("name", "formats", "message"),
    [
        ("r.txt", PDF, "the report expected a PDF file (.pdf), got 'r.txt'"),
        ("r", PDF, "the report expected a PDF file (.pdf), got 'r'"),
        ("r.csv", TABLES, "expected a workbook (.xlsx) or a .zip or a folder, got 'r.csv'"),
        ("r.pdf", TABLES, "got 'r.pdf'"),
    ],
)
def test_the_extension_must_match_the_format(
    tmp_path: Path, name: str, formats: dict[str, str], message: str
) -> None:
    with pytest.raises(OutputError) as caught:
        check_output(tmp_path / name, formats, "the report")
    assert message in str(caught.value)


def test_a_hint_says_why_an_extension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught:
        check_output(tmp_path / "r.csv", TABLES, "the export", hints={".csv": "one table only"})
    assert str(caught.value).endswith("got 'r.csv'; one table only")


def test_a_folder_where_a_file_goes_and_a_file_where_a_folder_goes(tmp_path: Path) -> None:
    (tmp_path / "r.pdf").mkdir()
    with pytest.raises(OutputError, match=r"which is a folder$"):
        check_output(tmp_path / "r.pdf", PDF, "the report")
    (tmp_path / "cards").write_text("a file")
    with pytest.raises(OutputError, match=r"which is a file$"):
        check_output(tmp_path / "cards", {FOLDER: "a folder"}, "--cards")


def test_the_folder_must_exist(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"into the folder .*missing: it does not exist"):
        check_output(tmp_path / "missing" / "r.pdf", PDF, "the report")
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="a part of the path is a file"):
        check_output(tmp_path / "file" / "sub" / "r.pdf", PDF, "the report")
    assert not (tmp_path / "missing").exists()


def test_a_database_is_never_an_output(tmp_path: Path) -> None:
    db = sqlite_file(tmp_path / "w.db")
    for name in ("w.db-wal", "w.db-shm", "w.db-journal"):
        with pytest.raises(OutputError, match="journal of the database"):
            check_output(tmp_path / name, {Path(name).suffix: "it"}, "x", protect=[db])
    (tmp_path / "report.pdf").symlink_to(db)
    with pytest.raises(OutputError, match="it is the database this command reads"):
        check_output(tmp_path / "report.pdf", PDF, "the report", protect=[db])
    # Any SQLite file, by its first bytes, whatever its name.
    other = sqlite_file(tmp_path / "other.xlsx")
    with pytest.raises(OutputError, match="it is an SQLite database, which this would destroy"):
        check_output(other, TABLES, "the export")
    assert is_sqlite(db) and is_sqlite(other)
    assert not is_sqlite(tmp_path / "none") and not is_sqlite(tmp_path)


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")
    write_file(target, b"new bytes")
    assert target.read_bytes() == b"new bytes"
    assert leftovers(tmp_path) == []
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_an_error_mid_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_file(target) as handle:
        handle.write(b"half")
        raise RuntimeError("the drawing failed")
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_a_full_disk_is_one_line_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    simulate_full_disk(monkeypatch, room=100)
    target = tmp_path / "r.pdf"
    with pytest.raises(OutputError) as caught:
        write_file(target, b"x" * 1000)
    assert str(caught.value) == (
        f"cannot write {target}: the disk is full (No space left on device); nothing was written"
    )
    assert not target.exists()
    assert leftovers(tmp_path) == []


def test_a_new_folder_appears_whole_at_the_end(tmp_path: Path) -> None:
    target = tmp_path / "cards"
    with StagedFolder(target) as staged:
        with staged.open("a.csv") as handle:
            handle.write(b"a")
        staged.path_for("b.csv").write_bytes(b"b")  # as another process writes it
        staged.written("b.csv")
        staged.path_for("c.csv").write_bytes(b"half")
        staged.discard("c.csv")  # failed: left out
        assert not target.exists()
    assert sorted(p.name for p in target.iterdir()) == ["a.csv", "b.csv"]
    assert leftovers(tmp_path) == []


def test_a_folder_that_fails_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "cards"
    with pytest.raises(RuntimeError), StagedFolder(target) as staged:
        with staged.open("a.csv") as handle:
            handle.write(b"a")
        raise RuntimeError("stop")
    assert sorted(tmp_path.iterdir()) == []

    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "a.csv").write_bytes(b"old")
    (existing / "notes.txt").write_bytes(b"mine")
    simulate_full_disk(monkeypatch, room=10)
    with pytest.raises(OutputError, match="the disk is full"), StagedFolder(existing) as staged:
        with staged.open("b.csv") as handle:
            handle.write(b"fits")
        with staged.open("a.csv") as handle:
            handle.write(b"does not fit")
    assert {p.name: p.read_bytes() for p in existing.iterdir()} == {
        "a.csv": b"old",
        "notes.txt": b"mine",
    }


def test_a_staged_name_is_a_plain_file_name(tmp_path: Path) -> None:
    with StagedFolder(tmp_path) as staged:
        for bad in ("../x.csv", "a/b.csv", "", ".."):
            with pytest.raises(ValueError, match="expected a plain file name"):
                staged.path_for(bad)
