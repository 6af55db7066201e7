"""What a phone pays to join: bytes and requests over the wire, cold and warm, and the time to a
usable Join and to the resume code on a congested venue network; the phones' plain page beside
the Solara page it replaced (`benchmarks._solara_phone`), measured in the same run.

Bytes are Chromium's own count (the DevTools protocol): every response's encoded size with its
headers, every byte of a stream still open (the phone's event stream, Solara's websocket frames
both ways). A cold join is a fresh browser context (an empty cache, as a phone that just scanned
the QR code): open the link, press Join, until the resume code shows and the network is quiet.
A warm reload is the same phone reloading. The congested network is Chromium's emulation of
300 ms of latency and 1.5 Mbit/s each way on every request.

    python -m benchmarks bench_phone_weight          # BENCH_QUICK=1: fewer rounds
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import _serve
from benchmarks.rows import Row
from tests.browser.conftest import free_port
from tests.support.chromium import CHROMIUM_ARGS, find_chromium
from tests.support.paths import ROOT
from workshop.content.keynote import load_content

ROUNDS = {False: 6, True: 2}
#: Phones holding the room's event stream open at once, for the memory each costs.
STREAMS = {False: 2000, True: 300}
#: Chromium's emulation of a congested venue Wi-Fi.
LATENCY_MS = 300
THROUGHPUT = 1.5e6 / 8  # bytes per second, each way
CODE = re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}")
#: The network is quiet once no byte moved for this long.
QUIET_S = 1.0


@dataclass
class Wire:
    """Bytes and requests one page load moved, as Chromium counted them."""

    requests: int = 0
    finished: dict[str, int] = field(default_factory=dict)
    streaming: dict[str, int] = field(default_factory=dict)
    frames: int = 0

    @property
    def total(self) -> int:
        open_streams = sum(v for k, v in self.streaming.items() if k not in self.finished)
        return sum(self.finished.values()) + open_streams + self.frames


def watch(cdp: Any) -> Wire:
    wire = Wire()

    def sent(event: dict[str, Any]) -> None:
        if not event["request"]["url"].startswith("data:"):
            wire.requests += 1

    def data(event: dict[str, Any]) -> None:
        key = event["requestId"]
        wire.streaming[key] = wire.streaming.get(key, 0) + int(event["encodedDataLength"])

    def done(event: dict[str, Any]) -> None:
        wire.finished[event["requestId"]] = int(event["encodedDataLength"])

    def frame(event: dict[str, Any]) -> None:
        wire.frames += len(event["response"]["payloadData"])

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.dataReceived", data)
    cdp.on("Network.loadingFinished", done)
    cdp.on("Network.webSocketFrameReceived", frame)
    cdp.on("Network.webSocketFrameSent", frame)
    cdp.on("Network.webSocketCreated", lambda _e: setattr(wire, "requests", wire.requests + 1))
    cdp.send("Network.enable")
    return wire


#: Logs, on the page's clock, when Join is pressed and when a resume code first shows.
WATCH_CODE = """() => {
  const now = () => performance.timeOrigin + performance.now();
  document.addEventListener("click", () => console.log("bench:click:" + now()), true);
  const code = /[2-9A-Z]{4}-[2-9A-Z]{4}/;
  const seen = new MutationObserver(() => {
    if (!code.test(document.body.innerText)) return;
    console.log("bench:code:" + now());
    seen.disconnect();
  });
  seen.observe(document.documentElement, {subtree: true, childList: true, characterData: true});
}"""


def mark(text: str, marks: dict[str, float]) -> None:
    if text.startswith("bench:"):
        _, name, value = text.split(":")
        marks.setdefault(name, float(value))


def quiet(page: Any, wire: Wire) -> None:
    """Until no byte moved for `QUIET_S` (a condition, polled on the page's own clock)."""
    last, since = wire.total, time.monotonic()
    while time.monotonic() - since < QUIET_S:
        page.wait_for_timeout(100)
        if wire.total != last:
            last, since = wire.total, time.monotonic()


def join_and_measure(browser: Any, url: str, label: str, throttle: bool) -> dict[str, float]:
    """One cold join, then one warm reload; with `throttle`, the times on a congested network."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    wire = watch(cdp)
    if throttle:
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": LATENCY_MS,
                "downloadThroughput": THROUGHPUT,
                "uploadThroughput": THROUGHPUT,
            },
        )
    page.goto(url, wait_until="commit")
    join = page.get_by_role("button", name=label, exact=True)
    join.wait_for(state="visible", timeout=120_000)
    usable = page.evaluate("performance.now()") / 1000
    marks: dict[str, float] = {}
    page.on("console", lambda message: mark(message.text, marks))
    page.evaluate(WATCH_CODE)
    join.click()
    page.get_by_text(CODE).first.wait_for(timeout=120_000)
    while "code" not in marks:  # the page's own clock says when the code first showed
        page.wait_for_timeout(50)
    code_after = (marks["code"] - marks["click"]) / 1000
    quiet(page, wire)
    cold = {"bytes": wire.total, "requests": wire.requests, "join_s": usable, "code_s": code_after}
    if throttle:
        context.close()
        return cold
    warm = watch(context.new_cdp_session(page))
    page.reload()
    page.get_by_text(CODE).first.wait_for()
    quiet(page, warm)
    context.close()
    return {**cold, "warm_bytes": warm.total, "warm_requests": warm.requests}


@contextmanager
def solara_page(room: _serve.Served, db: str) -> Iterator[str]:
    """Today's Solara phone page, on the room's server application, beside the room."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WORKSHOP_", "SOLARA_"))}
    env |= {
        "WORKSHOP_DB": db,
        "WORKSHOP_CONTENT": str(load_content().source),
        "WORKSHOP_SESSION": room.session_code,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks._solara_phone", "--port", str(port)],
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
                raise RuntimeError("the Solara phone page did not start")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        yield f"{url}/?session={room.session_code}"
    finally:
        process.terminate()
        process.wait(30)


def measure(scratch: Path, chromium: str, rounds: int) -> dict[str, dict[str, list[float]]]:
    from playwright.sync_api import sync_playwright

    db = str(scratch / "room.db")
    room = _serve.start(scratch, db, ["--address-limit", "100000"])
    seen: dict[str, dict[str, list[float]]] = {"phone": {}, "solara": {}}
    try:
        with solara_page(room, db) as solara_url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            urls = {"phone": f"{room.base_url}/?session={room.session_code}", "solara": solara_url}
            for _round in range(rounds):
                for name, url in urls.items():
                    for throttle in (False, True):
                        found = join_and_measure(browser, url, "Join", throttle)
                        prefix = "slow_" if throttle else ""
                        for key, value in found.items():
                            seen[name].setdefault(prefix + key, []).append(float(value))
            browser.close()
    finally:
        room.stop()
    return seen


async def _streams(room: _serve.Served, count: int) -> float:
    """Server memory per connected phone: `count` event streams held open at once."""
    import asyncio

    import httpx
    import psutil

    async with httpx.AsyncClient(base_url=room.base_url, timeout=60) as client:
        await client.get("/")
        await client.post("/join", data={"session": room.session_code})
        cookies = client.cookies
    server = psutil.Process(room.process.pid)
    before = server.memory_info().rss
    opened: list[int] = []
    release = asyncio.Event()
    limits = httpx.Limits(max_connections=count + 10)
    async with httpx.AsyncClient(
        base_url=room.base_url, timeout=120, cookies=cookies, limits=limits
    ) as client:

        async def phone() -> None:
            async with client.stream("GET", "/events") as stream:
                async for line in stream.aiter_lines():
                    if line.startswith("data"):
                        opened.append(1)
                        await release.wait()
                        return

        tasks = [asyncio.create_task(phone()) for _ in range(count)]
        while len(opened) < count:
            await asyncio.sleep(0.1)
        grown = server.memory_info().rss - before
        release.set()
        await asyncio.gather(*tasks)
    return grown / count


def stream_memory(scratch: Path, count: int) -> float:
    from tests.support.serving import run_coroutine

    db = str(scratch / "streams.db")
    room = _serve.start(scratch, db, ["--address-limit", "100000"])
    try:
        return run_coroutine(_streams(room, count))
    finally:
        room.stop()


def run() -> list[Row]:
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError(
            "bench_phone_weight needs Chromium: `apt-get install -y chromium` "
            "(or set WORKSHOP_CHROMIUM)"
        )
    rounds = ROUNDS[os.environ.get("BENCH_QUICK") == "1"]
    with tempfile.TemporaryDirectory(prefix="bench-phone-") as scratch:
        seen = measure(Path(scratch), chromium, rounds)
        per_phone = stream_memory(Path(scratch), STREAMS[os.environ.get("BENCH_QUICK") == "1"])
    phone, solara = seen["phone"], seen["solara"]

    def median(found: dict[str, list[float]], key: str) -> float:
        return float(statistics.median(found[key]))

    def row(name: str, key: str, unit: str, target: float, scale: float = 1.0) -> Row:
        return Row(
            name,
            round(median(phone, key) / scale, 3),
            unit,
            "the Solara phone page",
            round(median(solara, key) / scale, 3),
            target,
            "max",
        )

    return [
        row("cold join, bytes over the wire", "bytes", "KB", 150, 1000),
        row("cold join, requests", "requests", "requests", 10),
        row("warm reload, bytes over the wire", "warm_bytes", "KB", 20, 1000),
        row("warm reload, requests", "warm_requests", "requests", 10),
        row("300 ms / 1.5 Mbit/s: Join usable", "slow_join_s", "s", 2.0),
        row("300 ms / 1.5 Mbit/s: resume code after Join", "slow_code_s", "s", 1.0),
        Row(
            "server memory per phone following the room",
            round(per_phone / 1024, 1),
            "KB",
            target=50,
            target_kind="max",
        ),
    ]
