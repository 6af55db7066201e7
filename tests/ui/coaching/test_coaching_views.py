"""The coaching views headless: set widget values, click, and look at what the store holds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import ipywidgets as widgets
import pytest

from tests.support.paths import ROOT
from tests.support.widget_tree import all_widgets
from workshop.coaching.model import Evaluation, Rep
from workshop.content.coaching import CoachingContent
from workshop.content.coaching_files import load_coaching_content
from workshop.html import escape
from workshop.store import Store
from workshop.ui.coaching.calls import CallLogView, call_log_view
from workshop.ui.coaching.context import CoachingContext, RepPicker
from workshop.ui.coaching.do_over import DoOverView, SelfCheckView, do_over_view, self_check_view
from workshop.ui.coaching.evaluate import EvaluateView, evaluate_view
from workshop.ui.coaching.progress import (
    RepProgressView,
    TeamProgressView,
    progress_view,
    team_view,
)

MONDAY = date(2026, 3, 16)


@pytest.fixture(scope="module")
def coaching_content() -> CoachingContent:
    return load_coaching_content(ROOT / "data" / "en")


class Clock:
    """A settable today and a clock that ticks one minute per reading."""

    def __init__(self, today: date) -> None:
        self.day = today
        self.ticks = 0

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        self.ticks += 1
        return datetime.combine(self.day, datetime.min.time(), tzinfo=UTC) + timedelta(
            hours=12, minutes=self.ticks
        )


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY)


@pytest.fixture
def coach(coaching_content: CoachingContent, store: Store, clock: Clock) -> CoachingContext:
    return CoachingContext(coaching_content, store, today=clock.today, clock=clock.now)


def page_html(root: Any) -> str:
    return "\n".join(w.value for w in all_widgets(root) if isinstance(w, widgets.HTML))


def add_rep(picker: RepPicker, name: str) -> Rep:
    picker.new_name.value = name
    picker.add_button.click()
    assert picker.rep is not None and picker.rep.name == name
    return picker.rep


def score_all(view: EvaluateView, score: int, **overrides: int) -> None:
    for competency_id, toggle in view.toggles.items():
        toggle.value = overrides.get(competency_id, score)


def fill_call(view: CallLogView, situation: str, fix: str) -> None:
    view.situation.value = situation
    view.knows.value = True
    view.can.value = False
    view.adjustments["tonality"].value = True
    view.fix.value = fix


# -- every view builds on an empty database -----------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [evaluate_view, call_log_view, do_over_view, self_check_view, progress_view, team_view],
)
def test_every_view_builds_with_no_reps(build: Any, coach: CoachingContext) -> None:
    page = build(coach)
    assert isinstance(page, widgets.VBox)
    assert "No reps yet" in page_html(page)


# -- reps -------------------------------------------------------------------------------------


def test_add_a_rep_and_refuse_the_same_name(coach: CoachingContext) -> None:
    picker = RepPicker(coach)
    assert picker.empty.layout.display == "block"
    add_rep(picker, "Dana")
    assert picker.empty.layout.display == "none"
    picker.new_name.value = "DANA"
    picker.add_button.click()
    # Refusals in the content's words, after "Not saved".
    assert coach.label("not_saved") in picker.message.value
    assert coach.label("refused_rep_exists", rep="Dana") in picker.message.value
    assert [r.name for r in coach.store.reps()] == ["Dana"]
    picker.new_name.value = "   "
    picker.add_button.click()
    assert coach.label("refused_empty") in picker.message.value


def test_demo_team_is_marked_and_removable(coach: CoachingContext) -> None:
    picker = RepPicker(coach)
    own = add_rep(picker, "Dana")
    picker.demo_button.click()
    names = [r.name for r in coach.store.reps()]
    assert names[0] == "Dana"
    assert all(n.endswith("(demo)") for n in names[1:]) and len(names) == 5
    assert picker.demo_button.layout.display == "none"
    assert coach.store.calls() and coach.store.do_overs() and coach.store.self_checks()
    picker.remove_demo_button.click()
    assert coach.store.reps() == [own]
    assert picker.rep == own


# -- evaluate ---------------------------------------------------------------------------------


def test_evaluate_saves_only_a_complete_evaluation(coach: CoachingContext) -> None:
    view = EvaluateView(coach)
    rep = add_rep(view.picker, "Dana")
    view.toggles["closing"].value = 3
    assert "1 of 21 scored" in view.count.value
    view.save_button.click()
    assert coach.label("refused_scores_missing", count=20, total=21) in view.message.value
    assert coach.store.evaluations(rep.id) == []
    score_all(view, 6, closing=3)
    view.save_button.click()
    assert "saved for Dana" in view.message.value
    [saved] = coach.store.evaluations(rep.id)
    assert saved.on == MONDAY and saved.scores["closing"] == 3
    assert bytes(view.radar.value).startswith(b"\x89PNG")


def test_evaluate_compares_with_the_previous_one(coach: CoachingContext, clock: Clock) -> None:
    view = EvaluateView(coach)
    rep = add_rep(view.picker, "Dana")
    coach.store.save_evaluation(
        Evaluation(rep.id, MONDAY - timedelta(days=30), {c: 5 for c in view.toggles})
    )
    view.load()
    assert view.previous is not None
    assert "First evaluation" not in view.comparison.value
    score_all(view, 5, closing=7, qualifying=4)
    assert "Closing: 5 → 7" in view.movement.value
    assert "(+2)" in view.movement.value and "(-1)" in view.movement.value
    # Reopening the date shows what was saved for it.
    view.save_button.click()
    view.toggles["closing"].value = 1
    view.date.value = MONDAY - timedelta(days=1)
    assert view.toggles["closing"].value is None
    view.date.value = MONDAY
    assert view.toggles["closing"].value == 7


def test_an_evaluation_in_the_future_is_refused(coach: CoachingContext) -> None:
    view = EvaluateView(coach)
    rep = add_rep(view.picker, "Dana")
    view.date.value = MONDAY + timedelta(days=1)
    score_all(view, 5)
    view.save_button.click()
    future = (MONDAY + timedelta(days=1)).isoformat()
    assert coach.label("refused_future_date", date=future) in view.message.value
    assert coach.store.evaluations(rep.id) == []


# -- the call log -----------------------------------------------------------------------------


def test_log_a_call_and_see_the_history(coach: CoachingContext) -> None:
    view = CallLogView(coach)
    rep = add_rep(view.picker, "Dana")
    fill_call(view, "Price asked <early>", "Say the range & stop")
    assert "Skill gap" in view.gap.value
    view.log_button.click()
    [call] = coach.store.calls(rep.id)
    assert call.situation == "Price asked <early>" and call.fix == "Say the range & stop"
    assert "Fixes for Dana so far: 1" in view.message.value
    assert "Say the range &amp; stop" in view.history.value
    assert "<early>" not in view.history.value
    # The form is ready for the next call; the date and minutes carry over.
    assert view.situation.value == "" and view.fix.value == "" and view.knows.value is None
    assert view.date.value == MONDAY


@pytest.mark.parametrize(
    ("change", "key", "values"),
    [
        ({"fix": "Pause after the price\nAsk for the budget"}, "refused_one_fix", {"count": 2}),
        ({"fix": "  "}, "refused_no_fix", {}),
        (
            {"date": MONDAY + timedelta(days=2)},
            "refused_future_date",
            {"date": (MONDAY + timedelta(days=2)).isoformat()},
        ),
        ({"situation": ""}, "refused_empty", {}),
        ({"knows": None}, "refused_no_answers", {}),
    ],
)
def test_call_refusals_save_nothing(
    change: dict[str, Any], key: str, values: dict[str, object], coach: CoachingContext
) -> None:
    view = CallLogView(coach)
    rep = add_rep(view.picker, "Dana")
    fill_call(view, "Price asked early", "Say the range")
    view.log_button.click()
    fill_call(view, "Second situation", "Second fix")
    for name, value in change.items():
        getattr(view, name).value = value
    view.log_button.click()
    assert escape(coach.label(key, **values)) in view.message.value
    assert [c.fix for c in coach.store.calls(rep.id)] == ["Say the range"]


def test_the_competency_starts_on_the_next_focus(coach: CoachingContext) -> None:
    view = CallLogView(coach)
    rep = add_rep(view.picker, "Dana")
    scores = {c.id: 7 for c in coach.content.competencies} | {"qualifying": 2}
    coach.store.save_evaluation(Evaluation(rep.id, MONDAY, scores))
    view.load()
    assert view.competency.value == "qualifying"
    assert "Coach Qualifying next" in view.focus.value


def test_a_long_call_is_saved_with_a_reminder(coach: CoachingContext) -> None:
    view = CallLogView(coach)
    add_rep(view.picker, "Dana")
    fill_call(view, "A long one", "One fix")
    view.minutes.value = 30
    view.log_button.click()
    assert "30 minutes is outside the 10 to 15 minute target" in view.message.value


# -- the after-call do-over and the self-check -----------------------------------------------


def test_rep_answers_first_then_the_manager(coach: CoachingContext) -> None:
    calls = CallLogView(coach)
    rep = add_rep(calls.picker, "Dana")
    fill_call(calls, "The <script>alert(1)</script> call", "One fix")
    calls.log_button.click()
    view = DoOverView(coach)
    view.picker.choose(rep.id)
    [call_id] = [c.id for c in coach.store.calls(rep.id)]
    assert view.call.value == call_id
    assert "<script>" not in view.situation.value
    assert view.insight_button.disabled and view.insight.disabled
    assert "opens once the rep has answered" in view.insight_status.value

    # Even when called past the disabled button, the domain refuses the manager going first.
    view.insight.value = "Slow down."
    assert not view.save_insight()
    assert escape(coach.label("refused_insight_first")) in view.message.value
    assert not coach.store.do_over(call_id).answered

    view.self_critique.value = "I rushed the price."
    view.answer_button.click()
    assert not view.insight_button.disabled
    assert "Answered" in view.answer_status.value
    view.insight.value = "Say it, then stop."
    view.insight_button.click()
    saved = coach.store.do_over(call_id)
    assert saved.self_critique == "I rushed the price." and saved.insight == "Say it, then stop."
    assert saved.self_critique_at is not None and saved.insight_at is not None
    assert saved.insight_at > saved.self_critique_at
    assert view.answer_button.disabled and view.self_critique.disabled


def test_do_over_with_no_calls_says_so(coach: CoachingContext) -> None:
    view = DoOverView(coach)
    add_rep(view.picker, "Dana")
    assert view.form.layout.display == "none"
    assert view.no_calls.layout.display == "block"
    assert not view.save_answer()


def test_daily_self_check_alone(coach: CoachingContext, clock: Clock) -> None:
    view = SelfCheckView(coach)
    rep = add_rep(view.picker, "Dana")
    view.save_button.click()
    assert coach.label("refused_empty") in view.message.value
    assert coach.store.self_checks(rep.id) == []
    view.answer.value = "I talked too much <again>."
    view.save_button.click()
    assert "Self-check for 2026-03-16 saved" in view.message.value
    clock.day = MONDAY + timedelta(days=1)
    view.load()
    assert view.answer.value == ""
    assert "&lt;again&gt;" in view.recent.value
    view.answer.value = "Nothing."
    view.save_button.click()
    assert "Days in a row with a self-check: 2" in view.streak.value


# -- progress -----------------------------------------------------------------------------------


def test_rep_progress_shows_fixes_cadence_and_focus(coach: CoachingContext) -> None:
    view = RepProgressView(coach)
    rep = add_rep(view.picker, "Dana")
    scores = {c.id: 6 for c in coach.content.competencies} | {"closing": 3}
    coach.store.save_evaluation(Evaluation(rep.id, MONDAY, scores))
    view.refresh()
    assert "Fixes so far: 0" in view.summary.value
    assert "Coach Closing next" in view.focus.value
    assert view.curve.layout.display == "block"


def test_team_view_escapes_names_and_lists_every_rep(coach: CoachingContext) -> None:
    picker = RepPicker(coach)
    add_rep(picker, "<b>Bold</b> Rep")
    picker.demo_button.click()
    view = TeamProgressView(coach)
    assert bytes(view.image.value).startswith(b"<?xml")
    assert len(view.rows) == 5
    assert "&lt;b&gt;Bold&lt;/b&gt; Rep" in view.table.value
    assert "<b>Bold</b>" not in view.table.value.replace("<b>&lt;", "")


# -- done when: evaluate, a week of calls, a do-over, then fixes and the next focus ------------


def test_a_managers_week(coach: CoachingContext, clock: Clock) -> None:
    evaluate = EvaluateView(coach)
    rep = add_rep(evaluate.picker, "Dana")
    score_all(evaluate, 7, money_talk=3, closing=4)
    evaluate.save_button.click()

    calls = CallLogView(coach)
    calls.picker.choose(rep.id)
    assert calls.competency.value == "money_talk"  # the lowest score comes first
    for n in range(5):
        clock.day = MONDAY + timedelta(days=n)
        calls.date.value = clock.day
        fill_call(calls, f"Price question, day {n + 1}", f"Fix number {n + 1}")
        calls.log_button.click()
        assert "Fixes for Dana so far" in calls.message.value, calls.message.value
    assert len(coach.store.calls(rep.id)) == 5

    do_over = DoOverView(coach)
    do_over.picker.choose(rep.id)
    do_over.self_critique.value = "I apologised for the price again."
    do_over.answer_button.click()
    do_over.insight.value = "Say it and stop."
    do_over.insight_button.click()
    assert coach.store.do_over(do_over.call.value).has_insight

    progress = RepProgressView(coach)
    progress.picker.choose(rep.id)
    assert "Fixes so far: 5" in progress.summary.value
    assert "This week: 5 of 3 calls" in progress.summary.value
    # Five fixes on money talk settle it (settle_after is 5): the focus moves to closing.
    assert progress.progress is not None
    assert progress.progress.focus.competency == "closing"
    assert "Coach Closing next" in progress.focus.value
