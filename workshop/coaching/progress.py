"""Coaching progress: the fixes curve, cadence and streaks, self-checks, competency movement,
the next focus.

Pure functions over evaluations and fixes. A fix is a ``(date, competency id)`` pair, one per
complete coaching call (one call, one fix), so a team's six months of calls stay cheap to
summarise. A call whose fix is one the rep already had (`fix_key`) is the same thing practised
again: it counts as a call, not as a new fix.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from workshop.coaching.call import CoachingCall
from workshop.coaching.model import Evaluation, Rep, fix_key
from workshop.coaching.parked import Parked
from workshop.content.coaching import CoachingContent, FocusReason

Fix = tuple[date, str]
#: The days over which a rep's self-checks are counted: the self-managed team's measure.
SELF_CHECK_WINDOW = 14


def repeats(calls: Iterable[CoachingCall]) -> dict[str, date]:
    """Complete calls whose fix a rep already had: call id -> the day it was first fixed.

    `calls` in the order they happened (the store's order); reps are kept apart.
    """
    first: dict[tuple[str, str], date] = {}
    again: dict[str, date] = {}
    for call in calls:
        if not call.complete:
            continue
        key = (call.rep_id, fix_key(call.fix))
        if key in first:
            again[call.id] = first[key]
        else:
            first[key] = call.on
    return again


def new_fixes(calls: Sequence[CoachingCall]) -> list[CoachingCall]:
    """The complete calls that fixed something new, in the order given."""
    again = repeats(calls)
    return [c for c in calls if c.complete and c.id not in again]


def fixes_of(calls: Sequence[CoachingCall]) -> list[Fix]:
    """One ``(date, competency)`` per new fix."""
    return [(call.on, call.competency) for call in new_fixes(calls)]


# -- the fixes curve --------------------------------------------------------------------------


@dataclass(frozen=True)
class CurvePoint:
    on: date
    total: int


def fixes_curve(days: Iterable[date]) -> tuple[CurvePoint, ...]:
    """The cumulative count of fixes, one point per day that had any."""
    per_day = Counter(days)
    total = 0
    points: list[CurvePoint] = []
    for day in sorted(per_day):
        total += per_day[day]
        points.append(CurvePoint(day, total))
    return tuple(points)


def milestones_reached(days: Iterable[date], marks: Sequence[int]) -> dict[int, date | None]:
    """For each mark (e.g. 50 and 100), the day the cumulative count reached it, or None."""
    ordered = sorted(days)
    return {mark: ordered[mark - 1] if len(ordered) >= mark else None for mark in marks}


# -- cadence and streaks ----------------------------------------------------------------------


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Week:
    start: date
    calls: int
    met: bool


@dataclass(frozen=True)
class Cadence:
    """Calls per week against the target, from the first call's week to this week.

    The streak counts weeks in a row on target up to this week; this week joins it once it
    meets the target, and does not break it while it is still under way.
    """

    target: int
    weeks: tuple[Week, ...]
    this_week: int
    streak: int
    longest: int


def cadence(days: Iterable[date], target: int, today: date) -> Cadence:
    per_week = Counter(week_start(d) for d in days if d <= today)
    current = week_start(today)
    if not per_week:
        return Cadence(target, (), 0, 0, 0)
    start = min(per_week)
    weeks: list[Week] = []
    while start <= current:
        count = per_week.get(start, 0)
        weeks.append(Week(start, count, count >= target))
        start += timedelta(days=7)
    longest = run = 0
    for week in weeks:
        run = run + 1 if week.met else 0
        longest = max(longest, run)
    streak = 0
    closed = weeks if weeks[-1].met else weeks[:-1]
    for week in reversed(closed):
        if not week.met:
            break
        streak += 1
    return Cadence(target, tuple(weeks), weeks[-1].calls, streak, longest)


@dataclass(frozen=True)
class SelfCheckRate:
    """Days with a self-check among the last `window` days, today included."""

    done: int
    window: int


def self_check_rate(
    days: Iterable[date], today: date, window: int = SELF_CHECK_WINDOW
) -> SelfCheckRate:
    first = today - timedelta(days=window - 1)
    return SelfCheckRate(len({d for d in days if first <= d <= today}), window)


def day_streak(days: Iterable[date], today: date) -> int:
    """Days in a row with a self-check, up to today (or up to yesterday, while today is open)."""
    seen = set(days)
    day = today if today in seen else today - timedelta(days=1)
    streak = 0
    while day in seen:
        streak += 1
        day -= timedelta(days=1)
    return streak


# -- competency movement ----------------------------------------------------------------------


@dataclass(frozen=True)
class Movement:
    competency: str
    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before


def movement(
    previous: Evaluation, latest: Evaluation, order: Sequence[str]
) -> tuple[Movement, ...]:
    """Score changes between two evaluations, for competencies scored in both, in `order`."""
    return tuple(
        Movement(c, previous.scores[c], latest.scores[c])
        for c in order
        if c in previous.scores and c in latest.scores
    )


# -- the next focus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Focus:
    """The one competency to coach next (None when there is none), and why."""

    reason: FocusReason
    competency: str | None = None
    score: int | None = None
    fixes: int = 0
    last_fix: date | None = None
    evaluated_on: date | None = None


def next_focus(
    order: Sequence[str],
    latest: Evaluation | None,
    fixes: Iterable[Fix],
    scale_max: int,
    settle_after: int,
) -> Focus:
    """Focus on one thing: the competency to coach next.

    The rule, in order:

    1. No evaluation yet: no focus (``no_evaluation``); the focus comes from scores.
    2. The candidates are the competencies scored in the latest evaluation below the top of
       the scale. None: no focus (``all_top``).
    3. Only fixes dated on or after the latest evaluation count; earlier ones are already in
       its scores. A candidate with `settle_after` of them has had its turn until the next
       evaluation. All settled: no focus (``settled``); evaluate again.
    4. Of the rest, the lowest score wins (``lowest``). On a tie, the one already under way
       (most fixes since the evaluation, then the latest fix) keeps the focus, so coaching
       stays on one thing (``tie_in_progress``); if none of the tied is under way, the first
       in the content's order (``tie_first``).
    """
    if latest is None:
        return Focus("no_evaluation")
    candidates = [c for c in order if c in latest.scores and latest.scores[c] < scale_max]
    if not candidates:
        return Focus("all_top", evaluated_on=latest.on)
    counts: Counter[str] = Counter()
    last: dict[str, date] = {}
    for day, competency in fixes:
        if day >= latest.on:
            counts[competency] += 1
            if competency not in last or day > last[competency]:
                last[competency] = day
    open_ = [c for c in candidates if counts[c] < settle_after]
    if not open_:
        return Focus("settled", evaluated_on=latest.on)
    low = min(latest.scores[c] for c in open_)
    tied = [c for c in open_ if latest.scores[c] == low]
    reason: FocusReason
    if len(tied) == 1:
        chosen, reason = tied[0], "lowest"
    else:
        under_way = [c for c in tied if counts[c] > 0]
        if under_way:
            # max() keeps the first of equals, so content order breaks what is left of a tie.
            chosen = max(under_way, key=lambda c: (counts[c], last[c]))
            reason = "tie_in_progress"
        else:
            chosen, reason = tied[0], "tie_first"
    return Focus(reason, chosen, low, counts[chosen], last.get(chosen), latest.on)


def explain(focus: Focus, rep_name: str, content: CoachingContent) -> str:
    """The focus in one sentence, worded by the content."""
    name = content.competency(focus.competency).name if focus.competency else ""
    return content.explanations[focus.reason].format(
        rep=rep_name,
        competency=name,
        score="" if focus.score is None else focus.score,
        max=content.scale.max,
        evaluated=focus.evaluated_on.isoformat() if focus.evaluated_on else "",
        fixes=focus.fixes,
        settle=content.settle_after,
        last_fix=focus.last_fix.isoformat() if focus.last_fix else "",
    )


# -- one rep at a glance ----------------------------------------------------------------------


@dataclass(frozen=True)
class RepProgress:
    """What the progress views show for one rep."""

    rep: Rep
    fixes: int
    cadence: Cadence
    latest: Evaluation | None
    previous: Evaluation | None
    focus: Focus
    self_checks: SelfCheckRate
    #: Fixes parked by earlier calls and not taken up: suggested beside the next focus.
    parked: tuple[Parked, ...] = ()


def rep_progress(
    rep: Rep,
    evaluations: Sequence[Evaluation],
    fixes: Sequence[Fix],
    content: CoachingContent,
    today: date,
    self_check_days: Iterable[date] = (),
    parked: Sequence[Parked] = (),
) -> RepProgress:
    """Summarise one rep from their new fixes; `evaluations` may come in any order. `content`
    is the one for the rep's role (`CoachingContent.for_role`)."""
    ordered = sorted(evaluations, key=lambda e: e.on)
    latest = ordered[-1] if ordered else None
    previous = ordered[-2] if len(ordered) > 1 else None
    order = [c.id for c in content.competencies]
    return RepProgress(
        rep=rep,
        fixes=len(fixes),
        cadence=cadence((day for day, _ in fixes), content.calls_per_week, today),
        latest=latest,
        previous=previous,
        focus=next_focus(order, latest, fixes, content.scale.max, content.settle_after),
        self_checks=self_check_rate(self_check_days, today),
        parked=tuple(parked),
    )
