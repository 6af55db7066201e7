"""The director's page on the room's server, from the notebook: the chosen director's personal
code (issue, reissue, revoke; shown once, on screen only) and where to go, as an address and a
QR code. The codes are the reps' codes (`Store.issue_rep_code`): one per person, kept as a hash;
the server's ``/director`` lets in a director's only."""

from __future__ import annotations

import os

import ipywidgets as widgets

from workshop.coaching.access import RepCodeError, director_address, display_rep_code
from workshop.coaching.model import Rep
from workshop.errors import StoreError, WorkshopError
from workshop.html import escape
from workshop.ui.base import message_html, note_html
from workshop.ui.coaching.context import FIT, CoachingContext, button, refusal_html
from workshop.ui.coaching.picker import RepPicker
from workshop.ui.coaching.rep_pages import ENV_BASE_URL, where_html


class DirectorCodeView:
    """The code of the director `picker` has chosen, and the address of their page."""

    def __init__(self, context: CoachingContext, picker: RepPicker) -> None:
        self.context, self.picker = context, picker
        label = context.label
        self.status = widgets.HTML()
        self.issue_button = button(label("issue_code"), primary=True, icon="key")
        self.issue_button.on_click(lambda _: self.issue())
        self.revoke_button = button(label("revoke_code"), icon="ban")
        self.revoke_button.on_click(lambda _: self.revoke())
        self.shown_once = widgets.HTML()
        self.message = widgets.HTML()
        self.address = widgets.Text(
            value=context.store.room_address() or os.environ.get(ENV_BASE_URL, ""),
            placeholder=label("room_address_hint"),
            description=label("room_address"),
            style=FIT,
            layout=widgets.Layout(width="100%", max_width="36em"),
        )
        self.address.observe(lambda _: self.show_address(remember=True), names="value")
        self.where = widgets.HTML()
        self.widget = widgets.VBox(
            [
                widgets.HTML(
                    f"<h3>{escape(label('director_page_title'))}</h3>"
                    f"<p>{note_html(label('director_page_intro'))}</p>"
                ),
                self.status,
                widgets.HBox(
                    [self.issue_button, self.revoke_button],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.shown_once,
                self.message,
                self.address,
                self.where,
            ]
        )
        self.widget.add_class("workshop-director-code")
        self.refresh()

    @property
    def director(self) -> Rep | None:
        chosen = self.picker.rep
        return chosen if chosen is not None and chosen.role == "director" else None

    def refresh(self) -> None:
        """The chosen director's code status; a code shown once is not shown again."""
        director, label = self.director, self.context.label
        self.shown_once.value = ""
        self.show_address()
        self.widget.layout.display = None if director else "none"
        if director is None:
            return
        code = self.context.store.rep_code(director.id)
        if code is None:
            self.status.value = note_html(label("code_none"))
        elif code.active:
            self.status.value = note_html(label("code_issued", date=code.issued_at.date()))
        else:
            assert code.revoked_at is not None
            self.status.value = note_html(label("code_revoked", date=code.revoked_at.date()))
        self.issue_button.description = label("issue_code" if code is None else "reissue_code")
        self.revoke_button.layout.display = "inline-flex" if code and code.active else "none"

    def show_address(self, remember: bool = False) -> None:
        typed = self.address.value.strip()
        if not typed or self.director is None:
            self.where.value = ""
            return
        try:
            url = director_address(typed)
        except RepCodeError as exc:
            self.where.value = refusal_html(exc, self.context)
            return
        if remember:
            self.context.store.remember_room_address(typed)
        self.where.value = where_html(self.context, url)

    def issue(self) -> str | None:
        """Issue (or reissue) the director's code and show it, this once, on screen only."""
        director = self.director
        if director is None:
            return None
        try:
            code = self.context.store.issue_rep_code(director.id)
        except (WorkshopError, StoreError) as exc:
            self.message.value = refusal_html(exc, self.context)
            return None
        self.refresh()
        self.message.value = ""
        self.shown_once.value = (
            f"<p>{escape(self.context.label('code_shown_once', rep=director.name))}</p>"
            "<p class='workshop-rep-code' style='font-size:1.8em;font-family:monospace;"
            f"letter-spacing:0.1em'><b>{escape(display_rep_code(code))}</b></p>"
        )
        return code

    def revoke(self) -> None:
        director = self.director
        if director is None:
            return
        try:
            self.context.store.revoke_rep_code(director.id)
        except StoreError as exc:
            self.message.value = refusal_html(exc, self.context)
            return
        self.refresh()
        self.message.value = message_html(
            self.context.label("code_revoked_done", rep=director.name)
        )
