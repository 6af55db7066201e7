"""Where the room listens, and the address phones are told to open.

`--ip auto` binds to this machine's address on its default route: the one its network traffic
leaves by, which is the venue's Wi-Fi or cable, and so the one phones on that network reach.
It is found without sending a byte (a UDP socket is "connected" to a documentation address,
RFC 5737, and asked which of this machine's addresses it would use). A room bound to the
loopback address (127.0.0.1, the default of `workshop serve`) is reachable from this computer
only: `serve` says so, and gives the command that serves it to phones.
"""

from __future__ import annotations

import ipaddress
import shlex
import socket
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from workshop.errors import WorkshopError

#: `--ip auto`: the address of the default route.
AUTO = "auto"
#: An address no packet goes to (TEST-NET-1); "connecting" a UDP socket to it sends nothing.
PROBE = ("192.0.2.1", 9)
DEFAULT_PORT = 8866


class AddressError(WorkshopError, OSError):
    """An address or port the server could never listen on."""


def default_route_address() -> str | None:
    """This machine's IPv4 address on its default route, or None with no network."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(PROBE)
            address = str(probe.getsockname()[0])
        except OSError:
            return None
    return None if ipaddress.ip_address(address).is_unspecified else address


def is_loopback(host: str) -> bool:
    """Whether `host` (an address or a name) is this computer's own, which no phone reaches."""
    if host.strip("[]").lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_is_loopback(url: str) -> bool:
    return is_loopback(urlsplit(url).hostname or "")


def resolve(ip: str) -> str:
    """The address to bind: `ip` as given, or for `auto` the default route's (loopback when
    this machine has no network: the room still runs, and says it cannot be joined)."""
    if ip != AUTO:
        return ip
    return default_route_address() or "127.0.0.1"


def public_host(ip: str) -> str:
    """The host attendees open: the bound address, or for an address that binds every
    interface, the default route's (phones rarely resolve a laptop's name), else the name."""
    if ip in ("0.0.0.0", "::", ""):
        return default_route_address() or socket.gethostname()
    return f"[{ip}]" if ":" in ip else ip


def check_address(ip: str, port: int) -> None:
    """Refuse an address or port the server could never bind, in words, before trying."""
    if not 1 <= port <= 65535:
        raise AddressError(f"--port expected a number from 1 to 65535, got {port}")
    try:
        ipaddress.ip_address(ip)
    except ValueError:
        raise AddressError(
            f"--ip expected an address of this machine like 127.0.0.1 or 0.0.0.0, or {AUTO} "
            f"(this machine's address on its network), got {ip!r}"
        ) from None
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((ip, port))
        except OSError as exc:
            if exc.errno == 98:  # EADDRINUSE
                raise AddressError(
                    f"port {port} on {ip} is already in use; pass --port with a free one"
                ) from None
            raise AddressError(f"cannot listen on {ip}:{port}: {exc.strerror}") from None


def serve_command(
    ip: str,
    content: Path | str | None = None,
    db: Path | str | None = None,
    port: int = DEFAULT_PORT,
    extra: Sequence[str] = (),
) -> str:
    """The `workshop serve` command line that serves this room on `ip`, as a person types it
    (no password can be in it: a --db with one is refused before anything runs)."""
    words = ["workshop", "serve"]
    if content is not None:
        words += ["--content", str(content)]
    if db is not None:
        words += ["--db", str(db)]
    if port != DEFAULT_PORT:
        words += ["--port", str(port)]
    return shlex.join([*words, *extra, "--ip", ip])
