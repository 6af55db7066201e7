"""Content of the live session (`live.yaml`): steps, the agenda, and the live wording."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from workshop._yamlread import Collector, Map
from workshop.coaching_content import template_text
from workshop.content import ContentFile
from workshop.errors import ContentError, Problem

FILE = "live.yaml"

StepId = Literal["do_over", "balance", "impact", "menu", "card"]
#: The exercises the attendee app knows how to show, in their natural order.
STEP_IDS: tuple[StepId, ...] = ("do_over", "balance", "impact", "menu", "card")

LIVE_LABEL_KEYS = (
    "join_title",
    "join_intro",
    "session_code",
    "join_button",
    "wrong_session",
    "expired_session",
    "locked",
    "locked_badge",
    "share",
    "take_back",
    "shared",
    "wall_intro",
    "hello",
    "dashboard_title",
    "join_at",
    "joined",
    "completed",
    "run_of_show",
    "open_step",
    "lock_step",
    "start_segment",
    "next_segment",
    "previous_segment",
    "time_left",
    "overtime",
    "reveal",
    "hide",
    "waiting_for_k",
    "hidden_categories",
    "room_wheel",
    "distribution",
    "top_out_of_balance",
    "top_finders",
    "room_wall",
    "hide_entry",
    "show_entry",
    "export",
    "exported",
    "attendees_count",
    "session_report",
    "hidden_entry",
    "segment_minutes",
    "refresh_failed",
)

#: Live labels that are templates, with the {fill-ins} each may use.
LIVE_LABEL_FIELDS: dict[str, tuple[str, ...]] = {
    "waiting_for_k": ("k", "n"),
    "segment_minutes": ("minutes",),
}


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

    def label(self, key: str, **values: object) -> str:
        """The wording for `key`, with its fill-ins (checked when the content was loaded)."""
        text = self.labels[key]
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
    live = read_live(Path(root), out)
    if out.errors or live is None:
        problems = out.errors or [Problem(FILE, 1, "live content could not be read")]
        raise ContentError([_located(p, Path(root)) for p in problems])
    return live


def read_live(root: Path, out: Collector) -> LiveContent | None:
    doc = out.parse(root / FILE, FILE)
    return None if doc is None else _live(doc)


def read_live_file(doc: Map) -> LiveContent:
    """The reader `workshop validate` runs on live.yaml (see `LIVE_FILES`)."""
    return _live(doc)


def _located(problem: Problem, root: Path) -> Problem:
    return Problem(str(root / problem.file), problem.line, problem.message, problem.severity)


def _live(doc: Map) -> LiveContent:
    doc.check_keys(("steps", "agenda", "session_hours", "demo", "labels"))
    steps: list[Step] = []
    seen: dict[str, int] = {}
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
        if step_id in seen:
            item.error(line, f"duplicate step id {step_id!r} (first given on line {seen[step_id]})")
            continue
        if step_id:
            seen[step_id] = line
            steps.append(Step(_as_step(step_id), label))

    agenda: list[Segment] = []
    for item in doc.sequence("agenda", min_items=1).mappings():
        item.check_keys(("title", "minutes", "step"))
        step: StepId | None = None
        if item.has("step"):
            named = item.text("step")
            if named and named not in seen:
                item.error(
                    item.line_at("step"),
                    f"'{item.path}.step' names a step that does not exist: {named!r}; "
                    f"known steps: {', '.join(seen) or 'none'}",
                )
            elif named:
                step = _as_step(named)
        agenda.append(
            Segment(item.text("title"), item.integer("minutes", default=5, low=1, high=600), step)
        )

    hours = doc.integer("session_hours", default=12, required=False, low=1, high=24 * 14)
    labels: dict[str, str] = {}
    label_map = doc.mapping("labels")
    if label_map is not None:
        label_map.check_keys(LIVE_LABEL_KEYS)
        for key in LIVE_LABEL_KEYS:
            fields = LIVE_LABEL_FIELDS.get(key)
            if fields is None:
                labels[key] = label_map.text(key, default=key)
            else:
                labels[key] = template_text(label_map, key, fields)
    samples: dict[str, tuple[str, ...]] = {key: () for key in DEMO_KEYS}
    demo_map = doc.mapping("demo")
    if demo_map is not None:
        demo_map.check_keys(DEMO_KEYS)
        for key in DEMO_KEYS:
            samples[key] = tuple(t for t, _ in demo_map.sequence(key, min_items=1).texts())
    return LiveContent(tuple(steps), tuple(agenda), hours, labels, DemoAnswers(**samples))


def _as_step(value: str) -> StepId:
    for step in STEP_IDS:
        if step == value:
            return step
    raise ValueError(value)  # unreachable: callers check membership first


#: live.yaml as `workshop validate` checks it, beside the attendee content. Optional there, as
#: the coaching files are: a set made for the exercises one by one needs no live session.
LIVE_FILES: tuple[ContentFile, ...] = (ContentFile(FILE, read_live_file, required=False),)
