"""Load the workshop content (YAML under `data/`) into frozen dataclasses, validating it all.

Every problem found in a content set is reported at once, each as ``FILE:LINE: message``.
`load_content` raises `ContentError` carrying them; `check_content` returns them, warnings
included, for `workshop validate`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from workshop._yamlread import Collector, Map
from workshop.errors import ContentError, Problem

Group = Literal["professional", "personal"]
GROUPS: tuple[Group, ...] = ("professional", "personal")

FILES = ("session.yaml", "do_over.yaml", "balance.yaml", "impact.yaml", "menu.yaml")

#: Interface wording every content set must define; views look labels up by these keys.
LABEL_KEYS = (
    "your_code",
    "code_hint",
    "resume_placeholder",
    "resume_button",
    "resumed",
    "unknown_code",
    "saving",
    "saved",
    "not_saved",
    "first_step",
    "download_pdf",
    "download_png",
    "make_card",
    "card_title",
    "commit",
    "add",
    "remove",
    "own_ingredient",
    "nickname",
    "wheel_hint",
    "finders_heading",
    "average",
    "spread",
    "highest",
    "lowest",
    "out_of_balance",
    "in_balance",
    "none",
    "nothing_needs_no_step",
    "needs_first_step",
    "too_many_ingredients",
    "making_card",
    "card_ready",
    "card_failed",
    "card_truncated",
    "card_first_step",
    "not_answered",
)

#: Longest prompt that still reads comfortably on a phone; longer ones are style warnings.
PHONE_PROMPT_CHARS = 160


@dataclass(frozen=True)
class Limits:
    text_max_chars: int = 2000


@dataclass(frozen=True)
class Session:
    title: str
    subtitle: str
    language: str
    limits: Limits
    anonymity_k: int
    labels: dict[str, str]

    def label(self, key: str) -> str:
        return self.labels[key]


@dataclass(frozen=True)
class DoOverContext:
    id: str
    label: str
    prompt: str
    optional: bool


@dataclass(frozen=True)
class DoOverContent:
    title: str
    question: str
    intro: str
    nothing_word: str
    nothing_hint: str
    follow_up: str
    contexts: tuple[DoOverContext, ...]


@dataclass(frozen=True)
class Scale:
    min: int
    max: int
    low_label: str
    high_label: str

    @property
    def values(self) -> range:
        return range(self.min, self.max + 1)


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    group: Group
    description: str


@dataclass(frozen=True)
class BalanceRule:
    """Out of balance: `below_mean_by` or more under the person's own mean, or under `floor`."""

    below_mean_by: float
    floor: int | None


@dataclass(frozen=True)
class BalanceContent:
    title: str
    intro: str
    scale: Scale
    rule: BalanceRule
    group_names: dict[Group, str]
    categories: tuple[Category, ...]
    finders_intro: str
    finders: dict[str, tuple[str, ...]]

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)


@dataclass(frozen=True)
class Channel:
    id: str
    label: str
    description: str


@dataclass(frozen=True)
class ImpactContent:
    title: str
    intro: str
    whom_prompt: str
    channel_prompt: str
    channels: tuple[Channel, ...]
    action_prompt: str
    better_place_question: str


@dataclass(frozen=True)
class MenuContent:
    title: str
    intro: str
    max_ingredients: int
    ingredients: tuple[str, ...]
    action_prompt: str
    mantra_prompt: str
    mantra_examples: tuple[str, ...]


@dataclass(frozen=True)
class Content:
    """One complete content set: everything the attendee exercises show."""

    source: Path
    session: Session
    do_over: DoOverContent
    balance: BalanceContent
    impact: ImpactContent
    menu: MenuContent


def default_content_dir() -> Path:
    """The content set to use: `WORKSHOP_CONTENT` if set, else the shipped English default."""
    env = os.environ.get("WORKSHOP_CONTENT")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data" / "en"


def load_content(path: Path | str | None = None) -> Content:
    """Load and validate a content set; raise `ContentError` listing every error found."""
    out = Collector()
    content = _read(Path(path) if path is not None else default_content_dir(), out)
    if out.errors or content is None:
        raise ContentError(out.errors or [Problem(str(path), 1, "content could not be read")])
    return content


def check_content(path: Path | str) -> list[Problem]:
    """Every error and style warning of a content set, in file order; never raises for content."""
    out = Collector()
    _read(Path(path), out)
    order = {name: i for i, name in enumerate(FILES)}
    return sorted(out.problems, key=lambda p: (order.get(p.file, len(order)), p.line))


