"""The room wall on screen: the attendee shares their mantra or an ingredient (or takes it back),
and the facilitator hides an entry from the big screen. Nothing is shared unless the attendee
presses Share on that entry; no name goes with it."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from workshop.content.live import LiveContent
from workshop.errors import StoreError
from workshop.html import escape
from workshop.live.wall import WallEntry
from workshop.ui.base import error_html
from workshop.ui.keynote.context import AttendeeContext


class _ShareRow:
    def __init__(self, view: WallShareView) -> None:
        self.view = view
        self.kind = ""
        self.body = ""
        self.entry_id: int | None = None
        self.text = widgets.HTML()
        self.button = widgets.Button(layout=widgets.Layout(width="auto"))
        self.button.on_click(lambda _b: view.toggle(self))
        self.widget = widgets.HBox([self.button, self.text])
        self.widget.add_class("workshop-share-row")

    def show(self, kind: str, body: str, entry_id: int | None) -> None:
        self.kind, self.body, self.entry_id = kind, body, entry_id
        self.text.value = escape(body)
        label = self.view.live.label
        shared = entry_id is not None
        self.button.description = label("take_back") if shared else label("share")
        self.button.icon = "undo" if shared else "bullhorn"
        self.button.button_style = "" if shared else "info"
        self.widget.layout.display = "flex"

    def hide(self) -> None:
        self.kind, self.body, self.entry_id = "", "", None
        self.widget.layout.display = "none"


class WallShareView:
    """One row per shareable answer (the mantra, then each ingredient), built once."""

    def __init__(self, context: AttendeeContext, live: LiveContent) -> None:
        self.context = context
        self.live = live
        self.rows = [_ShareRow(self) for _ in range(1 + context.content.menu.max_ingredients)]
        self.message = widgets.HTML()
        self.header = widgets.HTML(
            f"<h3>{escape(live.label('room_wall'))}</h3><p>{escape(live.label('wall_intro'))}</p>"
        )
        self.widget = widgets.VBox([self.header, *(r.widget for r in self.rows), self.message])
        self.widget.add_class("workshop-wall-share")
        context.on_change(lambda _a: self.refresh())
        self.refresh()

    def candidates(self) -> list[tuple[str, str]]:
        answers = self.context.store.answers(self.context.attendee.id)
        found: list[tuple[str, str]] = []
        mantra = answers.text("menu", "mantra").strip()
        if mantra:
            found.append(("mantra", mantra))
        found.extend(("ingredient", p.item) for p in answers.chosen("menu", "ingredient"))
        return found

    def refresh(self) -> None:
        """Show the current mantra and ingredients, each marked shared or not, then what is
        still on the wall but no longer among them (a mantra edited since), to take back."""
        mine = self.context.store.my_wall_entries(self.context.attendee.id)
        shared = {(e.kind, e.body): e.id for e in mine}
        items = self.candidates()
        current = set(items)
        items += [key for key in shared if key not in current]
        if len(items) > len(self.rows):
            self.rows += [_ShareRow(self) for _ in range(len(items) - len(self.rows))]
            self.widget.children = (self.header, *(r.widget for r in self.rows), self.message)
        for row, (kind, body) in zip(self.rows, items, strict=False):
            row.show(kind, body, shared.get((kind, body)))
        for row in self.rows[len(items) :]:
            row.hide()

    def toggle(self, row: _ShareRow) -> None:
        attendee = self.context.attendee.id
        try:
            if row.entry_id is None:
                self.context.store.share_on_wall(attendee, row.kind, row.body)
            else:
                self.context.store.withdraw_from_wall(row.entry_id, attendee)
        except StoreError as exc:
            self.message.value = error_html(str(exc))
            return
        self.message.value = ""
        self.refresh()


class WallRow:
    """One entry on the facilitator's wall, with the switch that hides it from the big screen."""

    def __init__(
        self,
        entry: WallEntry,
        on_hide: Callable[[int, bool], None],
        hide: str,
        hidden_marker: str,
    ) -> None:
        self.entry_id = entry.id
        self.hidden_marker = hidden_marker
        self.text = widgets.HTML()
        self.hide = widgets.ToggleButton(value=entry.hidden, description=hide, icon="eye-slash")
        self.hide.observe(lambda change: on_hide(self.entry_id, bool(change["new"])), names="value")
        self.widget = widgets.HBox([self.hide, self.text])
        self.widget.add_class("workshop-wall-entry")
        self.update(entry)

    def update(self, entry: WallEntry) -> None:
        # Hidden means off the big screen: the text goes, a marker stays so it can be shown again.
        if entry.hidden:
            self.text.value = f"<i style='color:#999'>{escape(self.hidden_marker)}</i>"
        else:
            self.text.value = f"<span>{escape(entry.body)}</span>"
        if self.hide.value != entry.hidden:
            self.hide.value = entry.hidden
