"""Text as people count it: lengths in user-perceived characters, and the limits on them.

A limit is on what a person sees, so an emoji with a skin tone, a flag or a letter with its
accents counts once. Text over a limit is refused, never cut.
"""

from __future__ import annotations

import unicodedata

from workshop.errors import AnswerError, TextTooLongError


def text_length(text: str) -> int:
    """Length as a person counts it: user-perceived characters, after NFC normalisation.

    Follows the extended grapheme clusters of Unicode (UAX #29): an emoji with a skin tone, a
    family joined by zero-width joiners, a flag or a keycap counts once, as does a letter
    with its accents.
    """
    count = 0
    prev = ""
    regional_run = 0  # regional indicators seen in a row: flags pair them up
    pictographic = False  # inside an emoji, possibly followed by modifiers
    joined = False  # the emoji so far ends with a zero-width joiner
    for ch in unicodedata.normalize("NFC", text):
        kind = _cluster_kind(ch)
        if not prev or _breaks(prev, kind, regional_run, joined):
            count += 1
        regional_run = regional_run + 1 if kind == "RI" else 0
        joined = kind == "ZWJ" and pictographic
        pictographic = kind == "Pict" or (pictographic and kind == "Extend")
        prev = kind
    return count


_HANGUL_FOLLOWS = {
    "L": ("L", "V", "LV", "LVT"),
    "LV": ("V", "T"),
    "V": ("V", "T"),
    "LVT": ("T",),
    "T": ("T",),
}


def _breaks(prev: str, kind: str, regional_run: int, joined: bool) -> bool:
    """Whether a new user-perceived character starts between `prev` and `kind`."""
    if prev == "CR" and kind == "LF":
        return False
    if prev in ("CR", "LF", "Control") or kind in ("CR", "LF", "Control"):
        return True
    if kind in _HANGUL_FOLLOWS.get(prev, ()):
        return False
    if kind in ("Extend", "ZWJ", "SpacingMark"):
        return False
    if prev == "ZWJ" and kind == "Pict" and joined:
        return False
    return not (prev == kind == "RI" and regional_run % 2 == 1)


def _cluster_kind(ch: str) -> str:
    """The grapheme-break property of `ch`, close enough for counting what people type."""
    code = ord(ch)
    category = unicodedata.category(ch)
    if ch in "\r\n":
        return "CR" if ch == "\r" else "LF"
    if code == 0x200D:
        return "ZWJ"
    if (
        category in ("Mn", "Me")
        or code == 0x200C
        or 0x1F3FB <= code <= 0x1F3FF  # skin tones
        or 0xE0020 <= code <= 0xE007F  # tags (subdivision flags)
        or 0xFF9E <= code <= 0xFF9F
    ):
        return "Extend"
    if 0x1F1E6 <= code <= 0x1F1FF:
        return "RI"
    if category in ("Cc", "Cf", "Zl", "Zp"):
        return "Control"
    if category == "Mc":
        return "SpacingMark"
    if 0x1100 <= code <= 0x115F or 0xA960 <= code <= 0xA97C:
        return "L"
    if 0x1160 <= code <= 0x11A7 or 0xD7B0 <= code <= 0xD7C6:
        return "V"
    if 0x11A8 <= code <= 0x11FF or 0xD7CB <= code <= 0xD7FB:
        return "T"
    if 0xAC00 <= code <= 0xD7A3:
        return "LV" if (code - 0xAC00) % 28 == 0 else "LVT"
    if category == "So" or 0x1F000 <= code <= 0x1FFFD or code in (0xA9, 0xAE, 0x203C, 0x2049):
        return "Pict"
    return "Other"


def check_text(text: str, limit: int, field: str) -> str:
    """Return `text` unchanged if it fits `limit`, else raise `TextTooLongError`; never cut."""
    if not isinstance(text, str):
        raise AnswerError(f"{field} expected text, not {type(text).__name__}")
    length = text_length(text)
    if length > limit:
        raise TextTooLongError(
            f"{field} is {length} characters; the limit is {limit}. "
            f"Shorten it by {length - limit} to save. Nothing was cut.",
            reason="too_long",
            length=length,
            limit=limit,
        )
    return text


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
