"""Several server processes behind nginx, sharing one PostgreSQL database: attendees land on
every process, the remote counts them all, and an opened step reaches every page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks._room_traffic import share_one_room
from tests.support.postgres import PostgresServer
from tests.support.serving import Served, content_with_k, free_port, run_coroutine, serving
from workshop.cli import main
from workshop.store import Store

ATTENDEES = 12


@pytest.fixture
def two_workers(tmp_path: Path, postgres: PostgresServer, nginx: str) -> Iterator[Served]:
    content = content_with_k(tmp_path / "content", 2)
    env = {"WORKSHOP_DB": postgres.schema_url()}
    with serving(tmp_path, ["--content", str(content), "--workers", "2"], env=env, db=None) as s:
        yield s


def test_two_workers_share_one_room(two_workers: Served) -> None:
    served = two_workers
    shared = run_coroutine(
        share_one_room(served.base_url, served.session_code, served.token, ATTENDEES)
    )
    assert len(shared.processes) == 2, f"every attendee landed on one process: {shared.processes}"
    assert f"Joined<b>{ATTENDEES}</b>" in shared.counters


def test_the_workers_room_is_one_server_to_a_second_serve(
    tmp_path: Path, postgres: PostgresServer, nginx: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --workers N the parent process holds the room's mark: its workers share the one
    session, and a second `serve` on the same database is refused while it runs."""
    url = postgres.schema_url()
    with serving(tmp_path, ["--workers", "2"], env={"WORKSHOP_DB": url}, db=None) as served:
        with Store(url, readonly=True) as store:
            marks = store.servers()
        assert [(m.pid, m.session_code) for m in marks] == [(served.pid, served.session_code)]
        assert main(["serve", "--db", url, "--port", str(free_port())]) == 1
        assert "another workshop serve is running the room" in capsys.readouterr().err
    with Store(url, readonly=True) as store:
        assert store.servers() == []


def test_one_process_on_postgresql_suggests_more(
    tmp_path: Path, postgres: PostgresServer, nginx: str
) -> None:
    """One process on PostgreSQL says how to serve a bigger room; several say nothing of it."""
    url = postgres.schema_url()
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    with serving(tmp_path / "one", [], env={"WORKSHOP_DB": url}, db=None) as one:
        said = one.out.read_text(encoding="utf-8")
    assert "On PostgreSQL one server process serves a few hundred people" in said
    with serving(tmp_path / "two", ["--workers", "2"], env={"WORKSHOP_DB": url}, db=None) as two:
        said = two.out.read_text(encoding="utf-8")
    assert "Facilitator:" in said and "On PostgreSQL" not in said
