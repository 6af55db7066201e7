"""Replay the bad-input cases against a checkout of the toolkit, and print what each did.

    python -m tests.cli.bad_input.replay SOURCE_TREE [--only ID ...]
    python -m tests.cli.bad_input.replay --table

SOURCE_TREE is a toolkit's source folder (a `git archive` of an older commit, say); its
`workshop` package is put first on the path of every command. Each case runs as a process, in a
folder of its own holding a room made by that same tree, and the line printed says: its exit
status, whether a traceback was printed, the last line on stderr, and which files it added,
removed or changed (databases by integrity check, version and row counts). This measured the
"before" column of the table in `cases.py`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.cli.bad_input.cases import CASES, FULL_DISK, Case, DiskCase
from tests.cli.bad_input.world import World, evaluations_csv, settle, snapshot
from tests.support.full_disk import can_unshare, run_on_small_disk


def _env(tree: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
    env["PYTHONPATH"] = str(tree)
    if (tree / "data" / "en").is_dir():
        # The tree's own default content: the installed package's may have keys it predates.
        env["WORKSHOP_CONTENT"] = str(tree / "data" / "en")
    return env


def _workshop(tree: Path, argv: list[str], cwd: Path, prefix: str = "") -> tuple[int, str]:
    command = [sys.executable, "-m", "workshop.cli", *argv]
    if prefix:
        command = ["unshare", "-m", "--", "sh", "-c", f'{prefix} && exec "$@"', "sh", *command]
    done = subprocess.run(
        command, capture_output=True, text=True, cwd=cwd, env=_env(tree), timeout=600, check=False
    )
    return done.returncode, done.stderr


def template(tree: Path, folder: Path) -> Path:
    db = folder / "room.db"
    for argv in (
        ["demo", "--db", str(db), "--attendees", "10"],
        ["coaching", "import", "--db", str(db), str(evaluations_csv(folder / "e.csv"))],
    ):
        status, err = _workshop(tree, argv, folder)
        if status != 0:
            raise SystemExit(f"could not make the room with {tree}: {err}")
    settle(db)
    return db


def describe(status: int, err: str, before: object, world: World, mount_files: str = "") -> str:
    after = snapshot(world.here)
    assert isinstance(before, type(after))
    lines = [line.split("\r")[-1] for line in err.splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    traceback = "Traceback" in err
    changed = sorted(
        name
        for name in set(before.files) | set(after.files)
        if before.files.get(name) != after.files.get(name)
        or before.databases.get(name) != after.databases.get(name)
    )
    parts = [f"exit {status}", "traceback" if traceback else "no traceback"]
    parts.append(f"files changed: {', '.join(changed)}" if changed else "no file changed")
    if mount_files:
        parts.append(mount_files)
    return f"{'; '.join(parts)}; said: {last[:160]!r}"


def replay_case(tree: Path, case: Case, room: Path, folder: Path) -> str:
    world = World(folder)
    folder.mkdir()
    world.fill(room)
    try:
        for step in case.setup:
            step(world)
    except Exception as exc:  # a setup that needs tables an older schema does not have
        return f"not replayed: the setup needs this branch's schema ({type(exc).__name__})"
    argv = ["8766" if a == "{port}" else a for a in case.argv]
    prefix = ""
    if case.run == "read-only folder":
        (folder / "locked").mkdir(exist_ok=True)
        if "locked/room.db" in argv:
            shutil.move(world.db, folder / "locked" / "room.db")
        prefix = "mount --bind locked locked && mount -o remount,bind,ro locked"
    before = snapshot(folder)
    if argv[0] == "serve":
        argv = ["serve", *argv[1:]]
        status, err = _serve_briefly(tree, argv, folder)
    else:
        status, err = _workshop(tree, argv, folder, prefix)
    return describe(status, err, before, world)


def _serve_briefly(tree: Path, argv: list[str], cwd: Path) -> tuple[int, str]:
    """A serve that starts is stopped after a few seconds: what matters is whether it started."""
    command = [sys.executable, "-m", "workshop.cli", *argv]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd, env=_env(tree)
    )
    try:
        _out, err = process.communicate(timeout=8)
        return process.returncode, err
    except subprocess.TimeoutExpired:
        process.terminate()
        _out, err = process.communicate(timeout=20)
        return process.returncode, err + "\n(still serving after 8 s: it started)"


def replay_disk(tree: Path, case: DiskCase, room: Path, folder: Path) -> str:
    world = World(folder)
    folder.mkdir()
    world.fill(room)
    mount = folder / "disk"
    mount.mkdir()
    before = snapshot(folder)
    filler = f"head -c 4000 /dev/zero > {mount}/filler"
    env = _env(tree)
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        result = run_on_small_disk(case.argv, mount, 4, folder, before=[filler])
    finally:
        os.environ.clear()
        os.environ.update(saved)
    left = [f"{name} ({size} bytes)" for name, size in result.files if name != "filler"]
    on_disk = f"left on the full disk: {', '.join(left)}" if left else "nothing left on the disk"
    return describe(result.returncode, result.stderr, before, world, on_disk)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.cli.bad_input.replay")
    parser.add_argument("tree", type=Path, nargs="?")
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--table", action="store_true", help="print the cases as a table")
    args = parser.parse_args(argv)
    if args.table or args.tree is None:
        print_table()
        return 0
    tree = args.tree.resolve()
    if can_unshare():
        print(f"note: {can_unshare()}; read-only and full-disk cases will fail to replay")
    with tempfile.TemporaryDirectory(prefix="workshop-replay-") as scratch:
        root = Path(scratch)
        (root / "template").mkdir()
        room = template(tree, root / "template")
        for i, case in enumerate(CASES):
            if args.only is None or case.id in args.only:
                print(f"{case.id}\t{replay_case(tree, case, room, root / f'case-{i}')}", flush=True)
        for i, disk in enumerate(FULL_DISK):
            if args.only is None or f"full-disk-{disk.id}" in args.only:
                said = replay_disk(tree, disk, room, root / f"disk-{i}")
                print(f"full-disk-{disk.id}\t{said}", flush=True)
    return 0


def _readable(pattern: str) -> str:
    """A message pattern as it reads: escapes dropped, the variable parts named."""
    for regex, shown in (
        ("[A-Z0-9]{6}", "CODE"),
        ("(/\\S+)?", "[/FILE]"),
        ("\\d+", "N"),
        (".*", "..."),
    ):
        pattern = pattern.replace(regex, shown)
    return re.sub(r"\\(.)", r"\1", pattern)


def print_table() -> None:
    """Every case as a Markdown row: what it ran, what it did before, what it does now."""
    print("| # | item | command | before | after |")
    print("|---|---|---|---|---|")
    for n, case in enumerate(CASES, start=1):
        now = _readable(case.message[3:]) if case.message.startswith("re:") else case.message
        if case.first:
            now = f"{_readable(case.first)} (then: {now})"
        after = f"exit {case.status}: {now}" if now else f"exit {case.status}, wrote {case.writes}"
        command = " ".join(case.argv).replace("|", "\\|")
        print(f"| {n} | {case.item} | `{command}` | {case.before} | {after} |")
    for n, disk in enumerate(FULL_DISK, start=len(CASES) + 1):
        command = " ".join(disk.argv)
        after = (
            f"exit 1: {_readable(disk.prefix)}: the disk is full (No space left on device); "
            "nothing was written, nothing left on the disk"
        )
        print(f"| {n} | 1 outputs (full disk) | `{command}` | {disk.before} | {after} |")


if __name__ == "__main__":
    raise SystemExit(main())
