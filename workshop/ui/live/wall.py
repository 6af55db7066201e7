"""The room wall on screen: the attendee shares their mantra or an ingredient (or takes it back),
and the facilitator hides a group of entries from the big screen (or shows it again), grouped
by the one rule every screen and file uses (`workshop.live.wall.wall_key`). Nothing is shared
unless the attendee presses Share on that entry; no name goes with it. Every act goes through
`workshop.services.wall`, which keeps the wall's rules (and refuses a share once the workshop's
answers are locked); a view only shows what it answered, in the content's words."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from workshop.content.live import LiveContent
from workshop.errors import WorkshopError
from workshop.html import escape
from workshop.live.wall import WallEntry, group_wall
from workshop.services import wall as wall_service
from workshop.store import Store
from workshop.ui.base import error_html, refusal_text
from workshop.ui.keynote.context import AttendeeContext
from workshop.ui.live.controls import Control, quoted

Label = Callable[..., str]
#: Most groups the remote lists (the most shared first).
MODERATED = 60
#: A long entry (an older room's, or content with a long wall limit) takes at most this many
#: lines of the remote's list; its whole text is in its tooltip.
CLAMP_CSS = (
    "<style>.workshop-wall-moderation .workshop-wall-group .widget-html-content span,"
    ".workshop-share-row .widget-html-content{display:-webkit-box;-webkit-line-clamp:3;"
    "-webkit-box-orient:vertical;overflow:hidden;overflow-wrap:anywhere;"
    "unicode-bidi:isolate}</style>"
)


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
            f"{CLAMP_CSS}<h3>{escape(live.label('room_wall'))}</h3>"
            f"<p>{escape(live.label('wall_intro'))}</p>"
        )
        self.widget = widgets.VBox([self.header, *(r.widget for r in self.rows), self.message])
        self.widget.add_class("workshop-wall-share")
        context.on_change(lambda _a: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        """Show the current mantra and ingredients, each marked shared or not, then what is
        still on the wall but no longer among them (a mantra edited since), to take back."""
        items = wall_service.shareable(self.context.store, self.context.attendee.id)
        if len(items) > len(self.rows):
            self.rows += [_ShareRow(self) for _ in range(len(items) - len(self.rows))]
            self.widget.children = (self.header, *(r.widget for r in self.rows), self.message)
        for row, item in zip(self.rows, items, strict=False):
            row.show(item.kind, item.body, item.entry_id)
        for row in self.rows[len(items) :]:
            row.hide()

    def toggle(self, row: _ShareRow) -> None:
        """Share the row's entry, or take it back. A row with nothing in it (hidden, so only a
        script could press it) does nothing; a refusal is said in the content's words."""
        if not row.kind:
            return
        attendee, store = self.context.attendee.id, self.context.store
        settings = self.context.content.settings
        try:
            if row.entry_id is None:
                wall_service.share(store, settings.limits, attendee, row.kind, row.body)
            else:
                wall_service.withdraw(store, attendee, row.entry_id)
        except WorkshopError as exc:
            labels = {**settings.labels, **self.live.labels}
            self.message.value = error_html(refusal_text(exc, labels))
            self.refresh()
            return
        self.message.value = ""
        self.refresh()


class _GroupRow:
    """One group of identical entries on the remote: its text and count, and one control that
    hides the whole group from the big screen or shows it again, named by the entry."""

    def __init__(self, moderation: WallModeration, key: str) -> None:
        self.key = key
        self.text = widgets.HTML()
        self.button = Control("", on_click=lambda: moderation.toggle(self.key))
        self.widget = widgets.HBox([self.text, self.button.widget])
        self.widget.add_class("workshop-wall-group")

    def show(self, body: str, shown: int, label: Label) -> None:
        count = f" <b>&times;{shown}</b>" if shown > 1 else ""
        entry = quoted(body)
        if shown:
            self.widget.remove_class("workshop-wall-hidden")
            text = f"<span>{escape(body)}</span>{count}"
            self.button.show(label("hide_entry"), label("hide_named", entry=entry))
        else:
            self.widget.add_class("workshop-wall-hidden")
            text = f"<i class='workshop-muted'>{escape(label('hidden_entry'))} {escape(body)}</i>"
            self.button.show(
                label("show_entry"), label("show_named", entry=entry), classes=("is-on",)
            )
        if text != self.text.value:
            self.text.value = text


class WallModeration:
    """The wall as the facilitator moderates it: entries grouped as the big screen groups them,
    the most shared first, then what is hidden (so it can be shown again)."""

    def __init__(self, store: Store, session_code: str, label: Label) -> None:
        self.store = store
        self.session_code = session_code
        self.label = label
        self.rows: dict[str, _GroupRow] = {}
        self.groups: dict[str, tuple[list[WallEntry], list[WallEntry]]] = {}
        self.empty = widgets.HTML(f"{CLAMP_CSS}<i>{escape(label('wall_empty'))}</i>")
        self.box = widgets.VBox()
        self.widget = widgets.VBox([self.empty, self.box])
        self.widget.add_class("workshop-wall-moderation")

    def refresh(self) -> None:
        groups = wall_service.groups(self.store, self.session_code)
        self.groups = groups
        visible = {g.key: g for g in group_wall(e for s, h in groups.values() for e in s)}
        order = list(visible) + sorted(k for k in groups if k not in visible)
        for key in order[:MODERATED]:
            row = self.rows.get(key) or self.rows.setdefault(key, _GroupRow(self, key))
            shown, hidden = groups[key]
            body = visible[key].body if key in visible else hidden[0].body.strip()
            row.show(body, len(shown), self.label)
        children = tuple(self.rows[key].widget for key in order[:MODERATED])
        if children != tuple(self.box.children):
            self.box.children = children
        self.empty.layout.display = "none" if groups else "block"

    def toggle(self, key: str) -> None:
        """Hide every visible entry of the group; or, if none is visible, show them again."""
        shown, _hidden = self.groups.get(key, ([], []))
        wall_service.moderate(self.store, self.session_code, key, hide=bool(shown))
        self.refresh()
