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
        help="import coaching records: an export's workbook (.xlsx) or CSV files (evaluations "
        "as rep,date,competency,score; or the export's reps, calls, self_checks); any bad row "
        "imports nothing",
    )
    importer.add_argument(
        "files", nargs="+", metavar="FILE", help="a workbook (.xlsx) or CSV files, one sheet each"
    )
    _common(importer)
    importer.set_defaults(handler=_import)

    exporter = sub.add_parser(
        "export", help="write every coaching record to an Excel workbook, or to CSV files"
    )
    exporter.add_argument(
        "--out",
        required=True,
        help="the workbook to write (coaching.xlsx), or a folder or a .zip for one CSV file per "
        "sheet",
    )
    _common(exporter)
    exporter.set_defaults(handler=_export)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=None,
        help="SQLite file, or a postgresql:// URL without its password (default: "
        "$WORKSHOP_DB, else the URL in the file $WORKSHOP_DB_FILE names, else workshop.db)",
    )
    parser.add_argument(
        "--content",
        default=None,
        help="the content folder (default: $WORKSHOP_CONTENT, else the shipped content)",
    )


def _import(args: argparse.Namespace) -> int:
    from workshop.content.coaching_files import load_coaching_content
    from workshop.services.coaching_import import import_files
    from workshop.store import Store

    content = load_coaching_content(args.content)
    with Store(args.db) as store:
        plan = import_files([Path(f) for f in args.files], store, content, date.today())
        where = store.shown
    counts = {
        "evaluation": len(plan.evaluations),
        "call": len(plan.calls),
        "self-check": len(plan.self_checks),
    }
    added = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items())
    reps = ", ".join(r.name for r in plan.new_reps)
    new = f"; new rep{'s' if len(plan.new_reps) != 1 else ''}: {reps}" if plan.new_reps else ""
    print(f"imported {added} into {where}{new}")
    if plan.unchanged:
        print(f"{plan.unchanged} record{'s were' if plan.unchanged != 1 else ' was'} there already")
    if plan.ignored:
        print(f"not imported, as it is worked out from the rest: {', '.join(plan.ignored)}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from workshop.content.coaching_files import load_coaching_content
    from workshop.reports.coaching_workbook import check_coaching_export, export_workbook
    from workshop.store import Store

    content = load_coaching_content(args.content)
    with Store(args.db, readonly=True) as store:
        out = check_coaching_export(args.out, store)
        counts = export_workbook(out, store, content, date.today())
    summary = ", ".join(f"{n} {sheet}" for sheet, n in counts.items())
    print(f"wrote {out.path}: {summary}")
    return 0
