"""The three screens of a live room in Chromium: the attendee's phone, the big screen on a
projector, the facilitator's remote on a phone. Each is measured as its user would see it (no
horizontal overflow, type sizes, tap targets, the QR code's size, no control on the big screen)
and photographed into ``test-output/screens/`` to be looked at. The two attacks on the room's
anonymity found on the first version are replayed, and must fail.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.paths import ROOT
from tests.support.serving import Served, content_with_k, serving
from workshop.content.keynote import load_content
from workshop.content.live import load_live_content
from workshop.live.slides import has_room_results
from workshop.live.wall import group_wall
from workshop.services import live_session as live
from workshop.services.demo import demo_records
from workshop.store import Store

pytestmark = pytest.mark.browser
expect.set_options(timeout=20_000)

SCREENS = ROOT / "test-output" / "screens"
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}
SMALL_PROJECTOR = {"width": 1280, "height": 720}
LAPTOP = {"width": 1280, "height": 800}
STEPS = ("do_over", "balance", "impact", "menu", "card")
#: The big screen's body type at 1920x1080, and the least any text may be at 1280x720.
BODY_PX = 28
SMALL_PX = 17


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """`workshop serve` on the default content (k = 5), stopped afterwards."""
    content = content_with_k(tmp_path / "content", 5)
    with serving(tmp_path, ["--content", str(content)]) as server:
        yield server


@pytest.fixture
def store(served: Served, tmp_path: Path) -> Iterator[Store]:
    """The served room's own database, for what the test sets up behind the screens."""
    with Store(tmp_path / "live.db") as db:
        yield db


def open_page(browser: Browser, viewport: dict[str, int], url: str) -> Page:
    context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(url)
    return page


def shoot(page: Page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS / f"{name}.png", full_page=True)


def overflow(page: Page, scope: str) -> dict[str, Any]:
    """How far the page and any visible element in `scope` reach past the viewport's right."""
    result: dict[str, Any] = page.evaluate(
        """(scope) => {
          const out = [];
          for (const el of document.querySelectorAll(scope + ' *')) {
            const r = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
            if (r.right > window.innerWidth + 1) out.push(el.className.baseVal ?? el.className);
          }
          return {scroll: document.documentElement.scrollWidth, width: window.innerWidth,
                  past: out.slice(0, 5)};
        }""",
        scope,
    )
    return result


def assert_fits_width(page: Page, scope: str) -> None:
    seen = overflow(page, scope)
    assert seen["scroll"] <= seen["width"], seen
    assert seen["past"] == [], seen


def small_taps(page: Page, scope: str) -> list[str]:
    """Visible buttons and text boxes shorter than 44 px (a fingertip); a tick box or a radio
    counts as its whole row (its label takes the tap too)."""
    found: list[str] = page.evaluate(
        """(scope) => [...document.querySelectorAll(
              scope + ' button, ' + scope + ' input:not([type=hidden]), ' + scope + ' textarea')]
            .filter(el => { const boxed = el.type === 'checkbox' || el.type === 'radio';
                            const target = boxed ? (el.closest('label') || el.closest(
                              '.choice, .option') || el) : el;
                            const r = target.getBoundingClientRect();
                            return r.width > 0 && r.height > 0 && r.height < 43.5; })
            .map(el => (el.innerText || el.placeholder || el.type) + ':' +
                        Math.round(el.getBoundingClientRect().height))""",
        scope,
    )
    return found


def join(page: Page, nickname: str) -> str:
    page.get_by_label("Nickname (optional)").fill(nickname)
    page.get_by_role("button", name="Join", exact=True).click()
    shown = page.locator(".resume-code")
    expect(shown).to_have_text(re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}"))
    return shown.inner_text().strip()


