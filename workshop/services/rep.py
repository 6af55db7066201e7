"""What a rep does on their own page, and what it shows them: one rep's records only.

A rep opens their page with the personal code their manager issued (`Store.rep_for_code`); from
then on every read here is by that rep's id. The rep's phone page and the rep's notebook page
call these, so both save and show the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from workshop.coaching import rules
from workshop.coaching.call import CoachingCall, of_rep
from workshop.coaching.model import Rep
from workshop.coaching.progress import (
    CurvePoint,
    day_streak,
    fixes_curve,
    fixes_of,
    new_fixes,
    rep_progress,
)
from workshop.content.coaching import CoachingContent
from workshop.store import Store

#: How many of their latest fixes a rep sees.
LAST_FIXES = 5


@dataclass(frozen=True)
class RepOverview:
    """Everything a rep's page shows, read once."""

    rep: Rep
    #: Calls the rep may (still) answer: no insight from the manager yet.
    waiting: tuple[CoachingCall, ...]
    #: Calls the manager has built on: the rep's answer, kept as given, shown read-only.
    kept: tuple[CoachingCall, ...]
    self_check_today: str
    streak: int
    focus: str | None
    last_fixes: tuple[CoachingCall, ...]
    fixes: int
    next_mark: int | None
    curve: tuple[CurvePoint, ...]


def overview(store: Store, content: CoachingContent, rep: Rep, today: date) -> RepOverview:
    calls = store.calls(rep.id)
    checks = store.self_checks(rep.id)
    fixes = fixes_of(calls)
    progress = rep_progress(rep, store.evaluations(rep.id), fixes, content, today)
    counted = new_fixes(calls)
    upcoming = [m for m in content.milestones if m > len(counted)]
    return RepOverview(
        rep=rep,
        waiting=tuple(c for c in calls if not c.has_insight),
        kept=tuple(c for c in calls if c.has_insight and not c.complete and c.answered),
        self_check_today=next((c.answer for c in checks if c.on == today), ""),
        streak=day_streak([c.on for c in checks], today),
        focus=progress.focus.competency,
        last_fixes=tuple(reversed(counted))[:LAST_FIXES],
        fixes=len(counted),
        next_mark=upcoming[0] if upcoming else None,
        curve=fixes_curve(day for day, _ in fixes),
    )


def save_self_check(
    store: Store, content: CoachingContent, rep_id: str, answer: str, at: datetime, today: date
) -> date:
    """Today's self-check (replacing an earlier one of today); returns its day."""
    check = rules.check_self_check(rep_id, today, answer, at, today, content.text_max_chars)
    store.save_self_check(check)
    return check.on


def answer_call(
    store: Store, content: CoachingContent, rep_id: str, call_id: str, answer: str, at: datetime
) -> CoachingCall:
    """The rep's answer on a call their manager started (the rep answers first), typed by the
    rep: theirs to change until the manager's insight. Only on a call of this rep's, as it is
    saved now; returns the call as saved."""
    saved = of_rep(store.call(call_id), rep_id)
    answered = saved.with_rep_answer(answer, at, content.text_max_chars, by="rep")
    store.save_call(answered)
    return answered
