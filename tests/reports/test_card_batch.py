"""Cards for a room: bounded workers, private reflections left out, pseudonymous file names."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from workshop.codes import pseudonym
from workshop.content.keynote import KeynoteContent
from workshop.content.live import load_live_content
from workshop.reports import card_batch
from workshop.reports.card_batch import CardFailure
from workshop.reports.card_render import RenderLimits
from workshop.reports.session_report import CardBatchError, write_cards
from workshop.services.demo import fill_room
from workshop.store import Store

ATTENDEES = 6
FAULTY_WORKER = ROOT / "tests" / "reports" / "faulty_worker.py"
REAL_WORKER = card_batch.worker_command
PRIVATE = {
    ("do_over", "professional.answer"): "Stop hiding my numbers from my manager",
    ("do_over", "professional.first_step"): "Show the forecast on Monday",
    ("impact", "action"): "Mentor Jo every Friday",
    ("impact", "better_place"): "By forgiving my brother",
}


def pdf_text(path: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(done.stdout.split())


def room(store: Store, content: KeynoteContent, opted_in: int) -> list[str]:
    """A demo room where everyone wrote private reflections and the first `opted_in` said
    they may be printed."""
    fill_room(store, content, load_live_content(content.source), ATTENDEES, None)
    attendees = store.export_rows(None).attendees
    for i, attendee in enumerate(attendees):
        for (exercise, name), body in PRIVATE.items():
            store.save_text(attendee, exercise, name, body)
        store.save_text(attendee, "menu", "mantra", f"Mantra number {i}")
        store.save_text(attendee, "card", "print_reflections", "yes" if i < opted_in else "")
    return attendees


def test_the_facilitators_cards_leave_private_reflections_out_unless_opted_in(
    store: Store, content: KeynoteContent, tmp_path: Path
) -> None:
    attendees = room(store, content, opted_in=2)
    tmp_path /= "cards"
    assert write_cards(store, content, None, tmp_path, workers=2) == ATTENDEES

    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"card-{pseudonym(a)}.pdf" for a in attendees)
    codes = [store.attendee(a).resume_code for a in attendees]
    assert not any(code in name for code in codes for name in names)
    private_label = content.settings.label("card_private")
    for i, attendee in enumerate(attendees):
        text = pdf_text(tmp_path / f"card-{pseudonym(attendee)}.pdf")
        assert f"Mantra number {i}" in text  # the rest of the card is there
        for body in PRIVATE.values():
            assert (body in text) == (i < 2), (i, body)
        assert (private_label in text) == (i >= 2)


def test_a_card_over_its_cpu_or_memory_limit_fails_alone_and_the_batch_goes_on(
    store: Store, content: KeynoteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attendees = room(store, content, opted_in=0)
    burner, hog = pseudonym(attendees[1]), pseudonym(attendees[3])
    tmp_path /= "cards"

    def faulty(source: Path, limits: RenderLimits) -> list[str]:
        command = REAL_WORKER(source, limits)
        return [command[0], str(FAULTY_WORKER), burner, hog, *command[3:]]

    monkeypatch.setattr(card_batch, "worker_command", faulty)
    limits = RenderLimits(cpu_seconds=2, memory_bytes=1536 * 2**20, wall_seconds=60)
    failures: list[CardFailure] = []
    written = write_cards(
        store, content, None, tmp_path, workers=2, failed=failures.append, limits=limits
    )

    assert written == ATTENDEES - 2
    reasons = {f.name: f.reason for f in failures}
    assert reasons[burner] == "the card took more than 2 s of CPU time and was stopped"
    assert reasons[hog] == "the card needed more than 1536 MB of memory and was stopped"
    drawn = {p.name for p in tmp_path.iterdir()}
    assert drawn == {f"card-{pseudonym(a)}.pdf" for a in attendees} - {
        f"card-{burner}.pdf",
        f"card-{hog}.pdf",
    }

    # Without a `failed` listener the batch still writes every other card, then says which
    # failed, in one message (the CLI prints it).
    monkeypatch.setattr(card_batch, "worker_command", faulty)
    with pytest.raises(CardBatchError, match=rf"wrote 4 of 6 cards .*2 failed: .*{burner}"):
        write_cards(store, content, None, tmp_path / "again", workers=2, limits=limits)
    assert len(list((tmp_path / "again").iterdir())) == ATTENDEES - 2


def test_a_card_past_its_wall_clock_timeout_fails_alone(
    store: Store, content: KeynoteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attendees = room(store, content, opted_in=0)
    sleeper = pseudonym(attendees[0])

    def faulty(source: Path, limits: RenderLimits) -> list[str]:
        command = REAL_WORKER(source, limits)
        return [command[0], str(FAULTY_WORKER), "-", "-", sleeper, *command[3:]]

    monkeypatch.setattr(card_batch, "worker_command", faulty)
    failures: list[CardFailure] = []
    # Long enough for a worker to start on a busy machine: its start counts in the first card's.
    limits = RenderLimits(wall_seconds=15)
    written = write_cards(store, content, None, tmp_path, failed=failures.append, limits=limits)
    assert written == ATTENDEES - 1
    assert failures == [CardFailure(sleeper, "the card took longer than 15 s and was stopped")]
