"""HTTP connections that must send their request headers in time.

uvicorn closes an idle kept-alive connection after `timeout_keep_alive`, but has no timeout for
a request's headers: a client that opens a connection and then sends a byte now and then (a
"slowloris") holds it, and its file descriptor, for ever; a few thousand of them and nobody
else gets in. nginx has `client_header_timeout` for this (set in its config); here each
connection must complete its request's headers within `HEADERS_S` of the first byte of that
request (or of connecting), or it is closed.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from workshop.server.runtime import runtime

#: Seconds a client has to send a request's headers, as nginx's client_header_timeout.
HEADERS_S = 10.0


class HeadersInTime(H11Protocol):
    """uvicorn's h11 protocol, with a deadline on every request's headers."""

    _headers_due: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._expect_headers()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE:
            if self._headers_due is None:
                self._expect_headers()  # a new request has begun: its headers are due
        else:
            self._headers_arrived()

    def connection_lost(self, exc: Exception | None) -> None:
        self._headers_arrived()
        super().connection_lost(exc)

    def _expect_headers(self) -> None:
        self._headers_due = self.loop.call_later(HEADERS_S, self._headers_late)

    def _headers_arrived(self) -> None:
        if self._headers_due is not None:
            self._headers_due.cancel()
            self._headers_due = None

    def _headers_late(self) -> None:
        self._headers_due = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            runtime().tally.count("connections closed: request headers not sent in time")
            self.transport.close()
