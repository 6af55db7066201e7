"""What people keep is never cut (issue 20): the phone card holds every section of the A4 card,
titles are whole, and the wheel's names stand clear of its rim, on both cards and in the
session report, in both shipped languages. Each is checked by its text and by its box."""

from __future__ import annotations

import math
import struct
from typing import TYPE_CHECKING

import pytest

from tests.support.paths import DATA
from workshop.content.keynote import KeynoteContent, load_content
from workshop.content.live import load_live_content
from workshop.keynote.answers import Pick
from workshop.keynote.charts import wheel_labels
from workshop.reports.card import CardData, card_data, card_figure, phone_figure, phone_png
from workshop.reports.card_phone import MOST_SCREENS, PHONE_HEIGHT
from workshop.store import Store

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, FigureBase
    from matplotlib.text import Text

LANGUAGES = ("en", "es")


def content_of(lang: str) -> KeynoteContent:
    return load_content(DATA / lang)


def full_card(store: Store, content: KeynoteContent, nickname: str = "Alexandra") -> CardData:
    """The card of issue 20's attendee: two finders, three ingredients, every do-over with its
    first step, the whole pledge and a mantra, written in the content's own language."""
    live = load_live_content(content.source)
    person = store.create_attendee(nickname)
    ids = [c.id for c in content.balance.categories]
    for category, score in zip(ids, (6, 7, 6, 6, 2, 6, 5, 6), strict=True):
        store.save_rating(person.id, category, score)
    low = ids[4]
    finders = [Pick(f, low) for f in content.balance.finders[low][:2]]
    store.save_picks(person.id, "balance", "finder", finders)
    demo = live.demo
    for i, context in enumerate(content.do_over.contexts):
        store.save_text(person.id, "do_over", f"{context.id}.answer", demo.do_over[i])
        store.save_text(person.id, "do_over", f"{context.id}.first_step", demo.first_steps[i])
    pledge = {
        "whom": demo.whom[0],
        "channel": content.impact.channels[1].id,
        "action": demo.actions[0],
        "better_place": demo.better_place[0],
    }
    for name, text in pledge.items():
        store.save_text(person.id, "impact", name, text)
    ingredients = [Pick(n, demo.actions[i]) for i, n in enumerate(content.menu.ingredients[:3])]
    store.save_picks(person.id, "menu", "ingredient", ingredients)
    store.save_text(person.id, "menu", "mantra", content.menu.mantra_examples[0])
    return card_data(store.answers(person.id), content, nickname, "2026-12-07")


def words(figure: Figure) -> str:
    """Every text the figure draws, in order, as one line of words."""
    return " ".join(" ".join(t.get_text().split()) for t in figure.texts if t.get_text().strip())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_phone_card_keeps_every_section_of_the_a4_card(store: Store, lang: str) -> None:
    """Issue 20: the PNG had no do-over and no pledge, with blank space at the bottom."""
    content = content_of(lang)
    data = full_card(store, content)
    a4, phone = words(card_figure(data, content)), words(phone_figure(data, content))
    live = load_live_content(content.source)
    label = content.settings.label
    sections = [
        content.balance.title,
        label("finders_heading"),
        *(f.finder for f in data.finders),
        content.do_over.title,
        *(c.label for c in content.do_over.contexts),
        *live.demo.do_over[:3],
        *(f"{label('card_first_step')}: {step}" for step in live.demo.first_steps[:3]),
        content.impact.title,
        content.impact.whom_prompt,
        data.impact.whom,
        content.impact.channels[1].label,
        data.impact.action,
        data.impact.better_place,
        content.menu.title,
        *(i.name for i in data.ingredients),
        *(i.action for i in data.ingredients),
        data.mantra,
        label("card_title"),
    ]
    for section in sections:
        flat = " ".join(section.split())
        assert flat in a4, (lang, section)
        assert flat in phone, (lang, section)
    # Whole, so never shortened, and nothing says it was.
    assert "…" not in phone and label("card_truncated") not in phone


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_phone_card_grows_past_one_screen_rather_than_drop_an_answer(
    store: Store, lang: str
) -> None:
    content = content_of(lang)
    data = full_card(store, content)
    png = phone_png(data, content)
    width, height = struct.unpack(">II", png[16:24])
    assert width == 1080 and 1920 <= height <= 1920 * MOST_SCREENS
    figure = phone_figure(data, content)
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    lowest = min(t.get_window_extent(renderer).y0 for t in figure.texts if t.get_text().strip())
    assert lowest >= 0, "a line fell off the bottom of the card"
    assert figure.get_size_inches()[1] >= PHONE_HEIGHT


