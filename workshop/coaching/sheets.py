"""Coaching records read from sheets (a workbook's, or CSV files): checked, then planned.

`workshop coaching export` writes one sheet per kind; each kind below reads back what its
sheet holds. Reps are matched by name ignoring case (a new name is a new rep), competencies by
id or name, dates as dates (a workbook's midnight too). A record already saved as it is counts
as unchanged, so importing an export again adds nothing; one saved differently is a problem.
The progress sheet is worked out from the rest, so it is not imported. Every row is checked
before anything is saved: one problem, and nothing is.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Literal, get_args

from workshop.coaching import cells
from workshop.coaching import rules as coaching
from workshop.coaching.call import CoachingCall
from workshop.coaching.call_order import check_order
from workshop.coaching.fixes import check_fix
from workshop.coaching.model import CoachingError, Evaluation, Rep, SelfCheck, required
from workshop.content.coaching import CoachingContent, Competency
from workshop.errors import Problem, WorkshopError
from workshop.text import check_text

Kind = Literal["reps", "evaluations", "calls", "self_checks", "progress"]
KINDS: tuple[Kind, ...] = get_args(Kind)
Row = tuple[int, Mapping[str, object]]

#: The columns each kind needs; of a pair, either one will do.
NEEDS: dict[Kind, tuple[tuple[str, ...], ...]] = {
    "reps": (("rep",),),
    "evaluations": (("rep",), ("date",), ("competency", "competency_id"), ("score",)),
    "calls": (
        ("rep",),
        ("date",),
        ("minutes",),
        ("medium",),
        ("situation",),
        ("competency", "competency_id"),
        ("opened_at",),
    ),
    "self_checks": (("rep",), ("date",), ("answer",)),
    "progress": (),
}
#: Texts of a call and the time each was taken; a text without its time would be lost.
_TIMED = (("rep_answer", "rep_answer_at"), ("insight", "insight_at"), ("fix", "fixed_at"))


#: Problems an import lists; past them, the rest are counted (100,000 bad rows once printed
#: 100,001 lines).
PROBLEMS_SHOWN = 50


class ImportRowsError(CoachingError):
    """Sheets with bad rows; carries every problem, each naming its file (and sheet) and row.

    The message lists the first `PROBLEMS_SHOWN` and counts the rest."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        shown = [str(p) for p in self.problems[:PROBLEMS_SHOWN]]
        if count > PROBLEMS_SHOWN:
            rest = count - PROBLEMS_SHOWN
            shown.append(f"... and {rest:,} more problem{'s' if rest != 1 else ''}")
        super().__init__(
            "\n".join(shown)
            + f"\n{count:,} problem{'s' if count != 1 else ''}; nothing was imported"
        )


@dataclass(frozen=True)
class Sheet:
    kind: Kind
    source: str  # how problems name it: "calls.csv", "coaching.xlsx[calls]"
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Saved:
    """What the store holds already."""

    reps: Sequence[Rep] = ()
    evaluations: Sequence[Evaluation] = ()
    calls: Sequence[CoachingCall] = ()
    self_checks: Sequence[SelfCheck] = ()


@dataclass(frozen=True)
class CoachingImport:
    """What clean sheets add, and how many of their records were saved already as they are."""

    new_reps: tuple[Rep, ...]
    evaluations: tuple[Evaluation, ...]
    calls: tuple[CoachingCall, ...]
    self_checks: tuple[SelfCheck, ...]
    unchanged: int = 0
    ignored: tuple[str, ...] = ()


def missing_columns(kind: Kind, header: Sequence[str]) -> list[str]:
    have = set(header)
    return [" or ".join(need) for need in NEEDS[kind] if not have.intersection(need)]


def plan_import(
    sheets: Sequence[Sheet], content: CoachingContent, saved: Saved, today: date, stamp: str
) -> CoachingImport:
    """Check every row of every sheet against the content and what is saved; raise
    `ImportRowsError` with all the problems, or return what to add."""
    plan = _Plan(content, saved, today, stamp)
    for kind in ("reps", "evaluations", "calls", "self_checks"):
        for sheet in (s for s in sheets if s.kind == kind):
            plan.read(sheet)
    if plan.problems:
        raise ImportRowsError(plan.problems)
    return CoachingImport(
        new_reps=tuple(plan.new_reps.values()),
        evaluations=tuple(plan.evaluations),
        calls=tuple(plan.calls),
        self_checks=tuple(plan.checks),
        unchanged=plan.unchanged,
        ignored=tuple(s.source for s in sheets if s.kind == "progress"),
    )


