"""A batch of cards drawn by a few bounded worker processes; one card's failure stops no other.

Each worker is ``python -m workshop.reports.card_batch CONTENT``: it loads matplotlib
and the content once, then draws the cards it is sent, each within its own CPU budget (the
soft limit is moved on before every card) and the worker's memory limit. The parent gives
each card a wall-clock deadline. A worker that breaks a limit is ended and replaced; its card
is reported as failed, with why, and the batch goes on.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import selectors
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from workshop import outputs
from workshop.content.keynote import KeynoteContent
from workshop.reports.card_data import CardData
from workshop.reports.card_render import (
    RenderLimits,
    apply_limits,
    failure,
    limit_args,
    out_of_memory,
)

_HEADER = struct.Struct(">I")


@dataclass(frozen=True)
class CardJob:
    """One card to draw: whose (their pseudonym), what, and where the PDF goes."""

    name: str
    data: CardData
    path: Path


@dataclass(frozen=True)
class CardFailure:
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


def worker_command(content_source: Path, limits: RenderLimits) -> list[str]:
    """How a worker is started; tests swap it for one that misbehaves on purpose."""
    module = [sys.executable, "-m", "workshop.reports.card_batch", *limit_args(limits)]
    return [*module, str(content_source)]


class _Worker:
    def __init__(self, command: list[str]) -> None:
        # Kept open as long as the worker lives, and closed by `end`; a file, not a pipe, so a
        # worker that says a lot on stderr never blocks on it.
        self.errors: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors
        )
        self.job: CardJob | None = None
        self.deadline = 0.0
        self.said: str | None = None  # its stderr, once ended

    def send(self, job: CardJob, wall_seconds: float) -> None:
        blob = pickle.dumps((job.name, job.data, str(job.path)))
        assert self.process.stdin is not None
        self.process.stdin.write(_HEADER.pack(len(blob)) + blob)
        self.process.stdin.flush()
        self.job, self.deadline = job, time.monotonic() + wall_seconds

    def end(self) -> str:
        """Stop the worker (once); returns the last of what it said on stderr."""
        if self.said is not None:
            return self.said
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None and not pipe.closed:
                # A worker that died mid-card never read the last card sent.
                with contextlib.suppress(BrokenPipeError):
                    pipe.close()
        self.errors.seek(0)
        self.said = self.errors.read()[-4000:].decode("utf-8", "replace")
        self.errors.close()
        return self.said


def draw_batch(
    jobs: Sequence[CardJob],
    content_source: Path,
    limits: RenderLimits,
    workers: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[CardFailure]:
    """Draw every job's card; returns the ones that failed, with why."""
    pending, failed, done = list(reversed(jobs)), [], 0
    pool: list[_Worker] = []
    selector = selectors.DefaultSelector()
    try:
        while pending or any(w.job for w in pool):
            for worker in pool:
                if worker.job is None and pending:
                    worker.send(pending.pop(), limits.wall_seconds)
            while pending and len(pool) < workers:
                worker = _Worker(worker_command(content_source, limits))
                assert worker.process.stdout is not None
                selector.register(worker.process.stdout, selectors.EVENT_READ, worker)
                pool.append(worker)
                worker.send(pending.pop(), limits.wall_seconds)
            for worker, reason in _wait(selector, pool, limits):
                assert worker.job is not None
                if reason:
                    failed.append(CardFailure(worker.job.name, reason))
                    pool.remove(worker)
                    assert worker.process.stdout is not None
                    selector.unregister(worker.process.stdout)
                    worker.end()
                worker.job = None
                done += 1
                if progress is not None:
                    progress(done, len(jobs))
    finally:
        for worker in pool:
            worker.end()
        selector.close()
    return failed


def _wait(
    selector: selectors.BaseSelector, pool: list[_Worker], limits: RenderLimits
) -> list[tuple[_Worker, str]]:
    """Workers whose card is over, each with "" (drawn) or why it failed."""
    busy = [w for w in pool if w.job is not None]
    timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
    finished: list[tuple[_Worker, str]] = []
    for key, _events in selector.select(timeout):
        worker: _Worker = key.data
        line = worker.process.stdout.readline() if worker.process.stdout else b""
        if line.startswith(b"ok"):
            finished.append((worker, ""))
        elif line.startswith(b"error "):
            finished.append((worker, line[6:].decode("utf-8", "replace").strip()))
        elif line.startswith(b"disk "):
            # The disk, not the card: every other card would fail the same way. Stop here.
            code, _, reason = line[5:].decode("utf-8", "replace").strip().partition(" ")
            raise OSError(int(code) if code.isdigit() else 0, reason)
        else:  # the worker ended mid-card: a limit, or a crash
            said = worker.end()
            finished.append((worker, failure(worker.process.returncode, said, limits)))
    now = time.monotonic()
    for worker in busy:
        if worker.deadline <= now and all(worker is not w for w, _ in finished):
            late = f"the card took longer than {limits.wall_seconds:g} s and was stopped"
            finished.append((worker, late))
    return finished


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m workshop.reports.card_batch")
    parser.add_argument("--cpu", type=int, required=True)
    parser.add_argument("--memory", type=int, required=True)
    parser.add_argument("content")
    args = parser.parse_args(argv)
    apply_limits(args.cpu, args.memory)
    return serve(args.content, args.cpu)


def serve(content_source: str, cpu_seconds: int) -> int:
    """The worker's loop: read a card, draw it within a fresh CPU budget, say "ok" or why not."""
    from workshop.content.keynote import load_content
    from workshop.errors import WorkshopError

    content = load_content(content_source)
    reply = os.fdopen(os.dup(1), "wb", buffering=0)
    sys.stdout = sys.stderr  # nothing but replies goes to the parent's pipe
    while True:
        header = sys.stdin.buffer.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return 0
        name, data, path = pickle.loads(sys.stdin.buffer.read(_HEADER.unpack(header)[0]))
        apply_limits(cpu_seconds, _memory_limit())
        try:
            pdf = draw_card(name, data, content)
        except WorkshopError as exc:
            reply.write(f"error {' '.join(str(exc).split())}\n".encode())
            continue
        except (MemoryError, RuntimeError, OSError) as exc:
            if not out_of_memory(exc):
                reply.write(f"error {type(exc).__name__}: {' '.join(str(exc).split())}\n".encode())
                continue
            print("MemoryError", file=sys.stderr)
            return 1  # the process may be in no state to go on; the parent starts another
        try:
            write_card(Path(path), pdf)
        except OSError as exc:
            reason = " ".join((exc.strerror or str(exc)).split())
            reply.write(f"disk {exc.errno or 0} {reason}\n".encode())
            continue
        reply.write(b"ok\n")


def write_card(path: Path, pdf: bytes) -> None:
    """Write a card's PDF where the parent staged it (`workshop.outputs.StagedFolder`), through
    the seam every output passes."""
    with outputs.output_handle(path.open("wb")) as handle:
        handle.write(pdf)


def draw_card(name: str, data: CardData, content: KeynoteContent) -> bytes:
    """The PDF of one card (`name` is whose, for a test worker that misbehaves on purpose)."""
    from workshop.reports.card import card_pdf

    return card_pdf(data, content)


def _memory_limit() -> int:
    import resource

    return resource.getrlimit(resource.RLIMIT_AS)[0]


if __name__ == "__main__":
    raise SystemExit(main())
