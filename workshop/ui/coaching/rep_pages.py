"""The reps' own pages, from the manager's side: a personal code per rep (issue, reissue,
revoke; the code is shown once), and who does their daily self-check."""

from __future__ import annotations

import os
from datetime import date

import ipywidgets as widgets

from workshop.coaching.access import RepCodeError, display_rep_code, rep_address
from workshop.coaching.model import Rep
from workshop.coaching.progress import self_check_rate
from workshop.errors import StoreError, WorkshopError
from workshop.html import escape
from workshop.ui.base import heading, message_html, note_html
from workshop.ui.coaching.context import FIT, CoachingContext, button, refusal_html
from workshop.ui.coaching.picker import RepPicker

#: Where `workshop serve` puts the room's address for the processes it starts (the server's own
#: setting; named here, as a view does not import the server).
ENV_BASE_URL = "WORKSHOP_BASE_URL"


class RepCodesView:
    """The chosen rep's personal code, and the team's self-checks over the last two weeks."""

    def __init__(self, context: CoachingContext, picker: RepPicker | None = None) -> None:
        self.context = context
        label = context.label
        self.picker = picker or RepPicker(context)
        self.status = widgets.HTML()
        self.issue_button = button(label("issue_code"), primary=True, icon="key")
        self.issue_button.on_click(lambda _: self.issue())
        self.revoke_button = button(label("revoke_code"), icon="ban")
        self.revoke_button.on_click(lambda _: self.revoke())
        self.shown_once = widgets.HTML()
        self.message = widgets.HTML()
        self.team = widgets.HTML()
        # Where the rep goes: the room's address, remembered, and the page's address as a QR.
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
                heading(label("rep_pages_title"), label("rep_pages_intro")),
                self.picker.widget,
                self.status,
                widgets.HBox(
                    [self.issue_button, self.revoke_button],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.shown_once,
                self.message,
                self.address,
                self.where,
                self.team,
            ]
        )
        self.widget.add_class("workshop-coaching-rep-pages")
        self.widget.add_class("workshop-coaching")
        self.picker.on_change(lambda _rep: self.refresh())
        self.refresh()

    @property
    def rep(self) -> Rep | None:
        return self.picker.rep

    def refresh(self) -> None:
        """The chosen rep's code status; a code shown once is not shown again."""
        rep, label = self.rep, self.context.label
        self.shown_once.value = ""
        self.show_address()
        self.team.value = team_checks_html(self.context)
        self.issue_button.disabled = rep is None
        if rep is None:
            self.status.value = ""
            self.revoke_button.layout.display = "none"
            return
        code = self.context.store.rep_code(rep.id)
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
        """The reps' page address for the chosen person, with a QR code a phone can scan."""
        typed = self.address.value.strip()
        if not typed or self.rep is None:
            self.where.value = ""
            return
        try:
            url = rep_address(typed)
        except RepCodeError as exc:
            self.where.value = refusal_html(exc, self.context)
            return
        if remember:
            self.context.store.remember_room_address(typed)
        self.where.value = where_html(self.context, url)

    def issue(self) -> str | None:
        """Issue (or reissue) the rep's code and show it, this once."""
        rep = self.rep
        if rep is None:
            return None
        try:
            code = self.context.store.issue_rep_code(rep.id)
        except (WorkshopError, StoreError) as exc:
            self.message.value = refusal_html(exc, self.context)
            return None
        self.refresh()
        self.message.value = ""
        self.shown_once.value = (
            f"<p>{escape(self.context.label('code_shown_once', rep=rep.name))}</p>"
            "<p class='workshop-rep-code' style='font-size:1.8em;font-family:monospace;"
            f"letter-spacing:0.1em'><b>{escape(display_rep_code(code))}</b></p>"
        )
        return code

    def revoke(self) -> None:
        rep = self.rep
        if rep is None:
            return
        try:
            self.context.store.revoke_rep_code(rep.id)
        except StoreError as exc:
            self.message.value = refusal_html(exc, self.context)
            return
        self.refresh()
        self.message.value = message_html(self.context.label("code_revoked_done", rep=rep.name))


def where_html(context: CoachingContext, url: str) -> str:
    """Where to go, written out and as a QR code (the address only: a code is typed once)."""
    import segno

    qr = segno.make(url, error="m").svg_inline(scale=4, border=2, omitsize=True)
    said = escape(context.label("rep_address", url=url))
    return (
        f"<div class='workshop-rep-address'><p style='font-size:1.2em'><b>{said}</b></p>"
        f"<div role='img' aria-label='{said}' style='width:10em'>{qr}</div></div>"
    )


def team_checks_html(context: CoachingContext) -> str:
    """Each rep's self-checks over the last days: the self-managed team's measure."""
    store, today = context.store, context.today()
    days: dict[str, list[date]] = {}
    for check in store.self_checks():
        days.setdefault(check.rep_id, []).append(check.on)
    rows = []
    for rep in store.reps():
        rate = self_check_rate(days.get(rep.id, []), today)
        shown = context.label("self_check_rate", count=rate.done, window=rate.window)
        rows.append(
            f"<tr><td style='padding-right:1em'><b>{escape(rep.name)}</b></td>"
            f"<td>{escape(shown)}</td></tr>"
        )
    return f"<table class='workshop-team-self-checks'>{''.join(rows)}</table>" if rows else ""


def rep_pages_view(context: CoachingContext | None = None) -> widgets.VBox:
    """Build the reps' pages (codes and self-checks) for the notebook."""
    return RepCodesView(context or CoachingContext.from_environment()).widget
