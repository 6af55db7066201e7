"""The connection, its transactions and migrations: what every part of the store shares.

SQLite (WAL, synchronous NORMAL, a busy timeout, one short transaction per save; a save
returns only after its commit). A database on a network filesystem is refused: SQLite cannot
lock there.
"""

from __future__ import annotations

import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from workshop.errors import StoreError
from workshop.store.schema import MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = "workshop.db"
BUSY_TIMEOUT_MS = 10_000
#: Waiting for another writer: first pause and longest pause between tries, in seconds.
WRITE_RETRY_FIRST_S = 0.0002
WRITE_RETRY_MAX_S = 0.0005

#: Filesystems on which SQLite's locking cannot be trusted.
NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "afs", "ceph", "glusterfs", "9p"}
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def filesystem_type(path: Path) -> str | None:
    """The filesystem type holding `path`, from /proc/mounts where there is one."""
    mounts = Path("/proc/mounts")
    if not mounts.exists():
        return None
    target = str(path.resolve())
    best, best_type = "", None
    for line in mounts.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, best_type = point, parts[2]
    return best_type


def resolve_target(target: str | Path | None) -> Path:
    """Where the database lives: the argument, else `WORKSHOP_DB`, else ``workshop.db``."""
    raw = str(target) if target is not None else os.environ.get("WORKSHOP_DB", DEFAULT_DB)
    if raw.startswith(("postgresql://", "postgres://")):
        raise StoreError(
            "PostgreSQL database URLs are not supported yet; use an SQLite file path for now"
        )
    if raw.startswith("sqlite:///"):
        raw = raw.removeprefix("sqlite:///")
    elif "://" in raw:
        # Name only the scheme: the rest of a URL may hold a password.
        scheme = raw.split("://", 1)[0]
        raise StoreError(
            f"unknown database URL scheme {scheme!r}; expected a file path "
            "(like workshop.db) or sqlite:///path/to/workshop.db"
        )
    return Path(raw)


class BaseStore:
    """Attendees and answers in one SQLite file. Use as a context manager, or call `close`."""

    def __init__(self, target: str | Path | None = None) -> None:
        self.path = resolve_target(target)
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fs = filesystem_type(self.path.parent)
            if fs in NETWORK_FILESYSTEMS:
                raise StoreError(
                    f"{self.path} is on a network filesystem ({fs}); SQLite cannot lock safely "
                    "there. Put the database on a local disk, or use PostgreSQL for an event "
                    "that spans machines."
                )
        self._lock = threading.RLock()
        try:
            self._conn = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the database {self.path}: {exc}") from exc
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._retry(lambda: self._conn.execute("PRAGMA journal_mode = WAL"))
            # WAL with NORMAL: a commit is in the WAL before the save returns, so a crashed
            # kernel or server loses nothing; only a power cut in the instant after a save
            # could. FULL would fsync each commit while holding the write lock, and at 64
            # writers at once that wait, not the disk, was the p99 (hundreds of ms).
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise StoreError(f"cannot open the database {self.path}: {exc}") from exc
        except StoreError:
            self._conn.close()  # a refused database (too new, busy) is not held open
            raise

    # -- plumbing ---------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def _retry(action: Callable[[], object], attempts: int = 50) -> None:
        for attempt in range(attempts):
            try:
                action()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == attempts - 1:
                    raise
                time.sleep(0.05)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction; it has committed when the block exits."""
        with self._lock:
            self._begin_write()
            try:
                yield self._conn
            except BaseException:
                self._rollback()
                raise
            try:
                self._conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                self._rollback()
                raise StoreError(write_failure(self.path, exc)) from exc

    def _begin_write(self) -> None:
        """Take the write lock, waiting our own way rather than in SQLite's busy handler.

        SQLite's handler sleeps in growing steps up to 100 ms, so under a burst of writers a
        few unlucky ones wait for seconds. Short jittered retries hand the lock on within a
        millisecond or two of its release, with the same overall deadline.
        """
        conn = self._conn
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
            pause = WRITE_RETRY_FIRST_S
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    busy = "locked" in str(exc) or "busy" in str(exc)
                    if not busy or time.monotonic() > deadline:
                        raise StoreError(f"the database is busy or unwritable: {exc}") from exc
                time.sleep(pause * random.uniform(0.5, 1.5))
                pause = min(pause * 1.5, WRITE_RETRY_MAX_S)
        finally:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def _rollback(self) -> None:
        # After some errors (a full disk, for one) SQLite has already rolled back; a second
        # ROLLBACK would fail and hide the error that matters.
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def _write(self, sql: str, params: Sequence[object]) -> None:
        try:
            with self.transaction() as conn:
                conn.execute(sql, params)
        except sqlite3.DatabaseError as exc:
            raise StoreError(write_failure(self.path, exc)) from exc
        except UnicodeEncodeError as exc:
            raise StoreError(UNENCODABLE.format(path=self.path, exc=exc)) from exc

    def pragma(self, name: str) -> object:
        """A setting of this store's connection (journal_mode, synchronous...), read only."""
        if not name.isidentifier():
            raise ValueError(f"not a pragma name: {name!r}")
        with self._lock:
            row = self._conn.execute(f"PRAGMA {name}").fetchone()
        return None if row is None else row[0]

    @property
    def schema_version(self) -> int:
        with self._lock:
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self, target: int = SCHEMA_VERSION) -> None:
        """Bring the schema forward to `target`, one migration per transaction."""
        while True:
            with self.transaction() as conn:
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                if version > SCHEMA_VERSION:
                    raise StoreError(
                        f"{self.path} has schema version {version}, newer than this toolkit "
                        f"knows ({SCHEMA_VERSION}); upgrade the toolkit"
                    )
                if version >= target:
                    return
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")


UNENCODABLE = (
    "could not save to {path}: the text holds a broken character that no database can store "
    "({exc}); this answer was not saved. Retype the last characters and it will save."
)


def write_failure(path: Path, exc: sqlite3.DatabaseError) -> str:
    text = str(exc)
    if "full" in text:
        return (
            f"the disk holding {path} is full; this answer was not saved, and everything "
            "saved before is safe. Free some space and it will save again."
        )
    if "readonly" in text or "read-only" in text:
        return f"{path} is read-only; this answer was not saved"
    return f"could not save to {path}: {text}"