# -- the attendee's phone ----------------------------------------------------------------------


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "phone"), (LAPTOP, "laptop")])
def test_every_attendee_step_fits_a_phone_and_still_works_wide(
    browser: Browser,
    served: Served,
    store: Store,
    viewport: dict[str, int],
    name: str,
) -> None:
    page = open_page(browser, viewport, served.join_url)
    assert_fits_width(page, "main")
    code = join(page, "Kim")
    # Joined before anything is open: a clear word of what comes next, never a blank page.
    expect(page.locator("main")).to_contain_text("keep this page open")
    shoot(page, f"attendee-{name}-waiting")
    resume = page.locator(".resume-code")
    assert resume.evaluate("el => el.getClientRects().length") == 1, "the code wrapped"
    assert code in resume.inner_text()

    for step in STEPS:
        store.set_step_open(served.session_code, step, True)
    # The waiting phone follows the room to the first step by itself.
    expect(page.locator("nav [aria-current='page']")).to_have_text("1 · Do over")
    for step in STEPS:
        page.goto(f"{served.base_url}/step/{step}")
        expect(page.locator("nav [aria-current='page']")).to_be_visible()
        if step == "balance":
            page.locator("#r-health-6").check()
            expect(page.locator("#status")).to_contain_text("Saved")
            chosen = page.locator("label[for=r-health-6]")
            other = page.locator("label[for=r-health-5]")
            # The selected rating is unmistakable: its own colour.
            assert chosen.evaluate("b => getComputedStyle(b).backgroundColor") != other.evaluate(
                "b => getComputedStyle(b).backgroundColor"
            )
            wheel = page.locator("#wheel svg")
            expect(wheel).to_be_visible()
            box = wheel.bounding_box()
            assert box is not None and box["x"] + box["width"] <= viewport["width"]
        if step == "menu":
            page.get_by_label("Your mantra or theme for life").fill("Think positive, take action!")
            page.locator("h1").click()
            expect(
                page.get_by_role("button", name=re.compile("Share on the room wall"))
            ).to_be_visible()
        assert_fits_width(page, "main")
        if viewport is PHONE:
            assert small_taps(page, "main") == [], step
        # The step links say which step they are (no label cut to "1 · D…").
        clipped = page.evaluate(
            """() => [...document.querySelectorAll('nav.steps a, nav.steps span.locked')]
                .filter(b => b.scrollWidth > b.clientWidth + 1).map(b => b.innerText)"""
        )
        assert clipped == []
        shoot(page, f"attendee-{name}-{step}")


# -- the big screen and the remote: a rehearsal ------------------------------------------------


def fill_room(store: Store, served: Served, content_dir: Path) -> None:
    content = load_content(content_dir)
    live_content = load_live_content(content.source)
    store.add_attendees(demo_records(content, live_content, 40, served.session_code, seed=11))
    for body in ("Think positive, take action!", "think positive,   TAKE ACTION!"):
        store.share_on_wall(store.create_attendee(None, served.session_code).id, "mantra", body)
    store.share_on_wall(
        store.create_attendee(None, served.session_code).id, "mantra", "<b>Spam</b> spam spam"
    )


def screen_measures(page: Page) -> dict[str, Any]:
    """Everything measured on the big screen: overflow, the smallest type, the QR code, and any
    control on the page."""
    result: dict[str, Any] = page.evaluate(
        """() => {
          const root = document.querySelector('.workshop-presenter');
          const main = root.querySelector('.wp-main').getBoundingClientRect();
          let smallest = 1e9, smallestText = '', outside = [];
          for (const el of root.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) continue;
            if (r.right > innerWidth + 1 || r.bottom > innerHeight + 1 || r.left < -1)
              outside.push(el.className.baseVal ?? el.className);
            if (el.closest('.wp-main') && (r.bottom > main.bottom + 1 || r.right > main.right + 1))
              outside.push('clipped:' + (el.className.baseVal ?? el.className));
            const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
            if (!own) continue;
            // SVG text is sized in the drawing's units: scale it as drawn.
            let size = parseFloat(getComputedStyle(el).fontSize);
            if (el instanceof SVGGraphicsElement) size *= el.getScreenCTM().a;
            if (size < smallest) { smallest = size; smallestText = el.textContent.trim(); }
          }
          const qr = root.querySelector('.wp-qr svg');
          return {
            scrollWidth: document.documentElement.scrollWidth,
            scrollHeight: document.documentElement.scrollHeight,
            outside: outside.slice(0, 5), smallest, smallestText,
            qr: qr ? qr.getBoundingClientRect().height : 0,
            controls: document.querySelectorAll(
              'button, input, select, textarea, a[href], [role=button]').length,
            slide: root.dataset.slide,
          };
        }"""
    )
    return result


