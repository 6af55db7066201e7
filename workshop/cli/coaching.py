"""`workshop coaching import` and `workshop coaching export`: coaching data in and out."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `coaching` command and its subcommands."""
    parser = commands.add_parser("coaching", help="sales coaching data: import and export")
    sub = parser.add_subparsers(dest="coaching_command", required=True, metavar="SUBCOMMAND")

    importer = sub.add_parser(
        "import",
        help="import competency evaluations from a CSV file (rep,date,competency,score); "
        "a file with any bad row imports nothing",
    )
    importer.add_argument("csv", help="the CSV file, one score per row")
    _common(importer)
    importer.set_defaults(handler=_import)

    exporter = sub.add_parser("export", help="write every coaching record to an Excel workbook")
    exporter.add_argument("--out", required=True, help="the workbook to write, e.g. coaching.xlsx")
    _common(exporter)
    exporter.set_defaults(handler=_export)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", default=None, help="the database (default: $WORKSHOP_DB, else workshop.db)"
    )
    parser.add_argument(
        "--content",
        default=None,
        help="the content folder (default: $WORKSHOP_CONTENT, else the shipped content)",
    )


def _import(args: argparse.Namespace) -> int:
    from workshop.coaching.io import import_evaluations
    from workshop.content.coaching_files import load_coaching_content
    from workshop.store import Store

    content = load_coaching_content(args.content)
    with Store(args.db) as store:
        plan = import_evaluations(Path(args.csv), store, content, date.today())
        where = store.shown
    count = len(plan.evaluations)
    reps = ", ".join(r.name for r in plan.new_reps)
    new = f"; new rep{'s' if len(plan.new_reps) != 1 else ''}: {reps}" if plan.new_reps else ""
    print(f"imported {count} evaluation{'s' if count != 1 else ''} into {where}{new}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from workshop.content.coaching_files import load_coaching_content
    from workshop.reports.coaching_workbook import export_workbook
    from workshop.store import Store

    content = load_coaching_content(args.content)
    out = Path(args.out)
    with Store(args.db, readonly=True) as store:
        counts = export_workbook(out, store, content, date.today())
    summary = ", ".join(f"{n} {sheet}" for sheet, n in counts.items())
    print(f"wrote {out}: {summary}")
    return 0
