"""The keynote's spec (`keynote_steps`) run against the widget views, headless: each step's
view takes the spec's input through its own widgets, and the store then holds what the spec
says (the phone pages run the same spec in Chromium)."""

from __future__ import annotations

import pytest

from tests.spec.keynote_steps import ALL_EQUAL, HALF_DONE, KEYNOTE, StepSpec, check_saved
from workshop.content.keynote import KeynoteContent
from workshop.store import Store
from workshop.ui.keynote.balance import BalanceView
from workshop.ui.keynote.context import AttendeeContext
from workshop.ui.keynote.do_over import DoOverView
from workshop.ui.keynote.impact import ImpactView
from workshop.ui.keynote.menu import MenuView


def enter(context: AttendeeContext, spec: StepSpec) -> str:
    """Enter `spec` through the step's view, as a person would; returns its progress line."""
    if spec.step == "do_over":
        view = DoOverView(context)
        for name, text in spec.texts.items():
            context_id, part = name.split(".")
            block = view.blocks[context_id]
            (block.answer if part == "answer" else block.first_step).value = text
        return str(view.progress.widget.value)
    if spec.step == "balance":
        balance = BalanceView(context, wheel="svg")
        for category, score in spec.ratings.items():
            balance.buttons[category].value = score
        for category, index in spec.finders:
            list(balance.finder_checks[category].values())[index].value = True
        return str(balance.progress.widget.value) + str(balance.summary.value)
    if spec.step == "impact":
        impact = ImpactView(context)
        for name, text in spec.texts.items():
            impact.fields[name].value = text
        if spec.channel:
            impact.channel.value = spec.channel
        return str(impact.progress.widget.value)
    menu = MenuView(context)
    for name, action in spec.ingredients:
        menu.rows[name].check.value = True
        menu.rows[name].action.value = action
    for text in spec.texts.values():
        menu.mantra.value = text
    return str(menu.progress.widget.value)


@pytest.mark.parametrize("spec", KEYNOTE, ids=[s.step for s in KEYNOTE])
def test_each_step_saves_what_the_spec_says(
    context: AttendeeContext, store: Store, content: KeynoteContent, spec: StepSpec
) -> None:
    shown = enter(context, spec)
    check_saved(store, content, context.attendee.id, spec)
    assert spec.progress in shown


def test_a_half_done_step_says_what_is_missing(
    context: AttendeeContext, store: Store, content: KeynoteContent
) -> None:
    shown = enter(context, HALF_DONE)
    check_saved(store, content, context.attendee.id, HALF_DONE)
    assert "1 of 4 answered" in shown and "Through which channel?" in shown


def test_equal_scores_read_all_equal(
    context: AttendeeContext, store: Store, content: KeynoteContent
) -> None:
    shown = enter(context, ALL_EQUAL)
    assert "All equal" in shown
    assert "Highest" not in shown and "Lowest" not in shown
