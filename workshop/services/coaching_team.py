"""The coaching team: people and their coaches, the demo team, and what each view reads of it
(a person's progress with their parked fixes, a director's managers)."""

from __future__ import annotations

from datetime import date

from workshop.coaching.demo import Team, demo_team
from workshop.coaching.director import DirectorView, director_view
from workshop.coaching.model import Rep
from workshop.coaching.parked import open_parked
from workshop.coaching.progress import RepProgress, fixes_of, rep_progress
from workshop.coaching.rules import check_rep_name
from workshop.content.coaching import CoachingContent, Role
from workshop.store import Store


def add_person(store: Store, name: object, role: Role = "rep", coach_id: str | None = None) -> Rep:
    """Add a rep, a manager or a director by name, with their coach (one level up) if any."""
    return store.create_rep(check_rep_name(name), role=role, coach_id=coach_id or None)


def set_coach(store: Store, person_id: str, coach_id: str | None) -> Rep:
    return store.set_coach(person_id, coach_id or None)


def has_demo_team(store: Store) -> bool:
    return any(p.demo for p in store.reps())


def load_demo_team(store: Store, content: CoachingContent, today: date) -> Team:
    """Add the content's demo team (a director, managers and reps, marked as demo), six months
    of their coaching, in one transaction."""
    team = demo_team(content, today)
    store.import_coaching(team.people, team.evaluations, team.calls, team.self_checks)
    return team


def person_progress(
    store: Store, content: CoachingContent, person: Rep, today: date
) -> RepProgress:
    """One person's progress on their role's competencies, with the fixes parked for them."""
    calls = store.calls(person.id)
    checks = [c.on for c in store.self_checks(person.id)]
    return rep_progress(
        person,
        store.evaluations(person.id),
        fixes_of(calls),
        content.for_role(person.role),
        today,
        checks,
        open_parked(calls),
    )


def director_overview(
    store: Store, content: CoachingContent, director: Rep, today: date
) -> DirectorView:
    """Each manager `director` coaches, with their reps: cadence, length, one fix, parked."""
    checks: dict[str, list[date]] = {}
    for check in store.self_checks():
        checks.setdefault(check.rep_id, []).append(check.on)
    return director_view(director, store.reps(), store.calls(), checks, content, today)
