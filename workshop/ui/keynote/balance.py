"""The balance wheel exercise: rate each category, watch the wheel, commit to balance finders."""

from __future__ import annotations

from typing import Any, Literal

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle

from workshop.errors import WorkshopError
from workshop.html import escape
from workshop.keynote import balance
from workshop.keynote.answers import Pick
from workshop.keynote.wheel_svg import wheel_svg
from workshop.services import answers
from workshop.ui.base import Quiet, error_html, heading
from workshop.ui.keynote.autosave import Autosaver
from workshop.ui.keynote.context import AttendeeContext, IdentityBar

EXERCISE = "balance"
WheelKind = Literal["matplotlib", "svg"]


class BalanceView:
    """Widgets built once and bound to the attendee's ratings; refreshes update them in place."""

    def __init__(self, context: AttendeeContext, wheel: WheelKind = "matplotlib") -> None:
        """`wheel="svg"` draws the wheel without matplotlib, for live rooms where every
        attendee kernel counts (see `workshop.keynote.wheel_svg`)."""
        self.context = context
        self.content = context.content.balance
        self.saver = Autosaver(context)
        self.error = widgets.HTML()
        self.quiet = Quiet()

        rows = self._rating_rows()
        scale = self.content.scale
        legend = widgets.HTML(
            f"<small>{scale.min} = {escape(scale.low_label)} · "
            f"{scale.max} = {escape(scale.high_label)}</small>"
        )
        self.wheel_kind = wheel
        if wheel == "svg":
            self.wheel = widgets.HTML(layout=widgets.Layout(width="460px"))
        else:
            self.wheel = widgets.Image(format="png", layout=widgets.Layout(width="380px"))
        self.wheel.add_class("workshop-wheel")
        self.wheel.layout.display = "none"
        self.wheel_hint = widgets.HTML(f"<i>{escape(context.label('wheel_hint'))}</i>")
        self.summary = widgets.HTML()
        self.summary.add_class("workshop-balance-summary")
        self._finder_widgets()

        self.widget = widgets.VBox(
            [
                heading(self.content.title, self.content.intro),
                legend,
                widgets.HBox(
                    [
                        widgets.VBox(rows),
                        widgets.VBox([self.wheel_hint, self.wheel, self.summary]),
                    ],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.error,
                self.finders_heading,
                self.finder_area,
                self.saver.status,
            ]
        )
        self.widget.add_class("workshop-balance")
        context.on_change(lambda _attendee: self.load())
        self.load()

    def _rating_rows(self) -> list[widgets.Widget]:
        """A row of score buttons per category, named and described; kept in `buttons`."""
        self.buttons: dict[str, widgets.ToggleButtons] = {}
        rows: list[widgets.Widget] = []
        # One layout and one style each, shared by every row: none of them ever changes, and a
        # served page sends each widget to the browser (three fewer per row and category).
        plain = widgets.Layout()
        label_style = HTMLStyle()
        toggle_style = widgets.ToggleButtonsStyle(button_width="2.6em")
        for category in self.content.categories:
            toggle = widgets.ToggleButtons(
                options=[(str(v), v) for v in self.content.scale.values],
                value=None,
                style=toggle_style,
                layout=plain,
                tooltips=[],
            )
            toggle.observe(self._on_toggle(category.id), names="value")
            self.buttons[category.id] = toggle
            label = widgets.HTML(
                f"<b>{escape(category.name)}</b><br><small>{escape(category.description)}</small>",
                style=label_style,
                layout=plain,
            )
            row = widgets.VBox([label, toggle], layout=plain)
            row.add_class(f"workshop-rate-{category.id}")
            rows.append(row)
        return rows

    def _finder_widgets(self) -> None:
        """Where the finders of out-of-balance categories show. A category's tick boxes are
        built the first time it is out of balance (or has finders saved): most never are, and
        a live room builds this view for every attendee."""
        self.finder_boxes: dict[str, widgets.VBox] = {}
        self.finder_checks: dict[str, dict[str, widgets.Checkbox]] = {}
        self.finder_area = widgets.VBox()
        self.finders_heading = widgets.HTML(
            f"<h3>{escape(self.context.label('finders_heading'))}</h3>"
            f"<p>{escape(self.content.finders_intro)}</p>"
        )
        self.finders_heading.layout.display = "none"

    def _finder_box(self, category_id: str) -> dict[str, widgets.Checkbox]:
        """The tick boxes of one category's finders, built (hidden) on first need."""
        if category_id in self.finder_checks:
            return self.finder_checks[category_id]
        checks = {
            finder: widgets.Checkbox(
                value=False, description=finder, indent=False, layout=widgets.Layout(width="auto")
            )
            for finder in self.content.finders.get(category_id, ())
        }
        for check in checks.values():
            check.observe(lambda _change: self._save_finders(), names="value")
        name = self.content.category(category_id).name
        box = widgets.VBox(
            [widgets.HTML(f"<b>{escape(name)}</b>"), *checks.values()],
            layout=widgets.Layout(display="none"),
        )
        self.finder_checks[category_id] = checks
        self.finder_boxes[category_id] = box
        order = [c.id for c in self.content.categories]
        self.finder_area.children = tuple(
            self.finder_boxes[c] for c in order if c in self.finder_boxes
        )
        return checks

    # -- events -----------------------------------------------------------------------------

    def _on_toggle(self, category_id: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            if not self.quiet and change["new"] is not None:
                self.rate(category_id, change["new"])

        return handler

    def rate(self, category_id: str, value: object) -> bool:
        """Rate one category. A value the domain refuses is shown, and nothing is saved."""
        try:
            category = self.content.category(category_id)
            score = balance.check_rating(value, self.content.scale, category.name)
        except KeyError:
            unknown = WorkshopError(f"unknown category {category_id!r}")
            self.error.value = error_html(self.context.refusal(unknown))
            return False
        except WorkshopError as exc:
            self.error.value = error_html(self.context.refusal(exc))
            return False
        self.error.value = ""
        store, attendee = self.context.store, self.context.attendee
        self.saver.schedule(
            f"rating:{category_id}",
            lambda: answers.save_rating(store, attendee, category_id, score),
        )
        if self.buttons[category_id].value != score:
            with self.quiet:
                self.buttons[category_id].value = score
        self.refresh()
        return True

    def _save_finders(self) -> None:
        if self.quiet:
            return
        picks = [
            Pick(finder, category_id)
            for category_id, checks in self.finder_checks.items()
            for finder, check in checks.items()
            if check.value
        ]
        for pick in picks:
            balance.check_commitment(pick.detail, pick.item, self.content)
        store, attendee = self.context.store, self.context.attendee
        self.saver.schedule(
            "finders",
            lambda: answers.save_picks(store, attendee, EXERCISE, "finder", picks),
        )

    # -- state ------------------------------------------------------------------------------

    @property
    def scores(self) -> dict[str, int]:
        return {c: t.value for c, t in self.buttons.items() if t.value is not None}

    def load(self) -> None:
        """Show the current attendee's saved ratings and committed finders."""
        self.saver.flush()
        answers = self.context.store.answers(self.context.attendee.id)
        committed = {(p.detail, p.item) for p in answers.chosen(EXERCISE, "finder")}
        with self.quiet:
            for category_id, toggle in self.buttons.items():
                toggle.value = answers.ratings.get(category_id)
            for category_id in {c for c, _finder in committed}:
                if category_id in self.content.finders:
                    self._finder_box(category_id)
            for category_id, checks in self.finder_checks.items():
                for finder, check in checks.items():
                    check.value = (category_id, finder) in committed
        self.error.value = ""
        self.refresh()

    def refresh(self) -> None:
        """Update the wheel, the summary and which finders show, in place."""
        scores = self.scores
        result = balance.profile(scores, self.content)
        flagged = result.out_of_balance if result else ()
        for category_id in flagged:
            self._finder_box(category_id)
        for category_id, box in self.finder_boxes.items():
            box.layout.display = "flex" if category_id in flagged else "none"
        self.finders_heading.layout.display = "block" if flagged else "none"
        if result is None:
            self.summary.value = ""
            self.wheel.layout.display = "none"
            self.wheel_hint.layout.display = "block"
            return
        if self.wheel_kind == "svg":
            # Larger names on a smaller wheel: on a phone the drawing is ~360 px wide.
            self.wheel.value = wheel_svg(
                self.content.categories,
                scores,
                self.content.scale,
                flagged,
                radius=96,
                label_size=14,
            )
        else:
            from workshop.keynote.charts import wheel_png

            self.wheel.value = wheel_png(
                self.content.categories, scores, self.content.scale, flagged
            )
        self.wheel.layout.display = "block"
        self.wheel_hint.layout.display = "none"
        self.summary.value = summary_html(result, self.context)


def summary_html(result: balance.BalanceProfile, context: AttendeeContext) -> str:
    """The profile in words, every label from the content."""
    content = context.content.balance

    def label(key: str) -> str:
        return escape(context.label(key))

    def names(ids: tuple[str, ...]) -> str:
        return ", ".join(escape(content.category(c).name) for c in ids) or label("none")

    lines = [
        f"{label('average')} <b>{result.mean:.1f}</b>, "
        f"{label('spread')} <b>{result.spread:.1f}</b>",
        f"{label('highest')}: {names(result.highest)}",
        f"{label('lowest')}: {names(result.lowest)}",
    ]
    groups = content.group_names
    if result.professional_mean is not None:
        lines.append(f"{escape(groups['professional'])}: {result.professional_mean:.1f}")
    if result.personal_mean is not None:
        lines.append(f"{escape(groups['personal'])}: {result.personal_mean:.1f}")
    if result.out_of_balance:
        lines.append(
            f"<span style='color:#d1495b'>{label('out_of_balance')}: "
            f"{names(result.out_of_balance)}</span>"
        )
    else:
        lines.append(label("in_balance"))
    return "<br>".join(lines)


def balance_view(context: AttendeeContext | None = None) -> widgets.VBox:
    """Build the balance exercise for the notebook; shows the identity bar on top."""
    context = context or AttendeeContext.from_environment()
    view = BalanceView(context)
    return widgets.VBox([IdentityBar(context).widget, view.widget])
