"""Bad input, case by case (`cases.py`): the right exit status, one clear line and no traceback,
no stray or half-written file, and every database as it was (PRAGMA integrity_check, the
schema version and every table's row count).

Cases run in-process (`main(argv)`), a few as a real process, and the ones that need a
read-only folder or a full disk in a mount namespace of their own (`unshare -m`). A full disk
is also simulated in-process, at the write call; when namespaces cannot be made here, those
cases say so and skip, unless WORKSHOP_REQUIRE_NAMESPACES=1 (as CI sets) makes it a failure.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.bad_input.cases import CASES, FULL, FULL_DISK, Case, DiskCase
from tests.cli.bad_input.world import World, evaluations_csv, settle, snapshot
from tests.support.full_disk import can_unshare, run_on_small_disk, simulate_full_disk
from workshop.cli import main
from workshop.server import serve as serve_module

#: Cases that also run as a real process, start to end.
AS_A_PROCESS = {
    "report-out-is-the-database",
    "serve-port-65536",
    "demo-negative",
    "import-100000-bad-rows",
    "report-with-other-content",
}
#: A tmpfs of one page, filled by a file before the command runs: no room at all.
DISK_KB = 4


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small room: a demo session of 10 attendees and two coaching reps' evaluations."""
    folder = tmp_path_factory.mktemp("template")
    db = folder / "room.db"
    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
        assert main(["demo", "--db", str(db), "--attendees", "10"]) == 0, said.getvalue()
        evaluations = str(evaluations_csv(folder / "evaluations.csv"))
        assert main(["coaching", "import", "--db", str(db), evaluations]) == 0, said.getvalue()
    settle(db)
    return db


@pytest.fixture
def world(tmp_path: Path, template: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    here = tmp_path / "case"
    here.mkdir()
    made = World(here)
    made.fill(template)
    monkeypatch.chdir(here)
    for name in ("WORKSHOP_DB", "WORKSHOP_CONTENT"):
        monkeypatch.delenv(name, raising=False)
    # A case the toolkit wrongly accepts must fail here, not start a server that never ends.
    monkeypatch.setattr(serve_module, "_run", _no_server)
    return made


def _no_server(*_args: object) -> int:
    raise AssertionError("serve accepted bad input and was about to start the server")


def free_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


def in_process(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse's own refusals
        status = int(exc.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def as_a_process(argv: list[str], cwd: Path, namespace: str = "") -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
    command = [sys.executable, "-m", "workshop.cli", *argv]
    if namespace:
        command = ["unshare", "-m", "--", "sh", "-c", f'{namespace} && exec "$@"', "sh", *command]
    done = subprocess.run(
        command, capture_output=True, text=True, cwd=cwd, env=env, timeout=300, check=False
    )
    return done.returncode, done.stdout, done.stderr


def need_namespaces() -> None:
    why = can_unshare()
    if why:
        if os.environ.get("WORKSHOP_REQUIRE_NAMESPACES") == "1":
            pytest.fail(f"{why} (WORKSHOP_REQUIRE_NAMESPACES=1 makes this a failure)")
        pytest.skip(f"{why}; the simulated full-disk cases still run")


def run(case: Case, world: World, capsys: pytest.CaptureFixture[str], real: bool) -> tuple:
    argv = [free_port() if a == "{port}" else a for a in case.argv]
    if case.run == "read-only folder":
        need_namespaces()
        locked = world.here / "locked"
        locked.mkdir(exist_ok=True)
        if "locked/room.db" in argv:
            shutil.move(world.db, locked / "room.db")
        return as_a_process(
            argv, world.here, "mount --bind locked locked && mount -o remount,bind,ro locked"
        )
    if real:
        return as_a_process(argv, world.here)
    return in_process(argv, capsys)


def check_said(case: Case, status: int, out: str, err: str) -> None:
    assert "Traceback" not in err + out, err
    assert status == case.status, f"exit {status}: {err}"
    lines = [line for line in err.splitlines() if line.strip()]
    if not case.message:
        assert lines == []
        return
    assert case.lines is None or len(lines) == case.lines, err[-2000:]
    if case.first:
        assert re.fullmatch(case.first, lines[0]), lines[0]
    last = lines[-1]
    if case.message.startswith("re:"):
        assert re.fullmatch(case.message[3:], last), last
    else:
        assert last == case.message


def check_unchanged(world: World, before: object, writes: str = "") -> None:
    after = snapshot(world.here)
    assert isinstance(before, type(after))
    files = {k: v for k, v in after.files.items() if not writes or not k.startswith(writes)}
    assert files == before.files  # no stray, half or changed file
    assert after.databases == before.databases  # integrity, version and row counts
    for state in after.databases.values():
        assert state[0] in ("ok",) or state[0].startswith("unreadable")


CASE_IDS = [c.id for c in CASES]


@pytest.mark.parametrize(
    ("case", "real"),
    [(c, False) for c in CASES] + [(c, True) for c in CASES if c.id in AS_A_PROCESS],
    ids=[*CASE_IDS, *(f"{c.id}-as-a-process" for c in CASES if c.id in AS_A_PROCESS)],
)
def test_bad_input(
    case: Case, real: bool, world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    for step in case.setup:
        step(world)
    if case.run == "read-only folder":
        (world.here / "locked").mkdir(exist_ok=True)
    before = snapshot(world.here)
    if "locked/room.db" in case.argv:
        before = snapshot_after_move(world)
    status, out, err = run(case, world, capsys, real)
    check_said(case, status, out, err)
    if case.writes:
        assert (world.here / case.writes).exists()
    check_unchanged(world, before, case.writes)


def snapshot_after_move(world: World) -> object:
    """The read-only-folder case keeps the room in locked/; compare against that layout."""
    (world.here / "locked").mkdir(exist_ok=True)
    shutil.move(world.db, world.here / "locked" / "room.db")
    taken = snapshot(world.here)
    shutil.move(world.here / "locked" / "room.db", world.db)
    return taken


@pytest.mark.parametrize("disk", ["tmpfs", "simulated"])
@pytest.mark.parametrize("case", FULL_DISK, ids=[c.id for c in FULL_DISK])
def test_a_full_disk(
    case: DiskCase,
    disk: str,
    world: World,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mount = world.here / "disk"
    mount.mkdir()
    before = snapshot(world.here)
    if disk == "tmpfs":
        need_namespaces()
        filler = f"head -c 4000 /dev/zero > {mount}/filler"
        result = run_on_small_disk(case.argv, mount, DISK_KB, world.here, before=[filler])
        status, out, err, left = result.returncode, result.stdout, result.stderr, result.files
        assert left == [("filler", 4000)]  # nothing but what was there
    else:
        simulate_full_disk(monkeypatch, room=512)
        status, out, err = in_process(list(case.argv), capsys)
    assert "Traceback" not in err + out, err
    assert status == 1, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert re.fullmatch(case.prefix + FULL, lines[0]), lines[0]
    check_unchanged(world, before)
