"""The facilitator's way in, on both backends: one-time links, the sign-ins they become, and
signing out everywhere. Issue 16: the link's secret lingered in the projector's History, and
the cookie was that secret, for 24 hours."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.paths import ROOT
from workshop.content.keynote import KeynoteContent
from workshop.content.live import load_live_content
from workshop.live.facilitators import key_hash
from workshop.services import facilitators
from workshop.services import live_session as live
from workshop.store import Store

T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
LIVE = load_live_content(ROOT / "data" / "en")
SOON = T0 + timedelta(minutes=5)


@pytest.fixture
def room(db_url: str, content: KeynoteContent) -> Iterator[tuple[Store, live.Started]]:
    with Store(db_url) as store:
        yield store, live.start_session(store, content, LIVE, now=T0)


def test_only_hashes_of_the_links_are_stored(content: KeynoteContent, store: Store) -> None:
    started = live.start_session(store, content, LIVE, now=T0)
    conn = sqlite3.connect(store.path)
    texts = [
        value
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        for row in conn.execute(f'SELECT * FROM "{table}"')
        for value in row
        if isinstance(value, str)
    ]
    conn.close()
    for key in (started.links.remote, started.links.presenter):
        assert key_hash(key) in texts
        assert not any(key in text for text in texts)


def test_a_link_signs_in_one_browser_once(room: tuple[Store, live.Started]) -> None:
    store, started = room
    code = started.session.code
    sign_in = facilitators.trade(store, started.session, started.links.remote, SOON)
    assert sign_in is not None and sign_in != started.links.remote
    assert facilitators.signed_in(store, code, sign_in, SOON)
    # The link itself opens nothing, and is spent: the History's copy is worthless.
    assert not facilitators.signed_in(store, code, started.links.remote, SOON)
    assert facilitators.trade(store, started.session, started.links.remote, SOON) is None
    # The big screen's link is another, still good.
    assert facilitators.trade(store, started.session, started.links.presenter, SOON)


@pytest.mark.parametrize(
    "wrong",
    ["", None, "x", "not-the-token", "a" * 10_000, "../../etc/passwd", "é" * 32],
)
def test_junk_signs_nobody_in(room: tuple[Store, live.Started], wrong: str | None) -> None:
    store, started = room
    assert facilitators.trade(store, started.session, wrong, SOON) is None
    assert not facilitators.signed_in(store, started.session.code, wrong, SOON)


def test_near_misses_of_a_link_sign_nobody_in(room: tuple[Store, live.Started]) -> None:
    store, started = room
    link = started.links.remote
    for near in (link[:-1], link + "x", link.swapcase(), key_hash(link)):
        assert facilitators.trade(store, started.session, near, SOON) is None, near
    assert facilitators.trade(store, started.session, link, SOON) is not None


def test_a_link_opened_twice_at_once_signs_in_once(room: tuple[Store, live.Started]) -> None:
    store, started = room
    with ThreadPoolExecutor(8) as pool:
        got = list(
            pool.map(
                lambda _n: facilitators.trade(store, started.session, started.links.remote, SOON),
                range(8),
            )
        )
    assert len([g for g in got if g]) == 1


def test_another_sessions_link_or_sign_in_opens_nothing(
    room: tuple[Store, live.Started], content: KeynoteContent
) -> None:
    store, started = room
    other = live.start_session(store, content, LIVE, now=T0)
    assert facilitators.trade(store, started.session, other.links.remote, SOON) is None
    theirs = facilitators.trade(store, other.session, other.links.remote, SOON)
    assert theirs is not None
    assert not facilitators.signed_in(store, started.session.code, theirs, SOON)


def test_a_sign_in_lasts_the_workshop_and_no_longer(room: tuple[Store, live.Started]) -> None:
    store, started = room
    session = started.session
    sign_in = facilitators.trade(store, session, started.links.remote, SOON)
    end = session.expires_at
    assert end - T0 > timedelta(hours=1)  # not a fixed day: the session's own length
    assert facilitators.signed_in(store, session.code, sign_in, end - timedelta(seconds=1))
    assert not facilitators.signed_in(store, session.code, sign_in, end)
    assert facilitators.trade(store, session, started.links.presenter, end) is None


def test_signing_out_everywhere_ends_every_sign_in_and_unused_link(
    room: tuple[Store, live.Started],
) -> None:
    store, started = room
    session = started.session
    projector = facilitators.trade(store, session, started.links.presenter, SOON)
    assert facilitators.sign_out_everywhere(store, session.code, SOON) == 2
    assert not facilitators.signed_in(store, session.code, projector, SOON)
    assert facilitators.trade(store, session, started.links.remote, SOON) is None
    fresh = facilitators.issue_links(store, session, SOON)
    assert facilitators.trade(store, session, fresh.remote, SOON) is not None


def test_new_links_end_the_unused_ones_but_not_the_sign_ins(
    room: tuple[Store, live.Started],
) -> None:
    store, started = room
    session = started.session
    remote = facilitators.trade(store, session, started.links.remote, SOON)
    fresh = facilitators.issue_links(store, session, SOON)
    assert facilitators.trade(store, session, started.links.presenter, SOON) is None
    assert facilitators.signed_in(store, session.code, remote, SOON)
    assert facilitators.trade(store, session, fresh.presenter, SOON) is not None
    kept = facilitators.issue_links(store, session, SOON, replace=False)
    assert facilitators.trade(store, session, fresh.remote, SOON) is not None
    assert facilitators.trade(store, session, kept.remote, SOON) is not None
