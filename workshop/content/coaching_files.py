"""Read the coaching content from ``competencies.yaml`` and ``coaching.yaml``, checking it all.

Problems are collected as ``FILE:LINE: message``, like the rest of the content:
`load_coaching_content` raises `ContentError`, `check_coaching_content` returns them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

import yaml

from workshop.content.base import (
    ContentFile,
    Scale,
    default_content_dir,
    item_id,
    located,
    read_files,
    read_scale,
    template_text,
    unique,
)
from workshop.content.coaching import (
    ADJUSTMENTS,
    FOCUS_FIELDS,
    FOCUS_REASONS,
    GAPS,
    MEDIUMS,
    MIN_COMPETENCIES,
    ROLES,
    CallLength,
    CoachingContent,
    Competency,
    CompetencyGroup,
    FocusReason,
    Role,
)
from workshop.content.coaching_demo import read_demo
from workshop.content.coaching_labels import read_labels
from workshop.content.coaching_words import read_fix_words
from workshop.content.reader import Collector, Map
from workshop.content.scalars import line_of
from workshop.errors import ContentError, Problem
from workshop.plurals import is_language

K = TypeVar("K", bound=str)


@dataclass(frozen=True)
class Competencies:
    """What ``competencies.yaml`` holds: the reps' competencies, and the managers' if given."""

    title: str
    intro: str
    groups: tuple[CompetencyGroup, ...]
    manager_title: str = ""
    manager_groups: tuple[CompetencyGroup, ...] = ()


def load_coaching_content(path: Path | str | None = None) -> CoachingContent:
    """Load and validate the coaching content of a folder; raise `ContentError` listing all."""
    root = Path(path) if path is not None else default_content_dir()
    files = tuple(f._replace(required=True) for f in COACHING_FILES)
    out = Collector()
    parts = read_files(root, out, files)
    competencies, coaching = parts.get("competencies.yaml"), parts.get("coaching.yaml")
    if out.errors or not isinstance(competencies, Competencies):
        raise ContentError(located(out.errors or _unreadable(), root, files))
    if not isinstance(coaching, CoachingContent):
        raise ContentError(located(out.errors or _unreadable(), root, files))
    return replace(
        coaching,
        source=root,
        title=competencies.title,
        intro=competencies.intro,
        groups=competencies.groups,
        manager_title=competencies.manager_title,
        manager_groups=competencies.manager_groups,
    )


def _unreadable() -> list[Problem]:
    return [Problem(".", 1, "expected coaching content, got nothing readable")]


def check_coaching_content(path: Path | str) -> list[Problem]:
    """Every error and warning of the coaching files of a content folder, in file order."""
    root = Path(path)
    files = tuple(f._replace(required=True) for f in COACHING_FILES)
    out = Collector()
    read_files(root, out, files)
    return located(out.problems, root, files)


# -- competencies.yaml --------------------------------------------------------------------------


def read_competencies(doc: Map) -> Competencies:
    doc.check_keys(("title", "intro", "groups", "managers"))
    ids: list[tuple[str, int]] = []
    names: list[tuple[str, int]] = []
    groups = _groups(doc, ids, names)
    managers = doc.mapping("managers", required=False)
    manager_groups: tuple[CompetencyGroup, ...] = ()
    if managers is not None:
        managers.check_keys(("title", "groups"))
        manager_groups = _groups(managers, ids, names)
    # One id per competency whichever role it is for: a call names it alone.
    unique(doc, ids, "competency id")
    # Names are what managers type in a CSV file, matched ignoring case.
    unique(doc, names, "competency name", fold=True)
    return Competencies(
        doc.text("title"),
        doc.text("intro", required=False),
        groups,
        managers.text("title") if managers is not None else "",
        manager_groups,
    )


def _groups(
    doc: Map, ids: list[tuple[str, int]], names: list[tuple[str, int]]
) -> tuple[CompetencyGroup, ...]:
    """The competency groups of `doc` (the top level, or ``managers``), ids and names noted."""
    groups: list[CompetencyGroup] = []
    group_ids: list[tuple[str, int]] = []
    for group in doc.sequence("groups", min_items=1).mappings():
        group.check_keys(("id", "name", "competencies"))
        group_id = item_id(group, "group")
        group_ids.append((group_id, group.line_at("id")))
        members: list[Competency] = []
        for item in group.sequence("competencies", min_items=1).mappings():
            item.check_keys(("id", "name", "good"))
            competency = Competency(
                id=item_id(item, "competency"),
                name=item.text("name"),
                group=group_id,
                good=item.text("good"),
            )
            ids.append((competency.id, item.line_at("id")))
            names.append((competency.name, item.line_at("name")))
            members.append(competency)
        groups.append(CompetencyGroup(group_id, group.text("name"), tuple(members)))
    unique(doc, group_ids, "group id")
    count = sum(len(g.competencies) for g in groups)
    if groups and count < MIN_COMPETENCIES:
        where = f"{doc.path}.groups" if doc.path else "groups"
        doc.error(
            doc.line_at("groups"),
            f"{where!r} expected at least {MIN_COMPETENCIES} competencies in all, got {count}",
        )
    return tuple(groups)


# -- coaching.yaml ------------------------------------------------------------------------------


def read_coaching(doc: Map) -> CoachingContent:
    """The reader of coaching.yaml. Read alone it cannot see competencies.yaml: the title and
    groups are left empty, and the demo's competency ids are checked by `check_demo_calls`."""
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
            "one_fix",
            "labels",
            "demo",
            "language",
            "roles",
        )
    )
    doc.text("title")
    language = _language(doc)
    texts, plurals = read_labels(doc, language)
    questions = _texts(doc, "questions", ("knows", "can"))
    do_over = _texts(doc, "do_over", ("question", "insight_prompt", "self_check_question"))
    return CoachingContent(
        source=Path("."),
        title="",
        intro="",
        groups=(),
        scale=read_scale(doc, Scale(1, 10, "", "")),
        calls_per_week=_setting(doc, "cadence", "calls_per_week", 3, 21),
        call_length=_call_length(doc),
        milestones=_milestones(doc),
        settle_after=_setting(doc, "focus", "settle_after", 5, 1000),
        text_max_chars=_setting(doc, "limits", "text_max_chars", 2000, 100_000, required=False),
        fix_words=read_fix_words(doc),
        mediums=_closed_set(doc.mapping("mediums"), MEDIUMS),
        adjustments=_closed_set(doc.mapping("adjustments"), ADJUSTMENTS),
        knows_question=questions["knows"],
        can_question=questions["can"],
        gaps=_closed_set(doc.mapping("gaps"), GAPS),
        do_over_question=do_over["question"],
        insight_prompt=do_over["insight_prompt"],
        self_check_question=do_over["self_check_question"],
        explanations=_explanations(doc),
        labels=texts,
        demo=read_demo(doc.mapping("demo")),
        language=language,
        plurals=plurals,
        roles=_roles(doc),
    )


