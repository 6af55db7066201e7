"""The personal card: what it gathers (pure), and that it draws as one A4 page whatever is typed."""

from __future__ import annotations

import io
import re
import struct
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from workshop.content.keynote import KeynoteContent
from workshop.keynote.answers import Answers, Pick
from workshop.keynote.reflections import Ingredient
from workshop.reports.card import (
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PHONE_DPI,
    PNG_DPI,
    CardData,
    Commitment,
    DoOverEntry,
    ImpactPledge,
    card_data,
    card_figure,
    card_files,
    card_pdf,
    card_png,
    phone_png,
)
from workshop.reports.layout import Page, TextStyle
from workshop.store import Store

if TYPE_CHECKING:
    from matplotlib.figure import Figure

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
LONG = ("Listen first, then ask one more question before you pitch anything at all. " * 40)[:2000]


def fill_everything(store: Store, attendee_id: str) -> None:
    """Save an answer to every field of all four exercises."""
    for category, score in RATINGS.items():
        store.save_rating(attendee_id, category, score)
    store.save_picks(
        attendee_id,
        "balance",
        "finder",
        [Pick("Set a fixed bedtime on work nights", "health")],
    )
    texts = {
        ("do_over", "professional.answer"): "Ask for coaching sooner",
        ("do_over", "professional.first_step"): "Book time with my manager on Monday",
        ("do_over", "personal.answer"): "Nothing.",
        ("do_over", "recent_call.answer"): "Let the customer finish",
        ("do_over", "recent_call.first_step"): "Count to two before answering",
        ("impact", "whom"): "My two newest reps",
        ("impact", "channel"): "coaching",
        ("impact", "action"): "Coach each of them twice a week",
        ("impact", "better_place"): "By believing in people before they do",
        ("menu", "mantra"): "Think positive, take action!",
    }
    for (exercise, name), body in texts.items():
        store.save_text(attendee_id, exercise, name, body)
    store.save_picks(
        attendee_id,
        "menu",
        "ingredient",
        [Pick("Gratitude", "Three good things each night"), Pick("Sea swims 🌊", "")],
    )


def figure_texts(figure: Figure) -> str:
    return " ".join(t.get_text() for t in figure.texts)


def pdf_pages(pdf: bytes) -> int:
    # Page objects, not the /Pages tree: matplotlib leaves object dictionaries uncompressed.
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def everything(text: str, content: KeynoteContent) -> CardData:
    """A card where every free-text field holds `text`."""
    return CardData(
        scores=dict(RATINGS),
        out_of_balance=("health",),
        finders=tuple(
            Commitment(category, finder)
            for category, finders in content.balance.finders.items()
            for finder in finders
        ),
        do_overs=tuple(
            DoOverEntry(c.id, text, text, nothing=False) for c in content.do_over.contexts
        ),
        impact=ImpactPledge(text, "giving", text, text),
        ingredients=tuple(
            Ingredient(text[:200] + str(i), text) for i in range(content.menu.max_ingredients)
        ),
        mantra=text,
    )


# -- card_data ----------------------------------------------------------------------------------


def test_card_data_holds_every_answer_of_all_four_exercises(
    store: Store, content: KeynoteContent
) -> None:
    attendee = store.create_attendee()
    fill_everything(store, attendee.id)

    data = card_data(store.answers(attendee.id), content)

    assert data.scores == RATINGS
    assert data.out_of_balance == ("health",)
    assert data.finders == (Commitment("health", "Set a fixed bedtime on work nights"),)
    assert data.do_overs == (
        DoOverEntry(
            "professional",
            "Ask for coaching sooner",
            "Book time with my manager on Monday",
            nothing=False,
        ),
        DoOverEntry("personal", "Nothing.", "", nothing=True),
        DoOverEntry(
            "recent_call", "Let the customer finish", "Count to two before answering", False
        ),
    )
    assert data.impact == ImpactPledge(
        "My two newest reps",
        "coaching",
        "Coach each of them twice a week",
        "By believing in people before they do",
    )
    assert data.ingredients == (
        Ingredient("Gratitude", "Three good things each night"),
        Ingredient("Sea swims 🌊", ""),
    )
    assert data.mantra == "Think positive, take action!"


