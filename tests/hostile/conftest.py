"""The hostile-client suite runs in the same real Chromium as the browser tests."""

from tests.browser.conftest import browser, chromium_path

__all__ = ["browser", "chromium_path"]
