"""What counts as done on a step, and how far the attendee is: one line under each exercise,
worded as the phone pages word it (`services.wording.progress_words`)."""

from __future__ import annotations

import ipywidgets as widgets

from workshop.html import escape
from workshop.services.attendee import progress_of
from workshop.services.wording import progress_words
from workshop.ui.keynote.context import AttendeeContext


class ProgressNote:
    """The step's rule and the attendee's progress on it, refreshed after every save."""

    def __init__(self, context: AttendeeContext, step: str) -> None:
        self.context = context
        self.step = step
        self.widget = widgets.HTML()
        self.widget.add_class("workshop-progress")
        self.widget.add_class(f"workshop-progress-{step}")
        context.on_saved(self.refresh)
        context.on_change(lambda _attendee: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        context = self.context
        progress = progress_of(context.store.answers(context.attendee.id), context.content)
        rule, status = progress_words(progress.steps[self.step], context.content.settings)
        self.widget.value = f"<small>{escape(rule)}</small><br><b>{escape(status)}</b>"
        if progress.steps[self.step].done:
            self.widget.add_class("workshop-progress-done")
        else:
            self.widget.remove_class("workshop-progress-done")
