"""A host of the test's own: a network namespace joined to this machine by a veth pair, with its
own address and (if asked) a default route through the pair.

Made with iproute2 (`ip netns add`, a veth pair), as root; where it cannot be made, the test
skips and says why, unless WORKSHOP_REQUIRE_NAMESPACES=1 (as CI sets) makes that a failure.
Everything made is removed at the end: deleting the namespace deletes its end of the pair,
which deletes the other.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NoReturn

import pytest


@dataclass(frozen=True)
class Host:
    """A namespace: its name, its address, and this machine's address on the pair."""

    name: str
    address: str
    gateway: str

    def command(self, argv: Sequence[str]) -> list[str]:
        """`argv` run inside the namespace."""
        return ["ip", "netns", "exec", self.name, *argv]


def _missing(reason: str) -> NoReturn:
    if os.environ.get("WORKSHOP_REQUIRE_NAMESPACES") == "1":
        pytest.fail(f"{reason} (WORKSHOP_REQUIRE_NAMESPACES=1 makes this a failure)", pytrace=False)
    pytest.skip(reason)


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, text=True, timeout=30)


@contextmanager
def network_host(default_route: bool = True) -> Iterator[Host]:
    """A namespace on a /30 of 10.240-254.x.x of its own, joined to this machine by a veth pair;
    with `default_route`, its traffic leaves through this machine."""
    if shutil.which("ip") is None:
        _missing("no `ip` command (apt-get install -y iproute2) to make a network namespace")
    if os.geteuid() != 0:
        _missing("making a network namespace needs root")
    tag = f"{os.getpid() % 10000}{random.randrange(1000):03d}"
    name, outside, inside = f"wsns{tag}", f"wso{tag}", f"wsi{tag}"
    net = f"10.{random.randrange(240, 255)}.{random.randrange(256)}"
    base = random.randrange(0, 252, 4)
    gateway, address = f"{net}.{base + 1}", f"{net}.{base + 2}"
    try:
        _ip("netns", "add", name)
    except (subprocess.CalledProcessError, OSError) as exc:
        _missing(f"cannot make a network namespace here: {getattr(exc, 'stderr', exc)}")
    try:
        _ip("link", "add", outside, "type", "veth", "peer", "name", inside)
        _ip("link", "set", inside, "netns", name)
        _ip("addr", "add", f"{gateway}/30", "dev", outside)
        _ip("link", "set", outside, "up")
        for args in (
            ("addr", "add", f"{address}/30", "dev", inside),
            ("link", "set", inside, "up"),
            ("link", "set", "lo", "up"),
        ):
            _ip("netns", "exec", name, "ip", *args)
        if default_route:
            _ip("netns", "exec", name, "ip", "route", "add", "default", "via", gateway)
        yield Host(name, address, gateway)
    finally:
        subprocess.run(["ip", "netns", "delete", name], capture_output=True, timeout=30)
        subprocess.run(["ip", "link", "delete", outside], capture_output=True, timeout=30)
