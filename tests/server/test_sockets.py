"""Which pages' websockets are the room's: the Origin check, without a server."""

from __future__ import annotations

import pytest

from workshop.server.sockets import origin_allowed

ROOM = "http://192.168.1.20:8866"


@pytest.mark.parametrize(
    ("origin", "host", "allowed"),
    [
        ("http://192.168.1.20:8866", "192.168.1.20:8866", True),
        ("http://192.168.1.20:8866", "anything:1", True),  # the room's own address
        ("http://127.0.0.1:8866", "127.0.0.1:8866", True),  # the address it was opened to
        ("HTTP://127.0.0.1:8866", "127.0.0.1:8866", True),
        ("https://room.example.org", "room.example.org", True),
        (None, "127.0.0.1:8866", True),  # no Origin: not a browser's page
        ("http://127.0.0.1:9999", "127.0.0.1:8866", False),  # another port: another site
        ("http://evil.example", "127.0.0.1:8866", False),
        ("http://192.168.1.20:8866.evil.example", "127.0.0.1:8866", False),
        ("null", "127.0.0.1:8866", False),
        ("", "127.0.0.1:8866", False),
        ("file://", "127.0.0.1:8866", False),
    ],
)
def test_a_socket_is_the_rooms_only_from_the_rooms_pages(
    origin: str | None, host: str, allowed: bool
) -> None:
    assert origin_allowed(origin, host, ROOM) is allowed
