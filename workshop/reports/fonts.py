"""The fonts a card is set in, and what they cannot print.

Every font comes from a package that `make` installs (matplotlib's own DejaVu Sans, then Noto
from `manimgx-fonts` and `noto-cjk-sans-jp-regular`), never from the machine or the network,
so a card prints the same everywhere. matplotlib falls back through the family list glyph by
glyph, and from 3.11 shapes text with libraqm: Arabic joins, Hebrew and Arabic run right to
left, Devanagari forms its conjuncts. A character no font has, or one whose script needs
shaping where matplotlib cannot shape, is never drawn as a box or a wrong glyph: `printable`
swaps it for a marker, and the card says in a footnote what was left out.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import regex

#: Upright and bold faces for Latin, Greek and Cyrillic (and Hebrew, Arabic), from matplotlib.
PRIMARY = "DejaVu Sans"
#: Fallbacks, in the order a missing glyph is looked for. Each is (family, module, file).
FALLBACKS: tuple[tuple[str, str, str], ...] = (
    ("Noto Sans", "manimgx_fonts", "NotoSans[wght].ttf"),
    ("Noto Sans Hebrew", "manimgx_fonts", "NotoSansHebrew[wght].ttf"),
    ("Noto Sans Arabic", "manimgx_fonts", "NotoSansArabic[wght].ttf"),
    ("Noto Sans CJK JP", "noto_cjk_sans_jp_regular", "NotoSansCJKjp-Regular.otf"),
    *(
        (f"Noto Sans {script}", "manimgx_fonts", f"NotoSans{script}[wght].ttf")
        for script in (
            "Devanagari",
            "Bengali",
            "Gujarati",
            "Gurmukhi",
            "Kannada",
            "Malayalam",
            "Oriya",
            "Tamil",
            "Telugu",
            "Sinhala",
            "Thai",
            "Lao",
            "Khmer",
            "Myanmar",
            "Armenian",
            "Georgian",
            "Ethiopic",
        )
    ),
    ("Noto Sans Symbols", "manimgx_fonts", "NotoSansSymbols[wght].ttf"),
    ("Noto Emoji", "manimgx_fonts", "NotoEmoji[wght].ttf"),
)
FAMILIES = (PRIMARY, *(family for family, _module, _file in FALLBACKS))
#: What stands on the card where a character could not be printed; the footnote explains it.
MARKER = "[*]"
#: Scripts whose letters change shape or order with their neighbours: without a shaper
#: (matplotlib before 3.11) they would print unjoined or backwards, so they are left out.
_NEEDS_SHAPING = regex.compile(
    r"[\p{Arabic}\p{Hebrew}\p{Syriac}\p{Thaana}\p{Nko}\p{Devanagari}\p{Bengali}\p{Gurmukhi}"
    r"\p{Gujarati}\p{Oriya}\p{Tamil}\p{Telugu}\p{Kannada}\p{Malayalam}\p{Sinhala}\p{Thai}"
    r"\p{Lao}\p{Tibetan}\p{Myanmar}\p{Khmer}\p{Mongolian}]"
)
_CLUSTER = regex.compile(r"\X")
_JOINER = regex.compile(r"[\u200c\u200d]")
_EMOJI = regex.compile(r"\p{Extended_Pictographic}")
#: What may stand between an emoji and the joiner after it: a selector, a skin tone, tags.
_EMOJI_TAIL = regex.compile(r"[\ufe0f\p{Emoji_Modifier}\U000e0020-\U000e007f]")
_JOINING_SCRIPT = regex.compile(
    _NEEDS_SHAPING.pattern.replace(r"\p{Hebrew}", "").rstrip("]") + r"\p{Mn}]"
)
_INVISIBLE = regex.compile(r"[\p{Default_Ignorable_Code_Point}\p{Cc}]")
_SCRIPT_WORD = regex.compile(
    r"^(.+?) (?:CAPITAL |SMALL )?(?:LETTER|SYLLABLE|DIGIT|SIGN|VOWEL|CONSONANT|CHARACTER|"
    r"IDEOGRAPH|MARK|NUMBER|PUNCTUATION|SYMBOL|LIGATURE)\b"
)


class FontMissingError(RuntimeError):
    """A font package the card needs is not installed; `make` installs every one."""


@dataclass(frozen=True)
class Printable:
    """Text as the card can draw it, and what was left out of it (by script, or U+ code)."""

    text: str
    left_out: frozenset[str] = frozenset()


def font_files() -> dict[str, Path]:
    """Each fallback family's file, inside its installed package."""
    import importlib.util

    files = {}
    for family, module, name in FALLBACKS:
        spec = importlib.util.find_spec(module)
        if spec is None or spec.origin is None:
            raise FontMissingError(
                f"the card's font {family!r} expected the package {module!r}; it is not "
                "installed (run `make .venv/.installed`, or pip install the toolkit again)"
            )
        files[family] = Path(spec.origin).parent / name
    return files


