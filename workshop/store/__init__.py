"""The one place that touches the database.

SQLite by default: WAL, a busy timeout, one short transaction per save, and a save returns
only after its commit. The schema is versioned and migrated forward on open, never dropped
(`workshop.store.schema`). Free text is stored verbatim.

`Store` is one object over one connection; its methods come in parts, one module each:
attendees and answers, the live session, and coaching.
"""

from __future__ import annotations

from workshop.store.base import (
    BUSY_TIMEOUT_MS,
    DEFAULT_DB,
    NETWORK_FILESYSTEMS,
    filesystem_type,
    now,
    resolve_target,
)
from workshop.store.coaching import CoachingStore
from workshop.store.live import LiveStore
from workshop.store.records import AttendeeRecord, ExportRows, RoomAggregates
from workshop.store.schema import MIGRATIONS, SCHEMA_VERSION


class Store(LiveStore, CoachingStore):
    """Attendees, answers, live sessions and coaching in one SQLite file.

    Use it as a context manager, or call `close`.
    """


__all__ = [
    "BUSY_TIMEOUT_MS",
    "DEFAULT_DB",
    "MIGRATIONS",
    "NETWORK_FILESYSTEMS",
    "SCHEMA_VERSION",
    "AttendeeRecord",
    "ExportRows",
    "RoomAggregates",
    "Store",
    "filesystem_type",
    "now",
    "resolve_target",
]
