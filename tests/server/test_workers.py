"""Several server processes behind nginx, sharing one PostgreSQL database: attendees land on
every process, the remote counts them all, and an opened step reaches every page in time."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks._page_client import PageClient, button, http_client
from tests.support.postgres import PostgresServer
from tests.support.serving import Served, content_with_k, free_port, run_coroutine, serving
from workshop.cli import main
from workshop.store import Store

ATTENDEES = 12
#: The hub reads the room once a second; with a loaded machine, allow it twice.
OPEN_WITHIN_S = 2.0


@pytest.fixture
def nginx() -> str:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).is_file():
        reason = "nginx is not installed (apt-get install -y nginx)"
        if os.environ.get("WORKSHOP_REQUIRE_NGINX") == "1":
            pytest.fail(f"{reason}; WORKSHOP_REQUIRE_NGINX=1 makes this a failure", pytrace=False)
        pytest.skip(reason)
    return found


@pytest.fixture
def two_workers(tmp_path: Path, postgres: PostgresServer, nginx: str) -> Iterator[Served]:
    content = content_with_k(tmp_path / "content", 2)
    env = {"WORKSHOP_DB": postgres.schema_url()}
    with serving(tmp_path, ["--content", str(content), "--workers", "2"], env=env, db=None) as s:
        yield s


async def _room(served: Served) -> tuple[set[int], str, float]:
    async with http_client(50) as http:
        remote = PageClient(http, served.base_url)
        await remote.post("/facilitator/sign-in", f"token={served.token}")
        await remote.get("/remote")
        await remote.open_solara("/remote")
        counters = await remote.until(lambda: remote.with_class("workshop-counters"))
        pages = []
        processes = set()
        for _ in range(ATTENDEES):
            page = PageClient(http, served.base_url)
            await page.get(f"/?session={served.session_code}")
            await page.open_solara(f"/?session={served.session_code}")
            await page.click(await page.until(lambda p=page: p.find(button("Join"))))
            await page.until(lambda p=page: p.with_class("workshop-hello"))
            # The process that holds this page answers this browser's requests.
            processes.add((await page.get("/healthz")).json()["process"])
            pages.append(page)
        await remote.until(
            lambda: f"Joined<b>{ATTENDEES}</b>" in str(remote.widgets[counters].get("value"))
        )
        toggle = await remote.until(lambda: remote.with_class("workshop-step-toggle-balance"))
        opened = time.perf_counter()
        await remote.send(
            "comm_msg",
            {"comm_id": toggle, "data": {"method": "update", "state": {"value": True}}},
        )
        await asyncio.gather(
            *(p.until(lambda p=p: p.with_class("workshop-rate-career"), 20) for p in pages)
        )
        reached = time.perf_counter() - opened
        shown = str(remote.widgets[counters].get("value"))
        for page in [remote, *pages]:
            await page.close()
        return processes, shown, reached


def test_two_workers_share_one_room(two_workers: Served) -> None:
    processes, counters, reached = run_coroutine(_room(two_workers))
    assert len(processes) == 2, f"every attendee landed on one process: {processes}"
    assert f"Joined<b>{ATTENDEES}</b>" in counters
    assert reached <= OPEN_WITHIN_S, f"the opened step took {reached:.2f} s to reach everyone"


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