def _read(root: Path, out: Collector) -> Content | None:
    if not root.exists():
        out.error(str(root), 1, "content folder does not exist")
        return None
    if not root.is_dir():
        out.error(str(root), 1, "expected a folder of content files, got a file")
        return None
    docs = {name: out.parse(root / name, name) for name in FILES}
    session = _session(docs["session.yaml"])
    do_over = _do_over(docs["do_over.yaml"])
    balance = _balance(docs["balance.yaml"])
    impact = _impact(docs["impact.yaml"])
    menu = _menu(docs["menu.yaml"])
    if session is None or do_over is None or balance is None or impact is None or menu is None:
        return None
    return Content(root, session, do_over, balance, impact, menu)


def _unique(doc: Map, items: list[tuple[str, int]], what: str) -> None:
    seen: dict[str, int] = {}
    for value, line in items:
        if value in seen:
            doc.error(line, f"duplicate {what} {value!r} (first given on line {seen[value]})")
        else:
            seen[value] = line


def _prompt(doc: Map, key: str, *, required: bool = True) -> str:
    """A prompt shown to attendees: must be there, and should fit a phone screen."""
    text = doc.text(key, required=required)
    if len(text) > PHONE_PROMPT_CHARS:
        doc.warn(
            doc.line_at(key),
            f"{key!r} is {len(text)} characters; over {PHONE_PROMPT_CHARS} is hard to read on a "
            "phone",
        )
    return text


def _session(doc: Map | None) -> Session | None:
    if doc is None:
        return None
    doc.check_keys(("title", "subtitle", "language", "limits", "room", "labels"))
    title = doc.text("title")
    subtitle = doc.text("subtitle", required=False)
    language = doc.text("language")
    text_max = 2000
    limits = doc.mapping("limits", required=False)
    if limits is not None:
        limits.check_keys(("text_max_chars",))
        text_max = limits.integer("text_max_chars", default=2000, low=1, high=100_000)
    k = 5
    room = doc.mapping("room", required=False)
    if room is not None:
        room.check_keys(("anonymity_k",))
        k = room.integer("anonymity_k", default=5, low=3, high=1000)
    labels: dict[str, str] = {}
    label_map = doc.mapping("labels")
    if label_map is not None:
        label_map.check_keys(LABEL_KEYS)
        for key in LABEL_KEYS:
            labels[key] = label_map.text(key, default=key)
    return Session(title, subtitle, language, Limits(text_max), k, labels)


def _do_over(doc: Map | None) -> DoOverContent | None:
    if doc is None:
        return None
    doc.check_keys(
        ("title", "question", "intro", "nothing_word", "nothing_hint", "follow_up", "contexts")
    )
    contexts: list[DoOverContext] = []
    ids: list[tuple[str, int]] = []
    for item in doc.sequence("contexts", min_items=1).mappings():
        item.check_keys(("id", "label", "prompt", "optional"))
        context = DoOverContext(
            id=item.text("id"),
            label=item.text("label"),
            prompt=_prompt(item, "prompt"),
            optional=item.boolean("optional", default=False),
        )
        ids.append((context.id, item.line_at("id")))
        contexts.append(context)
    _unique(doc, ids, "context id")
    if contexts and all(c.optional for c in contexts):
        doc.error(doc.line_at("contexts"), "'contexts' expected at least one that is not optional")
    return DoOverContent(
        title=doc.text("title"),
        question=_prompt(doc, "question"),
        intro=doc.text("intro", required=False),
        nothing_word=doc.text("nothing_word"),
        nothing_hint=doc.text("nothing_hint", required=False),
        follow_up=_prompt(doc, "follow_up"),
        contexts=tuple(contexts),
    )