# -- titles and the wheel's names, by their text and their box -----------------------------------


def inside(figure: FigureBase, text: Text, margin_px: float = 1.0) -> bool:
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    box = text.get_window_extent(renderer)
    root = figure.get_figure(root=True)
    assert root is not None
    return bool(
        box.x0 >= -margin_px
        and box.y0 >= -margin_px
        and box.x1 <= root.bbox.width + margin_px
        and box.y1 <= root.bbox.height + margin_px
    )


def assert_names_clear_of_the_rim(figure: Figure, ax: Axes, names: list[str]) -> None:
    """Each name is the category's whole name, inside the page, and no point of its box is
    inside the wheel's rim."""
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    centre = ax.transData.transform((0.0, 0.0))
    top = ax.get_ylim()[1]
    rim = min(
        math.dist(centre, ax.transData.transform((angle, top)))
        for angle in (0.0, math.pi / 2, math.pi, 3 * math.pi / 2)
    )
    labels = wheel_labels(ax)
    assert [
        " ".join(t.get_text().split()[: len(n.split())]) for t, n in zip(labels, names, strict=True)
    ] == names
    for label in labels:
        box = label.get_window_extent(renderer)
        nearest = (min(max(centre[0], box.x0), box.x1), min(max(centre[1], box.y0), box.y1))
        assert math.dist(centre, nearest) >= rim, label.get_text()
        assert inside(figure, label), label.get_text()


def polar_axes_of(figure: Figure) -> Axes:
    return next(ax for ax in figure.get_axes() if ax.name == "polar")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", ["a4", "phone"])
def test_card_titles_are_whole_and_the_wheels_names_clear_its_rim(
    store: Store, lang: str, kind: str
) -> None:
    """Issue 20: "Mi tarjeta «Volv…" on the PNG, «Volver a…» on the A4; a subtitle ending
    "what…"; names over the rim on every card."""
    content = content_of(lang)
    data = full_card(store, content)
    figure = (card_figure if kind == "a4" else phone_figure)(data, content)
    drawn = words(figure)
    settings = content.settings
    for whole in (settings.label("card_title"), f"{settings.title} · {settings.subtitle}"):
        assert " ".join(whole.split()) in drawn
    assert "…" not in drawn
    for text in figure.texts:
        assert inside(figure, text), text.get_text()
    names = [c.name for c in content.balance.categories]
    assert_names_clear_of_the_rim(figure, polar_axes_of(figure), names)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_reports_title_keeps_its_margin_and_its_wheels_names_clear_the_rim(
    store: Store, lang: str
) -> None:
    """Issue 20: the report's title touched the page's top edge; names lay on the rim."""
    from workshop.reports.session_report import TOP_MARGIN_IN, charts_page
    from workshop.services import live_session as live
    from workshop.services.demo import demo_records
    from workshop.services.figures import read_room

    content = content_of(lang)
    live_content = load_live_content(content.source)
    code = live.start_session(store, content, live_content).session.code
    store.add_attendees(demo_records(content, live_content, 30, code))
    snap = read_room(store, code, content)
    figure = charts_page(snap, store.live_session(code), content, live_content)
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    title = figure.texts[0]
    assert title.get_text().startswith(f"{content.settings.title} · ")
    box = title.get_window_extent(renderer)
    assert figure.bbox.height - box.y1 >= TOP_MARGIN_IN * figure.dpi * 0.9
    for text in [*figure.texts, *(t for sub in figure.subfigs for t in sub.texts)]:
        assert inside(figure, text), text.get_text()
    wheel = next(ax for ax in figure.get_axes() if ax.name == "polar")
    names = [content.balance.category(c).name for c in snap.categories]
    assert_names_clear_of_the_rim(figure, wheel, names)
    for ax in figure.get_axes():
        assert inside(figure, ax.title), ax.title.get_text()
        title_box = ax.title.get_window_extent(renderer)
        for label in wheel_labels(ax):
            assert not title_box.overlaps(label.get_window_extent(renderer)), label.get_text()
