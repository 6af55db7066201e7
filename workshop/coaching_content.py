"""Load the coaching content (competencies, scale, cadence, wording) into frozen dataclasses.

Two files of a content folder: ``competencies.yaml`` (the competencies, in groups; the count
comes from the file) and ``coaching.yaml`` (the scale, the cadence, the call length, and every
word the coaching notebooks show). Problems are collected as ``FILE:LINE: message``, like the
rest of the content: `load_coaching_content` raises `ContentError`, `check_coaching_content`
returns them.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar, get_args

import yaml

from workshop._yamlread import Collector, Map, line_of
from workshop.content import ContentFile, Scale, default_content_dir, read_scale
from workshop.errors import ContentError, Problem

Medium = Literal["conversation", "call", "email"]
Adjustment = Literal["words", "mindset", "tonality", "delivery"]
Gap = Literal["knowledge", "skill", "both", "none"]
FocusReason = Literal[
    "no_evaluation", "all_top", "settled", "lowest", "tie_in_progress", "tie_first"
]

MEDIUMS: tuple[Medium, ...] = get_args(Medium)
ADJUSTMENTS: tuple[Adjustment, ...] = get_args(Adjustment)
GAPS: tuple[Gap, ...] = get_args(Gap)
FOCUS_REASONS: tuple[FocusReason, ...] = get_args(FocusReason)

FILES = ("competencies.yaml", "coaching.yaml")

#: Fill-ins a focus explanation may use.
FOCUS_FIELDS = ("rep", "competency", "score", "max", "evaluated", "fixes", "settle", "last_fix")

#: Interface wording every coaching content set defines, with the fill-ins each may use.
LABELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("rep", ()),
    ("no_reps", ()),
    ("new_rep", ()),
    ("add_rep", ()),
    ("rep_added", ("rep",)),
    ("load_demo", ()),
    ("demo_loaded", ("count", "mark")),
    ("remove_demo", ()),
    ("demo_removed", ()),
    ("demo_mark", ()),
    ("date", ()),
    ("answer_yes", ()),
    ("answer_no", ()),
    ("not_saved", ()),
    ("evaluate_title", ()),
    ("scored", ("scored", "total")),
    ("save_evaluation", ()),
    ("evaluation_saved", ("date", "rep")),
    ("this_evaluation", ()),
    ("previous_evaluation", ("date",)),
    ("first_evaluation", ()),
    ("movement_heading", ("date",)),
    ("no_movement", ()),
    ("calls_title", ()),
    ("calls_intro", ()),
    ("minutes", ()),
    ("length_hint", ("min", "max")),
    ("outside_length", ("minutes", "min", "max")),
    ("medium", ()),
    ("situation", ()),
    ("situation_hint", ()),
    ("adjust", ()),
    ("competency", ()),
    ("fix", ()),
    ("fix_hint", ()),
    ("log_call", ()),
    ("call_logged", ("rep", "count")),
    ("history_heading", ("rep", "count")),
    ("no_fixes", ()),
    ("do_over_title", ()),
    ("do_over_intro", ()),
    ("choose_call", ()),
    ("no_calls", ()),
    ("rep_turn", ()),
    ("manager_turn", ()),
    ("save_answer", ()),
    ("save_insight", ()),
    ("waiting_for_rep", ()),
    ("answered_at", ("time",)),
    ("insight_at", ("time",)),
    ("self_check_title", ()),
    ("self_check_intro", ()),
    ("save_self_check", ()),
    ("self_check_saved", ("date",)),
    ("day_streak", ("days",)),
    ("progress_title", ()),
    ("fixes_total", ("count",)),
    ("cumulative_fixes", ()),
    ("milestone", ("count",)),
    ("milestone_reached", ("count", "date")),
    ("this_week", ("count", "target")),
    ("week_streak", ("weeks", "longest")),
    ("next_focus", ()),
    ("team_title", ()),
    ("heatmap_title", ()),
    ("fixes_per_rep", ()),
    ("not_evaluated", ()),
    # Refusals, by the rule that refused (`WorkshopError.reason`), prefixed "refused_".
    ("refused_empty", ()),
    ("refused_too_long", ("length", "limit")),
    ("refused_rep_name_too_long", ("max",)),
    ("refused_rep_exists", ("rep",)),
    ("refused_no_date", ()),
    ("refused_future_date", ("date",)),
    ("refused_scores_missing", ("count", "total")),
    ("refused_no_answers", ()),
    ("refused_no_adjustment", ()),
    ("refused_no_fix", ()),
    ("refused_one_fix", ("count",)),
    ("refused_insight_first", ()),
    ("refused_answer_kept", ()),
    ("refused_answer_changed", ()),
)

K = TypeVar("K", bound=str)

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
#: Fewer competencies than this cannot be drawn as a radar.
MIN_COMPETENCIES = 3


@dataclass(frozen=True)
class Competency:
    id: str
    name: str
    group: str
    good: str


@dataclass(frozen=True)
class CompetencyGroup:
    id: str
    name: str
    competencies: tuple[Competency, ...]


@dataclass(frozen=True)
class CallLength:
    """The target length of a coaching call, in minutes."""

    min: int
    max: int

    def contains(self, minutes: int) -> bool:
        return self.min <= minutes <= self.max


@dataclass(frozen=True)
class DemoCall:
    """One sample call the demo team's calls are drawn from."""

    competency: str
    medium: Medium
    situation: str
    knows: bool
    can: bool
    adjustments: tuple[Adjustment, ...]
    fix: str
    self_critique: str
    insight: str
    #: Where `competency` is given in coaching.yaml, for problems found across files.
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class DemoContent:
    reps: tuple[str, ...]
    calls: tuple[DemoCall, ...]
    self_checks: tuple[str, ...]


