"""Progress: one rep's fixes curve, cadence and next focus; the team's heatmap and fixes."""

from __future__ import annotations

import ipywidgets as widgets

from workshop.coaching.model import Evaluation, Rep
from workshop.coaching.progress import (
    RepProgress,
    explain,
    fixes_curve,
    fixes_of,
    milestones_reached,
    movement,
    rep_progress,
)
from workshop.html import escape
from workshop.ui.base import heading
from workshop.ui.coaching.context import CoachingContext, RepPicker


class RepProgressView:
    """The fixes curve with its milestones, cadence and streak, next focus, movement."""

    def __init__(self, context: CoachingContext, picker: RepPicker | None = None) -> None:
        self.context = context
        self.picker = picker or RepPicker(context)
        self.curve = widgets.Image(format="png", layout=widgets.Layout(width="640px"))
        self.summary = widgets.HTML()
        self.focus = widgets.HTML()
        self.movement = widgets.HTML()
        self.progress: RepProgress | None = None
        self.widget = widgets.VBox(
            [
                heading(context.label("progress_title")),
                self.picker.widget,
                self.summary,
                self.curve,
                self.focus,
                self.movement,
            ]
        )
        self.widget.add_class("workshop-coaching-progress")
        self.picker.on_change(lambda _rep: self.refresh())
        self.refresh()

    @property
    def rep(self) -> Rep | None:
        return self.picker.rep

    def refresh(self) -> None:
        rep = self.rep
        if rep is None:
            self.progress = None
            self.curve.layout.display = "none"
            self.summary.value = self.focus.value = self.movement.value = ""
            return
        context = self.context
        content = context.content
        label = context.label
        calls = context.store.calls(rep.id)
        days = [c.on for c in calls]
        progress = rep_progress(
            rep, context.store.evaluations(rep.id), fixes_of(calls), content, context.today()
        )
        self.progress = progress
        reached = milestones_reached(days, content.milestones)
        lines = [
            f"<b style='font-size:1.2em'>{escape(label('fixes_total', count=progress.fixes))}</b>"
        ]
        lines += [
            escape(label("milestone_reached", count=mark, date=on.isoformat()))
            for mark, on in reached.items()
            if on is not None
        ]
        cadence = progress.cadence
        lines.append(escape(label("this_week", count=cadence.this_week, target=cadence.target)))
        lines.append(escape(label("week_streak", weeks=cadence.streak, longest=cadence.longest)))
        self.summary.value = "<br>".join(lines)

        from workshop.coaching.charts import fixes_curve_png

        self.curve.value = fixes_curve_png(
            fixes_curve(days), reached, content.labels["milestone"], label("cumulative_fixes")
        )
        self.curve.layout.display = "block"
        sentence = explain(progress.focus, rep.name, content)
        self.focus.value = f"<h4>{escape(label('next_focus'))}</h4><p>{escape(sentence)}</p>"
        self.movement.value = movement_html(context, progress)


def movement_html(context: CoachingContext, progress: RepProgress) -> str:
    previous, latest = progress.previous, progress.latest
    if previous is None or latest is None:
        return ""
    order = [c.id for c in context.content.competencies]
    moved = [m for m in movement(previous, latest, order) if m.delta]
    title = escape(context.label("movement_heading", date=previous.on.isoformat()))
    if not moved:
        return f"<h4>{title}</h4><p>{escape(context.label('no_movement'))}</p>"
    rows = "".join(
        f"<tr><td style='padding-right:1em'>{escape(context.competency_name(m.competency))}</td>"
        f"<td>{m.before} → {m.after}</td>"
        f"<td style='color:{'#1b5e20' if m.delta > 0 else '#b00020'}'>{m.delta:+d}</td></tr>"
        for m in sorted(moved, key=lambda m: -m.delta)
    )
    return f"<h4>{title}</h4><table>{rows}</table>"


class TeamProgressView:
    """Reps by competencies (latest scores) beside the fixes per rep, and a line per rep."""

    def __init__(self, context: CoachingContext) -> None:
        self.context = context
        self.image = widgets.Image(format="svg+xml", layout=widgets.Layout(width="100%"))
        self.table = widgets.HTML()
        self.refresh_button = widgets.Button(icon="refresh", tooltip="")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.rows: list[RepProgress] = []
        self.widget = widgets.VBox(
            [
                heading(context.label("team_title")),
                self.refresh_button,
                self.image,
                self.table,
            ]
        )
        self.widget.add_class("workshop-coaching-team")
        self.refresh()

    def refresh(self) -> None:
        """Read the team from the store and redraw; the figure is the costly part."""
        context = self.context
        content = context.content
        store = context.store
        reps = store.reps()
        evaluations: dict[str, list[Evaluation]] = {}
        for evaluation in store.evaluations():
            evaluations.setdefault(evaluation.rep_id, []).append(evaluation)
        fixes = store.team_fixes()
        today = context.today()
        self.rows = [
            rep_progress(r, evaluations.get(r.id, []), fixes.get(r.id, []), content, today)
            for r in reps
        ]
        if not reps:
            self.image.layout.display = "none"
            self.table.value = f"<p>{escape(context.label('no_reps'))}</p>"
            return
        from workshop.coaching.charts import team_svg

        self.image.value = team_svg(
            [r.name for r in reps],
            content.groups,
            [p.latest.scores if p.latest else None for p in self.rows],
            [p.fixes for p in self.rows],
            content.scale,
            content.milestones,
            context.label("heatmap_title"),
            context.label("fixes_per_rep"),
        )
        self.image.layout.display = "block"
        self.table.value = team_table_html(context, self.rows)


def team_table_html(context: CoachingContext, rows: list[RepProgress]) -> str:
    label = context.label
    body = "".join(
        "<tr>"
        f"<td style='padding-right:1em'><b>{escape(p.rep.name)}</b></td>"
        f"<td style='padding-right:1em'>{escape(label('fixes_total', count=p.fixes))}</td>"
        f"<td style='padding-right:1em'>"
        f"{escape(label('this_week', count=p.cadence.this_week, target=p.cadence.target))}</td>"
        f"<td>{escape(_focus_name(context, p))}</td>"
        "</tr>"
        for p in rows
    )
    return f"<table class='workshop-team-table'>{body}</table>"


def _focus_name(context: CoachingContext, progress: RepProgress) -> str:
    focus = progress.focus
    if focus.competency is None:
        return explain(focus, progress.rep.name, context.content)
    return f"{context.label('next_focus')}: {context.competency_name(focus.competency)}"


def progress_view(context: CoachingContext | None = None) -> widgets.VBox:
    """Build one rep's progress for the notebook."""
    return RepProgressView(context or CoachingContext.from_environment()).widget


def team_view(context: CoachingContext | None = None) -> widgets.VBox:
    """Build the team's progress for the notebook."""
    return TeamProgressView(context or CoachingContext.from_environment()).widget
