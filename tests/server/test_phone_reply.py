"""A save's reply builds only the pages whose fragments it sends: the progress on every step,
the balance page (wheel, summary, finders) and the menu's (the wall) on theirs."""

from __future__ import annotations

from pathlib import Path

from tests.support.paths import ROOT
from workshop.content.keynote import KeynoteContent
from workshop.content.live import load_live_content
from workshop.server.phone_steps import reply_pages, step_page
from workshop.services.attendee import progress_of
from workshop.store import Store


def test_a_reply_builds_the_pages_it_sends_and_no_other(
    tmp_path: Path, content: KeynoteContent
) -> None:
    live = load_live_content(ROOT / "data" / "en")
    with Store(str(tmp_path / "room.db")) as store:
        me = store.create_attendee("Kim")
        store.save_ratings(me.id, {c.id: 5 for c in content.balance.categories})
        answers = store.answers(me.id)
        steps = progress_of(answers, content).steps
        for step in ("do_over", "balance", "impact", "menu", "card"):
            pages = reply_pages(step, store, content, live, me.id, answers, steps[step])
            page, progress = step_page(step, store, content, live, me.id)
            assert pages["progress"] == progress
            built = set(pages) - {"progress"}
            assert built == ({step} if step in ("balance", "menu") else set())
            if built:
                assert pages[step] == page
