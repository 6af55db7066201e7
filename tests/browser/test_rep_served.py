"""A rep's own coaching page, served by `workshop serve` at ``/rep`` on a phone: the personal
code opens that rep's page and nobody else's, and guessing codes is slowed down."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.support.paths import ROOT
from tests.support.serving import Served, serving
from workshop.coaching.demo import demo_team
from workshop.content.coaching_files import load_coaching_content
from workshop.store import Store

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
SCREENS = ROOT / "test-output" / "screens"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Served, str, list[str]]]:
    """The room's server over a database holding the demo team; the code of its second rep."""
    content = load_coaching_content(ROOT / "data" / "en")
    team = demo_team(content, date.today())
    with Store(tmp_path / "live.db") as store:
        store.import_coaching(team.people, team.evaluations, team.calls, team.self_checks)
        code = store.issue_rep_code(team.reps[1].id)
        names = [rep.name for rep in store.reps()]
    with serving(tmp_path) as server:
        yield server, code, names


def test_a_rep_opens_their_own_page_on_a_phone(
    browser: Browser, served: tuple[Served, str, list[str]]
) -> None:
    server, code, names = served
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{server.base_url}/rep")
    form = page.locator(".workshop-rep-sign-in")
    form.locator("input").fill(code)
    form.get_by_role("button").click()
    rep_page = page.locator(".workshop-rep-page")
    expect(rep_page).to_contain_text("Hi Sam (demo)")
    expect(rep_page).to_contain_text("Your last fixes")
    for other in names:
        if other != "Sam (demo)":
            expect(rep_page).not_to_contain_text(other)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS / "rep-phone.png", full_page=True)
    assert code not in server.log.read_text()
    context.close()


def test_one_reps_code_never_shows_another_reps_records(
    browser: Browser, served: tuple[Served, str, list[str]], tmp_path: Path
) -> None:
    server, sams_code, _names = served
    with Store(tmp_path / "live.db") as store:
        reps = store.reps()
        sam = next(r for r in reps if r.name == "Sam (demo)")
        other = next(r for r in reps if r.name != "Sam (demo)")
        others_code = store.issue_rep_code(other.id)
        fixes = {rep.id: [c.fix for c in store.calls(rep.id) if c.fix] for rep in (sam, other)}
    assert fixes[sam.id] and fixes[other.id]
    for code, me, them in ((sams_code, sam, other), (others_code, other, sam)):
        page = browser.new_context(viewport=PHONE).new_page()  # type: ignore[arg-type]
        page.goto(f"{server.base_url}/rep")
        form = page.locator(".workshop-rep-sign-in")
        form.locator("input").fill(code)
        form.get_by_role("button").click()
        rep_page = page.locator(".workshop-rep-page")
        expect(rep_page).to_contain_text(f"Hi {me.name}")
        shown = rep_page.inner_text()
        assert them.name not in shown
        mine_only = [f for f in fixes[them.id] if f not in fixes[me.id]]
        assert not [f for f in mine_only if f in shown], "another rep's fix was shown"
        page.context.close()


def test_guessing_codes_is_refused_then_slowed(
    browser: Browser, served: tuple[Served, str, list[str]]
) -> None:
    server, code, _names = served
    page = browser.new_context(viewport=PHONE).new_page()  # type: ignore[arg-type]
    page.goto(f"{server.base_url}/rep")
    form = page.locator(".workshop-rep-sign-in")
    expect(form.locator("input")).to_be_visible()
    form.locator("input").fill("2222-2222-2222")
    form.get_by_role("button").click()
    expect(form).to_contain_text("that code does not open a page")
    for _ in range(12):
        form.get_by_role("button").click()
    expect(form).to_contain_text("Too many tries from this device")
    # Even the right code waits now: the limit is on trying, not on being wrong.
    form.locator("input").fill(code)
    form.get_by_role("button").click()
    expect(page.locator(".workshop-rep-page")).to_have_count(0)
    assert "2222-2222-2222" not in server.log.read_text()
