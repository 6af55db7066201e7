"""The demo team: six months of varied situations, no fix twice, calls under way, and a
self-managed team's range of self-check rates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.support.paths import ROOT
from workshop.coaching.call_order import check_order
from workshop.coaching.demo import demo_team, load_team
from workshop.coaching.model import fix_key
from workshop.coaching.progress import repeats, self_check_rate
from workshop.content.coaching_files import load_coaching_content

TODAY = date(2026, 3, 16)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_demo_team_never_fixes_the_same_thing_twice(language: str) -> None:
    content = load_coaching_content(ROOT / "data" / language)
    team = demo_team(content, TODAY)
    assert len(team.reps) == 4 and all(r.demo for r in team.reps)
    by_rep = {r.id: [c for c in team.calls if c.rep_id == r.id] for r in team.reps}
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
        newest[call.rep_id] = call
    stages = sorted(call.stage for call in newest.values())
    assert stages == ["answered", "fixed", "opened"]
    assert all(c.complete for c in team.calls if c.id not in {n.id for n in newest.values()})


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
