"""Render an attendee's card in a short-lived process.

A live room's attendee kernels must stay light (300 per machine): a card drawn inside one
would pull matplotlib into every kernel by the end of the keynote. Instead the kernel asks
``python -m workshop.card_render`` for the files. At most one render runs per CPU core on
this machine (a file lock per slot), so when the whole room asks at once, cards queue
instead of exhausting memory.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workshop.errors import WorkshopError
from workshop.reports.card import CardFiles

RENDER_TIMEOUT_S = 300.0
SLOT_POLL_S = 0.2


class CardRenderError(WorkshopError, RuntimeError):
    """The card process failed; its last words say why."""


def slot_dir() -> Path:
    return Path(tempfile.gettempdir()) / "workshop-card-slots"


@contextmanager
def render_slot(slots: int | None = None) -> Iterator[int]:
    """Hold one of `slots` machine-wide render slots (default: one per core) while inside."""
    import fcntl

    count = slots or os.cpu_count() or 1
    folder = slot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        for index in range(count):
            handle = (folder / f"slot-{index}.lock").open("a")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield index
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
            return
        time.sleep(SLOT_POLL_S)  # every slot is busy: wait for a render to finish


def render_in_subprocess(
    db: Path, content_dir: Path, attendee_id: str, timeout: float = RENDER_TIMEOUT_S
) -> CardFiles:
    """The attendee's card, drawn by a separate Python process; blocks until it is done."""
    with render_slot(), tempfile.TemporaryDirectory(prefix="workshop-card-") as out:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "workshop.reports.card_render",
                str(db),
                str(content_dir),
                attendee_id,
                out,
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines()
            raise CardRenderError(lines[-1] if lines else f"exit status {done.returncode}")
        folder = Path(out)
        return CardFiles((folder / "card.pdf").read_bytes(), (folder / "card.png").read_bytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workshop.card_render")
    parser.add_argument("db")
    parser.add_argument("content")
    parser.add_argument("attendee_id")
    parser.add_argument("out")
    args = parser.parse_args(argv)
    from workshop.content.keynote import load_content
    from workshop.reports.card import card_data, card_files
    from workshop.store import Store

    try:
        content = load_content(args.content)
        with Store(args.db) as store:
            data = card_data(store.answers(args.attendee_id), content)
        files = card_files(data, content)
    except WorkshopError as exc:
        print(f"card_render: {exc}", file=sys.stderr)
        return 1
    out = Path(args.out)
    (out / "card.pdf").write_bytes(files.pdf)
    (out / "card.png").write_bytes(files.png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
