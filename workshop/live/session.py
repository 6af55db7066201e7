"""The live session's rules: session codes, expiry, which steps are open, pacing, the end of
the workshop.

Pure functions over plain values; the store persists the state, the views show it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from workshop import codes
from workshop.content.live import LiveContent, Segment, StepId
from workshop.errors import WorkshopError
from workshop.text import check_name

SESSION_CODE_LENGTH = 6
#: Longest nickname: it greets the attendee and heads their card, on one line.
NICKNAME_MAX = 40


class SessionError(WorkshopError, LookupError):
    """A session code that is malformed, unknown here, or expired; a session that admits no
    more attendees (`reason` "full"); or a request the session's rules refuse (it "ended")."""

    def __init__(self, message: str, reason: Literal["wrong", "expired", "full", "ended"]) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class LiveSession:
    code: str
    title: str
    created_at: datetime
    expires_at: datetime
    segment: int
    segment_started_at: datetime | None
    revealed: bool
    open_steps: frozenset[str]
    #: When the facilitator ended the workshop (None while it runs).
    ended_at: datetime | None = None
    #: When answers lock: the end plus the minutes the facilitator granted (None while it runs).
    locks_at: datetime | None = None

    def is_open(self, step: str) -> bool:
        return step in self.open_steps

    @property
    def ended(self) -> bool:
        return self.ended_at is not None

    def answers_open(self, now: datetime) -> bool:
        """Whether attendees may still change their answers (until the end's grace runs out)."""
        return self.locks_at is None or now < self.locks_at


class AnswersLockedError(WorkshopError, PermissionError):
    """An answer changed after the workshop ended and its extra minutes ran out."""


#: The extra minutes a facilitator may give for answers after ending the workshop.
GRACE_CHOICES = (0, 2, 5, 10, 15, 30)
#: The most extra minutes: past an hour the room has gone home.
GRACE_MAX = 60


def end_times(now: datetime, grace_minutes: int) -> tuple[datetime, datetime]:
    """When the workshop ends (now) and when answers lock: `grace_minutes` later (0 to
    `GRACE_MAX`)."""
    if not 0 <= grace_minutes <= GRACE_MAX:
        raise SessionError(
            f"the minutes answers stay open after the end expected 0 to {GRACE_MAX}, "
            f"got {grace_minutes}",
            "wrong",
        )
    return now, now + timedelta(minutes=grace_minutes)


def check_answers_open(session: LiveSession | None, now: datetime) -> None:
    """Refuse a change to an answer once the session's answers have locked (no session, as in
    the notebooks one by one, never locks)."""
    if session is not None and not session.answers_open(now):
        assert session.locks_at is not None
        raise AnswersLockedError(
            f"session {session.code} ended; its answers locked at {session.locks_at:%H:%M} UTC",
            reason="answers_locked",
        )


def new_session_code() -> str:
    return "".join(secrets.choice(codes.ALPHABET) for _ in range(SESSION_CODE_LENGTH))


def normalise_session_code(text: str) -> str:
    """Canonical form of a typed session code; `SessionError` if it cannot be one."""
    cleaned = codes.clean(text)
    if len(cleaned) != SESSION_CODE_LENGTH or any(ch not in codes.ALPHABET for ch in cleaned):
        raise SessionError(
            f"a session code has {SESSION_CODE_LENGTH} letters and digits, like K7QM3X; "
            f"got {text.strip()!r}",
            "wrong",
        )
    return cleaned


def new_token() -> str:
    """The facilitator's secret: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(token_hash(token), stored_hash)


def check_joinable(session: LiveSession | None, code: str, now: datetime) -> LiveSession:
    """The session an attendee may join with `code`, or `SessionError` saying why not."""
    if session is None:
        raise SessionError(f"no session with code {code} is running here", "wrong")
    if now >= session.expires_at:
        raise SessionError(
            f"session {session.code} ended at {session.expires_at:%H:%M} UTC", "expired"
        )
    return session


def expiry(created_at: datetime, live: LiveContent) -> datetime:
    return created_at + timedelta(hours=live.session_hours)


# -- pacing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Countdown:
    seconds_left: int  # negative once the segment runs over (never for the last one)
    segment: Segment
    #: The last segment's time is up: the workshop ends when the facilitator ends it.
    time_up: bool = False

    @property
    def overtime(self) -> bool:
        return self.seconds_left < 0

    @property
    def clock(self) -> str:
        seconds = abs(self.seconds_left)
        return f"{'-' if self.overtime else ''}{seconds // 60:02d}:{seconds % 60:02d}"


def countdown(session: LiveSession, live: LiveContent, now: datetime) -> Countdown | None:
    """Time left in the current segment; None before the first segment starts and once the
    workshop has ended. A segment that runs over counts its extra time, bar the last one:
    after it comes nothing to run late for, so its clock stops at zero, time up."""
    if session.ended or session.segment_started_at is None:
        return None
    if not 0 <= session.segment < len(live.agenda):
        return None
    segment = live.agenda[session.segment]
    elapsed = (now - session.segment_started_at).total_seconds()
    left = round(segment.minutes * 60 - elapsed)
    if session.segment == len(live.agenda) - 1 and left <= 0:
        return Countdown(0, segment, time_up=True)
    return Countdown(left, segment)


def steps_to_open(live: LiveContent, segment_index: int) -> tuple[str, ...]:
    """Starting a segment opens its step and every step of the segments before it."""
    opened: list[str] = []
    for segment in live.agenda[: segment_index + 1]:
        if segment.step is not None and segment.step not in opened:
            opened.append(segment.step)
    return tuple(opened)


def current_step(session: LiveSession, live: LiveContent) -> StepId | None:
    """The step the facilitator is on: the current segment's, if it is open; else the latest
    open step of the segments so far (a welcome or a story between exercises keeps the room
    on the last one); else the first open step; None while nothing is open."""
    started = session.segment if 0 <= session.segment < len(live.agenda) else -1
    for segment in reversed(live.agenda[: started + 1]):
        if segment.step is not None and session.is_open(segment.step):
            return segment.step
    return next((s.id for s in live.steps if session.is_open(s.id)), None)


def check_nickname(nickname: str) -> str:
    """The nickname as typed, if any: at most `NICKNAME_MAX` characters, no control at all.

    Empty is fine (the nickname is optional); the store trims what is kept.
    """
    return check_name(nickname, NICKNAME_MAX, "the nickname")
