"""The menu for life: chosen ingredients, one action each, and the attendee's mantra."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from workshop.errors import WorkshopError
from workshop.html import escape
from workshop.keynote import reflections
from workshop.keynote.answers import Pick
from workshop.keynote.reflections import Ingredient
from workshop.services import answers
from workshop.text import check_text
from workshop.ui.base import Quiet, error_html, heading
from workshop.ui.keynote.autosave import Autosaver
from workshop.ui.keynote.context import AttendeeContext, IdentityBar

EXERCISE = "menu"
KIND = "ingredient"
NAME_WIDTH = "14em"


class _ContentRow:
    """An ingredient the content offers: a tick box, and its action once ticked."""

    def __init__(self, name: str, action_prompt: str) -> None:
        self.name = name
        self.check = widgets.Checkbox(
            value=False, description=name, indent=False, layout=widgets.Layout(width=NAME_WIDTH)
        )
        self.action = widgets.Text(
            placeholder=action_prompt, layout=widgets.Layout(flex="1 1 auto", display="none")
        )
        self.widget = widgets.HBox([self.check, self.action])

    @property
    def chosen(self) -> bool:
        return bool(self.check.value)


class _OwnSlot:
    """Room for one ingredient of the attendee's own; hidden while empty."""

    def __init__(self, action_prompt: str, remove_label: str) -> None:
        self.name = ""
        self.label = widgets.HTML(layout=widgets.Layout(width=NAME_WIDTH))
        self.action = widgets.Text(
            placeholder=action_prompt, layout=widgets.Layout(flex="1 1 auto")
        )
        self.remove = widgets.Button(description=remove_label, layout=widgets.Layout(width="auto"))
        self.widget = widgets.HBox(
            [self.label, self.action, self.remove], layout=widgets.Layout(display="none")
        )

    @property
    def chosen(self) -> bool:
        return bool(self.name)

    def fill(self, name: str, action: str) -> None:
        self.name = name
        self.label.value = f"<b>{escape(name)}</b>"
        self.action.value = action
        self.widget.layout.display = "flex"

    def clear(self) -> None:
        self.name = ""
        self.label.value = ""
        self.action.value = ""
        self.widget.layout.display = "none"