def _balance(doc: Map | None) -> BalanceContent | None:
    if doc is None:
        return None
    doc.check_keys(
        (
            "title",
            "intro",
            "scale",
            "out_of_balance",
            "groups",
            "categories",
            "finders_intro",
            "finders",
        )
    )
    scale = Scale(1, 8, "", "")
    scale_map = doc.mapping("scale")
    if scale_map is not None:
        scale_map.check_keys(("min", "max", "low_label", "high_label"))
        low = scale_map.integer("min", default=1, low=0, high=99)
        high = scale_map.integer("max", default=8, low=1, high=100)
        if high - low < 2:
            scale_map.error(
                scale_map.line_at("max"),
                f"'scale.max' expected at least 2 more than 'scale.min' ({low}), got {high}",
            )
            low, high = 1, 8
        scale = Scale(
            low,
            high,
            scale_map.text("low_label", required=False),
            scale_map.text("high_label", required=False),
        )

    rule = BalanceRule(2.0, None)
    rule_map = doc.mapping("out_of_balance")
    if rule_map is not None:
        rule_map.check_keys(("below_mean_by", "floor"))
        below = rule_map.number("below_mean_by", default=2.0, low=0.0)
        floor: int | None = None
        if rule_map.has("floor"):
            floor = rule_map.integer("floor", default=scale.min, low=scale.min, high=scale.max)
        rule = BalanceRule(below, floor)

    group_names: dict[Group, str] = {"professional": "Professional", "personal": "Personal"}
    groups_map = doc.mapping("groups", required=False)
    if groups_map is not None:
        groups_map.check_keys(GROUPS)
        for group in GROUPS:
            group_names[group] = groups_map.text(group, default=group_names[group])

    categories: list[Category] = []
    ids: list[tuple[str, int]] = []
    names: list[tuple[str, int]] = []
    seq = doc.sequence("categories")
    for item in seq.mappings():
        item.check_keys(("id", "name", "group", "description"))
        group_text = item.text("group")
        if group_text and group_text not in GROUPS:
            item.error(
                item.line_at("group"),
                f"'{item.path}.group' expected professional or personal, got {group_text!r}",
            )
        category = Category(
            id=item.text("id"),
            name=item.text("name"),
            group="personal" if group_text == "personal" else "professional",
            description=item.text("description", required=False),
        )
        ids.append((category.id, item.line_at("id")))
        names.append((category.name, item.line_at("name")))
        categories.append(category)
    if seq.nodes and not 4 <= len(seq.nodes) <= 12:
        doc.error(seq.line, f"'categories' expected 4 to 12 categories, got {len(seq.nodes)}")
    _unique(doc, ids, "category id")
    _unique(doc, names, "category name")

    finders: dict[str, tuple[str, ...]] = {}
    finders_map = doc.mapping("finders")
    known = {c.id for c in categories}
    if finders_map is not None:
        for category_id, _node in finders_map.items():
            line = finders_map.key_line(category_id)
            if category_id not in known:
                doc.error(
                    line,
                    f"'finders.{category_id}' names a category that does not exist; "
                    f"known categories: {', '.join(sorted(known)) or 'none'}",
                )
                continue
            texts = finders_map.sequence(category_id, min_items=3).texts()
            _unique(doc, texts, f"finder for {category_id}")
            finders[category_id] = tuple(text for text, _ in texts)
        for category in categories:
            if category.id and category.id not in finders and not finders_map.has(category.id):
                doc.error(
                    finders_map.line,
                    f"'finders' has no balance finders for category {category.id!r}; "
                    "expected at least 3",
                )
    return BalanceContent(
        title=doc.text("title"),
        intro=doc.text("intro", required=False),
        scale=scale,
        rule=rule,
        group_names=group_names,
        categories=tuple(categories),
        finders_intro=doc.text("finders_intro", required=False),
        finders=finders,
    )


def _impact(doc: Map | None) -> ImpactContent | None:
    if doc is None:
        return None
    doc.check_keys(
        (
            "title",
            "intro",
            "whom_prompt",
            "channel_prompt",
            "channels",
            "action_prompt",
            "better_place_question",
        )
    )
    channels: list[Channel] = []
    ids: list[tuple[str, int]] = []
    for item in doc.sequence("channels", min_items=1).mappings():
        item.check_keys(("id", "label", "description"))
        channel = Channel(
            item.text("id"), item.text("label"), item.text("description", required=False)
        )
        ids.append((channel.id, item.line_at("id")))
        channels.append(channel)
    _unique(doc, ids, "channel id")
    return ImpactContent(
        title=doc.text("title"),
        intro=doc.text("intro", required=False),
        whom_prompt=_prompt(doc, "whom_prompt"),
        channel_prompt=_prompt(doc, "channel_prompt"),
        channels=tuple(channels),
        action_prompt=_prompt(doc, "action_prompt"),
        better_place_question=_prompt(doc, "better_place_question"),
    )


def _menu(doc: Map | None) -> MenuContent | None:
    if doc is None:
        return None
    doc.check_keys(
        (
            "title",
            "intro",
            "max_ingredients",
            "ingredients",
            "action_prompt",
            "mantra_prompt",
            "mantra_examples",
        )
    )
    ingredients = doc.sequence("ingredients", min_items=1).texts()
    _unique(doc, ingredients, "ingredient")
    examples = doc.sequence("mantra_examples", min_items=1).texts()
    return MenuContent(
        title=doc.text("title"),
        intro=doc.text("intro", required=False),
        max_ingredients=doc.integer("max_ingredients", default=5, low=1, high=20),
        ingredients=tuple(text for text, _ in ingredients),
        action_prompt=_prompt(doc, "action_prompt"),
        mantra_prompt=_prompt(doc, "mantra_prompt"),
        mantra_examples=tuple(text for text, _ in examples),
    )
