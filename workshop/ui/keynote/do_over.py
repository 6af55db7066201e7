"""The do-over exercise: one answer and one first step per context, saved as they type."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from workshop.content.exercises import DoOverContext
from workshop.errors import WorkshopError
from workshop.html import escape
from workshop.keynote import reflections
from workshop.services import answers
from workshop.text import check_text
from workshop.ui.base import Quiet, error_html, heading
from workshop.ui.keynote.autosave import Autosaver
from workshop.ui.keynote.context import AttendeeContext, IdentityBar

EXERCISE = "do_over"


class _ContextBlock:
    """The answer and first-step fields for one context (professional, personal, ...)."""

    def __init__(self, context: DoOverContext, follow_up: str, nothing_hint: str) -> None:
        self.context = context
        self.answer = widgets.Textarea(
            placeholder=nothing_hint, layout=widgets.Layout(width="100%", height="6em")
        )
        self.first_step = widgets.Text(placeholder=follow_up, layout=widgets.Layout(width="100%"))
        self.message = widgets.HTML()
        self.widget = widgets.VBox(
            [
                widgets.HTML(f"<h3>{escape(context.label)}</h3><p>{escape(context.prompt)}</p>"),
                self.answer,
                widgets.HTML(f"<b>{escape(follow_up)}</b>"),
                self.first_step,
                self.message,
            ]
        )
        self.widget.add_class(f"workshop-do-over-{context.id}")


class DoOverView:
    def __init__(self, context: AttendeeContext) -> None:
        self.context = context
        content = context.content.do_over
        self.saver = Autosaver(context)
        self.quiet = Quiet()
        self.blocks = {
            c.id: _ContextBlock(c, content.follow_up, content.nothing_hint)
            for c in content.contexts
        }
        for block in self.blocks.values():
            for name, field in (("answer", block.answer), ("first_step", block.first_step)):
                field.observe(self._on_edit(block, name), names="value")
        self.widget = widgets.VBox(
            [
                heading(content.title, content.intro),
                widgets.HTML(f"<p><b>{escape(content.question)}</b></p>"),
                *(b.widget for b in self.blocks.values()),
                self.saver.status,
            ]
        )
        self.widget.add_class("workshop-do-over")
        context.on_change(lambda _attendee: self.load())
        self.load()

    def _on_edit(self, block: _ContextBlock, name: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            if not self.quiet:
                self.save(block.context.id, name, change["new"])

        return handler

    def save(self, context_id: str, name: str, text: str) -> bool:
        """Save one field of one context; text over the limit is refused, never cut."""
        block = self.blocks[context_id]
        try:
            check_text(text, self.context.text_limit, _field_label(block, name))
        except WorkshopError as exc:
            block.message.value = error_html(self.context.refusal(exc))
            # Save the last text that fitted now: left pending, it would save later and its
            # "Saved" would overwrite this refusal while the text on screen is unsaved.
            self.saver.flush()
            self.saver.failed(self.context.refusal(exc))
            return False
        store, attendee = self.context.store, self.context.attendee
        self.saver.schedule(
            f"{context_id}:{name}",
            lambda: answers.save_text(store, attendee, EXERCISE, f"{context_id}.{name}", text),
        )
        self._show_status(block)
        return True

    def _show_status(self, block: _ContextBlock) -> None:
        status = self.status()[block.context.id]
        if status == "needs_first_step":
            block.message.value = f"<small>{escape(self.context.label('needs_first_step'))}</small>"
        elif status == "done" and reflections.is_nothing(
            block.answer.value, self.context.content.do_over.nothing_word
        ):
            block.message.value = (
                f"<small>{escape(self.context.label('nothing_needs_no_step'))}</small>"
            )
        else:
            block.message.value = ""

    def answers(self) -> list[reflections.DoOverAnswer]:
        return [
            reflections.DoOverAnswer(c, b.answer.value, b.first_step.value)
            for c, b in self.blocks.items()
        ]

    def status(self) -> dict[str, str]:
        return reflections.do_over_status(self.answers(), self.context.content)

    def load(self) -> None:
        self.saver.flush()
        saved = self.context.store.answers(self.context.attendee.id)
        with self.quiet:
            for context_id, block in self.blocks.items():
                block.answer.value = saved.text(EXERCISE, f"{context_id}.answer")
                block.first_step.value = saved.text(EXERCISE, f"{context_id}.first_step")
        for block in self.blocks.values():
            self._show_status(block)


def _field_label(block: _ContextBlock, name: str) -> str:
    """The field as the content names it, for the refusal's logged message."""
    if name == "answer":
        return block.context.label
    return f"{block.context.label}: {block.first_step.placeholder}"


def do_over_view(context: AttendeeContext | None = None) -> widgets.VBox:
    """Build the do-over exercise for the notebook, with the identity bar on top."""
    context = context or AttendeeContext.from_environment()
    return widgets.VBox([IdentityBar(context).widget, DoOverView(context).widget])
