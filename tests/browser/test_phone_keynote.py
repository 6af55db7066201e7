"""The attendee's phone in Chromium, against a real `workshop serve`: the whole keynote with the
page's script, following the facilitator from step to step; join, balance and do-over with no
script at all; every step by keyboard alone; late joiners and reloads landing where the room
is; and a restart and a sleep that the phone gets through without a word.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.phones import enter, enter_by_keyboard, join, phone, saved
from tests.spec.keynote_steps import KEYNOTE, RATINGS, check_saved
from tests.support.serving import Served, content_with_k, serving
from workshop.content.keynote import KeynoteContent, load_content
from workshop.content.live import LiveContent, load_live_content
from workshop.services import live_session as live
from workshop.store import Store

pytestmark = pytest.mark.browser
expect.set_options(timeout=20_000)


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path, ["--content", str(content_with_k(tmp_path / "content", 2))]) as s:
        yield s


@pytest.fixture
def store(room: Served, tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "live.db") as db:
        yield db


@pytest.fixture(scope="module")
def words() -> tuple[KeynoteContent, LiveContent]:
    content = load_content(None)
    return content, load_live_content(content.source)


def go_to(store: Store, room: Served, live_content: LiveContent, step: str) -> None:
    """The facilitator starts the agenda segment of `step` (as Next on the remote does)."""
    index = next(i for i, s in enumerate(live_content.agenda) if s.step == step)
    session = store.live_session(room.session_code)
    assert session is not None
    live.start_segment(store, session, live_content, index)


def on_step(page: Page, live_content: LiveContent, step: str) -> None:
    current = page.locator("nav [aria-current='page']")
    expect(current).to_have_text(live_content.step_label(step))


def attendee_id(store: Store, code: str) -> str:
    return store.attendee_by_code(code).id


def test_the_whole_keynote_on_a_phone(
    browser: Browser, room: Served, store: Store, words: tuple[KeynoteContent, LiveContent]
) -> None:
    content, live_content = words
    page = phone(browser).new_page()
    code = join(page, room.join_url, "Ana")
    # Before any step opens: a page that waits, with the code, and no "keep this code" before it.
    expect(page.locator("main")).to_contain_text("The facilitator opens the first exercise")
    me = attendee_id(store, code)
    for spec in KEYNOTE:
        go_to(store, room, live_content, spec.step)
        on_step(page, live_content, spec.step)  # the phone followed the room by itself
        enter(page, spec, content)
        check_saved(store, content, me, spec)
        expect(page.locator("#progress")).to_contain_text(spec.progress)
    go_to(store, room, live_content, "card")
    on_step(page, live_content, "card")
    with page.expect_download() as pdf:
        page.get_by_role("button", name="Download card (PDF)").click()
    assert pdf.value.suggested_filename == "do-over-card.pdf"
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")
    with page.expect_download() as png:
        page.get_by_role("button", name="Download for your phone (PNG)").click()
    assert Path(png.value.path()).read_bytes().startswith(b"\x89PNG")
    expect(page.locator("#status")).to_contain_text("Your card is ready")
    assert store.answers(me).text("card", "made_at")
    page.reload()
    expect(page.locator("#progress")).to_contain_text("Done")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.context.close()


def test_join_balance_and_do_over_work_without_script(
    browser: Browser, room: Served, store: Store, words: tuple[KeynoteContent, LiveContent]
) -> None:
    _content, live_content = words
    for step in ("do_over", "balance"):
        store.set_step_open(room.session_code, step, True)
    page = phone(browser, script=False).new_page()
    code = join(page, room.join_url, "NoScript")
    me = attendee_id(store, code)
    page.goto(f"{room.base_url}/step/balance")
    for category, score in RATINGS.items():
        page.locator(f"#r-{category}-{score}").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#status")).to_have_text("Saved")
    assert store.answers(me).ratings == RATINGS
    expect(page.locator("#wheel svg")).to_have_attribute(
        "aria-label",
        "Your balance wheel: "
        + (
            "Career growth, 6 of 8; Sales performance, 5 of 8; Work relationships, 7 of 8; "
            "Financial security, 4 of 8; Health and fitness, 2 of 8; Family and friends, 7 of 8; "
            "Personal growth, 6 of 8; Fun and recreation, 5 of 8"
        ),
    )
    page.get_by_role("link", name=live_content.step_label("do_over")).click()
    page.get_by_label("Looking back on your career so far").fill("x" * 2001)
    page.get_by_label("Looking back on your life outside work").fill("Nothing")
    page.get_by_role("button", name="Save").click()
    # The refusal is tied to its field, listed at the top, and the other answer is saved.
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Too long to save")
    box = page.locator("#f-professional-answer")
    expect(box).to_have_attribute("aria-invalid", "true")
    assert "f-professional-answer-error" in (box.get_attribute("aria-describedby") or "")
    assert store.answers(me).text("do_over", "personal.answer") == "Nothing"
    assert store.answers(me).text("do_over", "professional.answer") == ""
    page.context.close()


def test_every_step_by_keyboard_alone(
    browser: Browser, room: Served, store: Store, words: tuple[KeynoteContent, LiveContent]
) -> None:
    content, live_content = words
    page = phone(browser).new_page()
    page.goto(room.join_url)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the session code, then the nickname
    page.keyboard.type("Keys")
    page.keyboard.press("Enter")
    expect(page.locator(".resume-code")).to_be_visible()
    me = store.attendee_by_code(page.locator(".resume-code").inner_text()).id
    for step in ("do_over", "balance", "impact", "menu", "card"):
        store.set_step_open(room.session_code, step, True)
    on_step(page, live_content, "do_over")  # the waiting phone followed the room
    for spec in KEYNOTE:
        page.goto(f"{room.base_url}/step/{spec.step}")
        enter_by_keyboard(page, spec, content)
        check_saved(store, content, me, spec)
    # The card downloads from the keyboard too.
    page.goto(f"{room.base_url}/step/card")
    page.get_by_role("button", name="Download card (PDF)").focus()
    with page.expect_download() as pdf:
        page.keyboard.press("Enter")
    assert pdf.value.suggested_filename == "do-over-card.pdf"
    page.context.close()


def test_late_joiners_and_reloads_land_where_the_room_is(
    browser: Browser, room: Served, store: Store, words: tuple[KeynoteContent, LiveContent]
) -> None:
    _content, live_content = words
    go_to(store, room, live_content, "impact")
    late = phone(browser).new_page()
    join(late, room.join_url, "Late")
    on_step(late, live_content, "impact")
    late.get_by_role("link", name=live_content.step_label("do_over")).click()
    on_step(late, live_content, "do_over")
    late.goto(room.join_url)  # the link again, or a reload of the room's page
    on_step(late, live_content, "impact")
    # A phone left open mid-typing stays, and says the room moved on.
    late.locator("#f-whom").fill("My team")
    go_to(store, room, live_content, "menu")
    news = late.locator("#news")
    expect(news).to_contain_text("The facilitator opened 4 · Menu")
    on_step(late, live_content, "impact")
    news.get_by_role("link").click()
    on_step(late, live_content, "menu")
    late.context.close()


def test_a_restart_and_a_sleep_need_no_dialog(
    browser: Browser, tmp_path: Path, words: tuple[KeynoteContent, LiveContent]
) -> None:
    _content, live_content = words
    folder = tmp_path / "room"
    folder.mkdir()
    args = ["--content", str(content_with_k(folder / "content", 2))]
    context = phone(browser)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serving(folder, args) as first:
        port = int(first.base_url.rsplit(":", 1)[1])
        code = join(page, first.join_url, "Sleepy")
        with Store(folder / "live.db") as store:
            go_to(store, first, live_content, "do_over")
        on_step(page, live_content, "do_over")
    # The server is gone and comes back on the same address; the phone just goes on.
    with serving(folder, args, port=port) as second:
        page.locator("#f-professional-answer").fill("Listen first")
        page.locator("h1").click()
        saved(page)
        # Asleep: no network at all for a while, then back; the next save just works.
        context.set_offline(True)
        page.locator("#f-professional-first_step").fill("Ask one more question")
        page.locator("h1").click()
        expect(page.locator("#status")).to_contain_text("Not saved")
        context.set_offline(False)
        page.locator("#f-professional-first_step").fill("Ask one more question, then wait")
        page.locator("h1").click()
        saved(page)
        with Store(folder / "live.db") as store:
            answers = store.answers(store.attendee_by_code(code).id)
            assert answers.text("do_over", "professional.first_step").endswith("then wait")
            go_to(store, second, live_content, "balance")
        on_step(page, live_content, "balance")  # the event stream came back by itself
    assert dialogs == []
    context.close()
