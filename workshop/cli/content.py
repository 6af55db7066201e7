"""`workshop validate` and `workshop init`: a trainer's content, checked and started."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _validate(args: argparse.Namespace) -> int:
    from workshop.content.base import default_content_dir
    from workshop.content.check import check_content

    path = Path(args.path) if args.path else default_content_dir()
    problems = check_content(path)
    errors = [p for p in problems if p.severity == "error"]
    warnings = len(problems) - len(errors)
    # Every problem on stdout in file order, one FILE:LINE line each, so editors and grep can
    # jump to them; the summary goes to stderr.
    for problem in problems:
        prefix = "warning: " if problem.severity == "warning" else ""
        print(f"{problem.file}:{problem.line}: {prefix}{problem.message}")
    if errors:
        print(
            f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in {path}",
            file=sys.stderr,
        )
        return 1
    note = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
    print(f"{path}: content is valid{note}", file=sys.stderr)
    return 0


def _init(args: argparse.Namespace) -> int:
    from workshop.content.trainer import init_content
    from workshop.shipped import content_dir

    written = init_content(Path(args.dir), Path(args.source) if args.source else content_dir())
    print(f"wrote {len(written)} files to {args.dir}")
    print(f"edit them, then check them with: workshop validate {args.dir}")
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    validate = commands.add_parser(
        "validate", help="check a content folder; print FILE:LINE: message for every problem"
    )
    validate.add_argument(
        "path",
        nargs="?",
        help="the content folder, e.g. my_content (default: $WORKSHOP_CONTENT, else the shipped "
        "content)",
    )
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
