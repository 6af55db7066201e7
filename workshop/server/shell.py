"""Solara's page shell in the content's language, and a page that reloads by itself.

Solara's shell (the HTML around a page) has English messages for a connection that dropped
("Server disconnected.") and for a page whose state the server no longer has, after a restart
or a cull ("Could not restore session. Please refresh."). Neither is for a room: the facilitator
may run it in Spanish, and a big screen has no one to press "Refresh now". So the shell says
the first in the content's words, and never shows the second: Solara is told to reload such a
page at once (`SOLARA_THEME_FORCE_REFRESH`, see `workshop.server.settings`), which rebuilds it
from the database, and its dialog is disabled.

These are the shell of the pinned Solara (see pyproject.toml); `tests/server` checks that no
English message is left in the shell it serves.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from workshop.html import escape

#: (a pattern of Solara's shell, the label that says it instead), in the order applied.
_SAID: tuple[tuple[str, str], ...] = (
    (r"Server\s+disconnected\.", "reconnecting"),
    (r"Restoring session…", "reloading"),
    (
        r"App is disconnected, and may not function properly\. Please refresh the page\.",
        "reloading",
    ),
    (r"Please refresh the page", "reloading"),
    (r"Could not restore session\.[^<]*", "reloading"),
    (r"Refresh now", "reloading"),
    (r"Cancel", "reloading"),
)
#: The dialog Solara opens for a page it could not restore: never opened (the page reloads).
_DIALOG = re.compile(r'<v-dialog v-model="needsRefresh"')
#: The English messages no served shell may still hold.
ENGLISH = ("Server disconnected", "Could not restore session", "Refresh now", "Please refresh")


def _always(text: str) -> Callable[[re.Match[str]], str]:
    return lambda _match: text


def localized(html: str, label: Callable[[str], str], language: str) -> str:
    """Solara's page shell with its messages in the content's words, and its language."""
    html = _DIALOG.sub('<v-dialog :value="false"', html)
    for pattern, key in _SAID:
        # Only where the message is a text between tags, never inside a script.
        text_only = rf"(?<=>)\s*(?:{pattern})\s*(?=<)"
        html = re.sub(text_only, _always(escape(label(key))), html)
    return html.replace("<html>", f'<html lang="{escape(language)}">', 1)
