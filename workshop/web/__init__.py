"""The phones' pages: Jinja2 templates and one small script and stylesheet of our own.

Templates hold no rules: they show what the services returned, in the content's words, with
native form controls (fieldsets with legends, radios, real labels, errors tied to their field).
The room's server renders them (`workshop.server.phone`, `workshop.server.rep_web`).
"""

from __future__ import annotations

from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
