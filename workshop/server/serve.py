"""`workshop serve`: the live room on one server process that holds every attendee.

It picks up the running session (or starts one), issues new one-time facilitator links (only
their hashes are stored; `workshop.live.facilitators`), writes the join QR code, and serves the
room until Ctrl-C. The links reach the facilitator once, on this terminal, with their key in
the fragment: on no command line, in no environment, in no server or proxy log; and a link
opened once is spent, so what a browser's History keeps of it opens nothing.

A replica (`--replica`, one of several servers of one room, see deploy/) does none of that: it
serves the session `workshop session start` started, as it is, and issues no link.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent
from workshop.errors import WorkshopError
from workshop.live.facilitators import Links
from workshop.live.session import LiveSession
from workshop.outputs import atomic_file, refuse_database
from workshop.server import runtime as runtime_env
from workshop.server.gates import DEFAULT_TRIES, Tries
from workshop.server.liveness import (
    Heartbeat,
    claim_room,
    join_room,
    new_mark,
    sigterm_as_interrupt,
)
from workshop.server.settings import ENV_BASE_URL
from workshop.services import facilitators
from workshop.services import live_session as live
from workshop.services.kept_content import session_content
from workshop.store import ServerMark, Store

#: The most pages one server process may be told to hold (it would run out of memory first).
MAX_PAGES_LIMIT = 100_000
#: How often a replica looks for the session it is waiting for.
REPLICA_WAIT_S = 2.0
#: Said when one process serves a room on PostgreSQL, where each save waits on the database
#: server: in a thousand-person join storm one process fell far behind where two kept up.
POSTGRES_ONE_PROCESS = (
    "On PostgreSQL one server process serves a few hundred people; for a bigger room add "
    "--workers 2 (or more)."
)
#: The proxy whose X-Forwarded-For a server believes: nginx on this machine.
LOCAL_PROXY = "127.0.0.1"


class ServeError(WorkshopError, RuntimeError):
    """The live server could not start."""


@dataclass(frozen=True)
class Plan:
    """Everything `serve` will start, worked out before anything starts."""

    session_code: str
    #: The facilitator's one-time links; None for a replica, which issues none (they are not
    #: its to give).
    links: Links | None
    base_url: str
    join_url: str
    facilitator_url: str | None
    presenter_url: str | None
    qr_png: Path | None
    qr_svg: Path | None


def say(text: str) -> None:
    """Print for the person at the terminal, now: a server's output may be a pipe or a
    container's log, which would otherwise hold it back until a buffer fills."""
    print(text, flush=True)


def check_address(ip: str, port: int) -> None:
    """Refuse an address or port the server could never bind, in words, before trying."""
    if not 1 <= port <= 65535:
        raise ServeError(f"--port expected a number from 1 to 65535, got {port}")
    try:
        ipaddress.ip_address(ip)
    except ValueError:
        raise ServeError(
            f"--ip expected an address of this machine like 127.0.0.1 or 0.0.0.0, got {ip!r}"
        ) from None
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((ip, port))
        except OSError as exc:
            if exc.errno == 98:  # EADDRINUSE
                raise ServeError(
                    f"port {port} on {ip} is already in use; pass --port with a free one"
                ) from None
            raise ServeError(f"cannot listen on {ip}:{port}: {exc.strerror}") from None


def check_proxy(proxy: str) -> None:
    """Refuse a --proxy that is not addresses or networks (or *), in words, before starting."""
    for part in proxy.split(","):
        if part.strip() == "*":
            continue
        try:
            ipaddress.ip_network(part.strip(), strict=False)
        except ValueError:
            raise ServeError(
                "--proxy expected the proxy's addresses or networks, comma-separated, like "
                "10.0.0.5 or 172.18.0.0/16 (or * on a network only the proxy reaches), got "
                f"{part!r}"
            ) from None


def public_host(ip: str) -> str:
    """The host name attendees should type: the bound address, or this machine's name."""
    if ip in ("0.0.0.0", "::", ""):
        return socket.gethostname()
    return ip


def prepare(
    store: Store,
    content: KeynoteContent,
    live_content: LiveContent,
    base_url: str,
    running: LiveSession | None,
    qr_dir: Path | None,
) -> Plan:
    """Pick up the `running` session (or start one), issue new one-time facilitator links (the
    unused ones issued before stop working), write the QR code."""
    if running is None:
        started = live.start_session(store, content, live_content)
        code, links = started.session.code, started.links
    else:
        code, links = running.code, facilitators.issue_links(store, running)
    base = base_url.rstrip("/")
    join_url = f"{base}/?session={code}"
    qr_png = qr_svg = None
    if qr_dir is not None:
        qr_png, qr_svg = write_qr(join_url, qr_dir / f"join-{code}")
    remote, presenter = links.urls(base)
    return Plan(code, links, base, join_url, remote, presenter, qr_png, qr_svg)


