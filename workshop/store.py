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
from datetime import UTC, date, datetime
from fractions import Fraction
from pathlib import Path
from uuid import uuid4

from workshop import codes
from workshop.coaching import (
    CoachingCall,
    CoachingError,
    DoOver,
    DoOverOrderError,
    Evaluation,
    Rep,
    SelfCheck,
    UnknownRepError,
)
from workshop.errors import ResumeCodeError, StoreError
from workshop.session import LiveSession

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
    # 2 -> 3: the live session: its state, which steps are open, who joined it, the room wall,
    # and each attendee's completed steps (recorded by their own kernel, counted by the room).
    """
    CREATE TABLE live_sessions (
        code TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        token_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        segment INTEGER NOT NULL DEFAULT -1,
        segment_started_at TEXT,
        revealed INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE live_steps (
        session_code TEXT NOT NULL REFERENCES live_sessions(code),
        step TEXT NOT NULL,
        is_open INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (session_code, step)
    );
    ALTER TABLE attendees ADD COLUMN session_code TEXT REFERENCES live_sessions(code);
    CREATE INDEX attendees_by_session ON attendees(session_code);
    CREATE TABLE wall (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_code TEXT REFERENCES live_sessions(code),
        attendee_id TEXT NOT NULL REFERENCES attendees(id),
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        shared_at TEXT NOT NULL,
        withdrawn_at TEXT,
        hidden INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX wall_by_session ON wall(session_code);
    CREATE TABLE progress (
        attendee_id TEXT NOT NULL REFERENCES attendees(id),
        step TEXT NOT NULL,
        completed_at TEXT NOT NULL,
        PRIMARY KEY (attendee_id, step)
    );
    """,
    # 3 -> 4: sales coaching: reps, competency evaluations and their scores, coaching calls
    # (one fix each), after-call do-overs (the rep's self-critique, then the manager's insight)
    # and the reps' daily self-checks.
    """
    CREATE TABLE coaching_reps (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        demo INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE TABLE coaching_evaluations (
        id TEXT PRIMARY KEY,
        rep_id TEXT NOT NULL REFERENCES coaching_reps(id),
        evaluated_on TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        UNIQUE (rep_id, evaluated_on)
    );
    CREATE TABLE coaching_scores (
        evaluation_id TEXT NOT NULL REFERENCES coaching_evaluations(id),
        competency TEXT NOT NULL,
        score INTEGER NOT NULL,
        PRIMARY KEY (evaluation_id, competency)
    );
    CREATE TABLE coaching_calls (
        id TEXT PRIMARY KEY,
        rep_id TEXT NOT NULL REFERENCES coaching_reps(id),
        called_on TEXT NOT NULL,
        minutes INTEGER NOT NULL,
        medium TEXT NOT NULL,
        situation TEXT NOT NULL,
        knows INTEGER NOT NULL,
        can INTEGER NOT NULL,
        adjustments TEXT NOT NULL,
        competency TEXT NOT NULL,
        fix TEXT NOT NULL CHECK (fix <> ''),
        saved_at TEXT NOT NULL
    );
    CREATE INDEX coaching_calls_by_rep ON coaching_calls(rep_id, called_on);
    CREATE TABLE coaching_do_overs (
        call_id TEXT PRIMARY KEY REFERENCES coaching_calls(id),
        self_critique TEXT NOT NULL CHECK (self_critique <> ''),
        self_critique_at TEXT NOT NULL,
        insight TEXT,
        insight_at TEXT,
        CHECK (insight_at IS NULL OR insight_at >= self_critique_at)
    );
    CREATE TABLE coaching_self_checks (
        rep_id TEXT NOT NULL REFERENCES coaching_reps(id),
        checked_on TEXT NOT NULL,
        answer TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        PRIMARY KEY (rep_id, checked_on)
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
_ATTENDEE_COLUMNS = "id, resume_code, nickname, created_at, session_code"
_SESSION_COLUMNS = "code, title, created_at, expires_at, segment, segment_started_at, revealed"

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
    session_code: str | None = None

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


@dataclass(frozen=True)
class WallEntry:
    """One shared mantra or ingredient; it never says who shared it."""

    id: int
    kind: str
    body: str
    shared_at: str
    hidden: bool


@dataclass(frozen=True)
class AttendeeRecord:
    """An attendee with everything they saved, for bulk inserts."""

    attendee: Attendee
    answers: Answers
    wall: tuple[tuple[str, str], ...] = ()  # (kind, body) shared on the room wall
    completed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ExportRows:
    """What a session's export may hold: no free text but the content's own finders."""

    attendees: list[str]
    ratings: list[tuple[str, str, int]]  # attendee, category, score
    finders: list[tuple[str, str, str]]  # attendee, category, finder
    progress: list[tuple[str, str]]  # attendee, completed step


@dataclass(frozen=True)
class RoomAggregates:
    """Counts over one session's room; no free text, no names."""

    joined: int
    answered: int  # attendees with at least one rating
    distribution: list[tuple[str, int, int]]  # category, score, attendees
    out_of_balance: list[tuple[str, int]]  # category, attendees with it out of balance
    finders: list[tuple[str, str, int]]  # finder, category, attendees who committed to it
    completed: dict[str, int]  # step, attendees who completed it


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

    def create_attendee(
        self, nickname: str | None = None, session_code: str | None = None
    ) -> Attendee:
        nickname = nickname.strip() or None if nickname else None
        for _ in range(20):
            attendee = Attendee(uuid4().hex, codes.new_code(), nickname, now(), session_code)
            try:
                with self.transaction() as conn:
                    conn.execute(
                        "INSERT INTO attendees (id, resume_code, nickname, created_at, "
                        "session_code) VALUES (?, ?, ?, ?, ?)",
                        (
                            attendee.id,
                            attendee.resume_code,
                            nickname,
                            attendee.created_at,
                            session_code,
                        ),
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
                f"SELECT {_ATTENDEE_COLUMNS} FROM attendees WHERE id = ?",
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
                f"SELECT {_ATTENDEE_COLUMNS} FROM attendees WHERE resume_code = ?",
                (canonical,),
            ).fetchone()
        if row is None:
            raise ResumeCodeError(f"no attendee has the resume code {codes.display(canonical)}")
        return Attendee(*row)

    def set_attendee_session(self, attendee_id: str, session_code: str) -> None:
        """Bring an attendee of no session into one, with their wall entries."""
        try:
            with self.transaction() as conn:
                conn.execute(
                    "UPDATE attendees SET session_code = ? WHERE id = ? AND session_code IS NULL",
                    (session_code, attendee_id),
                )
                conn.execute(
                    "UPDATE wall SET session_code = ? WHERE attendee_id = ? "
                    "AND session_code IS NULL",
                    (session_code, attendee_id),
                )
        except sqlite3.DatabaseError as exc:
            raise StoreError(_write_failure(self.path, exc)) from exc

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

    # -- live session -------------------------------------------------------------------------

    def create_session(
        self, code: str, title: str, token_hash: str, created_at: datetime, expires_at: datetime
    ) -> None:
        self._write(
            "INSERT INTO live_sessions (code, title, token_hash, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (code, title, token_hash, created_at.isoformat(), expires_at.isoformat()),
        )

    def live_session(self, code: str | None = None) -> LiveSession | None:
        """The session with `code`, or the most recently created one when no code is given."""
        with self._lock:
            if code is None:
                row = self._conn.execute(
                    f"SELECT {_SESSION_COLUMNS} FROM live_sessions ORDER BY created_at DESC LIMIT 1"
                ).fetchone()
            else:
                row = self._conn.execute(
                    f"SELECT {_SESSION_COLUMNS} FROM live_sessions WHERE code = ?", (code,)
                ).fetchone()
            if row is None:
                return None
            steps = frozenset(
                step
                for (step,) in self._conn.execute(
                    "SELECT step FROM live_steps WHERE session_code = ? AND is_open = 1",
                    (row[0],),
                )
            )
        return LiveSession(
            code=row[0],
            title=row[1],
            created_at=datetime.fromisoformat(row[2]),
            expires_at=datetime.fromisoformat(row[3]),
            segment=int(row[4]),
            segment_started_at=datetime.fromisoformat(row[5]) if row[5] else None,
            revealed=bool(row[6]),
            open_steps=steps,
        )

    def session_token_hash(self, code: str) -> str | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT token_hash FROM live_sessions WHERE code = ?", (code,)
            ).fetchone()
        return None if row is None else str(row[0])

    def set_session_token_hash(self, code: str, token_hash: str) -> None:
        """Replace the facilitator token (a restarted server issues a new one)."""
        self._write("UPDATE live_sessions SET token_hash = ? WHERE code = ?", (token_hash, code))

    def set_step_open(self, code: str, step: str, is_open: bool) -> None:
        self._write(
            "INSERT INTO live_steps (session_code, step, is_open, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (session_code, step) DO UPDATE "
            "SET is_open = excluded.is_open, updated_at = excluded.updated_at",
            (code, step, int(is_open), now()),
        )

    def set_segment(self, code: str, index: int, started_at: datetime | None) -> None:
        self._write(
            "UPDATE live_sessions SET segment = ?, segment_started_at = ? WHERE code = ?",
            (index, started_at.isoformat() if started_at else None, code),
        )

    def set_revealed(self, code: str, revealed: bool) -> None:
        self._write("UPDATE live_sessions SET revealed = ? WHERE code = ?", (int(revealed), code))

    def session_attendee_count(self, code: str) -> int:
        with self._lock:
            row = self._conn.execute(
                "SELECT COUNT(*) FROM attendees WHERE session_code = ?", (code,)
            ).fetchone()
        return int(row[0])

    def share_on_wall(self, attendee_id: str, kind: str, body: str) -> int:
        """Put one entry on the room wall; returns its id. The body is stored verbatim."""
        attendee = self.attendee(attendee_id)
        try:
            with self.transaction() as conn:
                cursor = conn.execute(
                    "INSERT INTO wall (session_code, attendee_id, kind, body, shared_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (attendee.session_code, attendee_id, kind, body, now()),
                )
                entry_id = cursor.lastrowid
        except sqlite3.DatabaseError as exc:
            raise StoreError(_write_failure(self.path, exc)) from exc
        assert entry_id is not None
        return int(entry_id)

    def withdraw_from_wall(self, entry_id: int, attendee_id: str) -> None:
        """The attendee takes their own entry back; another attendee's entry is untouched."""
        self._write(
            "UPDATE wall SET withdrawn_at = ? WHERE id = ? AND attendee_id = ? "
            "AND withdrawn_at IS NULL",
            (now(), entry_id, attendee_id),
        )

    def set_wall_hidden(self, entry_id: int, hidden: bool) -> None:
        self._write("UPDATE wall SET hidden = ? WHERE id = ?", (int(hidden), entry_id))

    def wall_entries(self, session_code: str | None, newest: int | None = None) -> list[WallEntry]:
        """The room wall, oldest first (or only the `newest` few), without withdrawn entries
        and without who wrote them."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT * FROM (SELECT id, kind, body, shared_at, hidden FROM wall "
                "WHERE session_code IS ? AND withdrawn_at IS NULL ORDER BY id DESC LIMIT ?) "
                "ORDER BY id",
                (session_code, -1 if newest is None else newest),
            ).fetchall()
        return [WallEntry(int(i), k, b, t, bool(h)) for i, k, b, t, h in rows]

    def my_wall_entries(self, attendee_id: str) -> list[WallEntry]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, kind, body, shared_at, hidden FROM wall "
                "WHERE attendee_id = ? AND withdrawn_at IS NULL ORDER BY id",
                (attendee_id,),
            ).fetchall()
        return [WallEntry(int(i), k, b, t, bool(h)) for i, k, b, t, h in rows]

    def add_attendees(self, records: Sequence[AttendeeRecord]) -> None:
        """Insert many complete attendees in one transaction (demo rooms, imports)."""
        stamp = now()
        try:
            with self.transaction() as conn:
                for r in records:
                    a = r.attendee
                    conn.execute(
                        f"INSERT INTO attendees ({_ATTENDEE_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                        (a.id, a.resume_code, a.nickname, a.created_at, a.session_code),
                    )
                    conn.executemany(
                        "INSERT INTO ratings (attendee_id, category, score, updated_at) "
                        "VALUES (?, ?, ?, ?)",
                        [(a.id, c, s, stamp) for c, s in r.answers.ratings.items()],
                    )
                    conn.executemany(
                        "INSERT INTO answers (attendee_id, exercise, field, body, updated_at) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [(a.id, e, f, b, stamp) for (e, f), b in r.answers.texts.items()],
                    )
                    conn.executemany(
                        "INSERT INTO picks (attendee_id, exercise, kind, item, detail, position, "
                        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [
                            (a.id, e, k, p.item, p.detail, i, stamp)
                            for (e, k), picks in r.answers.picks.items()
                            for i, p in enumerate(picks)
                        ],
                    )
                    conn.executemany(
                        "INSERT INTO wall (session_code, attendee_id, kind, body, shared_at) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [(a.session_code, a.id, kind, body, stamp) for kind, body in r.wall],
                    )
                    conn.executemany(
                        "INSERT INTO progress (attendee_id, step, completed_at) VALUES (?, ?, ?)",
                        [(a.id, step, stamp) for step in sorted(r.completed)],
                    )
        except sqlite3.DatabaseError as exc:
            raise StoreError(_write_failure(self.path, exc)) from exc

    def set_progress(self, attendee_id: str, steps: frozenset[str]) -> None:
        """Record which steps this attendee has completed (the whole set, replaced)."""
        stamp = now()
        try:
            with self.transaction() as conn:
                known = {
                    r[0]
                    for r in conn.execute(
                        "SELECT step FROM progress WHERE attendee_id = ?", (attendee_id,)
                    )
                }
                conn.executemany(
                    "DELETE FROM progress WHERE attendee_id = ? AND step = ?",
                    [(attendee_id, step) for step in known - steps],
                )
                conn.executemany(
                    "INSERT INTO progress (attendee_id, step, completed_at) VALUES (?, ?, ?)",
                    [(attendee_id, step, stamp) for step in steps - known],
                )
        except sqlite3.DatabaseError as exc:
            raise StoreError(_write_failure(self.path, exc)) from exc

    def export_rows(self, session_code: str | None) -> ExportRows:
        """One session's shareable rows: ratings, committed finders and completed steps."""
        member = "attendee_id IN (SELECT id FROM attendees WHERE session_code IS ?)"
        with self._lock:
            conn = self._conn
            attendees = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM attendees WHERE session_code IS ? ORDER BY created_at, id",
                    (session_code,),
                )
            ]
            ratings = conn.execute(
                f"SELECT attendee_id, category, score FROM ratings WHERE {member}",
                (session_code,),
            ).fetchall()
            finders = conn.execute(
                "SELECT attendee_id, detail, item FROM picks "
                f"WHERE exercise = 'balance' AND kind = 'finder' AND {member} "
                "ORDER BY attendee_id, position",
                (session_code,),
            ).fetchall()
            progress = conn.execute(
                f"SELECT attendee_id, step FROM progress WHERE {member}", (session_code,)
            ).fetchall()
        return ExportRows(attendees, ratings, finders, progress)

    def room_aggregates(
        self, session_code: str | None, below_mean_by: float, floor: int | None
    ) -> RoomAggregates:
        """Counts over one session's room, computed in the database.

        No free text leaves it: ratings are counted, finders are content text, and progress
        is a step name. The out-of-balance rule is `workshop.balance.profile`'s, per attendee
        against their own mean (tests hold the two to the same answers).
        """
        member = "attendee_id IN (SELECT id FROM attendees WHERE session_code IS ?)"
        # Bounded so both stay SQLite integers; only a threshold past any scale, or with more
        # than nine decimals, is changed by it.
        threshold = min(Fraction(repr(below_mean_by)), Fraction(10**6)).limit_denominator(10**9)
        with self._lock:
            conn = self._conn
            joined = conn.execute(
                "SELECT COUNT(*) FROM attendees WHERE session_code IS ?", (session_code,)
            ).fetchone()[0]
            answered = conn.execute(
                f"SELECT COUNT(DISTINCT attendee_id) FROM ratings WHERE {member}",
                (session_code,),
            ).fetchone()[0]
            # One scan gives both the distribution and, per cell, how many are flagged. The
            # rule is compared exactly, in whole numbers, as `balance.profile` does: a float
            # mean of 10 scores is 0.29999... above a 4 and would miss "below_mean_by: 0.3".
            # total/n - score >= p/q  <=>  q * (total - n * score) >= p * n.
            cells = conn.execute(
                "SELECT category, score, COUNT(*), "
                "SUM(? * (total - n * score) >= ? * n OR score < ?) FROM ("
                "SELECT category, score, SUM(score) OVER mine AS total, COUNT(*) OVER mine AS n "
                f"FROM ratings WHERE {member} WINDOW mine AS (PARTITION BY attendee_id)) "
                "GROUP BY category, score",
                (
                    threshold.denominator,
                    threshold.numerator,
                    floor if floor is not None else -(10**9),
                    session_code,
                ),
            ).fetchall()
            finders = conn.execute(
                "SELECT item, detail, COUNT(DISTINCT attendee_id) FROM picks "
                f"WHERE exercise = 'balance' AND kind = 'finder' AND {member} "
                "GROUP BY item, detail",
                (session_code,),
            ).fetchall()
            completed = conn.execute(
                f"SELECT step, COUNT(*) FROM progress WHERE {member} GROUP BY step",
                (session_code,),
            ).fetchall()
        return RoomAggregates(
            joined=int(joined),
            answered=int(answered),
            distribution=[(c, int(s), int(n)) for c, s, n, _ in cells],
            out_of_balance=_flagged_by_category(cells),
            finders=[(f, c, int(n)) for f, c, n in finders],
            completed={step: int(n) for step, n in completed},
        )

    # -- coaching -----------------------------------------------------------------------------

    @contextmanager
    def _coaching_write(self) -> Iterator[sqlite3.Connection]:
        """One coaching transaction, with database failures reported as `StoreError`."""
        try:
            with self.transaction() as conn:
                yield conn
        except sqlite3.DatabaseError as exc:
            raise StoreError(_write_failure(self.path, exc)) from exc
        except UnicodeEncodeError as exc:
            raise StoreError(_UNENCODABLE.format(path=self.path, exc=exc)) from exc

    def create_rep(self, name: str, demo: bool = False) -> Rep:
        """Add a rep; a name already taken (ignoring case) is refused and nothing changes."""
        rep = Rep(uuid4().hex, name, demo, now())
        with self._lock:
            taken = self._conn.execute(
                "SELECT name FROM coaching_reps WHERE name = ?", (name,)
            ).fetchone()
        if taken is not None:
            raise CoachingError(f"a rep named {taken[0]!r} already exists; expected a new name")
        with self._coaching_write() as conn:
            _insert_reps(conn, [rep])
        return rep

    def reps(self) -> list[Rep]:
        """Every rep, own reps first, then by name."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, name, demo, created_at FROM coaching_reps "
                "ORDER BY demo, name COLLATE NOCASE"
            ).fetchall()
        return [Rep(i, n, bool(d), c) for i, n, d, c in rows]

    def rep(self, rep_id: str) -> Rep:
        with self._lock:
            row = self._conn.execute(
                "SELECT id, name, demo, created_at FROM coaching_reps WHERE id = ?", (rep_id,)
            ).fetchone()
        if row is None:
            raise UnknownRepError(f"no rep with id {rep_id!r}")
        return Rep(row[0], row[1], bool(row[2]), row[3])

    def save_evaluation(self, evaluation: Evaluation) -> str:
        """Save an evaluation, replacing the rep's evaluation of the same date; returns the time."""
        stamp = now()
        with self._coaching_write() as conn:
            old = conn.execute(
                "SELECT id FROM coaching_evaluations WHERE rep_id = ? AND evaluated_on = ?",
                (evaluation.rep_id, evaluation.on.isoformat()),
            ).fetchone()
            if old is not None:
                conn.execute("DELETE FROM coaching_scores WHERE evaluation_id = ?", (old[0],))
                conn.execute("DELETE FROM coaching_evaluations WHERE id = ?", (old[0],))
            _insert_evaluations(conn, [evaluation], stamp)
        return stamp

    def evaluations(self, rep_id: str | None = None) -> list[Evaluation]:
        """A rep's evaluations (every rep's when None), oldest first."""
        where, params = ("WHERE e.rep_id = ?", (rep_id,)) if rep_id else ("", ())
        with self._lock:
            rows = self._conn.execute(
                "SELECT e.id, e.rep_id, e.evaluated_on, s.competency, s.score "
                "FROM coaching_evaluations e JOIN coaching_scores s ON s.evaluation_id = e.id "
                f"{where} ORDER BY e.evaluated_on, e.rep_id, s.rowid",
                params,
            ).fetchall()
        grouped: dict[str, tuple[str, str, dict[str, int]]] = {}
        for eval_id, rep, on, competency, score in rows:
            grouped.setdefault(eval_id, (rep, on, {}))[2][competency] = int(score)
        return [Evaluation(r, date.fromisoformat(on), s) for r, on, s in grouped.values()]

    def save_call(self, call: CoachingCall) -> str:
        """Save one checked coaching call (its one fix included); returns the commit time."""
        stamp = now()
        with self._coaching_write() as conn:
            _insert_calls(conn, [call], stamp)
        return stamp

    def calls(self, rep_id: str | None = None) -> list[CoachingCall]:
        """A rep's coaching calls (every rep's when None), oldest first."""
        where, params = ("WHERE rep_id = ?", (rep_id,)) if rep_id else ("", ())
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, rep_id, called_on, minutes, medium, situation, knows, can, "
                f"adjustments, competency, fix FROM coaching_calls {where} "
                "ORDER BY called_on, saved_at, rowid",
                params,
            ).fetchall()
        return [
            CoachingCall(
                id=i,
                rep_id=r,
                on=date.fromisoformat(on),
                minutes=int(m),
                medium=md,
                situation=s,
                knows=bool(k),
                can=bool(c),
                adjustments=tuple(a for a in adj.split(",") if a),
                competency=comp,
                fix=f,
            )
            for i, r, on, m, md, s, k, c, adj, comp, f in rows
        ]

    def team_fixes(self) -> dict[str, list[tuple[date, str]]]:
        """Every rep's fixes as (date, competency), oldest first: what team progress needs."""
        fixes: dict[str, list[tuple[date, str]]] = {}
        with self._lock:
            rows = self._conn.execute(
                "SELECT rep_id, called_on, competency FROM coaching_calls "
                "ORDER BY called_on, saved_at, rowid"
            ).fetchall()
        day: dict[str, date] = {}  # a team shares a few hundred distinct days; parse each once
        for rep_id, on, competency in rows:
            parsed = day.get(on)
            if parsed is None:
                parsed = day[on] = date.fromisoformat(on)
            fixes.setdefault(rep_id, []).append((parsed, competency))
        return fixes

    def do_over(self, call_id: str) -> DoOver:
        """The do-over of a call; an empty one when nobody has answered yet."""
        with self._lock:
            row = self._conn.execute(
                "SELECT self_critique, self_critique_at, insight, insight_at "
                "FROM coaching_do_overs WHERE call_id = ?",
                (call_id,),
            ).fetchone()
        if row is None:
            return DoOver(call_id)
        return DoOver(call_id, row[0], _stamp(row[1]), row[2] or "", _stamp(row[3]))

    def do_overs(self) -> list[DoOver]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT call_id, self_critique, self_critique_at, insight, insight_at "
                "FROM coaching_do_overs ORDER BY self_critique_at"
            ).fetchall()
        return [DoOver(c, s, _stamp(sa), i or "", _stamp(ia)) for c, s, sa, i, ia in rows]

    def save_do_over(self, do_over: DoOver) -> str:
        """Save a do-over checked by the domain, holding to its order against what is saved.

        The rep and the manager may answer from two devices, so the order is checked again
        inside the transaction: an insight must answer the self-critique that is saved, and a
        self-critique cannot change once an insight is saved.
        """
        if do_over.self_critique_at is None:
            raise DoOverOrderError("the rep's self-critique comes first; there is none to save")
        with self._coaching_write() as conn:
            row = conn.execute(
                "SELECT self_critique, self_critique_at, insight_at FROM coaching_do_overs "
                "WHERE call_id = ?",
                (do_over.call_id,),
            ).fetchone()
            critique_at = do_over.self_critique_at.isoformat()
            saved = None if row is None else (row[0], row[1])
            if (
                row is not None
                and row[2] is not None
                and saved != (do_over.self_critique, critique_at)
            ):
                raise DoOverOrderError(
                    "the manager has already answered this do-over, so the rep's "
                    "self-critique is kept as it was"
                )
            if do_over.has_insight and (row is None or row[1] != critique_at):
                raise DoOverOrderError(
                    "the rep's self-critique changed or is not saved yet; reload the call to "
                    "read it before adding the insight"
                )
            _insert_do_overs(conn, [do_over])
        return now()

    def save_self_check(self, check: SelfCheck) -> str:
        """Save a rep's self-check for its day, replacing an earlier one of the same day."""
        with self._coaching_write() as conn:
            _insert_self_checks(conn, [check])
        return check.at.isoformat()

    def self_checks(self, rep_id: str | None = None) -> list[SelfCheck]:
        where, params = ("WHERE rep_id = ?", (rep_id,)) if rep_id else ("", ())
        with self._lock:
            rows = self._conn.execute(
                "SELECT rep_id, checked_on, answer, saved_at FROM coaching_self_checks "
                f"{where} ORDER BY checked_on, rep_id",
                params,
            ).fetchall()
        return [SelfCheck(r, date.fromisoformat(on), a, _at(s)) for r, on, a, s in rows]

    def import_coaching(
        self,
        reps: Sequence[Rep] = (),
        evaluations: Sequence[Evaluation] = (),
        calls: Sequence[CoachingCall] = (),
        do_overs: Sequence[DoOver] = (),
        self_checks: Sequence[SelfCheck] = (),
    ) -> str:
        """Add checked records in one transaction: all of them, or (on any refusal) none.

        An evaluation for a rep and date already saved is refused rather than replaced.
        """
        stamp = now()
        with self._coaching_write() as conn:
            _insert_reps(conn, reps)
            for evaluation in evaluations:
                if conn.execute(
                    "SELECT 1 FROM coaching_evaluations WHERE rep_id = ? AND evaluated_on = ?",
                    (evaluation.rep_id, evaluation.on.isoformat()),
                ).fetchone():
                    raise CoachingError(
                        f"an evaluation of {evaluation.on.isoformat()} is already saved for "
                        f"rep {evaluation.rep_id!r}; nothing was imported"
                    )
            _insert_evaluations(conn, evaluations, stamp)
            _insert_calls(conn, calls, stamp)
            _insert_do_overs(conn, do_overs)
            _insert_self_checks(conn, self_checks)
        return stamp

    def remove_demo_team(self) -> int:
        """Delete the demo reps and everything of theirs; own reps are untouched."""
        demo = "SELECT id FROM coaching_reps WHERE demo = 1"
        with self._coaching_write() as conn:
            count = int(
                conn.execute("SELECT COUNT(*) FROM coaching_reps WHERE demo = 1").fetchone()[0]
            )
            conn.execute(
                "DELETE FROM coaching_do_overs WHERE call_id IN "
                f"(SELECT id FROM coaching_calls WHERE rep_id IN ({demo}))"
            )
            conn.execute(f"DELETE FROM coaching_calls WHERE rep_id IN ({demo})")
            conn.execute(
                "DELETE FROM coaching_scores WHERE evaluation_id IN "
                f"(SELECT id FROM coaching_evaluations WHERE rep_id IN ({demo}))"
            )
            conn.execute(f"DELETE FROM coaching_evaluations WHERE rep_id IN ({demo})")
            conn.execute(f"DELETE FROM coaching_self_checks WHERE rep_id IN ({demo})")
            conn.execute("DELETE FROM coaching_reps WHERE demo = 1")
        return count


