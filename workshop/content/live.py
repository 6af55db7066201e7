"""Content of the live session (`live.yaml`): steps, the agenda, and the live wording."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from workshop.content.base import ContentFile, labels, located, unique
from workshop.content.reader import Collector, Map
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

#: Labels added after the first live content sets were written, with their English wording:
#: a set without them still validates (with a warning) and shows these words.
LIVE_LABELS_ADDED: dict[str, str] = {
    "slow_down": "Too many tries from this device. Wait a minute, then try again.",
    "waiting": (
        "You're in. The facilitator opens the first exercise in a moment; keep this page open."
    ),
    "room_full": "This room is full. Ask the facilitator to open another room.",
    "facilitator_only": (
        "This page is for the facilitator. Open the link the facilitator was given."
    ),
    # The big screen and the remote.
    "presenter_join": "Join on your phone",
    "results_hidden": "The room's results show here when the facilitator reveals them.",
    "answered_count": "{n} have answered",
    "top_ingredients": "Ingredients chosen most often",
    "wall_empty": "Nothing on the wall yet.",
    "waiting_batch": "{n} newer answers wait for the next batch of {k}.",
    "segment_of": "Segment {n} of {total}",
    "not_started": "Not started: the big screen shows how to join.",
    # The phone pages.
    "resume_title": "Have a code?",
    "resume_intro": (
        "Type your resume code to pick up where you left off, on this phone or another."
    ),
    "resume_code": "Resume code",
    "steps_nav": "Exercises",
    "new_step": "The facilitator opened {step}.",
    "go_to_step": "Go to {step}",
    "save": "Save",
    "saved_at": "Saved {time}",
    "problem": "There is a problem",
    "server_error": (
        "Something went wrong on our side. Everything you saved is safe; try again in a moment."
    ),
    "not_found": "There is no such page here.",
    "card_busy": "Your card is already being made. It downloads when it is ready.",
    "cards_busy": "Many cards are being made right now. Try again in a minute.",
    "wheel_alt": "Your balance wheel",
    "rating_of": "{score} of {max}",
    "not_rated": "not rated",
    "menu_ingredients": "Choose your ingredients (at most {max})",
    # The room wall's limits, said to the attendee who meets one.
    "wall_blank": "There is nothing to share yet: write it first.",
    "wall_full": "You have shared as many entries as one person can on this wall.",
    "wall_not_yours": "Only your own mantra and ingredients can go on the wall.",
    # Beside the room's figures: {percent} is the share of scores that count as random ones.
    "randomized_note": "about {percent}% of scores are random, on purpose",
    # The big screen and the remote, when something breaks or the connection drops.
    "page_failed": "Something went wrong on this page. Reload it; the room's answers are safe.",
    "reconnecting": "The connection to the room dropped. Reconnecting…",
    "reloading": "Reconnected. Reloading the page…",
    # The facilitator's sign-in page, for a link opened a second time (or after the session).
    "link_spent": (
        "This link was used already, or has expired: each link signs in one browser, once. "
        "For a new one, run: workshop session links"
    ),
}

#: Live labels that are templates, with the {fill-ins} each may use.
LIVE_LABEL_FIELDS: dict[str, tuple[str, ...]] = {
    "waiting_for_k": ("k", "n"),
    "segment_minutes": ("minutes",),
    "answered_count": ("n",),
    "waiting_batch": ("n", "k"),
    "segment_of": ("n", "total"),
    "new_step": ("step",),
    "go_to_step": ("step",),
    "saved_at": ("time",),
    "rating_of": ("score", "max"),
    "menu_ingredients": ("max",),
    "randomized_note": ("percent",),
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
    doc = out.parse(Path(root) / FILE, FILE)
    live = None if doc is None else read_live(doc)
    if out.errors or live is None:
        problems = out.errors or [Problem(FILE, 1, "live content could not be read")]
        raise ContentError(located(problems, Path(root), LIVE_FILES))
    return live


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
