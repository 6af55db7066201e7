"""The join storm's baseline: a bare Starlette app under uvicorn, configured as `workshop serve`
configures its own (uvicorn's h11 protocol, the same limits and keep-alive), measured in the same
run.

- `hello_cpu`: server CPU per "hello" request (a few bytes of text), requests made as the
  phones make theirs (a few on each kept-alive connection, by the same client);
- `hello_stream_memory`: server memory per open event stream that sends one message and then
  waits, as a phone's stream does: what the framework alone costs per connected phone.

    python -m benchmarks._hello --port PORT       # the app, as the benchmark starts it
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import psutil
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from benchmarks._phone_client import Browser
from benchmarks._voila import free_port

#: Requests per connection, as a phone makes its page requests on one kept-alive connection.
PER_CONNECTION = 7
AT_ONCE = 50
START_TIMEOUT_S = 60.0


async def hello(_request: Request) -> Response:
    return PlainTextResponse("hello")


async def stream(_request: Request) -> Response:
    async def events() -> AsyncIterator[bytes]:
        yield b'retry: 2000\n\ndata: {"step": "balance"}\n\n'
        while True:
            await asyncio.sleep(25)
            yield b": still here\n\n"

    return StreamingResponse(events(), media_type="text/event-stream")


def app() -> Starlette:
    return Starlette(routes=[Route("/", hello), Route("/events", stream)])


def main(argv: list[str] | None = None) -> int:
    import uvicorn

    parser = argparse.ArgumentParser(prog="python -m benchmarks._hello")
    parser.add_argument("--port", type=int, required=True)
    port = parser.parse_args(argv).port
    uvicorn.run(
        app(),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
        proxy_headers=True,
        http="h11",
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=16 * 1024,
        lifespan="off",
        timeout_graceful_shutdown=2,
    )
    return 0


@contextmanager
def hello_server() -> Iterator[tuple[str, int]]:
    """The app in a process of its own: (its base URL, its process id)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks._hello", "--port", str(port)],
        env={k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")},
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the hello server did not start")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        yield url, process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)


def _cpu(pid: int) -> float:
    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


async def _requests(url: str, count: int) -> None:
    async def client(share: int) -> None:
        browser = Browser(url)
        for i in range(share):
            if i % PER_CONNECTION == 0:
                await browser.close()
                browser.page = None
            reply = await browser.get("/", "text/plain")
            if reply.status != 200 or reply.body != b"hello":
                raise RuntimeError(f"the hello server answered {reply.status}")
        await browser.close()

    shares = [count // AT_ONCE + (1 if k < count % AT_ONCE else 0) for k in range(AT_ONCE)]
    await asyncio.gather(*(client(s) for s in shares))


def hello_cpu(url: str, pid: int, count: int) -> float:
    """Seconds of server CPU per hello request, over `count` of them."""
    asyncio.run(_requests(url, min(count, 200)))  # warm: imports, the first connections
    before = _cpu(pid)
    asyncio.run(_requests(url, count))
    return (_cpu(pid) - before) / count


async def _streams(url: str, count: int, pid: int) -> float:
    server = psutil.Process(pid)
    before = server.memory_info().rss
    browsers = [Browser(url) for _ in range(count)]
    opened = asyncio.Event()
    seen = 0

    async def hold(browser: Browser) -> None:
        nonlocal seen
        async for _message in browser.events():
            seen += 1
            if seen == count:
                opened.set()

    tasks = [asyncio.create_task(hold(b)) for b in browsers]
    async with asyncio.timeout(120):
        await opened.wait()
    grown = float(server.memory_info().rss - before)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.gather(*(b.close() for b in browsers))
    return grown / count


def hello_stream_memory(url: str, pid: int, count: int) -> float:
    """Bytes of server memory per open stream, `count` held at once."""
    asyncio.run(_streams(url, min(count, 50), pid))  # warm
    return asyncio.run(_streams(url, count, pid))


if __name__ == "__main__":
    raise SystemExit(main())
