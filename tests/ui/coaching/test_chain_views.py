"""The chain of coaches in the views, headless: people with roles and coaches in the picker, a
manager evaluated on their own competencies, the director's view, where a rep goes, and counts
said with the right plural."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import ipywidgets as widgets
import pytest

from tests.support.paths import ROOT
from tests.support.widget_tree import all_widgets, html_values
from workshop.coaching.access import RepCodeError, display_rep_code
from workshop.coaching.model import Evaluation
from workshop.coaching.parked import open_parked
from workshop.content.coaching import CoachingContent
from workshop.content.coaching_files import load_coaching_content
from workshop.services.coaching_team import load_demo_team
from workshop.store import Store
from workshop.ui.coaching.calls import CallView
from workshop.ui.coaching.context import CoachingContext
from workshop.ui.coaching.director import DirectorView
from workshop.ui.coaching.evaluate import EvaluateView
from workshop.ui.coaching.picker import RepPicker
from workshop.ui.coaching.progress import RepProgressView
from workshop.ui.coaching.rep_pages import RepCodesView

MONDAY = date(2026, 3, 16)


@pytest.fixture(scope="module")
def coaching_content() -> CoachingContent:
    return load_coaching_content(ROOT / "data" / "en")


@pytest.fixture
def coach(coaching_content: CoachingContent, store: Store) -> CoachingContext:
    start = datetime(2026, 3, 16, 9, tzinfo=UTC)
    ticks = iter(range(10**6))
    return CoachingContext(
        coaching_content,
        store,
        today=lambda: MONDAY,
        clock=lambda: start + timedelta(minutes=next(ticks)),
    )


def test_people_are_added_with_a_role_and_a_coach_one_level_up(coach: CoachingContext) -> None:
    picker = RepPicker(coach)
    picker.new_name.value, picker.new_role.value = "Morgan", "director"
    picker.add_button.click()
    assert picker.rep is not None and picker.rep.role == "director"
    picker.new_name.value, picker.new_role.value = "Casey", "manager"
    assert [label for label, _ in picker.new_coach.options] == ["No coach", "Morgan · Director"]
    picker.new_coach.value = picker.new_coach.options[1][1]
    picker.add_button.click()
    casey = picker.rep
    assert casey is not None and casey.role == "manager" and casey.coach_id is not None
    assert "Coached by Morgan" in picker.coached_by.value
    picker.new_name.value, picker.new_role.value = "Alex", "rep"
    assert [label for label, _ in picker.new_coach.options] == ["No coach", "Casey · Manager"]
    picker.add_button.click()  # no coach yet: a manager on their own still coaches
    alex = picker.rep
    assert alex is not None and alex.coach_id is None
    assert [label for label, _ in picker.coach.options] == ["No coach", "Casey · Manager"]
    picker.coach.value = casey.id
    picker.coach_button.click()
    assert coach.store.rep(alex.id).coach_id == casey.id
    assert "Casey now coaches Alex." in picker.message.value
    # Past the dropdown's offer, the rule still holds: a director does not coach a rep.
    morgan = next(p for p in coach.store.reps() if p.role == "director")
    picker.coach.options = [*picker.coach.options, ("Morgan", morgan.id)]
    picker.coach.value = morgan.id
    picker.coach_button.click()
    assert "a coach is one level up" in picker.message.value
    assert coach.store.rep(alex.id).coach_id == casey.id


def test_a_manager_is_evaluated_on_their_own_competencies(coach: CoachingContext) -> None:
    manager = coach.store.create_rep("Casey", role="manager")
    rep = coach.store.create_rep("Alex")
    view = EvaluateView(coach)
    view.picker.choose(manager.id)
    managers = {c.id for c in coach.content.for_role("manager").competencies}
    assert set(view.toggles) == managers
    for toggle in view.toggles.values():
        toggle.value = 6
    assert view.save()
    [saved] = coach.store.evaluations(manager.id)
    assert set(saved.scores) == managers
    view.picker.choose(rep.id)
    assert len(view.toggles) == 21


def test_the_directors_view_shows_each_managers_cadence(coach: CoachingContext) -> None:
    load_demo_team(coach.store, coach.content, MONDAY)
    view = DirectorView(coach)
    assert view.picker.rep is not None and view.picker.rep.name == "Morgan (demo)"
    assert [label for label, _ in view.picker.dropdown.options] == ["Morgan (demo) · Director"]
    html = view.body.value
    for shown in (
        "Casey (demo): 2 reps",
        "Calls per rep a week: 3 (several a week: 3)",
        "Median call: 12 min (target 10 to 15)",
        "Calls on one situation with one fix: 100%",
        "Parked fixes: 2",
        "Taylor (demo): 2 reps",
        "Calls per rep a week: 1 (several a week: 3)",
        "Median call: 19.5 min (target 10 to 15)",
        "Alex (demo)",
        "78 of 100",
        "Over the last 4 weeks.",
        "<svg",
    ):
        assert shown in html, shown
    assert html.count("On track") >= 2 and "Behind" in html  # each with its mark, not colour only
    assert view.page is not None
    assert [m.status for m in view.page.managers] == ["on_track", "behind"]


def test_the_directors_view_without_a_director_says_what_to_do(coach: CoachingContext) -> None:
    view = DirectorView(coach)
    assert "No director yet" in view.body.value
    director = coach.store.create_rep("Morgan", role="director")
    view.picker.refresh(select=director.id)
    assert "Morgan coaches no manager yet" in view.body.value


def test_each_rep_is_shown_where_to_go(coach: CoachingContext) -> None:
    coach.store.create_rep("Dana")
    view = RepCodesView(coach)
    assert view.where.value == ""
    view.address.value = "room.local:8000"
    assert "the room&#x27;s address is like http://" in view.where.value
    view.address.value = "http://192.168.1.20:8000/"
    assert "Where to go: http://192.168.1.20:8000/rep" in view.where.value
    assert "<svg" in view.where.value  # the QR code, of the address only
    assert coach.store.room_address() == "http://192.168.1.20:8000/"
    again = RepCodesView(coach)  # remembered for the next time
    assert "http://192.168.1.20:8000/rep" in again.where.value


def test_counts_take_their_plural(coach: CoachingContext) -> None:
    rep = coach.store.create_rep("Dana")
    view = CallView(coach)
    assert "Dana&#x27;s calls (0 fixes)" in view.history.value
    view.situation.value = "Price asked in minute two."
    view.competency.value = "money_talk"
    view.start()
    view.rep_answer.value = "I rushed it."
    view.save_answer()
    view.knows.value, view.can.value = True, False
    view.insight.value = "Slow down."
    view.adjustments["words"].value = True
    view.save_insight()
    view.fix.value = "Say the price, then stop."
    view.save_fix()
    assert "Dana&#x27;s calls (1 fix)" in view.history.value
    scores = {c.id: 5 for c in coach.content.competencies}
    coach.store.save_evaluation(Evaluation(rep.id, MONDAY, scores))
    progress = RepProgressView(coach)
    assert "Fixes so far: 1" in progress.summary.value


def test_parked_fixes_show_beside_the_next_focus(coach: CoachingContext) -> None:
    load_demo_team(coach.store, coach.content, MONDAY)
    view = RepProgressView(coach)
    waiting = [p for p in coach.store.reps() if open_parked(coach.store.calls(p.id))]
    assert waiting  # the demo parks some fixes that no later call has taken up yet
    view.picker.choose(waiting[0].id)
    html = view.focus.value
    assert "Parked fixes" in html and "(parked on " in html
    buttons = [w for w in all_widgets(CallView(coach).widget) if isinstance(w, widgets.Button)]
    assert any(b.description == "Start a call on it" for b in buttons)


def test_the_directors_view_issues_their_code_for_the_server_page(coach: CoachingContext) -> None:
    load_demo_team(coach.store, coach.content, MONDAY)
    view = DirectorView(coach)
    code_view = view.code
    assert code_view.widget.layout.display is None
    assert "No personal code yet." in code_view.status.value
    code = code_view.issue()
    assert code is not None and coach.store.rep_for_code(code).name == "Morgan (demo)"
    assert display_rep_code(code) in code_view.shown_once.value  # shown this once
    assert "Personal code issued on" in code_view.status.value
    view.refresh()
    assert code_view.shown_once.value == "" and code not in str(html_values(view.widget))
    code_view.address.value = "http://192.168.1.20:8000"
    assert "Where to go: http://192.168.1.20:8000/director" in code_view.where.value
    code_view.revoke()
    assert "no longer opens their page" in code_view.message.value
    with pytest.raises(RepCodeError):
        coach.store.rep_for_code(code)


def test_without_a_director_there_is_no_code_to_issue(coach: CoachingContext) -> None:
    view = DirectorView(coach)
    assert view.code.widget.layout.display == "none" and view.code.issue() is None
