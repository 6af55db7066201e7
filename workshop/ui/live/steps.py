"""Each exercise of the live room as a step the attendee app shows once it is opened.

A builder takes the attendee's context and the live content and returns the step's widget. Views
are built the first time a step opens, so joining stays quick and a page stays light.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from workshop.content.live import LiveContent
from workshop.reports.card import CardFiles
from workshop.ui.keynote.context import AttendeeContext

StepBuilder = Callable[[AttendeeContext, LiveContent], widgets.Widget]


def _do_over(context: AttendeeContext, _live: LiveContent) -> widgets.Widget:
    from workshop.ui.keynote.do_over import DoOverView

    return DoOverView(context).widget


def _balance(context: AttendeeContext, _live: LiveContent) -> widgets.Widget:
    from workshop.ui.keynote.balance import BalanceView

    # SVG, not matplotlib: a live room's kernels stay light enough for 300 per machine.
    return BalanceView(context, wheel="svg").widget


def _impact(context: AttendeeContext, _live: LiveContent) -> widgets.Widget:
    from workshop.ui.keynote.impact import ImpactView

    return ImpactView(context).widget


def _menu(context: AttendeeContext, live_content: LiveContent) -> widgets.Widget:
    from workshop.ui.keynote.menu import MenuView
    from workshop.ui.live.wall import WallShareView

    menu = MenuView(context)
    wall = WallShareView(context, live_content)
    # The wall offers what the menu holds, so it follows the menu's saves.
    menu.saver.on_saved(wall.refresh)
    return widgets.VBox([menu.widget, wall.widget])


def _card(context: AttendeeContext, _live: LiveContent) -> widgets.Widget:
    from workshop.reports.card_render import render_in_subprocess
    from workshop.ui.keynote.card import CardView

    def render(page: AttendeeContext) -> CardFiles:
        # Out of this kernel: matplotlib in every attendee kernel would cost ~45 MB each.
        return render_in_subprocess(page.store.target, page.content.source, page.attendee.id)

    return CardView(context, renderer=render).widget


BUILDERS: dict[str, StepBuilder] = {
    "do_over": _do_over,
    "balance": _balance,
    "impact": _impact,
    "menu": _menu,
    "card": _card,
}
