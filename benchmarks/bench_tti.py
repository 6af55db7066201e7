"""Time to interactive of the attendee app in Chromium, against a one-slider Voilà notebook.

Both notebooks are served by the same kind of Voilà server (`workshop serve`'s command line),
and opened in turn, each in a fresh browser context (cold cache, a new kernel), so drift on a
shared machine falls on both alike. The time is the page's own clock (`performance.now()`,
zero at navigation start) at the first animation frame where the Join button (or the slider)
is visible and enabled: what an attendee waits for after scanning the QR code.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks._voila import ATTENDEE_NOTEBOOK, CHROMIUM_ARGS, VoilaServer, find_chromium
from benchmarks.rows import Row
from workshop.content.keynote import load_content
from workshop.content.live import load_live_content
from workshop.live import operations as live
from workshop.store import Store

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROUNDS = 5
TARGET_RATIO = 1.5
WAIT_MS = 60_000

SLIDER_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "slider",
            "metadata": {},
            "outputs": [],
            "source": ["import ipywidgets as w\n", "\n", "w.IntSlider()"],
        }
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}

# Both checks run in the page at every animation frame; they return performance.now() (ms
# since navigation start) once the control can be used, else a falsy value to keep waiting.
_VISIBLE = """
const usable = (el) => {
  if (!el || el.disabled || el.closest('[disabled]')) return false;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return box.width > 0 && box.height > 0 && style.visibility !== 'hidden';
};
"""
JOIN_READY = (
    "(label) => {" + _VISIBLE + "const button = [...document.querySelectorAll('button')]"
    ".find((b) => b.textContent.trim() === label && usable(b));"
    "return button ? performance.now() : 0; }"
)
SLIDER_READY = (
    "() => {"
    + _VISIBLE
    + "const slider = document.querySelector('.widget-hslider .noUi-handle, .widget-hslider');"
    "return usable(slider) ? performance.now() : 0; }"
)


def time_to_interactive(browser: Browser, url: str, ready: str, arg: object = None) -> float:
    """Milliseconds from navigation start until `ready` holds, in a fresh context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit", timeout=WAIT_MS)
        handle = page.wait_for_function(ready, arg=arg, polling="raf", timeout=WAIT_MS)
        return float(handle.json_value())
    finally:
        context.close()  # closes the page's kernel connection, so Voilà can let it go


def measure(scratch: Path, chromium: str) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    content = load_content()
    live_content = load_live_content(content.source)
    database = scratch / "tti.db"
    with Store(database) as store:
        code = live.start_session(store, content, live_content).session.code
    slider = scratch / "slider.ipynb"
    slider.write_text(json.dumps(SLIDER_NOTEBOOK), encoding="utf-8")
    env = {"WORKSHOP_DB": str(database)}
    join_label = live_content.label("join_button")

    samples: dict[str, list[float]] = {"app": [], "slider": []}
    with (
        VoilaServer(ATTENDEE_NOTEBOOK, scratch, env) as app_server,
        VoilaServer(slider, scratch, env) as slider_server,
    ):
        app_server.wait_until_answering()
        slider_server.wait_until_answering()
        app_url = f"{app_server.url}?session={code}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                # One unmeasured load each: the first pays for the servers' and the disk's
                # cold caches, which no attendee after the first one meets.
                time_to_interactive(browser, app_url, JOIN_READY, join_label)
                time_to_interactive(browser, slider_server.url, SLIDER_READY)
                for _ in range(ROUNDS):
                    samples["app"].append(
                        time_to_interactive(browser, app_url, JOIN_READY, join_label)
                    )
                    samples["slider"].append(
                        time_to_interactive(browser, slider_server.url, SLIDER_READY)
                    )
            finally:
                browser.close()
    return samples


def run() -> list[Row]:
    chromium = find_chromium()
    if chromium is None:
        chosen = os.environ.get("WORKSHOP_CHROMIUM")
        where = (
            f"WORKSHOP_CHROMIUM={chosen!r} is not an executable"
            if chosen
            else "no Chromium at /usr/bin/chromium or on PATH"
        )
        print(
            f"  bench_tti skipped: {where}; install one with `apt-get install -y chromium` "
            "(or set WORKSHOP_CHROMIUM)",
            file=sys.stderr,
        )
        return []
    try:
        import playwright  # noqa: F401
    except ImportError:
        print(
            "  bench_tti skipped: the playwright package is missing; "
            "pip install -e '.[test]' (no `playwright install` needed)",
            file=sys.stderr,
        )
        return []
    with tempfile.TemporaryDirectory(prefix="bench-tti-") as scratch:
        samples = measure(Path(scratch), chromium)
    app, slider = (statistics.median(samples[k]) for k in ("app", "slider"))
    return [
        Row(
            name=f"attendee app: Join usable (median of {ROUNDS})",
            value=app,
            unit="ms",
            baseline_name="one-slider notebook",
            baseline=slider,
            target=TARGET_RATIO,
        )
    ]
