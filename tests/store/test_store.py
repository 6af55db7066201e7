"""The store: resume across reloads, migrations, concurrent saves, verbatim text, refusals."""

from __future__ import annotations

import multiprocessing
import socket
import sqlite3
from collections.abc import Callable
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from workshop import codes, store
from workshop.errors import ResumeCodeError, StoreError
from workshop.keynote.answers import Pick
from workshop.store import BUSY_TIMEOUT_MS, SCHEMA_VERSION, Store, statements
from workshop.store import target as store_target

PROCESSES = 8
#: How long the multi-process test waits before it calls a worker hung.
HANG_S = 600
SAVES_PER_PROCESS = 50


def test_a_new_store_on_the_same_database_restores_everything(db_url: str) -> None:
    db = db_url
    with Store(db) as first:
        attendee = first.create_attendee("Sam")
        for score, category in enumerate(("career", "health", "family"), start=3):
            first.save_rating(attendee.id, category, score)
        first.save_rating(attendee.id, "career", 7)  # a changed mind overwrites
        first.save_text(attendee.id, "do_over", "personal.answer", "Call my father more")
        first.save_picks(
            attendee.id,
            "balance",
            "finder",
            [Pick("Walk at lunch", "health"), Pick("Sunday dinner", "family")],
        )
        saved = first.answers(attendee.id)

    with Store(db) as second:
        typed = codes.display(attendee.resume_code).lower()  # "abcd-efgh" as typed on a phone
        found = second.attendee_by_code(typed)
        restored = second.answers(found.id)

    assert found == attendee
    assert restored == saved
    assert restored.ratings == {"career": 7, "health": 4, "family": 5}
    assert restored.text("do_over", "personal.answer") == "Call my father more"
    assert [p.item for p in restored.chosen("balance", "finder")] == [
        "Walk at lunch",
        "Sunday dinner",
    ]


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(lambda c: c.lower(), id="lower case"),
        pytest.param(lambda c: codes.display(c), id="dash"),
        pytest.param(lambda c: f"  {codes.display(c).lower()} ", id="dash, spaces, lower"),
    ],
)
def test_attendee_by_code_forgives_case_and_dash(store: Store, typed: object) -> None:
    attendee = store.create_attendee()
    assert callable(typed)
    assert store.attendee_by_code(typed(attendee.resume_code)) == attendee


def test_an_unknown_or_malformed_code_is_refused(store: Store) -> None:
    store.create_attendee()
    with pytest.raises(ResumeCodeError, match="no attendee has the resume code"):
        store.attendee_by_code("2222-2222")
    with pytest.raises(ResumeCodeError, match="8 characters"):
        store.attendee_by_code("ABC")


def _database_at_version(path: Path, version: int) -> None:
    """Build a database by hand as an older toolkit left it, independent of `Store.migrate`."""
    conn = sqlite3.connect(path)
    for step in range(version):
        for statement in statements(step, "sqlite"):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(
        "INSERT INTO attendees (id, resume_code, nickname, created_at) "
        "VALUES ('old-1', 'K7QM3XPA', 'Ana', '2024-01-01T00:00:00.000+00:00')"
    )
    conn.execute(
        "INSERT INTO ratings VALUES ('old-1', 'career', 6, '2024-01-01T00:00:01.000+00:00')"
    )
    conn.execute(
        "INSERT INTO answers VALUES "
        "('old-1', 'do_over', 'professional.answer', 'Listen first', "
        "'2024-01-01T00:00:02.000+00:00')"
    )
    conn.commit()
    conn.close()


@pytest.mark.parametrize("old_version", range(1, SCHEMA_VERSION))
def test_an_older_database_is_migrated_forward_and_keeps_its_data(
    tmp_path: Path, old_version: int
) -> None:
    db = tmp_path / "old.db"
    _database_at_version(db, old_version)

    with Store(db) as migrated:
        assert migrated.schema_version == SCHEMA_VERSION
        attendee = migrated.attendee_by_code("k7qm-3xpa")
        answers = migrated.answers(attendee.id)
        # The newest tables work on the migrated file.
        migrated.save_picks(attendee.id, "balance", "finder", [Pick("Walk at lunch", "health")])
        migrated.remember_device_code(attendee.resume_code)

    assert attendee.nickname == "Ana"
    assert answers.ratings == {"career": 6}
    assert answers.text("do_over", "professional.answer") == "Listen first"
    with Store(db) as reopened:
        assert reopened.schema_version == SCHEMA_VERSION
        assert reopened.answers("old-1").chosen("balance", "finder") == (
            Pick("Walk at lunch", "health"),
        )
        assert reopened.device_code() == "K7QM3XPA"


def test_a_database_newer_than_the_code_is_refused_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "future.db"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()

    with pytest.raises(StoreError, match=r"newer than this toolkit.*upgrade the toolkit"):
        Store(db)

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0
    conn.close()