@dataclass(frozen=True)
class CoachingContent:
    """One complete coaching content set."""

    source: Path
    title: str
    intro: str
    groups: tuple[CompetencyGroup, ...]
    scale: Scale
    calls_per_week: int
    call_length: CallLength
    milestones: tuple[int, ...]
    settle_after: int
    text_max_chars: int
    mediums: dict[Medium, str]
    adjustments: dict[Adjustment, str]
    knows_question: str
    can_question: str
    gaps: dict[Gap, str]
    do_over_question: str
    insight_prompt: str
    self_check_question: str
    explanations: dict[FocusReason, str]
    labels: dict[str, str]
    demo: DemoContent

    @property
    def competencies(self) -> tuple[Competency, ...]:
        return tuple(c for group in self.groups for c in group.competencies)

    def competency(self, competency_id: str) -> Competency:
        for competency in self.competencies:
            if competency.id == competency_id:
                return competency
        raise KeyError(competency_id)

    def label(self, key: str, **values: object) -> str:
        """The wording for `key`, with its fill-ins (checked when the content was loaded)."""
        text = self.labels[key]
        return text.format(**values) if values else text


def load_coaching_content(path: Path | str | None = None) -> CoachingContent:
    """Load and validate the coaching content of a folder; raise `ContentError` listing all."""
    root = Path(path) if path is not None else default_content_dir()
    out = Collector()
    content = _read(root, out)
    if out.errors or content is None:
        raise ContentError(out.errors or [Problem(str(root), 1, "content could not be read")])
    return content


def check_coaching_content(path: Path | str) -> list[Problem]:
    """Every error and warning of the coaching files of a content folder, in file order."""
    out = Collector()
    _read(Path(path), out)
    order = {name: i for i, name in enumerate(FILES)}
    return sorted(out.problems, key=lambda p: (order.get(p.file, len(order)), p.line))


def _read(root: Path, out: Collector) -> CoachingContent | None:
    if not root.is_dir():
        what = "does not exist" if not root.exists() else "is a file, not a folder"
        out.error(str(root), 1, f"expected a content folder, but {root} {what}")
        return None
    competencies_doc = out.parse(root / "competencies.yaml", "competencies.yaml")
    coaching_doc = out.parse(root / "coaching.yaml", "coaching.yaml")
    if competencies_doc is None or coaching_doc is None:
        return None
    title, intro, groups = _competencies(competencies_doc)
    return _coaching(coaching_doc, root, title, intro, groups)


