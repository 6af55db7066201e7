"""The Passion of Impact view headless: set widget values and look at what the store holds."""

from __future__ import annotations

import asyncio

import pytest
from traitlets import TraitError

from tests.support.widget_tree import all_widgets, html_values
from workshop.ui.keynote.context import AttendeeContext
from workshop.ui.keynote.impact import EXERCISE, ImpactView, impact_view

SCRIPT = "<img src=x onerror=alert(1)>"
TEXT_FIELDS = ("whom", "action", "better_place")


def saved(context: AttendeeContext) -> dict[str, str]:
    texts = context.store.answers(context.attendee.id).texts
    return {name: body for (exercise, name), body in texts.items() if exercise == EXERCISE}


def test_every_field_saves_as_it_is_typed(context: AttendeeContext) -> None:
    view = ImpactView(context)
    view.whom.value = "My newest rep"
    view.channel.value = "coaching"
    view.action.value = "Coach her twice a week"
    view.better_place.value = "By believing in people before they do"

    assert saved(context) == {
        "whom": "My newest rep",
        "channel": "coaching",
        "action": "Coach her twice a week",
        "better_place": "By believing in people before they do",
    }
    assert context.label("saved") in view.saver.status.value


def test_the_channels_come_from_the_content(context: AttendeeContext) -> None:
    view = ImpactView(context)
    channels = context.content.impact.channels
    assert view.channel.options == tuple((c.label, c.id) for c in channels)
    assert view.channel.value is None  # nothing is chosen for the attendee


@pytest.mark.parametrize("channel", ["coaching", "attitude", "giving"])
def test_choosing_a_channel_saves_its_id(context: AttendeeContext, channel: str) -> None:
    view = ImpactView(context)
    view.channel.value = channel
    assert saved(context) == {"channel": channel}


def test_a_channel_the_content_does_not_offer_is_refused(context: AttendeeContext) -> None:
    view = ImpactView(context)
    assert view.save("channel", "bribery") is False
    assert "unknown impact channel" in view.messages["channel"].value
    assert saved(context) == {}
    with pytest.raises(TraitError):
        view.channel.value = "bribery"


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize(
    ("extra", "accepted"),
    [(-1, True), (0, True), (1, False), (500, False)],
    ids=["under", "at the limit", "one over", "far over"],
)
def test_text_over_the_limit_is_refused_never_cut(
    context: AttendeeContext, field: str, extra: int, accepted: bool
) -> None:
    view = ImpactView(context)
    text = "é" * (context.text_limit + extra)
    view.fields[field].value = text

    assert view.fields[field].value == text  # the attendee's text stays as typed
    if accepted:
        assert saved(context) == {field: text}
        assert view.messages[field].value == ""
    else:
        assert saved(context) == {}
        message = view.messages[field].value
        assert context.label("too_long") in message
        assert f"({len(text)} / {context.text_limit})" in message
        assert context.label("not_saved") in view.saver.status.value


def test_a_refused_edit_keeps_the_last_good_answer(context: AttendeeContext) -> None:
    view = ImpactView(context)
    view.better_place.value = "Kindness"
    view.better_place.value = "x" * (context.text_limit + 1)
    assert saved(context) == {"better_place": "Kindness"}
    view.better_place.value = "Kindness, daily"
    assert saved(context) == {"better_place": "Kindness, daily"}
    assert view.messages["better_place"].value == ""


def test_a_refusal_is_not_overwritten_by_a_late_save_in_a_kernel(
    context: AttendeeContext,
) -> None:
    view = ImpactView(context)

    async def type_then_overflow() -> None:
        view.action.value = "Coach twice a week"  # debounced: pending on the running loop
        assert view.saver.pending
        view.action.value = "x" * (context.text_limit + 1)

    asyncio.run(type_then_overflow())

    assert not view.saver.pending
    assert context.label("not_saved") in view.saver.status.value
    assert saved(context) == {"action": "Coach twice a week"}


def test_html_is_stored_verbatim_and_never_rendered(context: AttendeeContext) -> None:
    view = ImpactView(context)
    for field in TEXT_FIELDS:
        view.fields[field].value = f"{field} {SCRIPT}"
    view.save("channel", SCRIPT)  # refused, and its message quotes the text

    assert saved(context) == {f: f"{f} {SCRIPT}" for f in TEXT_FIELDS}
    values = html_values(view.widget)
    assert all("<img" not in value for value in values)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in value for value in values)


@pytest.mark.parametrize(
    "text",
    [
        "Zoë and José 👨‍👩‍👧‍👦 👍🏽 🇳🇱",
        "שלום · مرحبا بالعالم",
        "家族と過ごす時間",
        "  spaces kept  \nand a second line\n",
    ],
    ids=["emoji", "rtl", "cjk", "whitespace"],
)
def test_any_text_is_stored_exactly(context: AttendeeContext, text: str) -> None:
    view = ImpactView(context)
    for field in TEXT_FIELDS:
        view.fields[field].value = text
    assert saved(context) == dict.fromkeys(TEXT_FIELDS, text)


def test_resume_reloads_the_other_attendees_pledge_and_saves_nothing(
    context: AttendeeContext,
) -> None:
    view = ImpactView(context)
    first = context.attendee
    view.whom.value = "My team"
    view.channel.value = "giving"
    other = context.store.create_attendee()
    context.store.save_text(other.id, EXERCISE, "whom", "My daughter")
    context.store.save_text(other.id, EXERCISE, "channel", "attitude")

    context.resume(other.resume_code)
    assert view.whom.value == "My daughter"
    assert view.channel.value == "attitude"
    assert view.action.value == ""
    assert view.better_place.value == ""
    assert saved(context) == {"whom": "My daughter", "channel": "attitude"}

    context.resume(first.resume_code)
    assert view.whom.value == "My team"
    assert view.channel.value == "giving"
    assert saved(context) == {"whom": "My team", "channel": "giving"}


def test_a_new_view_shows_what_was_saved_before(context: AttendeeContext) -> None:
    store, attendee = context.store, context.attendee
    store.save_text(attendee.id, EXERCISE, "action", "Call one customer a day")
    store.save_text(attendee.id, EXERCISE, "channel", "retired_channel")
    view = ImpactView(context)
    assert view.action.value == "Call one customer a day"
    assert view.channel.value is None  # a channel the content no longer has is not shown


def test_widgets_are_built_once(context: AttendeeContext) -> None:
    view = ImpactView(context)
    before = [id(w) for w in all_widgets(view.widget)]
    context.resume(context.store.create_attendee().resume_code)
    view.load()
    assert [id(w) for w in all_widgets(view.widget)] == before


def test_the_builder_puts_the_identity_bar_on_top(context: AttendeeContext) -> None:
    root = impact_view(context)
    assert context.attendee.code_display in root.children[0].children[0].value
    assert "workshop-impact" in root.children[1]._dom_classes
