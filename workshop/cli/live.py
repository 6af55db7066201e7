"""Commands of the live session: serve, demo, export and report."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator

from workshop.errors import WorkshopError
from workshop.live.session import SessionError, normalise_session_code
from workshop.server.gates import DEFAULT_ADDRESS_TRIES, DEFAULT_WINDOW_S
from workshop.services.kept_content import SessionContent, session_content
from workshop.store import Store

#: Most attendees one `workshop demo` adds: a rehearsal room, written in batches.
DEMO_MAX = 5000


class DemoError(WorkshopError, ValueError):
    """A demo room the command will not make."""


def _warn(chosen: SessionContent) -> None:
    if chosen.warning:
        print(chosen.warning, file=sys.stderr)


def progress_bar(done: int, total: int, label: str = "") -> None:
    """A one-line progress bar on stderr, redrawn in place."""
    width = 30
    filled = round(width * done / total) if total else width
    end = "\n" if done >= total else ""
    print(
        f"\r{label} [{'#' * filled}{' ' * (width - filled)}] {done}/{total}",
        end=end,
        file=sys.stderr,
        flush=True,
    )


@contextlib.contextmanager
def progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar for the block; one left unfinished by an error ends its line first, so
    the error is a line of its own."""
    state = {"open": False}

    def show(done: int, total: int) -> None:
        progress_bar(done, total, label)
        state["open"] = done < total

    try:
        yield show
    finally:
        if state["open"]:
            print(file=sys.stderr)


def _serve(args: argparse.Namespace) -> int:
    from workshop.server.gates import Tries
    from workshop.server.serve import serve

    return serve(
        args.content,
        args.db,
        ip=args.ip,
        port=args.port,
        url=args.url,
        new_session=args.new_session,
        max_pages=args.max_attendees,
        workers=args.workers,
        take_over=args.take_over,
        replica=args.replica,
        proxy=args.proxy,
        limits=Tries(args.address_limit, args.limit_window * 60),
        sign_out_everywhere=args.sign_out_everywhere,
    )


def _demo(args: argparse.Namespace) -> int:
    from workshop.services import live_session as live
    from workshop.services.demo import fill_room

    if not 0 <= args.attendees <= DEMO_MAX:
        raise DemoError(
            f"--attendees expected a number from 0 to {DEMO_MAX:,}, got {args.attendees}"
        )
    with Store(args.db) as store:
        if args.coaching or (args.coaching is None and args.attendees > 0):
            _demo_coaching(store, args.content)
        if args.attendees == 0:
            # Opening it has brought the schema forward; a room of nobody needs no session.
            print(f"{store.shown} is ready (schema {store.schema_version}); no attendees added")
            return 0
        session = live.current_session(store)
        chosen_content = session_content(store, session.code if session else None, args.content)
        with chosen_content as chosen, progress("demo attendees") as bar:
            _warn(chosen)
            if session is None:
                session = live.start_session(store, chosen.content, chosen.live).session
                print(f"started session {session.code}")
            added = fill_room(
                store,
                chosen.content,
                chosen.live,
                args.attendees,
                session.code,
                seed=args.seed,
                progress=bar,
            )
    print(f"added {added} demo attendees to session {session.code} in {store.shown}")
    return 0


def _demo_coaching(store: Store, content: str | None) -> None:
    """The demo coaching team beside the room (once): a director, managers and reps."""
    from datetime import date

    from workshop.content.coaching_files import load_coaching_content
    from workshop.services.coaching_team import has_demo_team, load_demo_team

    if has_demo_team(store):
        print("the demo coaching team is there already")
        return
    team = load_demo_team(store, load_coaching_content(content), date.today())
    roles = [p.role for p in team.people]
    print(
        f"added the demo coaching team: {roles.count('director')} director, "
        f"{roles.count('manager')} managers and {roles.count('rep')} reps, with "
        f"{len(team.calls):,} coaching calls (remove it from any coaching notebook)"
    )


def _existing_store(db: str | None) -> Store:
    """The database a command reads results from, opened read-only: a missing file is a typo,
    not an empty room, and a read never creates, migrates or writes it."""
    return Store(db, readonly=True)


def _session_code(store: Store, requested: str | None) -> str | None:
    """The session a command works on: the one named (as typed), else the latest."""
    if requested:
        code = normalise_session_code(requested)
        # An unknown code would export an empty room without a word; say so instead.
        if store.live_session(code) is None:
            raise SessionError(f"no session with code {code} in {store.shown}", "wrong")
        return code
    latest = store.live_session()
    return latest.code if latest else None