def _unique(doc: Map, items: list[tuple[str, int]], what: str, fold: bool = False) -> None:
    seen: dict[str, int] = {}
    for value, line in items:
        key = value.casefold() if fold else value
        if key in seen:
            doc.error(line, f"duplicate {what} {value!r} (first given on line {seen[key]})")
        else:
            seen[key] = line


def _check_id(doc: Map, value: str, line: int, what: str) -> None:
    if value and not _ID.match(value):
        doc.error(
            line,
            f"{what} expected lower-case letters, digits and _ starting with a letter, "
            f"got {value!r}",
        )


def _competencies(doc: Map) -> tuple[str, str, tuple[CompetencyGroup, ...]]:
    doc.check_keys(("title", "intro", "groups"))
    groups: list[CompetencyGroup] = []
    ids: list[tuple[str, int]] = []
    names: list[tuple[str, int]] = []
    group_ids: list[tuple[str, int]] = []
    for group in doc.sequence("groups", min_items=1).mappings():
        group.check_keys(("id", "name", "competencies"))
        group_id = group.text("id")
        _check_id(group, group_id, group.line_at("id"), f"'{group.path}.id'")
        group_ids.append((group_id, group.line_at("id")))
        members: list[Competency] = []
        for item in group.sequence("competencies", min_items=1).mappings():
            item.check_keys(("id", "name", "good"))
            competency = Competency(
                id=item.text("id"),
                name=item.text("name"),
                group=group_id,
                good=item.text("good"),
            )
            _check_id(item, competency.id, item.line_at("id"), f"'{item.path}.id'")
            ids.append((competency.id, item.line_at("id")))
            names.append((competency.name, item.line_at("name")))
            members.append(competency)
        groups.append(CompetencyGroup(group_id, group.text("name"), tuple(members)))
    _unique(doc, group_ids, "group id")
    _unique(doc, ids, "competency id")
    # Names are what managers type in a CSV file, matched ignoring case.
    _unique(doc, names, "competency name", fold=True)
    count = sum(len(g.competencies) for g in groups)
    if groups and count < MIN_COMPETENCIES:
        doc.error(
            doc.line_at("groups"),
            f"'groups' expected at least {MIN_COMPETENCIES} competencies in all, got {count}",
        )
    return doc.text("title"), doc.text("intro", required=False), tuple(groups)


def _plain(node: yaml.Node) -> object:
    """The value of a scalar node (None for a list or mapping)."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    return yaml.constructor.SafeConstructor().construct_object(node)


def read_competencies_file(doc: Map) -> tuple[CompetencyGroup, ...]:
    """The reader `workshop validate` runs on competencies.yaml (see `COACHING_FILES`)."""
    return _competencies(doc)[2]


def read_coaching_file(doc: Map) -> CoachingContent:
    """The reader `workshop validate` runs on coaching.yaml.

    Read alone it cannot see competencies.yaml, so it leaves the demo's competency ids
    unchecked; `load_coaching_content` reads both files and checks them.
    """
    return _coaching(doc, Path("."), "", "", None)


def _fields(text: str) -> set[str] | None:
    """The {fill-in} names a template uses, or None when its braces do not parse."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def template_text(doc: Map, key: str, allowed: tuple[str, ...]) -> str:
    """A text whose {fill-ins} must be among `allowed`; a problem otherwise (the key is kept)."""
    text = doc.text(key)
    used = _fields(text)
    name = f"{doc.path}.{key}" if doc.path else key
    if used is None:
        doc.error(
            doc.line_at(key),
            f"{name!r} has an unmatched {{ or }}; write {{{{ or }}}} for a literal brace",
        )
        return key
    unknown = sorted(used - set(allowed))
    if unknown:
        known = ", ".join("{" + a + "}" for a in allowed) or "none"
        doc.error(
            doc.line_at(key),
            f"{name!r} uses unknown fill-in {', '.join('{' + u + '}' for u in unknown)}; "
            f"it may use: {known}",
        )
        return key
    return text


