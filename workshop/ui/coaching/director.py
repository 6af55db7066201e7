"""The director's view: each manager they coach, with the method's numbers (calls per rep a
week, call length, one fix per call, parked fixes) and each rep's fixes and self-checks; above
them, the chain as a picture of who is on track. The same words as the server's page
(`workshop.services.coaching_director`), which the director opens with the code issued below
(`director_code`)."""

from __future__ import annotations

import ipywidgets as widgets

from workshop.coaching.chain_svg import COLOURS, MARKS
from workshop.coaching.director import Status
from workshop.html import escape
from workshop.services.coaching_director import DirectorShown, ManagerShown, director_page
from workshop.ui.base import heading, note_html
from workshop.ui.coaching.context import CoachingContext, button
from workshop.ui.coaching.director_code import DirectorCodeView
from workshop.ui.coaching.picker import RepPicker


def badge(status: Status, text: str) -> str:
    """A status as a coloured mark and its words: never colour alone."""
    return (
        f"<span class='workshop-status workshop-status-{status}' style='color:{COLOURS[status]};"
        f"font-weight:600;white-space:nowrap'>{MARKS[status]} {escape(text)}</span>"
    )


def manager_html(manager: ManagerShown, columns: tuple[str, str, str, str]) -> str:
    lines = "".join(f"<li>{escape(line)}</li>" for line in manager.lines)
    head = "".join(
        f"<th scope='col' style='text-align:left;padding-right:1em'>{escape(c)}</th>"
        for c in columns
    )
    rows = "".join(
        "<tr>"
        f"<th scope='row' style='text-align:left;padding-right:1em'>{escape(r.name)}</th>"
        f"<td style='padding-right:1em'>{escape(r.calls)}</td>"
        f"<td style='padding-right:1em'>{escape(r.fixes)}</td>"
        f"<td style='padding-right:1em'>{escape(r.self_checks)}</td>"
        f"<td>{badge(r.status, r.status_text)}</td></tr>"
        for r in manager.reps
    )
    table = (
        "<div style='overflow-x:auto;max-width:100%'>"
        f"<table class='workshop-director-reps'><thead><tr>{head}<th></th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
        if manager.reps
        else ""
    )
    return (
        "<section class='workshop-director-manager' style='border-top:1px solid #ddd;"
        "padding:0.4em 0'>"
        f"<h4 style='margin:0.3em 0'>{escape(manager.heading)} · "
        f"{badge(manager.status, manager.status_text)}</h4>"
        f"<ul style='margin:0.2em 0 0.5em 1em;padding:0'>{lines}</ul>{table}</section>"
    )


def director_html(page: DirectorShown) -> str:
    """The whole view below the picker: the window, the chain, each manager."""
    if page.empty:
        return f"<p>{escape(page.empty)}</p>"
    managers = "".join(manager_html(m, page.columns) for m in page.managers)
    return (
        f"<p>{note_html(page.window)}</p>"
        f"<h3>{escape(page.chain_title)}</h3><p>{note_html(page.chain_legend)}</p>"
        f"<div class='workshop-chain-picture' style='max-width:100%'>{page.chain}</div>"
        f"{managers}"
    )


class DirectorView:
    """Choose a director; see their managers' coaching."""

    def __init__(self, context: CoachingContext) -> None:
        self.context = context
        label = context.label
        self.picker = RepPicker(context, roles=("director",), empty="")
        # min_width 0: a flex item would otherwise grow to its picture's width on a phone.
        self.body = widgets.HTML(
            layout=widgets.Layout(width="100%", max_width="60em", min_width="0")
        )
        self.refresh_button = button(label("refresh"), icon="refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.page: DirectorShown | None = None
        # The same view on the room's server, behind the director's own code.
        self.code = DirectorCodeView(context, self.picker)
        self.widget = widgets.VBox(
            [
                heading(label("director_title"), label("director_intro")),
                self.picker.widget,
                self.refresh_button,
                self.body,
                self.code.widget,
            ]
        )
        self.widget.add_class("workshop-coaching-director")
        self.widget.add_class("workshop-coaching")
        self.picker.on_change(lambda _rep: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        self.code.refresh()
        director = self.picker.rep
        if director is None:
            self.page = None
            self.body.value = f"<p>{escape(self.context.label('no_directors'))}</p>"
            return
        context = self.context
        self.page = director_page(context.store, context.content, director, context.today())
        self.body.value = director_html(self.page)


def director_view(context: CoachingContext | None = None) -> widgets.VBox:
    """Build the director's view for the notebook."""
    return DirectorView(context or CoachingContext.from_environment()).widget
