"""The join storm's simulated phones still speak the phone pages' protocol (`bench_join_storm`
drives thousands of them; if the pages change under it, this fails rather than the benchmark
measuring error pages): a few phones join a served room, follow its events and rate every
category, and the database holds every rating each was told was saved."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks._storm import Attendee, Meter, Plan, attend, storm
from benchmarks.bench_join_storm import LIFTED, OPENS_WITHIN_S, lost_saves, remote_of
from tests.support.serving import Served, run_coroutine, serving
from workshop.content.keynote import load_content
from workshop.server.phone_identity import ATTENDEE_COOKIE, DEVICE_COOKIE
from workshop.store import Store

PHONES = 3


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Served]:
    # The benchmark's own options: a `serve` that no longer takes them fails here first.
    with serving(tmp_path, LIFTED) as served:
        with Store(served.db) as store:
            store.set_step_open(served.session_code, "balance", True)
        yield served


async def _phones(served: Served) -> list[Attendee]:
    people = [Attendee() for _ in range(PHONES)]
    streams: list[asyncio.Task[None]] = []
    browsers = await asyncio.gather(
        *(attend(served.base_url, served.session_code, p, streams, OPENS_WITHIN_S) for p in people)
    )
    for browser in browsers:
        assert {DEVICE_COOKIE, ATTENDEE_COOKIE} <= set(browser.cookies), browser.cookies
    assert all(p.following and p.messages >= 1 for p in people), "a phone lost its stream"
    for task in streams:
        task.cancel()
    await asyncio.gather(*streams, return_exceptions=True)
    await asyncio.gather(*(b.close() for b in browsers))
    return people


def test_simulated_phones_join_rate_everything_and_follow_the_room(room: Served) -> None:
    people = run_coroutine(_phones(room))
    categories = len(load_content().balance.categories)
    assert [(p.stage, p.error, len(p.saves)) for p in people] == [("done", "", categories)] * PHONES
    assert all(p.join_screen is not None and p.join_screen >= p.arrived for p in people)
    with Store(room.db, readonly=True) as store:
        rows = store.export_rows(room.session_code)
    assert len(rows.attendees) == PHONES
    assert sorted(score for _, _, score in rows.ratings) == [5] * (PHONES * categories)
    assert lost_saves(room.db, room.session_code, PHONES * categories) == 0


def test_the_storm_counts_its_phones_on_the_remote(room: Served) -> None:
    """The whole machinery at a tiny size: forked client processes, the server's meter and the
    remote's counters (which the storm reads for the big screen's delay)."""
    served = room
    plan = Plan(served.base_url, served.session_code, [0.0, 0.1, 0.2, 0.3])
    process = storm(plan, Meter(served.pid), remote_of(served.base_url, served.token))
    assert process.errors == 0, [p.error for p in process.people]
    assert process.following == len(plan.arrivals)
    assert process.cpu_s > 0
    assert process.dashboard_s is not None, "the remote never counted the phones"
