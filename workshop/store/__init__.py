"""The one place that touches the database.

SQLAlchemy Core over SQLite by default (WAL, one short transaction per save, a save returns
only after its commit) or PostgreSQL by URL, for rooms past one machine. The schema is
versioned and migrated forward on open, never dropped (`workshop.store.schema`); a store opened
read-only never changes it. Free text is stored verbatim.

`Store` is one object over one connection pool, safe to share between threads; its methods come
in parts, one module each: attendees and answers, the live session, the room's published
figures, what a session keeps (its content, its servers' heartbeats), the facilitator's keys,
and coaching.
"""

from __future__ import annotations

from workshop.store.base import BUSY_TIMEOUT_MS, StoreConflictError, now
from workshop.store.coaching import CoachingStore
from workshop.store.content_rows import content_digest
from workshop.store.facilitators import FacilitatorStore
from workshop.store.kept import KeptStore
from workshop.store.records import (
    AttendeeRecord,
    ExportRows,
    KeptContent,
    ServerMark,
)
from workshop.store.schema import MIGRATIONS, SCHEMA_VERSION, statements
from workshop.store.target import (
    DEFAULT_DB,
    ENV_DB_FILE,
    NETWORK_FILESYSTEMS,
    Target,
    configured_db,
    filesystem_type,
    has_password,
    resolve_target,
)


class Store(KeptStore, CoachingStore, FacilitatorStore):
    """Attendees, answers, live sessions and coaching in one database.

    Use it as a context manager, or call `close`. ``Store(db, readonly=True)`` opens an existing
    workshop database without writing to it, for commands that only read.
    """


__all__ = [
    "BUSY_TIMEOUT_MS",
    "DEFAULT_DB",
    "ENV_DB_FILE",
    "MIGRATIONS",
    "NETWORK_FILESYSTEMS",
    "SCHEMA_VERSION",
    "AttendeeRecord",
    "ExportRows",
    "KeptContent",
    "ServerMark",
    "Store",
    "StoreConflictError",
    "Target",
    "configured_db",
    "content_digest",
    "filesystem_type",
    "has_password",
    "now",
    "resolve_target",
    "statements",
]
