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
    #: The facilitator's token, as the terminal showed it (inside the link's fragment).
    token: str
    #: What the server printed for the facilitator (the terminal), and what it logged.
    out: Path
    log: Path
    pid: int

    def facilitator_url(self, page: str = "remote") -> str:
        suffix = "/presenter" if page == "presenter" else ""
        return f"{self.base_url}/facilitator#{self.token}{suffix}"


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
) -> Iterator[Served]:
    """Run `workshop serve` (plus `args`) until the block ends, on `folder/db` (an SQLite file)
    or, with `db` None, on the database `env` names (WORKSHOP_DB)."""
    port = free_port()
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
    try:
        yield _announced(process, out, log)
    finally:
        stop(process)


def _announced(process: subprocess.Popen[bytes], out: Path, log: Path) -> Served:
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
    join = re.search(r"(\S+/\?session=(\S+))", text)
    facilitator = re.search(r"(\S+)/facilitator#(\S+)", text)
    assert join and facilitator, text
    return Served(facilitator[1], join[1], join[2], facilitator[2], out, log, process.pid)


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
