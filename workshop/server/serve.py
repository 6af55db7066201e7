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
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent
from workshop.errors import WorkshopError
from workshop.live.session import LiveSession
from workshop.server import runtime as runtime_env
from workshop.server.address import check_address, public_host, resolve
from workshop.server.gates import DEFAULT_TRIES, Tries
from workshop.server.liveness import (
    Heartbeat,
    claim_room,
    join_room,
    new_mark,
    sigterm_as_interrupt,
)
from workshop.server.plan import Plan, announce, prepare, replica_plan, with_loopback_hint
from workshop.server.settings import ENV_BASE_URL
from workshop.services import facilitators
from workshop.services import live_session as live
from workshop.services.kept_content import SessionContent, session_content
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


def say(text: str) -> None:
    """Print for the person at the terminal, now: a server's output may be a pipe or a
    container's log, which would otherwise hold it back until a buffer fills."""
    print(text, flush=True)


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
        runtime_env.ENV_LOOPBACK_HINT: plan.loopback_hint,
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
    ip = resolve(ip)
    check_address(ip, port)
    check_proxy(proxy)
    with sigterm_as_interrupt(), Store(db) as store, contextlib.ExitStack() as stack:
        running = _running(store, replica, new_session, out)
        chosen = stack.enter_context(_content(store, running, content_dir, replica, out))
        heartbeat = stack.enter_context(Heartbeat(store, _mark(store, running, replica, take_over)))
        if sign_out_everywhere and running is not None:
            _sign_out_everywhere(store, running.code, out)
        base = url or f"http://{public_host(ip)}:{port}"
        plan = _plan(store, chosen, running, base, replica)
        plan = with_loopback_hint(plan, content_dir, db, port)
        heartbeat.serving(plan.session_code)
        if store.target.path is None and workers == 1 and not replica:
            out(POSTGRES_ONE_PROCESS)  # PostgreSQL can hold a bigger room than one process
        os.environ.update(environment(store, chosen.content, plan, max_pages, db, limits))
        try:
            status = _run(plan, chosen.content, chosen.live, (ip, port), workers, out, proxy)
        except KeyboardInterrupt:
            if not heartbeat.taken.is_set():
                raise
            status = 0
        if heartbeat.taken.is_set():
            out(heartbeat.taken_over_note())
        return status


def _running(
    store: Store, replica: bool, new_session: bool, out: Callable[[str], None]
) -> LiveSession | None:
    """The session to serve: a replica waits for one; otherwise the running one, if any."""
    if replica:
        return wait_for_session(store, out)
    return None if new_session else live.current_session(store)


@contextlib.contextmanager
def _content(
    store: Store,
    running: LiveSession | None,
    content_dir: Path | str | None,
    replica: bool,
    out: Callable[[str], None],
) -> Iterator[SessionContent]:
    """The content the session keeps (or the one asked for), said aloud if it is not that."""
    code = running.code if running else None
    with session_content(store, code, content_dir, can_start_anew=not replica) as chosen:
        if chosen.warning:
            out(chosen.warning)
        yield chosen


def _sign_out_everywhere(store: Store, code: str, out: Callable[[str], None]) -> None:
    ended = facilitators.sign_out_everywhere(store, code)
    out(f"Signed out every facilitator browser of session {code} ({ended} keys).")


def _plan(
    store: Store, chosen: SessionContent, running: LiveSession | None, base: str, replica: bool
) -> Plan:
    """A replica's plan for the running session, or this server's own (new links, QR files)."""
    if replica and running is not None:
        return replica_plan(running, base)
    qr_dir = store.target.path.resolve().parent if store.target.path else None
    return prepare(store, chosen.content, chosen.live, base, running, qr_dir)


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
    live_content: LiveContent,
    where: tuple[str, int],
    workers: int,
    out: Callable[[str], None],
    proxy: str,
) -> int:
    ip, port = where

    def tell() -> None:
        announce(plan, content, live_content, out)

    if workers > 1:
        from workshop.server.workers import serve_workers

        return serve_workers(ip, port, workers, tell, out)
    asyncio.run(run_server(content.settings.title, ip, port, tell, proxy))
    out("\n" + live_content.label("terminal_stopped"))
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
