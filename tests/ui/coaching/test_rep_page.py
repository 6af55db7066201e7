"""The rep's own page, headless: behind a personal code, only the rep's own records, the daily
self-check with its streak, the call that waits for the rep's answer, and a phone's layout."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import ipywidgets as widgets
import pytest

from tests.support.paths import ROOT
from tests.support.widget_tree import all_widgets, html_values
from workshop.coaching.call import CoachingCall, open_call
from workshop.coaching.demo import demo_team
from workshop.coaching.model import Evaluation, Rep
from workshop.content.coaching import CoachingContent
from workshop.content.coaching_files import load_coaching_content
from workshop.html import escape
from workshop.store import Store
from workshop.ui.coaching.calls import CallView
from workshop.ui.coaching.context import CoachingContext
from workshop.ui.coaching.rep_page import RepPage, RepRefusal, RepSignIn, rep_page
from workshop.ui.coaching.rep_pages import RepCodesView

MONDAY = date(2026, 3, 16)


@pytest.fixture(scope="module")
def coaching_content() -> CoachingContent:
    return load_coaching_content(ROOT / "data" / "en")


class Day:
    def __init__(self) -> None:
        self.day = MONDAY

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        return datetime.combine(self.day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=18)


@pytest.fixture
def day() -> Day:
    return Day()


def page_for(store: Store, content: CoachingContent, code: str, day: Day) -> RepPage:
    found = rep_page(store, content, code, today=day.today, clock=day.now)
    assert isinstance(found, RepPage), found
    return found


def text_of(root: Any) -> str:
    return "\n".join(html_values(root))


def a_call(rep: Rep, content: CoachingContent, call_id: str, situation: str) -> CoachingCall:
    return open_call(
        rep_id=rep.id,
        on=MONDAY,
        minutes=12,
        medium="call",
        situation=situation,
        competency="closing",
        content=content,
        today=MONDAY,
        at=datetime(2026, 3, 16, 9, tzinfo=UTC),
        call_id=call_id,
    )


@pytest.mark.parametrize(
    ("typed", "reason", "label"),
    [
        ("", "code_malformed", "a personal code has 12 letters and digits"),
        ("K7QM-3XPA", "code_malformed", "a personal code has 12 letters and digits"),
        ("K7QM-3XPA-7TRD", "code_unknown", "that code does not open a page"),
    ],
)
def test_no_page_without_a_valid_code(
    typed: str, reason: str, label: str, store: Store, coaching_content: CoachingContent
) -> None:
    store.issue_rep_code(store.create_rep("Dana").id)
    found = rep_page(store, coaching_content, typed)
    assert isinstance(found, RepRefusal)
    assert found.reason == reason
    assert escape(label) in found.widget.value
    assert "Dana" not in found.widget.value


def test_a_revoked_code_is_refused(
    store: Store, coaching_content: CoachingContent, day: Day
) -> None:
    rep = store.create_rep("Dana")
    code = store.issue_rep_code(rep.id)
    assert page_for(store, coaching_content, code, day).rep == rep
    store.revoke_rep_code(rep.id)
    found = rep_page(store, coaching_content, code)
    assert isinstance(found, RepRefusal) and found.reason == "code_revoked"
    assert "that code was revoked" in found.widget.value


def test_one_reps_code_reads_only_that_reps_records(
    store: Store, coaching_content: CoachingContent, day: Day
) -> None:
    team = demo_team(coaching_content, MONDAY)
    store.import_coaching(team.people, team.evaluations, team.calls, team.self_checks)
    alex, sam = team.reps[0], team.reps[1]
    page = page_for(store, coaching_content, store.issue_rep_code(alex.id), day)
    shown = text_of(page.widget)
    assert "Hi Alex (demo)" in shown and "Sam (demo)" not in shown
    alex_fixes = {escape(c.fix) for c in team.calls if c.rep_id == alex.id and c.complete}
    others = {escape(c.fix) for c in team.calls if c.rep_id != alex.id and c.complete}
    recent = [f for f in alex_fixes if f in shown]
    assert len(recent) == 5  # the last five
    assert not [f for f in others - alex_fixes if f in shown]
    # Sam's call that waits for his answer is on his page, not on Alex's.
    waiting = next(c for c in team.calls if c.rep_id == sam.id and not c.answered)
    assert escape(waiting.situation) not in shown
    sams = page_for(store, coaching_content, store.issue_rep_code(sam.id), day)
    assert escape(waiting.situation) in text_of(sams.widget)
    # A call id of another rep's is refused even if it reaches the page.
    sams.waiting[0].call_id = next(c.id for c in team.calls if c.rep_id == alex.id)
    sams.waiting[0].answer.value = "Not mine."
    assert not sams.waiting[0].save()
    assert "this call belongs to another rep" in sams.waiting[0].message.value


def test_the_self_check_saves_and_the_streak_shows(
    store: Store, coaching_content: CoachingContent, day: Day
) -> None:
    rep = store.create_rep("Dana")
    code = store.issue_rep_code(rep.id)
    page = page_for(store, coaching_content, code, day)
    assert coaching_content.self_check_question in text_of(page.widget)
    assert "Start your streak today." in page.streak.value
    page.save_button.click()
    assert "write a few words first" in page.message.value
    page.self_check.value = "I talked <too> much."
    page.save_button.click()
    assert "Self-check for 2026-03-16 saved." in page.message.value
    assert [c.answer for c in store.self_checks(rep.id)] == ["I talked <too> much."]
    assert "Days in a row: 1" in page.streak.value
    day.day = MONDAY + timedelta(days=1)
    page = page_for(store, coaching_content, code, day)
    assert page.self_check.value == ""  # a new day, a new self-check
    page.self_check.value = "Nothing."
    page.save_button.click()
    assert "Days in a row: 2" in page.streak.value
    # The manager's team view counts it: the self-managed team's measure.
    coach = CoachingContext(coaching_content, store, day.today, day.now)
    assert "Self-checks in the last 14 days: 2" in RepCodesView(coach).team.value


def test_the_rep_answers_first_from_their_page(
    store: Store, coaching_content: CoachingContent, day: Day
) -> None:
    rep = store.create_rep("Dana")
    store.save_call(a_call(rep, coaching_content, "c1", "The <b>send me something</b> call."))
    page = page_for(store, coaching_content, store.issue_rep_code(rep.id), day)
    [waiting] = page.waiting
    shown = text_of(page.widget)
    assert "The &lt;b&gt;send me something&lt;/b&gt; call." in shown
    assert coaching_content.do_over_question in shown
    waiting.answer.value = "I said yes to the brochure."
    waiting.save_button.click()
    assert "Saved. Your manager takes it from here." in waiting.message.value
    assert store.call("c1").rep_answer == "I said yes to the brochure."
    # The manager's view opens its steps on that answer.
    coach = CoachingContext(coaching_content, store, day.today, day.now)
    view = CallView(coach)
    assert view.chooser.value == "c1"  # the call under way opens by itself
    assert "I said yes to the brochure." in view.answer_shown.value  # read-only, the rep's
    assert "answered on their own page" in view.answer_shown.value
    assert view.answer_entry.layout.display == "none"
    assert view.steps[2].body.layout.display == "flex"


def test_the_page_shows_the_focus_the_fixes_and_the_curve(
    store: Store, coaching_content: CoachingContent, day: Day
) -> None:
    rep = store.create_rep("Dana")
    scores = {c.id: 7 for c in coaching_content.competencies} | {"closing": 3}
    store.save_evaluation(Evaluation(rep.id, MONDAY, scores))
    page = page_for(store, coaching_content, store.issue_rep_code(rep.id), day)
    assert "Your focus now: Closing." in page.focus.value
    assert "No fixes yet." in page.fixes.value and "0 fixes so far; the next mark is 50." in (
        page.fixes.value
    )
    assert bytes(page.curve.value).startswith(b"\x89PNG")


def test_the_sign_in_opens_the_page_in_its_place(
    store: Store, coaching_content: CoachingContent
) -> None:
    rep = store.create_rep("Dana")
    code = store.issue_rep_code(rep.id)
    sign_in = RepSignIn(store, coaching_content)
    sign_in.code.value = "2222-2222-2222"
    sign_in.open_button.click()
    assert "that code does not open a page" in sign_in.message.value
    assert sign_in.page is None
    sign_in.code.value = code.lower()
    sign_in.open_button.click()
    assert sign_in.page is not None and sign_in.page.rep == rep
    assert sign_in.widget.children[1:] == (sign_in.page.widget,)  # after its stylesheet
    assert RepSignIn(store, coaching_content, code).page is not None  # from ?code= in the URL


def test_the_page_is_laid_out_for_a_phone(
    store: Store, coaching_content: CoachingContent, day: Day
) -> None:
    rep = store.create_rep("Dana")
    store.save_call(a_call(rep, coaching_content, "c1", "A call."))
    page = page_for(store, coaching_content, store.issue_rep_code(rep.id), day)
    everything = list(all_widgets(page.widget))
    buttons = [w for w in everything if isinstance(w, widgets.Button)]
    assert len(buttons) == 2
    for button in buttons:
        assert button.layout.width == "100%"
        assert int(button.layout.min_height.removesuffix("px")) >= 44  # a thumb's tap target
        assert button.style.font_size == "16px"
    for box in (w for w in everything if isinstance(w, widgets.Textarea)):
        assert box.layout.width == "100%" and box.style.font_size == "16px"
    assert page.widget.layout.width == "100%"
    assert page.curve.layout.width == "100%"
    layouts = [id(w.layout) for w in everything]
    assert len(layouts) == len(set(layouts))


def test_the_reps_answer_stays_theirs_on_their_page(
    store: Store, coaching_content: CoachingContent, day: Day
) -> None:
    """The rep answers, sees when, may change it until the manager's insight, then sees it
    kept as given."""
    rep = store.create_rep("Dana")
    store.save_call(a_call(rep, coaching_content, "c1", "The brochure call."))
    code = store.issue_rep_code(rep.id)
    page = page_for(store, coaching_content, code, day)
    [waiting] = page.waiting
    assert waiting.given.value == ""
    waiting.answer.value = "I said yes to the brochure."
    waiting.save_button.click()
    assert "You answered at" in waiting.given.value
    assert store.call("c1").rep_answer_by == "rep"
    waiting.answer.value = "I said yes to the brochure, and lost the date."
    assert waiting.save()  # still the rep's to change
    call = store.call("c1")
    with_insight = (
        call.with_knows(True)
        .with_can(False)
        .with_insight("Ask what they will do with it.", ["words"], day.now(), 2000)
    )
    store.save_call(with_insight)
    page = page_for(store, coaching_content, code, day)
    assert page.waiting == []
    kept = [w for w in all_widgets(page.widget) if "workshop-rep-kept-answer" in w._dom_classes]
    assert len(kept) == 1 and "and lost the date." in kept[0].value
