"""Fixtures for tests in a real Chromium: find it, launch it once, serve a notebook on Voilà.

Playwright drives Debian's Chromium (``apt-get install -y chromium``); `playwright install`
cannot reach its download site from these machines. Without a Chromium the tests skip, unless
``WORKSHOP_REQUIRE_BROWSER=1`` (as `.ci/run` sets), where a missing browser fails the run.
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
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import psutil
import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

from tests.support.paths import ROOT

NOTEBOOKS = ROOT / "notebooks"

VOILA_START_TIMEOUT_S = 60.0
VOILA_STOP_TIMEOUT_S = 10.0
#: Playwright's default wait for a condition, in ms; a Voilà kernel start fits well inside.
WAIT_MS = 30_000

ServeNotebook = Callable[[Path | str], str]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(WAIT_MS)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def voila_executable() -> str:
    beside_python = Path(sys.executable).with_name("voila")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("voila")
    if found is None:
        pytest.fail(
            "voila is not installed next to this Python; run `make test` or pip install -e ."
        )
    return found


class VoilaServer:
    """One Voilà process serving one notebook on 127.0.0.1, with its log kept for failures."""

    def __init__(self, notebook: Path, workdir: Path) -> None:
        self.notebook = notebook
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.database = workdir / "voila.db"
        self.log_path = workdir / f"voila-{self.port}.log"
        env = {**os.environ, "WORKSHOP_DB": str(self.database)}
        # A server started for one test must not inherit a request's identity from ours.
        for name in ("QUERY_STRING", "SERVER_SOFTWARE"):
            env.pop(name, None)
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                voila_executable(),
                str(notebook),
                "--no-browser",
                f"--port={self.port}",
                "--Voila.ip=127.0.0.1",
            ],
            cwd=workdir,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            # Its own session: a Ctrl-C in the terminal reaches pytest, which then stops it.
            start_new_session=True,
        )

    def log_tail(self, lines: int = 40) -> str:
        self._log.flush()
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def wait_until_answering(self, timeout: float = VOILA_START_TIMEOUT_S) -> None:
        """Poll a path that renders nothing (so it starts no kernel) until HTTP answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(
                    f"Voilà exited with code {self.process.returncode} while starting "
                    f"{self.notebook.name}:\n{self.log_tail()}",
                    pytrace=False,
                )
            try:
                with urllib.request.urlopen(self.url + "workshop-ping", timeout=2):
                    return
            except urllib.error.HTTPError:
                return  # any HTTP status means the server is up
            except OSError:
                time.sleep(0.1)  # polling interval while the port is not open yet
        self.stop()
        pytest.fail(
            f"Voilà did not answer on {self.url} within {timeout:.0f} s:\n{self.log_tail()}",
            pytrace=False,
        )

    def stop(self) -> None:
        """Terminate Voilà (it shuts its kernels down), then kill whatever it left behind."""
        try:
            kernels = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            kernels = []
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(VOILA_STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(VOILA_STOP_TIMEOUT_S)
        _gone, alive = psutil.wait_procs(kernels, timeout=VOILA_STOP_TIMEOUT_S)
        for leftover in alive:
            leftover.kill()
        psutil.wait_procs(alive, timeout=VOILA_STOP_TIMEOUT_S)
        self._log.close()


@pytest.fixture
def serve_notebook(tmp_path: Path) -> Iterator[ServeNotebook]:
    """Start Voilà on a notebook (a path, or relative to notebooks/); returns its URL.

    Each server gets a fresh database under tmp_path, and is stopped after the test, passed
    or failed.
    """
    servers: list[VoilaServer] = []

    def serve(notebook: Path | str) -> str:
        path = Path(notebook)
        if not path.is_absolute():
            path = NOTEBOOKS / path
        if not path.is_file():
            pytest.fail(f"no notebook at {path}", pytrace=False)
        server = VoilaServer(path, tmp_path)
        servers.append(server)
        server.wait_until_answering()
        return server.url

    yield serve
    for server in servers:
        server.stop()