class MenuView:
    """Widgets built once: a row per content ingredient and `max_ingredients` own slots.

    Every change asks `reflections.check_menu` first; a choice it refuses is undone on screen
    and nothing is saved.
    """

    def __init__(self, context: AttendeeContext) -> None:
        self.context = context
        self.content = context.content.menu
        self.saver = Autosaver(context)
        self.quiet = Quiet()
        menu = self.content

        self.rows = {name: _ContentRow(name, menu.action_prompt) for name in menu.ingredients}
        for row in self.rows.values():
            row.check.observe(self._on_check(row), names="value")
            row.action.observe(self._on_action, names="value")
        self.slots = [
            _OwnSlot(menu.action_prompt, context.label("remove"))
            for _ in range(menu.max_ingredients)
        ]
        for slot in self.slots:
            slot.action.observe(self._on_action, names="value")
            slot.remove.on_click(self._on_remove(slot))

        self.own_name = widgets.Text(
            placeholder=context.label("own_ingredient"), layout=widgets.Layout(width=NAME_WIDTH)
        )
        # Enter adds too: the front end sends "submit" (Text.on_submit is deprecated).
        self.own_name.on_msg(self._on_own_message)
        self.add_button = widgets.Button(description=context.label("add"), icon="plus")
        self.add_button.on_click(lambda _button: self.add_own())
        self.count = widgets.HTML()
        self.message = widgets.HTML()

        self.mantra = widgets.Combobox(
            options=list(menu.mantra_examples),
            ensure_option=False,
            placeholder=menu.mantra_prompt,
            layout=widgets.Layout(width="100%"),
        )
        self.mantra.observe(self._on_mantra, names="value")
        self.mantra.add_class("workshop-mantra")
        self.mantra_message = widgets.HTML()

        self.widget = widgets.VBox(
            [
                heading(menu.title, menu.intro),
                self.count,
                *(row.widget for row in self.rows.values()),
                *(slot.widget for slot in self.slots),
                widgets.HBox([self.own_name, self.add_button]),
                self.message,
                widgets.HTML(f"<h3>{escape(menu.mantra_prompt)}</h3>"),
                self.mantra,
                self.mantra_message,
                self.saver.status,
            ]
        )
        self.widget.add_class("workshop-menu")
        context.on_change(lambda _attendee: self.load())
        self.load()

    # -- events -----------------------------------------------------------------------------

    def _on_check(self, row: _ContentRow) -> Any:
        def handler(change: dict[str, Any]) -> None:
            if self.quiet:
                return
            if change["new"]:
                self.choose(row.name)
            else:
                self._changed()

        return handler

    def _on_action(self, _change: dict[str, Any]) -> None:
        if not self.quiet:
            self._changed()

    def _on_remove(self, slot: _OwnSlot) -> Any:
        def handler(_button: object) -> None:
            with self.quiet:
                slot.clear()
            self._changed()

        return handler

    def _on_own_message(self, _widget: object, content: dict[str, object], _buf: object) -> None:
        if content.get("event") == "submit":
            self.add_own()

    def _on_mantra(self, change: dict[str, Any]) -> None:
        if not self.quiet:
            self.save_mantra(change["new"])

    # -- actions ----------------------------------------------------------------------------

    def ingredients(self) -> list[Ingredient]:
        """The menu on screen: ticked content ingredients in content order, then the own ones."""
        chosen = [Ingredient(r.name, r.action.value) for r in self.rows.values() if r.chosen]
        chosen += [Ingredient(s.name, s.action.value) for s in self.slots if s.chosen]
        return chosen

    def choose(self, name: str) -> bool:
        """Tick a content ingredient; if the menu cannot take it, untick it and say why."""
        row = self.rows[name]
        self._set(row.check, True)
        try:
            reflections.check_menu(self.ingredients(), self.context.content)
        except WorkshopError as exc:
            self._set(row.check, False)
            self._refuse(exc, adding=True)
            return False
        return self._save()

    def add_own(self) -> bool:
        """Add the typed ingredient of the attendee's own, if the menu can take it."""
        name = self.own_name.value
        if name in self.rows:  # typed one the content offers: tick it instead
            self._set(self.own_name, "")
            if self.rows[name].chosen:
                self.message.value = ""
                return True
            return self.choose(name)
        candidate = [*self.ingredients(), Ingredient(name, "")]
        try:
            reflections.check_menu(candidate, self.context.content)
        except WorkshopError as exc:
            self._refuse(exc, adding=True)
            return False
        free = next(slot for slot in self.slots if not slot.chosen)
        with self.quiet:
            free.fill(name, "")
            self.own_name.value = ""
        return self._save()

    def _changed(self) -> bool:
        """An action was edited or an ingredient removed: save the menu if it is valid."""
        try:
            reflections.check_menu(self.ingredients(), self.context.content)
        except WorkshopError as exc:
            self._refuse(exc, adding=False)
            return False
        return self._save()

    def _refuse(self, exc: WorkshopError, adding: bool) -> None:
        full = len(self.ingredients()) >= self.content.max_ingredients
        if adding and full:
            text = self.context.label("too_many_ingredients")
        else:
            text = self.context.refusal(exc)
        self.message.value = error_html(text)
        # Save what was valid before now: left pending, its later "Saved" would hide this.
        self.saver.flush()
        self.saver.failed(text)
        self._refresh()

    def _save(self) -> bool:
        picks = [Pick(i.name, i.action) for i in self.ingredients()]
        store, attendee = self.context.store, self.context.attendee
        self.message.value = ""
        self.saver.schedule(
            "ingredients",
            lambda: answers.save_picks(store, attendee, EXERCISE, KIND, picks),
        )
        self._refresh()
        return True

    def save_mantra(self, text: str) -> bool:
        try:
            check_text(text, self.context.text_limit, f'"{self.content.mantra_prompt}"')
        except WorkshopError as exc:
            self.mantra_message.value = error_html(self.context.refusal(exc))
            self.saver.flush()
            self.saver.failed(self.context.refusal(exc))
            return False
        self.mantra_message.value = ""
        store, attendee = self.context.store, self.context.attendee
        self.saver.schedule(
            "mantra",
            lambda: answers.save_text(store, attendee, EXERCISE, "mantra", text),
        )
        return True

    # -- state ------------------------------------------------------------------------------

    def _set(self, widget: Any, value: object) -> None:
        with self.quiet:
            widget.value = value

    def load(self) -> None:
        """Show the current attendee's saved menu and mantra."""
        self.saver.flush()
        saved = self.context.store.answers(self.context.attendee.id)
        picks = saved.chosen(EXERCISE, KIND)
        with self.quiet:
            for row in self.rows.values():
                row.check.value = False
                row.action.value = ""
            for slot in self.slots:
                slot.clear()
            free = iter(self.slots)
            for pick in picks:
                if pick.item in self.rows:
                    self.rows[pick.item].check.value = True
                    self.rows[pick.item].action.value = pick.detail
                else:
                    spare = next(free, None)
                    if spare is not None:  # more than fit: the content lowered its maximum
                        spare.fill(pick.item, pick.detail)
            self.own_name.value = ""
            self.mantra.value = saved.text(EXERCISE, "mantra")
        self.message.value = ""
        self.mantra_message.value = ""
        self._refresh()

    def _refresh(self) -> None:
        """Show each ticked ingredient's action field and the count, in place."""
        for row in self.rows.values():
            row.action.layout.display = "flex" if row.chosen else "none"
        chosen = len(self.ingredients())
        self.count.value = f"<b>{chosen} / {self.content.max_ingredients}</b>"


def menu_view(context: AttendeeContext | None = None) -> widgets.VBox:
    """Build the menu for life for the notebook, with the identity bar on top."""
    context = context or AttendeeContext.from_environment()
    return widgets.VBox([IdentityBar(context).widget, MenuView(context).widget])