def write_qr(url: str, stem: Path) -> tuple[Path, Path]:
    """The join QR code as `stem`.png and `stem`.svg, each written whole (`workshop.outputs`)."""
    import segno

    qr = segno.make(url, error="m")
    written = []
    for kind in ("png", "svg"):
        path = stem.with_name(f"{stem.name}.{kind}")
        refuse_database(path, "the QR code")
        with atomic_file(path) as handle:
            qr.save(handle, kind=kind, scale=10, border=2)
        written.append(path)
    return written[0], written[1]


def wait_for_session(store: Store, out: Callable[[str], None]) -> LiveSession:
    """The running session, for a replica; until one is running (a replica may start before
    `workshop session start`), it waits."""
    waiting = False
    while (running := live.current_session(store)) is None:
        if not waiting:
            out(
                f"No session is running in {store.shown} yet; waiting for "
                "'workshop session start' (Ctrl-C to stop)."
            )
            waiting = True
        time.sleep(REPLICA_WAIT_S)
    return running


def replica_plan(session: LiveSession, base_url: str) -> Plan:
    """A replica's plan: the session as it is, with no token of its own and no QR file."""
    base = base_url.rstrip("/")
    return Plan(session.code, None, base, f"{base}/?session={session.code}", *[None] * 4)


def _database(store: Store, given: str | Path | None) -> dict[str, str]:
    """How the server processes find the database. A URL with a password stays where it came
    from (WORKSHOP_DB, or the file WORKSHOP_DB_FILE names), which they inherit."""
    target = store.target
    if target.path is None and target.url.password is not None and given is None:
        return {}
    return {"WORKSHOP_DB": target.address}


def environment(
    store: Store,
    content: KeynoteContent,
    plan: Plan,
    max_pages: int,
    db: str | Path | None = None,
    limits: Tries = DEFAULT_TRIES,
) -> dict[str, str]:
    """What the server process reads its room from (no token is in it)."""
    export = store.target.path.resolve().parent if store.target.path else Path.cwd()
    return {
        **limits.environment(),
        **_database(store, db),
        "WORKSHOP_CONTENT": str(Path(content.source).resolve()),
        runtime_env.ENV_SESSION: plan.session_code,
        runtime_env.ENV_JOIN_URL: plan.join_url,
        runtime_env.ENV_MAX_PAGES: str(max_pages),
        runtime_env.ENV_EXPORT_DIR: str(export),
        ENV_BASE_URL: plan.base_url,
    }


def serve(
    content_dir: Path | str | None,
    db: str | Path | None,
    ip: str = "127.0.0.1",
    port: int = 8866,
    url: str | None = None,
    new_session: bool = False,
    max_pages: int = runtime_env.DEFAULT_MAX_PAGES,
    workers: int = 1,
    take_over: bool = False,
    out: Callable[[str], None] = say,
    replica: bool = False,
    proxy: str = LOCAL_PROXY,
    limits: Tries = DEFAULT_TRIES,
    sign_out_everywhere: bool = False,
) -> int:
    """Run the live session until Ctrl-C; returns an exit status.

    A session that is running keeps the content it was started with (`content_dir` must be
    that content, or None); a new one runs `content_dir` (default: the default content). With
    `workers` above one, that many server processes share the room behind nginx (each holding
    its own attendees; all of them reading and writing the one database). Another server
    running the room is refused unless `take_over` (`workshop.server.liveness`). A `replica`
    serves the running session beside other replicas and issues no link; `proxy` names the
    proxy in front whose X-Forwarded-For is believed. `sign_out_everywhere` ends every
    facilitator sign-in of the running session before new links are issued.
    """
    check_options(workers, max_pages, replica, new_session or take_over or sign_out_everywhere)
    limits.check()
    check_address(ip, port)
    check_proxy(proxy)
    with sigterm_as_interrupt(), Store(db) as store, contextlib.ExitStack() as stack:
        if replica:
            running: LiveSession | None = wait_for_session(store, out)
        else:
            running = None if new_session else live.current_session(store)
        chosen = stack.enter_context(
            session_content(store, running.code if running else None, content_dir)
        )
        if chosen.warning:
            out(chosen.warning)
        heartbeat = stack.enter_context(Heartbeat(store, _mark(store, running, replica, take_over)))
        if sign_out_everywhere and running is not None:
            ended = facilitators.sign_out_everywhere(store, running.code)
            out(f"Signed out every facilitator browser of session {running.code} ({ended} keys).")
        qr_dir = store.target.path.resolve().parent if store.target.path else None
        base = url or f"http://{public_host(ip)}:{port}"
        if replica and running is not None:
            plan = replica_plan(running, base)
        else:
            plan = prepare(store, chosen.content, chosen.live, base, running, qr_dir)
        heartbeat.serving(plan.session_code)
        if store.target.path is None and workers == 1 and not replica:
            out(POSTGRES_ONE_PROCESS)
        os.environ.update(environment(store, chosen.content, plan, max_pages, db, limits))
        try:
            status = _run(plan, chosen.content, ip, port, workers, out, proxy)
        except KeyboardInterrupt:
            if not heartbeat.taken.is_set():
                raise
            status = 0
        if heartbeat.taken.is_set():
            out(heartbeat.taken_over_note())
        return status


