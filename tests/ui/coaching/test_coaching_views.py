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
from workshop.store import Store
from workshop.ui.coaching.calls import CallView, call_log_view
from workshop.ui.coaching.context import CoachingContext
from workshop.ui.coaching.director import director_view
from workshop.ui.coaching.evaluate import SCORE_BUTTON, EvaluateView, evaluate_view
from workshop.ui.coaching.picker import RepPicker
from workshop.ui.coaching.progress import (
    RepProgressView,
    TeamProgressView,
    progress_view,
    team_view,
)
from workshop.ui.coaching.rep_pages import RepCodesView, rep_pages_view

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


# -- every view builds on an empty database -----------------------------------------------------


VIEWS = [evaluate_view, call_log_view, rep_pages_view, progress_view, team_view]
#: Every view, the director's too (whose picker offers directors only, and says so itself).
ALL_VIEWS = [*VIEWS, director_view]
PICKING_VIEWS = [EvaluateView, CallView, RepCodesView, RepProgressView]


def shown_html(root: Any) -> str:
    """The markup of the HTML widgets a person sees: none inside a hidden box."""

    def walk(widget: Any) -> list[str]:
        if getattr(getattr(widget, "layout", None), "display", None) == "none":
            return []
        own = [widget.value] if isinstance(widget, widgets.HTML) else []
        return own + [v for child in getattr(widget, "children", ()) or () for v in walk(child)]

    return "\n".join(walk(root))


@pytest.mark.parametrize("build", VIEWS)
def test_every_view_builds_with_no_reps(build: Any, coach: CoachingContext) -> None:
    page = build(coach)
    assert isinstance(page, widgets.VBox)
    assert "No reps yet" in shown_html(page)


@pytest.mark.parametrize("build", VIEWS)
def test_no_reps_yet_is_not_said_once_there_are_reps(build: Any, coach: CoachingContext) -> None:
    coach.store.create_rep("Dana")
    page = build(coach)
    assert "No reps yet" not in shown_html(page)
    assert "Dana" in shown_html(page) or any(
        "Dana" in str(getattr(w, "options", "")) for w in all_widgets(page)
    )


@pytest.mark.parametrize("build", ALL_VIEWS)
def test_each_view_shows_its_heading_once(build: Any, coach: CoachingContext) -> None:
    headings = [h for h in page_html(build(coach)).split("<h2>")[1:]]
    assert len(headings) == 1


def _label_width_problems(root: Any) -> list[str]:
    """Widgets whose words ipywidgets would cut: fixed-width buttons, 80 px descriptions,
    toggle buttons narrower than their longest label."""
    problems = []
    for widget in all_widgets(root):
        if isinstance(widget, widgets.Button | widgets.ToggleButton):
            if widget.layout.width not in ("auto", "100%"):
                problems.append(f"button {widget.description!r} width {widget.layout.width}")
        elif isinstance(widget, widgets.ToggleButtons):
            width = widget.style.button_width
            longest = max(len(str(label)) for label in widget._options_labels)
            if width != "auto" and float(width.removesuffix("em")) < 1.2 + 0.65 * longest:
                problems.append(f"toggles {widget._options_labels} at {width}")
            if widget.description and widget.style.description_width != "initial":
                problems.append(f"toggles {widget.description!r} description cut")
        elif (
            getattr(widget, "description", "")
            and hasattr(widget, "style")
            and widget.style.description_width != "initial"
        ):
            problems.append(f"{type(widget).__name__} {widget.description!r} cut at 80 px")
    return problems


@pytest.mark.parametrize("build", ALL_VIEWS)
def test_no_label_is_cut(build: Any, coach: CoachingContext) -> None:
    coach.store.create_rep("Dana")
    assert _label_width_problems(build(coach)) == []


def test_the_width_check_catches_what_was_cut() -> None:
    cut = widgets.VBox(
        [
            widgets.Button(description="Save the rep's answer"),
            widgets.ToggleButtons(options=["1", "10"], style={"button_width": "2.2em"}),
            widgets.Dropdown(description="Competency", options=["a"]),
        ]
    )
    assert len(_label_width_problems(cut)) == 3
    assert float(SCORE_BUTTON.removesuffix("em")) >= 1.2 + 0.65 * 2


