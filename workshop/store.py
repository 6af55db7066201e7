"""The one place that touches the database: attendees and their answers.

SQLite by default (WAL, a busy timeout, one short transaction per save; a save returns only
after its commit). The schema is versioned; `MIGRATIONS[i]` takes version i to i + 1, and a
database is migrated forward on open, never dropped. Free text is stored verbatim.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from workshop import codes
from workshop.errors import ResumeCodeError, StoreError

DEFAULT_DB = "workshop.db"
BUSY_TIMEOUT_MS = 10_000

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: attendees, ratings and free-text answers.
    """
    CREATE TABLE attendees (
        id TEXT PRIMARY KEY,
        resume_code TEXT NOT NULL UNIQUE,
        nickname TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE ratings (
        attendee_id TEXT NOT NULL REFERENCES attendees(id),
        category TEXT NOT NULL,
        score INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (attendee_id, category)
    );
    CREATE TABLE answers (
        attendee_id TEXT NOT NULL REFERENCES attendees(id),
        exercise TEXT NOT NULL,
        field TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (attendee_id, exercise, field)
    );
    """,
    # 1 -> 2: chosen items (finders committed to, menu ingredients) and the device's last code.
    """
    CREATE TABLE picks (
        attendee_id TEXT NOT NULL REFERENCES attendees(id),
        exercise TEXT NOT NULL,
        kind TEXT NOT NULL,
        item TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (attendee_id, exercise, kind, item)
    );
    CREATE TABLE device (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

#: Filesystems on which SQLite's locking cannot be trusted.
NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "afs", "ceph", "glusterfs", "9p"}
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Attendee:
    id: str
    resume_code: str
    nickname: str | None
    created_at: str

    @property
    def code_display(self) -> str:
        return codes.display(self.resume_code)


@dataclass(frozen=True)
class Pick:
    """One chosen item: a finder (detail: its category) or an ingredient (detail: its action)."""

    item: str
    detail: str = ""


@dataclass(frozen=True)
class Answers:
    """Everything one attendee has saved."""

    ratings: dict[str, int] = field(default_factory=dict)
    texts: dict[tuple[str, str], str] = field(default_factory=dict)
    picks: dict[tuple[str, str], tuple[Pick, ...]] = field(default_factory=dict)

    def text(self, exercise: str, name: str, default: str = "") -> str:
        return self.texts.get((exercise, name), default)

    def chosen(self, exercise: str, kind: str) -> tuple[Pick, ...]:
        return self.picks.get((exercise, kind), ())


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


class Store:
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
            self._conn.execute("PRAGMA synchronous = FULL")
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

    def __enter__(self) -> Store:
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
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(f"the database is busy or unwritable: {exc}") from exc
            try:
                yield self._conn
            except BaseException:
                self._rollback()
                raise
            try:
                self._conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                self._rollback()
                raise StoreError(_write_failure(self.path, exc)) from exc

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
            raise StoreError(_write_failure(self.path, exc)) from exc
        except UnicodeEncodeError as exc:
            raise StoreError(_UNENCODABLE.format(path=self.path, exc=exc)) from exc

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

    # -- attendees --------------------------------------------------------------------------

    def create_attendee(self, nickname: str | None = None) -> Attendee:
        nickname = nickname.strip() or None if nickname else None
        for _ in range(20):
            attendee = Attendee(uuid4().hex, codes.new_code(), nickname, now())
            try:
                with self.transaction() as conn:
                    conn.execute(
                        "INSERT INTO attendees (id, resume_code, nickname, created_at) "
                        "VALUES (?, ?, ?, ?)",
                        (attendee.id, attendee.resume_code, nickname, attendee.created_at),
                    )
                return attendee
            except sqlite3.IntegrityError:
                continue  # a resume code collided; draw another
            except sqlite3.DatabaseError as exc:
                raise StoreError(_write_failure(self.path, exc)) from exc
        raise StoreError("could not draw an unused resume code; the database may be full")

    def attendee(self, attendee_id: str) -> Attendee:
        with self._lock:
            row = self._conn.execute(
                "SELECT id, resume_code, nickname, created_at FROM attendees WHERE id = ?",
                (attendee_id,),
            ).fetchone()
        if row is None:
            raise ResumeCodeError(f"no attendee with id {attendee_id!r}")
        return Attendee(*row)

    def attendee_by_code(self, code: str) -> Attendee:
        """The attendee a typed resume code belongs to; `ResumeCodeError` if none."""
        canonical = codes.normalise(code)
        with self._lock:
            row = self._conn.execute(
                "SELECT id, resume_code, nickname, created_at FROM attendees WHERE resume_code = ?",
                (canonical,),
            ).fetchone()
        if row is None:
            raise ResumeCodeError(f"no attendee has the resume code {codes.display(canonical)}")
        return Attendee(*row)

    def set_nickname(self, attendee_id: str, nickname: str | None) -> None:
        self._write(
            "UPDATE attendees SET nickname = ? WHERE id = ?",
            ((nickname or "").strip() or None, attendee_id),
        )

    def attendee_count(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM attendees").fetchone()[0])

    def attendee_ids(self) -> list[str]:
        with self._lock:
            rows = self._conn.execute("SELECT id FROM attendees ORDER BY created_at, id")
            return [r[0] for r in rows]

    # -- device memory (JupyterLab on one person's machine) -----------------------------------

    def remember_device_code(self, code: str) -> None:
        self._write(
            "INSERT INTO device (key, value) VALUES ('resume_code', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (code,),
        )

    def device_code(self) -> str | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT value FROM device WHERE key = 'resume_code'"
            ).fetchone()
        return None if row is None else str(row[0])

    # -- answers ----------------------------------------------------------------------------

    def save_rating(self, attendee_id: str, category: str, score: int) -> str:
        """Save one score; returns the commit time. The domain has validated it."""
        stamp = now()
        self._write(
            "INSERT INTO ratings (attendee_id, category, score, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (attendee_id, category) DO UPDATE "
            "SET score = excluded.score, updated_at = excluded.updated_at",
            (attendee_id, category, int(score), stamp),
        )
        return stamp

    def save_text(self, attendee_id: str, exercise: str, name: str, body: str) -> str:
        """Save one free-text answer verbatim; returns the commit time."""
        stamp = now()
        self._write(
            "INSERT INTO answers (attendee_id, exercise, field, body, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (attendee_id, exercise, field) DO UPDATE "
            "SET body = excluded.body, updated_at = excluded.updated_at",
            (attendee_id, exercise, name, body, stamp),
        )
        return stamp

    def save_picks(self, attendee_id: str, exercise: str, kind: str, picks: Sequence[Pick]) -> str:
        """Replace the whole ordered set of picks of one kind, in one transaction."""
        stamp = now()
        try:
            with self.transaction() as conn:
                conn.execute(
                    "DELETE FROM picks WHERE attendee_id = ? AND exercise = ? AND kind = ?",
                    (attendee_id, exercise, kind),
                )
                conn.executemany(
                    "INSERT INTO picks (attendee_id, exercise, kind, item, detail, position, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (attendee_id, exercise, kind, p.item, p.detail, i, stamp)
                        for i, p in enumerate(picks)
                    ],
                )
        except sqlite3.DatabaseError as exc:
            raise StoreError(_write_failure(self.path, exc)) from exc
        except UnicodeEncodeError as exc:
            raise StoreError(_UNENCODABLE.format(path=self.path, exc=exc)) from exc
        return stamp

    def answers(self, attendee_id: str) -> Answers:
        with self._lock:
            ratings = {
                c: int(s)
                for c, s in self._conn.execute(
                    "SELECT category, score FROM ratings WHERE attendee_id = ?", (attendee_id,)
                )
            }
            texts = {
                (e, f): b
                for e, f, b in self._conn.execute(
                    "SELECT exercise, field, body FROM answers WHERE attendee_id = ?",
                    (attendee_id,),
                )
            }
            picks: dict[tuple[str, str], list[Pick]] = {}
            for exercise, kind, item, detail in self._conn.execute(
                "SELECT exercise, kind, item, detail FROM picks WHERE attendee_id = ? "
                "ORDER BY exercise, kind, position",
                (attendee_id,),
            ):
                picks.setdefault((exercise, kind), []).append(Pick(item, detail))
        return Answers(ratings, texts, {k: tuple(v) for k, v in picks.items()})


_UNENCODABLE = (
    "could not save to {path}: the text holds a broken character that no database can store "
    "({exc}); this answer was not saved. Retype the last characters and it will save."
)


def _write_failure(path: Path, exc: sqlite3.DatabaseError) -> str:
    text = str(exc)
    if "full" in text:
        return (
            f"the disk holding {path} is full; this answer was not saved, and everything "
            "saved before is safe. Free some space and it will save again."
        )
    if "readonly" in text or "read-only" in text:
        return f"{path} is read-only; this answer was not saved"
    return f"could not save to {path}: {text}"
