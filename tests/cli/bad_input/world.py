"""The world a bad-input case runs in: a folder of its own with a copy of a small room's
database, the files its setup puts there, and the checks that nothing was lost or left behind.

Setups touch files and SQLite directly (never the toolkit's own writers), so a case means the
same whatever version of the toolkit it runs against.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml

from tests.support.paths import DATA

SQLITE_MAGIC = b"SQLite format 3\x00"


def competencies() -> list[str]:
    """Every competency's name in the default content, as a manager types them."""
    doc = yaml.safe_load((DATA / "en" / "competencies.yaml").read_text(encoding="utf-8"))
    return [c["name"] for group in doc["groups"] for c in group["competencies"]]


@dataclass(frozen=True)
class World:
    """One case's folder, and the room's database in it."""

    here: Path

    @property
    def db(self) -> Path:
        return self.here / "room.db"

    def fill(self, template: Path) -> None:
        shutil.copyfile(template, self.db)


Setup = Callable[[World], None]


def evaluations_csv(path: Path, reps: int = 2) -> Path:
    """A few reps' evaluations, as `workshop coaching import` reads them."""
    on = (date.today() - timedelta(days=3)).isoformat()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["rep", "date", "competency", "score"])
        for n in range(reps):
            writer.writerows([f"Rep {n + 1}", on, c, str(3 + n)] for c in competencies())
    return path


def settle(db: Path) -> None:
    """Leave the database in one file (no -wal beside it), as a copied file would be."""
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


# -- setups: what a case puts in its folder before the command runs ---------------------------


def a_folder(name: str) -> Setup:
    def setup(world: World) -> None:
        (world.here / name).mkdir(parents=True)

    return setup


def a_file(name: str, data: bytes = b"keep me\n") -> Setup:
    def setup(world: World) -> None:
        path = world.here / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    return setup


def an_sqlite_file(name: str, user_version: int = 0, table: str = "notes") -> Setup:
    """Someone else's SQLite database (or, named like a workshop table, a stranger's copy)."""

    def setup(world: World) -> None:
        with sqlite3.connect(world.here / name) as conn:
            conn.execute(f"CREATE TABLE {table} (body TEXT)")
            conn.execute(f"INSERT INTO {table} VALUES ('precious')")
            conn.execute(f"PRAGMA user_version = {int(user_version)}")
        conn.close()

    return setup


def room_sql(*statements: str) -> Setup:
    """Change the room's database with plain SQL (foreign keys off, as a damaging tool would)."""

    def setup(world: World) -> None:
        conn = sqlite3.connect(world.db)
        try:
            conn.execute("PRAGMA foreign_keys = OFF")
            for statement in statements:
                conn.execute(statement)
            conn.commit()
        finally:
            conn.close()

    return setup


def corrupt_room(world: World) -> None:
    data = bytearray(world.db.read_bytes())
    data[100:4196] = bytes(4096)  # the first page's contents, after the header
    world.db.write_bytes(bytes(data))


def a_running_server(world: World) -> None:
    """The mark a live `workshop serve` keeps, seen a second ago (another host's, so nothing
    on this machine can be mistaken for it)."""
    seen = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    room_sql(
        "INSERT INTO live_servers (id, pid, host, session_code, started_at, seen_at) "
        f"VALUES ('other', 4242, 'projector-pc', NULL, '{seen}', '{seen}')"
    )(world)


def content_copy(name: str, old: str = "", new: str = "", file: str = "balance.yaml") -> Setup:
    """A copy of the default content, with one text changed in one file."""

    def setup(world: World) -> None:
        folder = world.here / name
        shutil.copytree(DATA / "en", folder)
        if old:
            path = folder / file
            text = path.read_text(encoding="utf-8")
            assert old in text, f"{old!r} is not in {file}"
            path.write_text(text.replace(old, new), encoding="utf-8")

    return setup


def csv_file(name: str, header: str, rows: list[str]) -> Setup:
    return a_file(name, ("\n".join([header, *rows]) + "\n").encode("utf-8"))


# -- what the checks compare -------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """Every file under a folder (a hash of each that is no SQLite database), and each SQLite
    database's integrity, version and row counts."""

    files: dict[str, str]
    databases: dict[str, tuple[str, int, dict[str, int]]]


def snapshot(folder: Path) -> Snapshot:
    files: dict[str, str] = {}
    databases: dict[str, tuple[str, int, dict[str, int]]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_dir():
            files[path.relative_to(folder).as_posix() + "/"] = "folder"
            continue
        name = path.relative_to(folder).as_posix()
        data = path.read_bytes()
        if data.startswith(SQLITE_MAGIC):
            files[name] = "sqlite"
            databases[name] = database_state(path)
        else:
            files[name] = hashlib.sha256(data).hexdigest()
    return Snapshot(files, databases)


def database_state(path: Path) -> tuple[str, int, dict[str, int]]:
    """PRAGMA integrity_check, user_version and every table's row count, read-only."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        try:
            check = "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
        except sqlite3.DatabaseError as exc:
            return (f"unreadable: {exc}", -1, {})
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        counts = {t: int(conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]) for t in tables}
        return (check, version, counts)
    finally:
        conn.close()


def self_check_csv(answer: str, rep: str = "Ann") -> Setup:
    """A self_checks.csv of one row, dated two days ago (a self-check cannot be in the future)."""

    def setup(world: World) -> None:
        on = (date.today() - timedelta(days=2)).isoformat()
        with (world.here / "self_checks.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["rep", "date", "answer"])
            writer.writerow([rep, on, answer])

    return setup
