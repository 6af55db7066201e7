"""A card worker on a disk with no room: the real worker (`workshop.reports.card_batch`), with
every output handle failing as a full disk does past ROOM bytes.

Run as ``python full_disk_worker.py ROOM --cpu N --memory M CONTENT``. It stands alone (a
script, not a module of the tests), as `tests/reports/faulty_worker.py` does.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any, BinaryIO

from workshop import outputs
from workshop.reports import card_batch


class Full:
    """A handle with `room` bytes left on its disk."""

    def __init__(self, handle: BinaryIO, room: int) -> None:
        self.handle, self.room = handle, room

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.handle.write(data)

    def __enter__(self) -> Full:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)


room = int(sys.argv[1])
real = outputs.output_handle
outputs.output_handle = lambda handle: Full(real(handle), room)  # type: ignore[assignment,return-value]
raise SystemExit(card_batch.main(sys.argv[2:]))
