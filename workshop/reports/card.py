"""The one-page personal card an attendee takes home: an A4 PDF to print, a PNG for a phone.

`card_data` (in `workshop.reports.card_data`) gathers what the card shows from the saved
answers; this module draws it: `card_figure` on an A4 page (`card_a4`), `phone_figure` at
1080 x 1920 pixels (`card_phone`), in fonts for every script (`fonts`). Answers are never
shortened in the data; only the drawing shortens a long answer, and says so on the card.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workshop.content.keynote import KeynoteContent
from workshop.reports.card_a4 import MARGIN, PAGE_HEIGHT, PAGE_WIDTH, draw_a4
from workshop.reports.card_data import (
    PRINT_REFLECTIONS,
    CardData,
    Commitment,
    DoOverEntry,
    ImpactPledge,
    card_data,
    facilitator_copy,
    wants_reflections_printed,
)
from workshop.reports.card_phone import PHONE_DPI, PHONE_HEIGHT, PHONE_WIDTH, draw_phone
from workshop.reports.fonts import card_fonts

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: The A4 page as an image (a preview); the PNG download is the phone card.
PNG_DPI = 150

__all__ = [
    "MARGIN",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "PHONE_DPI",
    "PNG_DPI",
    "PRINT_REFLECTIONS",
    "CardData",
    "CardFiles",
    "Commitment",
    "DoOverEntry",
    "ImpactPledge",
    "card_bytes",
    "card_data",
    "card_figure",
    "card_files",
    "card_pdf",
    "card_png",
    "facilitator_copy",
    "phone_figure",
    "phone_png",
    "wants_reflections_printed",
]


@dataclass(frozen=True)
class CardFiles:
    """The two downloads: the A4 page as PDF, and the phone card as PNG."""

    pdf: bytes
    png: bytes


def card_figure(data: CardData, content: KeynoteContent) -> Figure:
    """The card on one A4 portrait page: header, mantra, wheel, then the four exercises."""
    from workshop.plotting import new_figure

    with card_fonts():
        figure = new_figure(PAGE_WIDTH, PAGE_HEIGHT)
        figure.set_facecolor("white")
        draw_a4(figure, data, content)
    return figure


def phone_figure(data: CardData, content: KeynoteContent) -> Figure:
    """The card laid out for a phone screen, 1080 x 1920 pixels at `PHONE_DPI`."""
    from workshop.plotting import new_figure

    with card_fonts():
        figure = new_figure(PHONE_WIDTH, PHONE_HEIGHT, dpi=PHONE_DPI)
        figure.set_facecolor("white")
        draw_phone(figure, data, content)
    return figure


def card_pdf(data: CardData, content: KeynoteContent) -> bytes:
    return card_bytes(card_figure(data, content), "pdf", content)


def card_png(data: CardData, content: KeynoteContent, dpi: int = PNG_DPI) -> bytes:
    """The A4 page as an image."""
    return card_bytes(card_figure(data, content), "png", content, dpi)


def phone_png(data: CardData, content: KeynoteContent) -> bytes:
    return card_bytes(phone_figure(data, content), "png", content, PHONE_DPI)


def card_files(data: CardData, content: KeynoteContent) -> CardFiles:
    """Both downloads: the A4 PDF and the phone PNG."""
    return CardFiles(card_pdf(data, content), phone_png(data, content))


def card_bytes(figure: Figure, fmt: str, content: KeynoteContent, dpi: int | None = None) -> bytes:
    """A drawn card as one file: "pdf" or "png", at `dpi` (the figure's own by default)."""
    buffer = io.BytesIO()
    with card_fonts():  # texts find their fonts again as they are drawn
        # Never bbox_inches="tight": the page is A4 (or 1080 x 1920) and must stay that.
        figure.savefig(
            buffer,
            format=fmt,
            dpi=dpi or figure.dpi,
            facecolor="white",
            metadata={"Title": content.settings.label("card_title")},
        )
    return buffer.getvalue()
