"""Where the room listens and what phones are told (issue 20: `make run` served a room no
phone could join). `--ip auto` is tested on hosts of the test's own, in network namespaces;
what `serve` says at the terminal, in the content's language, without them."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.support.netns import network_host
from tests.support.paths import DATA
from tests.support.serving import serving
from workshop.content.keynote import load_content
from workshop.content.live import load_live_content
from workshop.server import address
from workshop.server.address import AddressError, is_loopback, resolve, serve_command
from workshop.server.plan import Plan, announce, with_loopback_hint

PROBE = "from workshop.server.address import default_route_address as f; print(f())"


def in_host(host_command: list[str]) -> str:
    done = subprocess.run(host_command, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.strip()


def test_auto_is_the_address_of_the_default_route_on_a_host_of_its_own() -> None:
    with network_host() as host:
        assert in_host(host.command([sys.executable, "-c", PROBE])) == host.address


def test_a_host_with_no_default_route_has_no_address_for_phones() -> None:
    with network_host(default_route=False) as host:
        assert in_host(host.command([sys.executable, "-c", PROBE])) == "None"


def test_serve_ip_auto_is_joinable_from_another_host(tmp_path: Path) -> None:
    """Served in a namespace with `--ip auto`: the join link names the host's address, and
    this machine, a host away, opens it."""
    with network_host() as host:
        base = host.command([sys.executable, "-m", "workshop.cli"])
        with serving(tmp_path, ["--ip", "auto"], command=base) as served:
            assert served.join_url.startswith(f"http://{host.address}:")
            printed = served.out.read_text(encoding="utf-8")
            assert "phones cannot join" not in printed
            # The join page, as a phone on the network opens it (the server's own /healthz
            # answers only its own machine).
            with urllib.request.urlopen(served.join_url, timeout=60) as page:
                assert page.status == 200
                assert 'action="/join"' in page.read().decode("utf-8")


def test_serve_on_loopback_says_so_and_gives_the_command_with_this_machines_address(
    tmp_path: Path,
) -> None:
    with network_host() as host:
        base = host.command([sys.executable, "-m", "workshop.cli"])
        with serving(tmp_path, [], command=base) as served:
            assert served.join_url.startswith("http://127.0.0.1:")
        printed = served.out.read_text(encoding="utf-8")
    port = served.base_url.rsplit(":", 1)[1]
    assert "Only this computer can open this address: phones cannot join." in printed
    assert f"workshop serve --db {tmp_path / 'live.db'} --port {port} --ip {host.address}" in (
        printed
    )


# -- without namespaces ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("localhost", True),
        ("[::1]", True),
        ("192.168.1.23", False),
        ("room.example.org", False),
    ],
)
def test_loopback_is_this_computers_own_address(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_auto_without_a_network_serves_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(address, "default_route_address", lambda: None)
    assert resolve("auto") == "127.0.0.1"
    assert resolve("0.0.0.0") == "0.0.0.0"


def test_a_bad_ip_is_refused_in_words_naming_auto() -> None:
    with pytest.raises(AddressError, match="or auto"):
        address.check_address("everywhere", 8866)


def test_the_command_is_what_a_person_types() -> None:
    assert serve_command("10.0.0.5") == "workshop serve --ip 10.0.0.5"
    assert (
        serve_command("10.0.0.5", "my content", "room.db", 9000)
        == "workshop serve --content 'my content' --db room.db --port 9000 --ip 10.0.0.5"
    )


def plan(join_url: str) -> Plan:
    return Plan(
        "K7QM3X", "token", "http://x", join_url, "http://x/f#t", "http://x/f#t/p", None, None
    )


def test_a_proxy_address_needs_no_hint_and_loopback_gets_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("workshop.server.plan.default_route_address", lambda: "10.0.0.5")
    assert with_loopback_hint(plan("https://room.example.org/?session=K"), None, None, 443) == (
        plan("https://room.example.org/?session=K")
    )
    hinted = with_loopback_hint(plan("http://127.0.0.1:8866/?session=K"), None, "w.db", 8866)
    assert hinted.loopback_hint == "workshop serve --db w.db --ip 10.0.0.5"
    assert not hinted.no_network
    monkeypatch.setattr("workshop.server.plan.default_route_address", lambda: None)
    offline = with_loopback_hint(plan("http://127.0.0.1:8866/?session=K"), None, None, 8866)
    assert offline.loopback_hint == "workshop serve --ip auto" and offline.no_network


def test_the_terminal_speaks_the_contents_language() -> None:
    """Issue 20: with Spanish content, serve printed Join, Session code and Facilitator."""
    content = load_content(DATA / "es")
    live = load_live_content(DATA / "es")
    printed: list[str] = []
    announce(plan("http://127.0.0.1:8866/?session=K7QM3X"), content, live, printed.append)
    text = "\n".join(printed)
    for word in ("Unirse:", "Código de sesión:", "Facilitador:", "Pantalla grande:"):
        assert word in text
    for english in ("Join:", "Session code:", "Facilitator:", "Big screen:", "Keep the"):
        assert english not in text
