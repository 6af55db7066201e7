"""Operations on a live session, shared by the CLI, the attendee app and the dashboard.

Each takes the `Store` it works on; the rules themselves live in `workshop.live.session`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent
from workshop.keynote.answers import Attendee
from workshop.live import session as rules
from workshop.live.facilitators import Links
from workshop.live.session import LiveSession, SessionError
from workshop.services.facilitators import issue_links
from workshop.services.kept_content import content_files
from workshop.store import Store


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Started:
    session: LiveSession
    #: The facilitator's one-time links, shown once; only their hashes are stored.
    links: Links


def start_session(
    store: Store, content: KeynoteContent, live: LiveContent, now: datetime | None = None
) -> Started:
    """A new session with a fresh code and the facilitator's one-time links; every step starts
    locked."""
    now = now or utcnow()
    # The session row's own token column predates one-time links; it holds a hash nothing
    # matches (`workshop.services.facilitators` keeps the keys that open the facilitator's pages).
    token = rules.new_token()
    for _ in range(20):
        code = rules.new_session_code()
        if store.live_session(code) is None:
            break
    store.create_session(
        code,
        content.settings.title,
        rules.token_hash(token),
        now,
        rules.expiry(now, live),
        content_files(content),  # the session remembers what it runs with
    )
    created = store.live_session(code)
    assert created is not None
    return Started(created, issue_links(store, created, now))


def current_session(store: Store, now: datetime | None = None) -> LiveSession | None:
    """The most recent session, if it has not expired (so a restarted server keeps its room)."""
    latest = store.live_session()
    if latest is None or (now or utcnow()) >= latest.expires_at:
        return None
    return latest


def find_session(store: Store, typed_code: str, now: datetime | None = None) -> LiveSession:
    """The running session a typed code names; `SessionError` says wrong or expired."""
    code = rules.normalise_session_code(typed_code)
    return rules.check_joinable(store.live_session(code), code, now or utcnow())


def join(
    store: Store,
    typed_code: str,
    nickname: str | None = None,
    now: datetime | None = None,
    device: str | None = None,
) -> tuple[LiveSession, Attendee]:
    """Join the session a typed code names. A browser (`device`) that already joined it gets
    the same attendee back: one browser is one attendee, however many tabs it opens."""
    session = find_session(store, typed_code, now)
    if device:
        known = store.attendee_for_device(session.code, device)
        if known is not None:
            return session, known
    if session.ended:
        # Whoever took part comes back (by this browser, or their resume code) to their card;
        # a newcomer has nothing left to join.
        raise SessionError(f"session {session.code} has ended", "ended")
    return session, store.create_attendee(nickname, session.code, device)


def resume(store: Store, session: LiveSession, resume_code: str) -> Attendee:
    """The attendee of this session with that resume code (`ResumeCodeError` if none).

    An attendee of no session yet is brought into this one; another session's is refused.
    """
    attendee = store.attendee_by_code(resume_code)
    if attendee.session_code not in (None, session.code):
        raise SessionError(
            f"resume code {attendee.code_display} belongs to another session", "wrong"
        )
    if attendee.session_code is None:
        # Someone who began in the standalone notebooks joins the room with their answers,
        # so the room counts them and their wall entries reach the dashboard.
        store.set_attendee_session(attendee.id, session.code)
        attendee = store.attendee(attendee.id)
    return attendee


def set_step(store: Store, session: LiveSession, step: str, is_open: bool) -> None:
    store.set_step_open(session.code, step, is_open)


def start_segment(
    store: Store, session: LiveSession, live: LiveContent, index: int, now: datetime | None = None
) -> None:
    """Start agenda segment `index`: restart its countdown, open its step (and earlier ones),
    and hide the room's results until the facilitator reveals the new segment's (so the room
    answers before it sees what everyone else answered)."""
    if not 0 <= index < len(live.agenda):
        raise SessionError(f"the agenda has no segment {index + 1}", "wrong")
    store.set_segment(session.code, index, now or utcnow())
    if index != session.segment:
        store.set_revealed(session.code, False)
    # The steps open now, not when `session` was read: a step locked since then (from another
    # screen) would otherwise stay locked.
    latest = store.live_session(session.code)
    already = latest.open_steps if latest is not None else frozenset()
    for step in rules.steps_to_open(live, index):
        if step not in already:
            store.set_step_open(session.code, step, True)


def end_workshop(
    store: Store, session: LiveSession, grace_minutes: int, now: datetime | None = None
) -> LiveSession:
    """End the workshop now: the big screen thanks the room, phones say it has ended and open
    the card, and answers lock `grace_minutes` later (`workshop.live.session.end_times`).
    Returns the session as it now is."""
    ended_at, locks_at = rules.end_times(now or utcnow(), grace_minutes)
    store.set_session_end(session.code, ended_at, locks_at)
    # Every attendee leaves with their card: its step opens, wherever the room had got to.
    store.set_step_open(session.code, "card", True)
    return _reread(store, session)


def reopen_workshop(store: Store, session: LiveSession) -> LiveSession:
    """Undo the end (a facilitator who ended too soon): answers are open again."""
    store.set_session_end(session.code, None, None)
    return _reread(store, session)


def _reread(store: Store, session: LiveSession) -> LiveSession:
    latest = store.live_session(session.code)
    if latest is None:
        raise SessionError(f"no session with code {session.code} is running here", "wrong")
    return latest
