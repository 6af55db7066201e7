"""Coaching data in and out: evaluations from a CSV file, everything to an Excel workbook.

The CSV has one score per row, with the columns ``rep, date, competency, score`` (any order,
other columns ignored; the export's evaluations sheet has the same shape, so it re-imports).
Every row is checked before anything is saved, and a file with any bad row imports nothing.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from workshop.coaching import rules as coaching
from workshop.coaching.model import CallDateError, CoachingError, Evaluation, Rep
from workshop.coaching.progress import explain, rep_progress
from workshop.content.coaching import CoachingContent
from workshop.errors import Problem, WorkshopError
from workshop.store import Store, now

COLUMNS = ("rep", "date", "competency", "score")


class ImportRowsError(CoachingError):
    """A CSV file with bad rows; carries every problem, each naming its row."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        super().__init__(
            "\n".join(str(p) for p in self.problems)
            + f"\n{count} problem{'s' if count != 1 else ''}; nothing was imported"
        )


@dataclass(frozen=True)
class EvaluationImport:
    """What a clean CSV file adds: new reps, and one complete evaluation per rep and date."""

    new_reps: tuple[Rep, ...]
    evaluations: tuple[Evaluation, ...]


@dataclass
class _Group:
    rep: str
    on: date
    row: int
    scores: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)


def read_evaluations(
    raw: bytes,
    name: str,
    content: CoachingContent,
    reps: Sequence[Rep],
    saved: Sequence[Evaluation],
    today: date,
) -> EvaluationImport:
    """Check a CSV file of scores against the content and what is saved; raise if any row is bad.

    `reps` and `saved` are what the store holds: a rep is matched by name ignoring case (a new
    name makes a new rep), and an evaluation already saved for a rep and date is refused rather
    than replaced.
    """
    problems: list[Problem] = []

    def bad(row: int, message: str) -> None:
        problems.append(Problem(name, row, message))

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad(raw[: exc.start].count(b"\n") + 1, "expected UTF-8 text (save the CSV as UTF-8)")
        raise ImportRowsError(problems) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or not any(cell.strip() for cell in header):
        bad(1, f"the file is empty; expected a header row: {','.join(COLUMNS)}")
        raise ImportRowsError(problems)
    columns = {cell.strip().casefold(): i for i, cell in enumerate(header)}
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        got = ", ".join(repr(cell) for cell in header)
        bad(1, f"missing column {', '.join(missing)}; expected {','.join(COLUMNS)}, got {got}")
        raise ImportRowsError(problems)

    by_name = {r.name.casefold(): r for r in reps}
    groups: dict[tuple[str, date], _Group] = {}
    for cells in reader:
        row = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        values = {c: cells[columns[c]] if columns[c] < len(cells) else "" for c in COLUMNS}
        try:
            rep_name = coaching.check_rep_name(values["rep"])
            on = coaching.check_date(_parse_date(values["date"]), today, "the date")
            competency = coaching.find_competency(values["competency"], content)
            score = coaching.check_score(
                values["score"].strip(), content.scale, repr(competency.name)
            )
        except WorkshopError as exc:
            bad(row, str(exc))
            continue
        group = groups.setdefault((rep_name.casefold(), on), _Group(rep_name, on, row))
        if competency.id in group.scores:
            bad(
                row,
                f"{competency.name!r} is already scored for {rep_name} on {on.isoformat()} "
                f"(row {group.rows[competency.id]}); expected one score per competency",
            )
            continue
        group.scores[competency.id] = score
        group.rows[competency.id] = row
    if not groups and not problems:
        bad(2, "no scores: the file has a header row and nothing under it")

    saved_days = {(e.rep_id, e.on) for e in saved}
    new_reps: dict[str, Rep] = {}
    evaluations: list[Evaluation] = []
    stamp = now()
    for (key, on), group in groups.items():
        rep = by_name.get(key) or new_reps.get(key)
        if rep is None:
            rep = new_reps[key] = Rep(uuid.uuid4().hex, group.rep, False, stamp)
        absent = [c.name for c in content.competencies if c.id not in group.scores]
        if absent:
            shown = ", ".join(repr(n) for n in absent[:4]) + (" ..." if len(absent) > 4 else "")
            bad(
                group.row,
                f"the evaluation of {group.rep} on {on.isoformat()} scores "
                f"{len(group.scores)} of {len(content.competencies)} competencies; "
                f"missing {shown}",
            )
            continue
        if (rep.id, on) in saved_days:
            bad(
                group.row,
                f"{rep.name} already has an evaluation on {on.isoformat()}; it is kept, and "
                "this file is not imported (remove those rows to import the rest)",
            )
            continue
        evaluations.append(Evaluation(rep.id, on, dict(group.scores)))
    if problems:
        raise ImportRowsError(sorted(problems, key=lambda p: p.line))
    return EvaluationImport(tuple(new_reps.values()), tuple(evaluations))


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CallDateError(
            f"the date expected YYYY-MM-DD (like 2026-03-31), got {text.strip()!r}"
        ) from None


