"""Debian's Chromium, found and launched once per test run, for every suite that needs a browser.

Playwright drives Debian's Chromium (``apt-get install -y chromium``); `playwright install`
cannot reach its download site from these machines. Without a Chromium the tests skip, unless
``WORKSHOP_REQUIRE_BROWSER=1`` (as `.ci/run` sets), where a missing browser fails the run.

The fixtures are registered once, in the root conftest: a session fixture defined in two
conftests would launch a second Playwright inside the first one's event loop.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

DEFAULT_CHROMIUM = "/usr/bin/chromium"
INSTALL_HINT = "install one with `apt-get install -y chromium` (or set WORKSHOP_CHROMIUM)"

#: Without the networking flags Chromium keeps calling hosts the closed network refuses.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def missing(reason: str) -> NoReturn:
    if os.environ.get("WORKSHOP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (WORKSHOP_REQUIRE_BROWSER=1 makes this a failure)", pytrace=False)
    pytest.skip(reason)


def find_chromium() -> str | None:
    """WORKSHOP_CHROMIUM if set, else Debian's /usr/bin/chromium, else `chromium` on PATH."""
    chosen = os.environ.get("WORKSHOP_CHROMIUM")
    candidates = [chosen] if chosen else [DEFAULT_CHROMIUM, shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    found = find_chromium()
    if found is None:
        chosen = os.environ.get("WORKSHOP_CHROMIUM")
        where = (
            f"WORKSHOP_CHROMIUM={chosen!r} is not an executable"
            if chosen
            else (f"no Chromium at {DEFAULT_CHROMIUM} or on PATH")
        )
        missing(f"{where}; {INSTALL_HINT}")
    return found


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    """One headless Chromium for the whole run; each test opens its own page in it."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing(
            "the playwright package is missing; install the test extra: pip install -e '.[test]'"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        _LAUNCHED.append(launched)
        try:
            yield launched
        finally:
            _LAUNCHED.remove(launched)
            launched.close()


#: The run's Chromium once launched (a list, so that a test that never asks for one never
#: launches one just to be cleaned up after).
_LAUNCHED: list[Browser] = []


@pytest.fixture(autouse=True)
def pages_closed() -> Iterator[None]:
    """Every page a test opened is closed when it ends. A page left open keeps running its
    scripts, sockets and polls in the shared Chromium: across the browser tier, the ones
    forgotten added up to more than the machine's cores and slowed every later test."""
    yield
    for launched in _LAUNCHED:
        for context in launched.contexts:
            context.close()
