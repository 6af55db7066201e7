"""The menu-for-life view headless: tick, type, click, and look at what the store holds."""

from __future__ import annotations

import asyncio

import pytest

from tests.support.widget_tree import all_widgets, html_values
from workshop.content.exercises import INGREDIENT_MAX_CHARS
from workshop.keynote.answers import Pick
from workshop.ui.keynote.context import AttendeeContext
from workshop.ui.keynote.menu import EXERCISE, KIND, MenuView, menu_view

SCRIPT = "<img src=x onerror=alert(1)>"


def picks(context: AttendeeContext) -> list[tuple[str, str]]:
    chosen = context.store.answers(context.attendee.id).chosen(EXERCISE, KIND)
    return [(p.item, p.detail) for p in chosen]


def mantra(context: AttendeeContext) -> str | None:
    return context.store.answers(context.attendee.id).texts.get((EXERCISE, "mantra"))


def add_own(view: MenuView, name: str) -> bool:
    """Type a name and click Add, as an attendee does; True when the menu took it."""
    view.own_name.value = name
    view.add_button.click()
    return view.message.value == ""  # a refusal always says why


def test_ticking_an_ingredient_saves_it_and_shows_its_action(context: AttendeeContext) -> None:
    view = MenuView(context)
    row = view.rows["Exercise"]
    assert row.action.layout.display == "none"

    row.check.value = True
    assert picks(context) == [("Exercise", "")]
    assert row.action.layout.display == "flex"

    row.action.value = "Run on Saturday mornings"
    assert picks(context) == [("Exercise", "Run on Saturday mornings")]
    assert context.label("saved") in view.saver.status.value


def test_unticking_removes_it_from_the_menu(context: AttendeeContext) -> None:
    view = MenuView(context)
    view.rows["Rest"].check.value = True
    view.rows["Focus"].check.value = True
    view.rows["Rest"].check.value = False
    assert picks(context) == [("Focus", "")]
    assert view.rows["Rest"].action.layout.display == "none"


def test_the_count_follows_the_menu(context: AttendeeContext) -> None:
    view = MenuView(context)
    most = context.content.menu.max_ingredients
    assert view.count.value == f"<b>0 / {most}</b>"
    view.rows["Rest"].check.value = True
    add_own(view, "Sea swims")
    assert view.count.value == f"<b>2 / {most}</b>"


def test_one_ingredient_too_many_is_refused_and_unticked(context: AttendeeContext) -> None:
    view = MenuView(context)
    most = context.content.menu.max_ingredients
    names = list(view.rows)
    for name in names[:most]:
        view.rows[name].check.value = True
    assert [item for item, _ in picks(context)] == names[:most]

    extra = view.rows[names[most]]
    extra.check.value = True

    assert extra.check.value is False  # the choice is undone on screen
    assert extra.action.layout.display == "none"
    assert [item for item, _ in picks(context)] == names[:most]
    assert context.label("too_many_ingredients") in view.message.value
    assert context.label("not_saved") in view.saver.status.value


def test_an_own_ingredient_too_many_is_refused_and_kept_in_the_box(
    context: AttendeeContext,
) -> None:
    view = MenuView(context)
    most = context.content.menu.max_ingredients
    for i in range(most):
        assert add_own(view, f"Own {i}")

    assert add_own(view, "One more") is False
    assert view.own_name.value == "One more"
    assert [item for item, _ in picks(context)] == [f"Own {i}" for i in range(most)]
    assert context.label("too_many_ingredients") in view.message.value


def test_an_own_ingredient_is_added_with_its_action_and_can_be_removed(
    context: AttendeeContext,
) -> None:
    view = MenuView(context)
    view.rows["Gratitude"].check.value = True
    assert add_own(view, "Sea swims")
    slot = view.slots[0]
    assert slot.widget.layout.display == "flex"
    assert all(s.widget.layout.display == "none" for s in view.slots[1:])

    slot.action.value = "Every Sunday, all year"
    assert picks(context) == [("Gratitude", ""), ("Sea swims", "Every Sunday, all year")]

    slot.remove.click()
    assert picks(context) == [("Gratitude", "")]
    assert slot.widget.layout.display == "none"


def test_enter_in_the_own_ingredient_box_adds_it(context: AttendeeContext) -> None:
    view = MenuView(context)
    view.own_name.value = "Long walks"
    view.own_name._handle_custom_msg({"event": "submit"}, [])
    assert picks(context) == [("Long walks", "")]


def test_typing_an_offered_ingredient_ticks_it(context: AttendeeContext) -> None:
    view = MenuView(context)
    assert add_own(view, "Laughter")
    assert view.rows["Laughter"].check.value is True
    assert all(not slot.chosen for slot in view.slots)
    assert picks(context) == [("Laughter", "")]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "ingredient_needs_name"),
        ("   ", "ingredient_needs_name"),
        ("gratitude", "ingredient_on_menu"),
        ("x" * (INGREDIENT_MAX_CHARS + 1), "too_long"),
    ],
    ids=["empty", "blank", "repeat in another case", "name too long"],
)
def test_own_ingredients_the_domain_refuses(
    context: AttendeeContext, name: str, reason: str
) -> None:
    view = MenuView(context)
    view.rows["Gratitude"].check.value = True
    assert add_own(view, name) is False
    assert context.label(reason) in view.message.value  # in the content's words
    assert picks(context) == [("Gratitude", "")]
    assert view.own_name.value == name  # never cleared, never cut


