"""The live workshop in a real browser, against a real `workshop serve`.

Two attendee pages and the facilitator's remote at once: attendees join, the facilitator opens
a step and it unlocks live, the room shows once k attendees have rated, a reload resumes with
the code, a hostile wall entry stays text, and the remote refuses a visitor without the token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.phones import join, saved
from tests.support.serving import Served, content_with_k, serving
from workshop.content.keynote import load_content

pytestmark = pytest.mark.browser
#: Kernels poll every 2 s; on a busy 2-core machine a change can take several polls to show.
expect.set_options(timeout=20_000)


CATEGORY_NAMES = {c.id: c.name for c in load_content(None).balance.categories}
HOSTILE = "<img src=x onerror=alert(1)>"
START_TIMEOUT_S = 90.0
#: Each attendee rates every category; two attendees reach k = 2.
RATINGS = [
    {
        "career": 6,
        "performance": 5,
        "relationships_work": 7,
        "finances": 4,
        "health": 2,
        "family": 7,
        "growth": 6,
        "fun": 5,
    },
    {
        "career": 7,
        "performance": 6,
        "relationships_work": 6,
        "finances": 5,
        "health": 3,
        "family": 6,
        "growth": 5,
        "fun": 2,
    },
]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """`workshop serve` on a copy of the default content with k = 2, stopped afterwards."""
    content = content_with_k(tmp_path / "content", 2)
    with serving(tmp_path, ["--content", str(content)]) as server:
        yield server


def new_page(browser: Browser, width: int = 1280, height: int = 1000) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(30_000)
    return context.new_page()


def nav(page: Page, step: str) -> Locator:
    """The step's entry in the phone's list of steps (a link once open)."""
    return page.locator(f"nav [data-nav-step='{step}']")


def rate_all(page: Page, ratings: dict[str, int]) -> None:
    for category, score in ratings.items():
        page.get_by_role("group", name=CATEGORY_NAMES[category]).get_by_role(
            "radio", name=str(score), exact=True
        ).check()
    saved(page)
    expect(page.locator("input[type=radio]:checked")).to_have_count(len(ratings))


def test_a_live_room_end_to_end(browser: Browser, served: Served, tmp_path: Path) -> None:
    remote = new_page(browser)
    dialogs: list[str] = []
    remote.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    remote.goto(served.facilitator_url())
    expect(remote).to_have_url(re.compile(r"/remote$"))
    expect(remote.locator(".workshop-remote")).to_contain_text(served.session_code)
    screen = new_page(browser)
    screen.goto(served.facilitator_url("presenter"))
    expect(screen).to_have_url(re.compile(r"/presenter$"))
    expect(screen.locator(".workshop-presenter[data-slide='join']")).to_contain_text(
        served.session_code
    )

    first, second = new_page(browser, 390, 844), new_page(browser, 390, 844)
    codes = [join(first, served.join_url, "Ana"), join(second, served.join_url, "Ben")]
    assert codes[0] != codes[1]
    expect(remote.locator(".workshop-counters")).to_contain_text(re.compile(r"Joined\s*2"))
    expect(screen.locator(".wp-joined-count")).to_have_text("2")

    # A step the facilitator has not opened is listed but locked (no link), and says so.
    expect(nav(first, "balance")).to_contain_text("🔒")
    expect(first.get_by_role("link", name="2 · Balance")).to_have_count(0)
    assert first.goto(f"{served.base_url}/step/balance").status == 403  # type: ignore[union-attr]
    expect(first.locator("main")).to_contain_text("Opens when")

    # The facilitator opens it; both attendees are taken there without a reload of their own.
    remote.locator(".workshop-step-toggle-balance").click()
    for page in (first, second):
        expect(page.locator("nav [aria-current='page']")).to_have_text("2 · Balance")
        expect(page.locator("h1")).to_have_text("Your balance wheel")

    # The big screen follows the remote to the balance segment, and reveals on its word.
    # The agenda's Start controls are named by their segment ("Start Balance wheel").
    remote.get_by_role("button", name=re.compile(r"^Start .*Balance wheel")).click()
    expect(screen.locator(".workshop-presenter[data-slide='balance']")).to_be_visible()
    expect(screen.locator(".workshop-results-hidden")).to_be_visible()
    remote.locator(".workshop-reveal").click()

    # One attendee is not enough for the room; the second reaches k = 2.
    rate_all(first, RATINGS[0])
    expect(screen.locator(".workshop-results-hidden")).to_contain_text("once 2 attendees")
    expect(screen.locator(".wp-heat")).to_have_count(0)
    rate_all(second, RATINGS[1])
    heatmap = screen.locator(".wp-heat")
    expect(heatmap).to_be_visible()
    expect(heatmap).to_contain_text("Health and fitness")
    expect(screen.locator(".wp-wheel svg")).to_be_visible()
    expect(remote.locator(".workshop-counters")).to_contain_text(re.compile(r"Balance\s*2"))
    for nickname in ("Ana", "Ben"):
        expect(screen.locator("body")).not_to_contain_text(nickname)
        expect(remote.locator("body")).not_to_contain_text(nickname)
    screen.screenshot(path=tmp_path / "presenter.png")

    # Another phone, with the code in the link, brings every rating back.
    other = new_page(browser, 390, 844)
    other.goto(f"{served.join_url}&code={codes[0]}")
    expect(other.locator(".resume-code")).to_have_text(codes[0])
    other.goto(f"{served.base_url}/step/balance")
    expect(other.locator("input[type=radio]:checked")).to_have_count(8)
    expect(other.locator(f"#r-health-{RATINGS[0]['health']}")).to_be_checked()

    # A hostile mantra on the wall stays text, on the remote and on the big screen.
    remote.get_by_role("button", name=re.compile(r"^Start .*Menu for life")).click()
    # The remote has taken in the new segment (results hidden again) before it reveals them.
    expect(remote.locator(".workshop-reveal")).to_contain_text("Show room results")
    remote.locator(".workshop-reveal").click()
    expect(second.locator("nav [aria-current='page']")).to_have_text("4 · Menu")
    mantra = second.get_by_label("Your mantra or theme for life")
    mantra.fill(HOSTILE)
    second.locator("h1").click()
    saved(second)
    share = second.get_by_role("button", name=f"Share on the room wall: {HOSTILE}")
    share.click()
    expect(second.get_by_role("button", name=f"Take back: {HOSTILE}")).to_be_visible()
    expect(remote.locator(".workshop-wall-group").filter(has_text=HOSTILE)).to_be_visible()
    expect(screen.locator(".wp-card").filter(has_text=HOSTILE)).to_be_visible()
    assert remote.locator(".workshop-wall-moderation img").count() == 0
    assert screen.locator(".wp-wall img").count() == 0
    assert dialogs == []

    # Without the token the remote is refused, and so is the big screen: a page that says so.
    stranger = new_page(browser)
    for path in ("/remote", "/presenter"):
        response = stranger.goto(f"{served.base_url}{path}")
        assert response is not None and response.status == 403
        expect(stranger.locator("body")).to_contain_text("This page is for the facilitator")
        expect(stranger.locator(".workshop-remote, .workshop-presenter")).to_have_count(0)
    # A made-up link signs nobody in: it reads as a spent one (the server does not say which).
    stranger.goto(f"{served.base_url}/facilitator#not-the-token")
    expect(stranger.locator("body")).to_contain_text("each link signs in one browser, once")
    assert stranger.goto(f"{served.base_url}/remote").status == 403  # type: ignore[union-attr]
    assert served.token not in served.log.read_text()
