"""What a director sees of each manager's coaching: the method's numbers, and who is on track.

Per manager, over the last `WINDOW_WEEKS` weeks:

- calls per rep per week, against the content's "several times a week" (`calls_per_week`);
- the median call length, against the content's 10 to 15 minutes (`call_length`), each call's
  length as typed for a call logged afterwards, else as its steps measured it;
- the share of complete calls on one situation with one fix (a fix read as one, or one kept of
  several; "the coach said it is one thing" is counted apart), and the parked fixes not yet
  taken up;
- each rep's new fixes toward the milestones (50 and 100) and their self-checks over 14 days.

A status says who is on track: `on_track` when every measure holds, `watch` when one does not,
`behind` when more do, or when a manager coaches less than half the target.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from workshop.coaching.call import CoachingCall, read_of
from workshop.coaching.model import Rep
from workshop.coaching.parked import open_parked
from workshop.coaching.people import coached_by
from workshop.coaching.progress import SelfCheckRate, new_fixes, self_check_rate, week_start
from workshop.content.coaching import CoachingContent

Status = Literal["on_track", "watch", "behind"]
Issue = Literal["cadence", "length", "one_fix", "self_checks"]
WINDOW_WEEKS = 4
#: Below this share of calls with one fix, a manager's calls hold to the method too loosely.
ONE_FIX_SHARE = 0.9
#: Below this share of days with a self-check, a rep's daily habit has not formed.
SELF_CHECK_SHARE = 0.5


@dataclass(frozen=True)
class RepLine:
    rep: Rep
    calls_per_week: float
    fixes: int
    next_mark: int | None
    self_checks: SelfCheckRate
    status: Status


@dataclass(frozen=True)
class ManagerLine:
    manager: Rep
    reps: tuple[RepLine, ...]
    calls_per_rep_week: float | None
    median_minutes: float | None
    one_fix_share: float | None
    one_thing: int
    parked: int
    #: Calls the manager had with their own coach in the window: coached as they coach.
    coached: int
    issues: tuple[Issue, ...]
    status: Status


@dataclass(frozen=True)
class DirectorView:
    director: Rep
    managers: tuple[ManagerLine, ...]
    since: date
    weeks: int


def window_start(today: date, weeks: int = WINDOW_WEEKS) -> date:
    """The Monday `weeks` whole weeks before this one: calls per week are counted over whole
    weeks (this week's count is still growing); the rest runs on to today."""
    return week_start(today) - timedelta(weeks=weeks)


def director_view(
    director: Rep,
    people: Sequence[Rep],
    calls: Sequence[CoachingCall],
    self_checks: Mapping[str, Sequence[date]],
    content: CoachingContent,
    today: date,
    weeks: int = WINDOW_WEEKS,
) -> DirectorView:
    """Every manager `director` coaches, each with their reps; `calls` of everyone, in the
    order they happened, and each person's self-check days."""
    since = window_start(today, weeks)
    by_rep: dict[str, list[CoachingCall]] = {}
    for call in calls:
        by_rep.setdefault(call.rep_id, []).append(call)
    lines = tuple(
        manager_line(manager, people, by_rep, self_checks, content, today, since, weeks)
        for manager in coached_by(people, director.id)
    )
    return DirectorView(director, lines, since, weeks)


def manager_line(
    manager: Rep,
    people: Sequence[Rep],
    by_rep: Mapping[str, Sequence[CoachingCall]],
    self_checks: Mapping[str, Sequence[date]],
    content: CoachingContent,
    today: date,
    since: date,
    weeks: int,
) -> ManagerLine:
    reps = coached_by(people, manager.id)
    rep_lines = tuple(
        _rep_line(rep, by_rep.get(rep.id, ()), self_checks.get(rep.id, ()), content, today, since)
        for rep in reps
    )
    held = [c for rep in reps for c in by_rep.get(rep.id, ()) if since <= c.on <= today]
    whole_weeks = sum(1 for c in held if c.on < week_start(today))
    complete = [c for c in held if c.complete and not c.legacy]
    lengths = [m for c in complete if (m := c.length_minutes) is not None]
    decided = [_fix_kind(c, content) for c in complete]
    ones = decided.count("one")
    line = ManagerLine(
        manager=manager,
        reps=rep_lines,
        calls_per_rep_week=whole_weeks / (len(reps) * weeks) if reps else None,
        median_minutes=statistics.median(lengths) if lengths else None,
        one_fix_share=ones / len(complete) if complete else None,
        one_thing=decided.count("one_thing"),
        parked=sum(len(open_parked(by_rep.get(rep.id, ()))) for rep in reps),
        coached=sum(1 for c in by_rep.get(manager.id, ()) if since <= c.on <= today),
        issues=(),
        status="on_track",
    )
    issues = _issues(line, content)
    return _with_status(line, issues, content)


def _fix_kind(call: CoachingCall, content: CoachingContent) -> str:
    if call.fix_decision == "one_thing":
        return "one_thing"
    if call.fix_decision == "kept" or not read_of(call, content.fix_words).several:
        return "one"
    return "several"


def _issues(line: ManagerLine, content: CoachingContent) -> tuple[Issue, ...]:
    found: list[Issue] = []
    if line.reps and (line.calls_per_rep_week or 0) < content.calls_per_week:
        found.append("cadence")
    if line.median_minutes is not None and not _in_length(line.median_minutes, content):
        found.append("length")
    if line.one_fix_share is not None and line.one_fix_share < ONE_FIX_SHARE:
        found.append("one_fix")
    shares = [r.self_checks.done / r.self_checks.window for r in line.reps]
    if shares and statistics.mean(shares) < SELF_CHECK_SHARE:
        found.append("self_checks")
    return tuple(found)


def _in_length(minutes: float, content: CoachingContent) -> bool:
    return content.call_length.min <= minutes <= content.call_length.max


def _with_status(
    line: ManagerLine, issues: tuple[Issue, ...], content: CoachingContent
) -> ManagerLine:
    far_behind = line.reps and (line.calls_per_rep_week or 0) < content.calls_per_week / 2
    status: Status = "on_track" if not issues else "watch"
    if len(issues) > 1 or far_behind:
        status = "behind"
    return replace(line, issues=issues, status=status)


def _rep_line(
    rep: Rep,
    calls: Sequence[CoachingCall],
    check_days: Sequence[date],
    content: CoachingContent,
    today: date,
    since: date,
) -> RepLine:
    weeks = (week_start(today) - since).days / 7
    held = sum(1 for c in calls if since <= c.on < week_start(today))
    per_week = held / weeks
    fixes = len(new_fixes(list(calls)))
    upcoming = [m for m in content.milestones if m > fixes]
    checks = self_check_rate(check_days, today)
    good = [per_week >= content.calls_per_week, checks.done / checks.window >= SELF_CHECK_SHARE]
    status: Status = "on_track" if all(good) else "watch" if any(good) else "behind"
    return RepLine(rep, per_week, fixes, upcoming[0] if upcoming else None, checks, status)