def test_an_action_over_the_limit_is_refused_never_cut(context: AttendeeContext) -> None:
    view = MenuView(context)
    row = view.rows["Learning"]
    row.check.value = True
    row.action.value = "Read ten pages a day"
    too_long = "y" * (context.text_limit + 1)
    row.action.value = too_long

    assert row.action.value == too_long
    assert picks(context) == [("Learning", "Read ten pages a day")]
    assert context.label("too_long") in view.message.value
    assert f"({context.text_limit + 1} / {context.text_limit})" in view.message.value
    row.action.value = "Read twenty pages a day"
    assert picks(context) == [("Learning", "Read twenty pages a day")]
    assert view.message.value == ""


def test_the_mantra_offers_the_examples_and_saves_what_is_typed(
    context: AttendeeContext,
) -> None:
    view = MenuView(context)
    examples = context.content.menu.mantra_examples
    assert view.mantra.options == examples
    assert view.mantra.ensure_option is False

    view.mantra.value = examples[0]
    assert mantra(context) == examples[0]
    view.mantra.value = "Show up, then speak up"  # not an example: kept as typed
    assert mantra(context) == "Show up, then speak up"


@pytest.mark.parametrize(
    ("extra", "accepted"),
    [(0, True), (1, False)],
    ids=["at the limit", "one over"],
)
def test_a_mantra_over_the_walls_limit_is_refused(
    context: AttendeeContext, extra: int, accepted: bool
) -> None:
    view = MenuView(context)
    text = "m" * (context.content.settings.limits.wall_max_chars + extra)
    view.mantra.value = text
    assert view.mantra.value == text
    assert mantra(context) == (text if accepted else None)
    assert (context.label("too_long") in view.mantra_message.value) is not accepted


def test_a_refusal_is_not_overwritten_by_a_late_save_in_a_kernel(
    context: AttendeeContext,
) -> None:
    view = MenuView(context)

    async def type_then_overflow() -> None:
        view.mantra.value = "One thing at a time"  # debounced: pending on the running loop
        assert view.saver.pending
        view.mantra.value = "z" * (context.text_limit + 1)

    asyncio.run(type_then_overflow())

    assert not view.saver.pending
    assert context.label("not_saved") in view.saver.status.value
    assert mantra(context) == "One thing at a time"


def test_html_is_stored_verbatim_and_shown_only_escaped(context: AttendeeContext) -> None:
    view = MenuView(context)
    assert add_own(view, SCRIPT)
    view.slots[0].action.value = SCRIPT
    view.mantra.value = SCRIPT
    assert add_own(view, SCRIPT.upper()) is False  # a repeat: its refusal quotes the name

    assert picks(context) == [(SCRIPT, SCRIPT)]
    assert mantra(context) == SCRIPT
    shown = html_values(view.widget)
    assert all("<img" not in value.casefold() for value in shown)
    assert "&lt;img src=x onerror=alert(1)&gt;" in view.slots[0].label.value
    assert "&lt;IMG SRC=X ONERROR=ALERT(1)&gt;" in view.message.value


@pytest.mark.parametrize(
    "text",
    ["Zoë\u2019s café ☕ 👨‍👩‍👧‍👦 🇳🇱", "שלום · مرحبا", "家族と過ごす時間", "  spaced  "],
    ids=["emoji", "rtl", "cjk", "spaces"],
)
def test_any_text_is_stored_exactly(context: AttendeeContext, text: str) -> None:
    view = MenuView(context)
    assert add_own(view, text)
    view.slots[0].action.value = text
    view.mantra.value = text
    assert picks(context) == [(text, text)]
    assert mantra(context) == text


def test_resume_reloads_the_other_attendees_menu(context: AttendeeContext) -> None:
    view = MenuView(context)
    first = context.attendee
    view.rows["Rest"].check.value = True
    view.mantra.value = "Mine"
    other = context.store.create_attendee()
    context.store.save_picks(
        other.id, EXERCISE, KIND, [Pick("Faith", "Sunday service"), Pick("Chess club", "Fridays")]
    )
    context.store.save_text(other.id, EXERCISE, "mantra", "Theirs")

    context.resume(other.resume_code)
    assert view.rows["Rest"].check.value is False
    assert view.rows["Faith"].check.value is True
    assert view.rows["Faith"].action.value == "Sunday service"
    assert (view.slots[0].name, view.slots[0].action.value) == ("Chess club", "Fridays")
    assert view.slots[0].widget.layout.display == "flex"
    assert view.mantra.value == "Theirs"
    assert picks(context) == [("Faith", "Sunday service"), ("Chess club", "Fridays")]

    context.resume(first.resume_code)
    assert view.rows["Rest"].check.value is True
    assert view.rows["Faith"].check.value is False
    assert not view.slots[0].chosen
    assert view.slots[0].widget.layout.display == "none"
    assert view.mantra.value == "Mine"
    assert picks(context) == [("Rest", "")]


def test_widgets_are_built_once(context: AttendeeContext) -> None:
    view = MenuView(context)
    before = [id(w) for w in all_widgets(view.widget)]
    assert add_own(view, "Sea swims")
    view.rows["Rest"].check.value = True
    context.resume(context.store.create_attendee().resume_code)
    assert [id(w) for w in all_widgets(view.widget)] == before
    assert len(view.slots) == context.content.menu.max_ingredients


def test_the_builder_puts_the_identity_bar_on_top(context: AttendeeContext) -> None:
    page = menu_view(context)
    assert context.attendee.code_display in page.children[0].children[0].value
    assert "workshop-menu" in page.children[1]._dom_classes
