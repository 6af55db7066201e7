"""The balance view headless: set widget values, click, and look at what the store holds."""

from __future__ import annotations

import asyncio

import ipywidgets as widgets
import pytest

from tests.support.widget_tree import all_widgets, html_values
from workshop.content.keynote import KeynoteContent
from workshop.keynote.answers import Pick
from workshop.store import Store
from workshop.ui.keynote.balance import BalanceView, balance_view
from workshop.ui.keynote.context import AttendeeContext, IdentityBar

RATINGS = {
    "career": 6,
    "performance": 7,
    "relationships_work": 6,
    "finances": 6,
    "health": 2,
    "family": 6,
    "growth": 5,
    "fun": 6,
}


def saved_ratings(context: AttendeeContext) -> dict[str, int]:
    return context.store.answers(context.attendee.id).ratings


def test_clicking_a_toggle_saves_the_rating(context: AttendeeContext) -> None:
    view = BalanceView(context)
    view.buttons["career"].value = 5
    assert saved_ratings(context) == {"career": 5}
    view.buttons["career"].value = 7
    assert saved_ratings(context) == {"career": 7}
    assert "Saved" in view.saver.status.value


def test_rating_every_category_draws_the_wheel_and_the_summary(
    context: AttendeeContext,
) -> None:
    view = BalanceView(context)
    assert view.wheel.layout.display == "none"
    assert view.summary.value == ""
    for category, score in RATINGS.items():
        view.buttons[category].value = score

    assert saved_ratings(context) == RATINGS
    assert bytes(view.wheel.value).startswith(b"\x89PNG")
    assert view.wheel.layout.display == "block"
    assert view.wheel_hint.layout.display == "none"
    assert "Out of balance" in view.summary.value
    assert "Health and fitness" in view.summary.value
    assert "Average <b>5.5</b>" in view.summary.value


def test_finders_show_only_for_out_of_balance_categories_and_save_when_ticked(
    context: AttendeeContext,
) -> None:
    view = BalanceView(context)
    for category, score in RATINGS.items():
        view.buttons[category].value = score
    shown = [c for c, box in view.finder_boxes.items() if box.layout.display != "none"]
    assert shown == ["health"]
    assert view.finders_heading.layout.display == "block"

    finder = "Set a fixed bedtime on work nights"
    view.finder_checks["health"][finder].value = True
    assert context.store.answers(context.attendee.id).chosen("balance", "finder") == (
        Pick(finder, "health"),
    )
    view.finder_checks["health"][finder].value = False
    assert context.store.answers(context.attendee.id).chosen("balance", "finder") == ()


def test_raising_the_low_score_hides_its_finders(context: AttendeeContext) -> None:
    view = BalanceView(context)
    for category, score in RATINGS.items():
        view.buttons[category].value = score
    view.buttons["health"].value = 6
    assert all(box.layout.display == "none" for box in view.finder_boxes.values())
    assert view.finders_heading.layout.display == "none"
    assert "In balance" in view.summary.value


@pytest.mark.parametrize("value", [0, 9, -1, 2.5, "high", "", None, True, [5]])
def test_a_rating_the_domain_refuses_is_shown_and_not_saved(
    context: AttendeeContext, value: object
) -> None:
    view = BalanceView(context)
    view.buttons["career"].value = 4

    assert view.rate("career", value) is False

    assert "must be a whole number from 1 to 8" in view.error.value
    assert "Career growth" in view.error.value
    assert saved_ratings(context) == {"career": 4}
    assert view.buttons["career"].value == 4


def test_a_good_rating_after_a_refused_one_clears_the_message(context: AttendeeContext) -> None:
    view = BalanceView(context)
    view.rate("family", 12)
    assert view.error.value != ""
    assert view.rate("family", "6") is True  # a whole number typed as text is fine
    assert view.error.value == ""
    assert view.buttons["family"].value == 6
    assert saved_ratings(context) == {"family": 6}


def test_an_unknown_category_is_refused(context: AttendeeContext) -> None:
    view = BalanceView(context)
    assert view.rate("hobbies", 5) is False
    assert "unknown category &#x27;hobbies&#x27;" in view.error.value
    assert saved_ratings(context) == {}


def _reload(context: AttendeeContext) -> AttendeeContext:
    """What a page reload does in Voilà: same content and database, a brand-new attendee."""
    return AttendeeContext(context.content, context.store, context.store.create_attendee())


def test_resume_with_the_code_restores_the_ratings_in_the_toggles(
    context: AttendeeContext,
) -> None:
    first = BalanceView(context)
    for category, score in RATINGS.items():
        first.buttons[category].value = score
    code = context.attendee.code_display

    again = _reload(context)
    bar = IdentityBar(again)
    view = BalanceView(again)
    assert view.scores == {}
    assert code not in bar.code.value

    bar.code_input.value = code.lower()
    bar.resume_button.click()

    assert again.attendee.id == context.attendee.id
    assert view.scores == RATINGS
    assert {c: t.value for c, t in view.buttons.items()} == RATINGS
    assert code in bar.code.value
    assert "Welcome back" in bar.message.value
    assert bar.code_input.value == ""
    assert "Out of balance" in view.summary.value


