"""Cards drawn out of the attendee's kernel: the files, the failures, and the render slots."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from workshop.content.keynote import KeynoteContent
from workshop.content.live import load_live_content
from workshop.reports import card_render
from workshop.reports.card import CardFiles
from workshop.reports.card_render import CardRenderError, render_in_subprocess, render_slot
from workshop.services.demo import demo_records
from workshop.store import Store
from workshop.ui.keynote.card import CardView
from workshop.ui.keynote.context import AttendeeContext


@pytest.fixture
def slots_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Render slots private to this test, so parallel runs do not share locks."""
    monkeypatch.setattr(card_render, "slot_dir", lambda: tmp_path / "slots")
    return tmp_path / "slots"


def test_a_card_comes_back_from_another_process(
    store: Store, content: KeynoteContent, slots_in: Path
) -> None:
    record = demo_records(content, load_live_content(content.source), 1, None)[0]
    store.add_attendees([record])
    files = render_in_subprocess(store.path, content.source, record.attendee.id)
    assert files.pdf.startswith(b"%PDF")
    assert files.png.startswith(b"\x89PNG\r\n\x1a\n")
    assert slots_in.is_dir()


def test_a_broken_content_folder_is_a_clear_error(
    store: Store, tmp_path: Path, slots_in: Path
) -> None:
    attendee = store.create_attendee()
    with pytest.raises(CardRenderError, match="does not exist"):
        render_in_subprocess(store.path, tmp_path / "nowhere", attendee.id)


def test_one_slot_makes_the_second_render_wait_for_the_first(slots_in: Path) -> None:
    order: list[str] = []
    first_holds = threading.Event()

    def first() -> None:
        with render_slot(1):
            order.append("first in")
            first_holds.set()
            time.sleep(0.3)  # hold the only slot long enough for the second to queue
            order.append("first out")

    worker = threading.Thread(target=first)
    worker.start()
    assert first_holds.wait(5)
    with render_slot(1):
        order.append("second in")
    worker.join()
    assert order == ["first in", "first out", "second in"]


def test_two_slots_let_two_renders_run_together(slots_in: Path) -> None:
    with render_slot(2) as one, render_slot(2) as two:
        assert {one, two} == {0, 1}


def test_the_card_view_uses_the_renderer_it_is_given(context: AttendeeContext) -> None:
    asked: list[str] = []

    def renderer(attendee: AttendeeContext) -> CardFiles:
        asked.append(attendee.attendee.id)
        return CardFiles(b"%PDF-1.4 fake", b"\x89PNG\r\n\x1a\nfake")

    view = CardView(context, renderer=renderer)
    view.button.click()
    assert asked == [context.attendee.id]
    assert "do-over-card.pdf" in view.downloads.value
    assert context.store.answers(context.attendee.id).text("card", "made_at")


def test_a_failing_renderer_says_so_and_records_nothing(context: AttendeeContext) -> None:
    def renderer(_attendee: AttendeeContext) -> CardFiles:
        raise CardRenderError("the card process ran out of memory")

    view = CardView(context, renderer=renderer)
    view.button.click()
    assert "ran out of memory" in view.status.value
    assert not view.button.disabled
    assert not context.store.answers(context.attendee.id).text("card", "made_at")
