"""One demo person's coaching history: evaluations and calls, coached on the next focus.

Pure and seeded (see `workshop.coaching.demo`). Each call is timed as it ran: its steps a few
minutes apart, its length measured from opening to fix, in the range its coach keeps. Now and
then the coach typed two fixes and kept one; the other is parked, and a later call takes it up.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from workshop.coaching.call import CoachingCall, Stage
from workshop.coaching.fixes import read_fix
from workshop.coaching.model import Evaluation, Rep
from workshop.coaching.parked import parked_ref
from workshop.coaching.progress import Fix, next_focus
from workshop.content.coaching import CoachingContent, DemoCall

#: Minutes into a call at which the answer, the diagnosis and the insight are given.
ANSWER_AT, DIAGNOSED_AT = 3, 5
#: How often a call's fix was typed as two and one of them parked, and how often the next call
#: takes a parked one up.
PARKED_SHARE, TAKE_UP_SHARE = 0.08, 0.2


@dataclass(frozen=True)
class Profile:
    weeks: int  # how long ago coaching started
    calls_per_week: int  # on weekdays, at most 5
    evaluations: tuple[int, ...]  # days ago
    self_check_share: float  # of the days in the last `self_check_days`
    self_check_days: int
    newest_at: Stage | None = None  # the newest call still under way, at this stage
    minutes: tuple[int, int] = (10, 15)  # how long this person's calls run


@dataclass
class _Parked:
    ref: str
    sample: int


class History:
    """One person's evaluations and calls, built call by call."""

    def __init__(
        self,
        content: CoachingContent,
        samples: Sequence[DemoCall],
        rep: Rep,
        rng: random.Random,
        repeat: bool,
    ) -> None:
        self.content, self.samples, self.rep, self.rng = content, samples, rep, rng
        self.repeat = repeat
        self.unused = list(range(len(samples)))
        rng.shuffle(self.unused)
        self.parked: list[_Parked] = []
        self.calls: list[CoachingCall] = []
        self.fixes: list[Fix] = []

    def build(self, profile: Profile, today: date) -> tuple[list[Evaluation], list[CoachingCall]]:
        """The person's evaluations and calls, coached on the next focus all along."""
        content, rng = self.content, self.rng
        scale = content.scale
        sampled = {s.competency for s in self.samples}
        order = [c.id for c in content.competencies]
        # The sample calls' competencies start lower, so the coaching in the demo is about them.
        scores = {
            c: rng.randint(scale.min + 1, scale.max - 3)
            if c in sampled
            else rng.randint(scale.min + 4, scale.max - 1)
            for c in order
        }
        first_eval, *later = sorted(profile.evaluations, reverse=True)
        latest = Evaluation(self.rep.id, today - timedelta(days=first_eval), dict(scores))
        evaluations = [latest]
        pending = [today - timedelta(days=d) for d in later]
        for day in call_days(today, profile, rng):
            while pending and pending[0] <= day:
                latest = re_evaluate(latest, pending.pop(0), self.fixes, scale.max, rng)
                evaluations.append(latest)
            focus = next_focus(order, latest, self.fixes, scale.max, content.settle_after)
            if not self._call(day, focus.competency, latest, profile):
                break  # every sample has had its call: no fix comes twice
        for on in pending:
            latest = re_evaluate(latest, on, self.fixes, scale.max, rng)
            evaluations.append(latest)
        if self.calls and profile.newest_at is not None:
            self.calls[-1] = under_way(self.calls[-1], profile.newest_at)
        return evaluations, self.calls

    def _call(self, day: date, focus: str | None, latest: Evaluation, profile: Profile) -> bool:
        from_parked = ""
        if self.parked and self.rng.random() < TAKE_UP_SHARE:
            taken = self.parked.pop(0)
            index, from_parked = taken.sample, taken.ref
        else:
            chosen = self._pick(focus, latest)
            if chosen is None:
                return False
            index = chosen
        sample = self.samples[index]
        call_id = f"{self.rep.id}-call-{len(self.calls):04d}"
        length = self.rng.randint(*profile.minutes)
        call = demo_call(call_id, self.rep, day, length, sample, from_parked)
        if self.unused and self.rng.random() < PARKED_SHARE:
            call = self._doubled(call)
        self.calls.append(call)
        self.fixes.append((day, sample.competency))
        return True

    def _doubled(self, call: CoachingCall) -> CoachingCall:
        """The call as if the coach had typed two fixes and kept the first, the other parked:
        with the first unused sample whose fix, joined on, reads as exactly those two."""
        words = self.content.fix_words
        joiner = words.joiners[0] if words.joiners else "+"
        for index in reversed(self.unused):
            other = self.samples[index].fix
            typed = f"{call.fix.rstrip('.')} {joiner} {other[:1].lower()}{other[1:]}"
            if len(read_fix(typed, words).items) == 2:
                self.unused.remove(index)
                self.parked.append(_Parked(parked_ref(call.id, 0), index))
                return replace(call, fix_typed=typed, fix_decision="kept", parked=(other,))
        return call

    def _pick(self, focus: str | None, latest: Evaluation) -> int | None:
        """An unused sample on the focus; else on the lowest-scored competency that has one."""
        if not self.unused:
            return self.rng.randrange(len(self.samples)) if self.repeat else None

        def rank(index: int) -> tuple[int, int]:
            competency = self.samples[index].competency
            return (competency != focus, latest.scores.get(competency, 0))

        chosen = min(self.unused, key=rank)
        self.unused.remove(chosen)
        return chosen


