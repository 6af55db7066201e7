"""Voilà servers (the room's old one-kernel-per-page server, kept as a baseline) and Debian's
Chromium, for the benchmarks.

The same ideas as the browser tests' fixtures (tests/browser/conftest.py), without pytest:
benchmarks must not depend on the test package. Chromium is Debian's (`apt-get install -y
chromium`); Playwright's own `playwright install` cannot reach its download site here.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

DEFAULT_CHROMIUM = "/usr/bin/chromium"
#: Without the networking flags Chromium keeps calling hosts the closed network refuses.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
#: The old `workshop serve` (one Voilà kernel per page) culled pages gone this long.
CULL_IDLE_S = 900
CULL_INTERVAL_S = 60
#: The attendee notebook the old server served.
ATTENDEE_NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "attendee" / "live.ipynb"


def voila_command(notebook: Path, ip: str, port: int, token: str | None) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={ip}",
        "--strip_sources=True",
        "--show_tracebacks=False",
        # A closed or reloaded page leaves its kernel behind; with hundreds of attendees
        # those add up. Kernels with no page connected are shut down after idling a while
        # (a kernel whose page is open is never culled).
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_S}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_S}",
    ]
    if token is not None:
        command.append(f"--token={token}")
    return command


class VoilaError(RuntimeError):
    """A Voilà server did not start."""


def find_chromium() -> str | None:
    """WORKSHOP_CHROMIUM if set, else Debian's /usr/bin/chromium, else `chromium` on PATH."""
    chosen = os.environ.get("WORKSHOP_CHROMIUM")
    candidates = [chosen] if chosen else [DEFAULT_CHROMIUM, shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class VoilaServer:
    """One Voilà serving one notebook on 127.0.0.1, started the way `workshop serve` starts it.

    Use as a context manager: the server and every kernel it started are stopped on exit,
    whatever happened inside.
    """

    def __init__(self, notebook: Path, workdir: Path, env: dict[str, str] | None = None) -> None:
        self.notebook = notebook
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = workdir / f"voila-{notebook.stem}-{self.port}.log"
        environ = {**os.environ, **(env or {})}
        # A server started here must not inherit a request's identity from this process.
        for name in ("QUERY_STRING", "SERVER_SOFTWARE"):
            environ.pop(name, None)
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            voila_command(notebook, "127.0.0.1", self.port, None),
            cwd=workdir,
            env=environ,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def __enter__(self) -> VoilaServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def log_tail(self, lines: int = 30) -> str:
        self._log.flush()
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def wait_until_answering(self, timeout: float = START_TIMEOUT_S) -> None:
        """Poll a path that renders nothing (so it starts no kernel) until HTTP answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise VoilaError(
                    f"Voilà exited with code {self.process.returncode} while starting "
                    f"{self.notebook.name}:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(self.url + "workshop-ping", timeout=2):
                    return
            except urllib.error.HTTPError:
                return  # any HTTP status means the server is up
            except OSError:
                time.sleep(0.1)
        raise VoilaError(f"Voilà did not answer on {self.url} within {timeout:.0f} s")

    def kernels(self) -> list[psutil.Process]:
        """The kernels this server runs now."""
        try:
            return list(psutil.Process(self.process.pid).children(recursive=True))
        except psutil.NoSuchProcess:
            return []

    def stop(self) -> None:
        """Terminate Voilà (it shuts its kernels down), then kill whatever it left behind."""
        kernels = self.kernels()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(STOP_TIMEOUT_S)
        _gone, alive = psutil.wait_procs(kernels, timeout=STOP_TIMEOUT_S)
        for leftover in alive:
            leftover.kill()
        psutil.wait_procs(alive, timeout=STOP_TIMEOUT_S)
        self._log.close()
