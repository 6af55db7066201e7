"""One coaching call, headless: walked in the method's order, and every step tried out of it.

Each out-of-order step is called directly, past the hidden or disabled widget a person would
not see: the view asks the domain and the store, which refuse, and the refusal is shown in the
content's words with nothing saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import ipywidgets as widgets
import pytest

from tests.support.paths import ROOT
from tests.support.widget_tree import all_widgets
from workshop.coaching.call import CoachingCall
from workshop.coaching.model import Evaluation, Rep
from workshop.content.coaching import CoachingContent
from workshop.content.coaching_files import load_coaching_content
from workshop.html import escape
from workshop.store import Store
from workshop.ui.coaching.calls import CallView
from workshop.ui.coaching.context import CoachingContext

MONDAY = date(2026, 3, 16)


@pytest.fixture(scope="module")
def coaching_content() -> CoachingContent:
    return load_coaching_content(ROOT / "data" / "en")


class Clock:
    def __init__(self) -> None:
        self.ticks = 0

    def now(self) -> datetime:
        self.ticks += 1
        return datetime(2026, 3, 16, 12, tzinfo=UTC) + timedelta(minutes=self.ticks)


@pytest.fixture
def coach(coaching_content: CoachingContent, store: Store) -> CoachingContext:
    return CoachingContext(coaching_content, store, today=lambda: MONDAY, clock=Clock().now)


@pytest.fixture
def rep(coach: CoachingContext) -> Rep:
    return coach.store.create_rep("Dana")


def visible_html(root: Any) -> str:
    """What a person sees: HTML and text boxes outside hidden boxes."""

    def walk(widget: Any) -> list[str]:
        if getattr(getattr(widget, "layout", None), "display", None) == "none":
            return []
        own = [widget.value] if isinstance(widget, widgets.HTML | widgets.Textarea) else []
        return own + [v for child in getattr(widget, "children", ()) or () for v in walk(child)]

    return "\n".join(walk(root))


def start(view: CallView, situation: str = "Price asked in minute two.") -> CoachingCall:
    view.situation.value = situation
    view.competency.value = "money_talk"
    call = view.start()
    assert call is not None, view.message.value
    return call


def saved(coach: CoachingContext) -> CoachingCall:
    [call] = coach.store.calls()
    return call


def test_a_call_walked_in_the_methods_order(coach: CoachingContext, rep: Rep) -> None:
    view = CallView(coach)
    # 1. The situation. Steps 2 to 5 show no field yet.
    assert [step.body.layout.display for step in view.steps[1:]] == ["none"] * 4
    assert all("Opens once the call is started" in step.lock.value for step in view.steps[1:])
    call = start(view, "The buyer asked <b>price</b> first.")
    assert "Ask the rep the question, and let them answer first" in view.message.value
    assert view.chooser.value == call.id and view.form.layout.display == "none"
    assert "&lt;b&gt;price&lt;/b&gt;" in view.opened.value
    # 2. The rep answers first; the manager's steps stay closed till then.
    assert view.steps[1].body.layout.display == "flex"
    assert [s.body.layout.display for s in view.steps[2:]] == ["none"] * 3
    assert "Opens once the rep has answered" in view.steps[3].lock.value
    view.rep_answer.value = "I rushed the number."
    view.answer_button.click()
    assert saved(coach).rep_answer == "I rushed the number."
    # 3. Know, then can.
    assert view.steps[2].body.layout.display == "flex" and view.can.disabled
    view.knows.value = True
    assert not view.can.disabled
    view.can.value = False
    assert (saved(coach).knows, saved(coach).can) == (True, False)
    assert "Skill gap: practise it." in view.gap.value
    # 4. The insight and its adjustments.
    assert view.steps[3].body.layout.display == "flex"
    assert view.steps[4].body.layout.display == "none"
    view.insight.value = "Say the range, then stop."
    view.adjustments["tonality"].value = True
    view.insight_button.click()
    assert saved(coach).insight == "Say the range, then stop."
    assert view.rep_answer.disabled  # kept as it was from now on
    # 5. The one fix: the call is complete and the next one can start.
    view.fix.value = "Give the range plainly, then ask what budget they have set aside."
    view.fix_button.click()
    done = saved(coach)
    assert done.complete and done.stage == "fixed"
    assert "Call complete. Fixes for Dana so far: 1." in view.message.value
    assert view.chooser.value == "" and view.form.layout.display == "flex"
    # The history shows the whole call.
    history = view.history.value
    for shown in (
        "&lt;b&gt;price&lt;/b&gt;",
        "I rushed the number.",
        "Do they know what to do? Yes",
        "Can they do it? No",
        "Skill gap: practise it.",
        "Tonality",
        "Say the range, then stop.",
        "Give the range plainly",
    ):
        assert shown in history, shown


def _situation_only(view: CallView) -> None:
    view.situation.value = "The pricing question on Tuesday."


def _open(view: CallView) -> None:
    start(view)


def _answered(view: CallView) -> None:
    start(view)
    view.rep_answer.value = "I rushed it."
    view.answer_button.click()


def _diagnosed(view: CallView) -> None:
    _answered(view)
    view.knows.value = True
    view.can.value = False


def _with_insight(view: CallView) -> None:
    _diagnosed(view)
    view.insight.value = "Slow down."
    view.adjustments["delivery"].value = True
    view.insight_button.click()


def _insight(view: CallView) -> object:
    view.insight.value = "Slow down."
    view.adjustments["words"].value = True
    return view.save_insight()


def _fix(view: CallView) -> object:
    view.fix.value = "Say it once."
    return view.save_fix()


def _answer(view: CallView) -> object:
    view.rep_answer.value = "Changed my mind."
    return view.save_answer()


OUT_OF_ORDER: list[tuple[str, Callable[[CallView], None], Callable[[CallView], object], str]] = [
    ("start with no competency", _situation_only, lambda v: v.start(), "refused_no_competency"),
    ("the answer with no call", lambda v: None, _answer, "refused_no_call"),
    ("know before the rep", _open, lambda v: v.set_knows(True), "refused_rep_first"),
    ("can before the rep", _open, lambda v: v.set_can(True), "refused_rep_first"),
    ("insight before the rep", _open, _insight, "refused_rep_first"),
    ("fix before the rep", _open, _fix, "refused_rep_first"),
    ("can before know", _answered, lambda v: v.set_can(True), "refused_knows_first"),
    ("insight before both answers", _answered, _insight, "refused_no_answers"),
    ("fix before the insight", _diagnosed, _fix, "refused_fix_early"),
    ("an empty answer", _open, lambda v: v.save_answer(), "refused_empty"),
    ("the answer after the insight", _with_insight, _answer, "refused_answer_kept"),
]


@pytest.mark.parametrize(
    ("before", "step", "label"),
    [case[1:] for case in OUT_OF_ORDER],
    ids=[case[0] for case in OUT_OF_ORDER],
)
def test_every_step_out_of_order_is_refused_and_saves_nothing(
    before: Callable[[CallView], None],
    step: Callable[[CallView], object],
    label: str,
    coach: CoachingContext,
    rep: Rep,
) -> None:
    view = CallView(coach)
    before(view)
    kept = coach.store.calls()
    result = step(view)
    assert result in (None, False)
    assert coach.label("not_saved") in view.message.value
    assert escape(coach.label(label)) in view.message.value
    assert coach.store.calls() == kept


def test_a_fix_that_lists_several_things_is_refused(coach: CoachingContext, rep: Rep) -> None:
    view = CallView(coach)
    _with_insight(view)
    view.fix.value = "1. Shorter subject line 2. Propose a date 3. Cut the attachments"
    assert view.save_fix() is None
    assert escape(coach.label("refused_one_fix", count=3)) in view.message.value
    assert not saved(coach).complete
    view.fix.value = "Propose a date in the subject line."
    assert view.save_fix() is not None


def test_nothing_of_the_managers_shows_before_the_rep_has_answered(
    coach: CoachingContext, rep: Rep
) -> None:
    view = CallView(coach)
    start(view)
    page = visible_html(view.widget)
    assert coach.content.insight_prompt not in page
    assert coach.label("fix_hint") not in page
    assert coach.content.knows_question not in page.replace(coach.label("step_diagnosis"), "")
    assert coach.content.do_over_question in page  # the question the rep answers


def test_the_competency_is_chosen_and_the_next_focus_only_suggested(
    coach: CoachingContext, rep: Rep
) -> None:
    scores = {c.id: 7 for c in coach.content.competencies} | {"qualifying": 2}
    coach.store.save_evaluation(Evaluation(rep.id, MONDAY, scores))
    view = CallView(coach)
    assert view.competency.value is None  # never silently pre-set
    assert "Suggestion: Qualifying, the next focus." in view.suggestion.value
    assert "Coach Qualifying next" in view.suggestion.value
    view.situation.value = "The pricing question on Tuesday."
    assert view.start() is None
    assert escape(coach.label("refused_no_competency")) in view.message.value
    view.use_suggestion.click()
    assert view.competency.value == "qualifying"
    view.competency.value = "money_talk"  # the manager files it where it belongs
    assert view.start() is not None
    assert saved(coach).competency == "money_talk"


def test_the_rep_answers_on_their_page_and_the_manager_picks_it_up(
    coach: CoachingContext, rep: Rep
) -> None:
    view = CallView(coach)
    call = start(view)
    # The rep, on their phone.
    coach.store.save_call(call.with_rep_answer("From my phone.", coach.clock(), 2000))
    assert view.steps[2].body.layout.display == "none"  # not read yet
    view.check_button.click()
    assert view.rep_answer.value == "From my phone."
    assert view.steps[2].body.layout.display == "flex"
    # A new view (another day, another notebook) offers the call under way.
    again = CallView(coach)
    labels = [label for label, _ in again.chooser.options]
    assert labels[0] == "A new call"
    assert labels[1] == "2026-03-16 · Comfortable discussing money · waiting for know and can"
    again.chooser.value = call.id
    assert again.call is not None and again.call.rep_answer == "From my phone."


def test_a_screen_behind_the_reps_revision_is_refused_and_shows_the_new_answer(
    coach: CoachingContext, rep: Rep
) -> None:
    view = CallView(coach)
    _answered(view)
    current = coach.store.calls()[0]
    coach.store.save_call(
        current.with_rep_answer("I rushed it, and apologised.", coach.clock(), 2000)
    )
    view.knows.value = True
    assert escape(coach.label("refused_answer_changed")) in view.message.value
    assert view.rep_answer.value == "I rushed it, and apologised."  # shown again, to read
    assert view.knows.value is None and saved(coach).knows is None
    view.knows.value = True
    assert saved(coach).knows is True


def test_typed_text_is_escaped_everywhere(coach: CoachingContext, rep: Rep) -> None:
    view = CallView(coach)
    start(view, "<img src=x onerror=alert(1)>")
    view.rep_answer.value = "<script>alert(2)</script>"
    view.answer_button.click()
    view.load(view.call.id if view.call else None)
    for html in (w.value for w in all_widgets(view.widget) if isinstance(w, widgets.HTML)):
        assert "<img src=x" not in html and "<script>" not in html


def test_a_refused_step_keeps_what_the_manager_typed(coach: CoachingContext, rep: Rep) -> None:
    view = CallView(coach)
    start(view)
    view.insight.value = "Say the range, then stop."
    view.adjustments["tonality"].value = True
    assert view.save_insight() is None  # the rep has not answered
    assert view.insight.value == "Say the range, then stop."
    assert view.adjustments["tonality"].value
    _answered_now(view)
    view.knows.value, view.can.value = True, False
    assert view.save_insight() is not None
    view.fix.value = "1. Ask 2. Propose"
    assert view.save_fix() is None
    assert view.fix.value == "1. Ask 2. Propose"  # to cut down, not to type again


def _answered_now(view: CallView) -> None:
    view.rep_answer.value = "I rushed it."
    view.answer_button.click()
