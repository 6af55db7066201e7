"""A demo coaching team built from the content's sample calls: for looking around, and for load.

Pure and seeded: the same content, day and seed give the same team. Demo reps carry the
content's demo mark in their name and the store's demo flag, so they can be removed.

The demo manager coaches each rep on their next focus, on a sample situation the rep has not
had yet: in the demo team no fix comes twice, so each call fixes a new thing, as in the
method. The newest call of some reps is still under way, to show a call waiting for the rep's
answer and one waiting for the manager.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from workshop.coaching.call import CoachingCall, Stage
from workshop.coaching.model import Evaluation, Rep, SelfCheck
from workshop.coaching.progress import Fix, next_focus
from workshop.content.coaching import CoachingContent, DemoCall

#: Minutes into a call at which each step is taken.
ANSWER_AT, INSIGHT_AT, FIX_AT = 3, 9, 12


@dataclass(frozen=True)
class Team:
    reps: tuple[Rep, ...]
    evaluations: tuple[Evaluation, ...]
    calls: tuple[CoachingCall, ...]
    self_checks: tuple[SelfCheck, ...]


@dataclass(frozen=True)
class _Profile:
    weeks: int  # how long ago coaching started
    calls_per_week: int  # on weekdays, at most 5
    evaluations: tuple[int, ...]  # days ago
    self_check_share: float  # of the days in the last `self_check_days`
    self_check_days: int
    newest_at: Stage | None = None  # the newest call still under way, at this stage


#: Four reps at different stages: six months of calls several times a week and a daily
#: self-check, three months with the newest call waiting for the rep, a slow start, and one
#: just evaluated.
_DEMO = (
    _Profile(26, 3, (182, 91, 14), 0.85, 120, newest_at="answered"),
    _Profile(13, 3, (91, 7), 0.45, 60, newest_at="opened"),
    _Profile(6, 2, (42,), 0.15, 30),
    _Profile(0, 0, (3,), 0.0, 0),
)


def demo_team(content: CoachingContent, today: date, seed: int = 7) -> Team:
    """The small demo team a manager can load, named from the content and marked as demo."""
    mark = content.label("demo_mark")
    names = [f"{name} {mark}" for name in content.demo.reps]
    profiles = [_DEMO[i % len(_DEMO)] for i in range(len(names))]
    return _team(content, today, names, profiles, seed, repeat=False)


def load_team(
    content: CoachingContent, today: date, reps: int = 50, weeks: int = 26, seed: int = 11
) -> Team:
    """A large team with a call every weekday for `weeks` (50 x 26 weeks: about 6,500 calls).

    Past the samples, its calls repeat fixes: it measures load, not coaching.
    """
    names = [f"Rep {i + 1:03d}" for i in range(reps)]
    profile = _Profile(weeks, 5, (weeks * 7, 14), 0.0, 0)
    return _team(content, today, names, [profile] * reps, seed, repeat=True)


def _team(
    content: CoachingContent,
    today: date,
    names: list[str],
    profiles: list[_Profile],
    seed: int,
    repeat: bool,
) -> Team:
    rng = random.Random(seed)
    reps: list[Rep] = []
    evaluations: list[Evaluation] = []
    calls: list[CoachingCall] = []
    checks: list[SelfCheck] = []
    for index, (name, profile) in enumerate(zip(names, profiles, strict=True)):
        rep = Rep(f"demo-{seed}-{index:03d}", name, demo=True, created_at=_at(today, 0).isoformat())
        reps.append(rep)
        rep_evaluations, rep_calls = _history(content, rep, profile, today, rng, repeat)
        evaluations.extend(rep_evaluations)
        calls.extend(rep_calls)
        checks.extend(_self_checks(content, rep, today, profile, rng))
    return Team(tuple(reps), tuple(evaluations), tuple(calls), tuple(checks))


def _history(
    content: CoachingContent,
    rep: Rep,
    profile: _Profile,
    today: date,
    rng: random.Random,
    repeat: bool,
) -> tuple[list[Evaluation], list[CoachingCall]]:
    """One rep's evaluations and calls, coached on the next focus all along."""
    samples = content.demo.calls
    sampled = {s.competency for s in samples}
    order = [c.id for c in content.competencies]
    scale = content.scale
    # The sample calls' competencies start lower, so the coaching in the demo is about them.
    scores = {
        c: rng.randint(scale.min + 1, scale.max - 3)
        if c in sampled
        else rng.randint(scale.min + 4, scale.max - 1)
        for c in order
    }
    unused = list(range(len(samples)))
    rng.shuffle(unused)
    calls: list[CoachingCall] = []
    fixes: list[Fix] = []
    first_eval, *later = sorted(profile.evaluations, reverse=True)
    latest = Evaluation(rep.id, today - timedelta(days=first_eval), dict(scores))
    evaluations = [latest]
    pending = [today - timedelta(days=d) for d in later]
    for day in _call_days(today, profile, rng):
        while pending and pending[0] <= day:
            latest = _re_evaluate(latest, pending.pop(0), fixes, scale.max, rng)
            evaluations.append(latest)
        # The demo manager follows the next focus, so the demo's history reads true.
        focus = next_focus(order, latest, fixes, scale.max, content.settle_after)
        sample = _pick(samples, unused, focus.competency, latest, rng, repeat)
        if sample is None:
            break  # every sample has had its call: no fix comes twice
        fixes.append((day, sample.competency))
        minutes = rng.randint(content.call_length.min, content.call_length.max)
        calls.append(_call(f"{rep.id}-call-{len(calls):04d}", rep.id, day, minutes, sample))
    for on in pending:
        latest = _re_evaluate(latest, on, fixes, scale.max, rng)
        evaluations.append(latest)
    if calls and profile.newest_at is not None:
        calls[-1] = _under_way(calls[-1], profile.newest_at)
    return evaluations, calls