def _save_many(db: str, worker: int, start: Barrier, results: Queue[tuple[int, str]]) -> None:
    """One attendee kernel: its own Store on the shared file, saving as fast as it can."""
    with Store(db) as own:
        attendee = own.create_attendee(f"worker {worker}")
        start.wait()  # every process starts saving at the same moment
        for i in range(SAVES_PER_PROCESS):
            own.save_text(attendee.id, "do_over", f"field-{i}", f"worker {worker} answer {i}")
            own.save_rating(attendee.id, f"category-{i % 8}", 1 + i % 8)
    results.put((worker, attendee.id))


def test_eight_processes_saving_at_once_lose_nothing(db_url: str) -> None:
    db = db_url
    Store(db).close()  # the schema exists before the rush, as at a real event
    context = multiprocessing.get_context("spawn")
    # Bounds for a hang, not for speed: eight interpreters starting at once on a loaded
    # two-core machine took over 120 s (the processes wait on a condition, never a clock).
    start = context.Barrier(PROCESSES, timeout=HANG_S)
    results: Queue[tuple[int, str]] = context.Queue()
    workers = [
        context.Process(target=_save_many, args=(db, w, start, results)) for w in range(PROCESSES)
    ]
    for process in workers:
        process.start()
    ids = dict(results.get(timeout=HANG_S) for _ in workers)
    for process in workers:
        process.join(timeout=60)
        assert process.exitcode == 0

    assert sorted(ids) == list(range(PROCESSES))
    with Store(db) as after:
        assert after.attendee_count() == PROCESSES
        for worker, attendee_id in ids.items():
            answers = after.answers(attendee_id)
            assert len(answers.texts) == SAVES_PER_PROCESS
            assert answers.text("do_over", "field-17") == f"worker {worker} answer 17"
            assert answers.ratings == {f"category-{k}": 1 + k for k in range(8)}


VERBATIM = {
    "emoji": "Family first 👨‍👩‍👧‍👦 👍🏽 🇧🇪",
    "rtl": "أريد أن أقضي وقتا أطول مع عائلتي \u202eabc\u202c",
    "hebrew": "לא הייתי משנה דבר",
    "cjk": "もう一度やり直せるなら、もっと早く始めます。我会更早开始",
    "html": "<script>alert('x')</script><b>bold</b> &amp; <img src=x onerror=alert(1)>",
    "sql": "'); DROP TABLE answers; --",
    # No NUL: PostgreSQL text cannot hold one (the domain refuses control characters anyway).
    "controls": "tab\there\r\nwindows line\x01\x1b[31mred\x7f\x0b\x0c",
    "spaces": "   leading and trailing   \n\n",
    "combining, not normalised": "Cafe\u0301 and Café",
    "only spaces": "   ",
    "long": "word " * 1500,
}


@pytest.mark.parametrize("text", VERBATIM.values(), ids=VERBATIM.keys())
def test_free_text_is_stored_verbatim(db_url: str, text: str) -> None:
    db = db_url
    with Store(db) as first:
        attendee = first.create_attendee(None)
        first.save_text(attendee.id, "do_over", "professional.answer", text)
        first.save_picks(attendee.id, "menu", "ingredient", [Pick(text, text)])
    with Store(db) as second:
        answers = second.answers(attendee.id)
    assert answers.text("do_over", "professional.answer") == text
    assert answers.chosen("menu", "ingredient") == (Pick(text, text),)


def test_text_that_cannot_be_encoded_is_refused_with_a_store_error(store: Store) -> None:
    attendee = store.create_attendee()
    store.save_text(attendee.id, "do_over", "personal.answer", "kept")
    with pytest.raises(StoreError, match="not saved"):
        store.save_text(attendee.id, "do_over", "personal.answer", "half an emoji \ud83d")
    assert store.answers(attendee.id).text("do_over", "personal.answer") == "kept"


def test_commits_reach_the_wal_before_a_save_returns(tmp_path: Path) -> None:
    # synchronous NORMAL in WAL: durable across a crashed kernel or server (not a power cut);
    # OFF would not be, and FULL holds the write lock through an fsync per save.
    with Store(tmp_path / "w.db") as opened:
        assert opened.pragma("synchronous") == 1  # NORMAL
        assert opened.pragma("journal_mode") == "wal"


def test_wal_and_busy_timeout_are_on(tmp_path: Path) -> None:
    db = tmp_path / "wal.db"
    with Store(db) as opened, opened.engine.connect() as conn:
        # Per-connection settings: every pooled connection gets them when it connects.
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    # WAL is a property of the file: any other connection sees it too.
    other = sqlite3.connect(db)
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other.close()