def demo_call(
    call_id: str, rep: Rep, day: date, length: int, sample: DemoCall, from_parked: str = ""
) -> CoachingCall:
    """A complete call from a sample, timed as it ran: `length` minutes from opening to fix."""
    fixed_at = at(day, length)
    return CoachingCall(
        id=call_id,
        rep_id=rep.id,
        coach_id=rep.coach_id,
        on=day,
        minutes=None,
        medium=sample.medium,
        situation=sample.situation,
        competency=sample.competency,
        opened_at=at(day, 0),
        from_parked=from_parked,
        rep_answer=sample.self_critique,
        rep_answer_at=at(day, ANSWER_AT),
        rep_answer_by="rep" if day.toordinal() % 2 else "coach",
        knows=sample.knows,
        can=sample.can,
        diagnosed_at=at(day, DIAGNOSED_AT),
        adjustments=sample.adjustments,
        insight=sample.insight,
        insight_at=at(day, length - 2),
        fix=sample.fix,
        fixed_at=fixed_at,
        measured_seconds=length * 60,
    )


def under_way(call: CoachingCall, stage: Stage) -> CoachingCall:
    """The call as it stood at `stage` (opened, or answered): the later steps not taken yet."""
    answered = replace(
        call,
        knows=None,
        can=None,
        diagnosed_at=None,
        adjustments=(),
        insight="",
        insight_at=None,
        fix="",
        fixed_at=None,
        measured_seconds=None,
        fix_typed="",
        fix_decision="",
        parked=(),
    )
    if stage == "answered":
        return replace(answered, rep_answer_by="rep")
    return replace(answered, rep_answer="", rep_answer_at=None, rep_answer_by=None)


def re_evaluate(
    latest: Evaluation, on: date, fixes: list[Fix], top: int, rng: random.Random
) -> Evaluation:
    """A later evaluation: what was coached since the last one moved up a little."""
    coached = {c for day, c in fixes if day >= latest.on}
    scores = {
        c: min(top, s + rng.randint(1, 3)) if c in coached else s for c, s in latest.scores.items()
    }
    return Evaluation(latest.rep_id, on, scores)


def call_days(today: date, profile: Profile, rng: random.Random) -> list[date]:
    """The weekdays with a call, up to yesterday: a demo call is stamped at 10:00 UTC of its
    day, which is still to come early in the day (or anywhere east of UTC), and a rep answering
    now a call opened in the future would be refused for the order of its steps."""
    days: list[date] = []
    start = today - timedelta(weeks=profile.weeks)
    monday = start - timedelta(days=start.weekday())
    while monday <= today:
        weekdays = [monday + timedelta(days=i) for i in range(5)]
        chosen = sorted(rng.sample(weekdays, min(profile.calls_per_week, 5)))
        days.extend(d for d in chosen if start <= d < today)
        monday += timedelta(days=7)
    return days


def at(day: date, minutes: int) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=UTC) + timedelta(minutes=minutes)
