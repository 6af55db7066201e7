"""The chain of coaches: directors coach managers, managers coach reps.

Each person has a role and, optionally, a coach one level up. The same call, in the same
order and with the same one fix, works at every level: a director coaches a manager on their
coaching exactly as a manager coaches a rep on a sale.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workshop.coaching.model import CoachChainError, CoachingError, Rep
from workshop.content.coaching import ROLES, Role

#: How high each role stands: a coach stands one level above the people they coach.
RANK: dict[Role, int] = {"rep": 0, "manager": 1, "director": 2}


def check_role(value: object) -> Role:
    for role in ROLES:
        if value == role:
            return role
    raise CoachingError(f"a role expected one of {', '.join(ROLES)}, not {value!r}")


def coaches_for(role: Role) -> Role | None:
    """The role that coaches `role`: managers coach reps, directors coach managers."""
    above = [r for r in ROLES if RANK[r] == RANK[role] + 1]
    return above[0] if above else None


def check_coach(person: Rep, coach: Rep | None) -> None:
    """Refuse a coach who is the person themself, or not one level above them."""
    if coach is None:
        return
    if coach.id == person.id:
        raise CoachChainError(f"{person.name} cannot be their own coach", reason="own_coach")
    if RANK[coach.role] != RANK[person.role] + 1:
        expected = coaches_for(person.role)
        raise CoachChainError(
            f"{coach.name} is a {coach.role} and {person.name} a {person.role}; a {person.role} "
            f"is coached by a {expected or 'nobody above them'}",
            reason="coach_rank",
        )


def coached_by(people: Iterable[Rep], coach_id: str) -> list[Rep]:
    """The people `coach_id` coaches, in the order given."""
    return [p for p in people if p.coach_id == coach_id]


@dataclass(frozen=True)
class Link:
    """One person in the chain, with the people they coach (each a link of their own)."""

    person: Rep
    coached: tuple[Link, ...]


def chain_of(person: Rep, people: Sequence[Rep]) -> Link:
    """`person` and everyone below them in the chain (the chain's ranks keep it free of loops)."""
    below = coached_by(people, person.id)
    return Link(
        person, tuple(chain_of(p, people) for p in below if RANK[p.role] < RANK[person.role])
    )


def of_role(people: Iterable[Rep], role: Role) -> list[Rep]:
    return [p for p in people if p.role == role]
