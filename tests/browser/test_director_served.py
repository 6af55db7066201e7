"""The chain of coaches on the room's server, in Chromium: a director signs in at ``/director``
with their own code and sees a manager's figures; a rep answers a call on ``/rep``; the manager
completes it through the services as the call view would (a doubled fix split, its second half
parked; the rep's words not overwritten); the director's page then shows the rep's new fix and
the parked one, and the rep's own page shows the fix. Photographed at 390x844, at 200% zoom and
at 1920x1080 into ``test-output/screens/director/`` (or ``WORKSHOP_SHOTS``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.paths import ROOT
from tests.support.serving import Served, serving
from workshop.coaching.call import CoachingCall
from workshop.coaching.demo import demo_team
from workshop.coaching.model import CallOrderError, Rep
from workshop.content.coaching_files import load_coaching_content
from workshop.services import coaching_calls as calls
from workshop.services.coaching_director import DirectorShown, ManagerShown, director_page
from workshop.store import Store

pytestmark = pytest.mark.browser
expect.set_options(timeout=20_000)

CONTENT = load_coaching_content(ROOT / "data" / "en")
SHOTS = Path(os.environ.get("WORKSHOP_SHOTS") or ROOT / "test-output" / "screens") / "director"
VIEWS = {
    "390x844": ({"width": 390, "height": 844}, 1),
    "zoom200": ({"width": 195, "height": 422}, 2),
    "1920x1080": ({"width": 1920, "height": 1080}, 1),
}
SITUATION = "The buyer asked about delivery dates and I lost the thread."
FIX = "Ask for the budget first, then send the proposal"


@dataclass(frozen=True)
class Chain:
    served: Served
    director: Rep
    manager: Rep
    rep: Rep
    director_code: str
    rep_code: str


@pytest.fixture
def chain(tmp_path: Path) -> Iterator[Chain]:
    """The demo team on a served room; codes for its director and for a rep of its first
    manager."""
    team = demo_team(CONTENT, date.today())
    director = next(p for p in team.coaches if p.role == "director")
    manager = next(p for p in team.coaches if p.coach_id == director.id)
    rep = next(p for p in team.reps if p.coach_id == manager.id)
    with Store(tmp_path / "live.db") as store:
        store.import_coaching(team.people, team.evaluations, team.calls, team.self_checks)
        codes = store.issue_rep_code(director.id), store.issue_rep_code(rep.id)
    with serving(tmp_path) as served:
        yield Chain(served, director, manager, rep, *codes)


def open_page(browser: Browser, served: Served, path: str, code: str, label: str) -> Page:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{served.base_url}{path}")
    page.get_by_label(label).fill(code)
    page.get_by_role("button", name=CONTENT.label("open_page")).click()
    return page


def seen(chain: Chain) -> ManagerShown:
    """The manager's block as the services say it now (what the page must show)."""
    with Store(chain.served.db) as store:
        page: DirectorShown = director_page(store, CONTENT, chain.director, date.today())
    return next(m for m in page.managers if m.name == chain.manager.name)


def expect_manager(page: Page, manager: ManagerShown) -> None:
    block = page.locator("section.manager", has_text=manager.heading)
    for line in manager.lines:
        expect(block).to_contain_text(line)
    for rep in manager.reps:
        item = block.locator(".reps li", has_text=rep.name)
        expect(item).to_contain_text(rep.fixes)
        expect(item).to_contain_text(rep.self_checks)


def manager_coaches(chain: Chain) -> CoachingCall:
    """The manager opens a call; the rep is to answer it on their own page."""
    with Store(chain.served.db) as store:
        return calls.start_call(
            store,
            CONTENT,
            chain.rep,
            on=date.today(),
            minutes=None,
            medium="call",
            situation=SITUATION,
            competency=CONTENT.for_role("rep").competencies[0].id,
            today=date.today(),
            at=datetime.now(UTC),
        )


def manager_completes(chain: Chain, call_id: str) -> None:
    """The rest of the call, in the method's order, as the manager's call view does it."""
    with Store(chain.served.db) as store:
        call = store.call(call_id)
        assert call.rep_answer_by == "rep"
        with pytest.raises(CallOrderError):  # the rep's words are the rep's
            calls.answer_in_call(store, CONTENT, call, "Rewritten.", datetime.now(UTC))
        call = calls.add_note(store, CONTENT, call, "Good catch.", datetime.now(UTC))
        call = calls.set_knows(store, call, True)
        call = calls.set_can(store, call, False, datetime.now(UTC))
        call = calls.add_insight(
            store, CONTENT, call, "Price before paper.", ["words"], datetime.now(UTC)
        )
        done = calls.fix_call(store, CONTENT, call, FIX, datetime.now(UTC), keep=0)
    assert done.complete and done.fix == "Ask for the budget first"


def photograph(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for view, (size, scale) in VIEWS.items():
        other = page.context.browser.new_context(  # type: ignore[union-attr]
            viewport=size,  # type: ignore[arg-type]
            device_scale_factor=scale,
            storage_state=page.context.storage_state(),
        )
        shot = other.new_page()
        shot.goto(page.url)
        shot.screenshot(path=SHOTS / f"{name}-{view}.png", full_page=True)
        assert shot.evaluate("document.documentElement.scrollWidth") <= size["width"], view
        other.close()


def test_director_manager_rep_chain_on_the_server(browser: Browser, chain: Chain) -> None:
    served = chain.served
    director = open_page(browser, served, "/director", chain.director_code, "Your director's code")
    expect(director.locator("h1")).to_have_text(CONTENT.label("director_title"))
    before = seen(chain)
    expect_manager(director, before)
    expect(director.locator("figure svg[role='img']")).to_be_visible()
    photograph(director, "director")

    call = manager_coaches(chain)
    rep = open_page(browser, served, "/rep", chain.rep_code, CONTENT.label("enter_code"))
    expect(rep.locator("main")).to_contain_text(f"Hi {chain.rep.name}")
    form = rep.locator(f"form[action='/rep/calls/{call.id}']")
    form.locator("textarea").fill("I should have asked what they need before I sent dates.")
    form.get_by_role("button").click()
    expect(rep.locator("#status")).to_contain_text(CONTENT.label("my_answer_saved"))
    manager_completes(chain, call.id)

    director.reload()
    after = seen(chain)
    expect_manager(director, after)
    parked = CONTENT.label("parked_line", count=int(before.lines[-1].rsplit(" ", 1)[-1]) + 1)
    assert after.lines[-1] == parked  # the second half of the doubled fix, parked
    mine = next(r for r in after.reps if r.name == chain.rep.name)
    was = next(r for r in before.reps if r.name == chain.rep.name)
    assert mine.fixes != was.fixes  # one more fix toward the next mark
    photograph(director, "director-after")

    rep.reload()
    main = rep.locator("main")
    expect(main).to_contain_text("Ask for the budget first")
    expect(main).to_contain_text(CONTENT.label("my_fixes"))
    for other in (chain.director.name, chain.manager.name):
        expect(main).not_to_contain_text(other)
    log = served.log.read_text()
    assert chain.director_code not in log and chain.rep_code not in log
    rep.context.close()
    director.context.close()
