"""Rules for the free-text exercises: the do-over, Passion of Impact and the menu for life."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from workshop.content.exercises import INGREDIENT_MAX_CHARS
from workshop.content.keynote import KeynoteContent
from workshop.errors import AnswerError
from workshop.text import check_name, check_text


def is_nothing(answer: str, nothing_word: str) -> bool:
    """True when the answer is the content's word for "nothing".

    Case, surrounding spaces, quotes and punctuation ("Nothing.", "'nothing'!", "NOTHING…"),
    repeated inner spaces and full-width letters typed on a phone are all set aside.
    """
    cleaned = _bare(answer)
    return bool(cleaned) and cleaned == _bare(nothing_word)


def _bare(text: str) -> str:
    words = unicodedata.normalize("NFKC", text).casefold().split()
    joined = " ".join(words)
    start, end = 0, len(joined)
    while start < end and unicodedata.category(joined[start]).startswith("P"):
        start += 1
    while end > start and unicodedata.category(joined[end - 1]).startswith("P"):
        end -= 1
    return joined[start:end].strip()


@dataclass(frozen=True)
class DoOverAnswer:
    context: str
    answer: str
    first_step: str

    @property
    def answered(self) -> bool:
        return bool(self.answer.strip())


def do_over_status(answers: Sequence[DoOverAnswer], content: KeynoteContent) -> dict[str, str]:
    """For each context: 'done', 'needs_first_step', 'empty' or 'optional'.

    An answer of "Nothing" is complete without a first step; any other answer asks for one.
    """
    by_id = {a.context: a for a in answers}
    status: dict[str, str] = {}
    for context in content.do_over.contexts:
        answer = by_id.get(context.id)
        if answer is None or not answer.answered:
            status[context.id] = "optional" if context.optional else "empty"
        elif is_nothing(answer.answer, content.do_over.nothing_word) or answer.first_step.strip():
            status[context.id] = "done"
        else:
            status[context.id] = "needs_first_step"
    return status


def check_channel(channel_id: str, content: KeynoteContent) -> str:
    if channel_id not in {c.id for c in content.impact.channels}:
        known = ", ".join(c.id for c in content.impact.channels)
        raise AnswerError(f"unknown impact channel {channel_id!r}; expected one of: {known}")
    return channel_id


@dataclass(frozen=True)
class Ingredient:
    name: str
    action: str


def check_menu(
    ingredients: Sequence[Ingredient], content: KeynoteContent
) -> tuple[Ingredient, ...]:
    """Validate a menu: at most `max_ingredients`, no repeats, every text within the limit."""
    menu = content.menu
    limit = content.settings.limits.text_max_chars
    if len(ingredients) > menu.max_ingredients:
        raise AnswerError(
            f"a menu holds at most {menu.max_ingredients} ingredients, not {len(ingredients)}",
            reason="too_many_ingredients",
        )
    seen: set[str] = set()
    for item in ingredients:
        name = item.name.strip()
        if not name:
            raise AnswerError("an ingredient needs a name", reason="ingredient_needs_name")
        if name.casefold() in seen:
            raise AnswerError(
                f"{name!r} is already on your menu", reason="ingredient_on_menu", name=name
            )
        seen.add(name.casefold())
        check_name(item.name, INGREDIENT_MAX_CHARS, "an ingredient name")
        check_text(item.action, limit, f"the action for {name!r}")
    return tuple(ingredients)


def check_mantra(text: str, content: KeynoteContent) -> str:
    """The mantra as typed, if it fits: it heads the card and may go on the room wall, so its
    limit is the wall's (`limits.wall_max_chars`), not a free answer's."""
    return check_text(
        text, content.settings.limits.wall_max_chars, f'"{content.menu.mantra_prompt}"'
    )
