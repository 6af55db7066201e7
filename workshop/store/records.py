"""What the store hands back: frozen records, no database handles."""

from __future__ import annotations

from dataclasses import dataclass, field

from workshop import codes


@dataclass(frozen=True)
class Attendee:
    id: str
    resume_code: str
    nickname: str | None
    created_at: str
    session_code: str | None = None

    @property
    def code_display(self) -> str:
        return codes.display(self.resume_code)


@dataclass(frozen=True)
class Pick:
    """One chosen item: a finder (detail: its category) or an ingredient (detail: its action)."""

    item: str
    detail: str = ""


@dataclass(frozen=True)
class Answers:
    """Everything one attendee has saved."""

    ratings: dict[str, int] = field(default_factory=dict)
    texts: dict[tuple[str, str], str] = field(default_factory=dict)
    picks: dict[tuple[str, str], tuple[Pick, ...]] = field(default_factory=dict)

    def text(self, exercise: str, name: str, default: str = "") -> str:
        return self.texts.get((exercise, name), default)

    def chosen(self, exercise: str, kind: str) -> tuple[Pick, ...]:
        return self.picks.get((exercise, kind), ())


@dataclass(frozen=True)
class WallEntry:
    """One shared mantra or ingredient; it never says who shared it."""

    id: int
    kind: str
    body: str
    shared_at: str
    hidden: bool


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
