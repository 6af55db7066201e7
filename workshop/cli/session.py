"""`workshop session start`: the room's session and the facilitator's link, without a server.

When the room is served by replicas (`workshop serve --replica`, on one machine or several),
none of them may start a session or issue a token: this command does, once, and prints the
facilitator's link on this terminal only (the token is in the link's fragment, and only its hash
is stored). Run again, it issues a new link for the running session; the old one stops working.
"""

from __future__ import annotations

import argparse
import sys

from workshop.cli.live import common
from workshop.store import Store


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `session` command and its subcommands."""
    parser = commands.add_parser(
        "session", help="the live session itself, for a room served by replicas"
    )
    sub = parser.add_subparsers(dest="session_command", required=True, metavar="SUBCOMMAND")
    start = sub.add_parser(
        "start",
        help="start the session (or pick up the running one) and print the facilitator's "
        "link here, once; replicas ('workshop serve --replica') serve it",
    )
    common(start)
    start.add_argument(
        "--url",
        required=True,
        help="the public address attendees open, like https://room.example.org (the links "
        "are made from it)",
    )
    start.add_argument(
        "--new-session", action="store_true", help="start a new session even if one is running"
    )
    start.set_defaults(handler=_start)


def _start(args: argparse.Namespace) -> int:
    from workshop.server.plan import announce, prepare
    from workshop.services import live_session as live
    from workshop.services.kept_content import session_content

    with Store(args.db) as store:
        before = live.current_session(store)
        running = None if args.new_session else before
        code = running.code if running else None
        with session_content(store, code, args.content, can_start_anew=True) as chosen:
            if chosen.warning:
                print(chosen.warning, file=sys.stderr)
            qr_dir = store.target.path.resolve().parent if store.target.path else None
            plan = prepare(store, chosen.content, chosen.live, args.url, running, qr_dir)
        shown = store.shown
    announce(plan, chosen.content, chosen.live, print, serving=False)
    if before is None:
        print(f"\nStarted session {plan.session_code} in {shown}; replicas serve it now.")
    elif before.code != plan.session_code:
        print(f"\nStarted session {plan.session_code} in {shown}. Replicas serving session")
        print(f"{before.code} go on serving it until they are restarted: restart them.")
    else:
        print(f"\nSession {plan.session_code} was running: this is a new facilitator link, and")
        print("the previous one no longer works. The replicas serve on; nothing to restart.")
    return 0
