"""The coaching practice's records and their errors: people, evaluations and self-checks.

Plain frozen dataclasses; the rules that check them are in `workshop.coaching.rules`. A coaching
call, which carries its own order (the rep's answer first), is in `workshop.coaching.call`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from workshop.content.coaching import Gap, Role
from workshop.errors import WorkshopError


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


class CallOrderError(CoachingError):
    """A step of a coaching call out of the method's order: the manager before the rep's
    answer, the fix before the insight, the rep's answer changed after the insight."""


class UnknownRepError(WorkshopError, LookupError):
    """A person the store does not know."""


class CoachChainError(CoachingError):
    """A coach who is not one level up (a director coaches managers, a manager coaches reps),
    or a person set as their own coach."""


class UnknownCallError(WorkshopError, LookupError):
    """A coaching call the store does not know."""


# -- entities ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rep:
    """A person in the coaching practice: a rep, a manager or a director (`role`), coached by
    `coach_id` (a person one level up), or by nobody recorded."""

    id: str
    name: str
    demo: bool = False
    created_at: str = ""
    role: Role = "rep"
    coach_id: str | None = None


@dataclass(frozen=True)
class Evaluation:
    """A rep's competency evaluation: one score per competency id, on one date."""

    rep_id: str
    on: date
    scores: Mapping[str, int] = field(default_factory=dict)


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


def fix_key(fix: str) -> str:
    """A fix as it is compared with earlier ones: case, accents' forms, spacing and the closing
    full stop aside. The same key twice for one rep is the same thing fixed again."""
    folded = " ".join(unicodedata.normalize("NFKC", fix).casefold().split())
    return folded.rstrip(" .!")
