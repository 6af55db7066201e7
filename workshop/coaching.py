"""Coaching rules: evaluations, coaching calls (one situation, one fix) and after-call do-overs.

Plain Python, no I/O: callers pass `today` and timestamps in, so every rule is testable
without a clock, a database or a kernel. Progress and the next focus live in
`workshop.coaching_progress`.
"""

from __future__ import annotations

import difflib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from workshop.coaching_content import (
    ADJUSTMENTS,
    MEDIUMS,
    Adjustment,
    CoachingContent,
    Competency,
    Gap,
    Medium,
)
from workshop.content import Scale
from workshop.errors import WorkshopError
from workshop.reflections import check_text

#: Longest rep name; names label charts and rows, so they stay short.
REP_NAME_MAX = 80
#: Longest plausible coaching call; past this the minutes are a typo.
MINUTES_MAX = 240


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
        _required(text, "the rep's self-critique")
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
        _required(text, "the manager's insight")
        check_text(text, limit, "the manager's insight")
        return replace(self, insight=text, insight_at=at)


@dataclass(frozen=True)
class SelfCheck:
    """A rep's daily self-check: the do-over question asked alone, with no manager."""

    rep_id: str
    on: date
    answer: str
    at: datetime


# -- rules ------------------------------------------------------------------------------------


def _required(text: object, what: str) -> str:
    if not isinstance(text, str):
        raise CoachingError(f"{what} expected text, not {type(text).__name__}")
    if not text.strip():
        raise CoachingError(f"{what} is empty; expected a few words", reason="empty")
    return text


def check_rep_name(name: object) -> str:
    """A rep's name, trimmed: not empty and at most `REP_NAME_MAX` characters."""
    text = _required(name, "the rep's name").strip()
    if len(text) > REP_NAME_MAX:
        raise CoachingError(
            f"the rep's name is {len(text)} characters; expected at most {REP_NAME_MAX}",
            reason="rep_name_too_long",
            max=REP_NAME_MAX,
        )
    return text


def check_date(on: object, today: date, what: str) -> date:
    """`on` as a date, refused when it is after `today`."""
    if isinstance(on, datetime):
        on = on.date()
    if not isinstance(on, date):
        raise CallDateError(f"{what} expected a date, not {on!r}", reason="no_date")
    if on > today:
        raise CallDateError(
            f"{what} is {on.isoformat()}, in the future; expected today ({today.isoformat()}) "
            "or earlier",
            reason="future_date",
            date=on.isoformat(),
        )
    return on


def check_score(value: object, scale: Scale, competency: str = "a score") -> int:
    """`value` as a score if it is a whole number on the scale, else raise `ScoreError`."""
    if isinstance(value, bool):
        got = repr(value)
    elif isinstance(value, int):
        if scale.min <= value <= scale.max:
            return value
        got = str(value)
    elif isinstance(value, float) and value.is_integer():
        return check_score(int(value), scale, competency)
    elif isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return check_score(int(value.strip()), scale, competency)
    else:
        got = repr(value)
    raise ScoreError(
        f"the score for {competency} expected a whole number from {scale.min} to {scale.max}, "
        f"not {got}"
    )


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def find_competency(text: str, content: CoachingContent) -> Competency:
    """The competency named `text` (its name, ignoring case and spacing, or its id).

    An unknown name is refused, naming it and the nearest known names.
    """
    wanted = _fold(text)
    for competency in content.competencies:
        if wanted in (_fold(competency.name), competency.id):
            return competency
    names = {_fold(c.name): c.name for c in content.competencies}
    nearest = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.0)
    suggestions = ", ".join(repr(names[n]) for n in nearest)
    raise UnknownCompetencyError(
        f"unknown competency {text!r}; the nearest known names are {suggestions}"
    )