def test_a_rehearsal_on_the_big_screen_driven_from_a_phone(
    browser: Browser, served: Served, store: Store, tmp_path: Path
) -> None:
    screen = open_page(browser, PROJECTOR, served.facilitator_url("presenter"))
    small = open_page(browser, SMALL_PROJECTOR, served.facilitator_url("presenter"))
    remote = open_page(browser, PHONE, served.facilitator_url())
    # Three Solara pages start at once: on a loaded two-core machine the first render of the
    # third can take longer than the usual wait.
    for shown in (remote.locator(".workshop-remote"), screen.locator(".workshop-presenter")):
        expect(shown).to_be_visible(timeout=90_000)
    fill_room(store, served, tmp_path / "content")

    # While people join: the QR code fills at least 40% of the height.
    expect(screen.locator(".wp-joined-count")).to_have_text("43")
    measured = screen_measures(screen)
    assert measured["slide"] == "join"
    assert measured["qr"] >= 0.4 * PROJECTOR["height"], measured
    shoot(screen, "presenter-1920-0-join")

    agenda = load_live_content(tmp_path / "content").agenda
    next_button = remote.get_by_role("button", name="Next")
    reveal = remote.locator(".workshop-reveal")
    for index, segment in enumerate(agenda):
        next_button.click()
        step = segment.step or "join"
        for page in (screen, small):
            expect(page.locator(f".workshop-presenter[data-slide='{step}']")).to_be_visible()
        if step != "join" and has_room_results(step):
            # (A step whose answers are private has nothing to reveal, and no such control.)
            expect(reveal).to_contain_text("Show room results")
            reveal.click()
            expect(reveal).to_contain_text("Hide room results")
            if step == "balance":
                expect(screen.locator(".wp-heat")).to_be_visible()
            if step in ("menu", "card"):
                expect(screen.locator(".wp-card").first).to_be_visible()
        time.sleep(1.5)  # one more refresh, so both screens show the same moment
        for page, viewport, least, label in (
            (screen, PROJECTOR, BODY_PX, "1920"),
            (small, SMALL_PROJECTOR, SMALL_PX, "1280"),
        ):
            measured = screen_measures(page)
            assert measured["scrollWidth"] <= viewport["width"], measured
            assert measured["scrollHeight"] <= viewport["height"], measured
            assert measured["outside"] == [], measured
            assert measured["smallest"] >= least - 0.5, measured
            assert measured["controls"] == 0, measured
            shoot(page, f"presenter-{label}-{index + 1}-{step}")
        assert_fits_width(remote, ".workshop-remote")
        assert small_taps(remote, ".workshop-remote") == []
        shoot(remote, f"remote-phone-{index + 1}-{step}")

    # The wall, grouped and counted as the room typed it (case and spacing folded).
    expected = {g.body: g.count for g in group_wall(store.wall_entries(served.session_code))}
    cards = screen.locator(".wp-card")
    shown = {
        re.sub(r"\u00d7\d+$", "", text).strip(): int(count)
        for text, count in zip(
            cards.all_inner_texts(),
            [c.get_attribute("data-count") for c in cards.all()],
            strict=True,
        )
    }
    assert shown and all(expected[body] == count for body, count in shown.items())
    assert shown["Think positive, take action!"] >= 2
    assert "<b>Spam</b> spam spam" in shown  # text, never markup

    # Moderation from the phone: the group leaves the big screen, and comes back.
    group = remote.locator(".workshop-wall-group").filter(has_text="<b>Spam</b>")
    group.get_by_role("button", name="Hide").click()
    expect(screen.locator(".wp-card").filter(has_text="Spam")).to_have_count(0)
    group.get_by_role("button", name="Show").click()
    expect(screen.locator(".wp-card").filter(has_text="Spam")).to_have_count(1)

    # Export from the phone: one tap downloads the workbook.
    with remote.expect_download() as exported:
        remote.get_by_role("link", name="Export results").first.click()
    assert exported.value.suggested_filename == f"results-{served.session_code}.xlsx"


