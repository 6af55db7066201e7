"""The deployment as shipped, tried here: `workshop session start` once, then two replicas of
its session (`workshop serve --replica`) on one PostgreSQL database reached through a secret
file, behind deploy/nginx.conf. Attendees land on both, the facilitator's link from `session
start` works through nginx, and no replica issues a token or shows a secret."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psutil
import pytest

from benchmarks._room_traffic import share_one_room
from tests.support.deploy import render_shipped
from tests.support.postgres import PostgresServer
from tests.support.serving import content_with_k, free_port, run_coroutine, stop
from workshop.server.nginx import CACHE_HEADER, make_folder
from workshop.store import Store

ATTENDEES = 10
PASSWORD = "pw-never-shown"
START_TIMEOUT_S = 90.0


@dataclass(frozen=True)
class Room:
    base_url: str
    session_code: str
    token: str
    db_url: str
    replicas: list[subprocess.Popen[bytes]]
    outputs: list[Path]


def _wait(url: str, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{what} stopped while starting"
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)  # polling a process we cannot await
    raise AssertionError(f"{what} did not answer within {START_TIMEOUT_S:.0f} s")


@pytest.fixture(scope="module")
def room(
    tmp_path_factory: pytest.TempPathFactory, postgres: PostgresServer, nginx: str
) -> Iterator[Room]:
    tmp_path = tmp_path_factory.mktemp("replicas")
    content = content_with_k(tmp_path / "content", 2)
    db_url = postgres.schema_url()
    secret = tmp_path / "db_url"  # the trust cluster accepts any password: it is only carried
    secret.write_text(db_url.replace("postgres@", f"postgres:{PASSWORD}@"), encoding="utf-8")
    env = {"WORKSHOP_DB_FILE": str(secret), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    started = subprocess.run(
        [sys.executable, "-m", "workshop.cli", "session", "start", "--url", base_url,
         "--content", str(content)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=True,
    )  # fmt: skip
    code = re.search(r"Session code:\s+(\S+)", started.stdout)
    token = re.search(r"Facilitator:\s+\S+/facilitator#(\S+)", started.stdout)
    assert code and token, started.stdout + started.stderr
    replicas, outputs, ports = [], [], [free_port(), free_port()]
    cleanup: list[Path] = []
    try:
        for backend in ports:
            outputs.append(tmp_path / f"replica-{backend}.out")
            with outputs[-1].open("wb") as out:
                replicas.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "workshop.cli", "serve", "--replica",
                         "--port", str(backend), "--url", base_url, "--content", str(content)],
                        stdout=out, stderr=subprocess.STDOUT, env=env, cwd=tmp_path,
                        start_new_session=True,
                    )
                )  # fmt: skip
        for backend, replica in zip(ports, replicas, strict=True):
            _wait(f"http://127.0.0.1:{backend}/healthz", replica, f"replica {backend}")
        folder = make_folder()
        cleanup.append(folder)
        config = render_shipped(folder, port, [f"127.0.0.1:{p}" for p in ports])
        front = subprocess.Popen(
            [nginx, "-p", str(config.parent), "-c", str(config), "-g", "daemon off;"],
            start_new_session=True,
        )
        replicas.append(front)
        _wait(f"{base_url}/healthz", front, "nginx")
        yield Room(base_url, code[1], token[1], db_url, replicas[:2], outputs)
    finally:
        for process in replicas:
            stop(process)
        for folder in cleanup:
            shutil.rmtree(folder)


def test_two_replicas_serve_one_session_behind_the_shipped_nginx(room: Room) -> None:
    shared = run_coroutine(share_one_room(room.base_url, room.session_code, room.token, ATTENDEES))
    assert len(shared.processes) == 2, f"every attendee landed on one replica: {shared.processes}"
    assert f"Joined<b>{ATTENDEES}</b>" in shared.counters
    with Store(room.db_url) as store:
        # The link `session start` printed was spent on the remote's sign-in, and no replica
        # issued links of its own: the big screen's link is the one good link left.
        counts = store.facilitator_key_counts(room.session_code, datetime.now(UTC))
    assert counts == {"link": 1, "sign_in": 1}


def _announced(output: Path) -> str:
    """What a replica printed, once it has announced the room (just after it answers)."""
    deadline = time.monotonic() + 10
    printed = ""
    while "Ctrl-C" not in printed and time.monotonic() < deadline:
        time.sleep(0.1)
        printed = output.read_text(encoding="utf-8", errors="replace")
    return printed


def test_no_replica_shows_a_token_or_the_database_password(room: Room) -> None:
    for replica, output in zip(room.replicas, room.outputs, strict=True):
        printed = _announced(output)
        assert f"Session code: {room.session_code}" in printed
        assert "Facilitator:" not in printed and room.token not in printed
        process = psutil.Process(replica.pid)
        for seen in (" ".join(process.cmdline()), str(process.environ())):
            assert PASSWORD not in seen and room.token not in seen


def test_nginx_serves_the_front_end_from_its_cache_compressed_once(room: Room) -> None:
    """The phones' stylesheet (content-hashed, under /assets/) passes through nginx's cache."""
    page = httpx.get(f"{room.base_url}/?session={room.session_code}", timeout=30)
    sheet = re.search(r'href="(/assets/[^"]+\.css)"', page.text)
    assert sheet, "the join page names no stylesheet"
    url = room.base_url + sheet[1]
    first = httpx.get(url, headers={"Accept-Encoding": "gzip"}, timeout=30)
    again = httpx.get(url, headers={"Accept-Encoding": "gzip, br"}, timeout=30)
    plain = httpx.get(url, headers={"Accept-Encoding": "identity"}, timeout=30)
    assert first.status_code == again.status_code == plain.status_code == 200
    assert again.headers[CACHE_HEADER] == "HIT"
    assert again.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers  # nginx unzips for a client without gzip
    assert first.content == again.content == plain.content  # httpx decodes the two gzip ones
    assert "immutable" in again.headers["Cache-Control"]
    assert "set-cookie" not in again.headers
