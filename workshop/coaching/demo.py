"""A demo coaching team built from the content's samples: for looking around, and for load.

Pure and seeded: the same content, day and seed give the same team. Demo people carry the
content's demo mark in their name and the store's demo flag, so they can be removed.

The team is a chain: a director coaches the managers on the managers' competencies, and each
manager coaches their reps. The coach follows the next focus, on a sample situation the person
has not had yet, so no fix comes twice and each call fixes a new thing, as in the method. One
manager keeps the cadence and the 10 to 15 minutes; the other coaches less often and longer, so
the director's view has something to show. The newest call of some reps is still under way,
one waiting for the rep's answer and one waiting for the manager.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from workshop.coaching.call import CoachingCall
from workshop.coaching.demo_history import History, Profile, at
from workshop.coaching.model import Evaluation, Rep, SelfCheck
from workshop.content.coaching import CoachingContent, DemoCall, Role


@dataclass(frozen=True)
class Team:
    reps: tuple[Rep, ...]
    evaluations: tuple[Evaluation, ...]
    calls: tuple[CoachingCall, ...]
    self_checks: tuple[SelfCheck, ...]
    #: The directors and managers above the reps.
    coaches: tuple[Rep, ...] = ()

    @property
    def people(self) -> tuple[Rep, ...]:
        """Everyone, each coach before the people they coach (as the store adds them)."""
        return (*self.coaches, *self.reps)


#: Four reps at different stages: six months of calls several times a week and a daily
#: self-check, three months with the newest call waiting for the rep, a slow start, and one
#: just evaluated. The first two share a manager who keeps the method; the others share one
#: who coaches rarely and long.
_REPS = (
    Profile(26, 3, (182, 91, 14), 0.85, 120, newest_at="answered"),
    Profile(13, 3, (91, 7), 0.6, 60, newest_at="opened"),
    Profile(6, 2, (42,), 0.15, 30, minutes=(14, 22)),
    Profile(0, 0, (3,), 0.0, 0),
)
#: Managers are coached once a week by the director, and self-check some days.
_MANAGER = Profile(8, 1, (56,), 0.5, 30)


def demo_team(content: CoachingContent, today: date, seed: int = 7) -> Team:
    """The small demo team a manager can load, named from the content and marked as demo."""
    rng = random.Random(seed)
    mark = content.label("demo_mark")
    demo = content.demo
    directors = [
        _person(seed, "d", i, f"{name} {mark}", "director", None, today)
        for i, name in enumerate(demo.directors)
    ]
    top = directors[0].id if directors else None
    managers = [
        _person(seed, "m", i, f"{name} {mark}", "manager", top, today)
        for i, name in enumerate(demo.managers)
    ]
    share = -(-len(demo.reps) // max(1, len(managers)))  # reps per manager, rounded up
    reps = [
        _person(seed, "", i, f"{name} {mark}", "rep", _coach(managers, i // share), today)
        for i, name in enumerate(demo.reps)
    ]
    team = _Builder(content, today, rng)
    for i, rep in enumerate(reps):
        team.add(rep, content, demo.calls, _REPS[i % len(_REPS)])
    manager_content = content.for_role("manager")
    for manager in managers if demo.manager_calls else ():
        team.add(manager, manager_content, demo.manager_calls, _MANAGER)
    return Team(
        tuple(reps),
        tuple(team.evaluations),
        tuple(team.calls),
        tuple(team.checks),
        coaches=(*directors, *managers),
    )


def load_team(
    content: CoachingContent, today: date, reps: int = 50, weeks: int = 26, seed: int = 11
) -> Team:
    """A large team with a call every weekday for `weeks` (50 x 26 weeks: about 6,500 calls).

    Past the samples, its calls repeat fixes: it measures load, not coaching.
    """
    rng = random.Random(seed)
    team = _Builder(content, today, rng, repeat=True)
    people = [_person(seed, "", i, f"Rep {i + 1:03d}", "rep", None, today) for i in range(reps)]
    for rep in people:
        team.add(rep, content, content.demo.calls, Profile(weeks, 5, (weeks * 7, 14), 0.0, 0))
    return Team(tuple(people), tuple(team.evaluations), tuple(team.calls), tuple(team.checks))


def _person(
    seed: int, kind: str, index: int, name: str, role: Role, coach_id: str | None, today: date
) -> Rep:
    return Rep(
        f"demo-{seed}-{kind}{index:03d}",
        name,
        demo=True,
        created_at=at(today, 0).isoformat(),
        role=role,
        coach_id=coach_id,
    )


def _coach(coaches: Sequence[Rep], index: int) -> str | None:
    return coaches[index].id if coaches else None


class _Builder:
    def __init__(
        self, content: CoachingContent, today: date, rng: random.Random, repeat: bool = False
    ) -> None:
        self.content, self.today, self.rng, self.repeat = content, today, rng, repeat
        self.evaluations: list[Evaluation] = []
        self.calls: list[CoachingCall] = []
        self.checks: list[SelfCheck] = []

    def add(
        self,
        person: Rep,
        content: CoachingContent,
        samples: Sequence[DemoCall],
        profile: Profile,
    ) -> None:
        history = History(content, samples, person, self.rng, self.repeat)
        evaluations, calls = history.build(profile, self.today)
        self.evaluations.extend(evaluations)
        self.calls.extend(calls)
        self.checks.extend(_self_checks(content, person, self.today, profile, self.rng))


def _self_checks(
    content: CoachingContent, rep: Rep, today: date, profile: Profile, rng: random.Random
) -> list[SelfCheck]:
    """Self-checks on about `self_check_share` of the recent days, today's among them for a
    person who checks most days, so the streak shows."""
    answers = content.demo.self_checks
    checks: list[SelfCheck] = []
    for ago in range(profile.self_check_days):
        if ago > 0 and rng.random() >= profile.self_check_share:
            continue
        if ago == 0 and profile.self_check_share < 0.5:
            continue
        day = today - timedelta(days=ago)
        checks.append(SelfCheck(rep.id, day, answers[ago % len(answers)], at(day, 8 * 60)))
    return checks
