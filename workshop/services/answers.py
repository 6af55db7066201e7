"""What an attendee saves: ratings, texts, picks and wall entries, through one door for every
front end (the notebooks' views, the room's widget app, the phones' pages).

Each save first asks the session's rule (`workshop.live.session.check_answers_open`): once the
facilitator has ended the workshop and its extra minutes have run out, a save is refused with
`AnswersLockedError`, whose `reason` names the label that says so in the content's words. An
attendee of no session (the notebooks one by one) never locks. Taking an entry back from the
wall is never refused: after the end, nothing new reaches the room, but anyone may still
withdraw what they shared.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from workshop.keynote.answers import Attendee, Pick
from workshop.live.session import check_answers_open
from workshop.store import Store


def check_open(store: Store, attendee: Attendee, now: datetime | None = None) -> None:
    """Refuse (`AnswersLockedError`) once the attendee's session has locked its answers."""
    if attendee.session_code is not None:
        session = store.live_session(attendee.session_code)
        check_answers_open(session, now or datetime.now(UTC))


def save_rating(
    store: Store, attendee: Attendee, category: str, score: int, now: datetime | None = None
) -> str:
    check_open(store, attendee, now)
    return store.save_rating(attendee.id, category, score)


def save_text(
    store: Store,
    attendee: Attendee,
    exercise: str,
    name: str,
    body: str,
    now: datetime | None = None,
) -> str:
    check_open(store, attendee, now)
    return store.save_text(attendee.id, exercise, name, body)


def save_picks(
    store: Store,
    attendee: Attendee,
    exercise: str,
    kind: str,
    picks: Sequence[Pick],
    now: datetime | None = None,
) -> str:
    check_open(store, attendee, now)
    return store.save_picks(attendee.id, exercise, kind, picks)


def share_on_wall(
    store: Store, attendee: Attendee, kind: str, body: str, now: datetime | None = None
) -> int:
    check_open(store, attendee, now)
    return store.share_on_wall(attendee.id, kind, body)


def withdraw_from_wall(store: Store, attendee: Attendee, entry_id: int) -> None:
    store.withdraw_from_wall(entry_id, attendee.id)
