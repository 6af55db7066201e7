"""`workshop serve` as a test's own process: started on a free port, read from its announcement,
stopped (its whole process group) at the end."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Coroutine, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from tests.support.paths import DATA

START_TIMEOUT_S = 90.0
T = TypeVar("T")


@dataclass(frozen=True)
class Served:
    base_url: str
    join_url: str
    session_code: str
    #: The key of the facilitator's one-time link, as the terminal showed it (in the fragment
    #: of the remote's link).
    token: str
    #: What the server printed for the facilitator (the terminal), and what it logged.
    out: Path
    log: Path
    pid: int
    #: The database the server runs on (a path or a URL), for a test to look into.
    db: str = ""
    #: The key of the big screen's one-time link, as the terminal showed it.
    presenter_token: str = ""

    def printed_url(self, page: str = "remote") -> str:
        """The link the terminal printed (it signs in one browser, once)."""
        if page == "presenter":
            return f"{self.base_url}/facilitator#{self.presenter_token}/presenter"
        return f"{self.base_url}/facilitator#{self.token}"

    def new_key(self) -> str:
        """A new one-time link's key for this room, as 'workshop session links' makes one."""
        from workshop.services.facilitators import issue_links
        from workshop.store import Store

        with Store(self.db) as store:
            session = store.live_session(self.session_code)
            assert session is not None
            return issue_links(store, session, replace=False).remote

    def facilitator_url(self, page: str = "remote") -> str:
        """A new one-time link to the remote or the big screen: each signs in one browser."""
        suffix = "/presenter" if page == "presenter" else ""
        return f"{self.base_url}/facilitator#{self.new_key()}{suffix}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def content_with_k(folder: Path, k: int) -> Path:
    """A copy of the default content whose anonymity threshold is `k`."""
    shutil.copytree(DATA / "en", folder)
    settings = folder / "session.yaml"
    text = re.sub(r"anonymity_k: \d+", f"anonymity_k: {k}", settings.read_text(encoding="utf-8"))
    settings.write_text(text, encoding="utf-8")
    return folder


@contextmanager
def serving(
    folder: Path,
    args: Sequence[str] = (),
    env: dict[str, str] | None = None,
    command: Sequence[str] | None = None,
    db: Path | None = Path("live.db"),
    port: int | None = None,
) -> Iterator[Served]:
    """Run `workshop serve` (plus `args`) until the block ends, on `folder/db` (an SQLite file)
    or, with `db` None, on the database `env` names (WORKSHOP_DB); on `port`, or a free one."""
    port = port or free_port()
    out, log = folder / "serve.out", folder / "serve.log"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("WORKSHOP_", "SOLARA_"))}
    clean.pop("QUERY_STRING", None)
    clean.pop("SERVER_SOFTWARE", None)
    base = list(command or [sys.executable, "-m", "workshop.cli"])
    with out.open("wb") as terminal, log.open("wb") as logged:
        process = subprocess.Popen(
            [
                *base,
                "serve",
                *(["--db", str(folder / db)] if db is not None else []),
                "--port",
                str(port),
                *args,
            ],
            stdout=terminal,
            stderr=logged,
            env={**clean, **(env or {})},
            cwd=folder,
            start_new_session=True,
        )
    address = str(folder / db) if db is not None else (env or {}).get("WORKSHOP_DB", "")
    try:
        yield _announced(process, out, log, address)
    finally:
        stop(process)


def _announced(process: subprocess.Popen[bytes], out: Path, log: Path, db: str) -> Served:
    deadline = time.monotonic() + START_TIMEOUT_S
    text = ""
    # Read by the links' shapes, not their labels: those are in the content's language.
    while "/facilitator#" not in text:
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(
                f"workshop serve did not start:\n{out.read_text()}\n{log.read_text()}"
            )
        time.sleep(0.2)  # polling the output of a process we cannot await
        text = out.read_text(encoding="utf-8", errors="replace")
    # In any content language: the join link carries the session code, and the facilitator's
    # two links differ by the big screen's "/presenter".
    join = re.search(r"(\S+/\?session=(\S+))", text)
    links = re.findall(r"(\S+)/facilitator#([^/\s]+)(/presenter)?", text)
    remote = next((link for link in links if not link[2]), None)
    presenter = next((link for link in links if link[2]), None)
    assert join and remote and presenter, text
    return Served(
        remote[0],
        join[1],
        join[2],
        remote[1],
        out,
        log,
        process.pid,
        db,
        presenter[1],
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def run_coroutine(coroutine: Coroutine[object, object, T]) -> T:
    """Run `coroutine` to its end on a thread of its own: Playwright's sync API, once a browser
    test has started it, holds the main thread's event loop for the rest of the run."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
