"""What the store hands back: frozen records, no database handles."""

from __future__ import annotations

from dataclasses import dataclass, field

from workshop.keynote.answers import Answers, Attendee


@dataclass(frozen=True)
class AttendeeRecord:
    """An attendee with everything they saved, for bulk inserts."""

    attendee: Attendee
    answers: Answers
    wall: tuple[tuple[str, str], ...] = ()  # (kind, body) shared on the room wall
    completed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ExportRows:
    """What a session's export may hold: no free text but the content's own finders."""

    attendees: list[str]
    ratings: list[tuple[str, str, int]]  # attendee, category, score
    finders: list[tuple[str, str, str]]  # attendee, category, finder
    progress: list[tuple[str, str]]  # attendee, completed step


@dataclass(frozen=True)
class RoomAggregates:
    """Counts over one session's room; no free text, no names."""

    joined: int
    answered: int  # attendees with at least one rating
    distribution: list[tuple[str, int, int]]  # category, score, attendees
    out_of_balance: list[tuple[str, int]]  # category, attendees with it out of balance
    finders: list[tuple[str, str, int]]  # finder, category, attendees who committed to it
    completed: dict[str, int]  # step, attendees who completed it
    ingredients: list[tuple[str, int]] = field(default_factory=list)  # item, attendees with it
    menus: int = 0  # attendees who chose at least one ingredient


@dataclass(frozen=True)
class KeptContent:
    """The content a session was started with: each file's text by name, and their hash."""

    files: dict[str, str]
    digest: str
    saved_at: str


@dataclass(frozen=True)
class ServerMark:
    """A running `workshop serve` as its heartbeat row says: who, where, since and last seen."""

    id: str
    pid: int
    host: str
    session_code: str | None
    started_at: str
    seen_at: str