def test_card_data_of_a_new_attendee_is_empty(content: KeynoteContent) -> None:
    data = card_data(Answers(), content)
    assert data.scores == {}
    assert data.out_of_balance == ()
    assert data.finders == ()
    assert data.do_overs == ()
    assert data.impact.empty
    assert data.ingredients == ()
    assert data.mantra == ""


def test_card_data_never_shortens_an_answer(content: KeynoteContent) -> None:
    answers = Answers(texts={("impact", "better_place"): LONG, ("menu", "mantra"): LONG})
    data = card_data(answers, content)
    assert data.impact.better_place == LONG
    assert data.mantra == LONG


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ({"career": 5, "retired_category": 4}, {"career": 5}),
        ({"career": 5, "health": 99}, {"career": 5}),
        ({"career": 5, "health": 3}, {"career": 5, "health": 3}),
    ],
    ids=["unknown category", "off the scale", "all valid"],
)
def test_card_data_leaves_out_ratings_the_content_no_longer_accepts(
    content: KeynoteContent, ratings: dict[str, int], expected: dict[str, int]
) -> None:
    assert card_data(Answers(ratings=ratings), content).scores == expected


def test_a_first_step_alone_still_reaches_the_card(content: KeynoteContent) -> None:
    answers = Answers(texts={("do_over", "personal.first_step"): "Call my sister"})
    (entry,) = card_data(answers, content).do_overs
    assert entry == DoOverEntry("personal", "", "Call my sister", nothing=False)


# -- the drawing --------------------------------------------------------------------------------


def test_a_full_card_shows_every_answer_whole_and_no_shortening_note(
    store: Store, content: KeynoteContent
) -> None:
    attendee = store.create_attendee()
    fill_everything(store, attendee.id)
    data = card_data(store.answers(attendee.id), content)

    shown = figure_texts(card_figure(data, content))

    for answer in (
        "Ask for coaching sooner",
        "Book time with my manager on Monday",
        "Let the customer finish",
        "My two newest reps",
        "Coaching",  # the channel's label, not its id
        "Coach each of them twice a week",
        "By believing in people before they do",
        "Gratitude",
        "Three good things each night",
        "Sea swims 🌊",
        "Think positive, take action!",
        "Set a fixed bedtime on work nights",
        "Health and fitness",
    ):
        assert answer in shown
    assert content.settings.label("card_truncated") not in shown


def test_an_empty_card_says_what_is_not_answered_yet(content: KeynoteContent) -> None:
    shown = figure_texts(card_figure(card_data(Answers(), content), content))
    assert shown.count(content.settings.label("not_answered")) == 4
    assert content.settings.label("card_title") in shown


def test_2000_character_answers_stay_on_one_page_and_the_card_says_so(
    content: KeynoteContent,
) -> None:
    data = everything(LONG, content)
    figure = card_figure(data, content)
    shown = figure_texts(figure)

    assert content.settings.label("card_truncated") in shown
    assert "…" in shown
    assert LONG not in shown
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    width_px, height_px = figure.bbox.width, figure.bbox.height
    for text in figure.texts:
        box = text.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= width_px, text.get_text()
        assert box.y0 >= 0 and box.y1 <= height_px, text.get_text()

    pdf = card_pdf(data, content)
    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf) == 1


def test_long_answers_in_the_two_columns_never_cross_into_each_other(
    content: KeynoteContent,
) -> None:
    figure = card_figure(everything(LONG, content), content)
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    middle = figure.bbox.width / 2
    footer_top = (MARGIN + 0.5) * figure.dpi
    # The lower half of the page, above the footer: the do-over and impact/menu columns.
    boxes = [t.get_window_extent(renderer) for t in figure.texts if t.get_text()]
    columns = [b for b in boxes if footer_top < b.y0 and b.y1 < figure.bbox.height / 2]
    left = [b for b in columns if b.x0 < middle]
    right = [b for b in columns if b.x0 >= middle]
    assert left and right
    assert max(b.x1 for b in left) < min(b.x0 for b in right)


