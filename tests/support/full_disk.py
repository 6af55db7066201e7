"""A disk that fills up, two ways: a small tmpfs in a private mount namespace, or a simulated
ENOSPC at the write call.

The tmpfs is real: ``unshare -m`` gives a process its own mount table, where a tmpfs of a few
kilobytes can be mounted over any folder without touching the machine's (it needs root, or a
user namespace). Where it cannot be made, the same cases run with `simulate_full_disk`, which
makes every handle an output is written through (`workshop.outputs.output_handle`) fail with
ENOSPC past a number of bytes. Which one ran is in the test's id, never skipped in silence.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

import pytest

from workshop import outputs
from workshop.reports import card_batch
from workshop.reports.card_render import RenderLimits, limit_args

#: Lists a folder (name and size of each file, recursively) as JSON on stdout.
_LIST = (
    "import json, os, sys; root = sys.argv[1]; print(json.dumps(sorted("
    "[os.path.relpath(os.path.join(d, f), root), os.path.getsize(os.path.join(d, f))] "
    "for d, _, fs in os.walk(root) for f in fs)))"
)


class _Filling:
    """A file handle on a disk with `room` bytes left: past them, a write fails as a full disk's
    does (with what fitted already written)."""

    def __init__(self, handle: BinaryIO, room: int) -> None:
        self._handle = handle
        self._room = room

    def write(self, data: Any) -> int:
        size = len(memoryview(data).cast("B"))
        if size > self._room:
            self._handle.write(bytes(memoryview(data).cast("B")[: self._room]))
            self._room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room -= size
        return self._handle.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> _Filling:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._handle.close()


def simulate_full_disk(monkeypatch: pytest.MonkeyPatch, room: int = 2048) -> None:
    """Every output written in this process, and by the card workers it starts, meets a full
    disk after `room` bytes."""
    real = outputs.output_handle

    def filling(handle: BinaryIO) -> BinaryIO:
        return _Filling(real(handle), room)  # type: ignore[return-value]

    def worker(content_source: Path, limits: RenderLimits) -> list[str]:
        script = Path(__file__).with_name("full_disk_worker.py")
        return [sys.executable, str(script), str(room), *limit_args(limits), str(content_source)]

    monkeypatch.setattr(outputs, "output_handle", filling)
    monkeypatch.setattr(card_batch, "worker_command", worker)


@functools.cache
def can_unshare() -> str:
    """ "" if a private mount namespace with a tmpfs can be made here, else why not."""
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return "no unshare(1) on this system"
    with tempfile.TemporaryDirectory() as folder:
        probe = subprocess.run(
            ["unshare", "-m", "--", "sh", "-c", f"mount -t tmpfs -o size=16k tmpfs {folder}"],
            capture_output=True,
            text=True,
            check=False,
        )
    if probe.returncode != 0:
        return f"unshare -m with a tmpfs failed: {probe.stderr.strip() or probe.returncode}"
    return ""


@dataclass(frozen=True)
class SmallDiskRun:
    returncode: int
    stdout: str
    stderr: str
    #: Every file left on the small disk once the command ended: (relative path, size).
    files: list[tuple[str, int]]


def run_on_small_disk(
    argv: Sequence[str],
    mount: Path,
    size_kb: int,
    cwd: Path,
    readonly: bool = False,
    before: Sequence[str] = (),
) -> SmallDiskRun:
    """Run ``workshop ARGV`` with a tmpfs of `size_kb` over `mount` (read-only if asked), in a
    mount namespace of its own; then list what it left there. `before` is a shell line run
    first, inside the namespace (to put a file on the small disk, say)."""
    mount.mkdir(parents=True, exist_ok=True)
    options = f"size={size_kb}k" + (",ro" if readonly else "")
    workshop = [sys.executable, "-m", "workshop.cli", *argv]
    marker = "=== files ==="
    script = (
        f"mount -t tmpfs -o {options} tmpfs {_q(mount)} || exit 97\n"
        + (f"{' '.join(before)}\n" if before else "")
        + f"{' '.join(_q(a) for a in workshop)}\nstatus=$?\n"
        + f"echo {marker}\n{_q(sys.executable)} -c {_q(_LIST)} {_q(mount)}\nexit $status\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
    done = subprocess.run(
        ["unshare", "-m", "--", "sh", "-c", script],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode != 97, f"could not mount the tmpfs: {done.stderr}"
    out, _, listing = done.stdout.partition(f"{marker}\n")
    return SmallDiskRun(done.returncode, out, done.stderr, [tuple(f) for f in json.loads(listing)])


def _q(text: str | Path) -> str:
    return "'" + str(text).replace("'", "'\\''") + "'"
