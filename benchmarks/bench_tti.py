"""Time to interactive of the attendee page in Chromium on a phone-sized screen: on the live
server (Solara), beside a one-button page on the same server, and beside the same page on the
old server (Voilà, a kernel per page).

The one-button page runs on the room's own server application with only the page swapped
(`benchmarks._one_widget`), so the ratio is what the attendee app itself costs. Pages are opened
in turn, each in a fresh browser context (a cold cache, as a phone that just scanned the QR
code), so drift on a shared machine falls on all alike. The time is the page's own clock
(`performance.now()`, zero at navigation start) at the first animation frame where the Join
button is visible and enabled. Chromium is Debian's (`apt-get install -y chromium`).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks import _serve
from benchmarks._one_widget_page import LABEL_ENV
from benchmarks._voila import (
    ATTENDEE_NOTEBOOK,
    CHROMIUM_ARGS,
    VoilaServer,
    find_chromium,
    free_port,
)
from benchmarks.rows import Row
from workshop.content.keynote import load_content
from workshop.content.live import load_live_content
from workshop.services import live_session as live
from workshop.store import Store

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROUNDS = {False: 7, True: 3}
TARGET_RATIO = 1.5
WAIT_MS = 60_000
PHONE = {"width": 390, "height": 844}
ROOT = Path(__file__).resolve().parent.parent

# Run in the page at every animation frame: performance.now() (ms since navigation start) once
# the Join button can be used, else 0 to keep waiting.
JOIN_READY = """(label) => {
  const usable = (el) => {
    if (!el || el.disabled || el.closest('[disabled]')) return false;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden';
  };
  const button = [...document.querySelectorAll('button')]
    .find((b) => b.textContent.trim() === label && usable(b));
  return button ? performance.now() : 0;
}"""


def time_to_interactive(browser: Browser, url: str, label: str) -> float:
    """Milliseconds from navigation start until the Join button is usable, in a fresh context."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit", timeout=WAIT_MS)
        handle = page.wait_for_function(JOIN_READY, arg=label, polling="raf", timeout=WAIT_MS)
        return float(handle.json_value())
    finally:
        context.close()  # closes the page's connection, so its server can let it go


@contextmanager
def one_button_server(room: _serve.Served, db: str, label: str) -> Iterator[str]:
    """The one-button page on the room's server application, beside the room."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WORKSHOP_", "SOLARA_"))}
    env |= {
        "WORKSHOP_DB": db,
        "WORKSHOP_CONTENT": str(load_content().source),
        "WORKSHOP_SESSION": room.session_code,
        LABEL_ENV: load_live_content(load_content().source).label("join_button"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks._one_widget", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + _serve.START_TIMEOUT_S
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the one-button server did not start")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        yield f"{url}/"
    finally:
        process.terminate()
        process.wait(30)


def measure(scratch: Path, chromium: str, rounds: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    content = load_content()
    label = load_live_content(content.source).label("join_button")
    db = str(scratch / "room.db")
    voila_db = scratch / "voila.db"
    with Store(voila_db) as store:
        code = live.start_session(store, content, load_live_content(content.source)).session.code
    room = _serve.start(scratch, db)
    samples: dict[str, list[float]] = {"solara": [], "one button": [], "voila": []}
    try:
        with (
            one_button_server(room, db, label) as one_button,
            VoilaServer(ATTENDEE_NOTEBOOK, scratch, {"WORKSHOP_DB": str(voila_db)}) as voila,
            sync_playwright() as playwright,
        ):
            voila.wait_until_answering()
            urls = {
                "solara": f"{room.base_url}/?session={room.session_code}",
                "one button": one_button,
                "voila": f"{voila.url}?session={code}",
            }
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                # One unmeasured load each: the first pays for the servers' cold caches
                # (imports, the disk), which no attendee after the first one meets.
                for url in urls.values():
                    time_to_interactive(browser, url, label)
                for _ in range(rounds):
                    for name, url in urls.items():
                        samples[name].append(time_to_interactive(browser, url, label))
            finally:
                browser.close()
    finally:
        room.stop()
    return samples


def run() -> list[Row]:
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError(
            "bench_tti needs Chromium: `apt-get install -y chromium` (or set WORKSHOP_CHROMIUM)"
        )
    rounds = ROUNDS[os.environ.get("BENCH_QUICK") == "1"]
    with tempfile.TemporaryDirectory(prefix="bench-tti-") as scratch:
        samples = measure(Path(scratch), chromium, rounds)
    solara, one_button, voila = (
        statistics.median(samples[k]) for k in ("solara", "one button", "voila")
    )
    name = f"attendee page on a phone, cold cache: Join usable (median of {rounds})"
    return [
        Row(name, solara, "ms", "one-button page, same server", one_button, TARGET_RATIO),
        Row(name, solara, "ms", "same page, old server (Voilà)", voila),
    ]