@pytest.mark.parametrize("first", PICKING_VIEWS)
@pytest.mark.parametrize("then", PICKING_VIEWS)
def test_the_rep_is_picked_once_and_remembered_across_views(
    first: Any, then: Any, coach: CoachingContext
) -> None:
    coach.store.create_rep("Alba")
    view = first(coach)
    assert view.picker.rep.name == "Alba"
    add_rep(view.picker, "Dana")  # adding chooses her
    lee = coach.store.create_rep("Lee")
    view.picker.refresh()
    view.picker.choose(lee.id)
    assert then(coach).picker.rep == lee
    # Even in a new kernel: the choice is in the database.
    fresh = CoachingContext(coach.content, coach.store, coach.today, coach.clock)
    assert then(fresh).picker.rep == lee


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
    assert all(n.endswith("(demo)") for n in names[1:]) and len(names) == 8
    roles = sorted(r.role for r in coach.store.reps()[1:])
    assert roles == ["director", "manager", "manager", "rep", "rep", "rep", "rep"]
    assert picker.demo_button.layout.display == "none"
    assert coach.store.calls() and coach.store.self_checks()
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


def test_picking_a_rep_shows_their_latest_evaluation(coach: CoachingContext) -> None:
    dana, lee = coach.store.create_rep("Dana"), coach.store.create_rep("Lee")
    scores = {c.id: 5 for c in coach.content.competencies}
    coach.store.save_evaluation(Evaluation(dana.id, MONDAY - timedelta(60), scores))
    coach.store.save_evaluation(Evaluation(dana.id, MONDAY - timedelta(7), scores | {"closing": 8}))
    view = EvaluateView(coach)
    view.picker.choose(lee.id)
    assert view.date.value == MONDAY and view.scores == {}
    assert "Lee has no evaluation yet" in view.showing.value
    view.picker.choose(dana.id)
    assert view.date.value == MONDAY - timedelta(7)
    assert view.toggles["closing"].value == 8 and len(view.scores) == 21
    assert "latest evaluation, of 2026-03-09" in view.showing.value
    assert view.previous is not None and view.previous.on == MONDAY - timedelta(60)
    view.new_button.click()  # a new one, today, blank, over the latest
    assert view.date.value == MONDAY and view.scores == {}
    assert view.previous is not None and view.previous.on == MONDAY - timedelta(7)


def test_progress_shows_each_competencys_trend_once_evaluated(coach: CoachingContext) -> None:
    view = RepProgressView(coach)
    rep = add_rep(view.picker, "Dana")
    assert view.trends.layout.display == "none"  # nothing to draw before an evaluation
    assert bytes(view.curve.value).startswith(b"\x89PNG")  # the empty curve says so
    coach.store.save_evaluation(
        Evaluation(rep.id, MONDAY, {c.id: 6 for c in coach.content.competencies})
    )
    view.refresh()
    assert view.trends.layout.display == "block"
    assert bytes(view.trends.value).startswith(b"\x89PNG")
    assert "Self-checks in the last 14 days: 0" in view.summary.value


def test_team_view_shows_each_reps_self_checks(coach: CoachingContext) -> None:
    picker = RepPicker(coach)
    picker.demo_button.click()
    view = TeamProgressView(coach)
    rates = [row.self_checks.done for row in view.rows]
    assert max(rates) >= 10 and min(rates) == 0
    assert f"Self-checks in the last 14 days: {max(rates)}" in view.table.value
    assert "Self-checks, last 14 days" in bytes(view.image.value).decode("utf-8")


@pytest.mark.parametrize("build", ALL_VIEWS)
def test_no_two_widgets_share_a_layout(build: Any, coach: CoachingContext) -> None:
    """Hiding a widget sets its layout's display: a layout shared by two widgets hid both (the
    call's own form took step 2 with it)."""
    coach.store.create_rep("Dana")
    layouts = [id(w.layout) for w in all_widgets(build(coach)) if hasattr(w, "layout")]
    assert len(layouts) == len(set(layouts))