def _language(doc: Map) -> str:
    """The content's language, a CLDR code (en, es, pt_BR); English when not given."""
    code = doc.text("language", required=False, default="en")
    if not is_language(code):
        doc.error(
            doc.line_at("language"),
            f"'language' expected a language code like en, es or pt_BR, got {code!r}",
        )
        return "en"
    return code


def _roles(doc: Map) -> dict[Role, str]:
    """What each role is called; roles a set written before them leaves out keep their key."""
    found = doc.mapping("roles", required=False)
    if found is None:
        doc.warn(
            doc.line,
            f"'roles' is missing, so the roles show as {', '.join(ROLES)}; name them in the "
            "content's language",
        )
        return {role: role for role in ROLES}
    return _closed_set(found, ROLES)


def _setting(
    doc: Map, section: str, key: str, default: int, high: int, required: bool = True
) -> int:
    """A whole number in a one-key section (``cadence: {calls_per_week: 3}``)."""
    found = doc.mapping(section, required=required)
    if found is None:
        return default
    found.check_keys((key,))
    return found.integer(key, default=default, low=1, high=high)


def _texts(doc: Map, section: str, keys: tuple[str, ...]) -> dict[str, str]:
    found = doc.mapping(section)
    if found is None:
        return dict.fromkeys(keys, "")
    found.check_keys(keys)
    return {key: found.text(key) for key in keys}


def _call_length(doc: Map) -> CallLength:
    minutes = doc.mapping("call_minutes")
    if minutes is None:
        return CallLength(10, 15)
    minutes.check_keys(("min", "max"))
    low = minutes.integer("min", default=10, low=1, high=240)
    high = minutes.integer("max", default=15, low=1, high=240)
    if high < low:
        minutes.error(
            minutes.line_at("max"),
            f"'call_minutes.max' expected at least 'call_minutes.min' ({low}), got {high}",
        )
        return CallLength(10, 15)
    return CallLength(low, high)


def _milestones(doc: Map) -> tuple[int, ...]:
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
    return tuple(marks)


def _plain(node: yaml.Node) -> object:
    """The value of a scalar node (None for a list or mapping)."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    return yaml.constructor.SafeConstructor().construct_object(node)


def _closed_set(doc: Map | None, keys: tuple[K, ...]) -> dict[K, str]:
    """Wording for each member of a closed set (the mediums, the gaps...), keyed by member."""
    if doc is None:
        return {key: str(key) for key in keys}
    doc.check_keys(keys)
    return {key: doc.text(key, default=key) for key in keys}


def _explanations(doc: Map) -> dict[FocusReason, str]:
    explain_map = doc.mapping("explanations")
    if explain_map is None:
        return {r: r for r in FOCUS_REASONS}
    explain_map.check_keys(FOCUS_REASONS)
    return {r: template_text(explain_map, r, FOCUS_FIELDS) for r in FOCUS_REASONS}


def check_demo_calls(doc: Map, parts: Mapping[str, object]) -> None:
    """The demo calls of coaching.yaml name competencies that competencies.yaml has (each
    file alone cannot tell): the reps' for `calls`, the managers' for `manager_calls`."""
    competencies, coaching = parts.get("competencies.yaml"), parts.get("coaching.yaml")
    if not isinstance(competencies, Competencies) or not isinstance(coaching, CoachingContent):
        return  # a file that could not be read has its own problem already
    reps = {c.id for g in competencies.groups for c in g.competencies}
    managers = {c.id for g in competencies.manager_groups for c in g.competencies} or reps
    for key, calls, known in (
        ("calls", coaching.demo.calls, reps),
        ("manager_calls", coaching.demo.manager_calls, managers),
    ):
        for i, call in enumerate(calls, start=1):
            if call.competency and call.competency not in known:
                doc.error(
                    call.line,
                    f"'demo.{key}[{i}].competency' names a competency that does not exist: "
                    f"{call.competency!r}; expected an id from competencies.yaml",
                )


#: The coaching files, beside the attendee content. They are optional for `workshop validate`:
#: a content set made for the keynote alone has no coaching files.
COACHING_FILES: tuple[ContentFile, ...] = (
    ContentFile("competencies.yaml", read_competencies, required=False),
    ContentFile("coaching.yaml", read_coaching, required=False, cross_check=check_demo_calls),
)
FILES = tuple(f.name for f in COACHING_FILES)
