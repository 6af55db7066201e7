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
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from typing import Literal, get_args

from workshop.coaching import cells
from workshop.coaching import rules as coaching
from workshop.coaching.call import CoachingCall
from workshop.coaching.model import CoachingError, Evaluation, Rep, SelfCheck
from workshop.coaching.people import check_coach, check_role
from workshop.coaching.sheet_calls import Lookups, find_any_competency, read_call
from workshop.content.coaching import CoachingContent, Competency
from workshop.errors import Problem, WorkshopError

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
        self.by_id = {r.id: r for r in saved.reps}
        self.new_reps: dict[str, Rep] = {}
        #: A new person's coach, by name, until the whole reps sheet is read; and their row.
        self.coaches: dict[str, str] = {}
        self.lines: dict[str, int] = {}
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
                if sheet.kind == "reps":
                    self.lines[cells.text(values.get("rep")).strip().casefold()] = line
        if sheet.kind == "reps":
            self.resolve_coaches(sheet.source)

    def rep(self, name: object, demo: bool = False, created_at: str = "") -> Rep:
        """The person `name` is, saved or new; a name not seen yet is a new rep."""
        checked = coaching.check_rep_name(cells.text(name))
        key = checked.casefold()
        found = self.by_name.get(key) or self.new_reps.get(key)
        if found is None:
            found = Rep(uuid.uuid4().hex, checked, demo, created_at or self.stamp)
            self.new_reps[key] = found
        return found

    def _coach_named(self, name: str) -> str | None:
        """The id of the coach named `name` (empty: none), who must be a person already."""
        if not name:
            return None
        found = self.by_name.get(name.casefold()) or self.new_reps.get(name.casefold())
        if found is None:
            raise CoachingError(
                f"the coach {name!r} is not a person of the reps sheet or of the database"
            )
        return found.id

    # -- one row of each kind; each returns the record's key, to refuse a repeat -------------

    def _rep_row(self, values: Mapping[str, object]) -> object:
        name = cells.text(values.get("rep"))
        role = check_role(cells.text(values.get("role")).strip().casefold() or "rep")
        coach = cells.text(values.get("coach")).strip()
        known = self.by_name.get(name.strip().casefold())
        if known is not None:
            self._same_person(known, role, coach)
            self.unchanged += 1
            return known.id
        demo = cells.flag(values.get("demo"), "demo") or False
        person = replace(
            self.rep(name, demo, cells.text(values.get("created_at")).strip()), role=role
        )
        self.new_reps[person.name.casefold()] = person
        if coach:
            self.coaches[person.name.casefold()] = coach
        return person.id

    def _same_person(self, known: Rep, role: str, coach: str) -> None:
        saved_coach = self.by_id[known.coach_id].name if known.coach_id in self.by_id else ""
        if known.role != role or saved_coach.casefold() != coach.casefold():
            raise CoachingError(
                f"{known.name} is saved as a {known.role} coached by {saved_coach or 'nobody'}; "
                f"the sheet says a {role} coached by {coach or 'nobody'}; it is kept"
            )

    def resolve_coaches(self, source: str) -> None:
        """Each new person's coach, named in the reps sheet: a person, one level up."""
        for key, coach in self.coaches.items():
            person = self.new_reps[key]
            try:
                coach_id = self._coach_named(coach)
                found = self.new_reps.get(coach.casefold()) or self.by_name[coach.casefold()]
                check_coach(person, found)
            except WorkshopError as exc:
                self.problems.append(Problem(source, self.lines.get(key, 1), str(exc)))
                continue
            self.new_reps[key] = replace(person, coach_id=coach_id)
        self.coaches.clear()

    def _call_row(self, values: Mapping[str, object]) -> object:
        call = read_call(values, Lookups(self.content, self.today, self.rep, self._coach_named))
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

    def _scored_as(self, person: Rep, scores: Mapping[str, int]) -> Rep:
        """A new person scored on exactly the managers' competencies is a manager (a sheet of
        evaluations alone does not say)."""
        managers = {c.id for g in self.content.manager_groups for c in g.competencies}
        key = person.name.casefold()
        if key in self.new_reps and person.role == "rep" and managers and set(scores) == managers:
            person = self.new_reps[key] = replace(person, role="manager")
        return person

    def _competency(self, values: Mapping[str, object]) -> Competency:
        named = cells.text(values.get("competency_id")).strip()
        return find_any_competency(named or cells.text(values.get("competency")), self.content)

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
        rep = self._scored_as(self.rep(group.rep), group.scores)
        competencies = self.content.for_role(rep.role).competencies
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
