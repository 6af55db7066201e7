"""The big screen's slides as HTML: which slide each segment shows, what stays hidden until the
facilitator reveals it, what a slide holds, and that no slide holds a control."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from tests.support.paths import ROOT
from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent, load_live_content
from workshop.html import escape
from workshop.live import fit
from workshop.live.figures import RoomSnapshot
from workshop.live.session import LiveSession
from workshop.live.slides import Screen, has_room_results, qr_svg, short_address, slide
from workshop.live.slides_room import heat_cell, wall_cards
from workshop.live.wall import WallEntry, group_wall
from workshop.services import live_session as live
from workshop.services.demo import demo_records
from workshop.services.figures import RoomReader
from workshop.store import Store

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
JOIN = "http://10.0.0.5:8866/?session=K7QM3X"
EVIL = "<script>alert(1)</script>"
CONTROLS = re.compile(r"<(button|input|select|textarea|a)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def live_content() -> LiveContent:
    return load_live_content(ROOT / "data" / "en")


@pytest.fixture
def filled(store: Store, content: KeynoteContent, live_content: LiveContent) -> tuple[Store, str]:
    session = live.start_session(store, content, live_content, now=T0).session
    store.add_attendees(demo_records(content, live_content, 40, session.code))
    return store, session.code


def at(session: LiveSession, segment: int, revealed: bool) -> LiveSession:
    return replace(session, segment=segment, revealed=revealed)


def render(
    content: KeynoteContent,
    live_content: LiveContent,
    store: Store,
    code: str,
    segment: int,
    revealed: bool = True,
    room: RoomSnapshot | None = None,
) -> str:
    session = store.live_session(code)
    assert session is not None
    room = room or RoomReader(store, code, content).read()
    wall = group_wall(store.wall_entries(code))
    screen = Screen(at(session, segment, revealed), room, wall, JOIN, qr_svg(JOIN))
    return slide(content, live_content, screen)


@pytest.mark.parametrize(
    ("url", "short"),
    [
        ("http://10.0.0.5:8866/?session=K7QM3X", "10.0.0.5:8866"),
        ("https://room.example.org/", "room.example.org"),
        ("https://example.org/workshop/?session=AB", "example.org/workshop"),
        (None, ""),
    ],
)
def test_the_join_address_is_short_enough_to_type(url: str | None, short: str) -> None:
    assert short_address(url) == short


def test_before_the_first_segment_and_in_the_welcome_the_screen_says_how_to_join(
    content: KeynoteContent, live_content: LiveContent, filled: tuple[Store, str]
) -> None:
    store, code = filled
    for segment in (-1, 0):
        html = render(content, live_content, store, code, segment)
        assert "data-slide='join'" in html
        assert "<svg" in html and "class='wp-qr'" in html
        assert "10.0.0.5:8866</div>" in html and "session=" not in html.split("</svg>")[-1]
        assert f"<div class='wp-code'>{code}</div>" in html
        assert "<b class='wp-joined-count'>40</b>" in html


@pytest.mark.parametrize(
    ("segment", "step"), [(1, "do_over"), (2, "balance"), (3, "impact"), (4, "menu"), (5, "card")]
)
def test_each_segment_has_its_slide_and_none_has_a_control(
    content: KeynoteContent,
    live_content: LiveContent,
    filled: tuple[Store, str],
    segment: int,
    step: str,
) -> None:
    store, code = filled
    for revealed in (False, True):
        html = render(content, live_content, store, code, segment, revealed)
        assert f"data-slide='{step}'" in html
        assert live_content.agenda[segment].title in html
        assert not CONTROLS.search(html)
        # Later slides keep the way in for latecomers, in the footer.
        assert "Join at <b>10.0.0.5:8866</b>" in html and code in html


def test_the_private_exercises_show_their_question_and_a_count_never_an_answer(
    content: KeynoteContent, live_content: LiveContent, filled: tuple[Store, str]
) -> None:
    store, code = filled
    html = render(content, live_content, store, code, 1)
    assert escape(content.do_over.question) in html
    assert "40 have answered" in html
    for answer in live_content.demo.do_over:
        assert answer not in html
    html = render(content, live_content, store, code, 3)
    assert "How will you leave this world a better place?" in html
    for pledge in live_content.demo.better_place:
        assert pledge not in html


def test_balance_results_stay_hidden_until_revealed(
    content: KeynoteContent, live_content: LiveContent, filled: tuple[Store, str]
) -> None:
    store, code = filled
    hidden = render(content, live_content, store, code, 2, revealed=False)
    assert escape(live_content.label("results_hidden")) in hidden
    assert "<table class='wp-heat'>" not in hidden and "<svg" not in hidden.split("</style>")[1]
    shown = render(content, live_content, store, code, 2, revealed=True)
    assert "<table class='wp-heat'>" in shown
    assert "workshop-wheel-svg" in shown and "class='spread'" in shown
    assert live_content.label("top_out_of_balance") in shown
    assert live_content.label("top_finders") in shown


def test_below_k_a_revealed_slide_says_it_is_waiting(
    store: Store, content: KeynoteContent, live_content: LiveContent
) -> None:
    code = live.start_session(store, content, live_content, now=T0).session.code
    store.add_attendees(demo_records(content, live_content, 3, code))
    html = render(content, live_content, store, code, 2, revealed=True)
    assert "Room results appear once 5 attendees have answered" in html
    assert "<table class='wp-heat'>" not in html


def test_the_menu_shows_the_most_chosen_ingredients_and_the_grouped_wall(
    content: KeynoteContent, live_content: LiveContent, filled: tuple[Store, str]
) -> None:
    store, code = filled
    for body in ("Think positive, take action!", "THINK positive, take action!", EVIL):
        store.share_on_wall(store.create_attendee(None, code).id, "mantra", body)
    html = render(content, live_content, store, code, 4)
    assert live_content.label("top_ingredients") in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    counts = [int(n) for n in re.findall(r"data-count='(\d+)'", html)]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2
    # The last segment shows the wall alone.
    closing = render(content, live_content, store, code, 5)
    assert live_content.label("top_ingredients") not in closing
    assert "workshop-wall-group" in closing


def test_a_long_wall_shows_the_most_shared_and_counts_the_rest() -> None:
    entries = [
        WallEntry(n, "mantra", f"Mantra {n % 20}", f"2026-12-02T10:{n % 60:02d}:00", False)
        for n in range(45)
    ]
    html = wall_cards(group_wall(entries), "empty", 60, 30)
    assert html.count("workshop-wall-group") == 12
    assert "+8</div>" in html
    assert "empty" in wall_cards([], "empty", 60, 30)


def test_a_wall_shows_only_the_cards_that_fit_whole_and_counts_the_rest() -> None:
    """Long entries on a short column: fewer cards, none cut; the others are counted."""
    long = "Think positive, take action, and never stop learning from every single call " * 2
    entries = [
        WallEntry(n, "mantra", f"{long} {n}", f"2026-12-02T10:{n:02d}:00", False) for n in range(12)
    ]
    html = wall_cards(group_wall(entries), "empty", 30, 12)
    shown = html.count("workshop-wall-group")
    assert 1 <= shown < 12
    assert f"+{12 - shown}</div>" in html
    assert "…" not in html and "text-overflow" not in html


def test_no_slide_cuts_text_with_an_ellipsis() -> None:
    """Issue 20: titles, finders and heatmap names ended in "…" (CSS ellipsis and clamps)."""
    from workshop.live.slides import CSS

    assert "ellipsis" not in CSS
    # Only an entry past the wall's limit (kept from before it) is cut, to three lines.
    clamped = [rule.split("{")[0].strip() for rule in CSS.split("}") if "line-clamp" in rule]
    assert clamped == [".wp-card-over .wp-card-text"]
    # Nothing is kept from wrapping but a wall card's count ("x12"), which its card wraps round.
    assert [rule.split("{")[0].strip() for rule in CSS.split("}") if "nowrap" in rule] == [
        ".wp-card b"
    ]


def test_every_heatmap_cell_reads_at_4_5_to_1_or_better() -> None:
    from workshop.html import contrast_ratio

    worst = min(contrast_ratio(*heat_cell(value, 200)) for value in range(201))
    assert worst >= 4.5


@pytest.mark.parametrize(
    ("step", "results"),
    [(None, False), ("do_over", False), ("balance", True), ("impact", False), ("menu", True)],
)
def test_only_the_wheel_and_the_wall_have_room_results_to_reveal(
    step: str | None, results: bool
) -> None:
    assert has_room_results(step) is results


def test_take_home_your_card_shows_the_card_before_and_after_reveal(
    content: KeynoteContent, live_content: LiveContent, filled: tuple[Store, str]
) -> None:
    """Issue 20: it read "Your menu for life · 5 have answered", then only the wall."""
    store, code = filled
    store.share_on_wall(store.create_attendee(None, code).id, "mantra", "Keep going")
    made = RoomReader(store, code, content).read().completed["card"]
    for revealed in (False, True):
        html = render(content, live_content, store, code, 5, revealed)
        assert escape(content.settings.label("card_intro")) in html
        assert live_content.label("cards_made", n=made) in html
        assert content.menu.title not in html
        assert ("workshop-wall-group" in html) is revealed


def test_the_end_thanks_the_room_over_its_mantras(
    content: KeynoteContent, live_content: LiveContent, filled: tuple[Store, str]
) -> None:
    store, code = filled
    store.share_on_wall(store.create_attendee(None, code).id, "mantra", "Keep going")
    store.share_on_wall(store.create_attendee(None, code).id, "ingredient", "Gratitude")
    session = store.live_session(code)
    assert session is not None
    live.end_workshop(store, session, 5, now=T0)
    for segment in (2, 5):
        html = render(content, live_content, store, code, segment, revealed=False)
        assert "data-slide='closing'" in html
        assert live_content.label("closing_title") in html
        assert escape(live_content.label("closing_message")) in html
        assert "Keep going" in html and "Gratitude" not in html  # the mantras, not ingredients


def test_the_join_slide_says_when_no_phone_can_open_its_address(
    content: KeynoteContent, live_content: LiveContent, filled: tuple[Store, str]
) -> None:
    store, code = filled
    session = store.live_session(code)
    assert session is not None
    room = RoomReader(store, code, content).read()
    hint = "workshop serve --ip 10.0.0.5"
    plain = slide(content, live_content, Screen(session, room, [], JOIN, qr_svg(JOIN)))
    assert "workshop-loopback" not in plain
    warned = slide(content, live_content, Screen(session, room, [], JOIN, qr_svg(JOIN), hint))
    assert escape(live_content.label("loopback_screen")) in warned
    assert f"<span class='wp-command'>{hint}</span>" in warned


def test_a_long_title_wraps_and_leaves_the_main_area_less_room() -> None:
    assert fit.title_lines("Balance wheel and balance finders") == 1
    long = "Rueda del equilibrio y claves de equilibrio para toda la sala y mucho más " * 2
    assert fit.title_lines(long) == 3
    assert fit.main_height_em(long) < fit.main_height_em("Short") - 3
