"""The `workshop` command line. Each command group registers itself from its own module."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from workshop.errors import WorkshopError

Handler = Callable[[argparse.Namespace], int]


def _validate(args: argparse.Namespace) -> int:
    from workshop.content.check import check_content

    problems = check_content(Path(args.path))
    errors = [p for p in problems if p.severity == "error"]
    warnings = len(problems) - len(errors)
    # Every problem on stdout in file order, one FILE:LINE line each, so editors and grep can
    # jump to them; the summary goes to stderr.
    for problem in problems:
        prefix = "warning: " if problem.severity == "warning" else ""
        print(f"{problem.file}:{problem.line}: {prefix}{problem.message}")
    if errors:
        print(
            f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in {args.path}",
            file=sys.stderr,
        )
        return 1
    note = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
    print(f"{args.path}: content is valid{note}", file=sys.stderr)
    return 0


def _init(args: argparse.Namespace) -> int:
    from workshop.content.trainer import init_content
    from workshop.shipped import content_dir

    written = init_content(Path(args.dir), Path(args.source) if args.source else content_dir())
    print(f"wrote {len(written)} files to {args.dir}")
    print(f"edit them, then check them with: workshop validate {args.dir}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workshop", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check a content folder; print FILE:LINE: message for every problem"
    )
    validate.add_argument("path", help="the content folder, e.g. data/en")
    validate.set_defaults(handler=_validate)

    init = commands.add_parser(
        "init", help="write an editable, commented copy of the default content to a new folder"
    )
    init.add_argument("dir", help="a new or empty folder, e.g. my_content")
    init.add_argument(
        "--from",
        dest="source",
        help="the content set to copy, e.g. data/es (default: the English default content)",
    )
    init.set_defaults(handler=_init)

    for register in _command_groups():
        register(commands)
    return parser


def _command_groups() -> list[
    Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]
]:
    """Command groups that live in their own modules; each adds its subcommands."""
    from workshop.cli import coaching, live

    return [live.register, coaching.register]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except WorkshopError as exc:
        # A mistake of the user's: say what is wrong, never a traceback.
        print(f"workshop {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