def _closed_set(doc: Map | None, keys: tuple[K, ...], defaults: dict[K, str]) -> dict[K, str]:
    if doc is None:
        return defaults
    doc.check_keys(keys)
    return {key: doc.text(key, default=defaults[key]) for key in keys}


def _coaching(
    doc: Map,
    root: Path,
    title: str,
    intro: str,
    groups: tuple[CompetencyGroup, ...] | None,
) -> CoachingContent:
    """Read coaching.yaml; with `groups` None the demo's competency ids go unchecked."""
    doc.check_keys(
        (
            "title",
            "scale",
            "cadence",
            "call_minutes",
            "milestones",
            "focus",
            "limits",
            "mediums",
            "adjustments",
            "questions",
            "gaps",
            "do_over",
            "explanations",
            "labels",
            "demo",
        )
    )
    doc.text("title")
    scale = read_scale(doc, Scale(1, 10, "", ""))

    calls_per_week = 3
    cadence = doc.mapping("cadence")
    if cadence is not None:
        cadence.check_keys(("calls_per_week",))
        calls_per_week = cadence.integer("calls_per_week", default=3, low=1, high=21)

    length = CallLength(10, 15)
    minutes = doc.mapping("call_minutes")
    if minutes is not None:
        minutes.check_keys(("min", "max"))
        low = minutes.integer("min", default=10, low=1, high=240)
        high = minutes.integer("max", default=15, low=1, high=240)
        if high < low:
            minutes.error(
                minutes.line_at("max"),
                f"'call_minutes.max' expected at least 'call_minutes.min' ({low}), got {high}",
            )
        else:
            length = CallLength(low, high)

    marks: list[int] = []
    seq = doc.sequence("milestones", min_items=1)
    for node in seq.nodes:
        value = _plain(node)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            doc.error(line_of(node), f"'milestones' expected whole numbers above 0, got {value!r}")
            continue
        marks.append(value)
    if marks != sorted(set(marks)):
        doc.error(seq.line, f"'milestones' expected increasing numbers, got {marks}")

    settle_after = 5
    focus = doc.mapping("focus")
    if focus is not None:
        focus.check_keys(("settle_after",))
        settle_after = focus.integer("settle_after", default=5, low=1, high=1000)

    text_max = 2000
    limits = doc.mapping("limits", required=False)
    if limits is not None:
        limits.check_keys(("text_max_chars",))
        text_max = limits.integer("text_max_chars", default=2000, low=1, high=100_000)

    mediums = _closed_set(doc.mapping("mediums"), MEDIUMS, {m: m for m in MEDIUMS})
    adjustments = _closed_set(doc.mapping("adjustments"), ADJUSTMENTS, {a: a for a in ADJUSTMENTS})
    gaps = _closed_set(doc.mapping("gaps"), GAPS, {g: g for g in GAPS})

    knows, can = "", ""
    questions = doc.mapping("questions")
    if questions is not None:
        questions.check_keys(("knows", "can"))
        knows, can = questions.text("knows"), questions.text("can")

    do_over_question = insight_prompt = self_check_question = ""
    do_over = doc.mapping("do_over")
    if do_over is not None:
        do_over.check_keys(("question", "insight_prompt", "self_check_question"))
        do_over_question = do_over.text("question")
        insight_prompt = do_over.text("insight_prompt")
        self_check_question = do_over.text("self_check_question")

    explanations: dict[FocusReason, str] = {r: r for r in FOCUS_REASONS}
    explain_map = doc.mapping("explanations")
    if explain_map is not None:
        explain_map.check_keys(FOCUS_REASONS)
        explanations = {r: template_text(explain_map, r, FOCUS_FIELDS) for r in FOCUS_REASONS}

    labels: dict[str, str] = {key: key for key, _ in LABELS}
    label_map = doc.mapping("labels")
    if label_map is not None:
        label_map.check_keys(tuple(key for key, _ in LABELS))
        labels = {key: template_text(label_map, key, fields) for key, fields in LABELS}

    known = None if groups is None else {c.id for g in groups for c in g.competencies}
    demo = _demo(doc.mapping("demo"), known)
    return CoachingContent(
        source=root,
        title=title,
        intro=intro,
        groups=groups or (),
        scale=scale,
        calls_per_week=calls_per_week,
        call_length=length,
        milestones=tuple(marks),
        settle_after=settle_after,
        text_max_chars=text_max,
        mediums=mediums,
        adjustments=adjustments,
        knows_question=knows,
        can_question=can,
        gaps=gaps,
        do_over_question=do_over_question,
        insight_prompt=insight_prompt,
        self_check_question=self_check_question,
        explanations=explanations,
        labels=labels,
        demo=demo,
    )


