"""Plural forms by language: the one rule for every count the toolkit puts into words.

CLDR's plural rules, through Babel: a count takes one of a language's categories ("one",
"few", "many"... and "other", which every language has). The live room's labels give a form per
category as a suffixed key (``answered_count_one``), the coaching labels as a mapping
(``{one: ..., other: ...}``); both ask `plural_form` which one a count takes.

Babel is imported when a rule is first needed, and each language's rule is parsed once.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.plural import PluralRule

#: The category every language has: the form for most counts, and for anything not a number.
OTHER = "other"
#: CLDR's categories, in its order.
CATEGORIES = ("zero", "one", "two", "few", "many", OTHER)


def is_language(code: str) -> bool:
    """Whether `code` names a language CLDR knows (en, es, pt_BR; pt-BR as well)."""
    return _rule(code) is not None


def plural_form(language: str, n: object) -> str:
    """The plural category of the count `n` in `language` ("one", "few", "other"...).

    A language CLDR does not know counts as English does; anything but a number (a bool
    included) takes "other", as no language's rules are for it.
    """
    if isinstance(n, bool) or not isinstance(n, int | float):
        return OTHER
    rule = _rule(language) or _rule("en")
    assert rule is not None  # Babel always knows English
    return str(rule(n))


@cache
def plural_forms(language: str) -> tuple[str, ...]:
    """The categories `language` has, in CLDR's order ("other" last); English's if unknown."""
    rule = _rule(language) or _rule("en")
    assert rule is not None
    return tuple(c for c in CATEGORIES if c in rule.tags or c == OTHER)


@cache
def _rule(language: str) -> PluralRule | None:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.replace("-", "_")).plural_form
    except (UnknownLocaleError, ValueError, TypeError):
        return None
