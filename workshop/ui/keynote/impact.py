"""Passion of Impact: whose life, through which channel, one action, and a better world."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from workshop.errors import WorkshopError
from workshop.html import escape
from workshop.keynote import reflections
from workshop.services import answers
from workshop.text import check_text
from workshop.ui.base import Quiet, error_html, heading
from workshop.ui.keynote.autosave import Autosaver
from workshop.ui.keynote.context import AttendeeContext, IdentityBar

EXERCISE = "impact"
#: The text fields of the exercise, in the order they are asked; `channel` holds a channel id.
FIELDS = ("whom", "channel", "action", "better_place")


class ImpactView:
    """Widgets built once and bound to the attendee's pledge; a resume reloads them in place."""

    def __init__(self, context: AttendeeContext) -> None:
        self.context = context
        self.content = context.content.impact
        self.saver = Autosaver(context)
        self.quiet = Quiet()
        full = widgets.Layout(width="100%")
        content = self.content

        self.whom = widgets.Text(placeholder=content.whom_prompt, layout=full)
        self.channel = widgets.ToggleButtons(
            options=[(c.label, c.id) for c in content.channels],
            value=None,
            tooltips=[c.description for c in content.channels],
            style={"button_width": "auto"},
        )
        self.action = widgets.Text(placeholder=content.action_prompt, layout=full)
        self.better_place = widgets.Textarea(layout=widgets.Layout(width="100%", height="8em"))
        self.fields: dict[str, Any] = {
            "whom": self.whom,
            "channel": self.channel,
            "action": self.action,
            "better_place": self.better_place,
        }
        self.prompts = {
            "whom": content.whom_prompt,
            "channel": content.channel_prompt,
            "action": content.action_prompt,
            "better_place": content.better_place_question,
        }
        self.messages = {name: widgets.HTML() for name in FIELDS}
        for name, field in self.fields.items():
            field.observe(self._on_edit(name), names="value")

        channel_help = "".join(
            f"<li><b>{escape(c.label)}</b>: {escape(c.description)}</li>"
            for c in content.channels
            if c.description
        )
        blocks: list[widgets.Widget] = []
        for name in FIELDS:
            parts = [widgets.HTML(f"<h3>{escape(self.prompts[name])}</h3>"), self.fields[name]]
            if name == "channel" and channel_help:
                parts.append(widgets.HTML(f"<ul style='font-size:smaller'>{channel_help}</ul>"))
            parts.append(self.messages[name])
            block = widgets.VBox(parts)
            block.add_class(f"workshop-impact-{name}")
            blocks.append(block)
        self.widget = widgets.VBox(
            [heading(content.title, content.intro), *blocks, self.saver.status]
        )
        self.widget.add_class("workshop-impact")
        context.on_change(lambda _attendee: self.load())
        self.load()

    def _on_edit(self, name: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            if not self.quiet:
                self.save(name, change["new"])

        return handler

    def save(self, name: str, value: str | None) -> bool:
        """Save one field. A refused value is shown with the reason; nothing is saved or cut."""
        message = self.messages[name]
        if value is None:
            return False  # no channel chosen yet: nothing to save
        try:
            if name == "channel":
                reflections.check_channel(value, self.context.content)
            else:
                label = f'"{self.prompts[name]}"'
                check_text(value, self.context.text_limit, label)
        except WorkshopError as exc:
            message.value = error_html(self.context.refusal(exc))
            # Save the last value that fitted now: left pending, its later "Saved" would hide
            # this refusal while the text on screen is unsaved.
            self.saver.flush()
            self.saver.failed(self.context.refusal(exc))
            return False
        message.value = ""
        store, attendee, text = self.context.store, self.context.attendee, value
        self.saver.schedule(
            name,
            lambda: answers.save_text(store, attendee, EXERCISE, name, text),
        )
        return True

    def load(self) -> None:
        """Show the current attendee's saved pledge."""
        self.saver.flush()
        saved = self.context.store.answers(self.context.attendee.id)
        channel: str | None = saved.text(EXERCISE, "channel") or None
        if channel is not None:
            try:
                reflections.check_channel(channel, self.context.content)
            except WorkshopError:
                channel = None  # the trainer removed that channel since it was chosen
        with self.quiet:
            self.whom.value = saved.text(EXERCISE, "whom")
            self.channel.value = channel
            self.action.value = saved.text(EXERCISE, "action")
            self.better_place.value = saved.text(EXERCISE, "better_place")
        for message in self.messages.values():
            message.value = ""


def impact_view(context: AttendeeContext | None = None) -> widgets.VBox:
    """Build the Passion of Impact exercise for the notebook, with the identity bar on top."""
    context = context or AttendeeContext.from_environment()
    return widgets.VBox([IdentityBar(context).widget, ImpactView(context).widget])
