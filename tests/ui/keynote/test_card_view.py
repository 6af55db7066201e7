"""The card screen headless: click "Make my card" and look at the preview and the downloads."""

from __future__ import annotations

import base64
import re
import struct
from typing import Any

import pytest

from tests.support.widget_tree import all_widgets, html_values
from workshop.errors import StoreError
from workshop.keynote.answers import Answers, Pick
from workshop.ui.keynote.card import FILE_STEM, STEPS, CardView, card_view
from workshop.ui.keynote.context import AttendeeContext

SCRIPT = "<img src=x onerror=alert(1)>"


def downloads(view: CardView) -> dict[str, tuple[str, bytes]]:
    """File name -> (MIME type, bytes) of every download link."""
    found = re.findall(
        r"<a download='([^']+)' href='data:([^;]+);base64,([A-Za-z0-9+/=]+)'",
        view.downloads.value,
    )
    return {name: (mime, base64.b64decode(data)) for name, mime, data in found}


def fill(context: AttendeeContext, text: str) -> None:
    store, attendee_id = context.store, context.attendee.id
    store.save_rating(attendee_id, "health", 2)
    store.save_rating(attendee_id, "career", 7)
    store.save_text(attendee_id, "do_over", "personal.answer", text)
    store.save_text(attendee_id, "impact", "better_place", text)
    store.save_text(attendee_id, "menu", "mantra", text)
    store.save_picks(attendee_id, "menu", "ingredient", [Pick(text, text)])


def test_make_my_card_shows_a_preview_and_both_downloads(context: AttendeeContext) -> None:
    fill(context, "Think positive, take action!")
    view = CardView(context)
    assert view.button.description == context.label("make_card")
    assert view.preview.layout.display == "none"
    assert view.downloads.value == ""

    view.button.click()

    png = bytes(view.preview.value)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    # The phone card, also the preview: a screen wide, and a screen tall or more when the
    # answers need it (`workshop.reports.card_phone`: at most two screens).
    assert width == 1080 and 1920 <= height <= 2 * 1920
    assert view.preview.layout.display == "block"
    files = downloads(view)
    assert set(files) == {f"{FILE_STEM}.pdf", f"{FILE_STEM}.png"}
    mime, pdf = files[f"{FILE_STEM}.pdf"]
    assert mime == "application/pdf"
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    assert files[f"{FILE_STEM}.png"] == ("image/png", png)
    assert context.label("download_pdf") in view.downloads.value
    assert context.label("download_png") in view.downloads.value
    assert context.label("card_ready") in view.status.value
    assert view.button.disabled is False


def test_the_print_my_reflections_tick_is_an_ordinary_answer(context: AttendeeContext) -> None:
    store, attendee_id = context.store, context.attendee.id
    view = CardView(context)
    assert view.print_reflections.description == context.label("card_print_reflections")
    assert view.print_reflections.value is False

    view.print_reflections.value = True
    assert store.answers(attendee_id).text("card", "print_reflections") == "yes"
    view.print_reflections.value = False
    assert store.answers(attendee_id).text("card", "print_reflections") == ""

    store.save_text(attendee_id, "card", "print_reflections", "yes")
    assert CardView(context).print_reflections.value is True  # read back on a reload


def test_another_attendee_on_the_page_sees_their_own_tick(context: AttendeeContext) -> None:
    view = CardView(context)
    view.print_reflections.value = True
    other = context.store.create_attendee()
    context.resume(other.resume_code)
    assert view.print_reflections.value is False
    assert context.store.answers(other.id).text("card", "print_reflections") == ""


def test_progress_and_status_show_while_the_card_is_built(context: AttendeeContext) -> None:
    view = CardView(context)
    seen: dict[str, list[Any]] = {"status": [], "progress": [], "disabled": [], "shown": []}
    view.status.observe(lambda c: seen["status"].append(c["new"]), names="value")
    view.progress.observe(lambda c: seen["progress"].append(c["new"]), names="value")
    view.button.observe(lambda c: seen["disabled"].append(c["new"]), names="disabled")
    view.progress.layout.observe(lambda c: seen["shown"].append(c["new"]), names="display")

    assert view.make() is True

    assert context.label("making_card") in seen["status"][0]
    assert context.label("card_ready") in seen["status"][-1]
    assert seen["progress"] == list(range(1, STEPS + 1))
    assert seen["disabled"] == [True, False]
    assert seen["shown"] == ["flex", "none"]


def test_a_card_with_nothing_answered_is_still_made(context: AttendeeContext) -> None:
    view = CardView(context)
    assert view.make() is True
    assert bytes(view.preview.value).startswith(b"\x89PNG")


def test_a_failure_is_shown_and_the_button_stays_usable(
    context: AttendeeContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_attendee_id: str) -> Answers:
        raise StoreError(f"the disk is full {SCRIPT}")

    view = CardView(context)
    monkeypatch.setattr(context.store, "answers", broken)

    assert view.make() is False

    assert context.label("card_failed") in view.status.value
    assert "&lt;img src=x" in view.status.value and "<img" not in view.status.value
    assert view.button.disabled is False
    assert view.progress.layout.display == "none"
    assert view.downloads.value == ""
    assert view.preview.layout.display == "none"


@pytest.mark.parametrize(
    "text",
    [SCRIPT, "Zoë and José 👨‍👩‍👧‍👦 🇳🇱", "שלום · مرحبا", "家族と過ごす時間" * 40, "é" * 2000],
    ids=["html", "emoji", "rtl", "cjk", "2000 characters"],
)
def test_any_answer_makes_a_card_and_never_reaches_the_page_as_html(
    context: AttendeeContext, text: str
) -> None:
    fill(context, text)
    page = card_view(context)
    view = CardView(context)
    view.button.click()

    assert context.label("card_ready") in view.status.value
    _mime, pdf = downloads(view)[f"{FILE_STEM}.pdf"]
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    for value in html_values(view.widget) + html_values(page):
        assert text not in value
        assert "<img" not in value
    # Making the card read the answers; it changed none of them.
    answers = context.store.answers(context.attendee.id)
    assert answers.text("menu", "mantra") == text


def test_resuming_as_someone_else_clears_the_previous_card(context: AttendeeContext) -> None:
    fill(context, "Private to the first attendee")
    view = CardView(context)
    view.button.click()
    assert view.downloads.value

    context.resume(context.store.create_attendee().resume_code)

    assert bytes(view.preview.value) == b""
    assert view.preview.layout.display == "none"
    assert view.downloads.value == ""
    assert view.status.value == ""


def test_each_click_updates_the_same_widgets(context: AttendeeContext) -> None:
    view = CardView(context)
    before = [id(w) for w in all_widgets(view.widget)]
    view.button.click()
    first = bytes(view.preview.value)
    context.store.save_text(context.attendee.id, "menu", "mantra", "A new mantra")
    view.button.click()
    assert [id(w) for w in all_widgets(view.widget)] == before
    assert bytes(view.preview.value) != first  # the new answer is on the new card


def test_the_builder_puts_the_identity_bar_on_top(context: AttendeeContext) -> None:
    page = card_view(context)
    assert context.attendee.code_display in page.children[0].children[0].value
    assert "workshop-card" in page.children[1]._dom_classes
