"""A demo coaching team built from the content's sample calls: for looking around, and for load.

Pure and seeded: the same content, day and seed give the same team. Demo reps carry the
content's demo mark in their name and the store's demo flag, so they can be removed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from workshop.coaching.model import CoachingCall, DoOver, Evaluation, Rep, SelfCheck
from workshop.coaching.progress import Fix, next_focus
from workshop.content.coaching import CoachingContent


@dataclass(frozen=True)
class Team:
    reps: tuple[Rep, ...]
    evaluations: tuple[Evaluation, ...]
    calls: tuple[CoachingCall, ...]
    do_overs: tuple[DoOver, ...]
    self_checks: tuple[SelfCheck, ...]


@dataclass(frozen=True)
class _Profile:
    weeks: int  # how long ago coaching started
    calls_per_week: int  # on weekdays, at most 5
    evaluations: tuple[int, ...]  # days ago
    self_check_days: int


#: Four reps at different stages: six months daily, three months on target, a slow start,
#: and one just evaluated.
_DEMO = (
    _Profile(26, 5, (182, 14), 6),
    _Profile(13, 3, (91, 7), 2),
    _Profile(6, 2, (42,), 0),
    _Profile(0, 0, (3,), 0),
)


def demo_team(content: CoachingContent, today: date, seed: int = 7) -> Team:
    """The small demo team a manager can load, named from the content and marked as demo."""
    mark = content.label("demo_mark")
    names = [f"{name} {mark}" for name in content.demo.reps]
    profiles = [_DEMO[i % len(_DEMO)] for i in range(len(names))]
    return _team(content, today, names, profiles, seed, with_do_overs=True)


def load_team(
    content: CoachingContent, today: date, reps: int = 50, weeks: int = 26, seed: int = 11
) -> Team:
    """A large team with a call every weekday for `weeks` (50 x 26 weeks: about 6,500 calls)."""
    names = [f"Rep {i + 1:03d}" for i in range(reps)]
    profile = _Profile(weeks, 5, (weeks * 7, 14), 0)
    return _team(content, today, names, [profile] * reps, seed, with_do_overs=False)


def _team(
    content: CoachingContent,
    today: date,
    names: list[str],
    profiles: list[_Profile],
    seed: int,
    with_do_overs: bool,
) -> Team:
    rng = random.Random(seed)
    reps: list[Rep] = []
    evaluations: list[Evaluation] = []
    calls: list[CoachingCall] = []
    do_overs: list[DoOver] = []
    checks: list[SelfCheck] = []
    for index, (name, profile) in enumerate(zip(names, profiles, strict=True)):
        rep = Rep(f"demo-{seed}-{index:03d}", name, demo=True, created_at=_at(today, 0).isoformat())
        reps.append(rep)
        rep_evaluations, rep_calls = _history(content, rep, profile, today, rng)
        evaluations.extend(rep_evaluations)
        calls.extend(rep_calls)
        if with_do_overs:
            do_overs.extend(_do_overs(content, rep_calls[-3:]))
            checks.extend(_self_checks(content, rep, today, profile.self_check_days))
    return Team(tuple(reps), tuple(evaluations), tuple(calls), tuple(do_overs), tuple(checks))


def _history(
    content: CoachingContent, rep: Rep, profile: _Profile, today: date, rng: random.Random
) -> tuple[list[Evaluation], list[CoachingCall]]:
    """One rep's evaluations and calls, coached on the next focus all along."""
    samples = content.demo.calls
    sampled = {s.competency for s in samples}
    by_competency = {s.competency: s for s in samples}
    order = [c.id for c in content.competencies]
    scale = content.scale
    # The sample calls' competencies start low, so the coaching in the demo is about them.
    scores = {
        c: rng.randint(scale.min + 2, scale.min + 4)
        if c in sampled
        else rng.randint(scale.min + 4, scale.max - 1)
        for c in order
    }
    calls: list[CoachingCall] = []
    fixes: list[Fix] = []
    first_eval, *later = sorted(profile.evaluations, reverse=True)
    latest = Evaluation(rep.id, today - timedelta(days=first_eval), dict(scores))
    evaluations = [latest]
    pending = [today - timedelta(days=d) for d in later]
    for n, day in enumerate(_call_days(today, profile, rng)):
        while pending and pending[0] <= day:
            latest = _re_evaluate(latest, pending.pop(0), fixes, scale.max, rng)
            evaluations.append(latest)
        # The demo manager follows the next focus, so the demo's history reads true.
        focus = next_focus(order, latest, fixes, scale.max, content.settle_after)
        sample = by_competency.get(focus.competency or "", samples[n % len(samples)])
        fixes.append((day, sample.competency))
        calls.append(
            CoachingCall(
                id=f"{rep.id}-call-{n:04d}",
                rep_id=rep.id,
                on=day,
                minutes=rng.randint(content.call_length.min, content.call_length.max),
                medium=sample.medium,
                situation=sample.situation,
                knows=sample.knows,
                can=sample.can,
                adjustments=sample.adjustments,
                competency=sample.competency,
                fix=sample.fix,
            )
        )
    for on in pending:
        latest = _re_evaluate(latest, on, fixes, scale.max, rng)
        evaluations.append(latest)
    return evaluations, calls


def _re_evaluate(
    latest: Evaluation, on: date, fixes: list[Fix], top: int, rng: random.Random
) -> Evaluation:
    """A later evaluation: what was coached since the last one moved up a little."""
    coached = {c for day, c in fixes if day >= latest.on}
    scores = {
        c: min(top, s + rng.randint(1, 3)) if c in coached else s for c, s in latest.scores.items()
    }
    return Evaluation(latest.rep_id, on, scores)


def _call_days(today: date, profile: _Profile, rng: random.Random) -> list[date]:
    days: list[date] = []
    start = today - timedelta(weeks=profile.weeks)
    monday = start - timedelta(days=start.weekday())
    while monday <= today:
        weekdays = [monday + timedelta(days=i) for i in range(5)]
        chosen = sorted(rng.sample(weekdays, min(profile.calls_per_week, 5)))
        days.extend(d for d in chosen if start <= d <= today)
        monday += timedelta(days=7)
    return days


def _at(day: date, minutes: int) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=UTC) + timedelta(minutes=minutes)


def _do_overs(content: CoachingContent, calls: list[CoachingCall]) -> list[DoOver]:
    """Do-overs for the last calls; the very last still waits for the manager's insight."""
    by_fix = {s.fix: s for s in content.demo.calls}
    out: list[DoOver] = []
    for n, call in enumerate(calls):
        sample = by_fix[call.fix]
        do_over = DoOver(call.id, sample.self_critique, _at(call.on, 20))
        if n < len(calls) - 1:
            do_over = DoOver(
                call.id, sample.self_critique, _at(call.on, 20), sample.insight, _at(call.on, 25)
            )
        out.append(do_over)
    return out


def _self_checks(content: CoachingContent, rep: Rep, today: date, days: int) -> list[SelfCheck]:
    answers = content.demo.self_checks
    return [
        SelfCheck(rep.id, day, answers[d % len(answers)], _at(day, 8 * 60))
        for d, day in ((d, today - timedelta(days=d)) for d in range(days))
    ]
