"""`workshop serve` for a benchmark: its own process on a free port, read from its announcement.

The benchmarks' own copy of what the browser tests do (benchmarks do not import tests).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks._voila import free_port

START_TIMEOUT_S = 120.0


@dataclass
class Served:
    base_url: str
    session_code: str
    token: str
    process: subprocess.Popen[bytes]
    out: Path
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


def start(folder: Path, db: str, args: Sequence[str] = ()) -> Served:
    port = free_port()
    out, log = folder / f"serve-{port}.out", folder / f"serve-{port}.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WORKSHOP_", "SOLARA_"))}
    with out.open("wb") as terminal, log.open("wb") as logged:
        process = subprocess.Popen(
            [sys.executable, "-m", "workshop.cli", "serve", "--db", db, "--port", str(port), *args],
            stdout=terminal,
            stderr=logged,
            env=env,
            cwd=folder,
            start_new_session=True,
        )
    deadline = time.monotonic() + START_TIMEOUT_S
    text = ""
    while "Facilitator:" not in text:
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"workshop serve did not start:\n{log.read_text()}")
        time.sleep(0.2)
        text = out.read_text(encoding="utf-8", errors="replace")
    code = re.search(r"Session code:\s+(\S+)", text)
    facilitator = re.search(r"Facilitator:\s+(\S+)/facilitator#(\S+)", text)
    assert code and facilitator, text
    return Served(facilitator[1], code[1], facilitator[2], process, out, log)
