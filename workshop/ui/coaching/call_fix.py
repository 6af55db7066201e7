"""The one fix, decided with the coach: a fix that reads as several names its parts and asks
which one this call fixes (the rest is parked for a later call), or lets the coach say it is
one thing, unless it is a list by its shape."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from workshop.coaching.call import CoachingCall
from workshop.coaching.fixes import FixReading, SeveralFixesError
from workshop.coaching.model import CoachingError
from workshop.errors import StoreError, WorkshopError
from workshop.html import escape
from workshop.services import coaching_calls as acts
from workshop.ui.coaching.call_form import CallForm
from workshop.ui.coaching.context import button

#: How much of a part a button shows; the part is written out whole above the buttons.
BUTTON_CHARS = 42


class FixDecision:
    """Saves the fix, or asks which part of a doubled one this call keeps. The view it works
    for gives what it reads (`current`: the call as shown) and what it does after (`done`, or
    `refused` with the reason)."""

    def __init__(
        self,
        view: CallForm,
        current: Callable[[], CoachingCall | None],
        done: Callable[[CoachingCall], None],
        refused: Callable[[WorkshopError | StoreError], None],
    ) -> None:
        self.view, self.current, self.done, self.refused = view, current, done, refused
        self.reading: FixReading | None = None
        view.one_thing_button.on_click(lambda _: self.save(view.fix.value, None, one_thing=True))

    def hide(self) -> None:
        self.reading = None
        self.view.decision.layout.display = "none"

    def save(self, text: str, keep: int | None, one_thing: bool) -> CoachingCall | None:
        view, context, call = self.view, self.view.context, self.current()
        try:
            if call is None:
                raise CoachingError("no call is open; start the call first", reason="no_call")
            saved = acts.fix_call(
                context.store,
                context.content,
                call,
                text,
                context.clock(),
                keep=keep,
                one_thing=one_thing,
            )
        except SeveralFixesError as several:
            self.ask(several.reading)
            view.message.value = ""
            return None
        except (WorkshopError, StoreError) as exc:
            self.refused(exc)
            return None
        self.hide()
        self.done(saved)
        return saved

    def ask(self, reading: FixReading) -> None:
        """Name each part, with a button to keep it; "one thing" unless it is a list for sure."""
        view, label = self.view, self.view.context.label
        self.reading = reading
        parts = "".join(f"<li>{escape(item)}</li>" for item in reading.items)
        view.decision_text.value = (
            f"<p><b>{escape(label('fix_several', count=len(reading.items)))}</b></p>"
            f"<ol class='workshop-fix-parts'>{parts}</ol>"
        )
        buttons: list[widgets.Widget] = []
        for index, item in enumerate(reading.items):
            shown = item if len(item) <= BUTTON_CHARS else item[: BUTTON_CHARS - 1] + "\u2026"
            keep = button(label("keep_fix", item=shown), primary=index == 0)
            keep.on_click(lambda _, i=index: self.save(view.fix.value, keep=i, one_thing=False))
            buttons.append(keep)
        view.keep_buttons.children = buttons
        view.one_thing_button.layout.display = "none" if reading.sure else "inline-flex"
        view.decision.layout.display = "flex"
