"""Evaluate a rep on every competency, with a radar of this evaluation over the previous one.

Choosing a rep shows their latest evaluation; a new one starts from today's date, blank.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from workshop.coaching import rules as coaching
from workshop.coaching.model import Evaluation, Rep
from workshop.coaching.progress import movement
from workshop.content.base import Scale
from workshop.content.coaching import CoachingContent, CompetencyGroup
from workshop.errors import StoreError, WorkshopError
from workshop.html import escape
from workshop.ui.base import Quiet, heading, message_html, note_html
from workshop.ui.coaching.context import (
    FIT,
    CoachingContext,
    button,
    refusal_html,
    toggles,
)
from workshop.ui.coaching.picker import RepPicker

#: Wide enough for the scale's longest number ("10") with the button's padding.
SCORE_BUTTON = "3.2em"


def toggles_for(scale: Scale) -> widgets.ToggleButtons:
    return toggles([(str(v), v) for v in scale.values], SCORE_BUTTON)


class EvaluateView:
    """One toggle row per competency, built once; choosing a rep or a date reloads them."""

    def __init__(self, context: CoachingContext, picker: RepPicker | None = None) -> None:
        self.context = context
        content = context.content
        label = context.label
        self.picker = picker or RepPicker(context)
        self.date = widgets.DatePicker(description=label("date"), value=context.today(), style=FIT)
        self.new_button = button(label("new_evaluation"), icon="plus")
        self.new_button.on_click(lambda _: self.start_new())
        self.showing = widgets.HTML()
        self.quiet = Quiet()
        self.previous: Evaluation | None = None
        # One set of rows per role's competencies: a manager is evaluated on their own.
        self.sets = {"rep": self._sections(content.groups)}
        if content.manager_groups:
            self.sets["manager"] = self._sections(content.manager_groups)
        scale = content.scale
        legend = widgets.HTML(
            f"<small>{scale.min} = {escape(scale.low_label)} · "
            f"{scale.max} = {escape(scale.high_label)}</small>"
        )
        self.count = widgets.HTML()
        self.save_button = button(label("save_evaluation"), primary=True, icon="check")
        self.save_button.on_click(lambda _: self.save())
        self.message = widgets.HTML()
        self.radar = widgets.Image(format="png", layout=widgets.Layout(width="460px"))
        self.comparison = widgets.HTML()
        self.movement = widgets.HTML()

        self.widget = widgets.VBox(
            [
                heading(label("evaluate_title"), content.intro),
                self.picker.widget,
                widgets.HBox(
                    [self.date, self.new_button], layout=widgets.Layout(flex_flow="row wrap")
                ),
                self.showing,
                legend,
                widgets.HBox(
                    [
                        *(box for box, _ in self.sets.values()),
                        widgets.VBox([self.radar, self.comparison, self.movement]),
                    ],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.count,
                self.save_button,
                self.message,
            ]
        )
        self.widget.add_class("workshop-coaching-evaluate")
        self.widget.add_class("workshop-coaching")
        self.picker.on_change(lambda _rep: self.show_latest())
        self.date.observe(self._on_date, names="value")
        self.show_latest()

    def _sections(
        self, groups: Sequence[CompetencyGroup]
    ) -> tuple[widgets.VBox, dict[str, widgets.ToggleButtons]]:
        """A section per competency group, a row of score buttons per competency."""
        scale = self.context.content.scale
        sections: list[widgets.Widget] = []
        toggles: dict[str, widgets.ToggleButtons] = {}
        for group in groups:
            rows: list[widgets.Widget] = [widgets.HTML(f"<h3>{escape(group.name)}</h3>")]
            for competency in group.competencies:
                toggle = toggles_for(scale)
                toggle.observe(self._on_toggle, names="value")
                toggles[competency.id] = toggle
                row = widgets.VBox(
                    [
                        widgets.HTML(
                            f"<b>{escape(competency.name)}</b><br>"
                            f"<small>{escape(competency.good)}</small>"
                        ),
                        toggle,
                    ]
                )
                row.add_class(f"workshop-competency-{competency.id}")
                rows.append(row)
            sections.append(widgets.VBox(rows))
        return widgets.VBox(sections), toggles

    # -- state ------------------------------------------------------------------------------

    @property
    def rep(self) -> Rep | None:
        return self.picker.rep

    @property
    def kind(self) -> str:
        """Which competencies the chosen person is evaluated on: a rep's, or a manager's."""
        rep = self.rep
        return "manager" if rep and rep.role != "rep" and "manager" in self.sets else "rep"

    @property
    def toggles(self) -> dict[str, widgets.ToggleButtons]:
        return self.sets[self.kind][1]

    @property
    def content(self) -> CoachingContent:
        rep = self.rep
        return self.context.content.for_role(rep.role) if rep else self.context.content

    @property
    def scores(self) -> dict[str, int]:
        return {c: t.value for c, t in self.toggles.items() if t.value is not None}

    def show_latest(self) -> None:
        """Show the chosen rep's latest evaluation (today's date, blank, when there is none)."""
        rep = self.rep
        saved = self.context.store.evaluations(rep.id) if rep else []
        with self.quiet:
            self.date.value = saved[-1].on if saved else self.context.today()
        self.load()

    def start_new(self) -> None:
        """A new evaluation, dated today; blank unless today's is already saved."""
        with self.quiet:
            self.date.value = self.context.today()
        self.load()

    def _on_date(self, _change: dict[str, Any]) -> None:
        if not self.quiet:
            self.load()

    def load(self) -> None:
        """Show the rep's evaluation of the chosen date (blank if none) and the one before."""
        rep = self.rep
        saved = self.context.store.evaluations(rep.id) if rep else []
        day = self.date.value
        current = next((e for e in saved if e.on == day), None)
        earlier = [e for e in saved if day is None or e.on < day]
        self.previous = earlier[-1] if earlier else None
        for kind, (box, _) in self.sets.items():
            box.layout.display = "flex" if kind == self.kind else "none"
        with self.quiet:
            for competency_id, toggle in self.toggles.items():
                toggle.value = current.scores.get(competency_id) if current else None
        self.save_button.disabled = rep is None
        self.message.value = ""
        self._say_which(rep, current, first=not saved)
        self.refresh()

    def _say_which(self, rep: Rep | None, current: Evaluation | None, first: bool) -> None:
        label = self.context.label
        if rep is None or (current is None and not first):
            self.showing.value = ""
        elif current is not None:
            self.showing.value = note_html(
                label("showing_evaluation", rep=rep.name, date=current.on.isoformat())
            )
        else:
            self.showing.value = note_html(label("no_evaluation_yet", rep=rep.name))

    def _on_toggle(self, _change: dict[str, Any]) -> None:
        if not self.quiet:
            # A half-scored radar is a broken line; it redraws once every competency is scored.
            self.refresh(radar=len(self.scores) == len(self.toggles))

    def refresh(self, radar: bool = True) -> None:
        """Update the count and the movement, and (unless told not to) redraw the radar."""
        content = self.content
        label = self.context.label
        scores = self.scores
        self.count.value = note_html(
            label("scored", scored=len(scores), total=len(content.competencies))
        )
        if self.rep is None:
            self.radar.layout.display = "none"
            self.comparison.value = self.movement.value = ""
            return
        self.movement.value = self._movement_html(scores)
        if not radar:
            return
        from workshop.coaching.images import radar_png

        previous = self.previous
        previous_label = (
            label("previous_evaluation", date=previous.on.isoformat()) if previous else ""
        )
        self.radar.value = radar_png(
            content.groups,
            scores,
            content.scale,
            previous.scores if previous else None,
            label("this_evaluation"),
            previous_label,
        )
        self.radar.layout.display = "block"
        self.comparison.value = "" if previous else note_html(label("first_evaluation"))

    def _movement_html(self, scores: dict[str, int]) -> str:
        previous, rep = self.previous, self.rep
        if previous is None or rep is None or not scores:
            return ""
        day = self.date.value
        now = Evaluation(rep.id, day or self.context.today(), scores)
        order = [c.id for c in self.content.competencies]
        moved = [m for m in movement(previous, now, order) if m.delta]
        title = escape(self.context.label("movement_heading", date=previous.on.isoformat()))
        if not moved:
            return f"<b>{title}</b><br>{escape(self.context.label('no_movement'))}"
        lines = [
            f"{escape(self.context.competency_name(m.competency))}: {m.before} → {m.after} "
            f"<b style='color:{'#1b5e20' if m.delta > 0 else '#b00020'}'>({m.delta:+d})</b>"
            for m in sorted(moved, key=lambda m: -m.delta)
        ]
        return f"<b>{title}</b><br>" + "<br>".join(lines)

    # -- actions ----------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the evaluation if the domain accepts it; a refusal is shown and nothing saved."""
        rep = self.rep
        if rep is None:
            return False
        context = self.context
        try:
            evaluation = coaching.check_evaluation(
                rep.id, self.date.value, self.scores, self.content, context.today()
            )
            context.store.save_evaluation(evaluation)
        except (WorkshopError, StoreError) as exc:
            self.message.value = refusal_html(exc, context)
            return False
        self.message.value = message_html(
            context.label("evaluation_saved", date=evaluation.on.isoformat(), rep=rep.name)
        )
        self._say_which(rep, evaluation, first=False)
        return True


def evaluate_view(context: CoachingContext | None = None) -> widgets.VBox:
    """Build the evaluation screen for the notebook."""
    return EvaluateView(context or CoachingContext.from_environment()).widget
