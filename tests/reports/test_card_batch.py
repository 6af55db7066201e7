"""A big batch of cards is drawn by a pool of processes, with the same files as drawn alone."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from workshop.content.keynote import Content
from workshop.content.live import load_live_content
from workshop.live.demo import fill_room
from workshop.reports.room_report import write_cards
from workshop.store import Store

ATTENDEES = 20  # above the batch size from which a pool is used

SCRIPT = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from workshop.reports import room_report as session_report
    from workshop.content.keynote import load_content
    from workshop.store import Store

    db, content_dir, out = sys.argv[1:4]
    drawn_by = Path(out) / "drawn-by.txt"
    original = session_report._write_card_of

    def recording(content, job):
        original(content, job)
        with drawn_by.open("a") as log:
            log.write(f"{os.getpid()}\\n")

    session_report._write_card_of = recording
    seen = []
    with Store(db) as store:
        count = session_report.write_cards(
            store, load_content(content_dir), None, Path(out),
            progress=lambda done, total: seen.append((done, total)), workers=2,
        )
    print(os.getpid(), count, seen[-1][0], seen[-1][1], len(seen))
    """
)


def test_a_pool_draws_the_batch_and_matches_drawing_alone(
    store: Store, content: Content, tmp_path: Path
) -> None:
    fill_room(store, content, load_live_content(content.source), ATTENDEES, None)
    pooled, alone = tmp_path / "pooled", tmp_path / "alone"
    pooled.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(store.path), str(content.source), str(pooled)],
        capture_output=True,
        text=True,
        check=True,
    )
    parent, count, last, total, calls = done.stdout.split()
    assert (int(count), int(last), int(total), int(calls)) == (ATTENDEES,) * 4

    drawers = set((pooled / "drawn-by.txt").read_text().split())
    assert parent not in drawers, "cards were drawn in the calling process, not by the pool"
    assert 1 <= len(drawers) <= 2  # at most the two workers asked for

    assert write_cards(store, content, None, alone, workers=1) == ATTENDEES
    names = sorted(p.name for p in pooled.glob("card-*.pdf"))
    assert names == sorted(p.name for p in alone.glob("card-*.pdf"))
    for name in names:
        assert (pooled / name).read_bytes().startswith(b"%PDF")
        assert (pooled / name).stat().st_size > 0
