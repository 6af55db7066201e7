"""Coaching rules: rep names, dates, scores and evaluations, a call's fields, self-checks.

Plain Python, no I/O: callers pass `today` and timestamps in, so every rule is testable
without a clock, a database or a kernel. The order of a coaching call is in
`workshop.coaching.call`, the one-fix rule in `workshop.coaching.fixes`, progress and the next
focus in `workshop.coaching.progress`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from workshop.coaching.model import (
    CallDateError,
    CoachingError,
    Evaluation,
    ScoreError,
    SelfCheck,
    UnknownCompetencyError,
    required,
)
from workshop.content.base import Scale
from workshop.content.coaching import (
    ADJUSTMENTS,
    MEDIUMS,
    Adjustment,
    CoachingContent,
    Competency,
    Medium,
)
from workshop.errors import WorkshopError
from workshop.text import check_name, check_text

#: Longest rep name; names label charts and rows, so they stay short.
REP_NAME_MAX = 80
#: Longest plausible coaching call; past this the minutes are a typo.
MINUTES_MAX = 240


def check_rep_name(name: object) -> str:
    """A rep's name, trimmed: not empty, at most `REP_NAME_MAX` characters, no control at all.

    Names label charts, rows and file names, so a NUL, a tab, a line break or a bidirectional
    override (which can make a name read as another) is refused.
    """
    text = required(name, "the rep's name").strip()
    try:
        return check_name(text, REP_NAME_MAX, "the rep's name")
    except WorkshopError as exc:
        if exc.reason == "too_long":
            raise CoachingError(
                f"the rep's name is {exc.values['length']} characters; "
                f"expected at most {REP_NAME_MAX}",
                reason="rep_name_too_long",
                max=REP_NAME_MAX,
            ) from exc
        raise CoachingError(str(exc), reason=exc.reason, **exc.values) from exc


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


def check_self_check(
    rep_id: str, on: object, answer: str, at: datetime, today: date, limit: int
) -> SelfCheck:
    """A rep's daily self-check; an empty answer or a day in the future is refused."""
    day = check_date(on, today, "the self-check date")
    required(answer, "the self-check")
    check_text(answer, limit, "the self-check")
    return SelfCheck(rep_id, day, answer, at)
