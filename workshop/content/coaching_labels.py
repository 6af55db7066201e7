"""Every word the coaching views show, by key: the labels a content set defines, those added
since (with their English wording, so a trainer's older set still loads, with a warning naming
each to translate), and plural forms.

A label with a ``{count}`` may be written as one text, or as its plural forms for the content's
language (``one``, ``other``; ``few``, ``many``... as the language has them: CLDR's rules, in
`workshop.plurals`, which the live room's counts use too):
``{one: "{count} fix", other: "{count} fixes"}``. ``other`` is required.
"""

from __future__ import annotations

from workshop.content.base import template_text
from workshop.content.coaching_keys import ADDED, FIELDS
from workshop.content.reader import Map
from workshop.plurals import plural_forms

#: The keys a content set written before them may leave out.
_OPTIONAL = frozenset(key for key, _, _ in ADDED)


def read_labels(doc: Map, language: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The ``labels`` mapping: a text per key (a plural label's ``other`` form), and the plural
    forms of the labels written with them. A key missing from `ADDED` keeps its English
    wording, with a warning; one missing from `LABELS` is an error."""
    texts = {key: key for key in FIELDS} | {key: english for key, _, english in ADDED}
    plurals: dict[str, dict[str, str]] = {}
    found = doc.mapping("labels")
    if found is None:
        return texts, plurals
    found.check_keys(tuple(FIELDS))
    categories = plural_forms(language)
    for key, fields in FIELDS.items():
        if not found.has(key):
            if key in _OPTIONAL:
                found.warn(
                    found.line,
                    f"'labels.{key}' is missing, so it shows in English ({texts[key]!r}); add "
                    "it in the content's language",
                )
                continue
            found.error(found.line, f"missing key 'labels.{key}' (expected it in 'labels')")
            continue
        forms = found.mapping(key, required=False) if _is_mapping(found, key) else None
        if forms is None:
            texts[key] = template_text(found, key, fields)
            continue
        plurals[key] = _plural_forms(forms, key, fields, categories)
        texts[key] = plurals[key].get("other", key)
    return texts, plurals


def _is_mapping(found: Map, key: str) -> bool:
    import yaml

    return isinstance(found.entries[key][1], yaml.MappingNode)


def _plural_forms(
    forms: Map, key: str, fields: tuple[str, ...], categories: tuple[str, ...]
) -> dict[str, str]:
    if "count" not in fields:
        forms.error(
            forms.line,
            f"'labels.{key}' has no {{count}}, so it takes one text, not plural forms",
        )
        return {}
    forms.check_keys(categories)
    read = {
        category: template_text(forms, category, fields)
        for category in categories
        if forms.has(category)
    }
    if "other" not in read:
        forms.error(
            forms.line, f"'labels.{key}' expected its 'other' form, the one for most counts"
        )
    return read
