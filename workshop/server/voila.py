"""`workshop serve`: the attendee app and the facilitator dashboard on Voilà.

Two Voilà servers, so that no attendee URL can lead to the dashboard: the attendee app
serves one notebook with no token; the dashboard serves another, behind the facilitator's
token, on the next port. Neither runs code sent from a browser (Voilà's defaults).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from workshop.content.keynote import Content
from workshop.content.live import LiveContent
from workshop.errors import WorkshopError
from workshop.live import operations as live
from workshop.live import session as rules
from workshop.shipped import notebook
from workshop.store import Store

ATTENDEE_NOTEBOOK = "attendee/live.ipynb"
DASHBOARD_NOTEBOOK = "facilitator/dashboard.ipynb"
START_TIMEOUT_S = 90.0
CULL_IDLE_S = 900
CULL_INTERVAL_S = 60


class ServeError(WorkshopError, RuntimeError):
    """The live servers could not start."""


@dataclass(frozen=True)
class Plan:
    """Everything `serve` will start, worked out before anything starts."""

    session_code: str
    token: str
    join_url: str
    dashboard_url: str
    attendee_port: int
    dashboard_port: int
    qr_png: Path
    qr_svg: Path


def port_free(ip: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((ip, port))
        except OSError:
            return False
    return True


def public_host(ip: str) -> str:
    """The host name attendees should type: the bound address, or this machine's name."""
    if ip in ("0.0.0.0", "::", ""):
        return socket.gethostname()
    return ip


def prepare(
    store: Store,
    content: Content,
    live_content: LiveContent,
    ip: str,
    port: int,
    url: str | None,
    new_session: bool,
    qr_dir: Path,
) -> Plan:
    """Pick up the running session (or start one), issue a fresh token, write the QR code."""
    for candidate in (port, port + 1):
        if not port_free(ip, candidate):
            raise ServeError(
                f"port {candidate} on {ip} is already in use; pass --port with a free one "
                f"(serve uses --port for attendees and the next port for the dashboard)"
            )
    running = None if new_session else live.current_session(store)
    if running is None:
        started = live.start_session(store, content, live_content)
        code, token = started.session.code, started.token
    else:
        code, token = running.code, rules.new_token()
        store.set_session_token_hash(code, rules.token_hash(token))
    base = (url or f"http://{public_host(ip)}:{port}").rstrip("/")
    join_url = f"{base}/?session={code}"
    dashboard_url = f"http://{public_host(ip)}:{port + 1}/?token={token}"
    qr_dir.mkdir(parents=True, exist_ok=True)
    import segno

    qr = segno.make(join_url, error="m")
    qr_png, qr_svg = qr_dir / f"join-{code}.png", qr_dir / f"join-{code}.svg"
    qr.save(str(qr_png), scale=10, border=2)
    qr.save(str(qr_svg), scale=10, border=2)
    return Plan(code, token, join_url, dashboard_url, port, port + 1, qr_png, qr_svg)


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


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Wait until the server answers HTTP at all.

    `url` should name a path that renders nothing: asking for the notebook itself would
    start a kernel that no browser ever connects to.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServeError(f"Voilà exited with code {process.returncode} before serving {url}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # any status (404, a login redirect's target) means it is up
        except OSError:
            time.sleep(0.25)
    raise ServeError(f"Voilà did not answer at {url} within {timeout:.0f} s")


def serve(
    content: Content,
    live_content: LiveContent,
    db: str | Path,
    ip: str = "127.0.0.1",
    port: int = 8866,
    url: str | None = None,
    new_session: bool = False,
    out: Callable[[str], None] = print,
) -> int:
    """Run the live session until Ctrl-C; returns an exit status."""
    store = Store(db)
    db_path = store.path.resolve()
    try:
        plan = prepare(store, content, live_content, ip, port, url, new_session, db_path.parent)
    finally:
        store.close()
    env = {
        **os.environ,
        "WORKSHOP_DB": str(db_path),
        "WORKSHOP_CONTENT": str(Path(content.source).resolve()),
        "WORKSHOP_SESSION": plan.session_code,
        "WORKSHOP_JOIN_URL": plan.join_url,
        "WORKSHOP_EXPORT_DIR": str(db_path.parent),
    }
    processes: list[subprocess.Popen[bytes]] = []
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        processes += _start(plan, ip, env)
        announce(plan, content, out)
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
        out("A Voilà server stopped; stopping the session's servers.")
        return 1
    except KeyboardInterrupt:
        out("\nStopping… answers are saved in " + str(db_path))
        return 0
    finally:
        _stop(processes)
        signal.signal(signal.SIGTERM, previous)


def _start(plan: Plan, ip: str, env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    """The attendee and dashboard servers, started and answering."""
    processes = [
        subprocess.Popen(
            voila_command(notebook(ATTENDEE_NOTEBOOK), ip, plan.attendee_port, None), env=env
        ),
        subprocess.Popen(
            voila_command(notebook(DASHBOARD_NOTEBOOK), ip, plan.dashboard_port, plan.token),
            env=env,
        ),
    ]
    try:
        local = "127.0.0.1" if ip in ("0.0.0.0", "") else ip
        for process, served_port in zip(
            processes, (plan.attendee_port, plan.dashboard_port), strict=True
        ):
            wait_until_up(f"http://{local}:{served_port}/workshop-ping", process, START_TIMEOUT_S)
    except BaseException:
        _stop(processes)
        raise
    return processes


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    # SIGTERM stops the session the same clean way as Ctrl-C.
    raise KeyboardInterrupt


def announce(plan: Plan, content: Content, out: Callable[[str], None]) -> None:
    import io

    import segno

    qr = io.StringIO()
    segno.make(plan.join_url, error="m").terminal(out=qr, compact=True)
    out(qr.getvalue())
    out(f"  {content.settings.title}")
    out(f"  Join:         {plan.join_url}")
    out(f"  Session code: {plan.session_code}")
    out(f"  QR code:      {plan.qr_png}  (and {plan.qr_svg.name})")
    out(f"  Facilitator:  {plan.dashboard_url}")
    out("  Keep the facilitator link to yourself. Press Ctrl-C to stop.")
