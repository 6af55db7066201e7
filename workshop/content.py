"""Load the workshop content (YAML under `data/`) into frozen dataclasses, validating it all.

Every problem found in a content set is reported at once, each as ``FILE:LINE: message``
where FILE is the content folder joined with the file's name. `load_content` raises
`ContentError` carrying them; `check_content` returns them, warnings included, for
`workshop validate`.

A content set is the files listed in `CONTENT_FILES`, each a (file name, reader) pair. A reader
takes the file's top-level `Map` and returns what it read (or None); more files plug in by
adding a pair, or by passing a longer tuple to `load_content` and `check_content`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal, NamedTuple, TypeVar

from workshop._yamlread import Collector, Map
from workshop.errors import ContentError, Problem

Group = Literal["professional", "personal"]
GROUPS: tuple[Group, ...] = ("professional", "personal")

T = TypeVar("T")

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
    "card_intro",
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
    "too_long",
    "ingredient_needs_name",
    "ingredient_on_menu",
)

#: Below this many answers a room figure can identify a person; smaller values only warn.
ANONYMITY_FLOOR = 3

#: Longest prompt that still reads comfortably on a phone; longer ones are style warnings.
PHONE_PROMPT_CHARS = 160

#: Longest ingredient name an attendee's menu accepts (`reflections.check_menu` holds to it).
INGREDIENT_MAX_CHARS = 200

#: Ids are saved with answers and used as keys: lower-case letters, digits and underscores.
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*")

#: How many balance categories a wheel can show and still be read.
CATEGORY_COUNT = (4, 12)


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
    #: What every reader returned, by file name, including files plugged in beyond these five.
    parts: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    def part(self, name: str, kind: type[T]) -> T:
        """The content read from file `name`, checked to be a `kind`."""
        value = self.parts.get(name)
        if not isinstance(value, kind):
            raise KeyError(f"content file {name!r} expected to give {kind.__name__}, got {value!r}")
        return value


class ContentFile(NamedTuple):
    """One file of a content set and the function that reads its top-level mapping."""

    name: str
    read: Callable[[Map], object | None]
    #: A missing optional file is no problem; its reader is simply not called.
    required: bool = True
    #: Checks this file's references into files read before it: given this file's mapping
    #: (to report on) and what every file read so far gave, by file name.
    cross_check: Callable[[Map, Mapping[str, object]], None] | None = None


#: The English default content shipped with the toolkit; `workshop init` copies it.
SHIPPED_CONTENT = Path(__file__).resolve().parent.parent / "data" / "en"


def default_content_dir() -> Path:
    """The content set to use: `WORKSHOP_CONTENT` if set, else the shipped English default."""
    env = os.environ.get("WORKSHOP_CONTENT")
    if env:
        return Path(env)
    return SHIPPED_CONTENT


def load_content(
    path: Path | str | None = None, files: Sequence[ContentFile] | None = None
) -> Content:
    """Load and validate a content set; raise `ContentError` listing every error found."""
    root = Path(path) if path is not None else default_content_dir()
    files = CONTENT_FILES if files is None else files
    out = Collector()
    content = _read(root, out, files)
    if out.errors or content is None:
        problems = out.errors or [Problem(".", 1, "expected a content set, got nothing readable")]
        raise ContentError(_located(problems, root, files))
    return content


def check_content(path: Path | str, files: Sequence[ContentFile] | None = None) -> list[Problem]:
    """Every error and style warning of a content set, in file order; never raises for content."""
    root = Path(path)
    if files is None:
        # Imported late: they import us.
        from workshop.coaching_content import COACHING_FILES
        from workshop.live_content import LIVE_FILES

        files = (*CONTENT_FILES, *LIVE_FILES, *COACHING_FILES)
    out = Collector()
    _read(root, out, files)
    return _located(out.problems, root, files)


def _located(
    problems: Sequence[Problem], root: Path, files: Sequence[ContentFile]
) -> list[Problem]:
    """Problems in file then line order, each naming the path a trainer can open.

    The folder itself is recorded as "." and so reported as the folder's path.
    """
    order = {f.name: i for i, f in enumerate(files)}
    ordered = sorted(problems, key=lambda p: (order.get(p.file, -1), p.line))
    return [Problem(str(root / p.file), p.line, p.message, p.severity) for p in ordered]


def _read(root: Path, out: Collector, files: Sequence[ContentFile]) -> Content | None:
    try:
        is_dir, exists = root.is_dir(), root.exists()
    except OSError as exc:
        out.error(".", 1, f"expected a readable content folder, got an error: {exc.strerror}")
        return None
    if not exists:
        out.error(".", 1, "expected a folder of content files, got a path that does not exist")
        return None
    if not is_dir:
        out.error(".", 1, "expected a folder of content files, got a file")
        return None
    parts: dict[str, object] = {}
    for file in files:
        if not file.required and not (root / file.name).exists():
            continue
        _hint_misnamed(root, file.name, out)
        doc = out.parse(root / file.name, file.name)
        if doc is not None:
            parts[file.name] = file.read(doc)
            if file.cross_check is not None:
                file.cross_check(doc, parts)
    session = parts.get("session.yaml")
    do_over = parts.get("do_over.yaml")
    balance = parts.get("balance.yaml")
    impact = parts.get("impact.yaml")
    menu = parts.get("menu.yaml")
    if not (
        isinstance(session, Session)
        and isinstance(do_over, DoOverContent)
        and isinstance(balance, BalanceContent)
        and isinstance(impact, ImpactContent)
        and isinstance(menu, MenuContent)
    ):
        return None
    return Content(root, session, do_over, balance, impact, menu, MappingProxyType(parts))


def _hint_misnamed(root: Path, name: str, out: Collector) -> None:
    """A missing `menu.yaml` next to a `menu.yml` is a rename away; say so."""
    stem = name.rsplit(".", 1)[0]
    if not (root / name).exists() and (root / f"{stem}.yml").exists():
        out.error(name, 1, f"expected the file to be named {name}, got {stem}.yml: rename it")


def _unique(doc: Map, items: list[tuple[str, int]], what: str) -> None:
    """Refuse repeats; an empty value was already reported where it was read."""
    seen: dict[str, int] = {}
    for value, line in items:
        if not value:
            continue
        if value in seen:
            doc.error(
                line,
                f"duplicate {what} {value!r}: expected each once, got it again after line "
                f"{seen[value]}",
            )
        else:
            seen[value] = line


def _id(item: Map, what: str) -> str:
    """An id that answers are saved under: required, and a plain lower-case name."""
    value = item.text("id")
    if value and not ID_PATTERN.fullmatch(value):
        item.error(
            item.line_at("id"),
            f"'{item.path}.id' expected a {what} id of lower-case letters, digits and _ "
            f"(like 'family_time'), got {value!r}",
        )
    return value


def _prompt(doc: Map, key: str, *, required: bool = True) -> str:
    """A prompt shown to attendees: must be there, and should fit a phone screen."""
    text = doc.text(key, required=required)
    if len(text) > PHONE_PROMPT_CHARS:
        name = f"{doc.path}.{key}" if doc.path else key
        doc.warn(
            doc.line_at(key),
            f"{name!r} is {len(text)} characters; expected at most {PHONE_PROMPT_CHARS} "
            "to read well on a phone",
        )
    return text


def _session(doc: Map) -> Session:
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
        k = room.integer("anonymity_k", default=5, low=2, high=1000)
        if k < ANONYMITY_FLOOR:
            room.warn(
                room.line_at("anonymity_k"),
                f"'room.anonymity_k' is {k}: below {ANONYMITY_FLOOR}, two attendees can tell "
                "each other's answers apart; use it only to rehearse or test",
            )
    labels: dict[str, str] = {}
    label_map = doc.mapping("labels")
    if label_map is not None:
        label_map.check_keys(LABEL_KEYS)
        for key in LABEL_KEYS:
            labels[key] = label_map.text(key, default=key)
    return Session(title, subtitle, language, Limits(text_max), k, labels)


def _do_over(doc: Map) -> DoOverContent:
    doc.check_keys(
        ("title", "question", "intro", "nothing_word", "nothing_hint", "follow_up", "contexts")
    )
    contexts: list[DoOverContext] = []
    ids: list[tuple[str, int]] = []
    for item in doc.sequence("contexts", min_items=1).mappings():
        item.check_keys(("id", "label", "prompt", "optional"))
        context = DoOverContext(
            id=_id(item, "context"),
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


def read_scale(doc: Map, default: Scale, key: str = "scale") -> Scale:
    """A `scale:` mapping (min, max, labels); the default where it is missing or broken."""
    scale_map = doc.mapping(key)
    if scale_map is None:
        return default
    scale_map.check_keys(("min", "max", "low_label", "high_label"))
    low = scale_map.integer("min", default=default.min, low=0, high=99)
    high = scale_map.integer("max", default=default.max, low=1, high=100)
    if high - low < 2:
        scale_map.error(
            scale_map.line_at("max"),
            f"'{key}.max' expected at least 2 more than '{key}.min' ({low}), got {high}",
        )
        low, high = default.min, default.max
    return Scale(
        low,
        high,
        scale_map.text("low_label", required=False),
        scale_map.text("high_label", required=False),
    )


def _balance(doc: Map) -> BalanceContent:
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
    scale = read_scale(doc, Scale(1, 8, "", ""))

    rule = BalanceRule(2.0, None)
    rule_map = doc.mapping("out_of_balance")
    if rule_map is not None:
        rule_map.check_keys(("below_mean_by", "floor"))
        below = rule_map.number("below_mean_by", default=2.0, low=0.0)
        span = scale.max - scale.min
        if below == 0:
            rule_map.error(
                rule_map.line_at("below_mean_by"),
                "'out_of_balance.below_mean_by' expected more than 0 (0 would flag every "
                "category at or under the mean), got 0",
            )
            below = 2.0
        elif below > span:
            rule_map.warn(
                rule_map.line_at("below_mean_by"),
                f"'out_of_balance.below_mean_by' is {below:g}, more than the scale's range "
                f"({span}): no category can ever be that far below the mean",
            )
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
    elif doc.has("categories"):
        # The defaults are English: in another language's set they would be the only words
        # on the wheel not in that language.
        doc.warn(
            doc.key_line("categories"),
            "'groups' is left out, so the wheel's halves are named in English "
            "('Professional', 'Personal'); name them under 'groups'",
        )

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
            id=_id(item, "category"),
            name=item.text("name"),
            group="personal" if group_text == "personal" else "professional",
            description=item.text("description", required=False),
        )
        ids.append((category.id, item.line_at("id")))
        names.append((category.name, item.line_at("name")))
        categories.append(category)
    fewest, most = CATEGORY_COUNT
    if doc.has("categories") and not fewest <= len(seq.nodes) <= most:
        doc.error(
            seq.line, f"'categories' expected {fewest} to {most} categories, got {len(seq.nodes)}"
        )
    _unique(doc, ids, "category id")
    _unique(doc, names, "category name")
    if len(categories) >= fewest:
        for group in GROUPS:
            if not any(c.group == group for c in categories):
                doc.error(
                    seq.line,
                    f"'categories' expected at least one {group} category, got none: the "
                    "wheel compares professional with personal",
                )

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


def _impact(doc: Map) -> ImpactContent:
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
            _id(item, "channel"), item.text("label"), item.text("description", required=False)
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


def _menu(doc: Map) -> MenuContent:
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
    for name, line in ingredients:
        if len(name) > INGREDIENT_MAX_CHARS:
            doc.error(
                line,
                f"ingredient {name[:30]!r}... expected at most {INGREDIENT_MAX_CHARS} characters "
                f"(an attendee's menu refuses longer names), got {len(name)}",
            )
    examples = doc.sequence("mantra_examples", min_items=1).texts()
    _unique(doc, examples, "mantra example")
    return MenuContent(
        title=doc.text("title"),
        intro=doc.text("intro", required=False),
        max_ingredients=doc.integer("max_ingredients", default=5, low=1, high=20),
        ingredients=tuple(text for text, _ in ingredients),
        action_prompt=_prompt(doc, "action_prompt"),
        mantra_prompt=_prompt(doc, "mantra_prompt"),
        mantra_examples=tuple(text for text, _ in examples),
    )


#: The files of a content set, in the order problems are reported.
CONTENT_FILES: tuple[ContentFile, ...] = (
    ContentFile("session.yaml", _session),
    ContentFile("do_over.yaml", _do_over),
    ContentFile("balance.yaml", _balance),
    ContentFile("impact.yaml", _impact),
    ContentFile("menu.yaml", _menu),
)
FILES = tuple(f.name for f in CONTENT_FILES)
