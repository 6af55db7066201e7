"""`workshop session`: the room's session and the facilitator's links, without a server.

- `start`: when the room is served by replicas (`workshop serve --replica`, on one machine or
  several), none of them may start a session or issue links: this command does, once, and
  prints the facilitator's one-time links on this terminal only (the key is in the link's
  fragment, and only its hash is stored). Run again, it issues new links for the running
  session; the unused ones printed before stop working.
- `links`: new one-time links for the running session (another screen, another browser).
- `sign-out`: end every facilitator sign-in of the running session, on every server.
"""

from __future__ import annotations

import argparse
import sys

from workshop.cli.live import common
from workshop.live.session import LiveSession, SessionError
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
    links = sub.add_parser(
        "links",
        help="print new one-time links to the big screen and the remote of the running session "
        "(for another screen; the unused links printed before stop working)",
    )
    _db(links)
    links.add_argument(
        "--url",
        default="http://127.0.0.1:8866",
        help="the room's address, as its Join link starts (default http://127.0.0.1:8866)",
    )
    links.set_defaults(handler=_links)
    sign_out = sub.add_parser(
        "sign-out",
        help="end every facilitator sign-in of the running session, on every server, now",
    )
    _db(sign_out)
    sign_out.set_defaults(handler=_sign_out)


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=None,
        help="SQLite file, or a postgresql:// URL without its password (default: "
        "WORKSHOP_DB, else the URL in the file WORKSHOP_DB_FILE names, else workshop.db)",
    )


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
        print(f"\nSession {plan.session_code} was running: these are new facilitator links, and")
        print("the unused ones printed before no longer work (browsers signed in stay signed in).")
        print("The replicas serve on; nothing to restart.")
    return 0


def _running(store: Store) -> LiveSession:
    from workshop.services import live_session as live

    running = live.current_session(store)
    if running is None:
        raise SessionError(f"no session is running in {store.shown}", "wrong")
    return running


def _links(args: argparse.Namespace) -> int:
    from workshop.services import facilitators

    with Store(args.db) as store:
        running = _running(store)
        links = facilitators.issue_links(store, running)
    remote, presenter = links.urls(args.url)
    print(f"  Facilitator:  {remote}")
    print(f"  Big screen:   {presenter}")
    print("  Each link signs in one browser, once. Keep them to yourself.")
    return 0


def _sign_out(args: argparse.Namespace) -> int:
    from workshop.services import facilitators

    with Store(args.db) as store:
        running = _running(store)
        ended = facilitators.sign_out_everywhere(store, running.code)
    print(f"Signed out every facilitator browser of session {running.code} ({ended} keys).")
    print("Run 'workshop session links' (or restart 'workshop serve') for new links.")
    return 0
