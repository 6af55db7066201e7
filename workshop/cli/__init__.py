"""The `workshop` command line. Each command group registers itself from its own module."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from workshop.errors import WorkshopError
from workshop.store.target import ENV_DB_FILE, has_password

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workshop",
        description="The Do-Over workshop: check and start content, run the live room, export "
        "its results, and keep coaching records.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    for register in _command_groups():
        register(commands)
    return parser


def _command_groups() -> list[
    Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]
]:
    """Command groups that live in their own modules; each adds its subcommands."""
    from workshop.cli import coaching, content, live, session

    return [content.register, live.register, session.register, coaching.register]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if has_password(getattr(args, "db", None) or ""):
        # Refused before anything runs: `ps` and shell history show a command line to others.
        print(
            f"workshop {args.command}: --db holds a password, and a command line is shown to "
            f"every user of this machine; put the URL in WORKSHOP_DB, or in a file that "
            f"{ENV_DB_FILE} names",
            file=sys.stderr,
        )
        return 2
    handler: Handler = args.handler
    try:
        return handler(args)
    except WorkshopError as exc:
        # A mistake of the user's: say what is wrong, never a traceback.
        print(f"workshop {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