def check_evaluation(
    rep_id: str,
    on: object,
    scores: Mapping[str, object],
    content: CoachingContent,
    today: date,
) -> Evaluation:
    """A complete evaluation: every competency of the content scored on its scale, once.

    Keys may be competency ids or names. A date in the future is refused.
    """
    day = check_date(on, today, "the evaluation date")
    checked: dict[str, int] = {}
    for key, value in scores.items():
        competency = find_competency(key, content)
        if competency.id in checked:
            raise CoachingError(f"{competency.name!r} is scored twice; expected one score")
        checked[competency.id] = check_score(value, content.scale, repr(competency.name))
    missing = [c.name for c in content.competencies if c.id not in checked]
    if missing:
        shown = ", ".join(repr(n) for n in missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise ScoreError(
            f"an evaluation scores all {len(content.competencies)} competencies; "
            f"{len(missing)} have no score: {shown}",
            reason="scores_missing",
            count=len(missing),
            total=len(content.competencies),
        )
    ordered = {c.id: checked[c.id] for c in content.competencies}
    return Evaluation(rep_id, day, ordered)


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


def fix_lines(text: str) -> list[str]:
    """The fixes typed in one box: one per non-blank line, each kept verbatim."""
    return [line for line in text.splitlines() if line.strip()]


def check_fixes(fixes: Sequence[str]) -> str:
    """The call's one fix. No fix, or a second one, is refused: one call, one fix."""
    given = [f for f in fixes if isinstance(f, str) and f.strip()]
    if not given:
        raise OneFixError("a coaching call needs its one fix; none was given", reason="no_fix")
    if len(given) > 1:
        shown = "; ".join(repr(f.strip()) for f in given)
        raise OneFixError(
            f"one call, one fix: {len(given)} fixes were given ({shown}); keep one and make "
            "the next one the fix of the next call",
            reason="one_fix",
            count=len(given),
        )
    return given[0]


def check_medium(medium: object) -> Medium:
    for known in MEDIUMS:
        if medium == known:
            return known
    raise CoachingError(f"the call's medium expected one of {', '.join(MEDIUMS)}, not {medium!r}")


def check_adjustments(adjustments: Sequence[object]) -> tuple[Adjustment, ...]:
    """At least one of words, mindset, tonality, delivery; returned in that order."""
    unknown = [a for a in adjustments if a not in ADJUSTMENTS]
    if unknown:
        raise CoachingError(
            f"unknown adjustment {unknown[0]!r}; expected some of {', '.join(ADJUSTMENTS)}"
        )
    chosen = tuple(a for a in ADJUSTMENTS if a in adjustments)
    if not chosen:
        raise CoachingError(
            f"a coaching call adjusts at least one of {', '.join(ADJUSTMENTS)}; none was chosen",
            reason="no_adjustment",
        )
    return chosen


def check_minutes(minutes: object) -> int:
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise CoachingError(f"the call's minutes expected a whole number, not {minutes!r}")
    if not 1 <= minutes <= MINUTES_MAX:
        raise CoachingError(f"the call's minutes expected 1 to {MINUTES_MAX}, not {minutes}")
    return minutes


def check_call(
    *,
    rep_id: str,
    on: object,
    minutes: object,
    medium: object,
    situation: str,
    knows: bool,
    can: bool,
    adjustments: Sequence[object],
    competency: str,
    fixes: Sequence[str],
    content: CoachingContent,
    today: date,
    call_id: str | None = None,
) -> CoachingCall:
    """A coaching call checked against every rule; free text is kept verbatim.

    Refused: a date in the future, an unknown competency, an empty situation, no adjustment,
    and anything but exactly one fix. A length outside the content's target is allowed (see
    `CallLength.contains`): a real call that ran long is still a call.
    """
    day = check_date(on, today, "the call date")
    checked_minutes = check_minutes(minutes)
    checked_medium = check_medium(medium)
    _required(situation, "the situation")
    check_text(situation, content.text_max_chars, "the situation")
    if not isinstance(knows, bool) or not isinstance(can, bool):
        raise CoachingError(
            f"{content.knows_question!r} and {content.can_question!r} expected yes or no",
            reason="no_answers",
        )
    chosen = check_adjustments(adjustments)
    target = find_competency(competency, content)
    fix = check_fixes(fixes)
    check_text(fix, content.text_max_chars, "the fix")
    return CoachingCall(
        id=call_id or uuid.uuid4().hex,
        rep_id=rep_id,
        on=day,
        minutes=checked_minutes,
        medium=checked_medium,
        situation=situation,
        knows=knows,
        can=can,
        adjustments=chosen,
        competency=target.id,
        fix=fix,
    )


def check_self_check(
    rep_id: str, on: object, answer: str, at: datetime, today: date, limit: int
) -> SelfCheck:
    """A rep's daily self-check; an empty answer or a day in the future is refused."""
    day = check_date(on, today, "the self-check date")
    _required(answer, "the self-check")
    check_text(answer, limit, "the self-check")
    return SelfCheck(rep_id, day, answer, at)
