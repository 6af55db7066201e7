"""Untrusted text made safe wherever it becomes HTML: shown as text, never rendered."""

from __future__ import annotations

import html


def escape(text: str) -> str:
    """Attendee (or trainer) text for an HTML widget or page; quotes included, for attributes."""
    return html.escape(text, quote=True)
