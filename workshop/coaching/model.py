"""The coaching practice's records and their errors: reps, evaluations, calls, do-overs and
self-checks.

Plain frozen dataclasses; the rules that check them are in `workshop.coaching.rules`. The do-over
carries its own order: the rep's self-critique first, then the manager's insight.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from workshop.content.coaching import Adjustment, Gap, Medium
from workshop.errors import WorkshopError
from workshop.text import check_text


class CoachingError(WorkshopError, ValueError):
    """A coaching entry that breaks a rule; nothing was saved."""


class UnknownCompetencyError(CoachingError, LookupError):
    """A competency name the content does not define; the message names the nearest ones."""


class ScoreError(CoachingError):
    """A competency score that is not a whole number on the scale."""


class CallDateError(CoachingError):
    """A date in the future, or not a date at all."""


class OneFixError(CoachingError):
    """A coaching call with no fix or more than one: one call, one fix."""


class DoOverOrderError(CoachingError):
    """A manager insight before the rep's self-critique, or a self-critique changed after it."""


class UnknownRepError(WorkshopError, LookupError):
    """A rep the store does not know."""


# -- entities ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rep:
    id: str
    name: str
    demo: bool = False
    created_at: str = ""


@dataclass(frozen=True)
class Evaluation:
    """A rep's competency evaluation: one score per competency id, on one date."""

    rep_id: str
    on: date
    scores: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CoachingCall:
    """One coaching call: one singular situation, its diagnosis, and exactly one fix."""

    id: str
    rep_id: str
    on: date
    minutes: int
    medium: Medium
    situation: str
    knows: bool
    can: bool
    adjustments: tuple[Adjustment, ...]
    competency: str
    fix: str

    @property
    def gap(self) -> Gap:
        return diagnose(self.knows, self.can)


@dataclass(frozen=True)
class DoOver:
    """The after-call do-over: the rep's self-critique first, then the manager's insight.

    The rep may revise the self-critique until the manager answers; from then on it is kept
    as it was, so the insight always answers what the rep said.
    """

    call_id: str
    self_critique: str = ""
    self_critique_at: datetime | None = None
    insight: str = ""
    insight_at: datetime | None = None

    @property
    def answered(self) -> bool:
        return self.self_critique_at is not None

    @property
    def has_insight(self) -> bool:
        return self.insight_at is not None

    def with_self_critique(self, text: str, at: datetime, limit: int) -> DoOver:
        """Record (or revise) the rep's answer; refused once the manager has answered."""
        if self.has_insight:
            raise DoOverOrderError(
                "the rep's self-critique cannot change after the manager's insight; "
                "it is kept as it was",
                reason="answer_kept",
            )
        required(text, "the rep's self-critique")
        check_text(text, limit, "the rep's self-critique")
        return replace(self, self_critique=text, self_critique_at=at)

    def with_insight(self, text: str, at: datetime, limit: int) -> DoOver:
        """Record (or revise) the manager's insight; refused before the rep has answered."""
        if self.self_critique_at is None or not self.self_critique.strip():
            raise DoOverOrderError(
                "the manager's insight comes after the rep's self-critique, and the rep has "
                "not answered yet; ask the do-over question and save the rep's answer first",
                reason="insight_first",
            )
        if at < self.self_critique_at:
            raise DoOverOrderError(
                f"the manager's insight is timed {at.isoformat()}, before the rep's "
                f"self-critique at {self.self_critique_at.isoformat()}; expected it after"
            )
        required(text, "the manager's insight")
        check_text(text, limit, "the manager's insight")
        return replace(self, insight=text, insight_at=at)


@dataclass(frozen=True)
class SelfCheck:
    """A rep's daily self-check: the do-over question asked alone, with no manager."""

    rep_id: str
    on: date
    answer: str
    at: datetime


def required(text: object, what: str) -> str:
    if not isinstance(text, str):
        raise CoachingError(f"{what} expected text, not {type(text).__name__}")
    if not text.strip():
        raise CoachingError(f"{what} is empty; expected a few words", reason="empty")
    return text


def diagnose(knows: bool, can: bool) -> Gap:
    """The gap the two questions reveal: teach what they do not know, practise what they cannot.

    ``knows`` answers "Do they know what to do?", ``can`` answers "Can they do it?".
    """
    if not knows and not can:
        return "both"
    if not knows:
        return "knowledge"
    if not can:
        return "skill"
    return "none"
