"""`workshop serve --workers N`: N server processes behind nginx, on this machine.

Each process holds its own attendees' pages and reads the room from the shared database
(SQLite on this machine, or PostgreSQL); nginx, started here with a configuration of its own in
a temporary folder, keeps each browser on one process and serves the front end's files from its
cache. Ctrl-C stops nginx and every process. For processes on several machines, see deploy/.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from workshop.errors import WorkshopError
from workshop.server.liveness import interrupt

START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 15.0


class WorkersError(WorkshopError, RuntimeError):
    """The processes or nginx could not start."""


def find_nginx() -> str:
    found = os.environ.get("WORKSHOP_NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).is_file():
        raise WorkersError(
            "--workers needs nginx in front of the processes, and none was found; install it "
            "(apt-get install -y nginx) or set WORKSHOP_NGINX, or serve with one worker"
        )
    return found


def _free_ports(count: int) -> list[int]:
    import socket

    sockets = []
    try:
        for _ in range(count):
            probe = socket.socket()
            probe.bind(("127.0.0.1", 0))
            sockets.append(probe)
        return [int(s.getsockname()[1]) for s in sockets]
    finally:
        for probe in sockets:
            probe.close()


def _wait_answering(url: str, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise WorkersError(f"{what} stopped while starting (exit status {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise WorkersError(f"{what} did not answer within {START_TIMEOUT_S:.0f} s")


def serve_workers(
    ip: str,
    port: int,
    workers: int,
    announce: Callable[[], None],
    out: Callable[[str], None],
) -> int:
    """Start `workers` processes and nginx on `ip:port`; run until Ctrl-C or one of them stops."""
    nginx = find_nginx()
    from workshop.server.nginx import config, make_folder

    folder = make_folder()
    ports = _free_ports(workers)
    processes: list[subprocess.Popen[bytes]] = []
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        for backend in ports:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "workshop.server.worker", "--port", str(backend)],
                    env=os.environ.copy(),
                )
            )
        for backend, process in zip(ports, processes, strict=True):
            _wait_answering(f"http://127.0.0.1:{backend}/healthz", process, f"worker {backend}")
        listen = f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"
        backends = [f"127.0.0.1:{p}" for p in ports]
        (folder / "nginx.conf").write_text(config(folder, listen, backends))
        front = subprocess.Popen(
            [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
            stderr=subprocess.PIPE,
        )
        processes.append(front)
        local = "127.0.0.1" if ip in ("0.0.0.0", "::") else ip
        _wait_answering(f"http://{local}:{port}/healthz", front, "nginx")
        announce()
        out(f"  Serving with {workers} processes behind nginx.")
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
        out("A server process stopped; stopping the room's other processes.")
        return 1
    except KeyboardInterrupt:
        out("\nStopped. Every answer is saved.")
        return 0
    finally:
        _stop(processes)
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(folder, ignore_errors=True)


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT_S)