def _pick(
    samples: Sequence[DemoCall],
    unused: list[int],
    focus: str | None,
    latest: Evaluation,
    rng: random.Random,
    repeat: bool,
) -> DemoCall | None:
    """An unused sample on the focus; else on the lowest-scored competency that has one."""
    if not unused:
        return samples[rng.randrange(len(samples))] if repeat else None

    def rank(index: int) -> tuple[int, int]:
        competency = samples[index].competency
        return (competency != focus, latest.scores.get(competency, 0))

    chosen = min(unused, key=rank)
    unused.remove(chosen)
    return samples[chosen]


def _call(call_id: str, rep_id: str, day: date, minutes: int, sample: DemoCall) -> CoachingCall:
    """A complete call from a sample, each step a few minutes after the one before."""
    return CoachingCall(
        id=call_id,
        rep_id=rep_id,
        on=day,
        minutes=minutes,
        medium=sample.medium,
        situation=sample.situation,
        competency=sample.competency,
        opened_at=_at(day, 0),
        rep_answer=sample.self_critique,
        rep_answer_at=_at(day, ANSWER_AT),
        knows=sample.knows,
        can=sample.can,
        adjustments=sample.adjustments,
        insight=sample.insight,
        insight_at=_at(day, INSIGHT_AT),
        fix=sample.fix,
        fixed_at=_at(day, FIX_AT),
    )


def _under_way(call: CoachingCall, stage: Stage) -> CoachingCall:
    """The call as it stood at `stage` (opened, or answered): the later steps not taken yet."""
    answered = replace(
        call,
        knows=None,
        can=None,
        adjustments=(),
        insight="",
        insight_at=None,
        fix="",
        fixed_at=None,
    )
    if stage == "answered":
        return answered
    return replace(answered, rep_answer="", rep_answer_at=None)


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


def _self_checks(
    content: CoachingContent, rep: Rep, today: date, profile: _Profile, rng: random.Random
) -> list[SelfCheck]:
    """Self-checks on about `self_check_share` of the recent days, today's among them for a rep
    who checks most days, so the streak shows."""
    answers = content.demo.self_checks
    checks: list[SelfCheck] = []
    for ago in range(profile.self_check_days):
        if ago > 0 and rng.random() >= profile.self_check_share:
            continue
        if ago == 0 and profile.self_check_share < 0.5:
            continue
        day = today - timedelta(days=ago)
        checks.append(SelfCheck(rep.id, day, answers[ago % len(answers)], _at(day, 8 * 60)))
    return checks
