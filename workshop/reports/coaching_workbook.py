"""`workshop coaching export`: every coaching record, one sheet a kind, in an Excel workbook, or
as CSV files in a folder or a .zip.

Column names are stable identifiers, and every sheet but ``progress`` (worked out from the rest)
is what `workshop coaching import` reads back: reps, evaluations, calls at every stage with
their times, and self-checks. Dates are dates, yes/no are booleans, every text is written as
text, verbatim. The reps' personal codes are not exported: only their hashes are kept anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from workshop.coaching.call import CoachingCall
from workshop.coaching.model import Evaluation, Rep, SelfCheck
from workshop.coaching.progress import SELF_CHECK_WINDOW, explain, rep_progress, repeats
from workshop.content.coaching import CoachingContent
from workshop.outputs import Output, check_output
from workshop.reports.sheets import CSV_HINT, TABLE_FORMATS, Table, write_tables
from workshop.store import Store

#: The sheets, in the order they are written.
SHEETS = ("reps", "evaluations", "calls", "self_checks", "progress")


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


def check_coaching_export(out: Path | str, store: Store) -> Output:
    """Check the export's target before anything is read for it."""
    protect = (store.target.path,) if store.target.path is not None else ()
    hint = CSV_HINT.format(n=len(SHEETS), names=", ".join(SHEETS))
    return check_output(out, TABLE_FORMATS, "the coaching export", protect, hints={".csv": hint})


def export_workbook(
    out: Output | Path, store: Store, content: CoachingContent, today: date
) -> dict[str, int]:
    """Write every coaching record to an .xlsx workbook, or one CSV file per sheet into a
    folder (made if absent) or a .zip; returns the rows per sheet. A `Path` is checked first."""
    target = out if isinstance(out, Output) else check_coaching_export(out, store)
    return write_tables(target, coaching_tables(store, content, today))


def coaching_tables(store: Store, content: CoachingContent, today: date) -> dict[str, Table]:
    """Every coaching record as a table per sheet, in the order the sheets are written."""
    reps = store.reps()
    names = _Names(content, {r.id: r.name for r in reps}, {g.id: g.name for g in content.groups})
    evaluations = store.evaluations()
    checks = store.self_checks()
    return {
        "reps": _reps(reps, names),
        "evaluations": _evaluations(evaluations, names),
        "calls": _calls(store.calls(), names),
        "self_checks": _self_checks(checks, names.rep),
        "progress": _progress(reps, evaluations, store.team_fixes(), checks, names, today),
    }


def _reps(reps: list[Rep], names: _Names) -> Table:
    """Everyone, coaches before the people they coach, so an import can read them in order."""
    rank = {"director": 0, "manager": 1, "rep": 2}
    ordered = sorted(reps, key=lambda r: rank[r.role])
    return Table(
        ("rep", "demo", "created_at", "role", "coach"),
        [
            (r.name, r.demo, r.created_at, r.role, names.rep(r.coach_id) if r.coach_id else "")
            for r in ordered
        ],
    )


def _evaluations(evaluations: list[Evaluation], names: _Names) -> Table:
    return Table(
        ("rep", "date", "competency", "score", "competency_id", "group"),
        [
            (names.rep(e.rep_id), e.on, names.competency(c), s, c, names.group(c))
            for e in evaluations
            for c, s in e.scores.items()
        ],
    )


CALL_HEADER = (
    "call_id",
    "rep",
    "date",
    "minutes",
    "medium",
    "situation",
    "competency",
    "competency_id",
    "opened_at",
    "rep_answer",
    "rep_answer_at",
    "knows",
    "can",
    "gap",
    "adjustments",
    "insight",
    "insight_at",
    "fix",
    "fixed_at",
    "legacy",
    "stage",
    "repeat_of",
    # Who wrote each stage: the coach ran the call and wrote the note, the insight and the fix;
    # the rep's answer was typed by the rep on their page, or by the coach with the rep there.
    "coach",
    "rep_answer_by",
    "coach_note",
    "coach_note_at",
    "diagnosed_at",
    # How long it took: `minutes` is typed (a call logged afterwards); this is measured.
    "measured_seconds",
    "measured_minutes",
    # The one fix decided: kept from what was typed (the rest parked, one a line), or "one
    # thing"; and the parked fix this call took up.
    "fix_decision",
    "fix_typed",
    "parked",
    "from_parked",
)


def _calls(calls: list[CoachingCall], names: _Names) -> Table:
    """Each call with every step and its time; gap, stage and repeat_of are worked out."""
    again = repeats(calls)
    rows = [
        (
            c.id,
            names.rep(c.rep_id),
            c.on,
            "" if c.minutes is None else c.minutes,
            c.medium,
            c.situation,
            names.competency(c.competency),
            c.competency,
            _iso(c.opened_at),
            c.rep_answer,
            _iso(c.rep_answer_at),
            c.knows,
            c.can,
            c.gap or "",
            ",".join(c.adjustments),
            c.insight,
            _iso(c.insight_at),
            c.fix,
            _iso(c.fixed_at),
            c.legacy,
            c.stage,
            again.get(c.id, ""),
            names.rep(c.coach_id) if c.coach_id else "",
            c.rep_answer_by or "",
            c.coach_note,
            _iso(c.coach_note_at),
            _iso(c.diagnosed_at),
            "" if c.measured_seconds is None else c.measured_seconds,
            "" if c.measured_seconds is None else round(c.measured_seconds / 60, 1),
            c.fix_decision,
            c.fix_typed,
            "\n".join(c.parked),
            c.from_parked,
        )
        for c in calls
    ]
    return Table(CALL_HEADER, rows)


def _self_checks(checks: list[SelfCheck], rep: Callable[[str], str]) -> Table:
    return Table(
        ("rep", "date", "answer", "saved_at"),
        [(rep(s.rep_id), s.on, s.answer, _iso(s.at)) for s in checks],
    )


def _progress(
    reps: list[Rep],
    evaluations: list[Evaluation],
    fixes: dict[str, list[tuple[date, str]]],
    checks: list[SelfCheck],
    names: _Names,
    today: date,
) -> Table:
    content = names.content
    by_rep: dict[str, list[Evaluation]] = {}
    for evaluation in evaluations:
        by_rep.setdefault(evaluation.rep_id, []).append(evaluation)
    check_days: dict[str, list[date]] = {}
    for check in checks:
        check_days.setdefault(check.rep_id, []).append(check.on)
    rows: list[tuple[object, ...]] = []
    for rep in reps:
        p = rep_progress(
            rep,
            by_rep.get(rep.id, []),
            fixes.get(rep.id, []),
            content.for_role(rep.role),
            today,
            check_days.get(rep.id, []),
        )
        focus = p.focus.competency
        rows.append(
            (
                rep.name,
                p.fixes,
                p.cadence.this_week,
                p.cadence.target,
                p.cadence.streak,
                p.cadence.longest,
                p.self_checks.done,
                names.competency(focus) if focus else "",
                explain(p.focus, rep.name, content.for_role(rep.role)),
                rep.role,
                len(p.parked),
            )
        )
    header = (
        "rep",
        "fixes",
        "calls_this_week",
        "weekly_target",
        "weeks_on_target",
        "longest_weeks_on_target",
        f"self_checks_last_{SELF_CHECK_WINDOW}_days",
        "next_focus",
        "why",
        "role",
        "parked_fixes",
    )
    return Table(header, rows)


def _iso(stamp: datetime | None) -> str:
    return stamp.isoformat() if stamp is not None else ""
