"""Progress: one rep's fixes curve, cadence, next focus and each competency's trend; the team's
heatmap, fixes and self-checks (the measure of a self-managed team)."""

from __future__ import annotations

from datetime import date

import ipywidgets as widgets

from workshop.coaching.model import Evaluation, Rep
from workshop.coaching.progress import (
    SELF_CHECK_WINDOW,
    RepProgress,
    explain,
    fixes_curve,
    fixes_of,
    milestones_reached,
    movement,
    rep_progress,
)
from workshop.html import escape
from workshop.services.coaching_team import person_progress
from workshop.ui.base import heading
from workshop.ui.coaching.context import CoachingContext, button
from workshop.ui.coaching.picker import RepPicker


class RepProgressView:
    """The fixes curve with its milestones, cadence and streak, next focus, movement."""

    def __init__(self, context: CoachingContext, picker: RepPicker | None = None) -> None:
        self.context = context
        self.picker = picker or RepPicker(context)
        self.curve = widgets.Image(
            format="png", layout=widgets.Layout(width="100%", max_width="700px")
        )
        self.summary = widgets.HTML()
        self.focus = widgets.HTML()
        self.trends = widgets.Image(
            format="png", layout=widgets.Layout(width="100%", max_width="1100px")
        )
        self.movement = widgets.HTML()
        self.progress: RepProgress | None = None
        self.widget = widgets.VBox(
            [
                heading(context.label("progress_title"), context.label("progress_intro")),
                self.picker.widget,
                self.summary,
                self.curve,
                self.focus,
                self.trends,
                self.movement,
            ]
        )
        self.widget.add_class("workshop-coaching-progress")
        self.widget.add_class("workshop-coaching")
        self.picker.on_change(lambda _rep: self.refresh())
        self.refresh()

    @property
    def rep(self) -> Rep | None:
        return self.picker.rep

    def refresh(self) -> None:
        rep = self.rep
        if rep is None:
            self.progress = None
            self.curve.layout.display = self.trends.layout.display = "none"
            self.summary.value = self.focus.value = self.movement.value = ""
            return
        context, label = self.context, self.context.label
        content = context.content.for_role(rep.role)
        today = context.today()
        progress = person_progress(context.store, context.content, rep, today)
        fixes = fixes_of(context.store.calls(rep.id))
        evaluations = context.store.evaluations(rep.id)
        self.progress = progress
        days = [day for day, _ in fixes]
        reached = milestones_reached(days, content.milestones)
        self.summary.value = _summary_html(context, progress, reached)
        self.curve.value = curve_png(context, days, today)
        self.curve.layout.display = "block"
        sentence = explain(progress.focus, rep.name, content)
        self.focus.value = (
            f"<h4>{escape(label('next_focus'))}</h4><p>{escape(sentence)}</p>"
            + parked_html(context, progress)
        )
        self.movement.value = movement_html(context, progress)
        if not evaluations:
            self.trends.layout.display = "none"
            return
        from workshop.coaching.images import trends_png

        self.trends.value = trends_png(
            content.groups,
            evaluations,
            fixes,
            content.scale,
            today,
            progress.focus.competency,
            label("trend_title"),
            label("trend_legend"),
            language=content.language,
        )
        self.trends.layout.display = "block"


def parked_html(context: CoachingContext, progress: RepProgress) -> str:
    """The fixes parked by earlier calls, beside the next focus: situations for later calls."""
    if not progress.parked:
        return ""
    label = context.label
    items = "".join(
        f"<li>{escape(label('parked_item', fix=p.text, date=p.parked_on.isoformat()))}</li>"
        for p in progress.parked
    )
    return (
        f"<p><b>{escape(label('parked_heading'))}</b></p>"
        f"<ul class='workshop-parked-fixes'>{items}</ul>"
    )


def _summary_html(
    context: CoachingContext, progress: RepProgress, reached: dict[int, date | None]
) -> str:
    label = context.label
    lines = [f"<b style='font-size:1.2em'>{escape(label('fixes_total', count=progress.fixes))}</b>"]
    lines += [
        escape(label("milestone_reached", count=mark, date=on.isoformat()))
        for mark, on in reached.items()
        if on is not None
    ]
    cadence, checks = progress.cadence, progress.self_checks
    lines.append(escape(label("this_week", count=cadence.this_week, target=cadence.target)))
    lines.append(escape(label("week_streak", weeks=cadence.streak, longest=cadence.longest)))
    lines.append(escape(label("self_check_rate", count=checks.done, window=checks.window)))
    return "<br>".join(lines)


def curve_png(
    context: CoachingContext, days: list[date], today: date, phone: bool = False
) -> bytes:
    """The rep's fixes curve toward the content's milestones, in the content's words."""
    from workshop.coaching.images import CURVE_PHONE, CURVE_WIDE, CurveWords, fixes_curve_png

    content = context.content
    words = CurveWords(
        content.labels["milestone"],
        context.label("cumulative_fixes"),
        context.label("no_fixes_chart"),
    )
    return fixes_curve_png(
        fixes_curve(days),
        milestones_reached(days, content.milestones),
        today,
        words,
        CURVE_PHONE if phone else CURVE_WIDE,
    )


def movement_html(context: CoachingContext, progress: RepProgress) -> str:
    previous, latest = progress.previous, progress.latest
    if previous is None or latest is None:
        return ""
    content = context.content
    order = [c.id for g in (*content.groups, *content.manager_groups) for c in g.competencies]
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
        self.refresh_button = button(context.label("refresh"), icon="refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.rows: list[RepProgress] = []
        self.widget = widgets.VBox(
            [
                heading(context.label("team_title"), context.label("team_intro")),
                self.refresh_button,
                self.image,
                self.table,
            ]
        )
        self.widget.add_class("workshop-coaching-team")
        self.widget.add_class("workshop-coaching")
        self.refresh()

    def refresh(self) -> None:
        """Read the team from the store and redraw; the figure is the costly part."""
        context = self.context
        content = context.content
        store = context.store
        # The team is the salespeople; managers' coaching is the director's view.
        reps = [p for p in store.reps() if p.role == "rep"]
        evaluations: dict[str, list[Evaluation]] = {}
        for evaluation in store.evaluations():
            evaluations.setdefault(evaluation.rep_id, []).append(evaluation)
        fixes = store.team_fixes()
        checks: dict[str, list[date]] = {}
        for check in store.self_checks():
            checks.setdefault(check.rep_id, []).append(check.on)
        today = context.today()
        self.rows = [
            rep_progress(
                r,
                evaluations.get(r.id, []),
                fixes.get(r.id, []),
                content,
                today,
                checks.get(r.id, []),
            )
            for r in reps
        ]
        if not reps:
            self.image.layout.display = "none"
            self.table.value = f"<p>{escape(context.label('no_reps'))}</p>"
            return
        from workshop.coaching.images import TeamRows, TeamWords, team_svg

        rows = TeamRows(
            names=[r.name for r in reps],
            scores=[p.latest.scores if p.latest else None for p in self.rows],
            fixes=[p.fixes for p in self.rows],
            self_checks=[p.self_checks.done for p in self.rows],
            window=SELF_CHECK_WINDOW,
        )
        words = TeamWords(
            context.label("heatmap_title"),
            context.label("fixes_per_rep"),
            context.label("self_checks_per_rep", window=SELF_CHECK_WINDOW),
        )
        self.image.value = team_svg(rows, content.groups, content.scale, content.milestones, words)
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
        f"<td style='padding-right:1em'>"
        f"{escape(label('self_check_rate', count=p.self_checks.done, window=p.self_checks.window))}"
        "</td>"
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
