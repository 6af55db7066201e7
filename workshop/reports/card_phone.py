"""The card as a phone keeps it: 1080 pixels wide, portrait, type sized to read on a screen.

Not the A4 page shrunk (its 8.5-point answers would be 2 mm tall on a phone): its own layout,
one column, the mantra and the wheel first, then every section of the A4 card, in the same
order of reading: the balance (what is out of balance, the finders), the do-overs with their
first steps, the impact pledge and the menu. Nothing is left out: long answers first set the
column's type smaller, then make the card taller than the screen (1920 pixels), as a phone
keeps a long picture; only past `MOST_SCREENS` screens of answers is one shortened, and the
card says so.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from workshop.content.keynote import KeynoteContent
from workshop.reports.card_a4 import (
    BAND,
    MUTED,
    balance_paras,
    do_over_paras,
    footnotes,
    header,
    impact_paras,
    legend,
    mantra,
    menu_paras,
    wheel,
    wheel_room,
)
from workshop.reports.card_data import CardData
from workshop.reports.layout import Page, Para, TextStyle

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: 1080 x 1920 pixels at `PHONE_DPI`: the card's least size.
PHONE_WIDTH, PHONE_HEIGHT = 7.2, 12.8
PHONE_DPI = 150
PHONE_PIXELS = (1080, 1920)
MARGIN = 0.4
#: The A4 card's type sizes times this: 8.5 points become 11.5, about 24 pixels a line.
SCALE = 1.35
#: The least the column's type shrinks to before the card grows taller.
SMALLEST = 0.8
#: The tallest card, in screens: a picture past it is no longer kept, it is scrolled.
MOST_SCREENS = 2
WHEEL_SIZE = 3.5
NOTE = TextStyle(10, style="italic", color=MUTED)
#: Room kept at the foot for the footnotes.
FOOT = 0.75


def draw_phone(figure: Figure, data: CardData, content: KeynoteContent) -> None:
    """Lay the card out, make the figure as tall as it needs (1920 pixels at least), draw."""
    from workshop.plotting import new_figure

    paras = _sections(data, content)
    # Measured on a scratch page of the same size and resolution: what it measures is what
    # the card draws.
    scratch = Page(new_figure(PHONE_WIDTH, PHONE_HEIGHT, dpi=int(figure.dpi)))
    top = _draw_top(scratch, data, content, measure_only=True)
    inner = PHONE_WIDTH - 2 * MARGIN
    scale, needed = _fitting_scale(scratch, paras, inner, PHONE_HEIGHT - FOOT - top)
    height = min(max(PHONE_HEIGHT, top + needed + FOOT + 0.1), PHONE_HEIGHT * MOST_SCREENS)
    figure.set_size_inches(PHONE_WIDTH, height)
    page = Page(figure)
    y = _draw_top(page, data, content)
    bottom = height - FOOT
    page.column(page.scaled(paras, scale), MARGIN, y, inner, bottom - y)
    page.rule(MARGIN, bottom + 0.06, inner)
    footnotes(page, content, MARGIN, bottom + 0.12, inner, NOTE)


def _draw_top(
    page: Page, data: CardData, content: KeynoteContent, measure_only: bool = False
) -> float:
    """The header, the mantra, the wheel and its legend; returns where the column starts. To
    measure, it is drawn on a page that is then thrown away."""
    y = header(page, data, content, PHONE_WIDTH, MARGIN, 1.35)
    y = mantra(
        page, data.mantra, content, y, PHONE_WIDTH, MARGIN, TextStyle(20, "bold", "italic", BAND)
    )
    above, below = wheel_room(data, content, WHEEL_SIZE)
    y += above + 0.1
    if not measure_only:
        wheel(page, data, content, (PHONE_WIDTH - WHEEL_SIZE) / 2, y, WHEEL_SIZE)
    y += WHEEL_SIZE + below + 0.2
    if not measure_only:
        legend(page, content, MARGIN + 0.3, y, TextStyle(10.5, color=MUTED))
    return y + 0.35


def _fitting_scale(page: Page, paras: list[Para], width: float, room: float) -> tuple[float, float]:
    """The largest type scale, down to `SMALLEST`, at which every line fits `room`; and the
    height the column then needs (more than `room` when even the smallest type does not fit)."""
    scale = 1.0
    while True:
        needed = page.measure(page.scaled(paras, scale), width)
        if needed <= room or scale * 0.92 < SMALLEST:
            return scale, needed
        scale *= 0.92


def _sections(data: CardData, content: KeynoteContent) -> list[Para]:
    """Every section of the A4 card, one under the other, in phone-sized type."""
    menu = menu_paras(data, content, SCALE)
    if data.ingredients:  # a heading over no ingredient at all is left out with them
        menu[0] = replace(menu[0], keep_with_next=True)
    return [
        *balance_paras(data, content, SCALE),
        *_spaced(do_over_paras(data, content, SCALE)),
        *_spaced(impact_paras(data, content, SCALE)),
        *menu,
    ]


def _spaced(paras: list[Para]) -> list[Para]:
    """A section after another starts with some space above its heading."""
    return [replace(paras[0], gap=paras[0].gap + 0.3), *paras[1:]] if paras else paras
