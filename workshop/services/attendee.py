"""What an attendee does to be in the room: join, resume with a code, come back on the same
browser; and the record of their progress that the room's counters read.

Each act takes the `Store` (and the content where a rule needs it) and returns plain records;
a refusal is a `WorkshopError` whose `reason` the content words (`services.wording`). The phone
pages and the widget app call these, so both admit, find and count attendees alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from workshop.content.keynote import KeynoteContent
from workshop.keynote.answers import Answers, Attendee
from workshop.keynote.completion import StepProgress, step_progress
from workshop.live.session import LiveSession, SessionError, check_nickname
from workshop.services import live_session as live
from workshop.store import Store, now


@dataclass(frozen=True)
class Entered:
    """An attendee in a running session; `new` when this act created them."""

    session: LiveSession
    attendee: Attendee
    new: bool = False


def come_back(
    store: Store, session_code: str, device: str | None, at: datetime | None = None
) -> Entered | None:
    """The attendee this browser already is in that running session, or None (no typing: one
    browser is one attendee)."""
    if not device:
        return None
    try:
        session = live.find_session(store, session_code, at)
    except SessionError:
        return None
    attendee = store.attendee_for_device(session.code, device)
    return None if attendee is None else Entered(session, attendee)


def join_room(
    store: Store,
    typed_code: str,
    nickname: str,
    device: str | None,
    *,
    at: datetime | None = None,
    capacity: int | None = None,
) -> Entered:
    """Join the session `typed_code` names. A browser that joined it before is that attendee
    again (never refused for capacity); a new one is admitted while the session holds fewer
    than `capacity` attendees. Refusals: `SessionError` (wrong, expired, full) or a nickname
    the rules refuse."""
    check_nickname(nickname)
    session = live.find_session(store, typed_code, at)
    if device:
        known = store.attendee_for_device(session.code, device)
        if known is not None:
            return Entered(session, known)
    if capacity is not None and store.session_attendee_count(session.code) >= capacity:
        raise SessionError(
            f"session {session.code} is full: it admits {capacity} attendees", "full"
        )
    return Entered(session, store.create_attendee(nickname, session.code, device), new=True)


def resume_in_room(
    store: Store, typed_session: str, resume_code: str, at: datetime | None = None
) -> Entered:
    """Come back with a resume code, to the session typed (or from the link) or else theirs.

    Raises `ResumeCodeError` for a code nobody has, `SessionError` for a session that is not
    running or is another's. Existing attendees always get back in, whatever the capacity.
    """
    attendee = store.attendee_by_code(resume_code)
    code = typed_session.strip() or attendee.session_code
    if code is None:
        raise SessionError("that resume code does not belong to a live session", "wrong")
    session = live.find_session(store, code, at)
    return Entered(session, live.resume(store, session, resume_code))


@dataclass(frozen=True)
class Progress:
    """Each step's progress, and the steps the room counts as done."""

    steps: dict[str, StepProgress]
    done: frozenset[str]


def progress_of(answers: Answers, content: KeynoteContent) -> Progress:
    steps = step_progress(answers, content)
    return Progress(steps, frozenset(s for s, p in steps.items() if p.done))


def record_progress(
    store: Store,
    content: KeynoteContent,
    attendee_id: str,
    known: frozenset[str] | None = None,
    answers: Answers | None = None,
) -> Progress:
    """Record which steps this attendee has finished, for the room's counters; `known` is what
    the caller recorded last (nothing is written when it has not changed); `answers`, when the
    caller has just read them after its save, are not read again."""
    if answers is None:
        answers = store.answers(attendee_id)
    progress = progress_of(answers, content)
    if progress.done != known:
        store.set_progress(attendee_id, progress.done)
    return progress


def mark_card_made(store: Store, content: KeynoteContent, attendee_id: str) -> Progress:
    """The attendee made their card: the room counts the card step as done."""
    store.save_text(attendee_id, "card", "made_at", now())
    return record_progress(store, content, attendee_id)
