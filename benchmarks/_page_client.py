"""A simulated Solara page: it speaks the server's real protocol, with no browser.

The facilitator's remote is a Solara page; the benchmarks and tests that need one (counting the
room, opening a step) drive it over plain HTTP and the page's kernel websocket:
- GET the page, keeping the cookies the server sets;
- open the page's kernel websocket, ask for kernel info, and run the app through the
  ``solara.control`` comm;
- read the widgets the server creates (``comm_open``) and updates (``comm_msg``), and press the
  remote's controls by sending the messages the JavaScript sends.

The phones' plain pages have a client of their own (`benchmarks._phone_client`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookiejar import DefaultCookiePolicy
from http.cookies import SimpleCookie
from typing import Any

import httpx
import websockets

Widget = dict[str, Any]
#: A kept-alive connection the server closed just as a request went out on it. A browser sends
#: an idempotent request again on a new connection; so does a simulated page, once.
STALE_CONNECTION = (httpx.ReadError, httpx.RemoteProtocolError)
#: Below the server's own keep-alive timeout (uvicorn's 5 s), so the client lets an idle
#: connection go before the server closes it under it.
KEEPALIVE_S = 2.0


class _NoCookies(DefaultCookiePolicy):
    def set_ok(self, cookie: Any, request: Any) -> bool:
        return False


def http_client(connections: int = 2000) -> httpx.AsyncClient:
    """One HTTP client for many simulated pages. It keeps no cookies of its own: each page
    keeps its own (a shared jar would make every page the same browser)."""
    client = httpx.AsyncClient(
        timeout=180,
        limits=httpx.Limits(
            max_connections=connections,
            max_keepalive_connections=connections,
            keepalive_expiry=KEEPALIVE_S,
        ),
    )
    client.cookies.jar.set_policy(_NoCookies())
    return client


@dataclass
class PageClient:
    """One simulated page: its cookies, its widgets by model id, and its websocket."""

    http: httpx.AsyncClient
    base_url: str
    cookies: dict[str, str] = field(default_factory=dict)
    widgets: dict[str, Widget] = field(default_factory=dict)
    #: How many updates each widget has had: a change is seen even when its value repeats.
    updates: dict[str, int] = field(default_factory=dict)
    kernel_id: str = ""
    page_id: str = ""
    _ws: Any = None
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _reader: asyncio.Task[None] | None = None
    received_bytes: int = 0

    # -- HTTP -------------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        headers = {"Accept-Encoding": "gzip"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    async def get(self, path: str) -> httpx.Response:
        try:
            response = await self.http.get(self.base_url + path, headers=self._headers())
        except STALE_CONNECTION:
            response = await self.http.get(self.base_url + path, headers=self._headers())
        self._keep_cookies(response)
        return response

    def _keep_cookies(self, response: httpx.Response) -> None:
        """Keep the cookies a response sets, as a browser does."""
        for raw in response.headers.get_list("set-cookie"):
            jar: SimpleCookie = SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value

    async def post(self, path: str, body: str) -> httpx.Response:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        response = await self.http.post(self.base_url + path, content=body, headers=headers)
        self._keep_cookies(response)
        return response

    # -- the page's websocket -------------------------------------------------------------------

    async def connect(self, kernel_path: str) -> None:
        """Open the kernel's websocket (its path under the server, with the page id)."""
        ws_base = "ws" + self.base_url[len("http") :]
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self._ws = await websockets.connect(
            f"{ws_base}{kernel_path}",
            additional_headers={"Cookie": cookie} if cookie else None,
            max_size=None,
            open_timeout=120,
            ping_interval=None,
        )
        self._reader = asyncio.get_running_loop().create_task(self._read())

    async def open_solara(self, path: str) -> None:
        """What Solara's page script does: connect, then run the app at `path`."""
        self.kernel_id, self.page_id = str(uuid.uuid4()), str(uuid.uuid4())
        await self.connect(
            f"/jupyter/api/kernels/{self.kernel_id}/channels?session_id={self.page_id}"
        )
        await self.send("kernel_info_request", {})
        control = uuid.uuid4().hex
        await self.send(
            "comm_open", {"comm_id": control, "target_name": "solara.control", "data": {}}
        )
        run = {"path": path, "dark": False, "themes": {}, "appName": None}
        await self.send("comm_msg", {"comm_id": control, "data": {"method": "run", "args": run}})

    async def send(
        self, msg_type: str, content: dict[str, Any], metadata: dict[str, Any] | None = None
    ) -> None:
        message = {
            "header": {
                "msg_id": uuid.uuid4().hex,
                "username": "",
                "session": self.page_id,
                "msg_type": msg_type,
                "version": "5.3",
                "date": datetime.now(UTC).isoformat(),
            },
            "parent_header": {},
            "metadata": metadata or {},
            "content": content,
            "buffers": [],
            "channel": "shell",
        }
        await self._ws.send(json.dumps(message))

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                if isinstance(raw, bytes):
                    self.received_bytes += len(raw)
                    continue
                self.received_bytes += len(raw)
                self._take(json.loads(raw))
        except websockets.ConnectionClosed:
            pass
        finally:
            self._changed.set()

    def _take(self, message: dict[str, Any]) -> None:
        kind = message.get("msg_type") or message.get("header", {}).get("msg_type")
        content = message.get("content", {})
        if kind == "comm_open":
            state = content.get("data", {}).get("state", {})
            self.widgets[content["comm_id"]] = dict(state)
            self._changed.set()
        elif kind == "comm_msg":
            data = content.get("data", {})
            model = content.get("comm_id")
            if data.get("method") == "update_states":
                for state_id, state in data.get("states", {}).items():
                    self.widgets[state_id] = dict(state.get("state", {}))
                self._changed.set()
                return
            if data.get("method") == "update" and model in self.widgets:
                self.widgets[model].update(data.get("state", {}))
                self.updates[model] = self.updates.get(model, 0) + 1
                self._changed.set()

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            await self._reader

    # -- widgets ------------------------------------------------------------------------------

    def find(self, test: Callable[[Widget], bool]) -> str | None:
        return next((i for i, w in self.widgets.items() if test(w)), None)

    def with_class(self, name: str) -> str | None:
        """A widget with CSS class `name`: an ipywidget's, or an ipyvue element's (`class_`)."""
        return self.find(
            lambda w: (
                name in (w.get("_dom_classes") or ()) or name in str(w.get("class_", "")).split()
            )
        )

    async def press(self, model: str) -> None:
        """Click an ipyvue element (the remote's controls are plain HTML buttons)."""
        await self.send(
            "comm_msg",
            {
                "comm_id": model,
                "data": {"method": "custom", "content": {"event": "click", "data": {}}},
            },
        )

    async def until(self, test: Callable[[], Any], timeout: float = 120.0) -> Any:
        """Wait until `test()` gives something truthy (re-checked as messages arrive)."""
        deadline = time.monotonic() + timeout
        while True:
            found = test()
            if found:
                return found
            left = deadline - time.monotonic()
            if left <= 0 or (self._reader is not None and self._reader.done()):
                raise TimeoutError(f"gave up waiting after {timeout:.0f} s")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), timeout=min(left, 1.0))
