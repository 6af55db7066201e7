"""Untrusted text made safe wherever it becomes HTML: shown as text, never rendered."""

from __future__ import annotations

import html


def escape(text: str) -> str:
    """Attendee (or trainer) text for an HTML widget or page; quotes included, for attributes."""
    return html.escape(text, quote=True)


# -- colour that everyone can read (WCAG 2.1's contrast, 1.4.3) --------------------------------


def relative_luminance(colour: str) -> float:
    """WCAG's relative luminance of a #rrggbb colour (0 for black, 1 for white)."""
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG's contrast ratio of two #rrggbb colours, from 1 (the same) to 21 (black on white)."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def readable_ink(background: str, inks: tuple[str, ...] = ("#000000", "#ffffff")) -> str:
    """The ink of `inks` that reads best on `background`: on any colour, black or white reaches
    at least 4.58:1."""
    return max(inks, key=lambda ink: contrast_ratio(ink, background))
