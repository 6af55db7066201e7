"""The demo team: six months of varied situations, no fix twice, calls under way, and a
self-managed team's range of self-check rates."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tests.support.paths import ROOT
from workshop.coaching.call_order import check_order
from workshop.coaching.demo import demo_team, load_team
from workshop.coaching.fixes import read_fix
from workshop.coaching.model import fix_key
from workshop.coaching.parked import open_parked
from workshop.coaching.people import check_coach
from workshop.coaching.progress import repeats, self_check_rate
from workshop.content.coaching_files import load_coaching_content

TODAY = date(2026, 3, 16)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_demo_team_never_fixes_the_same_thing_twice(language: str) -> None:
    content = load_coaching_content(ROOT / "data" / language)
    team = demo_team(content, TODAY)
    assert len(team.reps) == 4 and all(r.demo for r in team.people)
    by_rep = {r.id: [c for c in team.calls if c.rep_id == r.id] for r in team.people}
    longest = max(by_rep.values(), key=len)
    assert len(longest) >= 70  # six months, several calls a week
    assert min(c.on for c in longest) <= TODAY - timedelta(weeks=25)
    for calls in by_rep.values():
        assert repeats(calls) == {}
        assert len({fix_key(c.fix) for c in calls if c.complete}) == sum(c.complete for c in calls)
        assert len({c.situation for c in calls}) == len(calls)
        for call in calls:
            check_order(call)
    situations = {c.situation for c in team.calls}
    assert len(situations) >= 70  # not the same 8 situations again and again


def test_some_calls_are_under_way_for_the_views_to_show() -> None:
    content = load_coaching_content(ROOT / "data" / "en")
    team = demo_team(content, TODAY)
    newest = {}
    for call in team.calls:
        if call.rep_id in {r.id for r in team.reps}:
            newest[call.rep_id] = call
    stages = sorted(call.stage for call in newest.values())
    assert stages == ["answered", "fixed", "opened"]
    assert all(c.complete for c in team.calls if c.id not in {n.id for n in newest.values()})


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_demo_team_is_a_chain_of_coaches(language: str) -> None:
    """A director coaches the managers on the managers' competencies; each manager coaches
    reps on the sales competencies; every call names its coach."""
    content = load_coaching_content(ROOT / "data" / language)
    team = demo_team(content, TODAY)
    roles = {p.id: p.role for p in team.people}
    assert sorted(roles.values()) == ["director", "manager", "manager", "rep", "rep", "rep", "rep"]
    for person in team.people:
        check_coach(person, next((p for p in team.people if p.id == person.coach_id), None))
        assert (person.coach_id is None) == (person.role == "director")
    managers = {c.id for c in content.for_role("manager").competencies}
    for call in team.calls:
        assert call.coach_id == next(p.coach_id for p in team.people if p.id == call.rep_id)
        assert (call.competency in managers) == (roles[call.rep_id] == "manager")
    # Managers hold an evaluation on their own competencies, for the director's radar.
    manager_evaluations = [e for e in team.evaluations if roles[e.rep_id] == "manager"]
    assert manager_evaluations and all(set(e.scores) == managers for e in manager_evaluations)


@pytest.mark.parametrize("language", ["en", "es"])
def test_demo_calls_are_timed_and_some_fixes_were_parked(language: str) -> None:
    content = load_coaching_content(ROOT / "data" / language)
    team = demo_team(content, TODAY)
    complete = [c for c in team.calls if c.complete]
    assert all(c.minutes is None and c.measured_seconds for c in complete)
    assert {c.rep_answer_by for c in complete} == {"rep", "coach"}
    kept = [c for c in complete if c.fix_decision == "kept"]
    assert len(kept) >= 5
    for call in kept:
        reading = read_fix(call.fix_typed, content.fix_words)
        assert reading.several and not read_fix(call.fix, content.fix_words).several
        typed = call.fix_typed.casefold()
        assert call.fix.rstrip(".").casefold() in typed and call.parked[0].casefold() in typed
    taken = {c.from_parked for c in team.calls if c.from_parked}
    assert taken and open_parked(team.calls)  # some taken up since, some still waiting


def test_the_reps_self_check_at_different_rates() -> None:
    content = load_coaching_content(ROOT / "data" / "en")
    team = demo_team(content, TODAY)
    rates = [
        self_check_rate([c.on for c in team.self_checks if c.rep_id == r.id], TODAY).done
        for r in team.reps
    ]
    assert rates[0] >= 10 and rates[-1] == 0
    assert rates == sorted(rates, reverse=True)


def test_the_same_seed_gives_the_same_team() -> None:
    content = load_coaching_content(ROOT / "data" / "en")
    assert demo_team(content, TODAY) == demo_team(content, TODAY)


def test_the_load_team_is_large_and_repeats_only_past_the_samples() -> None:
    content = load_coaching_content(ROOT / "data" / "en")
    team = load_team(content, TODAY, reps=3, weeks=26)
    assert len(team.calls) > 3 * 120
    first = [c for c in team.calls if c.rep_id == team.reps[0].id]
    again = repeats(first)
    assert again and len(first) - len(again) == len(content.demo.calls)


def test_every_demo_call_step_is_stamped_before_the_day_it_is_made() -> None:
    """A demo made just after midnight (or east of UTC) holds no step still to come: a rep
    answering a demo call now must not be refused for its order."""
    today = date(2026, 12, 7)
    midnight = datetime.combine(today, time(0, 0), tzinfo=UTC)
    team = demo_team(load_coaching_content(ROOT / "data" / "en"), today)
    stamps = [
        stamp
        for call in team.calls
        for stamp in (call.opened_at, call.rep_answer_at, call.diagnosed_at, call.fixed_at)
        if stamp is not None
    ]
    assert stamps and max(stamps) < midnight
