"""Coaching data in: competency evaluations from a CSV file (the workbook export is in
`workshop.reports.coaching_workbook`).

The CSV has one score per row, with the columns ``rep, date, competency, score`` (any order,
other columns ignored; the export's evaluations sheet has the same shape, so it re-imports).
Every row is checked before anything is saved, and a file with any bad row imports nothing.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from workshop.coaching import rules as coaching
from workshop.coaching.model import CallDateError, CoachingError, Evaluation, Rep
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

    rows = _rows(raw, bad)
    groups = _scores_by_evaluation(rows, content, today, bad) if rows is not None else {}
    if rows is not None and not groups and not problems:
        bad(2, "no scores: the file has a header row and nothing under it")
    plan = _plan(groups, reps, saved, content, bad)
    if problems:
        raise ImportRowsError(sorted(problems, key=lambda p: p.line))
    return plan


Complain = Callable[[int, str], None]


def _rows(raw: bytes, bad: Complain) -> Iterator[tuple[int, dict[str, str]]] | None:
    """Each non-blank row as (line, {column: cell}); None after a complaint when the file is
    not UTF-8 or its header lacks a column."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad(raw[: exc.start].count(b"\n") + 1, "expected UTF-8 text (save the CSV as UTF-8)")
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or not any(cell.strip() for cell in header):
        bad(1, f"the file is empty; expected a header row: {','.join(COLUMNS)}")
        return None
    columns = {cell.strip().casefold(): i for i, cell in enumerate(header)}
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        got = ", ".join(repr(cell) for cell in header)
        bad(1, f"missing column {', '.join(missing)}; expected {','.join(COLUMNS)}, got {got}")
        return None

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield (
                    reader.line_num,
                    {c: cells[columns[c]] if columns[c] < len(cells) else "" for c in COLUMNS},
                )

    return rows()


def _scores_by_evaluation(
    rows: Iterator[tuple[int, dict[str, str]]],
    content: CoachingContent,
    today: date,
    bad: Complain,
) -> dict[tuple[str, date], _Group]:
    """Every good row's score, grouped by rep (ignoring case) and date; bad rows complained of."""
    groups: dict[tuple[str, date], _Group] = {}
    for row, values in rows:
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
    return groups


def _plan(
    groups: dict[tuple[str, date], _Group],
    reps: Sequence[Rep],
    saved: Sequence[Evaluation],
    content: CoachingContent,
    bad: Complain,
) -> EvaluationImport:
    """The reps to add and the evaluations to save: complete ones, for dates not yet saved."""
    by_name = {r.name.casefold(): r for r in reps}
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
