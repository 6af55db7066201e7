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


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _records(people: int, evaluations: int, scores: int, calls: int, checks: int) -> str:
    """Counts as both commands say them: an evaluation is a row per score in its sheet."""
    return ", ".join(
        (
            _count(people, "person", "people"),
            f"{_count(evaluations, 'evaluation', 'evaluations')} "
            f"({_count(scores, 'score', 'scores')})",
            _count(calls, "call", "calls"),
            _count(checks, "self-check", "self-checks"),
        )
    )


def _import(args: argparse.Namespace) -> int:
    from workshop.content.coaching_files import load_coaching_content
    from workshop.services.coaching_import import import_files
    from workshop.store import Store

    content = load_coaching_content(args.content)
    with Store(args.db) as store:
        plan = import_files([Path(f) for f in args.files], store, content, date.today())
        where = store.shown
    scores = sum(len(e.scores) for e in plan.evaluations)
    added = ", ".join(
        (
            f"{_count(len(plan.evaluations), 'evaluation', 'evaluations')} "
            f"({_count(scores, 'score', 'scores')})",
            _count(len(plan.calls), "call", "calls"),
            _count(len(plan.self_checks), "self-check", "self-checks"),
        )
    )
    names = ", ".join(r.name for r in plan.new_reps)
    new = f"; {_count(len(plan.new_reps), 'new person', 'new people')}: {names}" if names else ""
    print(f"imported {added} into {where}{new}")
    if plan.unchanged:
        there = "record was" if plan.unchanged == 1 else "records were"
        print(f"{plan.unchanged:,} {there} there already")
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
        rows = export_workbook(out, store, content, date.today())
        evaluations = len(store.evaluations())
    summary = _records(
        rows["reps"], evaluations, rows["evaluations"], rows["calls"], rows["self_checks"]
    )
    print(f"wrote {out.path}: {summary}, and the progress of each person")
    return 0
