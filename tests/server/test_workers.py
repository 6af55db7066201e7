"""Several server processes behind nginx, sharing one PostgreSQL database: attendees land on
every process, the remote counts them all, and an opened step reaches every page in time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.postgres import PostgresServer
from tests.support.room_traffic import share_one_room
from tests.support.serving import Served, content_with_k, run_coroutine, serving

ATTENDEES = 12
#: The hub reads the room once a second; with a loaded machine, allow it twice.
OPEN_WITHIN_S = 2.0


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
    assert f"Joined: {ATTENDEES}" in shared.counters
    assert shared.reached_s <= OPEN_WITHIN_S, (
        f"the opened step took {shared.reached_s:.2f} s to reach everyone"
    )
