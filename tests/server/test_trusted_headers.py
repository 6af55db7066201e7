"""No request decides a URL: Solara's paths are fixed from the room's address, and the headers a
client could forge to choose one are dropped before any page sees them."""

from __future__ import annotations

import pytest

from workshop.server.app import trusted_headers
from workshop.server.settings import fixed_paths


@pytest.mark.parametrize(
    ("base", "root", "url"),
    [
        ("http://10.0.0.5:8866", "", "http://10.0.0.5:8866/"),
        ("https://room.example.org/", "", "https://room.example.org/"),
        ("https://example.org/kickoff/", "/kickoff", "https://example.org/kickoff/"),
        ("", "", "http://127.0.0.1/"),
    ],
)
def test_solara_paths_come_from_the_rooms_own_address(base: str, root: str, url: str) -> None:
    assert fixed_paths(base) == {"SOLARA_ROOT_PATH": root, "SOLARA_BASE_URL": url}


def test_forgeable_headers_are_dropped_and_the_rest_kept() -> None:
    sent = [
        (b"host", b"room:8866"),
        (b"Script-Name", b"//evil/x"),
        (b"x-script-name", b"//evil/x"),
        (b"X-Forwarded-Host", b"evil"),
        (b"x-forwarded-for", b"6.6.6.6"),
        (b"forwarded", b"for=6.6.6.6"),
        (b"cookie", b"a=b"),
        (b"origin", b"http://room:8866"),
    ]
    assert trusted_headers(sent) == [
        (b"host", b"room:8866"),
        (b"cookie", b"a=b"),
        (b"origin", b"http://room:8866"),
    ]
