"""Measured, wrapped text on a matplotlib figure, laid out in columns that fit their space.

Positions are in inches from the page's top-left corner, as a page is designed. Text is measured
with the figure's own renderer, so what is wrapped is what is drawn, in any script the fonts
have (see `workshop.reports.fonts`). The work is bounded whatever is typed: a paragraph is
measured up to `PARAGRAPH_MAX` code points (more never fits a card), and a character cluster
is drawn with at most `CLUSTER_MAX` code points (a zalgo stack of thousands of accents is not
writing); either cut is said on the card, as any shortening is.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

import regex

from workshop.reports.fonts import printable

if TYPE_CHECKING:
    from matplotlib.figure import Figure

INK = "#1d2733"
RULE = "#c9d6e8"
ELLIPSIS = "…"
#: Space a rule under a heading takes, in inches.
RULE_SPACE = 0.09
#: Share of a column's width that summed word widths may fill (kerning is not in the sum).
WIDTH_SLACK = 0.98
#: Code points of one paragraph that are measured; an A4 card's widest column holds fewer.
PARAGRAPH_MAX = 3000
#: Code points drawn of one character cluster. Writing needs fewer (a family emoji is 7, a
#: Devanagari conjunct up to 8); past it, only accents and joiners are stacking up.
CLUSTER_MAX = 16
#: The type size text is measured at; other sizes are scaled from it.
MEASURE_SIZE = 10.0

_CLUSTER = regex.compile(r"\X")
#: How many measured widths a process remembers (a card measures a few thousand at most).
WIDTHS_KEPT = 50_000


@dataclass(frozen=True)
class TextStyle:
    size: float = 8.5
    weight: Literal["normal", "bold"] = "normal"
    style: Literal["normal", "italic"] = "normal"
    color: str = INK

    @property
    def line_height(self) -> float:
        return self.size * 1.35 / 72


@dataclass(frozen=True)
class Para:
    """One paragraph of a column. Attendee text is `flexible`: it may be shortened to fit."""

    text: str
    style: TextStyle = TextStyle()
    flexible: bool = True
    gap: float = 0.0
    indent: float = 0.0
    rule: bool = False
    #: A heading for the paragraph after it: left out when that one has no room at all.
    keep_with_next: bool = False


@functools.lru_cache(maxsize=WIDTHS_KEPT)
def _measured(
    text: str,
    weight: Literal["normal", "bold"],
    slant: Literal["normal", "italic"],
    families: tuple[str, ...],
) -> float:
    """The width of `text` in inches at `MEASURE_SIZE`, in the fonts `families` names (they
    are the card's, inside `card_fonts`); measured once per process."""
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(family=list(families), size=MEASURE_SIZE, weight=weight, style=slant)
    renderer = _measuring_renderer()
    w, _h, _d = renderer.get_text_width_height_descent(text, prop, ismath=False)
    return float(w) / MEASURE_DPI


#: The resolution text is measured at; widths in inches do not depend on it.
MEASURE_DPI = 100


@functools.cache
def _measuring_renderer() -> Any:
    from workshop.plotting import new_figure

    return new_figure(1, 1, MEASURE_DPI).canvas.get_renderer()  # type: ignore[attr-defined]


def _scaled(para: Para, scale: float) -> Para:
    if scale == 1.0:
        return para
    style = replace(para.style, size=para.style.size * scale)
    return replace(para, style=style, gap=para.gap * scale)


def _controls_as_spaces(text: str) -> str:
    """Control characters (tabs, NULs...) become spaces; they have no glyph to draw."""
    return "".join(" " if unicodedata.category(ch) == "Cc" and ch != "\n" else ch for ch in text)


def bounded(text: str) -> tuple[str, bool]:
    """`text` cut to what a card can ever show, and whether anything was cut.

    At most `PARAGRAPH_MAX` code points, and `CLUSTER_MAX` per character cluster, so the time
    to measure and draw a paragraph is bounded whatever was saved.
    """
    head = text[:PARAGRAPH_MAX]
    cut = len(text) > PARAGRAPH_MAX
    if len(head) > CLUSTER_MAX and any(len(c) > CLUSTER_MAX for c in _CLUSTER.findall(head)):
        head = "".join(c[:CLUSTER_MAX] for c in _CLUSTER.findall(head))
        cut = True
    return head, cut


class Page:
    """Places wrapped text on the card's figure, measuring it with the figure's own renderer."""

    def __init__(self, figure: Figure) -> None:
        self.figure = figure
        self.width_in, self.height_in = (float(v) for v in figure.get_size_inches())
        self.renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
        self.truncated = False
        #: Scripts (or U+ codes) that could not be printed and stand as a marker instead.
        self.left_out: set[str] = set()

    def prepare(self, text: str) -> str:
        """Text as this page draws it: bounded, controls as spaces, unprintables marked."""
        head, cut = bounded(text)
        self.truncated = self.truncated or cut
        shown = printable(_controls_as_spaces(head))
        self.left_out.update(shown.left_out)
        return shown.text

    def width(self, text: str, style: TextStyle) -> float:
        """Width in inches. Text is measured once per weight and slant, at `MEASURE_SIZE`, and
        scaled (unhinted outlines scale linearly): a column that shrinks its type to fit, or
        the phone's larger type, measures nothing again; nor does the phone card after the A4
        one in the same process (widths in inches do not depend on the page)."""
        import matplotlib

        families = tuple(matplotlib.rcParams["font.family"])
        return _measured(text, style.weight, style.style, families) * style.size / MEASURE_SIZE

    def wrap(self, text: str, width: float, style: TextStyle) -> list[str]:
        """Lines of at most `width` inches; the attendee's own line breaks are kept."""
        budget = width * WIDTH_SLACK
        # No line holds more code points than this (no glyph is narrower than a quarter em,
        # bar the marks stacked on one), so nothing longer than a line is ever measured:
        # shaping 2,000 characters of CJK took 80 ms a measurement.
        reach = int(budget / (style.size / 72 * 0.25)) + CLUSTER_MAX
        # Words are measured once each and a line's width is their sum plus the spaces, with a
        # little slack for kerning: measuring every candidate line made a card take seconds.
        space = self.width("x x", style) - self.width("xx", style)
        lines: list[str] = []
        for paragraph in self.prepare(text).splitlines():
            line, used = "", 0.0
            for word in paragraph.split():
                size = self.width(word, style) if len(word) <= reach else 2 * budget
                if line and used + space + size <= budget:
                    line, used = f"{line} {word}", used + space + size
                elif size <= budget:
                    if line:
                        lines.append(line)
                    line, used = word, size
                else:
                    line, used = self._break_word(word, (line, used, space), lines, style, budget)
            if line:
                lines.append(line)
        return lines

    def _break_word(
        self,
        word: str,
        after: tuple[str, float, float],
        lines: list[str],
        style: TextStyle,
        budget: float,
    ) -> tuple[str, float]:
        """Go on from the line `after` holds (its text, its width, a space's width) with a word
        longer than a line (CJK has no spaces, a URL has none), breaking it between character
        clusters wherever the width ends; returns the unfinished last line and its width.

        A line's width is the sum of its clusters' (each measured once: a page of CJK has few
        distinct ones), as a line of words is the sum of its words': shaping every candidate
        line of a long text made a card take tens of seconds.
        """
        line, used, space = after
        current, width = (f"{line} ", used + space) if line else ("", 0.0)
        for cluster in _CLUSTER.findall(word):
            size = self.width(cluster, style)
            if current.strip() and width + size > budget:
                lines.append(current.rstrip())
                current, width = "", 0.0
            current += cluster
            width += size
        return current, width

    def fit(
        self, text: str, width: float, style: TextStyle, max_lines: int = 1, smallest: float = 0.6
    ) -> tuple[list[str], TextStyle]:
        """Content text set whole in at most `max_lines` lines: its type shrinks, down to
        `smallest` of its size, until it does; at the smallest, it takes the lines it needs.
        Never cut: a title or a nickname is what a person keeps."""
        scale = 1.0
        while True:
            sized = replace(style, size=style.size * scale)
            lines = self.wrap(text, width, sized)
            if len(lines) <= max_lines or scale * 0.92 < smallest:
                return lines, sized
            scale *= 0.92

    def measure(self, paras: Sequence[Para], width: float) -> float:
        """The height `paras` take with every line shown, in inches."""
        height = 0.0
        for para in paras:
            lines = self.wrap(para.text, width - para.indent, para.style)
            height += para.gap + len(lines) * para.style.line_height
            height += RULE_SPACE if para.rule else 0.0
        return height

    def ellipsize(self, line: str, width: float, style: TextStyle) -> str:
        while line and self.width(line + ELLIPSIS, style) > width:
            line = line[:-1]
        return line.rstrip() + ELLIPSIS

    def text(self, x: float, y: float, text: str, style: TextStyle, **kw: object) -> None:
        """Draw at (x, y) inches from the page's top-left corner, hanging from y."""
        self.figure.text(
            x / self.width_in,
            1 - y / self.height_in,
            self.prepare(text),
            fontsize=style.size,
            fontweight=style.weight,
            fontstyle=style.style,
            color=style.color,
            va="top",
            parse_math=False,  # a "$" in an answer is money, not mathtext
            **kw,  # type: ignore[arg-type]
        )

    def rule(self, x: float, y: float, width: float, colour: str = RULE) -> None:
        from matplotlib.lines import Line2D

        xs = [x / self.width_in, (x + width) / self.width_in]
        ys = [1 - y / self.height_in] * 2
        self.figure.add_artist(Line2D(xs, ys, color=colour, linewidth=0.8))

    def column(
        self,
        paras: Sequence[Para],
        x: float,
        top: float,
        width: float,
        height: float,
        smallest: float = 1.0,
    ) -> float:
        """Lay paragraphs down a column of the given height; returns where the text ended.

        Content text is shown whole. Attendee text shares what space is left: every answer gets
        the same line allowance, raised until the column is full, so short answers show whole
        and only the longest are shortened. With `smallest` under 1, the type first shrinks, down
        to that scale, to avoid shortening anything.
        """
        scale = 1.0
        while True:
            sized = [_scaled(p, scale) for p in paras]
            wrapped, allowed = self._plan(sized, width, height)
            complete = all(
                allowed[i] >= len(lines) for i, lines in enumerate(wrapped) if sized[i].flexible
            )
            if complete or scale * 0.92 < smallest:
                break
            scale *= 0.92
        y = top
        for i, (para, lines) in enumerate(zip(sized, wrapped, strict=True)):
            if para.keep_with_next and allowed.get(i + 1) == 0:
                self.truncated = True
                continue
            y += para.gap
            shown = lines if not para.flexible else lines[: allowed[i]]
            if para.flexible and len(shown) < len(lines):
                self.truncated = True
                if shown:
                    shown[-1] = self.ellipsize(shown[-1], width - para.indent, para.style)
            for line in shown:
                if y + para.style.line_height > top + height + 0.01:
                    # Even the fixed text has no room left: stop rather than spill below.
                    self.truncated = True
                    return y
                self.text(x + para.indent, y, line, para.style)
                y += para.style.line_height
            if para.rule:
                self.rule(x, y + 0.02, width)
                y += RULE_SPACE
        return y

    def _plan(
        self, paras: Sequence[Para], width: float, height: float
    ) -> tuple[list[list[str]], dict[int, int]]:
        """Each paragraph's wrapped lines, and how many lines each flexible one may show."""
        wrapped = [self.wrap(p.text, width - p.indent, p.style) for p in paras]
        fixed = sum(p.gap + (RULE_SPACE if p.rule else 0.0) for p in paras) + sum(
            len(lines) * p.style.line_height
            for p, lines in zip(paras, wrapped, strict=True)
            if not p.flexible
        )
        flexible = [
            (i, len(wrapped[i]), p.style.line_height) for i, p in enumerate(paras) if p.flexible
        ]
        room = height - fixed
        cap = 0
        longest = max((n for _i, n, _h in flexible), default=0)
        while cap < longest and sum(min(n, cap + 1) * h for _i, n, h in flexible) <= room:
            cap += 1
        allowed = {i: min(n, cap) for i, n, _h in flexible}
        if cap == 0:
            # Not even a line each: give single lines in order while they fit.
            for i, n, h in flexible:
                if n and room >= h:
                    allowed[i] = 1
                    room -= h
        return wrapped, allowed

    def lines(
        self, x: float, y: float, lines: Sequence[str], style: TextStyle, **kw: object
    ) -> float:
        """Draw `lines` one under the other from (x, y); returns where they end."""
        for line in lines:
            self.text(x, y, line, style, **kw)
            y += style.line_height
        return y

    def scaled(self, paras: Sequence[Para], scale: float) -> list[Para]:
        return [_scaled(p, scale) for p in paras]

    def swatch(self, x: float, y: float, colour: str, size: float = 0.11) -> None:
        from matplotlib.patches import Rectangle

        self.figure.add_artist(
            Rectangle(
                (x / self.width_in, 1 - (y + size) / self.height_in),
                size / self.width_in,
                size / self.height_in,
                transform=self.figure.transFigure,
                color=colour,
            )
        )