@dataclass
class _Group:
    rep: str
    on: date
    row: int
    scores: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)


class _Plan:
    def __init__(self, content: CoachingContent, saved: Saved, today: date, stamp: str) -> None:
        self.content, self.today, self.stamp = content, today, stamp
        self.problems: list[Problem] = []
        self.by_name = {r.name.casefold(): r for r in saved.reps}
        self.new_reps: dict[str, Rep] = {}
        self.saved_evaluations = {(e.rep_id, e.on): dict(e.scores) for e in saved.evaluations}
        self.saved_calls = {c.id: c for c in saved.calls}
        self.saved_checks = {(c.rep_id, c.on): c.answer for c in saved.self_checks}
        self.evaluations: list[Evaluation] = []
        self.calls: list[CoachingCall] = []
        self.checks: list[SelfCheck] = []
        self.unchanged = 0

    def read(self, sheet: Sheet) -> None:
        if sheet.kind == "evaluations":
            self._evaluations(sheet)
            return
        readers = {"reps": self._rep_row, "calls": self._call_row, "self_checks": self._check_row}
        seen: dict[object, int] = {}
        for line, values in sheet.rows:
            try:
                key = readers[sheet.kind](values)
            except WorkshopError as exc:
                self.problems.append(Problem(sheet.source, line, str(exc)))
                continue
            if key is not None and key in seen:
                self.problems.append(
                    Problem(sheet.source, line, f"the same record as row {seen[key]}")
                )
            elif key is not None:
                seen[key] = line

    def rep(self, name: object, demo: bool = False, created_at: str = "") -> Rep:
        checked = coaching.check_rep_name(cells.text(name))
        key = checked.casefold()
        found = self.by_name.get(key) or self.new_reps.get(key)
        if found is None:
            found = Rep(uuid.uuid4().hex, checked, demo, created_at or self.stamp)
            self.new_reps[key] = found
        return found

    # -- one row of each kind; each returns the record's key, to refuse a repeat -------------

    def _rep_row(self, values: Mapping[str, object]) -> object:
        name = cells.text(values.get("rep"))
        known = self.by_name.get(name.strip().casefold())
        if known is not None:
            self.unchanged += 1
            return known.id
        demo = cells.flag(values.get("demo"), "demo") or False
        return self.rep(name, demo, cells.text(values.get("created_at")).strip()).id

    def _call_row(self, values: Mapping[str, object]) -> object:
        call = self._call(values)
        saved = self.saved_calls.get(call.id)
        if saved == call:
            self.unchanged += 1
        elif saved is not None:
            raise CoachingError(f"call {call.id} is already saved, differently; it is kept")
        else:
            self.calls.append(call)
        return call.id

    def _check_row(self, values: Mapping[str, object]) -> object:
        rep = self.rep(values.get("rep"))
        on = cells.day(values.get("date"), "date")
        at = cells.stamp(values.get("saved_at"), "saved_at")
        answer = cells.text(values.get("answer"))
        check = coaching.check_self_check(
            rep.id,
            on,
            answer,
            at or datetime.combine(on, time(12, 0), tzinfo=UTC),
            self.today,
            self.content.text_max_chars,
        )
        saved = self.saved_checks.get((rep.id, on))
        if saved == answer:
            self.unchanged += 1
        elif saved is not None:
            raise CoachingError(
                f"{rep.name} already has a self-check on {on.isoformat()}, different; it is kept"
            )
        else:
            self.checks.append(check)
        return (rep.id, on)

    def _call(self, values: Mapping[str, object]) -> CoachingCall:
        """A call from its row, checked as the views check it (one fix, in order)."""
        text = {k: cells.text(values.get(k)) for k in ("rep_answer", "insight", "fix")}
        times = {k: cells.stamp(values.get(k), k) for _, k in _TIMED}
        for words, at in _TIMED:
            if text[words].strip() and times[at] is None:
                raise CoachingError(f"the {words} has no {at}; expected the time it was given")
        opened_at = cells.stamp(values.get("opened_at"), "opened_at")
        if opened_at is None:
            raise CoachingError("the opened_at is empty; expected the time the call was opened")
        adjustments = [a.strip() for a in cells.text(values.get("adjustments")).split(",")]
        limit = self.content.text_max_chars
        situation = check_text(
            required(cells.text(values.get("situation")), "the situation"), limit, "the situation"
        )
        call = CoachingCall(
            id=cells.text(values.get("call_id")).strip() or uuid.uuid4().hex,
            rep_id=self.rep(values.get("rep")).id,
            on=coaching.check_date(cells.day(values.get("date"), "date"), self.today, "the date"),
            minutes=coaching.check_minutes(cells.whole(values.get("minutes"), "minutes")),
            medium=coaching.check_medium(cells.text(values.get("medium")).strip()),
            situation=situation,
            competency=self._competency(values).id,
            opened_at=opened_at,
            rep_answer=text["rep_answer"],
            rep_answer_at=times["rep_answer_at"],
            knows=cells.flag(values.get("knows"), "knows"),
            can=cells.flag(values.get("can"), "can"),
            adjustments=coaching.check_adjustments(adjustments) if any(adjustments) else (),
            insight=text["insight"],
            insight_at=times["insight_at"],
            fix=text["fix"],
            fixed_at=times["fixed_at"],
            legacy=cells.flag(values.get("legacy"), "legacy") or False,
        )
        for key, what in (("rep_answer", "the rep's answer"), ("insight", "the insight")):
            check_text(text[key], limit, what)
        if call.complete and not call.legacy:
            # A legacy call was logged under the old rule; it comes back as it was.
            check_fix(call.fix, self.content.fix_words)
        check_text(call.fix, limit, "the fix")
        check_order(call)
        return call

    def _competency(self, values: Mapping[str, object]) -> Competency:
        named = cells.text(values.get("competency_id")).strip()
        return coaching.find_competency(named or cells.text(values.get("competency")), self.content)

    # -- evaluations: one score a row, grouped by rep and date -------------------------------

    def _evaluations(self, sheet: Sheet) -> None:
        groups: dict[tuple[str, date], _Group] = {}
        for line, values in sheet.rows:
            try:
                rep = coaching.check_rep_name(cells.text(values.get("rep")))
                on = coaching.check_date(
                    cells.day(values.get("date"), "date"), self.today, "the date"
                )
                competency = self._competency(values)
                score = coaching.check_score(
                    cells.text(values.get("score")).strip(),
                    self.content.scale,
                    repr(competency.name),
                )
            except WorkshopError as exc:
                self.problems.append(Problem(sheet.source, line, str(exc)))
                continue
            group = groups.setdefault((rep.casefold(), on), _Group(rep, on, line))
            if competency.id in group.scores:
                self.problems.append(
                    Problem(
                        sheet.source,
                        line,
                        f"{competency.name!r} is already scored for {rep} on {on.isoformat()} "
                        f"(row {group.rows[competency.id]}); expected one score per competency",
                    )
                )
                continue
            group.scores[competency.id] = score
            group.rows[competency.id] = line
        for group in groups.values():
            self._evaluation(sheet.source, group)

    def _evaluation(self, source: str, group: _Group) -> None:
        """One complete evaluation, for a date not yet saved (or saved just so)."""
        competencies = self.content.competencies
        absent = [c.name for c in competencies if c.id not in group.scores]
        if absent:
            shown = ", ".join(repr(n) for n in absent[:4]) + (" ..." if len(absent) > 4 else "")
            self.problems.append(
                Problem(
                    source,
                    group.row,
                    f"the evaluation of {group.rep} on {group.on.isoformat()} scores "
                    f"{len(group.scores)} of {len(competencies)} competencies; missing {shown}",
                )
            )
            return
        rep = self.rep(group.rep)
        saved = self.saved_evaluations.get((rep.id, group.on))
        if saved == group.scores:
            self.unchanged += 1
        elif saved is not None:
            self.problems.append(
                Problem(
                    source,
                    group.row,
                    f"{rep.name} already has an evaluation on {group.on.isoformat()}; it is "
                    "kept, and nothing is imported (remove those rows to import the rest)",
                )
            )
        else:
            ordered = {c.id: group.scores[c.id] for c in competencies}
            self.evaluations.append(Evaluation(rep.id, group.on, ordered))