def test_resume_restores_committed_finders(context: AttendeeContext) -> None:
    first = BalanceView(context)
    for category, score in RATINGS.items():
        first.buttons[category].value = score
    first.finder_checks["health"]["Walk 20 minutes every day, phone in your pocket"].value = True

    again = _reload(context)
    bar = IdentityBar(again)
    view = BalanceView(again)
    bar.code_input.value = context.attendee.resume_code
    # Enter in the code box, as the front end reports it.
    bar.code_input._handle_custom_msg({"event": "submit"}, [])

    ticked = [f for f, check in view.finder_checks["health"].items() if check.value]
    assert ticked == ["Walk 20 minutes every day, phone in your pocket"]
    assert view.finder_boxes["health"].layout.display == "flex"


@pytest.mark.parametrize("typed", ["2222-2222", "abc", "K7QM-3XP0"])
def test_an_unknown_code_shows_a_clear_message_and_changes_nothing(
    context: AttendeeContext, typed: str
) -> None:
    bar = IdentityBar(context)
    view = BalanceView(context)
    view.buttons["career"].value = 3
    before = context.attendee
    shown_code = bar.code.value

    bar.code_input.value = typed
    bar.resume_button.click()

    assert "That code is not known here" in bar.message.value
    assert "nothing has been changed" in bar.message.value
    assert context.attendee == before
    assert bar.code.value == shown_code
    assert view.scores == {"career": 3}
    assert saved_ratings(context) == {"career": 3}
    assert bar.code_input.value == typed  # left for the attendee to correct


def test_a_typed_code_is_shown_back_only_escaped(context: AttendeeContext) -> None:
    view = balance_view(context)
    bar_input = next(w for w in all_widgets(view) if isinstance(w, widgets.Text))
    button = next(w for w in all_widgets(view) if isinstance(w, widgets.Button))
    bar_input.value = "<img/xy>"  # eight characters: it reaches the alphabet check
    button.click()
    shown = "".join(html_values(view))
    assert "&lt;img/xy&gt;" in shown
    assert "<img" not in shown.lower()


def test_an_empty_code_does_nothing(context: AttendeeContext) -> None:
    bar = IdentityBar(context)
    before = context.attendee
    bar.code_input.value = "   "
    bar.resume_button.click()
    assert bar.message.value == ""
    assert context.attendee == before


def test_the_url_code_resumes_in_voila_and_an_unknown_one_starts_afresh(
    content: KeynoteContent, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    known = store.create_attendee()
    store.save_rating(known.id, "fun", 8)
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")

    monkeypatch.setenv("QUERY_STRING", f"code={known.code_display.lower()}")
    resumed = AttendeeContext.from_environment(content, store)
    assert resumed.attendee == known
    assert BalanceView(resumed).scores == {"fun": 8}

    monkeypatch.setenv("QUERY_STRING", "code=2222-2222")
    fresh = AttendeeContext.from_environment(content, store)
    assert fresh.attendee.id != known.id
    assert BalanceView(fresh).scores == {}
    assert store.device_code() is None  # Voilà is a shared server: no device memory


def test_the_page_shows_the_identity_bar_above_the_exercise(context: AttendeeContext) -> None:
    page = balance_view(context)
    identity, exercise = page.children
    assert "workshop-identity" in identity._dom_classes
    assert "workshop-balance" in exercise._dom_classes
    assert context.attendee.code_display in "".join(html_values(identity))
    rows = [w for w in all_widgets(exercise) if any("workshop-rate-" in c for c in w._dom_classes)]
    assert [next(c for c in r._dom_classes if c.startswith("workshop-rate-")) for r in rows] == [
        f"workshop-rate-{c.id}" for c in context.content.balance.categories
    ]


def test_saved_shows_only_once_every_pending_rating_is_saved(context: AttendeeContext) -> None:
    """In a kernel each rating saves after a short pause; "Saved" must wait for the last."""
    view = BalanceView(context)

    async def rate_two_quickly() -> None:
        view.saver.delay = 0  # the first rating saves on the loop's next turn...
        view.buttons["career"].value = 5
        view.saver.delay = 3600  # ...the second is still waiting for a pause in clicking
        view.buttons["health"].value = 3
        for _turn in range(100):
            if "career" in saved_ratings(context):
                break
            await asyncio.sleep(0)
        assert saved_ratings(context) == {"career": 5}
        assert "Saved" not in view.saver.status.value
        assert "Saving" in view.saver.status.value
        view.saver.flush()

    asyncio.run(rate_two_quickly())

    assert saved_ratings(context) == {"career": 5, "health": 3}
    assert "Saved" in view.saver.status.value