def _export(args: argparse.Namespace) -> int:
    from workshop.reports.results import check_export, export_results

    with _existing_store(args.db) as store:
        out = check_export(args.out, store)
        code = _session_code(store, args.session)
        with session_content(store, code, args.content) as chosen:
            _warn(chosen)
            path = export_results(store, chosen.content, code, out)
    print(f"wrote {path}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from workshop.reports import session_report

    if not args.out and not args.cards:
        print("workshop report: give --out report.pdf, --cards DIR, or both", file=sys.stderr)
        return 2
    with _existing_store(args.db) as store:
        # Both targets are checked before either is drawn.
        out = session_report.check_report(args.out, store) if args.out else None
        cards = session_report.check_cards(args.cards, store) if args.cards else None
        code = _session_code(store, args.session)
        with session_content(store, code, args.content) as chosen:
            _warn(chosen)
            content = chosen.content
            if out is not None:
                path = session_report.write_session_report(store, content, chosen.live, code, out)
                print(f"wrote {path}")
            if cards is not None:
                with progress("cards") as bar:
                    count = session_report.write_cards(store, content, code, cards, progress=bar)
                print(f"wrote {count} cards to {cards.path}")
    return 0


def common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        help="content folder (default: the content the session was started with; for a new "
        "session WORKSHOP_CONTENT, else data/en)",
    )
    parser.add_argument(
        "--db",
        default=None,
        help="SQLite file, or a postgresql:// URL without its password (default: "
        "WORKSHOP_DB, else the URL in the file WORKSHOP_DB_FILE names, else workshop.db)",
    )


def register_serve(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser("serve", help="run the live room: attendees, big screen, remote")
    common(serve)
    serve.add_argument(
        "--ip",
        default="127.0.0.1",
        help="address to bind: 'auto' for this machine's address on its network (phones can "
        "join; `make run` uses it), 0.0.0.0 for every address, or the default 127.0.0.1 (this "
        "computer only)",
    )
    serve.add_argument("--port", type=int, default=8866, help="the port to serve on (default 8866)")
    serve.add_argument("--url", help="public base URL attendees use, if not http://IP:PORT")
    serve.add_argument(
        "--new-session", action="store_true", help="start a new session instead of resuming"
    )
    serve.add_argument(
        "--max-attendees",
        type=int,
        default=2000,
        help="attendees the session admits before newcomers see 'the room is full' "
        "(default 2000; those who joined always get back in)",
    )
    _limits(serve)
    _room_options(serve)
    serve.set_defaults(handler=_serve)


def _limits(serve: argparse.ArgumentParser) -> None:
    """How many joins, and tries of a code, one network address may make."""
    serve.add_argument(
        "--address-limit",
        type=int,
        default=DEFAULT_ADDRESS_TRIES,
        help="joins, and tries of a code, one network address may make per window (default "
        f"{DEFAULT_ADDRESS_TRIES}); raise it to the room's size when every phone reaches the "
        "server through one address",
    )
    serve.add_argument(
        "--limit-window",
        type=float,
        default=DEFAULT_WINDOW_S / 60,
        help=f"the sliding window of those limits, in minutes (default {DEFAULT_WINDOW_S / 60:g})",
    )


def _room_options(serve: argparse.ArgumentParser) -> None:
    """How the room is served: processes, take-over, sign-outs, replicas, the proxy."""
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes, behind nginx (which must be installed), for a bigger room",
    )
    serve.add_argument(
        "--take-over",
        action="store_true",
        help="take the room over from another workshop serve running on the same database "
        "(which then stops)",
    )
    serve.add_argument(
        "--sign-out-everywhere",
        action="store_true",
        help="end every facilitator sign-in of the running session first (a shared laptop, a "
        "lost phone): only the new links this prints open the big screen and the remote",
    )
    serve.add_argument(
        "--replica",
        action="store_true",
        help="serve the session 'workshop session start' started, as one of several servers "
        "of the room (see deploy/): no new session, no facilitator token",
    )
    serve.add_argument(
        "--proxy",
        default="127.0.0.1",
        help="address(es) or network(s) of the proxy in front, comma-separated, whose "
        "X-Forwarded-For names the client (default 127.0.0.1)",
    )


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    register_serve(commands)

    demo = commands.add_parser("demo", help="fill the session with a synthetic room")
    common(demo)
    demo.add_argument(
        "--attendees",
        type=int,
        default=40,
        help=f"how many to add, 0 to {DEMO_MAX:,} (0 only brings the database's schema forward)",
    )
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument(
        "--coaching",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="add the demo coaching team too (a director, managers, reps and six months of "
        "calls), once; on by default when attendees are added",
    )
    demo.set_defaults(handler=_demo)

    export = commands.add_parser(
        "export", help="export a session's results (.xlsx, or CSV files in a folder or a .zip)"
    )
    common(export)
    export.add_argument(
        "--out",
        required=True,
        help="results.xlsx, results.zip (CSV files) or a folder for CSV files (results/)",
    )
    export.add_argument("--session", help="session code (default: the latest)")
    export.set_defaults(handler=_export)

    report = commands.add_parser("report", help="session report PDF and/or one card per attendee")
    common(report)
    report.add_argument("--out", help="report.pdf")
    report.add_argument("--cards", help="folder for one card PDF per attendee")
    report.add_argument("--session", help="session code (default: the latest)")
    report.set_defaults(handler=_report)
