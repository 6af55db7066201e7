"""The attendee app of a live session, headless: joining, locked steps, resuming, progress."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import ipywidgets as widgets
import pytest

from tests.support.paths import ROOT
from tests.support.widget_tree import all_widgets
from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent, load_live_content
from workshop.keynote.answers import Pick
from workshop.services import live_session as live
from workshop.store import Store
from workshop.ui.live.app import LiveApp

T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
EVIL = "<img src=x onerror=alert(1)>"
NICKNAME = "Zelda Quartermain"
STEPS = ("do_over", "balance", "impact", "menu", "card")


@pytest.fixture(scope="module")
def live_content() -> LiveContent:
    return load_live_content(ROOT / "data" / "en")


@pytest.fixture
def code(store: Store, content: KeynoteContent, live_content: LiveContent) -> str:
    return live.start_session(store, content, live_content, now=T0).session.code


def new_app(
    store: Store,
    content: KeynoteContent,
    live_content: LiveContent,
    session_code: str | None = None,
    resume_code: str | None = None,
    at: datetime = T0 + timedelta(minutes=5),
) -> LiveApp:
    return LiveApp(store, content, live_content, session_code, resume_code, clock=lambda: at)


def joined(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, nickname: str = ""
) -> LiveApp:
    app = new_app(store, content, live_content, code)
    app.nickname.value = nickname
    assert app.join()
    return app


def open_steps(store: Store, code: str, *steps: str) -> None:
    for step in steps:
        store.set_step_open(code, step, True)


# -- joining -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["K7QM3X", "hello", ""])
def test_a_wrong_code_says_so_and_creates_nobody(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, typed: str
) -> None:
    if typed == code:
        typed = "K7QM3Y"
    app = new_app(store, content, live_content)
    app.code_input.value = typed
    app.nickname.value = "Sam"
    assert not app.join()
    assert live_content.label("wrong_session") in app.join_message.value
    assert store.attendee_count() == 0
    assert app.context is None
    assert app.main.layout.display == "none"


def test_an_expired_session_says_so(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str
) -> None:
    app = new_app(store, content, live_content, code, at=T0 + timedelta(hours=13))
    assert not app.join()
    assert live_content.label("expired_session") in app.join_message.value
    assert live_content.label("wrong_session") not in app.join_message.value
    assert store.attendee_count() == 0


def test_joining_greets_with_the_nickname_escaped(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str
) -> None:
    app = new_app(store, content, live_content, code.lower())
    app.nickname.value = EVIL
    app.join_button.click()
    assert app.context is not None
    attendee = app.context.attendee
    assert store.attendee(attendee.id).nickname == EVIL  # stored verbatim
    assert attendee.session_code == code
    assert "<img" not in app.hello.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in app.hello.value
    assert attendee.code_display in app.hello.value
    assert app.join_screen.layout.display == "none"
    assert app.main.layout.display == "flex"


@pytest.mark.parametrize(
    ("nickname", "label"), [("Sam\x00", "control_character"), ("S" * 41, "too_long")]
)
def test_a_nickname_with_a_control_or_too_long_is_refused_in_the_contents_words(
    store: Store,
    content: KeynoteContent,
    live_content: LiveContent,
    code: str,
    nickname: str,
    label: str,
) -> None:
    app = new_app(store, content, live_content, code)
    app.nickname.value = nickname
    assert not app.join()
    assert content.settings.label(label) in app.join_message.value
    assert store.attendee_count() == 0
    assert app.main.layout.display == "none"


def test_the_join_message_escapes_what_was_typed(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str
) -> None:
    app = new_app(store, content, live_content)
    app.code_input.value = "<script>x"
    assert not app.join()
    assert "<script" not in app.join_message.value
    assert "&lt;script&gt;" in app.join_message.value


# -- locked steps --------------------------------------------------------------------------


def test_locked_steps_cannot_be_shown_until_the_facilitator_opens_them(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str
) -> None:
    app = joined(store, content, live_content, code)
    badge = live_content.label("locked_badge")
    assert all(b.description.startswith(badge) for b in app.step_buttons.values())

    app.step_buttons["balance"].click()
    assert live_content.label("locked") in app.locked.value
    assert app.stack.selected_index is None
    assert app.current is None
    assert app.step_boxes["balance"].children == ()

    open_steps(store, code, "balance")
    app.poll()
    assert app.step_buttons["balance"].description == live_content.step_label("balance")
    assert app.step_buttons["impact"].description.startswith(badge)
    app.step_buttons["balance"].click()
    assert app.locked.value == ""
    assert app.current == "balance"
    assert app.stack.selected_index == STEPS.index("balance")
    assert len(app.step_boxes["balance"].children) == 1

    store.set_step_open(code, "balance", False)  # the facilitator locks it again
    app.poll()
    assert app.stack.selected_index is None
    assert app.current is None
    assert live_content.label("locked") in app.locked.value


def test_joining_shows_the_first_open_step(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str
) -> None:
    open_steps(store, code, "menu", "impact")
    app = joined(store, content, live_content, code)
    assert app.current == "impact"
    assert app.step_boxes["menu"].children == ()  # built only when first shown


@pytest.mark.parametrize("step", STEPS)
def test_every_step_builds_its_view_once_opened(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, step: str
) -> None:
    open_steps(store, code, step)
    app = joined(store, content, live_content, code)
    assert app.current == step
    box = app.step_boxes[step]
    (view,) = box.children
    app.show_step(step)
    assert box.children == (view,)  # shown again, not built again


# -- resuming ------------------------------------------------------------------------------


def test_resume_code_in_the_constructor_restores_the_attendee(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str
) -> None:
    first = joined(store, content, live_content, code, "Sam")
    assert first.context is not None
    attendee = first.context.attendee
    for session_code, resume_code in (
        (None, attendee.resume_code),
        (code, attendee.code_display.lower()),
    ):
        again = new_app(store, content, live_content, session_code, resume_code)
        assert again.context is not None
        assert again.context.attendee == attendee
        assert again.session is not None
        assert again.session.code == code
        assert again.main.layout.display == "flex"
    assert store.attendee_count() == 1


def test_resume_typed_on_the_join_screen(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str
) -> None:
    first = joined(store, content, live_content, code)
    assert first.context is not None
    app = new_app(store, content, live_content)
    app.resume_input.value = first.context.attendee.code_display
    app.resume_button.click()
    assert app.context is not None
    assert app.context.attendee.id == first.context.attendee.id


def test_resume_with_a_code_from_another_session_is_refused(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str
) -> None:
    other = live.start_session(store, content, live_content, now=T0).session.code
    elsewhere = joined(store, content, live_content, other)
    assert elsewhere.context is not None
    app = new_app(store, content, live_content, code, elsewhere.context.attendee.resume_code)
    assert app.context is None
    assert app.main.layout.display == "none"
    assert live_content.label("wrong_session") in app.join_message.value
    assert store.attendee_count() == 1


def test_resume_with_an_unknown_code_or_after_expiry(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str
) -> None:
    app = new_app(store, content, live_content, code, "K7QM-3XPA")
    assert app.context is None
    assert content.settings.label("unknown_code") in app.join_message.value

    first = joined(store, content, live_content, code)
    assert first.context is not None
    late = new_app(
        store,
        content,
        live_content,
        None,
        first.context.attendee.resume_code,
        at=T0 + timedelta(days=1),
    )
    assert late.context is None
    assert live_content.label("expired_session") in late.join_message.value


# -- progress ------------------------------------------------------------------------------


def completed(store: Store, code: str, attendee_id: str) -> set[str]:
    return {step for who, step in store.export_rows(code).progress if who == attendee_id}


def test_progress_is_recorded_as_steps_are_completed(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str
) -> None:
    open_steps(store, code, *STEPS)
    app = joined(store, content, live_content, code)
    assert app.context is not None
    who = app.context.attendee.id
    assert completed(store, code, who) == set()

    for category in content.balance.categories:
        store.save_rating(who, category.id, 6)
    store.save_text(who, "do_over", "professional.answer", "Nothing")
    store.save_text(who, "do_over", "personal.answer", "Nothing")
    app.record_progress()
    assert completed(store, code, who) == {"do_over", "balance"}

    # The impact step through its own view, as the attendee types it: each save that lands
    # records progress, with no poll.
    app.show_step("impact")
    fields = [
        w
        for w in all_widgets(app.step_boxes["impact"])
        if isinstance(w, widgets.Text | widgets.Textarea | widgets.ToggleButtons)
    ]
    for field in fields:
        if isinstance(field, widgets.ToggleButtons):
            field.value = content.impact.channels[0].id
        else:
            field.value = "My team, every day"
    assert completed(store, code, who) == {"do_over", "balance", "impact"}

    store.save_picks(who, "menu", "ingredient", [Pick(content.menu.ingredients[0], "Daily")])
    store.save_text(who, "menu", "mantra", "Think positive, take action!")
    store.save_text(who, "do_over", "personal.answer", "Move abroad")  # now needs a first step
    app.record_progress()
    assert completed(store, code, who) == {"balance", "impact", "menu"}
    room = store.room_aggregates(code, 2, 3)
    assert room.completed == {"balance": 1, "impact": 1, "menu": 1}


def test_making_the_card_completes_the_card_step(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str
) -> None:
    open_steps(store, code, "card")
    app = joined(store, content, live_content, code)
    assert app.context is not None
    who = app.context.attendee.id
    assert app.current == "card"
    make = next(
        w
        for w in all_widgets(app.step_boxes["card"])
        if isinstance(w, widgets.Button) and w.description == content.settings.label("make_card")
    )
    make.click()
    app.poll()
    assert completed(store, code, who) == {"card"}


def test_the_menu_step_offers_what_the_menu_holds_for_the_wall(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str
) -> None:
    open_steps(store, code, "menu")
    app = joined(store, content, live_content, code, NICKNAME)
    assert app.current == "menu"
    box = app.step_boxes["menu"]
    ingredient = content.menu.ingredients[0]
    tick = next(
        w
        for w in all_widgets(box)
        if isinstance(w, widgets.Checkbox) and w.description == ingredient
    )
    tick.value = True  # saved at once headless; the wall view follows the save
    share = [
        w
        for w in all_widgets(box)
        if isinstance(w, widgets.Button) and w.description == live_content.label("share")
    ]
    assert len(share) == 1  # the rows not in use have no label
    share[0].click()
    assert [(e.kind, e.body) for e in store.wall_entries(code)] == [("ingredient", ingredient)]
    assert not any(NICKNAME in repr(e) for e in store.wall_entries(code))
