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
    assert call.minutes is None and "since the call opened" in view.clock.value
    # 2. The rep answers first; the manager's steps stay closed till then.
    assert view.steps[1].body.layout.display == "flex"
    assert [s.body.layout.display for s in view.steps[2:]] == ["none"] * 3
    assert "Opens once the rep has answered" in view.steps[3].lock.value
    assert view.note_side.layout.display == "none"  # a note goes beside an answer
    view.rep_answer.value = "I rushed the <i>number</i>."
    view.answer_button.click()
    assert saved(coach).rep_answer == "I rushed the <i>number</i>."
    assert saved(coach).rep_answer_by == "coach"  # typed in the call, in the rep's words
    # The rep's words are shown, not edited; the manager's note goes beside them.
    assert view.answer_entry.layout.display == "none"
    assert "I rushed the &lt;i&gt;number&lt;/i&gt;." in view.answer_shown.value
    assert "Typed in the call at" in view.answer_shown.value
    view.note.value = "She named it before I did."
    view.note_button.click()
    assert saved(coach).coach_note == "She named it before I did."
    assert "Your note, saved at" in view.note_status.value
    # 3. Know, then can.
    assert view.steps[2].body.layout.display == "flex" and view.can.disabled
    view.knows.value = True
    assert not view.can.disabled
    view.can.value = False
    assert (saved(coach).knows, saved(coach).can) == (True, False)
    assert saved(coach).diagnosed_at is not None
    assert "Skill gap: practise it." in view.gap.value
    # 4. The insight and its adjustments.
    assert view.steps[3].body.layout.display == "flex"
    assert view.steps[4].body.layout.display == "none"
    view.insight.value = "Say the range, then stop."
    view.adjustments["tonality"].value = True
    view.insight_button.click()
    assert saved(coach).insight == "Say the range, then stop."
    # 5. A fix that reads as two asks which one this call fixes; the other is parked.
    view.fix.value = "Say the range once and ask what budget they have set aside."
    view.fix_button.click()
    assert not saved(coach).complete
    assert view.decision.layout.display == "flex"
    assert "This reads as 2 fixes" in view.decision_text.value
    assert [b.description for b in view.keep_buttons.children] == [
        "Keep: Say the range once",
        "Keep: ask what budget they have set aside.",
    ]
    assert view.one_thing_button.layout.display == "inline-flex"
    view.keep_buttons.children[0].click()
    done = saved(coach)
    assert done.complete and done.fix == "Say the range once"
    assert done.parked == ("Ask what budget they have set aside.",)
    assert done.measured_seconds and done.measured_seconds > 0
    assert "Call complete. Fixes for Dana so far: 1." in view.message.value
    assert "Parked for a later call: Ask what budget they have set aside." in view.message.value
    assert view.chooser.value == "" and view.form.layout.display == "flex"
    assert view.decision.layout.display == "none" and view.clock.value == ""
    # The history shows the whole call; the parked fix is offered for the next one.
    history = view.history.value
    for shown in (
        "&lt;b&gt;price&lt;/b&gt;",
        "I rushed the &lt;i&gt;number&lt;/i&gt;.",
        "She named it before I did.",
        "Skill gap: practise it.",
        "Tonality",
        "Say the range, then stop.",
        "Say the range once",
        "Typed as",
        "min (measured)",
    ):
        assert shown in history, shown
    assert "Ask what budget they have set aside." in visible_html(view.parked)


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
    view.rep_answer.value = "Manager rewrote this: I should have closed harder."
    return view.save_answer()


def _note(view: CallView) -> object:
    view.note.value = "My own view."
    return view.save_note()


