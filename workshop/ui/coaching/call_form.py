"""The widgets of one coaching call, step by step in the method's order (see
`workshop.ui.coaching.calls`, which gives them their behaviour)."""

from __future__ import annotations

from datetime import datetime

import ipywidgets as widgets

from workshop.coaching import rules as coaching
from workshop.html import escape
from workshop.ui.base import Quiet, heading, note_html
from workshop.ui.coaching.context import FIT, CoachingContext, button, toggles
from workshop.ui.coaching.picker import RepPicker


def wide() -> widgets.Layout:
    """A layout of its own (a Layout shared by two widgets hides both when one is hidden)."""
    return widgets.Layout(width="100%", max_width="48em")


def half() -> widgets.Layout:
    return widgets.Layout(flex="1 1 20em", min_width="16em", margin="0 1em 0 0")


def when(stamp: datetime | None) -> str:
    return stamp.astimezone().strftime("%Y-%m-%d %H:%M") if stamp else ""


def text_box(hint: str, height: str) -> widgets.Textarea:
    return widgets.Textarea(placeholder=hint, layout=widgets.Layout(width="100%", height=height))


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
    """The call's widgets, built once, in the order a coach fills them in; `CallView` gives
    them their behaviour."""

    def __init__(self, context: CoachingContext, picker: RepPicker | None = None) -> None:
        self.context = context
        self.picker = picker or RepPicker(context)
        self.quiet = Quiet()
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
        # The clock ticks in the browser (a Play widget); each tick redraws the time here.
        self.clock = widgets.HTML()
        self.ticker = widgets.Play(
            interval=1000,
            min=0,
            max=10**7,
            step=1,
            show_repeat=False,
            layout=widgets.Layout(display="none"),
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
                widgets.HBox([self.clock, self.ticker]),
                *(step.widget for step in self.steps),
                self.message,
                self.history,
            ]
        )
        self.widget.add_class("workshop-coaching-calls")
        self.widget.add_class("workshop-coaching")

    def _situation_fields(self) -> list[widgets.Widget]:
        context, label = self.context, self.context.label
        content, length = context.content, context.content.call_length
        self.date = widgets.DatePicker(description=label("date"), value=context.today(), style=FIT)
        self.timing = toggles(
            [(label("timing_live"), "live"), (label("timing_after"), "after")],
            description=label("timing"),
        )
        self.timing.value = "live"
        self.minutes = widgets.BoundedIntText(
            value=length.min,
            min=1,
            max=coaching.MINUTES_MAX,
            description=label("minutes"),
            style=FIT,
            layout=widgets.Layout(width="12em"),
        )
        self.length_hint = widgets.HTML(
            note_html(label("length_hint", min=length.min, max=length.max))
        )
        self.medium = toggles(
            [(text, key) for key, text in content.mediums.items()], description=label("medium")
        )
        self.medium.value = "call" if "call" in content.mediums else None
        self.situation = text_box(label("situation_hint"), "4em")
        self.competency = widgets.Dropdown(
            options=[],
            value=None,
            description=label("competency"),
            style=FIT,
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.suggestion = widgets.HTML()
        self.use_suggestion = button(label("use_suggestion"))
        self.parked = widgets.VBox()
        self.start_button = button(label("start_call"), primary=True, icon="play")
        self.opened = widgets.HTML()
        self.form = widgets.VBox(
            [
                widgets.HBox([self.date, self.timing], layout=widgets.Layout(flex_flow="row wrap")),
                widgets.HBox(
                    [self.minutes, self.length_hint],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
                ),
                self.medium,
                widgets.HTML(f"<b>{escape(label('situation'))}</b>"),
                self.situation,
                widgets.HTML(f"<b>{escape(label('choose_competency'))}</b>"),
                self.suggestion,
                self.use_suggestion,
                self.parked,
                self.competency,
                self.start_button,
            ],
            layout=wide(),
        )
        return [self.form, self.opened]

    def _answer_fields(self) -> list[widgets.Widget]:
        label = self.context.label
        self.rep_answer = text_box(label("rep_answer_hint"), "5em")
        self.answer_button = button(label("save_answer"), primary=True)
        self.check_button = button(label("check_answer"), icon="refresh")
        self.answer_status = widgets.HTML()
        # Once answered, the rep's words are shown, not edited: they are the rep's.
        self.answer_shown = widgets.HTML()
        self.answer_shown.add_class("workshop-rep-words-box")
        self.note = text_box(label("coach_note_hint"), "5em")
        self.note_button = button(label("save_note"))
        self.note_status = widgets.HTML()
        question = f"<p><b>{escape(self.context.content.do_over_question)}</b></p>"
        self.answer_entry = widgets.VBox(
            [
                self.rep_answer,
                widgets.HBox(
                    [self.answer_button, self.check_button, self.answer_status],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
            ]
        )
        rep_side = widgets.VBox([self.answer_entry, self.answer_shown], layout=half())
        self.note_side = widgets.VBox(
            [
                widgets.HTML(f"<b>{escape(label('coach_note'))}</b>"),
                self.note,
                widgets.HBox([self.note_button, self.note_status]),
            ],
            layout=half(),
        )
        beside = widgets.HBox(
            [rep_side, self.note_side], layout=widgets.Layout(flex_flow="row wrap", width="100%")
        )
        return [widgets.VBox([widgets.HTML(question), beside], layout=wide())]

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
        self.insight = text_box(label("insight_hint"), "5em")
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
        self.fix = text_box(label("fix_hint"), "3em")
        self.fix_button = button(label("save_fix"), primary=True, icon="check")
        # A fix that reads as several: its parts, one button to keep each, or "one thing".
        self.decision_text = widgets.HTML()
        self.keep_buttons = widgets.VBox()
        self.one_thing_button = button(label("one_thing"))
        self.decision = widgets.VBox(
            [self.decision_text, self.keep_buttons, self.one_thing_button],
            layout=widgets.Layout(display="none", border="1px solid #d9a400", padding="0.5em"),
        )
        self.decision.add_class("workshop-fix-decision")
        return [widgets.VBox([self.fix, self.fix_button, self.decision], layout=wide())]
