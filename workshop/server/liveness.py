"""One server per room: a running `workshop serve` keeps a heartbeat row in the database.

A second `serve` on the same database used to start without a word and take the session over:
a new facilitator token, the first server's links dead, two servers writing one room. Now each
server marks itself (an id, its pid and host, the session, when it started and when it was last
seen) and refreshes the mark every `HEARTBEAT_S`. `claim_room` is the one check: it refuses
while another server's mark is fresher than `STALE_S`, unless the facilitator asks to
`--take-over`; a mark gone stale (a crash, a machine switched off) is replaced without asking.

A server whose mark disappears has been taken over: its heartbeat stops it, as Ctrl-C does.
With ``--workers N`` the mark is the parent process's: its workers serve the same session and
are stopped with it. A replica of the room (`serve --replica`, joining a running room on
purpose) puts its mark in with `join_room` instead of `claim_room`: beside the other replicas,
claiming nothing, but seen by a plain `serve`, which is then refused as it would be by any
server running the room.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from types import FrameType

from workshop.errors import StoreError, WorkshopError
from workshop.store import ServerMark, Store

#: How often a server refreshes its mark, and how old a mark may be before it counts as a
#: server that stopped without removing it.
HEARTBEAT_S = 5.0
STALE_S = 20.0


class RoomTakenError(WorkshopError, RuntimeError):
    """Another server is running this database's room."""


def new_mark(session_code: str | None, now: datetime | None = None) -> ServerMark:
    """This process's mark, as a new server."""
    stamp = (now or datetime.now(UTC)).isoformat()
    pid, host = os.getpid(), socket.gethostname()
    return ServerMark(secrets.token_hex(8), pid, host, session_code, stamp, stamp)


def age(mark: ServerMark, now: datetime) -> float:
    """Seconds since the mark was last refreshed."""
    return (now - datetime.fromisoformat(mark.seen_at)).total_seconds()


def claim_room(
    store: Store, mark: ServerMark, take_over: bool, now: datetime | None = None
) -> list[ServerMark]:
    """Put `mark` in the database, unless another live server holds the room (then raise
    `RoomTakenError`, or with `take_over` replace it). Returns the marks replaced."""
    now = now or datetime.now(UTC)
    replaced: list[ServerMark] = []

    def decide(others: list[ServerMark]) -> list[str]:
        alive = [o for o in others if age(o, now) < STALE_S]
        if alive and not take_over:
            raise RoomTakenError(taken_message(alive[-1], store.shown, now))
        replaced.extend(others)
        return [o.id for o in others]

    store.claim_servers(mark, decide)
    return replaced


def join_room(store: Store, mark: ServerMark, now: datetime | None = None) -> None:
    """Put a replica's `mark` in the database beside the live ones (only stale marks, of
    servers that stopped without removing theirs, are cleared)."""
    now = now or datetime.now(UTC)
    store.claim_servers(mark, lambda others: [o.id for o in others if age(o, now) >= STALE_S])


def taken_message(other: ServerMark, shown: str, now: datetime) -> str:
    seen = max(0, round(age(other, now)))
    return (
        f"another workshop serve is running the room in {shown} (pid {other.pid} on "
        f"{other.host}, session {other.session_code or '?'}, seen {seen} s ago); stop it first, "
        "or pass --take-over to move the room to this one (the other stops, and its "
        "facilitator links stop working)"
    )


class Heartbeat:
    """Refreshes a server's mark every `interval` seconds in a thread of its own.

    When the mark is gone (another server took the room over), it records who did and calls
    `on_taken_over` once (by default: stop this process as Ctrl-C would).
    """

    def __init__(
        self,
        store: Store,
        mark: ServerMark,
        interval: float = HEARTBEAT_S,
        on_taken_over: Callable[[], None] | None = None,
    ) -> None:
        self.store, self.mark, self.interval = store, mark, interval
        self.on_taken_over = on_taken_over or _interrupt_self
        self.session_code = mark.session_code
        self.taken_by: ServerMark | None = None
        self.taken = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="workshop-heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)
        if not self.taken.is_set():
            with contextlib.suppress(StoreError):  # else the mark goes stale on its own
                self.store.remove_server(self.mark.id)

    def serving(self, session_code: str) -> None:
        """The session this server runs, once it is known (a new one is made after the claim)."""
        self.session_code = session_code
        self._beat()

    def _beat(self) -> bool:
        now = datetime.now(UTC).isoformat()
        return self.store.beat(self.mark.id, now, self.session_code)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                alive = self._beat()
            except StoreError:
                continue  # a busy or unreachable database: try again at the next beat
            if not alive:
                others = [m for m in self.store.servers() if m.id != self.mark.id]
                self.taken_by = others[-1] if others else None
                self.taken.set()
                self.on_taken_over()
                return

    def taken_over_note(self) -> str:
        """What the facilitator is told once this server stopped for another."""
        who = self.taken_by
        by = f" (pid {who.pid} on {who.host})" if who else ""
        return f"Another workshop serve took this room over{by}; this one stopped."


def _interrupt_self() -> None:
    # The server stops the way Ctrl-C stops it, in its main thread.
    os.kill(os.getpid(), signal.SIGINT)


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops the room the way Ctrl-C does, so the server's mark is removed on the way
    out (uvicorn hands a signal it caught back to the handler that was there before it)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def interrupt(_signum: int, _frame: FrameType | None) -> None:
    """A signal handler that stops the room the same clean way as Ctrl-C."""
    raise KeyboardInterrupt