OUT_OF_ORDER: list[tuple[str, Callable[[CallView], None], Callable[[CallView], object], str]] = [
    ("start with no competency", _situation_only, lambda v: v.start(), "refused_no_competency"),
    ("the answer with no call", lambda v: None, _answer, "refused_no_call"),
    ("know before the rep", _open, lambda v: v.set_knows(True), "refused_rep_first"),
    ("can before the rep", _open, lambda v: v.set_can(True), "refused_rep_first"),
    ("insight before the rep", _open, _insight, "refused_rep_first"),
    ("fix before the rep", _open, _fix, "refused_rep_first"),
    ("a note before the rep", _open, _note, "refused_note_early"),
    ("can before know", _answered, lambda v: v.set_can(True), "refused_knows_first"),
    ("insight before both answers", _answered, _insight, "refused_no_answers"),
    ("fix before the insight", _diagnosed, _fix, "refused_fix_early"),
    ("an empty answer", _open, lambda v: v.save_answer(), "refused_empty"),
    ("over the rep's answer", _answered, _answer, "refused_answer_is_reps"),
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


def test_the_reps_words_from_their_page_cannot_be_overwritten(
    coach: CoachingContext, rep: Rep
) -> None:
    """A rep answered on their page; the manager sees the words, cannot type over them (no box
    to type in, and the store refuses a save past it), and adds a note beside them."""
    view = CallView(coach)
    call = start(view)
    words = "I would have let the silence sit."
    coach.store.save_call(call.with_rep_answer(words, coach.clock(), 2000))
    view.check_button.click()
    assert view.answer_entry.layout.display == "none"
    assert (
        words in view.answer_shown.value and "answered on their own page" in view.answer_shown.value
    )
    assert _answer(view) is None
    assert escape(coach.label("refused_answer_is_reps")) in view.message.value
    assert saved(coach).rep_answer == words and saved(coach).rep_answer_by == "rep"
    assert _note(view) is not None
    assert (saved(coach).rep_answer, saved(coach).coach_note) == (words, "My own view.")


def test_a_list_by_its_shape_keeps_one_and_parks_the_rest(coach: CoachingContext, rep: Rep) -> None:
    view = CallView(coach)
    _with_insight(view)
    view.fix.value = "1. Shorter subject line 2. Propose a date 3. Cut the attachments"
    assert view.save_fix() is None
    assert not saved(coach).complete
    assert len(view.keep_buttons.children) == 3
    assert view.one_thing_button.layout.display == "none"  # a numbered list is several
    assert view.save_fix(one_thing=True) is None  # and past the hidden button, refused
    assert escape(coach.label("refused_one_fix_sure", count=3)) in view.message.value
    view.keep_buttons.children[1].click()
    done = saved(coach)
    assert done.fix == "Propose a date" and done.fix_decision == "kept"
    assert done.parked == ("Shorter subject line", "Cut the attachments")


def test_the_manager_may_say_a_fix_is_one_thing(coach: CoachingContext, rep: Rep) -> None:
    view = CallView(coach)
    _with_insight(view)
    view.fix.value = "Call the champion this week and ask for an introduction to the CFO."
    view.fix_button.click()
    assert view.decision.layout.display == "flex"
    view.one_thing_button.click()
    done = saved(coach)
    assert done.complete and done.fix_decision == "one_thing" and done.parked == ()
    assert "Saved as one thing, as you said." in view.message.value
    assert "the manager said it is one thing" in view.history.value


def test_a_parked_fix_starts_a_later_call(coach: CoachingContext, rep: Rep) -> None:
    view = CallView(coach)
    _with_insight(view)
    view.fix.value = "Shorter subject line and propose a date"
    view.save_fix(keep=0)
    [use] = [w for w in all_widgets(view.parked) if isinstance(w, widgets.Button)]
    use.click()
    assert view.situation.value == "Propose a date"
    assert view.competency.value == "money_talk"
    later = view.start()
    assert later is not None and later.from_parked == f"{saved_first(coach).id}:0"
    view.load("")
    assert not [w for w in all_widgets(view.parked) if isinstance(w, widgets.Button)]


def saved_first(coach: CoachingContext) -> CoachingCall:
    return coach.store.calls()[0]


def test_the_clock_runs_from_opening_and_says_gently_when_it_runs_long(
    coach: CoachingContext, rep: Rep
) -> None:
    clock = FixedClock(datetime(2026, 3, 16, 9, 0, tzinfo=UTC))
    coach.clock = clock.now
    view = CallView(coach)
    start(view)
    assert view.ticker.playing
    clock.at += timedelta(minutes=4, seconds=7)
    view.ticker.value += 1
    assert "4:07 since the call opened" in view.clock.value
    assert "getting long" not in view.clock.value
    clock.at += timedelta(minutes=12)
    view.ticker.value += 1
    assert "16:07 since the call opened" in view.clock.value
    assert "past 15, the call is getting long" in view.clock.value


def test_a_call_logged_afterwards_has_its_length_typed(coach: CoachingContext, rep: Rep) -> None:
    view = CallView(coach)
    assert view.minutes.layout.display == "none"  # now: the clock measures it
    view.timing.value = "after"
    assert view.minutes.layout.display == "flex"
    view.minutes.value = 14
    call = start(view)
    assert call.minutes == 14 and view.clock.value == ""  # no clock: its length is typed


class FixedClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


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


def test_the_rep_answers_on_their_page_and_the_view_picks_it_up(
    coach: CoachingContext, rep: Rep
) -> None:
    view = CallView(coach)
    call = start(view)
    assert view.chooser.label.endswith("waiting for the rep's answer")
    # The rep, on their phone.
    coach.store.save_call(call.with_rep_answer("From my phone.", coach.clock(), 2000))
    assert view.steps[2].body.layout.display == "none"  # not read yet
    for _ in range(5):  # the clock's ticks read the call again every few seconds
        view.ticker.value += 1
    assert "From my phone." in view.answer_shown.value
    assert view.steps[2].body.layout.display == "flex"
    assert view.chooser.label.endswith("waiting for know and can")  # the dropdown follows
    # Opened again (another day, another notebook), the view picks the call up.
    again = CallView(coach)
    labels = [label for label, _ in again.chooser.options]
    assert labels[0] == "A new call"
    assert labels[1] == "2026-03-16 · Comfortable discussing money · waiting for know and can"
    assert again.chooser.value == call.id and again.call is not None
    assert again.call.rep_answer == "From my phone." and again.form.layout.display == "none"


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
    assert "I rushed it, and apologised." in view.answer_shown.value  # shown again, to read
    assert view.knows.value is None and saved(coach).knows is None
    view.knows.value = True
    assert saved(coach).knows is True


def test_typed_text_is_escaped_everywhere(coach: CoachingContext, rep: Rep) -> None:
    view = CallView(coach)
    start(view, "<img src=x onerror=alert(1)>")
    view.rep_answer.value = "<script>alert(2)</script>"
    view.answer_button.click()
    view.note.value = "<b onclick=x>note</b>"
    view.note_button.click()
    view.load(view.call.id if view.call else None)
    for html in (w.value for w in all_widgets(view.widget) if isinstance(w, widgets.HTML)):
        assert "<img src=x" not in html and "<script>" not in html and "<b onclick" not in html


def test_a_refused_step_keeps_what_the_manager_typed(coach: CoachingContext, rep: Rep) -> None:
    view = CallView(coach)
    start(view)
    view.insight.value = "Say the range, then stop."
    view.adjustments["tonality"].value = True
    assert view.save_insight() is None  # the rep has not answered
    assert view.insight.value == "Say the range, then stop."
    assert view.adjustments["tonality"].value
    view.rep_answer.value = "I rushed it."
    view.answer_button.click()
    view.knows.value, view.can.value = True, False
    assert view.save_insight() is not None
    view.fix.value = "1. Ask 2. Propose"
    assert view.save_fix() is None
    assert view.fix.value == "1. Ask 2. Propose"  # to choose from, not to type again


def test_a_director_coaches_a_manager_with_the_same_call(coach: CoachingContext) -> None:
    director = coach.store.create_rep("Morgan", role="director")
    manager = coach.store.create_rep("Casey", role="manager", coach_id=director.id)
    view = CallView(coach)
    view.picker.choose(manager.id)
    offered = {value for _, value in view.competency.options}
    assert offered == {c.id for c in coach.content.for_role("manager").competencies}
    view.situation.value = "Coached Sam once last week, for forty minutes."
    view.competency.value = "coaches_often"
    call = view.start()
    assert call is not None and call.coach_id == director.id and call.rep_id == manager.id
