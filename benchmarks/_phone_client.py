"""A cheap HTTP/1.1 client for simulated phones: asyncio streams, with h11 for the protocol.

The join storm drives thousands of phones from the same 2-core machine as the server, so the
load generator must cost a small fraction of what it measures: httpx costs its caller about a
millisecond of CPU per request, about as much as the server spends answering one of the phones'
requests. h11 (the protocol library under httpx and uvicorn) keeps the framing right (chunked
bodies, keep-alive, a server closing a connection); this module only moves the bytes.

A `Browser` is one phone's: its own cookies (signed by the server, sent back as a browser
sends them), one kept-alive connection for its requests and another for its event stream, as a
browser opens for an EventSource.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import h11

#: What a phone's browser sends with every request (a mobile browser's, in short).
USER_AGENT = "Mozilla/5.0 (Linux; Android 14) workshop-benchmark"
READ_SIZE = 65536


class HttpError(RuntimeError):
    """An answer the phone's page would not have taken: the status and where."""


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.body)


class Connection:
    """One kept-alive HTTP/1.1 connection to the server."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.h11 = h11.Connection(h11.CLIENT)

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.h11 = h11.Connection(h11.CLIENT)

    @property
    def reusable(self) -> bool:
        return (
            self.writer is not None
            and not self.writer.is_closing()
            and self.h11.our_state is h11.IDLE
            and self.reader is not None
            and not self.reader.at_eof()
        )

    async def send(self, method: str, target: str, headers: list[tuple[str, str]],
                   body: bytes = b"") -> None:  # fmt: skip
        assert self.writer is not None
        request = h11.Request(method=method, target=target, headers=headers)
        data = self.h11.send(request) or b""
        if body:
            data += self.h11.send(h11.Data(data=body)) or b""
        data += self.h11.send(h11.EndOfMessage()) or b""
        self.writer.write(data)
        await self.writer.drain()

    async def next_event(self) -> Any:
        assert self.reader is not None
        while True:
            event = self.h11.next_event()
            if event is not h11.NEED_DATA:
                return event
            self.h11.receive_data(await self.reader.read(READ_SIZE))

    async def response(self) -> h11.Response:
        event = await self.next_event()
        while isinstance(event, h11.InformationalResponse):
            event = await self.next_event()
        if not isinstance(event, h11.Response):
            raise HttpError(f"expected a response, got {type(event).__name__}")
        return event

    async def body(self) -> bytes:
        parts = []
        while True:
            event = await self.next_event()
            if isinstance(event, h11.Data):
                parts.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage):
                break
            else:
                raise HttpError(f"expected a body, got {type(event).__name__}")
        if self.h11.our_state is h11.DONE and self.h11.their_state is h11.DONE:
            self.h11.start_next_cycle()
        return b"".join(parts)

    async def chunks(self) -> AsyncIterator[bytes]:
        """A streamed body as it arrives, until the server ends it."""
        while True:
            event = await self.next_event()
            if isinstance(event, h11.Data):
                yield bytes(event.data)
            else:
                return

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError, ConnectionError):
                await self.writer.wait_closed()
            self.writer = None


def _headers(response: h11.Response) -> dict[str, str]:
    return {k.decode().lower(): v.decode("latin-1") for k, v in response.headers}


@dataclass
class Browser:
    """One phone's browser: its cookies and its connections to one server."""

    base_url: str
    cookies: dict[str, str] = field(default_factory=dict)
    page: Connection | None = None
    stream: Connection | None = None
    received: int = 0

    @property
    def host(self) -> tuple[str, int]:
        parts = urlsplit(self.base_url)
        return parts.hostname or "127.0.0.1", parts.port or 80

    def headers(
        self, accept: str, extra: list[tuple[str, str]] | None = None
    ) -> list[tuple[str, str]]:
        host, port = self.host
        found = [
            ("Host", f"{host}:{port}"),
            ("User-Agent", USER_AGENT),
            ("Accept", accept),
            ("Accept-Encoding", "gzip"),
        ]
        if self.cookies:
            found.append(("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items())))
        return found + (extra or [])

    def keep(self, response: h11.Response) -> None:
        for name, value in response.headers:
            if name.lower() == b"set-cookie":
                pair = value.decode("latin-1").split(";", 1)[0]
                key, _, kept = pair.partition("=")
                self.cookies[key.strip()] = kept.strip()

    async def _connection(self) -> tuple[Connection, bool]:
        """The page connection, kept alive; whether it was used before (and could be stale)."""
        if self.page is not None and self.page.reusable:
            return self.page, True
        if self.page is not None:
            await self.page.close()
        self.page = Connection(*self.host)
        await self.page.open()
        return self.page, False

    async def request(
        self, method: str, target: str, accept: str, form: dict[str, str] | list[tuple[str, str]]
        | None = None,
    ) -> Reply:  # fmt: skip
        body = urlencode(form).encode() if form is not None else b""
        extra = [("Origin", self.base_url)] if method == "POST" else []
        if form is not None:
            extra += [("Content-Type", "application/x-www-form-urlencoded"),
                      ("Content-Length", str(len(body)))]  # fmt: skip
        for attempt in range(2):
            connection, reused = await self._connection()
            sent = time.monotonic()
            try:
                await connection.send(method, target, self.headers(accept, extra), body)
                response = await connection.response()
                break
            except (ConnectionError, h11.RemoteProtocolError, HttpError) as exc:
                # A kept-alive connection the server closed as the request went out: a browser
                # sends it again on a new one (nothing of it reached the application).
                await connection.close()
                if not reused or attempt:
                    took = time.monotonic() - sent
                    kind = "kept-alive" if reused else "new"
                    where = f"{method} {target.split('?')[0]}"
                    said = f"{where}: {exc} after {took:.1f} s on a {kind} connection"
                    raise HttpError(said) from exc
        self.keep(response)
        raw = await connection.body()
        self.received += len(raw)
        headers = _headers(response)
        if headers.get("content-encoding") == "gzip":
            raw = gzip.decompress(raw)
        return Reply(response.status_code, headers, raw)

    async def get(self, target: str, accept: str = "text/html") -> Reply:
        return await self.request("GET", target, accept)

    async def post(self, target: str, form: dict[str, str] | list[tuple[str, str]],
                   accept: str = "application/json") -> Reply:  # fmt: skip
        return await self.request("POST", target, accept, form)

    async def events(self, target: str = "/events") -> AsyncIterator[dict[str, Any]]:
        """The room's Server-Sent Events, one message at a time, on a connection of its own."""
        self.stream = Connection(*self.host)
        await self.stream.open()
        await self.stream.send("GET", target, self.headers("text/event-stream"))
        response = await self.stream.response()
        if response.status_code != 200:
            raise HttpError(f"GET {target} answered {response.status_code}, not a stream")
        buffer = b""
        async for chunk in self.stream.chunks():
            self.received += len(chunk)
            buffer += chunk
            while b"\n\n" in buffer:
                event, buffer = buffer.split(b"\n\n", 1)
                for line in event.split(b"\n"):
                    if line.startswith(b"data:"):
                        yield json.loads(line[5:])

    async def close(self) -> None:
        for connection in (self.page, self.stream):
            if connection is not None:
                await connection.close()
