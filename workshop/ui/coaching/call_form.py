"""The widgets of one coaching call, step by step in the method's order (see
`workshop.ui.coaching.calls`, which gives them their behaviour)."""

from __future__ import annotations

from datetime import datetime

import ipywidgets as widgets

from workshop.coaching import rules as coaching
from workshop.html import escape
from workshop.ui.base import heading, note_html
from workshop.ui.coaching.context import FIT, CoachingContext, RepPicker, button, toggles


def wide() -> widgets.Layout:
    """A layout of its own (a Layout shared by two widgets hides both when one is hidden)."""
    return widgets.Layout(width="100%", max_width="48em")


def when(stamp: datetime | None) -> str:
    return stamp.astimezone().strftime("%Y-%m-%d %H:%M") if stamp else ""


class _Step:
    """A step's heading, its fields (shown once it opens) and the note that says when it will."""

    def __init__(self, title: str, fields: list[widgets.Widget]) -> None:
        self.body = widgets.VBox(fields)
        self.lock = widgets.HTML()
        self.widget = widgets.VBox(
            [widgets.HTML(f"<h4>{escape(title)}</h4>"), self.lock, self.body]
        )

    def open(self, is_open: bool, lock: str = "") -> None:
        self.body.layout.display = "flex" if is_open else "none"
        self.lock.value = "" if is_open else note_html(lock)


class CallForm:
    """The call's widgets, built once, in the order a manager fills them in; `CallView` gives
    them their behaviour."""

    def __init__(self, context: CoachingContext, picker: RepPicker | None = None) -> None:
        self.context = context
        self.picker = picker or RepPicker(context)
        self._build()

    def _build(self) -> None:
        label = self.context.label
        self.chooser = widgets.Dropdown(description=label("choose_call"), style=FIT, layout=wide())
        self.message = widgets.HTML()
        # Six months of whole calls scroll in their own box below the call.
        self.history = widgets.HTML(
            layout=widgets.Layout(
                width="100%", max_width="48em", max_height="40em", overflow="auto"
            )
        )
        self.steps = [
            _Step(label("step_situation"), self._situation_fields()),
            _Step(label("step_answer"), self._answer_fields()),
            _Step(label("step_diagnosis"), self._diagnosis_fields()),
            _Step(label("step_insight"), self._insight_fields()),
            _Step(label("step_fix"), self._fix_fields()),
        ]
        self.widget = widgets.VBox(
            [
                heading(label("calls_title"), label("calls_intro")),
                self.picker.widget,
                self.chooser,
                *(step.widget for step in self.steps),
                self.message,
                self.history,
            ]
        )
        self.widget.add_class("workshop-coaching-calls")

    def _situation_fields(self) -> list[widgets.Widget]:
        context, label = self.context, self.context.label
        content, length = context.content, context.content.call_length
        self.date = widgets.DatePicker(description=label("date"), value=context.today(), style=FIT)
        self.minutes = widgets.BoundedIntText(
            value=length.min,
            min=1,
            max=coaching.MINUTES_MAX,
            description=label("minutes"),
            style=FIT,
            layout=widgets.Layout(width="12em"),
        )
        self.medium = toggles(
            [(text, key) for key, text in content.mediums.items()], description=label("medium")
        )
        self.medium.value = "call" if "call" in content.mediums else None
        self.situation = widgets.Textarea(
            placeholder=label("situation_hint"), layout=widgets.Layout(width="100%", height="4em")
        )
        self.competency = widgets.Dropdown(
            options=[(c.name, c.id) for c in content.competencies],
            value=None,
            description=label("competency"),
            style=FIT,
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.suggestion = widgets.HTML()
        self.use_suggestion = button(label("use_suggestion"))
        self.start_button = button(label("start_call"), primary=True, icon="play")
        self.opened = widgets.HTML()
        self.form = widgets.VBox(
            [
                widgets.HBox(
                    [self.date, self.minutes], layout=widgets.Layout(flex_flow="row wrap")
                ),
                widgets.HTML(note_html(label("length_hint", min=length.min, max=length.max))),
                self.medium,
                widgets.HTML(f"<b>{escape(label('situation'))}</b>"),
                self.situation,
                widgets.HTML(f"<b>{escape(label('choose_competency'))}</b>"),
                self.suggestion,
                self.use_suggestion,
                self.competency,
                self.start_button,
            ],
            layout=wide(),
        )
        return [self.form, self.opened]

    def _answer_fields(self) -> list[widgets.Widget]:
        label = self.context.label
        self.rep_answer = widgets.Textarea(
            placeholder=label("rep_answer_hint"), layout=widgets.Layout(width="100%", height="5em")
        )
        self.answer_button = button(label("save_answer"), primary=True)
        self.check_button = button(label("check_answer"), icon="refresh")
        self.answer_status = widgets.HTML()
        question = f"<p><b>{escape(self.context.content.do_over_question)}</b></p>"
        buttons = widgets.HBox(
            [self.answer_button, self.check_button, self.answer_status],
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        return [widgets.VBox([widgets.HTML(question), self.rep_answer, buttons], layout=wide())]

    def _diagnosis_fields(self) -> list[widgets.Widget]:
        content, label = self.context.content, self.context.label
        yes_no = [(label("answer_yes"), True), (label("answer_no"), False)]
        self.knows = toggles(yes_no)
        self.can = toggles(yes_no)
        self.gap = widgets.HTML()
        return [
            widgets.HTML(f"<b>{escape(content.knows_question)}</b>"),
            self.knows,
            widgets.HTML(f"<b>{escape(content.can_question)}</b>"),
            self.can,
            self.gap,
        ]

    def _insight_fields(self) -> list[widgets.Widget]:
        content, label = self.context.content, self.context.label
        self.adjustments = {
            key: widgets.ToggleButton(
                description=text, value=False, layout=widgets.Layout(width="auto")
            )
            for key, text in content.adjustments.items()
        }
        self.insight = widgets.Textarea(
            placeholder=label("insight_hint"), layout=widgets.Layout(width="100%", height="5em")
        )
        self.insight_button = button(label("save_insight"), primary=True)
        self.insight_status = widgets.HTML()
        return [
            widgets.VBox(
                [
                    widgets.HTML(f"<p>{escape(content.insight_prompt)}</p>"),
                    self.insight,
                    widgets.HTML(f"<b>{escape(label('adjust'))}</b>"),
                    widgets.HBox(
                        list(self.adjustments.values()), layout=widgets.Layout(flex_flow="row wrap")
                    ),
                    widgets.HBox([self.insight_button, self.insight_status]),
                ],
                layout=wide(),
            )
        ]

    def _fix_fields(self) -> list[widgets.Widget]:
        label = self.context.label
        self.fix = widgets.Textarea(
            placeholder=label("fix_hint"), layout=widgets.Layout(width="100%", height="3em")
        )
        self.fix_button = button(label("save_fix"), primary=True, icon="check")
        return [widgets.VBox([self.fix, self.fix_button], layout=wide())]