def _mark(store: Store, running: LiveSession | None, replica: bool, take_over: bool) -> ServerMark:
    """This server's mark on the room: beside the other replicas, or claiming the room."""
    mark = new_mark(running.code if running else None)
    if replica:
        join_room(store, mark)
    else:
        claim_room(store, mark, take_over)
    return mark


def check_options(workers: int, max_pages: int, replica: bool, starts_or_takes: bool) -> None:
    """Refuse options that cannot go together or are out of range, in words, before anything."""
    if not 1 <= workers <= 64:
        raise ServeError(f"--workers expected a number from 1 to 64, got {workers}")
    if not 1 <= max_pages <= MAX_PAGES_LIMIT:
        raise ServeError(
            f"--max-attendees expected a number from 1 to {MAX_PAGES_LIMIT:,}, got {max_pages}"
        )
    if replica and starts_or_takes:
        raise ServeError(
            "--replica serves the running session beside the others; to start a new one or "
            "sign facilitators out, run 'workshop session start' (--new-session) or 'workshop "
            "session sign-out', then restart the replicas if the session changed"
        )


def _run(
    plan: Plan,
    content: KeynoteContent,
    ip: str,
    port: int,
    workers: int,
    out: Callable[[str], None],
    proxy: str,
) -> int:
    if workers > 1:
        from workshop.server.workers import serve_workers

        return serve_workers(ip, port, workers, lambda: announce(plan, content, out), out)
    title = content.settings.title
    asyncio.run(run_server(title, ip, port, lambda: announce(plan, content, out), proxy))
    out("\nStopped. Every answer is saved.")
    return 0


async def run_server(
    title: str,
    ip: str,
    port: int,
    announce: Callable[[], None] | None,
    proxy: str = LOCAL_PROXY,
) -> None:
    """Serve the room the environment names on `ip:port` until a signal stops the server;
    `announce` is called once it is listening. The client's address is read from
    X-Forwarded-For only on connections from `proxy`."""
    from workshop.server.settings import configure

    configure(title)
    import uvicorn

    from workshop.server.app import build_app
    from workshop.server.http import HeadersInTime

    config = uvicorn.Config(
        build_app(),
        host=ip,
        port=port,
        log_level="warning",
        access_log=False,  # a URL is nobody's business, and a query string may hold a code
        proxy_headers=True,
        forwarded_allow_ips=proxy,
        # A request's headers must arrive within 10 s (`HeadersInTime`), an idle kept-alive
        # connection goes after 5 s, and headers past 16 KB are refused (h11's own bound).
        http=HeadersInTime,
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=16 * 1024,
        ws_max_size=1 << 20,
        # Compressing every widget message costs the server more CPU than a local network
        # saves in time; a room's pages are on the venue's Wi-Fi.
        ws_per_message_deflate=False,
        lifespan="on",
        timeout_graceful_shutdown=2,  # the phones' event streams never end by themselves
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started and not task.done():
        await asyncio.sleep(0.05)
    if server.started and announce is not None:
        announce()
    await task


def announce(
    plan: Plan, content: KeynoteContent, out: Callable[[str], None], serving: bool = True
) -> None:
    """Print the room for the person at this terminal: the join QR code and links, and the
    facilitator's links when this plan issued them."""
    import io

    import segno

    qr = io.StringIO()
    segno.make(plan.join_url, error="m").terminal(out=qr, compact=True)
    out(qr.getvalue())
    out(f"  {content.settings.title}")
    out(f"  Join:         {plan.join_url}")
    out(f"  Session code: {plan.session_code}")
    if plan.qr_png is not None and plan.qr_svg is not None:
        out(f"  QR code:      {plan.qr_png}  (and {plan.qr_svg.name})")
    stop = " Press Ctrl-C to stop." if serving else ""
    if plan.links is None:
        out(
            "  A replica of this session: its facilitator links come from 'workshop session "
            f"start'.{stop}"
        )
        return
    out(f"  Facilitator:  {plan.facilitator_url}")
    out(f"  Big screen:   {plan.presenter_url}")
    out(
        "  Each link signs in one browser, once; 'workshop session links' prints new ones. "
        f"Keep them to yourself.{stop}"
    )
