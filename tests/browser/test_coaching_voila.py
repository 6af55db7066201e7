"""Coaching in a real browser, served by Voilà: the rep's own page on a phone, and a manager
walking one coaching call in the method's order on a laptop. What only a browser shows: no
word cut, no sideways scrolling, tap targets a thumb can hit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import WAIT_MS
from tests.support.paths import ROOT
from workshop.coaching.demo import demo_team
from workshop.coaching.model import Evaluation
from workshop.content.coaching_files import load_coaching_content
from workshop.store import Store

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
#: Words cut by their box (an ellipsis), boxes wider than the screen, small tap targets.
MEASURE = """() => {
  const shown = (el) => el.offsetParent !== null;
  const cut = [...document.querySelectorAll('button, .widget-label, label, .widget-html')]
    .filter((el) => shown(el) && el.scrollWidth > el.clientWidth + 1)
    .map((el) => `${(el.innerText || '').slice(0, 40)} ${el.scrollWidth}>${el.clientWidth}`);
  const small = [...document.querySelectorAll('button')]
    .filter((el) => shown(el) && el.getBoundingClientRect().height < 44)
    .map((el) => (el.innerText || '').slice(0, 40));
  return {overflow: document.documentElement.scrollWidth - window.innerWidth, cut, small};
}"""


def _demo_database(tmp_path: Path) -> str:
    """The database the served notebook will use (see `serve_notebook`): the demo team, with a
    personal code for its second rep, whose newest call waits for her answer."""
    content = load_coaching_content(ROOT / "data" / "en")
    team = demo_team(content, date.today())
    with Store(tmp_path / "voila.db") as store:
        store.import_coaching(team.people, team.evaluations, team.calls, team.self_checks)
        return store.issue_rep_code(team.reps[1].id)


def test_the_reps_page_on_a_phone(
    browser: Browser, serve_notebook: Callable[[str], str], tmp_path: Path
) -> None:
    code = _demo_database(tmp_path)
    url = serve_notebook("coaching/my_page.ipynb")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{url}?code={code.lower()}")
        rep_page = page.locator(".workshop-rep-page")
        expect(rep_page).to_contain_text("Hi Sam (demo)")
        expect(rep_page).to_contain_text("Your manager started a coaching call about this")
        expect(rep_page).to_contain_text("Your last fixes")
        expect(rep_page.locator("img")).to_be_visible()
        page.screenshot(path=tmp_path / "rep-page-390.png", full_page=True)
        measured = page.evaluate(MEASURE)
        assert measured == {"overflow": 0, "cut": [], "small": []}

        rep_page.locator("textarea").nth(1).fill("I talked over the buyer. Tomorrow: count to two.")
        page.get_by_role("button", name="Save today's self-check").click()
        expect(rep_page).to_contain_text("Self-check for")
        expect(rep_page).to_contain_text("Days in a row:")
        waiting = page.locator(".workshop-rep-waiting-call")
        waiting.locator("textarea").fill("I kept writing to the office manager.")
        waiting.get_by_role("button", name="Save my answer").click()
        expect(waiting).to_contain_text("Saved. Your manager takes it from here.")
        assert page.evaluate(MEASURE)["overflow"] == 0
    finally:
        context.close()
    with Store(tmp_path / "voila.db") as store:
        # The demo team holds a director and managers too: find the rep by name.
        sam = next(r for r in store.reps() if r.name == "Sam (demo)")
        assert store.self_checks(sam.id)[-1].answer.startswith("I talked over the buyer")
        assert any(
            c.rep_answer == "I kept writing to the office manager." for c in store.calls(sam.id)
        )


def test_a_wrong_code_opens_no_page(
    browser: Browser, serve_notebook: Callable[[str], str], tmp_path: Path
) -> None:
    _demo_database(tmp_path)
    url = serve_notebook("coaching/my_page.ipynb")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{url}?code=2222-2222-2222")
        expect(page.locator(".workshop-rep-sign-in")).to_contain_text(
            "that code does not open a page"
        )
        expect(page.locator(".workshop-rep-page")).to_have_count(0)
        assert page.evaluate(MEASURE) == {"overflow": 0, "cut": [], "small": []}
    finally:
        context.close()


def test_a_manager_walks_one_call_in_order(
    page: Page, serve_notebook: Callable[[str], str], tmp_path: Path
) -> None:
    content = load_coaching_content(ROOT / "data" / "en")
    with Store(tmp_path / "voila.db") as store:
        dana = store.create_rep("Dana")
        scores = {c.id: 6 for c in content.competencies} | {"closing": 3}
        store.save_evaluation(Evaluation(dana.id, date.today() - timedelta(days=7), scores))
    page.goto(serve_notebook("coaching/02_call_log.ipynb"))
    view = page.locator(".workshop-coaching-calls")
    # A Voilà kernel starting on a loaded machine: wait as long as the page fixture allows.
    expect(view).to_contain_text("Suggestion: Closing, the next focus.", timeout=WAIT_MS)
    assert page.evaluate(MEASURE)["cut"] == []

    view.locator("textarea").first.fill("The call ended with 'send me something'.")
    view.get_by_role("button", name="Start the call").click()
    expect(view).to_contain_text("choose the competency first")
    view.get_by_role("button", name="Use the suggestion").click()
    view.get_by_role("button", name="Start the call").click()
    expect(view).to_contain_text("Ask the rep the question, and let them answer first")
    expect(view.get_by_role("button", name="Save insight")).to_be_hidden()

    view.get_by_placeholder("The rep's own words").fill("I said yes to the brochure.")
    view.get_by_role("button", name="Save the rep's answer").click()
    expect(view).to_contain_text("Typed in the call at")
    view.get_by_role("button", name="Yes", exact=True).first.click()
    expect(view.get_by_role("button", name="No", exact=True).nth(1)).to_be_enabled()
    view.get_by_role("button", name="No", exact=True).nth(1).click()
    expect(view).to_contain_text("Skill gap: practise it.")
    view.get_by_placeholder("Build on what the rep said.").fill("Ask what they will do with it.")
    view.get_by_role("button", name="Words", exact=True).click()
    view.get_by_role("button", name="Save insight").click()
    expect(view).to_contain_text("Insight added")

    fix = view.get_by_placeholder("One thing the rep does differently next time")
    fix.fill("1. Shorter subject line 2. Propose a date")
    view.get_by_role("button", name="Save the fix").click()
    # A doubled fix is not saved as one: the view names the parts and asks which one.
    expect(view).to_contain_text("This reads as 2 fixes")
    fix.fill("Propose a dated next step before hanging up.")
    view.get_by_role("button", name="Save the fix").click()
    expect(view).to_contain_text("Call complete. Fixes for Dana so far: 1.")
    expect(view.locator(".workshop-fix-history")).to_contain_text("I said yes to the brochure.")
    page.screenshot(path=tmp_path / "call-1280.png", full_page=True)
    assert page.evaluate(MEASURE)["cut"] == []
