"""Every phone page under axe-core (WCAG 2.0 and 2.1, A and AA), with 0 violations: the join
page, the wait for the first step, each step, the rep's code box and the rep's page, the
director's code box and the director's view; in both shipped languages. axe-core's rules are
pinned by the test extra (axe-playwright-python 0.1.8 ships axe-core 4.12.1). Each page is
photographed at 390x844 and at 200% zoom (Chromium's page zoom: a 195x422 viewport at twice
the pixels) into ``test-output/screens/phones/`` (or ``WORKSHOP_SHOTS``), to be looked at.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.support.paths import DATA, ROOT
from tests.support.serving import Served, serving
from workshop.coaching.demo import demo_team
from workshop.content.coaching_files import load_coaching_content
from workshop.content.keynote import load_content
from workshop.services import answers
from workshop.store import Store

pytestmark = pytest.mark.browser
expect.set_options(timeout=20_000)

AXE_VERSION = "4.12.1"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
STEPS = ("do_over", "balance", "impact", "menu", "card")
SHOTS = Path(os.environ.get("WORKSHOP_SHOTS") or ROOT / "test-output" / "screens" / "phones")
VIEWS = {
    "390x844": ({"width": 390, "height": 844}, 1),
    "zoom200": ({"width": 195, "height": 422}, 2),
}


@pytest.fixture(params=["en", "es"])
def room(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Served, str, str, str]]:
    """A room in each shipped language (k = 2), with a demo team whose second rep and whose
    director have a code."""
    language = str(request.param)
    content = tmp_path / "content"
    shutil.copytree(DATA / language, content)
    settings = content / "session.yaml"
    settings.write_text(
        re.sub(r"anonymity_k: \d+", "anonymity_k: 2", settings.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    team = demo_team(load_coaching_content(content), date.today())
    with Store(tmp_path / "live.db") as store:
        store.import_coaching(team.people, team.evaluations, team.calls, team.self_checks)
        code = store.issue_rep_code(team.reps[1].id)
        director = next(p for p in team.coaches if p.role == "director")
        director_code = store.issue_rep_code(director.id)
    with serving(tmp_path, ["--content", str(content)]) as served:
        yield served, code, director_code, language


def violations(page: Page) -> list[str]:
    axe = Axe()
    assert AXE_VERSION in axe.axe_script[:40], "axe-core is not the pinned version"
    found = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in found.response["violations"]
    ]


def check(page: Page, name: str, language: str, seen: dict[str, list[str]]) -> None:
    """axe on the page as it is, then a photograph at each size."""
    seen[name] = violations(page)
    assert page.evaluate("document.documentElement.lang") == language
    assert page.title() and "No title" not in page.title()
    for view, (size, scale) in VIEWS.items():
        shot = page.context.browser.new_context(  # type: ignore[union-attr]
            viewport=size,  # type: ignore[arg-type]
            device_scale_factor=scale,
            storage_state=page.context.storage_state(),
        )
        other = shot.new_page()
        other.goto(page.url)
        SHOTS.mkdir(parents=True, exist_ok=True)
        other.screenshot(path=SHOTS / f"{language}-{name}-{view}.png", full_page=True)
        # Nothing runs off the side, zoomed or not.
        assert other.evaluate("document.documentElement.scrollWidth") <= size["width"], name
        shot.close()


def test_every_phone_page_passes_axe(browser: Browser, room: tuple[Served, str, str, str]) -> None:
    served, rep_code, director_code, language = room
    seen: dict[str, list[str]] = {}
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(served.join_url)
    check(page, "0-join", language, seen)
    page.locator("#f-session").fill("ZZZZZZ")
    page.locator("form[action='/join'] button").click()
    # The script shows the refusal beside its field, tied to it, and says it in the live region.
    expect(page.locator("#f-session-error")).not_to_be_empty()
    expect(page.locator("#f-session")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#status")).not_to_be_empty()
    seen["0-join-refused"] = violations(page)
    page.goto(served.join_url)
    page.locator("form[action='/join'] button").click()
    # The join page shows the code at once, then goes on to the waiting page: axe waits for it.
    expect(page.locator("body[data-waiting] .resume-code")).to_be_visible()
    check(page, "1-waiting", language, seen)
    with Store(Path(served.out).parent / "live.db") as store:
        for step in STEPS:
            store.set_step_open(served.session_code, step, True)
        me = store.attendee_by_code(page.locator(".resume-code").inner_text()).id
        content = load_content(Path(served.out).parent / "content")
        for category, score in zip(
            content.balance.categories, (7, 7, 6, 7, 2, 6, 7, 6), strict=True
        ):
            answers.save_rating(store, content, me, category.id, score)
    # The waiting phone follows the room to the first step by itself; then each step in turn.
    expect(page.locator("nav [aria-current='page']")).to_be_visible()
    for number, step in enumerate(STEPS, start=2):
        page.goto(f"{served.base_url}/step/{step}")
        expect(page.locator("nav [aria-current='page']")).to_be_visible()
        check(page, f"{number}-{step}", language, seen)
    rep = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    rep.goto(f"{served.base_url}/rep")
    check(rep, "8-rep-sign-in", language, seen)
    rep.locator("#f-code").fill(rep_code)
    rep.locator("form[action='/rep'] button").click()
    expect(rep.locator("svg.curve")).to_be_visible()
    check(rep, "9-rep", language, seen)
    rep.context.close()
    check_director(browser, served, director_code, language, seen)
    context.close()
    assert {name: found for name, found in seen.items() if found} == {}


def check_director(
    browser: Browser, served: Served, code: str, language: str, seen: dict[str, list[str]]
) -> None:
    """The director's code box, refused once, then the director's view."""
    director = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    director.goto(f"{served.base_url}/director")
    check(director, "10-director-sign-in", language, seen)
    director.locator("#f-code").fill("2222-2222-2222")
    director.locator("form[action='/director'] button").click()
    expect(director.locator("#f-code")).to_have_attribute("aria-invalid", "true")
    seen["10-director-refused"] = violations(director)
    director.locator("#f-code").fill(code)
    director.locator("form[action='/director'] button").click()
    expect(director.locator("section.manager").first).to_be_visible()
    check(director, "11-director", language, seen)
    director.context.close()
