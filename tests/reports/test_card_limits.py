"""Whatever passes the text limits renders within the renderer's limits, and a card that breaks
them is stopped with a one-line reason."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.reports.test_card import everything
from tests.reports.test_card_scripts import read
from workshop.content.keynote import KeynoteContent
from workshop.errors import TextCharacterError, TextTooLongError
from workshop.reports.card import card_pdf, phone_png
from workshop.reports.card_render import (
    LIMITS,
    CardRenderError,
    RenderLimits,
    out_of_memory,
    render_in_subprocess,
)
from workshop.reports.layout import CLUSTER_MAX, PARAGRAPH_MAX, bounded
from workshop.store import Store
from workshop.text import check_text

LIMIT = 2000
#: What people type and what floods are made of: letters of many scripts, combining marks,
#: joiners, variation selectors, skin tones, tags, flags, and line breaks.
PIECES = st.one_of(
    st.sampled_from(["a", "é", "Ω", "Ж", "ש", "ع", "क्ष", "家", "한", "👩", "🇳🇱", "\n", " "]),
    st.characters(min_codepoint=0x300, max_codepoint=0x36F),
    st.sampled_from(["\u200d", "\u200c", "\ufe0f", "\U0001f3fd", "\u2067", "\u2069"]),
    st.characters(min_codepoint=0xE0020, max_codepoint=0xE007F),
    st.characters(blacklist_categories=("Cc", "Cs")),
)
TEXTS = st.lists(PIECES, min_size=200, max_size=4000).map("".join)


def accepted(text: str) -> str | None:
    try:
        return check_text(text, LIMIT, "the answer")
    except (TextTooLongError, TextCharacterError):
        return None


@settings(
    max_examples=6,
    deadline=None,
    # A card takes a second or two: shrinking a 4,000-piece text would take hours, so a
    # failure is reported as found.
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=TEXTS, flood=st.sampled_from(["", "\u0301", "\u200d\U0001f469", "\U000e0067"]))
def test_any_accepted_text_renders_well_within_the_cpu_limit(
    content: KeynoteContent, text: str, flood: str
) -> None:
    # Half the examples end in a flood of one piece, as far as the caps allow.
    text = accepted(text + flood * 3000) or accepted(text) or text[:LIMIT]
    if accepted(text) is None:
        text = "x"
    started = time.process_time()
    data = everything(text, content)
    assert card_pdf(data, content).startswith(b"%PDF")
    assert phone_png(data, content).startswith(b"\x89PNG")
    spent = time.process_time() - started
    # Both files are drawn by one bounded process for the attendee: half its budget at most.
    assert spent < LIMITS.cpu_seconds / 2, f"{spent:.1f} s of CPU for {len(text)} code points"


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("short", False),
        ("x" * (PARAGRAPH_MAX + 1), True),
        ("a" + "\u0301" * (CLUSTER_MAX - 1), False),
        ("a" + "\u0301" * CLUSTER_MAX + "b", True),
    ],
)
def test_what_is_measured_is_bounded_and_a_cut_is_said(text: str, cut: bool) -> None:
    head, was_cut = bounded(text)
    assert was_cut == cut
    assert len(head) <= PARAGRAPH_MAX
    assert (head == text) == (not cut)


def test_a_card_over_its_memory_limit_is_a_one_line_reason(
    store: Store, content: KeynoteContent
) -> None:
    attendee = store.create_attendee("Dana")
    with pytest.raises(CardRenderError) as caught:
        render_in_subprocess(
            store.path, content.source, attendee.id, RenderLimits(memory_bytes=200 * 2**20)
        )
    assert str(caught.value) == "the card needed more than 200 MB of memory and was stopped"


def test_a_card_past_its_wall_clock_timeout_is_a_one_line_reason(
    store: Store, content: KeynoteContent
) -> None:
    attendee = store.create_attendee("Dana")
    with pytest.raises(CardRenderError) as caught:
        render_in_subprocess(
            store.path, content.source, attendee.id, RenderLimits(wall_seconds=0.3)
        )
    assert str(caught.value) == "the card took longer than 0.3 s and was stopped"


def test_a_card_within_the_limits_carries_the_nickname(
    store: Store, content: KeynoteContent, tmp_path: Path
) -> None:
    attendee = store.create_attendee("Dana")
    files = render_in_subprocess(store.path, content.source, attendee.id)
    assert files.png.startswith(b"\x89PNG")
    text = read(files.pdf, tmp_path, "pdftotext")
    assert "Dana" in text
    assert time.strftime("%Y-%m-%d") in text


def test_a_library_the_loader_could_not_map_counts_as_out_of_memory() -> None:
    # Under a low RLIMIT_AS the first import of _sqlite3 fails this way, not with MemoryError.
    mapped = ImportError("_sqlite3.so: failed to map segment from shared object")
    assert out_of_memory(mapped)
    assert not out_of_memory(ImportError("No module named 'nothing_here'"))
