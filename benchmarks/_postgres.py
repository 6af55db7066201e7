"""A throwaway PostgreSQL server for the tests and the benchmarks: Debian's binaries, a temporary
cluster on a free loopback port, started once per test run (or benchmark) and stopped at its end.

Tests and CI run as root, and PostgreSQL refuses to run as root, so the cluster is made and run
by the `postgres` system user (through `runuser`) when this process is root. Without a
PostgreSQL installation the tests that need one skip, saying how to install it, unless
``WORKSHOP_REQUIRE_POSTGRES=1`` (as `.ci/run` sets), which makes it a failure.

The tests' cluster skips fsync (a test's data need not survive a power cut); a benchmark's
cluster is `durable`, with PostgreSQL's default settings, as a room's server would run.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

INSTALL_HINT = "install it with `apt-get install -y postgresql` (or set WORKSHOP_PG_BIN)"
START_TIMEOUT_S = 60


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server could be started here; the message says why."""


def find_bin() -> Path | None:
    """WORKSHOP_PG_BIN if set, else the newest Debian installation's bin folder."""
    chosen = os.environ.get("WORKSHOP_PG_BIN")
    candidates = [Path(chosen)] if chosen else sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    for folder in reversed(candidates):
        if (folder / "pg_ctl").is_file() and (folder / "initdb").is_file():
            return folder
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    """One cluster in a temporary folder; `schema_url` hands each test a schema of its own."""

    def __init__(self, durable: bool = False) -> None:
        found = find_bin()
        if found is None:
            raise PostgresUnavailable(f"no PostgreSQL server binaries found; {INSTALL_HINT}")
        self.bin = found
        self.port = _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="workshop-pg-"))
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                raise PostgresUnavailable(f"no 'postgres' system user; {INSTALL_HINT}") from None
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        self.data = self.folder / "data"
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            f"-c max_connections=300{'' if durable else ' -c fsync=off'}"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "pg.log"), "-w",
            "-t", str(START_TIMEOUT_S), "start",
        )  # fmt: skip
        self.database = "workshop_test"
        self._run(
            "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", self.database
        )

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
        if done.returncode != 0:
            raise PostgresUnavailable(f"{tool} failed: {(done.stderr or done.stdout).strip()}")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{self.database}"

    def schema_url(self) -> str:
        """A URL whose connections work in a new, empty schema: a fresh database per test at
        a fraction of the cost of CREATE DATABASE."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url.replace("postgresql://", "postgresql://", 1)) as conn:
            conn.execute(f"CREATE SCHEMA {name}")
        return f"{self.url}?options=-csearch_path%3D{name}"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
