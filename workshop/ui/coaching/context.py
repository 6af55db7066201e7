"""What the coaching views share: their context (content, store, clock), refusals in the
content's words, and widgets whose labels are never cut. The person picker is in
`workshop.ui.coaching.picker`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import ipywidgets as widgets

from workshop.coaching.model import Rep
from workshop.content.coaching import CoachingContent
from workshop.content.coaching_files import load_coaching_content
from workshop.errors import WorkshopError
from workshop.store import Store
from workshop.ui.base import error_html, refusal_text


def utc_now() -> datetime:
    return datetime.now(UTC)


class CoachingContext:
    """The coaching content, the store and the clock shared by the views of one notebook.

    `today` and `clock` are the only reads of time, so tests pass fixed ones.
    """

    def __init__(
        self,
        content: CoachingContent,
        store: Store,
        today: Callable[[], date] = date.today,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.content = content
        self.store = store
        self.today = today
        self.clock = clock

    @classmethod
    def from_environment(
        cls, content: CoachingContent | None = None, store: Store | None = None
    ) -> CoachingContext:
        """The default content folder and the database `WORKSHOP_DB` names."""
        return cls(content or load_coaching_content(), store or Store())

    def label(self, key: str, **values: object) -> str:
        return self.content.label(key, **values)

    def refusal(self, exc: WorkshopError) -> str:
        """Why something was refused, in the content's words when a label names the rule (with
        its plural form, where the count asks for one)."""
        key = f"refused_{exc.reason}"
        if exc.reason and key in self.content.labels:
            return self.content.label(key, **exc.values)
        return refusal_text(exc, self.content.labels, prefix="refused_", templates=True)

    def role_name(self, rep: Rep) -> str:
        return self.content.roles.get(rep.role, rep.role)

    def competency_name(self, competency_id: str) -> str:
        try:
            return self.content.competency(competency_id).name
        except KeyError:
            return competency_id  # from a content set that has since changed


#: Every coaching view (each root carries the class ``workshop-coaching``): text boxes keep a
#: visible border and stay inside their column, a hint in a box reads as a hint (not as code),
#: and a note that wraps is spaced for reading, not at the widgets' 28 px.
COACHING_CSS = """
.workshop-coaching textarea, .workshop-coaching input[type=text] {
  border: 1px solid #8a8f98; border-radius: 3px; background: #fff; box-sizing: border-box;
  font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
.workshop-coaching textarea::placeholder, .workshop-coaching input::placeholder {
  font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #5f646b; opacity: 1; }
.workshop-coaching .widget-textarea, .workshop-coaching .widget-text {
  box-sizing: border-box; max-width: 100%; margin-left: 0; margin-right: 0; }
.workshop-coaching .widget-html-content { line-height: 1.45; min-width: 0; }
.workshop-coaching .workshop-rep-words {
  border-left: 3px solid #2f6db5; padding: 0.3em 0.7em; background: #f5f8fc; }
"""

#: A label sized to its words: ipywidgets otherwise cuts a description at about 80 px.
FIT = {"description_width": "initial"}


def button(description: str, primary: bool = False, **kwargs: Any) -> widgets.Button:
    """A button as wide as its words (ipywidgets' fixed width cuts "Save the rep's ans…"),
    not stretched across a column either."""
    return widgets.Button(
        description=description,
        button_style="primary" if primary else "",
        layout=widgets.Layout(width="auto", min_width="max-content", align_self="flex-start"),
        **kwargs,
    )


def toggles(
    options: list[tuple[str, Any]], width: str = "auto", **kwargs: Any
) -> widgets.ToggleButtons:
    """Toggle buttons that show their whole label ("10", not "1…"), starting unset."""
    return widgets.ToggleButtons(
        options=options, value=None, style={"button_width": width, **FIT}, **kwargs
    )


def refusal_html(exc: WorkshopError, context: CoachingContext) -> str:
    """A refusal as the manager sees it: that nothing was saved, and why."""
    return error_html(f"{context.label('not_saved')}: {context.refusal(exc)}")