_UNENCODABLE = (
    "could not save to {path}: the text holds a broken character that no database can store "
    "({exc}); this answer was not saved. Retype the last characters and it will save."
)


def _flagged_by_category(cells: list[tuple[str, int, int, int]]) -> list[tuple[str, int]]:
    totals: dict[str, int] = {}
    for category, _score, _count, flagged in cells:
        totals[category] = totals.get(category, 0) + int(flagged)
    return [(c, n) for c, n in totals.items() if n]


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


# -- coaching rows ---------------------------------------------------------------------------


def _stamp(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _insert_reps(conn: sqlite3.Connection, reps: Sequence[Rep]) -> None:
    conn.executemany(
        "INSERT INTO coaching_reps (id, name, demo, created_at) VALUES (?, ?, ?, ?)",
        [(r.id, r.name, int(r.demo), r.created_at or now()) for r in reps],
    )


def _insert_evaluations(
    conn: sqlite3.Connection, evaluations: Sequence[Evaluation], stamp: str
) -> None:
    ids = [uuid4().hex for _ in evaluations]
    conn.executemany(
        "INSERT INTO coaching_evaluations (id, rep_id, evaluated_on, saved_at) VALUES (?, ?, ?, ?)",
        [(i, e.rep_id, e.on.isoformat(), stamp) for i, e in zip(ids, evaluations, strict=True)],
    )
    conn.executemany(
        "INSERT INTO coaching_scores (evaluation_id, competency, score) VALUES (?, ?, ?)",
        [
            (i, competency, int(score))
            for i, e in zip(ids, evaluations, strict=True)
            for competency, score in e.scores.items()
        ],
    )


def _insert_calls(conn: sqlite3.Connection, calls: Sequence[CoachingCall], stamp: str) -> None:
    conn.executemany(
        "INSERT INTO coaching_calls (id, rep_id, called_on, minutes, medium, situation, knows, "
        "can, adjustments, competency, fix, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                c.id,
                c.rep_id,
                c.on.isoformat(),
                c.minutes,
                c.medium,
                c.situation,
                int(c.knows),
                int(c.can),
                ",".join(c.adjustments),
                c.competency,
                c.fix,
                stamp,
            )
            for c in calls
        ],
    )


def _insert_do_overs(conn: sqlite3.Connection, do_overs: Sequence[DoOver]) -> None:
    conn.executemany(
        "INSERT INTO coaching_do_overs (call_id, self_critique, self_critique_at, insight, "
        "insight_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (call_id) DO UPDATE SET "
        "self_critique = excluded.self_critique, self_critique_at = excluded.self_critique_at, "
        "insight = excluded.insight, insight_at = excluded.insight_at",
        [
            (
                d.call_id,
                d.self_critique,
                d.self_critique_at.isoformat() if d.self_critique_at else None,
                d.insight if d.has_insight else None,
                d.insight_at.isoformat() if d.insight_at else None,
            )
            for d in do_overs
        ],
    )


def _insert_self_checks(conn: sqlite3.Connection, checks: Sequence[SelfCheck]) -> None:
    conn.executemany(
        "INSERT INTO coaching_self_checks (rep_id, checked_on, answer, saved_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (rep_id, checked_on) DO UPDATE SET "
        "answer = excluded.answer, saved_at = excluded.saved_at",
        [(c.rep_id, c.on.isoformat(), c.answer, c.at.isoformat()) for c in checks],
    )
