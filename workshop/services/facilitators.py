"""The facilitator's way in: one-time links, the sign-ins they are traded for, and signing out.

See `workshop.live.facilitators` for why a link works only once. Every front end that lets a
facilitator in (the server's sign-in page, the CLI that prints links) goes through these.
"""

from __future__ import annotations

from datetime import UTC, datetime

from workshop.live.facilitators import Links, key_hash, new_key, plausible
from workshop.live.session import LiveSession
from workshop.store import Store


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def issue_links(
    store: Store, session: LiveSession, now: datetime | None = None, *, replace: bool = True
) -> Links:
    """Two new one-time links for the session (the remote's, the big screen's); they expire
    with it. With `replace`, links issued before and not yet used stop working (browsers
    already signed in stay signed in)."""
    if replace:
        store.end_facilitator_links(session.code, _now(now))
    links = Links(new_key(), new_key())
    for key in (links.remote, links.presenter):
        store.add_facilitator_key(
            session.code, key_hash(key), "link", _now(now), session.expires_at
        )
    return links


def trade(
    store: Store, session: LiveSession, link: str | None, now: datetime | None = None
) -> str | None:
    """Spend a link for a sign-in: the sign-in's key (for the browser's cookie), or None when
    the link is not a good, unused one of this session."""
    moment = _now(now)
    if not plausible(link) or moment >= session.expires_at:
        return None
    assert link is not None
    if not store.spend_facilitator_link(session.code, key_hash(link), moment):
        return None
    sign_in = new_key()
    store.add_facilitator_key(
        session.code, key_hash(sign_in), "sign_in", moment, session.expires_at
    )
    return sign_in


def signed_in(
    store: Store, session_code: str, sign_in: str | None, now: datetime | None = None
) -> bool:
    """Whether `sign_in` (a browser's cookie) is a good sign-in of the session."""
    if not plausible(sign_in):
        return False
    assert sign_in is not None
    return store.facilitator_signed_in(session_code, key_hash(sign_in), _now(now))


def sign_out_everywhere(store: Store, session_code: str, now: datetime | None = None) -> int:
    """End every sign-in of the session and every link not yet used; returns how many."""
    return store.end_facilitator_keys(session_code, _now(now))
