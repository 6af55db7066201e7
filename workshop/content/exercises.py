"""The four keynote exercises as content: the do-over, the balance wheel, impact and the menu.

Each file's reader checks what it reads and reports every problem as ``FILE:LINE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from workshop.content.base import (
    Scale,
    item_id,
    prompt,
    read_scale,
    unfinished_sentences,
    unique,
)
from workshop.content.reader import Map

Group = Literal["professional", "personal"]
GROUPS: tuple[Group, ...] = ("professional", "personal")

#: Longest ingredient name an attendee's menu accepts (`reflections.check_menu` holds to it).
INGREDIENT_MAX_CHARS = 200

#: How many balance categories a wheel can show and still be read.
CATEGORY_COUNT = (4, 12)


# -- the do-over --------------------------------------------------------------------------------


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


def read_do_over(doc: Map) -> DoOverContent:
    doc.check_keys(
        ("title", "question", "intro", "nothing_word", "nothing_hint", "follow_up", "contexts")
    )
    contexts: list[DoOverContext] = []
    ids: list[tuple[str, int]] = []
    for item in doc.sequence("contexts", min_items=1).mappings():
        item.check_keys(("id", "label", "prompt", "optional"))
        context = DoOverContext(
            id=item_id(item, "context"),
            label=item.text("label"),
            prompt=prompt(item, "prompt"),
            optional=item.boolean("optional", default=False),
        )
        ids.append((context.id, item.line_at("id")))
        contexts.append(context)
    unique(doc, ids, "context id")
    if contexts and all(c.optional for c in contexts):
        doc.error(doc.line_at("contexts"), "'contexts' expected at least one that is not optional")
    return DoOverContent(
        title=doc.text("title"),
        question=prompt(doc, "question"),
        intro=doc.text("intro", required=False),
        nothing_word=doc.text("nothing_word"),
        nothing_hint=doc.text("nothing_hint", required=False),
        follow_up=prompt(doc, "follow_up"),
        contexts=tuple(contexts),
    )


# -- the balance wheel --------------------------------------------------------------------------


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


def read_balance(doc: Map) -> BalanceContent:
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
    rule = _balance_rule(doc, scale)
    group_names = _group_names(doc)
    categories = _categories(doc)
    return BalanceContent(
        title=doc.text("title"),
        intro=doc.text("intro", required=False),
        scale=scale,
        rule=rule,
        group_names=group_names,
        categories=categories,
        finders_intro=doc.text("finders_intro", required=False),
        finders=_finders(doc, categories),
    )


def _balance_rule(doc: Map, scale: Scale) -> BalanceRule:
    rule_map = doc.mapping("out_of_balance")
    if rule_map is None:
        return BalanceRule(2.0, None)
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
    return BalanceRule(below, floor)


def _group_names(doc: Map) -> dict[Group, str]:
    names: dict[Group, str] = {"professional": "Professional", "personal": "Personal"}
    groups_map = doc.mapping("groups", required=False)
    if groups_map is not None:
        groups_map.check_keys(GROUPS)
        for group in GROUPS:
            names[group] = groups_map.text(group, default=names[group])
    elif doc.has("categories"):
        # The defaults are English: in another language's set they would be the only words
        # on the wheel not in that language.
        doc.warn(
            doc.key_line("categories"),
            "'groups' is left out, so the wheel's halves are named in English "
            "('Professional', 'Personal'); name them under 'groups'",
        )
    return names


def _categories(doc: Map) -> tuple[Category, ...]:
    categories: list[Category] = []
    ids: list[tuple[str, int]] = []
    names: list[tuple[str, int]] = []
    descriptions: list[tuple[str, int, str]] = []
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
            id=item_id(item, "category"),
            name=item.text("name"),
            group="personal" if group_text == "personal" else "professional",
            description=item.text("description", required=False),
        )
        ids.append((category.id, item.line_at("id")))
        names.append((category.name, item.line_at("name")))
        if item.has("description"):
            where = (item.line_at("description"), f"{item.path}.description")
            descriptions.append((category.description, *where))
        categories.append(category)
    fewest, most = CATEGORY_COUNT
    if doc.has("categories") and not fewest <= len(seq.nodes) <= most:
        doc.error(
            seq.line, f"'categories' expected {fewest} to {most} categories, got {len(seq.nodes)}"
        )
    unique(doc, ids, "category id")
    unique(doc, names, "category name")
    unfinished_sentences(doc, descriptions, "category descriptions")
    if len(categories) >= fewest:
        for group in GROUPS:
            if not any(c.group == group for c in categories):
                doc.error(
                    seq.line,
                    f"'categories' expected at least one {group} category, got none: the "
                    "wheel compares professional with personal",
                )
    return tuple(categories)


def _finders(doc: Map, categories: tuple[Category, ...]) -> dict[str, tuple[str, ...]]:
    finders: dict[str, tuple[str, ...]] = {}
    finders_map = doc.mapping("finders")
    if finders_map is None:
        return finders
    known = {c.id for c in categories}
    for category_id, _node in finders_map.items():
        if category_id not in known:
            doc.error(
                finders_map.key_line(category_id),
                f"'finders.{category_id}' names a category that does not exist; "
                f"known categories: {', '.join(sorted(known)) or 'none'}",
            )
            continue
        texts = finders_map.sequence(category_id, min_items=3).texts()
        unique(doc, texts, f"finder for {category_id}")
        finders[category_id] = tuple(text for text, _ in texts)
    for category in categories:
        if category.id and category.id not in finders and not finders_map.has(category.id):
            doc.error(
                finders_map.line,
                f"'finders' has no balance finders for category {category.id!r}; "
                "expected at least 3",
            )
    return finders


# -- Passion of Impact --------------------------------------------------------------------------


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


def read_impact(doc: Map) -> ImpactContent:
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
    descriptions: list[tuple[str, int, str]] = []
    ids: list[tuple[str, int]] = []
    for item in doc.sequence("channels", min_items=1).mappings():
        item.check_keys(("id", "label", "description"))
        channel = Channel(
            item_id(item, "channel"), item.text("label"), item.text("description", required=False)
        )
        ids.append((channel.id, item.line_at("id")))
        channels.append(channel)
        if item.has("description"):
            where = (item.line_at("description"), f"{item.path}.description")
            descriptions.append((channel.description, *where))
    unique(doc, ids, "channel id")
    unfinished_sentences(doc, descriptions, "channel descriptions")
    return ImpactContent(
        title=doc.text("title"),
        intro=doc.text("intro", required=False),
        whom_prompt=prompt(doc, "whom_prompt"),
        channel_prompt=prompt(doc, "channel_prompt"),
        channels=tuple(channels),
        action_prompt=prompt(doc, "action_prompt"),
        better_place_question=prompt(doc, "better_place_question"),
    )


# -- the menu for life --------------------------------------------------------------------------


@dataclass(frozen=True)
class MenuContent:
    title: str
    intro: str
    max_ingredients: int
    ingredients: tuple[str, ...]
    action_prompt: str
    mantra_prompt: str
    mantra_examples: tuple[str, ...]


def read_menu(doc: Map) -> MenuContent:
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
    unique(doc, ingredients, "ingredient")
    for name, line in ingredients:
        if len(name) > INGREDIENT_MAX_CHARS:
            doc.error(
                line,
                f"ingredient {name[:30]!r}... expected at most {INGREDIENT_MAX_CHARS} characters "
                f"(an attendee's menu refuses longer names), got {len(name)}",
            )
    examples = doc.sequence("mantra_examples", min_items=1).texts()
    unique(doc, examples, "mantra example")
    return MenuContent(
        title=doc.text("title"),
        intro=doc.text("intro", required=False),
        max_ingredients=doc.integer("max_ingredients", default=5, low=1, high=20),
        ingredients=tuple(text for text, _ in ingredients),
        action_prompt=prompt(doc, "action_prompt"),
        mantra_prompt=prompt(doc, "mantra_prompt"),
        mantra_examples=tuple(text for text, _ in examples),
    )
