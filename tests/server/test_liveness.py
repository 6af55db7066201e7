"""One server per room: a second `serve` on a running database is refused, unless it takes over."""

from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.serving import free_port, serving
from workshop.cli import main
from workshop.server.liveness import (
    STALE_S,
    Heartbeat,
    RoomTakenError,
    claim_room,
    new_mark,
)
from workshop.store import Store

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def test_a_second_server_is_refused_while_the_first_is_alive(db_url: str) -> None:
    with Store(db_url) as store:
        first = new_mark("K7QM3X", T0)
        assert claim_room(store, first, take_over=False, now=T0) == []
        second = new_mark(None, T0)
        later = T0 + timedelta(seconds=STALE_S - 1)
        with pytest.raises(RoomTakenError) as caught:
            claim_room(store, second, take_over=False, now=later)
        assert str(caught.value) == (
            f"another workshop serve is running the room in {store.shown} (pid {os.getpid()} "
            f"on {socket.gethostname()}, session K7QM3X, seen {STALE_S - 1:.0f} s ago); stop it "
            "first, or pass --take-over to move the room to this one (the other stops, and its "
            "facilitator links stop working)"
        )
        assert [m.id for m in store.servers()] == [first.id]  # the refusal changed nothing


def test_take_over_replaces_the_running_server(db_url: str) -> None:
    with Store(db_url) as store:
        first = new_mark("K7QM3X", T0)
        claim_room(store, first, take_over=False, now=T0)
        second = new_mark("K7QM3X", T0)
        assert claim_room(store, second, take_over=True, now=T0) == [first]
        assert [m.id for m in store.servers()] == [second.id]
        assert not store.beat(first.id, T0.isoformat())  # the first learns it was taken over
        assert store.beat(second.id, T0.isoformat())


def test_a_stale_mark_is_replaced_without_asking(db_url: str) -> None:
    with Store(db_url) as store:
        crashed = new_mark("K7QM3X", T0)
        claim_room(store, crashed, take_over=False, now=T0)
        later = T0 + timedelta(seconds=STALE_S + 1)
        fresh = replace(new_mark("K7QM3X", later))
        assert claim_room(store, fresh, take_over=False, now=later) == [crashed]
        assert [m.id for m in store.servers()] == [fresh.id]


def test_the_heartbeat_keeps_the_mark_fresh_and_stops_the_server_taken_over(
    tmp_path: Path,
) -> None:
    stopped = threading.Event()
    with Store(tmp_path / "w.db") as store:
        mark = new_mark("K7QM3X")
        claim_room(store, mark, take_over=False)
        with Heartbeat(store, mark, interval=0.05, on_taken_over=stopped.set) as beat:
            time.sleep(0.3)
            (seen,) = store.servers()
            assert seen.seen_at > mark.seen_at
            other = new_mark("K7QM3X")
            claim_room(store, other, take_over=True)
            assert stopped.wait(5)
        assert beat.taken_over_note() == (
            f"Another workshop serve took this room over (pid {other.pid} on {other.host}); "
            "this one stopped."
        )
        assert [m.id for m in store.servers()] == [other.id]  # the stopped one removed nothing
        with Heartbeat(store, other, interval=0.05, on_taken_over=stopped.set):
            pass
        assert store.servers() == []  # a server that stops removes its mark


def test_serve_refuses_a_running_room_and_takes_it_over_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "live.db"
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    with serving(tmp_path / "one", db=db) as first:
        port = free_port()
        assert main(["serve", "--db", str(db), "--port", str(port)]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"workshop serve: another workshop serve is running the room in {db}")
        assert f"pid {first.pid} on " in err and "pass --take-over" in err
        assert err.count("\n") == 1 and "Traceback" not in err

        with serving(tmp_path / "two", ["--take-over"], db=db) as second:
            assert second.session_code == first.session_code  # the same room goes on
            deadline = time.monotonic() + 30
            while (
                "took this room over" not in first.out.read_text() and time.monotonic() < deadline
            ):
                time.sleep(0.2)
            assert "Another workshop serve took this room over" in first.out.read_text()
            assert f"pid {second.pid} on " in first.out.read_text()
            with Store(db, readonly=True) as store:
                assert [m.pid for m in store.servers()] == [second.pid]
    with Store(db, readonly=True) as store:
        assert store.servers() == []  # stopped with SIGTERM, it removed its own mark
    assert "Traceback" not in (tmp_path / "one" / "serve.log").read_text()