def test_pdf_is_one_a4_page(content: KeynoteContent) -> None:
    pdf = card_pdf(card_data(Answers(), content), content)
    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf) == 1
    assert re.search(rb"/Count\s+1\b", pdf)
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert box is not None
    assert float(box.group(1)) == pytest.approx(PAGE_WIDTH * 72, abs=1)
    assert float(box.group(2)) == pytest.approx(PAGE_HEIGHT * 72, abs=1)


def test_png_decodes_at_a4_size(content: KeynoteContent) -> None:
    from matplotlib.image import imread

    png = card_png(card_data(Answers(), content), content)
    width, height = png_size(png)
    assert width == pytest.approx(PAGE_WIDTH * PNG_DPI, abs=1)
    assert height == pytest.approx(PAGE_HEIGHT * PNG_DPI, abs=1)
    pixels = imread(io.BytesIO(png), format="png")
    assert pixels.shape[:2] == (height, width)
    assert pixels.min() < 0.5 < pixels.max()  # something is drawn on a white page


def test_card_files_are_the_a4_pdf_and_the_phone_png(content: KeynoteContent) -> None:
    # The PNG download is laid out for a phone (1080 x 1920), no longer the A4 page shrunk.
    files = card_files(card_data(Answers(), content), content)
    assert files.pdf.startswith(b"%PDF")
    assert png_size(files.png) == (1080, 1920)
    assert png_size(phone_png(card_data(Answers(), content), content)) == (1080, 1920)
    assert PHONE_DPI == 150


UNICODE = {
    "accents": "Café, Zoë, José, Ångström, naïve façade",
    "emoji": "Family first 👨‍👩‍👧‍👦 👍🏽 🇳🇱 ✍️",
    "rtl": "שלום עולם · مرحبا بالعالم",
    "cjk": "家族と過ごす時間を増やす" * 30,
    "combining": "e\u0301te\u0301 cafe\u0301",
    "controls": "tab\there\x00nul\x07bell\r\nnext line",
    "mathtext": "Save $5 a day, $x^2$ and \\frac{1}{2} $",
    "html": "<img src=x onerror=alert(1)> & </text>",
    "lone spaces": "   \n\n   ",
}


@pytest.mark.parametrize("text", UNICODE.values(), ids=UNICODE.keys())
def test_any_text_renders_without_error_or_stray_warning(
    content: KeynoteContent, text: str
) -> None:
    data = everything(text, content)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph (matplotlib warns) fails the test
        files = card_files(data, content)
    assert files.pdf.startswith(b"%PDF")
    assert pdf_pages(files.pdf) == 1
    assert png_size(files.png)[0] > 0


def test_accented_text_has_every_glyph(content: KeynoteContent) -> None:
    """Accents must really render: drawing them raises no missing-glyph warning at all."""
    figure = card_figure(everything(UNICODE["accents"], content), content)
    assert UNICODE["accents"] in figure_texts(figure)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(io.BytesIO(), format="png")
    assert [str(w.message) for w in caught if "missing from" in str(w.message)] == []


# -- wrapping -----------------------------------------------------------------------------------


@pytest.fixture
def page() -> Iterator[Page]:
    from workshop.plotting import new_figure
    from workshop.reports.fonts import card_fonts

    with card_fonts():
        yield Page(new_figure(PAGE_WIDTH, PAGE_HEIGHT))


@pytest.mark.parametrize(
    "text",
    [
        "Listen first, then ask one more question. " * 10,
        "家族と過ごす時間を増やす" * 10,
        "https://example.com/" + "a" * 300,
        "short " + "x" * 200,
    ],
    ids=["words", "cjk without spaces", "url", "short then very long word"],
)
def test_every_wrapped_line_fits_and_nothing_is_lost(page: Page, text: str) -> None:
    style = TextStyle()
    width = 2.0
    lines = page.wrap(text, width, style)
    assert len(lines) > 1
    assert all(page.width(line, style) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_wrapping_keeps_the_attendees_line_breaks(page: Page) -> None:
    assert page.wrap("one\ntwo\n\nthree", 3.0, TextStyle()) == ["one", "two", "three"]


def test_ellipsize_ends_within_the_width(page: Page) -> None:
    style = TextStyle()
    line = page.ellipsize("a line that is far too long to fit the width given", 1.0, style)
    assert line.endswith("…")
    assert page.width(line, style) <= 1.0
