"""An attendee and what they saved: plain records the store hands back and the rules read."""

from __future__ import annotations

from dataclasses import dataclass, field

from workshop import codes

#: Where the attendee's "print my reflections on the facilitator's card" tick is saved.
PRINT_REFLECTIONS = ("card", "print_reflections")


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
