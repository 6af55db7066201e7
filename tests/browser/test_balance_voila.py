"""The balance exercise in a real browser: rate, reload, and come back with the resume code."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser

NOTEBOOK = "attendee/02_balance.ipynb"
CODE = re.compile(r"^[2-9A-Z]{4}-[2-9A-Z]{4}$")
RATINGS = {"career": 6, "health": 2, "family": 7, "fun": 5}


def resume_code(page: Page) -> str:
    """The code the identity bar shows, once the kernel has rendered it."""
    shown = page.locator(".workshop-resume-code b")
    expect(shown).to_have_text(CODE)
    return shown.inner_text().strip()


def toggle(page: Page, category: str, score: int) -> Locator:
    row = page.locator(f".workshop-rate-{category}")
    return row.get_by_role("button", name=str(score), exact=True)


def active_scores(page: Page, category: str) -> Locator:
    return page.locator(f".workshop-rate-{category} button.mod-active")


def expect_ratings(page: Page, ratings: dict[str, int]) -> None:
    for category, score in ratings.items():
        expect(active_scores(page, category)).to_have_text([str(score)])
    expect(page.locator(".workshop-balance-summary")).to_contain_text("Average")


def test_ratings_come_back_after_a_reload_with_the_resume_code(
    page: Page, serve_notebook: Callable[[str], str], tmp_path: Path
) -> None:
    url = serve_notebook(NOTEBOOK)
    page.goto(url)
    code = resume_code(page)

    for category, score in RATINGS.items():
        toggle(page, category, score).click()
    # "Saved" appears only once every pending rating has committed.
    expect(page.locator(".workshop-save-status")).to_contain_text("Saved")
    expect_ratings(page, RATINGS)
    expect(page.locator(".workshop-balance-summary")).to_contain_text("Out of balance")
    expect(page.locator(".workshop-balance img")).to_be_visible()
    page.screenshot(path=tmp_path / "balance-rated.png", full_page=True)

    # A reload is a new kernel and, in Voilà, a new attendee with nothing rated.
    page.reload()
    fresh = resume_code(page)
    assert fresh != code
    expect(page.locator(".workshop-balance button.mod-active")).to_have_count(0)

    page.locator(".workshop-identity input").fill(code.lower())
    page.get_by_role("button", name="Resume", exact=True).click()
    expect(page.locator(".workshop-identity")).to_contain_text("Welcome back")
    expect(page.locator(".workshop-resume-code b")).to_have_text(code)
    expect_ratings(page, RATINGS)
    expect(page.locator(".workshop-balance button.mod-active")).to_have_count(len(RATINGS))

    # The same code in the page URL resumes straight away.
    page.goto(f"{url}?code={code}")
    assert resume_code(page) == code
    expect_ratings(page, RATINGS)
    page.screenshot(path=tmp_path / "balance-resumed-by-url.png", full_page=True)


def test_an_unknown_code_changes_nothing_in_the_browser(
    page: Page, serve_notebook: Callable[[str], str]
) -> None:
    page.goto(serve_notebook(NOTEBOOK))
    code = resume_code(page)
    toggle(page, "growth", 4).click()
    expect(page.locator(".workshop-save-status")).to_contain_text("Saved")

    page.locator(".workshop-identity input").fill("2222-2222")
    page.locator(".workshop-identity input").press("Enter")

    expect(page.locator(".workshop-identity")).to_contain_text("That code is not known here")
    expect(page.locator(".workshop-resume-code b")).to_have_text(code)
    expect_ratings(page, {"growth": 4})