@cache
def install() -> tuple[str, ...]:
    """Make the fonts known to matplotlib, once per process; returns the family list.

    A machine may have fonts of the same family names (Debian's Noto, say). Those are set
    aside for these families, so the card is drawn from the packaged files alone.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    ours = font_files()
    wanted = {family: str(path.resolve()) for family, path in ours.items()}
    for path in wanted.values():
        manager.addfont(path)
    manager.ttflist = [
        entry
        for entry in manager.ttflist
        if entry.name not in wanted or str(Path(entry.fname).resolve()) == wanted[entry.name]
    ]
    manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]
    return FAMILIES


@contextmanager
def card_fonts() -> Iterator[tuple[str, ...]]:
    """Inside: every text matplotlib creates or draws takes the card's fonts, and only them.

    matplotlib looks a font up for each family of the list, each size and weight, scoring
    every font it knows: with a machine's hundreds that was most of a card's time. Inside,
    it knows only the card's families (and finds nothing else by accident); its lookup
    cache is emptied on the way in and out, as its key does not say which fonts it knew.
    """
    import logging

    import matplotlib
    from matplotlib import font_manager

    families = install()
    manager = font_manager.fontManager
    everything = manager.ttflist
    find = _find_once(manager._find_fonts_by_props)
    previous = vars(manager).get("_find_fonts_by_props")  # set by an enclosing card_fonts
    # "Failed to find font weight bold for Noto Emoji": the regular face is the right one.
    quiet = logging.getLogger("matplotlib.font_manager")
    level = quiet.level
    try:
        manager.ttflist = [entry for entry in everything if entry.name in families]
        manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]
        manager._find_fonts_by_props = find  # type: ignore[method-assign]
        quiet.setLevel(logging.ERROR)
        with matplotlib.rc_context({"font.family": list(families)}):
            yield families
    finally:
        quiet.setLevel(level)
        if previous is None:
            del manager._find_fonts_by_props  # the class's own again
        else:
            manager._find_fonts_by_props = previous  # type: ignore[method-assign]
        manager.ttflist = everything
        manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]


def _find_once(find: Callable[..., Any]) -> Callable[..., Any]:
    """matplotlib's font lookup, remembered by what decides it: the families, style and
    weight of a text, not its size (looked up per text measured, it was half a card's time)."""
    from matplotlib.font_manager import FontProperties

    found: dict[tuple[object, ...], Any] = {}

    def find_once(prop: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(prop, FontProperties):
            return find(prop, *args, **kwargs)
        key = (
            tuple(prop.get_family()),
            prop.get_style(),
            prop.get_weight(),
            prop.get_stretch(),
            prop.get_file(),
            args,
            tuple(kwargs.items()),
        )
        if key not in found:
            found[key] = find(prop, *args, **kwargs)
        return found[key]

    return find_once


@cache
def coverage() -> tuple[frozenset[int], ...]:
    """The code points each font of the card has a glyph for, in fallback order.

    The first is what all four DejaVu Sans faces have (a bold italic mantra takes the same
    fallbacks as plain text only for what every face can draw).
    """
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    install()
    faces = [
        font_manager.findfont(
            font_manager.FontProperties(family=PRIMARY, weight=weight, style=style),
            fallback_to_default=False,
        )
        for weight in ("normal", "bold")
        for style in ("normal", "italic")
    ]
    primary = frozenset.intersection(*(frozenset(FT2Font(f).get_charmap()) for f in faces))
    rest = (frozenset(FT2Font(str(p)).get_charmap()) for p in font_files().values())
    return (primary, *rest)


def can_shape() -> bool:
    """Whether this matplotlib shapes text (joins Arabic, orders right-to-left runs)."""
    from matplotlib import ft2font

    return hasattr(ft2font, "__libraqm_version__")


def printable(text: str) -> Printable:
    """`text` with every cluster the card cannot draw rightly replaced by `MARKER`."""
    covered, shaping = coverage(), can_shape()
    parts: list[str] = []
    left_out: set[str] = set()
    text = _JOINER.sub(_joiner, text)
    for cluster in _CLUSTER.findall(text):
        if _printable_cluster(cluster, covered, shaping):
            parts.append(cluster)
            continue
        left_out.add(script_name(next(ch for ch in cluster if not _INVISIBLE.match(ch))))
        if not parts or parts[-1] != MARKER:
            parts.append(MARKER)
    if not left_out:
        return Printable(text)
    return Printable("".join(parts), frozenset(left_out))


def _joiner(match: regex.Match[str]) -> str:
    """A zero-width (non-)joiner kept where it joins something, else left out of the drawing.

    It matters inside an emoji sequence and between letters of a joining script (Arabic,
    Devanagari...). Elsewhere it changes nothing a reader sees, but the shaper makes it one
    cluster with what follows: a Latin letter before an emoji then came out as a box.
    """
    text, at = match.string, match.start()
    base = at - 1
    while base >= 0 and _EMOJI_TAIL.match(text[base]):
        base -= 1
    before = text[at - 1] if at else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    if match.group() == "\u200d" and base >= 0 and _EMOJI.match(text[base]) and _EMOJI.match(after):
        return match.group()
    if _JOINING_SCRIPT.match(before) and _JOINING_SCRIPT.match(after):
        return match.group()
    return ""


def _printable_cluster(cluster: str, covered: tuple[frozenset[int], ...], shaping: bool) -> bool:
    """Whether one font has every visible character of the cluster, and it can be shaped.

    A cluster is shaped in one font: a letter with a mark that only another font has (an
    Arabic letter with a Latin accent, say) would come out as a box.
    """
    needed = {ord(ch) for ch in cluster if not _INVISIBLE.match(ch)}
    if not needed:
        return True  # joiners, selectors, tags alone: shaping uses them, nothing is drawn
    if not shaping and _NEEDS_SHAPING.search(cluster):
        return False
    return any(needed <= font for font in covered)


def script_name(ch: str) -> str:
    """What a reader would call the character's writing: "Tibetan", or else its U+ code."""
    match = _SCRIPT_WORD.match(unicodedata.name(ch, ""))
    return match.group(1).title() if match else f"U+{ord(ch):04X}"
