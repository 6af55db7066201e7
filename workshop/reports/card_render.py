"""Render cards in short-lived processes, each bounded in CPU time, memory and wall time.

A live room's attendee kernels must stay light (300 per machine): a card drawn inside one
would pull matplotlib into every kernel by the end of the keynote. Instead the kernel asks
``python -m workshop.reports.card_render`` for the files. At most one render runs per CPU core
on this machine (a file lock per slot), so when the whole room asks at once, cards queue
instead of exhausting memory. The child limits itself (`resource.setrlimit`) before it
draws anything, and the parent stops waiting after a wall-clock timeout: a card that breaks a
limit fails alone, with a one-line reason, and takes nothing else down.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from workshop.errors import WorkshopError
from workshop.reports.card import CardFiles
from workshop.store.target import Target

SLOT_POLL_S = 0.2


@dataclass(frozen=True)
class RenderLimits:
    """What one card may cost. A normal card takes about 1 s of CPU and 230 MB of address
    space; the worst legal one (2,000 characters of CJK in every field) about 4 s."""

    cpu_seconds: int = 30
    memory_bytes: int = 1024**3
    wall_seconds: float = 90.0


LIMITS = RenderLimits()


class CardRenderError(WorkshopError, RuntimeError):
    """The card process failed or broke a limit; the message says which, in one line."""


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


def limit_args(limits: RenderLimits) -> list[str]:
    return [f"--cpu={limits.cpu_seconds}", f"--memory={limits.memory_bytes}"]


def apply_limits(cpu_seconds: int, memory_bytes: int) -> None:
    """In the child, before anything is drawn: cap CPU time and address space, no core file.

    Past the CPU limit the kernel sends SIGXCPU, which ends the process; past the memory
    limit an allocation fails (MemoryError), which `main` reports.
    """
    import resource

    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime) + 1
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _lower(resource.RLIMIT_CPU, spent + cpu_seconds)
    _lower(resource.RLIMIT_AS, memory_bytes)


def _lower(which: int, soft: int) -> None:
    """Set a soft limit, never above the hard one (which an unprivileged process cannot raise)."""
    import resource

    _soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(which, (soft, hard))


def out_of_memory(exc: BaseException) -> bool:
    """Whether a failure in this process came from its memory limit. Past it, an allocation
    in C fails in its own way (FreeType says "unknown file format" for a font it cannot map),
    so the process's peak address space is looked at too."""
    import resource

    if isinstance(exc, MemoryError):
        return True
    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    if limit == resource.RLIM_INFINITY:
        return False
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return False
    peak = next((line.split()[1] for line in status.splitlines() if line.startswith("VmPeak")), 0)
    return int(peak) * 1024 > limit - 64 * 2**20


def failure(returncode: int, stderr: str, limits: RenderLimits) -> str:
    """A child's end in one line: which limit it broke, or its last words."""
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL, 128 + signal.SIGXCPU):
        return f"the card took more than {limits.cpu_seconds} s of CPU time and was stopped"
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    if lines and "MemoryError" in lines[-1]:
        megabytes = limits.memory_bytes // 2**20
        return f"the card needed more than {megabytes} MB of memory and was stopped"
    return lines[-1] if lines else f"the card process ended with status {returncode}"


def render_in_subprocess(
    db: Target | Path, content_dir: Path, attendee_id: str, limits: RenderLimits = LIMITS
) -> CardFiles:
    """The attendee's card, drawn by a separate, bounded Python process; blocks until done.

    The database reaches the child in its environment, never on its command line, where any
    user of the machine could read a PostgreSQL URL's password.
    """
    address = db.address if isinstance(db, Target) else str(db.resolve())
    with render_slot(), tempfile.TemporaryDirectory(prefix="workshop-card-") as out:
        command = [sys.executable, "-m", "workshop.reports.card_render", *limit_args(limits)]
        command += [str(content_dir), attendee_id, out]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=limits.wall_seconds,
                check=False,
                env={**os.environ, "WORKSHOP_DB": address},
            )
        except subprocess.TimeoutExpired as exc:
            raise CardRenderError(
                f"the card took longer than {limits.wall_seconds:g} s and was stopped"
            ) from exc
        if done.returncode != 0:
            raise CardRenderError(failure(done.returncode, done.stderr, limits))
        folder = Path(out)
        return CardFiles((folder / "card.pdf").read_bytes(), (folder / "card.png").read_bytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workshop.reports.card_render")
    parser.add_argument("--cpu", type=int, default=LIMITS.cpu_seconds)
    parser.add_argument("--memory", type=int, default=LIMITS.memory_bytes)
    for name in ("content", "attendee_id", "out"):
        parser.add_argument(name)
    args = parser.parse_args(argv)
    apply_limits(args.cpu, args.memory)
    content_dir, attendee_id, out = args.content, args.attendee_id, args.out
    from workshop.content.keynote import load_content
    from workshop.reports.card import card_data, card_files
    from workshop.store import Store

    try:
        content = load_content(content_dir)
        # The database named by WORKSHOP_DB, as `render_in_subprocess` set it.
        with Store(readonly=True) as store:
            attendee = store.attendee(attendee_id)
            answers = store.answers(attendee_id)
        data = card_data(answers, content, attendee.nickname or "", time.strftime("%Y-%m-%d"))
        files = card_files(data, content)
    except WorkshopError as exc:
        print(f"card_render: {exc}", file=sys.stderr)
        return 1
    except (MemoryError, RuntimeError, OSError, ImportError) as exc:
        # RuntimeError and OSError are how matplotlib and FreeType fail when memory runs out,
        # and ImportError how a shared library (SQLite's) fails to map past the limit.
        said = "MemoryError" if out_of_memory(exc) else f"{type(exc).__name__}: {exc}"
        print(f"card_render: {said}", file=sys.stderr)
        return 1
    (Path(out) / "card.pdf").write_bytes(files.pdf)
    (Path(out) / "card.png").write_bytes(files.png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
