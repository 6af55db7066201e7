"""What the store hands back: frozen records, no database handles."""

from __future__ import annotations

from dataclasses import dataclass

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
