"""The connection pool, its transactions and migrations: what every part of the store shares.

SQLAlchemy Core over SQLite (the embedded default: WAL, synchronous NORMAL, its own short wait
for the write lock) or PostgreSQL (psycopg 3). One short transaction per save, and a save
returns only after its commit. Any number of threads may use one store: each operation takes a
connection from the pool. A store opened `readonly` never writes, creates or migrates.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from workshop.errors import StoreError
from workshop.store.clauses import clause
from workshop.store.schema import SCHEMA_VERSION, TABLES, statements
from workshop.store.target import Target, check_local, resolve_target

BUSY_TIMEOUT_MS = 10_000
#: Waiting for another writer: first pause and longest pause between tries, in seconds.
WRITE_RETRY_FIRST_S = 0.0002
WRITE_RETRY_MAX_S = 0.0005
#: Connections a store keeps open, and how many more it may open under a burst.
POOL_SIZE = 8
POOL_OVERFLOW = 24

Params = Mapping[str, object]


class StoreConflictError(StoreError):
    """A save the database refused for a rule of its own (a key already taken, a check)."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class BaseStore:
    """Attendees and answers in one database. Use as a context manager, or call `close`."""

    def __init__(self, target: str | Path | None = None, *, readonly: bool = False) -> None:
        self.target: Target = resolve_target(target)
        self.readonly = readonly
        self.backend = self.target.backend
        if self.target.path is not None:
            self._check_file(self.target.path)
        self.engine = _engine(self.target, readonly)
        try:
            self._probe_or_open_immutable()
            if readonly:
                self._check_readable()
            else:
                self.migrate()
        except BaseException:
            self.engine.dispose()
            raise

    def _probe_or_open_immutable(self) -> None:
        """Probe; a read-only store of a file in a folder it cannot write (where SQLite cannot
        make the shared-memory file a WAL database needs) opens it as immutable instead."""
        try:
            self._probe()
        except StoreError as exc:
            path = self.target.path
            if not (self.readonly and path is not None and "unable to open" in str(exc)):
                raise
            if os.access(path.parent, os.W_OK):
                raise
            wal = path.with_name(path.name + "-wal")
            if wal.exists() and wal.stat().st_size > 0:
                raise StoreError(
                    f"cannot read {path}: its folder is read-only and its journal ({wal.name}) "
                    "holds answers not yet in the file; copy the folder somewhere writable"
                ) from exc
            self.engine.dispose()
            self.engine = _engine(self.target, readonly=True, immutable=True)
            self._probe()

    def _probe(self) -> None:
        """Connect once, so a file that is no database or a server that does not answer is
        one clear error before anything else is tried."""
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except DBAPIError as exc:
            reason = _reason(exc)
            if "file is not a database" in reason:
                reason = "it is not a workshop database (not an SQLite file)"
            raise StoreError(f"cannot open the database {self.shown}: {reason}") from exc

    @property
    def path(self) -> Path:
        """The SQLite file (":memory:" in memory); what messages and files beside it use."""
        if self.target.path is not None:
            return self.target.path
        if self.target.in_memory:
            return Path(":memory:")
        raise StoreError(f"{self.target.shown} is a PostgreSQL database, not a file")

    @property
    def shown(self) -> str:
        """The database as a message names it (never with a password)."""
        return self.target.shown

    def _check_file(self, path: Path) -> None:
        if path.is_dir():
            raise StoreError(f"{path} is a folder, not a database; give --db a database file")
        if self.readonly:
            if not path.is_file():
                raise StoreError(
                    f"no database at {path}; give --db the file that 'workshop serve' or "
                    "'workshop demo' used"
                )
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        check_local(path)

    # -- plumbing ---------------------------------------------------------------------------

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One short write transaction; it has committed when the block exits.

        Database errors are reported as `StoreError` naming the database, and nothing of the
        transaction is kept.
        """
        if self.readonly:
            raise StoreError(f"{self.shown} is open read-only; nothing was saved")
        try:
            with self.engine.connect() as conn:
                self._begin_write(conn)
                try:
                    yield conn
                    conn.commit()
                except BaseException:
                    conn.rollback()
                    raise
        except IntegrityError as exc:
            raise StoreConflictError(f"{self.shown} refused the save: {_reason(exc)}") from exc
        except DBAPIError as exc:
            raise StoreError(write_failure(self.shown, exc)) from exc
        except UnicodeEncodeError as exc:
            raise StoreError(UNENCODABLE.format(path=self.shown, exc=exc)) from exc

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads; several reads inside see one snapshot on PostgreSQL."""
        try:
            with self.engine.connect() as conn:
                yield conn
                conn.rollback()
        except DBAPIError as exc:
            raise StoreError(f"could not read {self.shown}: {_reason(exc)}") from exc

    def _begin_write(self, conn: Connection) -> None:
        """Take the write lock. On SQLite, wait our own way rather than in its busy handler.

        SQLite's handler sleeps in growing steps up to 100 ms, so under a burst of writers a
        few unlucky ones wait for seconds. Short jittered retries hand the lock on within a
        millisecond or two of its release, with the same overall deadline.
        """
        if self.backend != "sqlite":
            conn.begin()
            return
        conn.exec_driver_sql("PRAGMA busy_timeout = 0")
        try:
            deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
            pause = WRITE_RETRY_FIRST_S
            while True:
                try:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                    return
                except OperationalError as exc:
                    conn.rollback()
                    busy = "locked" in str(exc.orig) or "busy" in str(exc.orig)
                    if not busy or time.monotonic() > deadline:
                        raise
                time.sleep(pause * random.uniform(0.5, 1.5))
                pause = min(pause * 1.5, WRITE_RETRY_MAX_S)
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def _write(self, sql: str, params: Params | Sequence[Params]) -> None:
        with self.transaction() as conn:
            conn.execute(clause(sql), params)

    def _rows(self, sql: str, params: Params | None = None) -> list[Any]:
        with self.reading() as conn:
            return list(conn.execute(clause(sql), params or {}).all())

    def _one(self, sql: str, params: Params | None = None) -> Any:
        with self.reading() as conn:
            return conn.execute(clause(sql), params or {}).first()

    def pragma(self, name: str) -> object:
        """A setting of this store's SQLite connections (journal_mode, synchronous...)."""
        if not name.isidentifier():
            raise ValueError(f"not a pragma name: {name!r}")
        if self.backend != "sqlite":
            raise StoreError(f"{self.shown} is not SQLite; it has no PRAGMA {name}")
        row = self._one(f"PRAGMA {name}")
        return None if row is None else row[0]

    # -- the schema ---------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        with self.reading() as conn:
            return _version(conn, self.backend)

    def migrate(self, target: int = SCHEMA_VERSION) -> None:
        """Bring the schema forward to `target`, one migration per transaction."""
        if self.backend == "postgresql":
            with self.transaction() as conn:
                conn.exec_driver_sql(
                    "CREATE TABLE IF NOT EXISTS workshop_schema (version INTEGER NOT NULL)"
                )
        while True:
            with self.transaction() as conn:
                if self.backend == "postgresql":
                    # One migrating process at a time; the others wait, then find it done.
                    conn.exec_driver_sql("LOCK TABLE workshop_schema IN EXCLUSIVE MODE")
                version = _version(conn, self.backend)
                if version > SCHEMA_VERSION:
                    raise StoreError(_too_new(self.shown, version))
                if version >= target:
                    return
                for statement in statements(version, self.backend):
                    conn.exec_driver_sql(statement)
                _set_version(conn, self.backend, version + 1)

    def _check_readable(self) -> None:
        """A read-only store opens only a workshop database of this toolkit's schema."""
        with self.reading() as conn:
            version = _version(conn, self.backend)
            if version == 0 and not _has_table(conn, "attendees"):
                raise StoreError(
                    f"{self.shown} is not a workshop database (it has none of its tables); "
                    "give --db the database that 'workshop serve' or 'workshop demo' used"
                )
            missing = [t for t in TABLES if not _has_table(conn, t)]
        if version > SCHEMA_VERSION:
            raise StoreError(_too_new(self.shown, version))
        if version == SCHEMA_VERSION and missing:
            raise StoreError(
                f"{self.shown} is missing tables a workshop database has ({', '.join(missing)}); "
                "it is damaged, or another program changed it"
            )
        if version < SCHEMA_VERSION:
            raise StoreError(
                f"{self.shown} has schema version {version}, older than this toolkit's "
                f"({SCHEMA_VERSION}); a read command never changes it: run 'workshop demo "
                "--attendees 0' (or 'workshop serve') on it once to bring it forward"
            )


