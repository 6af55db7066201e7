"""Driving the phones' pages in Chromium: join, and enter a step of the keynote's spec
(`tests.spec.keynote_steps`) by pointer, or by keyboard only."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.spec.keynote_steps import StepSpec
from workshop.content.keynote import KeynoteContent

PHONE = {"width": 390, "height": 844}
CODE = re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}")
WAIT_MS = 30_000


def phone(browser: Browser, script: bool = True, **options: object) -> BrowserContext:
    context = browser.new_context(
        viewport=PHONE,  # type: ignore[arg-type]
        java_script_enabled=script,
        accept_downloads=True,
        **options,  # type: ignore[arg-type]
    )
    context.set_default_timeout(WAIT_MS)
    # Shown with a failing test's output: what the page's script met.
    context.on("console", lambda m: print("console:", m.text))
    context.on("requestfailed", lambda r: print("failed:", r.method, r.url, r.failure))
    return context


def join(page: Page, url: str, nickname: str = "") -> str:
    """Join from the link; returns the resume code the page then shows."""
    page.goto(url)
    if nickname:
        page.get_by_label("Nickname (optional)").fill(nickname)
    page.get_by_role("button", name="Join", exact=True).click()
    shown = page.locator(".resume-code")
    expect(shown).to_have_text(CODE)
    return shown.inner_text().strip()


def saved(page: Page) -> None:
    """The page said its last save went through (the script's live region)."""
    expect(page.locator("#status")).to_contain_text(re.compile(r"Saved|Guardado"))


def field(page: Page, name: str) -> str:
    return "#f-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)


def enter(page: Page, spec: StepSpec, content: KeynoteContent) -> None:
    """Enter `spec` on its step's page with pointer and typing, waiting for each save."""
    for name, text in spec.texts.items():
        page.locator(field(page, name)).fill(text)
    for category, score in spec.ratings.items():
        page.locator(f"#r-{category}-{score}").check()
    if spec.channel:
        page.locator(f"#channel-{spec.channel}").check()
    for name, action in spec.ingredients:
        index = content.menu.ingredients.index(name)
        page.locator(f"#ingredient-{index}").check()
        if action:
            page.locator(f"#action-{index}").fill(action)
    for category, index in spec.finders:
        page.locator(f"#finder-{category}-{index}").check()
    # Typing saves once it pauses: blur the last field, then wait for "Saved".
    page.locator("h1").click()
    saved(page)


def enter_by_keyboard(page: Page, spec: StepSpec, content: KeynoteContent) -> None:
    """Enter `spec` with Tab, the arrow keys, Space and typing only: focus moves to each field
    by Tab from the top of the form, as a keyboard user's would."""
    targets: list[tuple[str, str]] = []
    targets += [(field(page, name), text) for name, text in spec.texts.items()]
    for category, score in spec.ratings.items():
        targets.append((f"[name='rating.{category}']", f"radio:{score}"))
    if spec.channel:
        targets.append(("[name='channel']", f"radio:{spec.channel}"))
    for name, action in spec.ingredients:
        index = content.menu.ingredients.index(name)
        targets.append((f"#ingredient-{index}", "space"))
        if action:
            targets.append((f"#action-{index}", action))
    for category, index in spec.finders:
        targets.append((f"#finder-{category}-{index}", "space"))
    for selector, what in targets:
        tab_to(page, selector)
        if what.startswith("radio:"):
            press_radio_to(page, what.removeprefix("radio:"))
        elif what == "space":
            page.keyboard.press("Space")
        else:
            page.keyboard.type(what)
    page.keyboard.press("Tab")
    saved(page)


def tab_to(page: Page, selector: str, limit: int = 400) -> None:
    """Press Tab until focus is on an element matching `selector` (a radio group takes one
    Tab: its checked radio, or its first)."""
    for _ in range(limit):
        if page.evaluate("(s) => !!document.activeElement?.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def press_radio_to(page: Page, value: str) -> None:
    """Arrow keys within a radio group until `value` is checked (arrows check as they move)."""
    for _ in range(20):
        if page.evaluate("() => document.activeElement.value") == value:
            if not page.evaluate("() => document.activeElement.checked"):
                page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"no radio {value} in the focused group")
