"""`workshop coaching export`: every coaching record in an Excel workbook, one sheet a kind.

Column names are stable identifiers; the evaluations sheet has the columns the CSV import reads
(``rep, date, competency, score``), so it re-imports. Every text is written as text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from workshop.coaching.model import CoachingCall, CoachingError, DoOver, Evaluation, Rep, SelfCheck
from workshop.coaching.progress import explain, rep_progress
from workshop.content.coaching import CoachingContent
from workshop.reports.sheets import Table, write_workbook
from workshop.store import Store


@dataclass(frozen=True)
class _Names:
    """How ids read in the workbook: reps and competencies by name, groups by their name."""

    content: CoachingContent
    reps: dict[str, str]
    groups: dict[str, str]

    def rep(self, rep_id: str) -> str:
        return self.reps.get(rep_id, rep_id)

    def competency(self, competency_id: str) -> str:
        try:
            return self.content.competency(competency_id).name
        except KeyError:
            return competency_id  # from a content set that has since changed

    def group(self, competency_id: str) -> str:
        try:
            return self.groups[self.content.competency(competency_id).group]
        except KeyError:
            return ""


def export_workbook(
    path: Path, store: Store, content: CoachingContent, today: date
) -> dict[str, int]:
    """Write every coaching record to an .xlsx workbook; returns the rows per sheet."""
    if not path.parent.exists():
        raise CoachingError(f"cannot write {path}: the folder {path.parent} does not exist")
    reps = store.reps()
    names = _Names(content, {r.id: r.name for r in reps}, {g.id: g.name for g in content.groups})
    evaluations = store.evaluations()
    calls = store.calls()
    tables = {
        "reps": Table(
            ("rep", "demo", "created_at"), [(r.name, r.demo, r.created_at) for r in reps]
        ),
        "evaluations": _evaluations(evaluations, names),
        "calls": _calls(calls, names),
        "do_overs": _do_overs(store.do_overs(), {c.id: c for c in calls}, names),
        "self_checks": _self_checks(store.self_checks(), names.rep),
        "progress": _progress(reps, evaluations, store.team_fixes(), names, today),
    }
    try:
        return write_workbook(path, tables)
    except OSError as exc:
        raise CoachingError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _reps(reps: list[Rep]) -> Table:
    return Table(("rep", "demo", "created_at"), [(r.name, r.demo, r.created_at) for r in reps])


def _evaluations(evaluations: list[Evaluation], names: _Names) -> Table:
    return Table(
        ("rep", "date", "competency", "score", "competency_id", "group"),
        [
            (names.rep(e.rep_id), e.on, names.competency(c), s, c, names.group(c))
            for e in evaluations
            for c, s in e.scores.items()
        ],
    )


def _calls(calls: list[CoachingCall], names: _Names) -> Table:
    header = (
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
    )
    rows = [
        (
            names.rep(c.rep_id),
            c.on,
            c.minutes,
            c.medium,
            c.situation,
            c.knows,
            c.can,
            c.gap,
            ",".join(c.adjustments),
            names.competency(c.competency),
            c.fix,
        )
        for c in calls
    ]
    return Table(header, rows)


def _do_overs(do_overs: list[DoOver], by_call: dict[str, CoachingCall], names: _Names) -> Table:
    header = (
        "rep",
        "call_date",
        "situation",
        "fix",
        "self_critique",
        "self_critique_at",
        "insight",
        "insight_at",
    )
    rows = []
    for d in do_overs:
        call = by_call.get(d.call_id)
        if call is None:
            continue
        rows.append(
            (
                names.rep(call.rep_id),
                call.on,
                call.situation,
                call.fix,
                d.self_critique,
                _iso(d.self_critique_at),
                d.insight,
                _iso(d.insight_at),
            )
        )
    return Table(header, rows)


def _self_checks(checks: list[SelfCheck], rep: Callable[[str], str]) -> Table:
    return Table(
        ("rep", "date", "answer", "saved_at"),
        [(rep(s.rep_id), s.on, s.answer, _iso(s.at)) for s in checks],
    )


def _progress(
    reps: list[Rep],
    evaluations: list[Evaluation],
    fixes: dict[str, list[tuple[date, str]]],
    names: _Names,
    today: date,
) -> Table:
    content = names.content
    by_rep: dict[str, list[Evaluation]] = {}
    for evaluation in evaluations:
        by_rep.setdefault(evaluation.rep_id, []).append(evaluation)
    rows: list[tuple[object, ...]] = []
    for rep in reps:
        p = rep_progress(rep, by_rep.get(rep.id, []), fixes.get(rep.id, []), content, today)
        focus = p.focus.competency
        rows.append(
            (
                rep.name,
                p.fixes,
                p.cadence.this_week,
                p.cadence.target,
                p.cadence.streak,
                p.cadence.longest,
                names.competency(focus) if focus else "",
                explain(p.focus, rep.name, content),
            )
        )
    header = (
        "rep",
        "fixes",
        "calls_this_week",
        "weekly_target",
        "weeks_on_target",
        "longest_weeks_on_target",
        "next_focus",
        "why",
    )
    return Table(header, rows)


def _iso(stamp: datetime | None) -> str:
    return stamp.isoformat() if stamp is not None else ""
