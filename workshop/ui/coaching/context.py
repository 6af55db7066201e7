"""What the coaching views share: their context (content, store, clock), the rep picker, and
widgets whose labels are never cut.

The picker remembers the chosen rep in the store (`remember_coaching_rep`), so each coaching
notebook opens on the rep chosen last, in whichever notebook that was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import ipywidgets as widgets

from workshop.coaching.model import CoachingError, Rep
from workshop.coaching.rules import check_rep_name
from workshop.content.coaching import CoachingContent
from workshop.content.coaching_files import load_coaching_content
from workshop.errors import StoreError, WorkshopError
from workshop.html import escape
from workshop.store import Store
from workshop.ui.base import Quiet, error_html, message_html, refusal_text


def utc_now() -> datetime:
    return datetime.now(UTC)


class CoachingContext:
    """The coaching content, the store and the clock shared by the views of one notebook.

    `today` and `clock` are the only reads of time, so tests pass fixed ones.
    """

    def __init__(
        self,
        content: CoachingContent,
        store: Store,
        today: Callable[[], date] = date.today,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.content = content
        self.store = store
        self.today = today
        self.clock = clock

    @classmethod
    def from_environment(
        cls, content: CoachingContent | None = None, store: Store | None = None
    ) -> CoachingContext:
        """The default content folder and the database `WORKSHOP_DB` names."""
        return cls(content or load_coaching_content(), store or Store())

    def label(self, key: str, **values: object) -> str:
        return self.content.label(key, **values)

    def refusal(self, exc: WorkshopError) -> str:
        """Why something was refused, in the content's words when a label names the rule."""
        return refusal_text(exc, self.content.labels, prefix="refused_", templates=True)

    def competency_name(self, competency_id: str) -> str:
        try:
            return self.content.competency(competency_id).name
        except KeyError:
            return competency_id  # from a content set that has since changed


#: A label sized to its words: ipywidgets otherwise cuts a description at about 80 px.
FIT = {"description_width": "initial"}


def button(description: str, primary: bool = False, **kwargs: Any) -> widgets.Button:
    """A button as wide as its words (ipywidgets' fixed width cuts "Save the rep's ans…"),
    not stretched across a column either."""
    return widgets.Button(
        description=description,
        button_style="primary" if primary else "",
        layout=widgets.Layout(width="auto", min_width="max-content", align_self="flex-start"),
        **kwargs,
    )


def toggles(
    options: list[tuple[str, Any]], width: str = "auto", **kwargs: Any
) -> widgets.ToggleButtons:
    """Toggle buttons that show their whole label ("10", not "1…"), starting unset."""
    return widgets.ToggleButtons(
        options=options, value=None, style={"button_width": width, **FIT}, **kwargs
    )


def refusal_html(exc: WorkshopError, context: CoachingContext) -> str:
    """A refusal as the manager sees it: that nothing was saved, and why."""
    return error_html(f"{context.label('not_saved')}: {context.refusal(exc)}")


class RepPicker:
    """Choose a rep, add one by name, or load (and later remove) a marked demo team."""

    def __init__(self, context: CoachingContext) -> None:
        self.context = context
        label = context.label
        self.dropdown = widgets.Dropdown(
            description=label("rep"), options=[], value=None, style=FIT
        )
        self.new_name = widgets.Text(placeholder=label("new_rep"))
        self.add_button = button(label("add_rep"), icon="user-plus")
        self.demo_button = button(label("load_demo"))
        self.remove_demo_button = button(label("remove_demo"))
        self.empty = widgets.HTML()
        self.message = widgets.HTML()
        self._listeners: list[Callable[[Rep | None], None]] = []
        self._reps: dict[str, Rep] = {}
        self.quiet = Quiet()

        self.dropdown.observe(self._on_pick, names="value")
        self.add_button.on_click(lambda _: self.add())
        self.demo_button.on_click(lambda _: self.load_demo())
        self.remove_demo_button.on_click(lambda _: self.remove_demo())
        self.widget = widgets.VBox(
            [
                self.empty,
                self.dropdown,
                widgets.HBox([self.new_name, self.add_button]),
                widgets.HBox([self.demo_button, self.remove_demo_button]),
                self.message,
            ]
        )
        self.widget.add_class("workshop-rep-picker")
        self.refresh()

    @property
    def rep(self) -> Rep | None:
        value = self.dropdown.value
        return self._reps.get(value) if isinstance(value, str) else None

    def on_change(self, listener: Callable[[Rep | None], None]) -> None:
        self._listeners.append(listener)

    def _on_pick(self, _change: dict[str, Any]) -> None:
        if not self.quiet:
            self._remember()
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

    def refresh(self, select: str | None = None) -> None:
        """Reload the reps from the store, keeping the choice (or choosing `select`, which is
        then remembered); a picker opens on the rep chosen last in any coaching view."""
        reps = self.context.store.reps()
        self._reps = {r.id: r for r in reps}
        keep = select or self.dropdown.value or self.context.store.coaching_rep()
        if keep not in self._reps:
            keep = reps[0].id if reps else None
        before = self.dropdown.value
        with self.quiet:
            self.dropdown.options = [(r.name, r.id) for r in reps]
            self.dropdown.value = keep
        has_demo = any(r.demo for r in reps)
        # Emptied as well as hidden: no front end shows "No reps yet" above a list of reps.
        self.empty.value = "" if reps else f"<p>{escape(self.context.label('no_reps'))}</p>"
        self.empty.layout.display = "none" if reps else "block"
        self.dropdown.layout.display = "flex" if reps else "none"
        self.demo_button.layout.display = "none" if has_demo else "inline-flex"
        self.remove_demo_button.layout.display = "inline-flex" if has_demo else "none"
        if select is not None:
            self._remember()
        if keep != before or select is not None:
            self._notify()

    def choose(self, rep_id: str) -> None:
        self.dropdown.value = rep_id

    def add(self) -> Rep | None:
        """Add the typed rep and choose them; a refused name changes nothing."""
        try:
            name = check_rep_name(self.new_name.value)
            rep = self.context.store.create_rep(name)
        except (CoachingError, StoreError) as exc:
            self.message.value = refusal_html(exc, self.context)
            return None
        self.new_name.value = ""
        self.message.value = message_html(self.context.label("rep_added", rep=rep.name))
        self.refresh(select=rep.id)
        return rep

    def load_demo(self) -> None:
        from workshop.coaching.demo import demo_team

        team = demo_team(self.context.content, self.context.today())
        try:
            self.context.store.import_coaching(
                team.reps, team.evaluations, team.calls, team.self_checks
            )
        except (CoachingError, StoreError) as exc:
            self.message.value = refusal_html(exc, self.context)
            return
        mark = self.context.label("demo_mark")
        self.message.value = message_html(
            self.context.label("demo_loaded", count=len(team.reps), mark=mark)
        )
        self.refresh(select=team.reps[0].id if team.reps else None)

    def remove_demo(self) -> None:
        try:
            self.context.store.remove_demo_team()
        except StoreError as exc:
            self.message.value = refusal_html(exc, self.context)
            return
        self.message.value = message_html(self.context.label("demo_removed"))
        self.refresh()