def _demo(doc: Map | None, known: set[str] | None) -> DemoContent:
    if doc is None:
        return DemoContent((), (), ())
    doc.check_keys(("reps", "calls", "self_checks"))
    reps = doc.sequence("reps", min_items=1).texts()
    _unique(doc, reps, "demo rep", fold=True)
    calls: list[DemoCall] = []
    for item in doc.sequence("calls", min_items=1).mappings():
        item.check_keys(
            (
                "competency",
                "medium",
                "situation",
                "knows",
                "can",
                "adjustments",
                "fix",
                "self_critique",
                "insight",
            )
        )
        competency = item.text("competency")
        if competency and known is not None and competency not in known:
            item.error(item.line_at("competency"), _unknown_competency(item.path, competency))
        medium = item.text("medium")
        if medium and medium not in MEDIUMS:
            item.error(
                item.line_at("medium"),
                f"'{item.path}.medium' expected one of {', '.join(MEDIUMS)}, got {medium!r}",
            )
        chosen: list[Adjustment] = []
        for text, line in item.sequence("adjustments", min_items=1).texts():
            match = next((a for a in ADJUSTMENTS if a == text), None)
            if match is None:
                item.error(
                    line,
                    f"'{item.path}.adjustments' expected some of {', '.join(ADJUSTMENTS)}, "
                    f"got {text!r}",
                )
            else:
                chosen.append(match)
        calls.append(
            DemoCall(
                competency=competency,
                medium=next((m for m in MEDIUMS if m == medium), "call"),
                situation=item.text("situation"),
                knows=item.boolean("knows", default=False),
                can=item.boolean("can", default=False),
                adjustments=tuple(chosen),
                fix=item.text("fix"),
                self_critique=item.text("self_critique"),
                insight=item.text("insight"),
                line=item.line_at("competency"),
            )
        )
    checks = doc.sequence("self_checks", min_items=1).texts()
    return DemoContent(
        reps=tuple(text for text, _ in reps),
        calls=tuple(calls),
        self_checks=tuple(text for text, _ in checks),
    )


def _unknown_competency(path: str, competency: str) -> str:
    return (
        f"'{path}.competency' names a competency that does not exist: {competency!r}; "
        "expected an id from competencies.yaml"
    )


def check_demo_competencies(doc: Map, parts: Mapping[str, object]) -> None:
    """`workshop validate`'s check that the demo calls of coaching.yaml name competencies
    that competencies.yaml has (each file alone cannot tell)."""
    groups, coaching = parts.get("competencies.yaml"), parts.get("coaching.yaml")
    if not isinstance(groups, tuple) or not isinstance(coaching, CoachingContent):
        return  # a file that could not be read has its own problem already
    known = {c.id for g in groups if isinstance(g, CompetencyGroup) for c in g.competencies}
    for i, call in enumerate(coaching.demo.calls, start=1):
        if call.competency and call.competency not in known:
            doc.error(call.line, _unknown_competency(f"demo.calls[{i}]", call.competency))


#: The coaching files as `workshop validate` checks them, beside the attendee content. They
#: are optional there: a content set made for the keynote alone has no coaching files.
COACHING_FILES: tuple[ContentFile, ...] = (
    ContentFile("competencies.yaml", read_competencies_file, required=False),
    ContentFile(
        "coaching.yaml", read_coaching_file, required=False, cross_check=check_demo_competencies
    ),
)
