"""The room `serve` starts, worked out before anything starts, and how it is told to the person
at the terminal: the join link and QR code, the facilitator's links, and, when no phone can
reach the address, the command that serves the room to them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent
from workshop.live.facilitators import Links
from workshop.live.session import LiveSession
from workshop.outputs import atomic_file, refuse_database
from workshop.server.address import default_route_address, serve_command, url_is_loopback
from workshop.services import facilitators
from workshop.services import live_session as live
from workshop.store import Store


@dataclass(frozen=True)
class Plan:
    """Everything `serve` will start, worked out before anything starts."""

    session_code: str
    #: The facilitator's one-time links; None for a replica, which issues none (they are not
    #: its to give).
    links: Links | None
    base_url: str
    join_url: str
    facilitator_url: str | None
    presenter_url: str | None
    qr_png: Path | None
    qr_svg: Path | None
    #: When no phone can reach `join_url` (it is this computer's own address): the command
    #: that serves the room on the network, and whether this machine has a network at all.
    loopback_hint: str = ""
    no_network: bool = False


def prepare(
    store: Store,
    content: KeynoteContent,
    live_content: LiveContent,
    base_url: str,
    running: LiveSession | None,
    qr_dir: Path | None,
) -> Plan:
    """Pick up the `running` session (or start one), issue new one-time facilitator links (the
    unused ones issued before stop working), write the QR code."""
    if running is None:
        started = live.start_session(store, content, live_content)
        code, links = started.session.code, started.links
    else:
        code, links = running.code, facilitators.issue_links(store, running)
    base = base_url.rstrip("/")
    join_url = f"{base}/?session={code}"
    qr_png = qr_svg = None
    if qr_dir is not None:
        qr_png, qr_svg = write_qr(join_url, qr_dir / f"join-{code}")
    remote, presenter = links.urls(base)
    return Plan(code, links, base, join_url, remote, presenter, qr_png, qr_svg)


def write_qr(url: str, stem: Path) -> tuple[Path, Path]:
    """The join QR code as `stem`.png and `stem`.svg, each written whole (`workshop.outputs`)."""
    import segno

    qr = segno.make(url, error="m")
    written = []
    for kind in ("png", "svg"):
        path = stem.with_name(f"{stem.name}.{kind}")
        refuse_database(path, "the QR code")
        with atomic_file(path) as handle:
            qr.save(handle, kind=kind, scale=10, border=2)
        written.append(path)
    return written[0], written[1]


def replica_plan(session: LiveSession, base_url: str) -> Plan:
    """A replica's plan: the session as it is, with no links of its own and no QR file."""
    base = base_url.rstrip("/")
    return Plan(session.code, None, base, f"{base}/?session={session.code}", None, None, None, None)


def with_loopback_hint(
    plan: Plan, content_dir: Path | str | None, db: str | Path | None, port: int
) -> Plan:
    """The plan, with the command that serves the room to phones when its join address is
    this computer's own (a `--url` through a proxy is the proxy's business)."""
    if not url_is_loopback(plan.join_url):
        return plan
    address = default_route_address()
    command = serve_command(address or "auto", content_dir, db, port)
    return replace(plan, loopback_hint=command, no_network=address is None)


def announce(
    plan: Plan,
    content: KeynoteContent,
    live_content: LiveContent,
    out: Callable[[str], None],
    serving: bool = True,
) -> None:
    """Print the room for the person at this terminal, in the content's language: the join QR
    code and links, the facilitator's links when this plan issued them, and, when no phone can
    reach this address, what to run instead."""
    import io

    import segno

    label = live_content.label
    qr = io.StringIO()
    segno.make(plan.join_url, error="m").terminal(out=qr, compact=True)
    out(qr.getvalue())
    rows = [(label("terminal_join"), plan.join_url), (label("session_code"), plan.session_code)]
    if plan.qr_png is not None and plan.qr_svg is not None:
        rows.append((label("terminal_qr"), f"{plan.qr_png}  (+ {plan.qr_svg.name})"))
    if plan.links is not None:
        rows.append((label("terminal_facilitator"), plan.facilitator_url or ""))
        rows.append((label("terminal_big_screen"), plan.presenter_url or ""))
    width = max(len(name) for name, _ in rows) + 2
    out(f"  {content.settings.title}")
    for name, value in rows:
        out(f"  {(name + ':').ljust(width)}{value}")
    stop = f" {label('terminal_stop')}" if serving else ""
    if plan.links is None:
        out(f"  {label('terminal_replica')}{stop}")
    else:
        out(f"  {label('terminal_keep')}{stop}")
    if plan.loopback_hint:
        warning = label("no_network" if plan.no_network else "loopback_terminal")
        out(f"\n  ! {warning}\n      {plan.loopback_hint}")
