"""Rules for the free-text exercises: the do-over, Passion of Impact and the menu for life."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from workshop.content import Content
from workshop.errors import AnswerError, TextTooLongError


def text_length(text: str) -> int:
    """Length as a person counts it: user-perceived characters, after NFC normalisation.

    An emoji with a skin tone or a flag counts once, not as its several code points.
    """
    normal = unicodedata.normalize("NFC", text)
    return sum(1 for ch in normal if not _is_extender(ch))


def _is_extender(ch: str) -> bool:
    # Combining marks, zero-width joiners and emoji modifiers/selectors ride on the previous char.
    if unicodedata.combining(ch):
        return True
    code = ord(ch)
    return code == 0x200D or 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF


def check_text(text: str, limit: int, field: str) -> str:
    """Return `text` unchanged if it fits `limit`, else raise `TextTooLongError`; never cut."""
    if not isinstance(text, str):
        raise AnswerError(f"{field} expected text, not {type(text).__name__}")
    length = text_length(text)
    if length > limit:
        raise TextTooLongError(
            f"{field} is {length} characters; the limit is {limit}. "
            f"Shorten it by {length - limit} to save. Nothing was cut."
        )
    return text


def is_nothing(answer: str, nothing_word: str) -> bool:
    """True when the answer is the content's word for "nothing" (case and punctuation aside)."""
    cleaned = answer.strip().strip(".!").casefold()
    return bool(cleaned) and cleaned == nothing_word.casefold()


@dataclass(frozen=True)
class DoOverAnswer:
    context: str
    answer: str
    first_step: str

    @property
    def answered(self) -> bool:
        return bool(self.answer.strip())


def do_over_status(answers: Sequence[DoOverAnswer], content: Content) -> dict[str, str]:
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


def check_channel(channel_id: str, content: Content) -> str:
    if channel_id not in {c.id for c in content.impact.channels}:
        known = ", ".join(c.id for c in content.impact.channels)
        raise AnswerError(f"unknown impact channel {channel_id!r}; expected one of: {known}")
    return channel_id


@dataclass(frozen=True)
class Ingredient:
    name: str
    action: str


def check_menu(ingredients: Sequence[Ingredient], content: Content) -> tuple[Ingredient, ...]:
    """Validate a menu: at most `max_ingredients`, no repeats, every text within the limit."""
    menu = content.menu
    limit = content.session.limits.text_max_chars
    if len(ingredients) > menu.max_ingredients:
        raise AnswerError(
            f"a menu holds at most {menu.max_ingredients} ingredients, not {len(ingredients)}"
        )
    seen: set[str] = set()
    for item in ingredients:
        name = item.name.strip()
        if not name:
            raise AnswerError("an ingredient needs a name")
        if name.casefold() in seen:
            raise AnswerError(f"{name!r} is already on your menu")
        seen.add(name.casefold())
        check_text(item.name, 200, "an ingredient name")
        check_text(item.action, limit, f"the action for {name!r}")
    return tuple(ingredients)