def import_evaluations(
    path: Path, store: Store, content: CoachingContent, today: date
) -> EvaluationImport:
    """Check a CSV file and, only if every row is good, save it all in one transaction."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CoachingError(f"cannot read {path}: {exc.strerror or exc}") from exc
    plan = read_evaluations(raw, path.name, content, store.reps(), store.evaluations(), today)
    store.import_coaching(reps=plan.new_reps, evaluations=plan.evaluations)
    return plan


# -- export ----------------------------------------------------------------------------------


def export_workbook(
    path: Path, store: Store, content: CoachingContent, today: date
) -> dict[str, int]:
    """Write every coaching record to an .xlsx workbook; returns the rows per sheet.

    Column names are stable identifiers (the evaluations sheet re-imports as CSV). Every
    text is written as text: a rep's answer that starts with "=" stays words, never a formula.
    """
    from openpyxl import Workbook

    if not path.parent.exists():
        raise CoachingError(f"cannot write {path}: the folder {path.parent} does not exist")
    reps = store.reps()
    names = {r.id: r.name for r in reps}
    evaluations = store.evaluations()
    calls = store.calls()
    by_call = {c.id: c for c in calls}
    group_name = {g.id: g.name for g in content.groups}

    def competency(cid: str) -> str:
        try:
            return content.competency(cid).name
        except KeyError:
            return cid

    def group(cid: str) -> str:
        try:
            return group_name[content.competency(cid).group]
        except KeyError:
            return ""

    sheets: dict[str, tuple[tuple[str, ...], list[tuple[object, ...]]]] = {
        "reps": (("rep", "demo", "created_at"), [(r.name, r.demo, r.created_at) for r in reps]),
        "evaluations": (
            ("rep", "date", "competency", "score", "competency_id", "group"),
            [
                (names.get(e.rep_id, e.rep_id), e.on, competency(c), s, c, group(c))
                for e in evaluations
                for c, s in e.scores.items()
            ],
        ),
        "calls": (
            (
                "rep",
                "date",
                "minutes",
                "medium",
                "situation",
                "knows",
                "can",
                "gap",
                "adjustments",
                "competency",
                "fix",
            ),
            [
                (
                    names.get(c.rep_id, c.rep_id),
                    c.on,
                    c.minutes,
                    c.medium,
                    c.situation,
                    c.knows,
                    c.can,
                    c.gap,
                    ",".join(c.adjustments),
                    competency(c.competency),
                    c.fix,
                )
                for c in calls
            ],
        ),
        "do_overs": (
            (
                "rep",
                "call_date",
                "situation",
                "fix",
                "self_critique",
                "self_critique_at",
                "insight",
                "insight_at",
            ),
            [
                (
                    names.get(by_call[d.call_id].rep_id, ""),
                    by_call[d.call_id].on,
                    by_call[d.call_id].situation,
                    by_call[d.call_id].fix,
                    d.self_critique,
                    _iso(d.self_critique_at),
                    d.insight,
                    _iso(d.insight_at),
                )
                for d in store.do_overs()
                if d.call_id in by_call
            ],
        ),
        "self_checks": (
            ("rep", "date", "answer", "saved_at"),
            [
                (names.get(s.rep_id, s.rep_id), s.on, s.answer, _iso(s.at))
                for s in store.self_checks()
            ],
        ),
    }
    fixes: dict[str, list[tuple[date, str]]] = store.team_fixes()
    by_rep: dict[str, list[Evaluation]] = {}
    for evaluation in evaluations:
        by_rep.setdefault(evaluation.rep_id, []).append(evaluation)
    progress_rows: list[tuple[object, ...]] = []
    for rep in reps:
        p = rep_progress(rep, by_rep.get(rep.id, []), fixes.get(rep.id, []), content, today)
        progress_rows.append(
            (
                rep.name,
                p.fixes,
                p.cadence.this_week,
                p.cadence.target,
                p.cadence.streak,
                p.cadence.longest,
                competency(p.focus.competency) if p.focus.competency else "",
                explain(p.focus, rep.name, content),
            )
        )
    sheets["progress"] = (
        (
            "rep",
            "fixes",
            "calls_this_week",
            "weekly_target",
            "weeks_on_target",
            "longest_weeks_on_target",
            "next_focus",
            "why",
        ),
        progress_rows,
    )

    workbook = Workbook()
    blank = workbook.active  # a new workbook starts with an empty sheet nobody asked for
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title)
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
        sheet.freeze_panes = "A2"
    if blank is not None:
        workbook.remove(blank)
    try:
        workbook.save(path)
    except OSError as exc:
        raise CoachingError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return {title: len(rows) for title, (_, rows) in sheets.items()}


def _iso(stamp: datetime | None) -> str:
    return stamp.isoformat() if stamp is not None else ""
