"""Text as people count it: lengths in user-perceived characters, and the limits on them.

A limit is on what a person sees, so an emoji with a skin tone, a flag or a letter with its
accents counts once. Behind that limit stand two hard caps that no way of typing gets past:
code points and UTF-8 bytes, each a fixed multiple of the limit. Without them one "character"
could carry 200,000 combining marks (a zalgo flood) and still count as one, and the card that
draws it would run for minutes or out of memory. Text over a limit is refused, never cut.
"""

from __future__ import annotations

import unicodedata

import regex

from workshop.errors import AnswerError, TextCharacterError, TextTooLongError

#: Code points allowed per character of the limit. Written languages stay well under it:
#: accented Latin or Vietnamese use at most 3 per character, a Devanagari conjunct 3 to 6 but
#: most letters 1 or 2, and an emoji with a skin tone 2. A line of joined emoji families
#: (7 each) goes over: it is refused with its own message, not cut.
CODE_POINTS_PER_CHARACTER = 4
#: UTF-8 bytes allowed per character of the limit: what the code-point cap allows at the
#: widest UTF-8 takes (4 bytes). It is checked on its own so that what is stored stays bounded
#: (32 KB for a 2,000-character answer) even if the code-point multiple is ever raised.
BYTES_PER_CHARACTER = 16
#: Past this many code points the text is not even counted: it is over every cap there is.
SCAN_MAX = 1_000_000

#: Control characters free text may hold: the tab and the line breaks people type.
TEXT_CONTROLS = frozenset("\t\n\r")
#: Bidirectional embeddings, overrides and isolates: in a name they can make it read as
#: another ("Trojan Source"); in free text they are how mixed right-to-left text is typed.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_CLUSTER = regex.compile(r"\X")


def text_length(text: str) -> int:
    """Length as a person counts it: extended grapheme clusters (Unicode UAX #29).

    An emoji with a skin tone, a family joined by zero-width joiners, a flag or a keycap
    counts once, as does a letter with its accents, however they were typed.
    """
    return sum(1 for _ in _CLUSTER.finditer(text))


def code_point_cap(limit: int) -> int:
    """The most code points text under a limit of `limit` characters may hold."""
    return limit * CODE_POINTS_PER_CHARACTER


def byte_cap(limit: int) -> int:
    """The most UTF-8 bytes text under a limit of `limit` characters may take."""
    return limit * BYTES_PER_CHARACTER


def check_text(text: str, limit: int, field: str) -> str:
    """Return `text` unchanged if it fits `limit`, else raise; never cut.

    Refused: more than `limit` characters (`TextTooLongError`, reason "too_long"), more code
    points or bytes than the caps allow ("too_complex"), and a control character other than
    a tab or a line break (`TextCharacterError`, reason "control_character").
    """
    if not isinstance(text, str):
        raise AnswerError(f"{field} expected text, not {type(text).__name__}")
    if len(text) > code_point_cap(limit):
        _refuse_over_cap(text, limit, field)
    bad = forbidden_character(text, name=False)
    if bad is not None:
        _refuse_character(text, bad, field)
    if len(text.encode("utf-8")) > byte_cap(limit):
        _refuse_over_cap(text, limit, field)
    length = text_length(text)
    if length > limit:
        _refuse_too_long(length, limit, field)
    return text


def check_name(text: str, limit: int, field: str) -> str:
    """A name (a nickname, a rep, an ingredient): text within `limit` with no control at all.

    A name labels rows, charts and greetings on one line, so beyond what free text refuses it
    also refuses tabs, line breaks (including U+2028/U+2029) and bidirectional controls.
    """
    if isinstance(text, str) and len(text) <= code_point_cap(limit):
        bad = forbidden_character(text, name=True)
        if bad is not None:
            _refuse_character(text, bad, field, name=True)
    return check_text(text, limit, field)


def forbidden_character(text: str, *, name: bool) -> int | None:
    """Where the first character `text` may not hold is, or None.

    Free text may not hold control characters (Cc) other than tab, CR and LF, nor lone
    surrogates (which no keyboard types and no file can store). A `name` holds none of those,
    nor line or paragraph separators, nor bidirectional controls.
    """
    for i, ch in enumerate(text):
        category = unicodedata.category(ch)
        if category == "Cs" or (category == "Cc" and (name or ch not in TEXT_CONTROLS)):
            return i
        if name and (category in ("Zl", "Zp") or ch in BIDI_CONTROLS):
            return i
    return None


def describe(ch: str) -> str:
    """A character as a person can look it up: U+0000 and its Unicode name, if it has one."""
    label = f"U+{ord(ch):04X}"
    name = unicodedata.name(ch, "")
    return f"{label} {name}" if name else label


def _refuse_too_long(length: int, limit: int, field: str) -> None:
    raise TextTooLongError(
        f"{field} is {length} characters; the limit is {limit}. "
        f"Shorten it by {length - limit} to save. Nothing was cut.",
        reason="too_long",
        length=length,
        limit=limit,
    )


def _refuse_over_cap(text: str, limit: int, field: str) -> None:
    """Over a hard cap: say so, or that it is too long if that is what a person sees."""
    code_points = len(text)
    if code_points <= SCAN_MAX:
        length = text_length(text)
        if length > limit:
            _refuse_too_long(length, limit, field)
    size = len(text.encode("utf-8", "surrogatepass"))
    max_code_points, max_bytes = code_point_cap(limit), byte_cap(limit)
    raise TextTooLongError(
        f"{field} holds {code_points} code points in {size} bytes; a {limit}-character limit "
        f"allows at most {max_code_points} code points and {max_bytes} bytes. It carries more "
        "accents, joiners or emoji parts than any language needs. Nothing was cut.",
        reason="too_complex",
        code_points=code_points,
        bytes=size,
        max_code_points=max_code_points,
        max_bytes=max_bytes,
    )


def _refuse_character(text: str, at: int, field: str, *, name: bool = False) -> None:
    character = describe(text[at])
    # A name is one line: a line break is one of the characters it may not hold.
    allowed = "letters, marks and spaces" if name else "letters, marks, spaces and line breaks"
    raise TextCharacterError(
        f"{field} holds the control character {character} at position {at + 1}; expected "
        f"{allowed} only. Remove it to save. Nothing was cut.",
        reason="control_character",
        name=character.split(" ", 1)[0],
    )


def wrap_label(text: str, width: int) -> str:
    """Break a label into lines of about `width` characters, at spaces."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)