def _too_new(shown: str, version: int) -> str:
    return (
        f"{shown} has schema version {version}, newer than this toolkit knows "
        f"({SCHEMA_VERSION}); upgrade the toolkit"
    )


def _version(conn: Connection, backend: str) -> int:
    if backend == "sqlite":
        return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())
    if not _has_table(conn, "workshop_schema"):
        return 0
    found = conn.exec_driver_sql("SELECT version FROM workshop_schema").scalar()
    return int(found) if found is not None else 0


def _set_version(conn: Connection, backend: str, version: int) -> None:
    if backend == "sqlite":
        conn.exec_driver_sql(f"PRAGMA user_version = {int(version)}")
        return
    conn.exec_driver_sql("DELETE FROM workshop_schema")
    conn.execute(clause("INSERT INTO workshop_schema (version) VALUES (:v)"), {"v": version})


def _has_table(conn: Connection, name: str) -> bool:
    return conn.dialect.has_table(conn, name)


def _engine(target: Target, readonly: bool, immutable: bool = False) -> Engine:
    if target.backend == "postgresql":
        engine = create_engine(
            target.url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, pool_pre_ping=True
        )
        if readonly:
            event.listen(engine, "connect", _postgresql_read_only)
        return engine
    if target.in_memory:
        engine = create_engine(
            "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        assert target.path is not None
        # immutable: the file is read as it is, without the locks and shared memory that need
        # a writable folder (only for a read-only folder, where nothing can change it).
        flags = "?mode=ro" + ("&immutable=1" if immutable else "")
        database = f"file:{quote(str(target.path))}{flags}" if readonly else str(target.path)
        engine = create_engine(
            f"sqlite:///{database}" + ("&uri=true" if readonly else ""),
            pool_size=POOL_SIZE,
            max_overflow=POOL_OVERFLOW,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        )
    event.listen(engine, "connect", _sqlite_settings(readonly))
    return engine


def _sqlite_settings(readonly: bool) -> Any:
    def configure(dbapi_connection: Any, _record: object) -> None:
        # The driver's own transaction handling is off: the store begins and commits itself.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not readonly:
            _retry(lambda: dbapi_connection.execute("PRAGMA journal_mode = WAL"))
        # WAL with NORMAL: a commit is in the WAL before the save returns, so a crashed
        # process loses nothing; only a power cut in the instant after a save could. FULL
        # would fsync each commit while holding the write lock, and at 64 writers at once
        # that wait, not the disk, was the p99 (hundreds of ms).
        dbapi_connection.execute("PRAGMA synchronous = NORMAL")
        dbapi_connection.execute("PRAGMA foreign_keys = ON")

    return configure


def _postgresql_read_only(dbapi_connection: Any, _record: object) -> None:
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    dbapi_connection.commit()


def _retry(action: Any, attempts: int = 50) -> None:
    import sqlite3

    for attempt in range(attempts):
        try:
            action()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05)


UNENCODABLE = (
    "could not save to {path}: the text holds a broken character that no database can store "
    "({exc}); this answer was not saved. Retype the last characters and it will save."
)


def _reason(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig if orig is not None else exc).strip().splitlines()[0]


def write_failure(shown: str, exc: SQLAlchemyError) -> str:
    reason = _reason(exc)
    if "full" in reason or "No space left" in reason:
        return (
            f"the disk holding {shown} is full; this answer was not saved, and everything "
            "saved before is safe. Free some space and it will save again."
        )
    if "readonly" in reason or "read-only" in reason or "read only" in reason:
        return f"{shown} is read-only; this answer was not saved"
    if isinstance(exc, OperationalError) and ("locked" in reason or "busy" in reason):
        return f"the database is busy or unwritable: {reason}"
    return f"could not save to {shown}: {reason}"


def inserted(result: CursorResult[Any]) -> int:
    """The key the database gave the row an INSERT ... RETURNING id made."""
    return int(result.scalar_one())
