"""How much text a big-screen slide holds, worked out before it is drawn.

A slide is sized in ems of its body type, which the page sets from the screen (2.6 % of its
height on a 16:9 projector, 28 px at 1920x1080). On a 16:9 screen that makes every slide the
same 68.5 x 38.5 ems, whatever its resolution: so how a text wraps, and whether a column
holds it, can be estimated here, in plain Python, and a slide made to fit before any browser
draws it. A wider or taller screen only has more room. Nothing is ever cut: a column that
would overflow is set in smaller type (`shrink`), a list that cannot fit shows what fits and
counts the rest.

The estimates are generous on purpose (a line is taken to hold fewer letters than it does), so
what is planned to fit does.
"""

from __future__ import annotations

import math
import unicodedata

#: A 16:9 slide, in ems of its body type.
SLIDE_WIDTH_EM = 68.5
SLIDE_HEIGHT_EM = 38.5
#: The padding around a slide (3% of its width each side; 2.4% and 1.6% of its height).
PADDING_WIDTH_EM = 4.1
PADDING_HEIGHT_EM = 1.55
#: The title's size, line height and the space under it; the footer's height.
TITLE_EM = 1.7
TITLE_LINE = 1.15
TITLE_GAP_EM = 0.68
FOOTER_EM = 1.85
#: The main area's width on a 16:9 slide.
MAIN_WIDTH_EM = SLIDE_WIDTH_EM - PADDING_WIDTH_EM
#: An average letter's width in ems (Noto Sans and DejaVu Sans set narrower than this).
LETTER_EM = 0.58
BOLD_LETTER_EM = 0.63
#: The smallest a column's type may shrink to, as a share of the body type.
SMALLEST = 0.7


def text_em(text: str, bold: bool = False) -> float:
    """A generous width of `text` on one line, in ems: wide (CJK) characters an em each."""
    letter = BOLD_LETTER_EM if bold else LETTER_EM
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else letter for ch in text)


def lines(text: str, width_em: float, bold: bool = False) -> int:
    """How many lines `text` takes in a column `width_em` wide, wrapping at spaces (a word wider
    than the column breaks, as `overflow-wrap: anywhere` lets it)."""
    if width_em <= 0:
        return max(1, len(text))
    count, used = 0, 0.0
    space = LETTER_EM * 0.55
    for paragraph in text.split("\n"):
        count += 1
        used = 0.0
        for word in paragraph.split():
            size = text_em(word, bold)
            if used and used + space + size > width_em:
                count += 1
                used = 0.0
            if size > width_em:
                count += math.ceil(size / width_em) - 1
                size = size % width_em
            used += (space if used else 0.0) + size
    return count


def title_lines(title: str) -> int:
    return lines(title, MAIN_WIDTH_EM / TITLE_EM, bold=True)


def main_height_em(title: str) -> float:
    """The main area's height under `title`, on a 16:9 slide."""
    title_height = title_lines(title) * TITLE_EM * TITLE_LINE + TITLE_GAP_EM
    return SLIDE_HEIGHT_EM - PADDING_HEIGHT_EM - title_height - FOOTER_EM


def shrink(needed_em: float, room_em: float) -> float:
    """The type scale that fits `needed_em` of text into `room_em` (1.0 if it fits as it is);
    never below `SMALLEST`, as type smaller still could not be read across a room."""
    if needed_em <= room_em or needed_em <= 0:
        return 1.0
    return max(SMALLEST, math.floor(room_em / needed_em * 100) / 100)
