"""Content of the live session (`live.yaml`): steps, the agenda, and the live wording."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from workshop.content.base import ContentFile, labels, located, unique
from workshop.content.live_labels import (
    LIVE_LABEL_FIELDS,
    LIVE_LABEL_KEYS,
    LIVE_LABELS_ADDED,
    PLURAL_EXTRAS,
    counted,
)
from workshop.content.reader import Collector, Map
from workshop.errors import ContentError, Problem

FILE = "live.yaml"

StepId = Literal["do_over", "balance", "impact", "menu", "card"]
#: The exercises the attendee app knows how to show, in their natural order.
STEP_IDS: tuple[StepId, ...] = ("do_over", "balance", "impact", "menu", "card")


@dataclass(frozen=True)
class Step:
    id: StepId
    label: str


@dataclass(frozen=True)
class Segment:
    title: str
    minutes: int
    step: StepId | None


DEMO_KEYS = ("do_over", "first_steps", "whom", "actions", "better_place")


@dataclass(frozen=True)
class DemoAnswers:
    """Sample answers in the content's language, for synthetic rehearsal rooms."""

    do_over: tuple[str, ...]
    first_steps: tuple[str, ...]
    whom: tuple[str, ...]
    actions: tuple[str, ...]
    better_place: tuple[str, ...]


@dataclass(frozen=True)
class LiveContent:
    steps: tuple[Step, ...]
    agenda: tuple[Segment, ...]
    session_hours: int
    labels: dict[str, str]
    demo: DemoAnswers
    #: The content's language (session.yaml), which decides the plural forms of counts.
    language: str = field(default="en", compare=False)

    def label(self, key: str, **values: object) -> str:
        """The wording for `key`, with its fill-ins (checked when the content was loaded); a
        count `n` picks the label's plural form in the content's language."""
        n = values.get("n")
        text = counted(self.labels, self.language, key, n) if isinstance(n, int) else None
        text = text if text is not None else self.labels[key]
        return text.format(**values) if values else text

    def step_label(self, step_id: str) -> str:
        for step in self.steps:
            if step.id == step_id:
                return step.label
        return step_id


def load_live_content(root: Path | str) -> LiveContent:
    """Load `live.yaml` from a content folder; `ContentError` lists every problem as
    ``FOLDER/live.yaml:LINE: message``."""
    out = Collector()
    doc = out.parse(Path(root) / FILE, FILE)
    live = None if doc is None else read_live(doc)
    if out.errors or live is None:
        problems = out.errors or [Problem(FILE, 1, "live content could not be read")]
        raise ContentError(located(problems, Path(root), LIVE_FILES))
    return replace(live, language=_language(Path(root)))


def _language(root: Path) -> str:
    """The language session.yaml names (English if it names none: the keynote's loader
    reports a broken session.yaml; the live wording only needs its plural rules)."""
    quiet = Collector()
    doc = quiet.parse(root / "session.yaml", "session.yaml")
    return (doc.text("language", required=False) if doc is not None else "") or "en"


def read_live(doc: Map) -> LiveContent:
    """The reader of live.yaml: steps, the agenda, the session's length, wording, demo answers."""
    doc.check_keys(("steps", "agenda", "session_hours", "demo", "labels"))
    steps = _steps(doc)
    agenda = _agenda(doc, tuple(s.id for s in steps))
    hours = doc.integer("session_hours", default=12, required=False, low=1, high=24 * 14)
    wording = labels(
        doc,
        {key: LIVE_LABEL_FIELDS.get(key) for key in LIVE_LABEL_KEYS},
        LIVE_LABELS_ADDED,
        LIVE_LABEL_FIELDS,
        PLURAL_EXTRAS,
    )
    samples: dict[str, tuple[str, ...]] = {key: () for key in DEMO_KEYS}
    demo_map = doc.mapping("demo")
    if demo_map is not None:
        demo_map.check_keys(DEMO_KEYS)
        for key in DEMO_KEYS:
            samples[key] = tuple(t for t, _ in demo_map.sequence(key, min_items=1).texts())
    return LiveContent(steps, agenda, hours, wording, DemoAnswers(**samples))


def _steps(doc: Map) -> tuple[Step, ...]:
    steps: list[Step] = []
    ids: list[tuple[str, int]] = []
    for item in doc.sequence("steps", min_items=1).mappings():
        item.check_keys(("id", "label"))
        step_id = item.text("id")
        label = item.text("label")
        line = item.line_at("id")
        if step_id and step_id not in STEP_IDS:
            item.error(
                line,
                f"'{item.path}.id' expected one of {', '.join(STEP_IDS)}, got {step_id!r}",
            )
            continue
        ids.append((step_id, line))
        if step_id and step_id not in {s.id for s in steps}:
            steps.append(Step(_as_step(step_id), label))
    unique(doc, ids, "step id")
    return tuple(steps)


def _agenda(doc: Map, known: tuple[str, ...]) -> tuple[Segment, ...]:
    agenda: list[Segment] = []
    for item in doc.sequence("agenda", min_items=1).mappings():
        item.check_keys(("title", "minutes", "step"))
        step: StepId | None = None
        if item.has("step"):
            named = item.text("step")
            if named and named not in known:
                item.error(
                    item.line_at("step"),
                    f"'{item.path}.step' names a step that does not exist: {named!r}; "
                    f"known steps: {', '.join(known) or 'none'}",
                )
            elif named:
                step = _as_step(named)
        agenda.append(
            Segment(item.text("title"), item.integer("minutes", default=5, low=1, high=600), step)
        )
    return tuple(agenda)


def _as_step(value: str) -> StepId:
    for step in STEP_IDS:
        if step == value:
            return step
    raise ValueError(value)  # unreachable: callers check membership first


#: live.yaml as `workshop validate` checks it, beside the attendee content. Optional there, as
#: the coaching files are: a set made for the exercises one by one needs no live session.
LIVE_FILES: tuple[ContentFile, ...] = (ContentFile(FILE, read_live, required=False),)
