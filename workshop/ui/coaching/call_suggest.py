"""What a new call is offered: the competencies of the coachee's role, the next focus as a
suggestion, and the fixes parked by earlier calls as situations to start from."""

from __future__ import annotations

import ipywidgets as widgets

from workshop.coaching.call import CoachingCall
from workshop.coaching.model import Rep
from workshop.coaching.parked import Parked, open_parked
from workshop.coaching.progress import explain, fixes_of, rep_progress
from workshop.html import escape
from workshop.ui.base import note_html
from workshop.ui.coaching.call_form import CallForm
from workshop.ui.coaching.context import button


class Suggestions:
    """The next focus and the parked fixes, for the call view's first step."""

    def __init__(self, view: CallForm) -> None:
        self.view = view
        self.suggested: str | None = None
        #: The parked fix the coach chose to start from, if any.
        self.chosen_parked: Parked | None = None
        view.use_suggestion.on_click(lambda _: self.take_suggestion())

    def show(self, rep: Rep | None, calls: list[CoachingCall]) -> None:
        view, context = self.view, self.view.context
        self.suggested, self.chosen_parked = None, None
        view.use_suggestion.layout.display = "none"
        view.parked.children = ()
        if rep is None:
            view.suggestion.value = ""
            return
        content = context.content.for_role(rep.role)
        with view.quiet:
            view.competency.options = [(c.name, c.id) for c in content.competencies]
            view.competency.value = None
        parked = open_parked(calls)
        progress = rep_progress(
            rep,
            context.store.evaluations(rep.id),
            fixes_of(calls),
            content,
            context.today(),
            parked=parked,
        )
        why = explain(progress.focus, rep.name, content)
        focus = progress.focus.competency
        self._parked(parked, {c.id for c in content.competencies})
        if focus is None:
            view.suggestion.value = note_html(why)
            return
        self.suggested = focus
        view.use_suggestion.layout.display = "inline-flex"
        view.suggestion.value = note_html(
            context.label("suggested_focus", competency=context.competency_name(focus), why=why)
        )

    def _parked(self, parked: list[Parked], offered: set[str]) -> None:
        """Each parked fix with a button that makes it this call's situation."""
        label = self.view.context.label
        rows: list[widgets.Widget] = []
        for item in parked:
            use = button(label("use_parked"))
            use.on_click(lambda _, chosen=item: self.take_parked(chosen, offered))
            text = label("parked_item", fix=item.text, date=item.parked_on.isoformat())
            rows.append(
                widgets.HBox(
                    [widgets.HTML(f"<span>{escape(text)}</span>"), use],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
                )
            )
        heading = widgets.HTML(f"<b>{escape(label('parked_heading'))}</b>")
        self.view.parked.children = (heading, *rows) if rows else ()
        self.view.parked.add_class("workshop-parked-fixes")

    def take_suggestion(self) -> None:
        if self.suggested is not None:
            self.view.competency.value = self.suggested

    def take_parked(self, parked: Parked, offered: set[str]) -> None:
        """Start from a parked fix: it becomes the situation, on its call's competency."""
        view = self.view
        self.chosen_parked = parked
        view.situation.value = parked.text
        if parked.competency in offered:
            view.competency.value = parked.competency
