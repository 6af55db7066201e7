"""How fast the facilitator's switch reaches every attendee: two processes behind nginx on one
PostgreSQL database, beside one process on the same database, in the same run.

Simulated attendees (`benchmarks._room_traffic`, the real protocol) join a room served by
`workshop serve --workers N`; the remote then opens the balance step, locks it and opens it
again, `ROUNDS` times. Each switch is timed from the remote's message until every page shows it:
on one process the room's reader tells its pages at its next tick; on two, the other process
reads the change from the database at its own. Target (issue 10): every attendee on both
processes within 2 s.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
from pathlib import Path

from benchmarks import _serve
from benchmarks._postgres import PostgresServer
from benchmarks._room_traffic import Shared, share_one_room
from benchmarks.rows import Row

TARGET_S = 2.0
#: Attendees and open/lock rounds, full and quick.
SIZES = {False: (60, 5), True: (20, 2)}


def _room(postgres: PostgresServer, workers: int, attendees: int, rounds: int) -> Shared:
    with tempfile.TemporaryDirectory(prefix="workshop-workers-") as scratch:
        served = _serve.start(Path(scratch), postgres.schema_url(), ["--workers", str(workers)])
        try:
            return asyncio.run(
                share_one_room(
                    served.base_url, served.session_code, served.token, attendees, rounds
                )
            )
        finally:
            served.stop()


def run() -> list[Row]:
    attendees, rounds = SIZES[os.environ.get("BENCH_QUICK") == "1"]
    postgres = PostgresServer(durable=True)
    try:
        one = _room(postgres, 1, attendees, rounds)
        two = _room(postgres, 2, attendees, rounds)
    finally:
        postgres.stop()
    if len(two.processes) != 2:
        raise RuntimeError(f"the attendees did not land on both processes: {two.processes}")
    label = f"a switch on the remote reaches all {attendees} attendees"
    base = f"1 process ({len(one.reached_s)} switches)"
    rows = []
    for name, pick in (("median", statistics.median), ("slowest", max)):
        rows.append(
            Row(
                f"{label}, 2 processes + nginx: {name} of {len(two.reached_s)}",
                pick(two.reached_s),
                "s",
                base,
                pick(one.reached_s),
                TARGET_S,
                "max",
            )
        )
    return rows
