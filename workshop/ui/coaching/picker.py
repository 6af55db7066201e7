"""Choose the person to coach, add one by name with their role and coach, set a person's coach,
or load (and later remove) a marked demo team.

The picker remembers the chosen person in the store (`remember_coaching_rep`), so each coaching
notebook opens on the person chosen last, in whichever notebook that was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workshop.coaching.model import Rep
from workshop.coaching.people import RANK, coaches_for
from workshop.content.coaching import ROLES
from workshop.errors import StoreError, WorkshopError
from workshop.html import escape
from workshop.services import coaching_team
from workshop.ui.base import Quiet, message_html, note_html, stylesheet
from workshop.ui.coaching.context import (
    COACHING_CSS,
    FIT,
    CoachingContext,
    button,
    refusal_html,
)


def _wrap() -> widgets.Layout:
    """A row that wraps (a layout of its own: one shared by two widgets hides both)."""
    return widgets.Layout(flex_flow="row wrap", align_items="center")


class RepPicker:
    """Choose a person (a rep, a manager or a director), add one, set their coach."""

    def __init__(
        self, context: CoachingContext, roles: tuple[str, ...] = ROLES, empty: str = "no_reps"
    ) -> None:
        self.context = context
        self.roles = roles  # who this picker offers: a director's view offers directors only
        self.empty_key = empty  # what it says with nobody to offer ("" when its view says it)
        label = context.label
        self.dropdown = widgets.Dropdown(
            description=label("person"), options=[], value=None, style=FIT
        )
        self.coached_by = widgets.HTML()
        self.new_name = widgets.Text(placeholder=label("new_rep"))
        self.new_role = widgets.Dropdown(
            options=[(context.content.roles[r], r) for r in ROLES if r in roles],
            value="rep" if "rep" in roles else roles[0],
            description=label("role"),
            style=FIT,
            layout=widgets.Layout(width="auto"),
        )
        self.new_coach = self._coach_dropdown()
        self.add_button = button(label("add_rep"), icon="user-plus")
        self.coach = self._coach_dropdown()
        self.coach_button = button(label("save_coach"))
        self.demo_button = button(label("load_demo"))
        self.remove_demo_button = button(label("remove_demo"))
        self.empty = widgets.HTML()
        self.message = widgets.HTML()
        self._listeners: list[Callable[[Rep | None], None]] = []
        self._people: dict[str, Rep] = {}
        self.quiet = Quiet()

        self.dropdown.observe(self._on_pick, names="value")
        self.new_role.observe(lambda _: self._offer_coaches(), names="value")
        self.add_button.on_click(lambda _: self.add())
        self.coach_button.on_click(lambda _: self.set_coach())
        self.demo_button.on_click(lambda _: self.load_demo())
        self.remove_demo_button.on_click(lambda _: self.remove_demo())
        self.coach_row = widgets.HBox([self.coach, self.coach_button], layout=_wrap())
        self.widget = widgets.VBox(
            [
                stylesheet(COACHING_CSS),
                self.empty,
                widgets.HBox([self.dropdown, self.coached_by], layout=_wrap()),
                self.coach_row,
                widgets.HBox(
                    [self.new_name, self.new_role, self.new_coach, self.add_button],
                    layout=_wrap(),
                ),
                widgets.HBox([self.demo_button, self.remove_demo_button]),
                self.message,
            ]
        )
        self.widget.add_class("workshop-rep-picker")
        self.refresh()

    def _coach_dropdown(self) -> widgets.Dropdown:
        return widgets.Dropdown(
            description=self.context.label("coach"),
            options=[],
            value=None,
            style=FIT,
            layout=widgets.Layout(width="auto"),
        )

    @property
    def rep(self) -> Rep | None:
        value = self.dropdown.value
        return self._people.get(value) if isinstance(value, str) else None

    @property
    def people(self) -> list[Rep]:
        return list(self._people.values())

    def on_change(self, listener: Callable[[Rep | None], None]) -> None:
        self._listeners.append(listener)

    def _on_pick(self, _change: dict[str, Any]) -> None:
        if not self.quiet:
            self._remember()
            self._show_coach()
            self._notify()

    def _remember(self) -> None:
        try:
            self.context.store.remember_coaching_rep(self.rep.id if self.rep else None)
        except StoreError as exc:
            self.message.value = refusal_html(exc, self.context)

    def _notify(self) -> None:
        rep = self.rep
        for listener in self._listeners:
            listener(rep)

    def _choice(self, person: Rep) -> str:
        return self.context.label(
            "person_choice", name=person.name, role=self.context.role_name(person)
        )

    def _coach_options(self, role: str) -> list[tuple[str, str]]:
        above = coaches_for(role)  # type: ignore[arg-type]
        found = [(self._choice(p), p.id) for p in self._people.values() if p.role == above]
        return [(self.context.label("no_coach"), ""), *found]

    def refresh(self, select: str | None = None) -> None:
        """Reload everyone from the store, keeping the choice (or choosing `select`, which is
        then remembered); a picker opens on the person chosen last in any coaching view."""
        people = self.context.store.reps()
        self._people = {p.id: p for p in people}
        shown = [p for p in people if p.role in self.roles]
        keep = select or self.dropdown.value or self.context.store.coaching_rep()
        if keep not in {p.id for p in shown}:
            keep = shown[0].id if shown else None
        before = self.dropdown.value
        with self.quiet:
            self.dropdown.options = [(self._choice(p), p.id) for p in shown]
            self.dropdown.value = keep
        has_demo = any(p.demo for p in people)
        # Emptied as well as hidden: no front end shows "No reps yet" above a list of reps.
        said = self.context.label(self.empty_key) if self.empty_key and not shown else ""
        self.empty.value = f"<p>{escape(said)}</p>" if said else ""
        self.empty.layout.display = "block" if said else "none"
        self.dropdown.layout.display = "flex" if shown else "none"
        self.demo_button.layout.display = "none" if has_demo else "inline-flex"
        self.remove_demo_button.layout.display = "inline-flex" if has_demo else "none"
        self._offer_coaches()
        self._show_coach()
        if select is not None:
            self._remember()
        if keep != before or select is not None:
            self._notify()

    def _offer_coaches(self) -> None:
        options = self._coach_options(self.new_role.value)
        with self.quiet:
            self.new_coach.options = options
            self.new_coach.value = ""
        self.new_coach.layout.display = "flex" if len(options) > 1 else "none"

    def _show_coach(self) -> None:
        rep = self.rep
        if rep is None or (rep.role == "director" and not self._coach_options("director")[1:]):
            self.coached_by.value = ""
            self.coach_row.layout.display = "none"
            return
        coach = self._people.get(rep.coach_id or "")
        self.coached_by.value = (
            note_html(self.context.label("coached_by", coach=coach.name)) if coach else ""
        )
        options = self._coach_options(rep.role)
        with self.quiet:
            self.coach.options = options
            self.coach.value = rep.coach_id if coach else ""
        self.coach_row.layout.display = "flex" if len(options) > 1 else "none"

    def choose(self, rep_id: str) -> None:
        self.dropdown.value = rep_id

    def add(self) -> Rep | None:
        """Add the typed person with their role and coach, and choose them; a refused name
        or coach changes nothing."""
        store = self.context.store
        try:
            rep = coaching_team.add_person(
                store, self.new_name.value, self.new_role.value, self.new_coach.value
            )
        except (WorkshopError, StoreError) as exc:
            self.message.value = refusal_html(exc, self.context)
            return None
        self.new_name.value = ""
        self.message.value = message_html(self.context.label("rep_added", rep=rep.name))
        self.refresh(select=rep.id if rep.role in self.roles else None)
        return rep

    def set_coach(self) -> Rep | None:
        """Make the chosen coach the chosen person's (or nobody, for "No coach")."""
        rep = self.rep
        if rep is None:
            return None
        try:
            updated = coaching_team.set_coach(self.context.store, rep.id, self.coach.value)
        except (WorkshopError, StoreError) as exc:
            self.message.value = refusal_html(exc, self.context)
            return None
        coach = self._people.get(updated.coach_id or "")
        label = self.context.label
        self.message.value = message_html(
            label("coach_saved", person=rep.name, coach=coach.name)
            if coach
            else label("coach_cleared", person=rep.name)
        )
        self.refresh()
        return updated

    def load_demo(self) -> None:
        context = self.context
        try:
            team = coaching_team.load_demo_team(context.store, context.content, context.today())
        except (WorkshopError, StoreError) as exc:
            self.message.value = refusal_html(exc, context)
            return
        mark = context.label("demo_mark")
        self.message.value = message_html(
            context.label("demo_loaded", count=len(team.people), mark=mark)
        )
        first = next((p for p in team.people if p.role in self.roles), None)
        self.refresh(select=first.id if first else None)

    def remove_demo(self) -> None:
        try:
            self.context.store.remove_demo_team()
        except StoreError as exc:
            self.message.value = refusal_html(exc, self.context)
            return
        self.message.value = message_html(self.context.label("demo_removed"))
        self.refresh()


def ranked(people: list[Rep]) -> list[Rep]:
    """People from the top of the chain down (directors first), each level by name."""
    return sorted(people, key=lambda p: -RANK[p.role])