# -- anonymity --------------------------------------------------------------------------------


def heatmap_text(page: Page) -> str:
    return "" if page.locator(".wp-heat").count() == 0 else page.locator(".wp-heat").inner_text()


def rate_all(page: Page, score: int) -> None:
    page.goto(page.url.split("/step/")[0].rstrip("/") + "/step/balance")
    for group in page.locator("fieldset:has(.scale)").all():
        group.get_by_role("radio", name=str(score), exact=True).check()
    expect(page.locator("#status")).to_contain_text("Saved")


def test_neither_attack_on_the_rooms_anonymity_recovers_anyone(
    browser: Browser, served: Served, store: Store
) -> None:
    code = served.session_code
    session = store.live_session(code)
    assert session is not None
    content = load_content(None)
    live_content = load_live_content(content.source)
    live.start_segment(store, session, live_content, 2)  # the balance segment, step open
    store.set_revealed(code, True)
    screen = open_page(browser, PROJECTOR, served.facilitator_url("presenter"))
    remote = open_page(browser, PHONE, served.facilitator_url())

    # The first attack: a victim rates everything; four tabs of one browser join and rate
    # everything 1, hoping to be four of the five the room needs and subtract themselves.
    victim = open_page(browser, PHONE, served.join_url)
    join(victim, "Victim")
    rate_all(victim, 7)
    attacker = browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
    tabs = [attacker.new_page() for _ in range(4)]
    tabs[0].goto(served.join_url)
    first_code = join(tabs[0], "A")
    for tab in tabs[1:]:
        tab.goto(served.join_url)
        # Another tab of the same browser is the same attendee again, with no typing.
        expect(tab.locator(".resume-code")).to_have_text(first_code)
    rate_all(tabs[0], 1)
    expect(screen.locator(".wp-joined-count, .wp-footer")).to_contain_text("2")
    time.sleep(3)
    assert heatmap_text(screen) == "", "two people's scores reached the big screen"
    expect(screen.locator(".workshop-results-hidden")).to_contain_text("once 5 attendees")

    # The second attack: read the screen, let one newcomer answer, read it again, subtract.
    others = demo_records(content, live_content, 3, code, seed=3)
    store.add_attendees(others)  # the room reaches k = 5 (victim, attacker, three more)
    expect(screen.locator(".wp-heat")).to_be_visible()
    time.sleep(1.5)
    before = heatmap_text(screen)
    tiles_before = remote.locator(".workshop-counters").inner_text()
    newcomer = open_page(browser, PHONE, served.join_url)
    join(newcomer, "Newcomer")
    rate_all(newcomer, 8)
    for _ in range(3):  # several refreshes of both screens
        time.sleep(1.2)
        assert heatmap_text(screen) == before, "one newcomer's scores changed the big screen"
        tiles = remote.locator(".workshop-counters").inner_text()
        assert re.sub(r"Joined\s*\d+", "", tiles) == re.sub(r"Joined\s*\d+", "", tiles_before)
    expect(remote.locator(".workshop-counters")).to_contain_text("newer answers wait")
    # Four more people later, the five newest come out together, never one alone.
    store.add_attendees(demo_records(content, live_content, 4, code, seed=4))
    expect(screen.locator(".wp-heat")).not_to_have_text(before)
