"""A rep's own coaching page, served by `workshop serve` at ``/rep`` on a phone: the personal
code opens that rep's page and nobody else's, the phone remembers the rep until the code is
reissued or revoked, the rep saves a self-check and answers a call, and guessing codes is
slowed down. A plain page: no kernel, no script needed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.paths import ROOT
from tests.support.serving import Served, serving
from workshop.coaching.demo import demo_team
from workshop.content.coaching_files import load_coaching_content
from workshop.store import Store

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


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


def sign_in(browser: Browser, server: Served, code: str, script: bool = True) -> Page:
    context = browser.new_context(viewport=PHONE, java_script_enabled=script)  # type: ignore[arg-type]
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{server.base_url}/rep")
    page.get_by_label("Your personal code").fill(code)
    page.get_by_role("button", name="Open my page").click()
    return page


def test_a_rep_opens_their_own_page_on_a_phone(
    browser: Browser, served: tuple[Served, str, list[str]], tmp_path: Path
) -> None:
    server, code, names = served
    page = sign_in(browser, server, code, script=False)
    main = page.locator("main")
    expect(main).to_contain_text("Hi Sam (demo)")
    expect(main).to_contain_text("Your last fixes")
    expect(page.locator("main svg.curve")).to_have_attribute(
        "aria-label", "Your fixes over time, toward the next mark"
    )
    for other in names:
        if other != "Sam (demo)":
            expect(main).not_to_contain_text(other)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Today's self-check, saved and counted in the streak; the box keeps it.
    page.get_by_label("Think of your last call today").fill(
        "Ask for the next step before hanging up"
    )
    page.get_by_role("button", name="Save today's self-check").click()
    expect(page.locator("#status")).to_contain_text("saved")
    expect(page.get_by_label("Think of your last call today")).to_have_value(
        "Ask for the next step before hanging up"
    )
    with Store(tmp_path / "live.db") as store:
        sam = next(r for r in store.reps() if r.name == "Sam (demo)")
        assert any(c.on == date.today() for c in store.self_checks(sam.id))
    assert code not in server.log.read_text()
    page.context.close()


def test_the_phone_remembers_the_rep_until_the_code_changes(
    browser: Browser, served: tuple[Served, str, list[str]], tmp_path: Path
) -> None:
    server, code, _names = served
    page = sign_in(browser, server, code)
    expect(page.locator("main")).to_contain_text("Hi Sam (demo)")
    page.goto(f"{server.base_url}/rep")  # a day later: no code to type
    expect(page.locator("main")).to_contain_text("Hi Sam (demo)")
    cookie = next(c for c in page.context.cookies() if c["name"] == "workshop-rep")
    assert cookie["httpOnly"] and code.replace("-", "") not in cookie["value"]
    with Store(tmp_path / "live.db") as store:
        sam = next(r for r in store.reps() if r.name == "Sam (demo)")
        store.revoke_rep_code(sam.id)
    page.reload()
    expect(page.get_by_label("Your personal code")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Hi Sam")
    page.context.close()


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
        page = sign_in(browser, server, code)
        main = page.locator("main")
        expect(main).to_contain_text(f"Hi {me.name}")
        shown = main.inner_text()
        assert them.name not in shown
        mine_only = [f for f in fixes[them.id] if f not in fixes[me.id]]
        assert not [f for f in mine_only if f in shown], "another rep's fix was shown"
        page.context.close()


def test_guessing_codes_is_refused_then_slowed(
    browser: Browser, served: tuple[Served, str, list[str]]
) -> None:
    server, code, _names = served
    page = sign_in(browser, server, "2222-2222-2222")
    expect(page.locator("main")).to_contain_text("that code does not open a page")
    box = page.get_by_label("Your personal code")
    expect(box).to_have_attribute("aria-invalid", "true")
    for _ in range(12):
        box.fill("2222-2222-2222")
        page.get_by_role("button", name="Open my page").click()
    expect(page.locator("main")).to_contain_text("Too many tries from this device")
    # Even the right code waits now: the limit is on trying, not on being wrong.
    page.get_by_label("Your personal code").fill(code)
    page.get_by_role("button", name="Open my page").click()
    expect(page.locator("main")).not_to_contain_text("Hi Sam")
    assert "2222-2222-2222" not in server.log.read_text()
