"""What every content file shares: how a set of files is read, and the readers they all use.

A content set is a folder of YAML files. Each file is a `ContentFile`: its name and a reader
that takes the file's top-level `Map` and returns what it read. `read_files` reads a tuple of
them, collecting every problem instead of stopping at the first; `located` then names each
problem by the path a trainer can open.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from workshop.content.reader import Collector, Map
from workshop.errors import Problem

#: Ids are saved with answers and used as keys: lower-case letters, digits and underscores.
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*")

#: Longest prompt that still reads comfortably on a phone; longer ones are style warnings.
PHONE_PROMPT_CHARS = 160


class ContentFile(NamedTuple):
    """One file of a content set and the function that reads its top-level mapping."""

    name: str
    read: Callable[[Map], object | None]
    #: A missing optional file is no problem; its reader is simply not called.
    required: bool = True
    #: Checks this file's references into files read before it: given this file's mapping
    #: (to report on) and what every file read so far gave, by file name.
    cross_check: Callable[[Map, Mapping[str, object]], None] | None = None


@dataclass(frozen=True)
class Scale:
    min: int
    max: int
    low_label: str
    high_label: str

    @property
    def values(self) -> range:
        return range(self.min, self.max + 1)


def default_content_dir() -> Path:
    """The content set to use: `WORKSHOP_CONTENT` if set, else the shipped English default."""
    from workshop.shipped import content_dir

    env = os.environ.get("WORKSHOP_CONTENT")
    return Path(env) if env else content_dir("en")


# -- reading a set of files ---------------------------------------------------------------------


def read_files(root: Path, out: Collector, files: Sequence[ContentFile]) -> dict[str, object]:
    """What each file's reader gave, by file name; problems go to `out`.

    A file that cannot be parsed, or an optional file that is absent, gives nothing.
    """
    try:
        is_dir, exists = root.is_dir(), root.exists()
    except OSError as exc:
        out.error(".", 1, f"expected a readable content folder, got an error: {exc.strerror}")
        return {}
    if not exists:
        out.error(".", 1, "expected a folder of content files, got a path that does not exist")
        return {}
    if not is_dir:
        out.error(".", 1, "expected a folder of content files, got a file")
        return {}
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
    return parts


def located(problems: Sequence[Problem], root: Path, files: Sequence[ContentFile]) -> list[Problem]:
    """Problems in file then line order, each naming the path a trainer can open.

    The folder itself is recorded as "." and so reported as the folder's path.
    """
    order = {f.name: i for i, f in enumerate(files)}
    ordered = sorted(problems, key=lambda p: (order.get(p.file, -1), p.line))
    return [Problem(str(root / p.file), p.line, p.message, p.severity) for p in ordered]


def _hint_misnamed(root: Path, name: str, out: Collector) -> None:
    """A missing `menu.yaml` next to a `menu.yml` is a rename away; say so."""
    stem = name.rsplit(".", 1)[0]
    if not (root / name).exists() and (root / f"{stem}.yml").exists():
        out.error(name, 1, f"expected the file to be named {name}, got {stem}.yml: rename it")


# -- readers every file uses --------------------------------------------------------------------


def unique(doc: Map, items: Sequence[tuple[str, int]], what: str, fold: bool = False) -> None:
    """Refuse repeats (ignoring case with `fold`); an empty value was reported where read."""
    seen: dict[str, int] = {}
    for value, line in items:
        if not value:
            continue
        key = value.casefold() if fold else value
        if key in seen:
            doc.error(
                line,
                f"duplicate {what} {value!r}: expected each once, got it again after line "
                f"{seen[key]}",
            )
        else:
            seen[key] = line


def item_id(item: Map, what: str) -> str:
    """An id that answers are saved under: required, and a plain lower-case name."""
    value = item.text("id")
    if value and not ID_PATTERN.fullmatch(value):
        item.error(
            item.line_at("id"),
            f"'{item.path}.id' expected a {what} id of lower-case letters, digits and _ "
            f"(like 'family_time'), got {value!r}",
        )
    return value


def prompt(doc: Map, key: str, *, required: bool = True) -> str:
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


#: What a finished sentence ends with, before any closing quote or bracket.
SENTENCE_END = frozenset(".!?…。\uff01\uff1f")
#: What may follow a sentence's end: closing quotes and brackets.
_CLOSERS = "\"'\u201d\u2019»)]\uff09」』"


def ends_sentence(text: str) -> bool:
    """Whether `text` ends as a sentence does ("... do it." or "... «hazlo».")."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def unfinished_sentences(doc: Map, items: Sequence[tuple[str, int, str]], what: str) -> None:
    """Warn of a text that stops without the closing punctuation its siblings have: a sentence
    cut short ("Hitting your numbers and being proud of how") reads as finished to no one.

    `items` are (text, line, name) of sibling texts; the rule applies only where most of the
    given ones (two at least) end as sentences, so a set written without full stops is fine.
    """
    given = [item for item in items if item[0].strip()]
    finished = sum(ends_sentence(text) for text, _line, _name in given)
    if finished < 2 or finished * 2 < len(given):
        return
    for text, line, name in given:
        if not ends_sentence(text):
            tail = " ".join(text.split()[-4:])
            doc.warn(
                line,
                f"{name!r} ends without the closing punctuation the other {what} have "
                f"(…{tail}): is the sentence cut short? End it as the others end",
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


def _fields(text: str) -> set[str] | None:
    """The {fill-in} names a template uses, or None when its braces do not parse."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def template_text(doc: Map, key: str, allowed: tuple[str, ...]) -> str:
    """A text whose {fill-ins} must be among `allowed`; a problem otherwise (the key is kept)."""
    text = doc.text(key)
    used = _fields(text)
    name = f"{doc.path}.{key}" if doc.path else key
    if used is None:
        doc.error(
            doc.line_at(key),
            f"{name!r} has an unmatched {{ or }}; write {{{{ or }}}} for a literal brace",
        )
        return key
    unknown = sorted(used - set(allowed))
    if unknown:
        known = ", ".join("{" + a + "}" for a in allowed) or "none"
        doc.error(
            doc.line_at(key),
            f"{name!r} uses unknown fill-in {', '.join('{' + u + '}' for u in unknown)}; "
            f"it may use: {known}",
        )
        return key
    return text


def labels(
    doc: Map,
    fields: Mapping[str, tuple[str, ...] | None],
    added: Mapping[str, str] | None = None,
    added_fields: Mapping[str, tuple[str, ...]] | None = None,
    optional: Sequence[str] = (),
) -> dict[str, str]:
    """A `labels:` mapping with every key of `fields`; a key's fill-ins, when given, are checked.

    A key whose fields are None is plain text (braces and all); a tuple names the fill-ins
    the template may use. A missing mapping or key keeps the key itself as its wording.

    `added` holds labels a newer toolkit added, with their English wording: a content set
    written before them still validates, with a warning that names each one to translate. An
    added label that is a template names its fill-ins in `added_fields`.

    `optional` keys (a plural form English has no use for) are read when given, with their
    fill-ins from `added_fields`, and left out of the result when not.
    """
    added = added or {}
    found = {key: key for key in fields} | dict(added)
    label_map = doc.mapping("labels")
    if label_map is None:
        return found
    label_map.check_keys((*fields, *added, *optional))
    for key in optional:
        if label_map.has(key):
            allowed = (added_fields or {}).get(key)
            found[key] = template_text(label_map, key, allowed) if allowed else label_map.text(key)
    for key, text in added.items():
        allowed = (added_fields or {}).get(key)
        if label_map.has(key):
            found[key] = template_text(label_map, key, allowed) if allowed else label_map.text(key)
        else:
            label_map.warn(
                label_map.line,
                f"'labels.{key}' is missing, so it shows in English ({text!r}); add it in "
                "the content's language",
            )
    for key, allowed in fields.items():
        if allowed is None:
            found[key] = label_map.text(key, default=key)
        else:
            found[key] = template_text(label_map, key, allowed)
    return found
