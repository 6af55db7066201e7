"""The chain of coaches by table: who may coach whom, and the chain a director sees."""

from __future__ import annotations

import pytest

from workshop.coaching.model import CoachChainError, CoachingError, Rep
from workshop.coaching.people import chain_of, check_coach, check_role, coached_by, coaches_for

DIRECTOR = Rep("d", "Morgan", role="director")
MANAGER = Rep("m", "Casey", role="manager", coach_id="d")
OTHER_MANAGER = Rep("m2", "Taylor", role="manager", coach_id="d")
REP = Rep("r", "Alex", coach_id="m")
PEOPLE = [DIRECTOR, MANAGER, OTHER_MANAGER, REP, Rep("r2", "Sam", coach_id="m2")]


@pytest.mark.parametrize(
    ("person", "coach", "reason"),
    [
        (REP, MANAGER, None),
        (MANAGER, DIRECTOR, None),
        (REP, None, None),  # nobody recorded: a manager on their own still coaches
        (DIRECTOR, None, None),
        (REP, DIRECTOR, "coach_rank"),  # a director coaches managers, not reps
        (REP, Rep("r3", "Riley"), "coach_rank"),  # reps do not coach reps
        (MANAGER, OTHER_MANAGER, "coach_rank"),
        (MANAGER, REP, "coach_rank"),  # never upwards
        (DIRECTOR, MANAGER, "coach_rank"),
        (MANAGER, MANAGER, "own_coach"),
    ],
)
def test_a_coach_is_one_level_up(person: Rep, coach: Rep | None, reason: str | None) -> None:
    if reason is None:
        check_coach(person, coach)
        return
    with pytest.raises(CoachChainError) as raised:
        check_coach(person, coach)
    assert raised.value.reason == reason
    assert isinstance(raised.value, ValueError)  # a WorkshopError and its matching built-in


@pytest.mark.parametrize(
    ("role", "coach"), [("rep", "manager"), ("manager", "director"), ("director", None)]
)
def test_who_coaches_each_role(role: str, coach: str | None) -> None:
    assert coaches_for(check_role(role)) == coach


@pytest.mark.parametrize("bad", ["vp", "", None, "Rep"])
def test_an_unknown_role_is_refused(bad: object) -> None:
    with pytest.raises(CoachingError, match="a role expected one of director, manager, rep"):
        check_role(bad)


def test_the_chain_under_a_director() -> None:
    link = chain_of(DIRECTOR, PEOPLE)
    assert link.person == DIRECTOR
    assert [m.person.name for m in link.coached] == ["Casey", "Taylor"]
    assert [[r.person.name for r in m.coached] for m in link.coached] == [["Alex"], ["Sam"]]
    assert coached_by(PEOPLE, "m") == [REP]
