"""The do-over view headless: type into the fields and look at what the store holds."""

from __future__ import annotations

import asyncio

import ipywidgets as widgets
import pytest

from tests.support.widget_tree import all_widgets, html_values
from workshop.ui.keynote.context import AttendeeContext, IdentityBar
from workshop.ui.keynote.do_over import EXERCISE, DoOverView, do_over_view


def saved(context: AttendeeContext) -> dict[str, str]:
    texts = context.store.answers(context.attendee.id).texts
    return {name: body for (exercise, name), body in texts.items() if exercise == EXERCISE}


def test_typing_saves_each_field(context: AttendeeContext) -> None:
    view = DoOverView(context)
    block = view.blocks["professional"]
    block.answer.value = "Ask for feedback sooner"
    block.first_step.value = "Book a call with my manager"
    view.blocks["personal"].answer.value = "Travel more"

    assert saved(context) == {
        "professional.answer": "Ask for feedback sooner",
        "professional.first_step": "Book a call with my manager",
        "personal.answer": "Travel more",
    }
    assert "Saved" in view.saver.status.value


def test_an_answer_without_a_first_step_asks_for_one(context: AttendeeContext) -> None:
    view = DoOverView(context)
    block = view.blocks["personal"]
    block.answer.value = "Spend more evenings at home"
    assert view.status()["personal"] == "needs_first_step"
    assert "Add a first step" in block.message.value
    block.first_step.value = "Leave at six on Tuesdays"
    assert view.status()["personal"] == "done"
    assert block.message.value == ""


@pytest.mark.parametrize("nothing", ["Nothing", "nothing.", "  NOTHING! "])
def test_nothing_needs_no_first_step(context: AttendeeContext, nothing: str) -> None:
    view = DoOverView(context)
    block = view.blocks["professional"]
    block.answer.value = nothing
    assert view.status()["professional"] == "done"
    assert "no first step needed" in block.message.value
    assert "Add a first step" not in block.message.value
    assert saved(context) == {"professional.answer": nothing}


def test_a_word_containing_nothing_still_needs_a_first_step(context: AttendeeContext) -> None:
    view = DoOverView(context)
    view.blocks["professional"].answer.value = "Nothing much, maybe listen more"
    assert view.status()["professional"] == "needs_first_step"


def test_text_over_the_limit_is_refused_not_saved_and_not_cut(context: AttendeeContext) -> None:
    limit = context.text_limit
    view = DoOverView(context)
    block = view.blocks["professional"]
    block.answer.value = "fits"
    too_long = "x" * (limit + 5)

    block.answer.value = too_long

    # In the content's words, with the length against the limit.
    assert context.label("too_long") in block.message.value
    assert f"({limit + 5} / {limit})" in block.message.value
    assert "Not saved" in view.saver.status.value
    assert block.answer.value == too_long  # the attendee's text stays as typed
    assert saved(context) == {"professional.answer": "fits"}

    block.answer.value = too_long[:limit]  # shortened: it saves again
    assert saved(context) == {"professional.answer": too_long[:limit]}
    assert "Saved" in view.saver.status.value


def test_the_limit_counts_characters_as_people_see_them(context: AttendeeContext) -> None:
    view = DoOverView(context)
    thumbs = "👍🏽" * context.text_limit  # two code points each, one character on screen
    view.blocks["personal"].answer.value = thumbs
    assert saved(context) == {"personal.answer": thumbs}


def test_a_refusal_is_not_overwritten_by_a_late_save_in_a_kernel(
    context: AttendeeContext,
) -> None:
    """In a kernel saves wait for a pause in typing; a refusal must stay on screen."""
    view = DoOverView(context)
    block = view.blocks["professional"]

    async def type_then_overflow() -> None:
        block.answer.value = "short and valid"  # debounced: pending on the loop
        assert view.saver.pending
        block.answer.value = "x" * (context.text_limit + 1)

    asyncio.run(type_then_overflow())

    assert not view.saver.pending  # nothing left that could later claim "Saved"
    assert "Not saved" in view.saver.status.value
    assert saved(context) == {"professional.answer": "short and valid"}


SCRIPT = "<script>alert('do over')</script><img src=x onerror=alert(1)> & \"quoted\""


def test_html_typed_by_an_attendee_is_stored_verbatim_and_shown_only_escaped(
    context: AttendeeContext,
) -> None:
    page = do_over_view(context)
    view_box = page.children[1]
    typed = [w for w in all_widgets(view_box) if isinstance(w, widgets.Text | widgets.Textarea)]
    for field in typed:
        field.value = SCRIPT
    # A too-long text with markup: its refusal message must not echo it raw either.
    typed[0].value = SCRIPT * 100

    texts = saved(context)
    assert len(texts) == len(typed)
    assert texts["professional.answer"] == SCRIPT  # the refused longer text saved nothing
    assert texts["professional.first_step"] == SCRIPT
    assert texts["personal.answer"] == SCRIPT
    assert typed[0].value == SCRIPT * 100
    shown = html_values(page)
    assert any(context.label("too_long") in value for value in shown)
    for value in shown:
        assert "<script" not in value.lower()
        assert "<img" not in value.lower()


def test_resume_restores_the_texts(context: AttendeeContext) -> None:
    first = DoOverView(context)
    first.blocks["professional"].answer.value = "Prospect every morning"
    first.blocks["professional"].first_step.value = "Block 8 to 9 tomorrow"
    first.blocks["personal"].answer.value = "Nothing"

    again = AttendeeContext(context.content, context.store, context.store.create_attendee())
    bar = IdentityBar(again)
    view = DoOverView(again)
    assert view.blocks["professional"].answer.value == ""

    bar.code_input.value = context.attendee.code_display
    bar.resume_button.click()

    assert view.blocks["professional"].answer.value == "Prospect every morning"
    assert view.blocks["professional"].first_step.value == "Block 8 to 9 tomorrow"
    assert view.blocks["personal"].answer.value == "Nothing"
    assert "no first step needed" in view.blocks["personal"].message.value
    assert view.blocks["recent_call"].answer.value == ""
    # Loading the restored texts saved nothing new under the resumed attendee.
    assert saved(context) == {
        "professional.answer": "Prospect every morning",
        "professional.first_step": "Block 8 to 9 tomorrow",
        "personal.answer": "Nothing",
    }
    assert saved(again) == saved(context)


def test_resume_saves_pending_typing_for_the_person_who_typed_it(
    context: AttendeeContext,
) -> None:
    other = context.store.create_attendee()
    bar = IdentityBar(context)
    view = DoOverView(context)
    first_id = context.attendee.id

    async def type_then_resume() -> None:
        view.blocks["personal"].answer.value = "typed just before resuming"
        bar.code_input.value = other.resume_code
        bar.resume_button.click()

    asyncio.run(type_then_resume())

    store = context.store
    assert store.answers(first_id).text(EXERCISE, "personal.answer") == (
        "typed just before resuming"
    )
    assert store.answers(other.id).texts == {}
    assert view.blocks["personal"].answer.value == ""


def test_an_unknown_code_leaves_the_texts_alone(context: AttendeeContext) -> None:
    bar = IdentityBar(context)
    view = DoOverView(context)
    view.blocks["professional"].answer.value = "Mine"
    bar.code_input.value = "ZZZZ-ZZZZ"
    bar.resume_button.click()
    assert "That code is not known here" in bar.message.value
    assert view.blocks["professional"].answer.value == "Mine"
    assert saved(context) == {"professional.answer": "Mine"}
