"""The card as a phone keeps it: 1080 x 1920 pixels, portrait, type sized to read on a screen.

Not the A4 page shrunk (its 8.5-point answers would be 2 mm tall on a phone): its own layout,
one column, the mantra and the wheel first, then what the attendee committed to.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from workshop.content.keynote import KeynoteContent
from workshop.reports.card_a4 import (
    BAND,
    BODY,
    HEADING,
    MUTED,
    balance_paras,
    footnotes,
    header,
    legend,
    mantra,
    menu_paras,
    wheel,
)
from workshop.reports.card_data import CardData
from workshop.reports.layout import Page, Para, TextStyle

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: 1080 x 1920 pixels at `PHONE_DPI`.
PHONE_WIDTH, PHONE_HEIGHT = 7.2, 12.8
PHONE_DPI = 150
PHONE_PIXELS = (1080, 1920)
MARGIN = 0.4
#: The A4 card's type sizes times this: 8.5 points become 11.5, about 24 pixels a line.
SCALE = 1.35


def draw_phone(figure: Figure, data: CardData, content: KeynoteContent) -> None:
    page = Page(figure)
    inner = PHONE_WIDTH - 2 * MARGIN
    y = header(page, data, content, PHONE_WIDTH, MARGIN, 1.35)
    big = TextStyle(20, "bold", "italic", BAND)
    y = mantra(page, data.mantra, content, y, PHONE_WIDTH, MARGIN, big)
    size = 3.5
    wheel(page, data, content, (PHONE_WIDTH - size) / 2, y + 0.45, size)
    y += size + 0.95
    legend(page, content, MARGIN + 0.3, y, TextStyle(10.5, color=MUTED))
    y += 0.35
    bottom = PHONE_HEIGHT - MARGIN - 0.4
    menu = menu_paras(data, content, SCALE)
    if data.ingredients:  # a heading over no ingredient at all is left out with them
        menu[0] = replace(menu[0], keep_with_next=True)
    paras = [*balance_paras(data, content, SCALE), *menu, *_commitments(data, content)]
    page.column(paras, MARGIN, y, inner, bottom - y, smallest=0.8)
    note = TextStyle(10, style="italic", color=MUTED)
    page.rule(MARGIN, bottom + 0.06, inner)
    footnotes(page, content, MARGIN, bottom + 0.12, inner, note)


def _commitments(data: CardData, content: KeynoteContent) -> list[Para]:
    """What the attendee will do: each do-over's first step and the pledge's action (the A4
    page has the answers whole; a phone screen has room for the steps)."""
    if data.reflections_private:
        return []
    label = content.settings.label
    steps = [e.first_step for e in data.do_overs if e.first_step.strip() and not e.nothing]
    heading = TextStyle(HEADING.size * SCALE, "bold", color=BAND)
    body = TextStyle(BODY.size * SCALE)
    paras = []
    if steps:
        title = content.do_over.title
        paras.append(Para(title, heading, flexible=False, rule=True, gap=0.2, keep_with_next=True))
        paras += [Para(f"• {label('card_first_step')}: {step}", body, gap=0.04) for step in steps]
    if data.impact.action.strip():
        title = content.impact.title
        paras.append(Para(title, heading, flexible=False, rule=True, gap=0.2, keep_with_next=True))
        paras.append(Para(data.impact.action, body))
    return paras