def test_a_full_disk_gives_a_clear_error_and_keeps_earlier_saves(tmp_path: Path) -> None:
    db = tmp_path / "full.db"
    with Store(db) as full:
        attendee = full.create_attendee()
        full.save_text(attendee.id, "do_over", "professional.answer", "saved before")
        full.save_rating(attendee.id, "career", 5)
        # The database may not grow by a single page: the next large write finds no room.
        limit = _page_limit(full)

        with pytest.raises(StoreError) as refused:
            full.save_text(attendee.id, "do_over", "personal.answer", "x" * 200_000)
        message = str(refused.value)
        assert "full" in message
        assert "not saved" in message
        assert "saved before is safe" in message

        with pytest.raises(StoreError, match="full"):
            full.save_picks(attendee.id, "menu", "ingredient", [Pick("y" * 200_000)])

        # Once there is room again, saving works on the same store.
        event.remove(full.engine, "connect", limit)
        full.engine.dispose()
        full.save_text(attendee.id, "do_over", "personal.answer", "after the fix")

    with Store(db) as reopened:
        answers = reopened.answers(attendee.id)
    assert answers.texts == {
        ("do_over", "professional.answer"): "saved before",
        ("do_over", "personal.answer"): "after the fix",
    }
    assert answers.ratings == {"career": 5}
    assert answers.chosen("menu", "ingredient") == ()


def _page_limit(full: Store) -> Callable[[Any, object], None]:
    """Every connection of the store, from now on, may not grow the file by a page."""
    with full.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    def limit(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(full.engine, "connect", limit)
    full.engine.dispose()
    return limit


@pytest.mark.parametrize("fs", ["nfs4", "cifs", "fuse.sshfs"])
def test_a_network_filesystem_is_refused_pointing_to_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fs: str
) -> None:
    seen: list[Path] = []

    def fake_filesystem_type(path: Path) -> str:
        seen.append(path)
        return fs

    monkeypatch.setattr(store_target, "filesystem_type", fake_filesystem_type)
    with pytest.raises(StoreError, match=rf"network filesystem \({fs}\).*PostgreSQL"):
        Store(tmp_path / "shared.db")
    assert seen == [tmp_path]
    assert not (tmp_path / "shared.db").exists()


def test_a_local_filesystem_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_target, "filesystem_type", lambda _path: "ext4")
    with Store(tmp_path / "local.db") as local:
        assert local.schema_version == SCHEMA_VERSION


def test_filesystem_type_finds_the_mount_holding_a_path(tmp_path: Path) -> None:
    if not Path("/proc/mounts").exists():
        pytest.skip("no /proc/mounts on this system")
    assert store.filesystem_type(tmp_path) not in (None, "")
    assert store.filesystem_type(Path("/proc")) == "proc"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://user:secret@db/workshop", "unknown database URL scheme 'mysql'"),
        ("https://example.org/workshop.db", "unknown database URL scheme 'https'"),
        ("postgresql://user:secret@/", "names no database"),
    ],
)
def test_unknown_url_schemes_give_a_clear_store_error(url: str, expected: str) -> None:
    with pytest.raises(StoreError, match=expected) as refused:
        Store(url)
    assert "secret" not in str(refused.value)


def test_an_sqlite_url_and_the_environment_select_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(f"sqlite:///{tmp_path / 'url.db'}") as by_url:
        by_url.create_attendee()
    assert (tmp_path / "url.db").exists()
    monkeypatch.setenv("WORKSHOP_DB", str(tmp_path / "env.db"))
    with Store() as by_env:
        assert by_env.path == tmp_path / "env.db"
        assert by_env.attendee_count() == 0
    assert (tmp_path / "env.db").exists()


def test_a_file_that_is_not_a_database_gives_a_store_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"these are my meeting notes, not a database" * 100)
    with pytest.raises(StoreError, match=r"cannot open the database .*not an SQLite file"):
        Store(bogus)
    assert bogus.read_bytes() == b"these are my meeting notes, not a database" * 100


def test_a_server_that_does_not_answer_is_named_without_its_password() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # free, and nobody listens on it
    with pytest.raises(StoreError, match="cannot open the database postgresql://") as refused:
        Store(f"postgresql://workshop:hunter2@127.0.0.1:{port}/room")
    assert "hunter2" not in str(refused.value)
    assert "***" in str(refused.value)


def test_the_tables_a_read_only_open_expects_are_the_schemas(db_url: str) -> None:
    from sqlalchemy import inspect

    from workshop.store.schema import TABLES

    with Store(db_url) as db, db.reading() as conn:
        found = set(inspect(conn).get_table_names()) - {"workshop_schema"}  # PostgreSQL's version
        assert sorted(found) == sorted(TABLES)
    with Store(db_url, readonly=True) as db:
        assert db.schema_version == SCHEMA_VERSION
