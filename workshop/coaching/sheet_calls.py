"""A coaching call read from a row of the ``calls`` sheet, checked as the views check it: in the
method's order, with one fix (or one decided with the coach), every stage with its time and its
author, and the length as typed and as measured."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from workshop.coaching import cells
from workshop.coaching import rules as coaching
from workshop.coaching.call import AUTHORS, Author, CoachingCall
from workshop.coaching.call_order import check_order
from workshop.coaching.fix_decision import FIX_DECISIONS, FixDecision, check_decided
from workshop.coaching.model import CoachingError, Rep, required
from workshop.content.coaching import Adjustment, CoachingContent, Competency
from workshop.text import check_text

#: Texts of a call and the time each was taken; a text without its time would be lost.
_TIMED = (
    ("rep_answer", "rep_answer_at"),
    ("coach_note", "coach_note_at"),
    ("insight", "insight_at"),
    ("fix", "fixed_at"),
)


@dataclass(frozen=True)
class Lookups:
    """How a row's names become people and competencies."""

    content: CoachingContent
    today: date
    person: Callable[[object], Rep]
    coach: Callable[[str], str | None]


def find_any_competency(named: str, content: CoachingContent) -> Competency:
    """A competency by id or name, whichever role it is for; an unknown one is named with the
    nearest of all."""
    every = replace(content, groups=(*content.groups, *content.manager_groups))
    return coaching.find_competency(named, every)


def read_call(values: Mapping[str, object], look: Lookups) -> CoachingCall:
    """A call from its row; a problem with any cell raises, naming it."""
    text = {words: cells.text(values.get(words)) for words, _ in _TIMED}
    times = {at: cells.stamp(values.get(at), at) for _, at in _TIMED}
    for words, at in _TIMED:
        if text[words].strip() and times[at] is None:
            raise CoachingError(f"the {words} has no {at}; expected the time it was given")
    opened_at = cells.stamp(values.get("opened_at"), "opened_at")
    if opened_at is None:
        raise CoachingError("the opened_at is empty; expected the time the call was opened")
    limit = look.content.text_max_chars
    situation = check_text(
        required(cells.text(values.get("situation")), "the situation"), limit, "the situation"
    )
    call = CoachingCall(
        id=cells.text(values.get("call_id")).strip() or uuid.uuid4().hex,
        rep_id=look.person(values.get("rep")).id,
        coach_id=look.coach(cells.text(values.get("coach")).strip()),
        on=coaching.check_date(cells.day(values.get("date"), "date"), look.today, "the date"),
        minutes=_minutes(values.get("minutes")),
        medium=coaching.check_medium(cells.text(values.get("medium")).strip()),
        situation=situation,
        competency=_competency(values, look.content).id,
        opened_at=opened_at,
        rep_answer=text["rep_answer"],
        rep_answer_at=times["rep_answer_at"],
        rep_answer_by=_author(values.get("rep_answer_by")),
        coach_note=text["coach_note"],
        coach_note_at=times["coach_note_at"],
        knows=cells.flag(values.get("knows"), "knows"),
        can=cells.flag(values.get("can"), "can"),
        diagnosed_at=cells.stamp(values.get("diagnosed_at"), "diagnosed_at"),
        adjustments=_adjustments(values.get("adjustments")),
        insight=text["insight"],
        insight_at=times["insight_at"],
        fix=text["fix"],
        fixed_at=times["fixed_at"],
        measured_seconds=_optional_whole(values.get("measured_seconds"), "measured_seconds"),
        fix_typed=cells.text(values.get("fix_typed")),
        fix_decision=_decision(values.get("fix_decision")),
        parked=tuple(p for p in cells.text(values.get("parked")).splitlines() if p.strip()),
        from_parked=cells.text(values.get("from_parked")).strip(),
        legacy=cells.flag(values.get("legacy"), "legacy") or False,
    )
    for words, what in (
        ("rep_answer", "the rep's answer"),
        ("coach_note", "the coach's note"),
        ("insight", "the insight"),
        ("fix", "the fix"),
    ):
        check_text(text[words], limit, what)
    check_text(call.fix_typed, limit, "the fix as typed")
    if call.complete and not call.legacy:
        # A legacy call was logged under the old rule; it comes back as it was.
        check_decided(call.fix, call.fix_decision, look.content.fix_words)
    check_order(call)
    return call


def _competency(values: Mapping[str, object], content: CoachingContent) -> Competency:
    named = cells.text(values.get("competency_id")).strip()
    return find_any_competency(named or cells.text(values.get("competency")), content)


def _minutes(cell: object) -> int | None:
    """The typed length; empty for a call timed as it ran."""
    if cell is None or not cells.text(cell).strip():
        return None
    return coaching.check_minutes(cells.whole(cell, "minutes"))


def _optional_whole(cell: object, column: str) -> int | None:
    if cell is None or not cells.text(cell).strip():
        return None
    return cells.whole(cell, column)


def _adjustments(cell: object) -> tuple[Adjustment, ...]:
    chosen = [a.strip() for a in cells.text(cell).split(",")]
    return coaching.check_adjustments(chosen) if any(chosen) else ()


def _author(cell: object) -> Author | None:
    shown = cells.text(cell).strip().casefold()
    if not shown:
        return None
    for author in AUTHORS:
        if shown == author:
            return author
    raise CoachingError(
        f"the rep_answer_by expected rep (on their page) or coach (in the call), got {shown!r}"
    )


def _decision(cell: object) -> FixDecision:
    shown = cells.text(cell).strip().casefold()
    for decision in FIX_DECISIONS:
        if shown == decision:
            return decision
    raise CoachingError(
        f"the fix_decision expected empty, kept or one_thing, got {cells.text(cell)!r}"
    )
