"""Which database a store opens: a path or a URL, as the user gave it, checked before use.

SQLite is the embedded default: a file path or ``sqlite:///path``. PostgreSQL, for rooms past
one machine, is ``postgresql://user@host:port/name``. A password in a URL is never shown: every
message names the database by `Target.shown`. Nor is it ever typed on a command line (which `ps`
shows to every user of the machine): a URL with a password comes from `WORKSHOP_DB`, or from the
file `WORKSHOP_DB_FILE` names (a container's secret, a file only its owner may read).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from workshop.errors import StoreError

DEFAULT_DB = "workshop.db"
ENV_DB = "WORKSHOP_DB"
#: A file holding the database's URL, read when `WORKSHOP_DB` is not set.
ENV_DB_FILE = "WORKSHOP_DB_FILE"

Backend = Literal["sqlite", "postgresql"]

#: Filesystems on which SQLite's locking cannot be trusted.
NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "afs", "ceph", "glusterfs", "9p"}
)


@dataclass(frozen=True)
class Target:
    """A database to open: its backend, the URL SQLAlchemy opens, and how messages name it."""

    backend: Backend
    url: URL
    #: The SQLite file (None in memory, or for PostgreSQL).
    path: Path | None

    @property
    def shown(self) -> str:
        """The database as a message may name it: a path, or a URL without its password."""
        if self.path is not None:
            return str(self.path)
        if self.backend == "sqlite":
            return ":memory:"
        return self.url.render_as_string(hide_password=True).replace("+psycopg", "")

    @property
    def address(self) -> str:
        """What `resolve_target` opens this database from again, password and all: for another
        process of ours, through its environment only (never argv, a log or a message)."""
        if self.path is not None:
            return str(self.path.resolve())
        return self.url.render_as_string(hide_password=False)

    @property
    def in_memory(self) -> bool:
        return self.backend == "sqlite" and self.path is None


def configured_db() -> str:
    """The database this machine is set up for: `WORKSHOP_DB`, else the URL in the file that
    `WORKSHOP_DB_FILE` names, else ``workshop.db``."""
    if os.environ.get(ENV_DB):
        return os.environ[ENV_DB]
    secret = os.environ.get(ENV_DB_FILE)
    if not secret:
        return DEFAULT_DB
    try:
        raw = Path(secret).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        # The file's name, never its contents: they may hold a password.
        raise StoreError(
            f"{ENV_DB_FILE} names {secret}, which cannot be read ({type(exc).__name__}); it "
            "should hold the database's URL, like postgresql://user:password@host/name"
        ) from None
    if not raw or "\n" in raw:
        raise StoreError(
            f"{ENV_DB_FILE} names {secret}, which should hold one line, the database's URL "
            "(like postgresql://user:password@host/name)"
        )
    return raw


def has_password(target: str | Path) -> bool:
    """Whether a database argument carries a password (which no command line should): in the
    URL's user part, or as a ``password=`` parameter."""
    raw = str(target)
    if not raw.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        return False
    rest = raw.split("://", 1)[1]
    netloc = rest.split("/", 1)[0]
    return ("@" in netloc and ":" in netloc.rsplit("@", 1)[0]) or "password=" in rest.lower()


def resolve_target(target: str | Path | None = None) -> Target:
    """The database named by the argument, else the one `configured_db` finds."""
    raw = str(target) if target is not None else configured_db()
    if raw.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        return _postgresql(raw)
    if raw.startswith("sqlite:///"):
        raw = raw.removeprefix("sqlite:///")
    elif "://" in raw:
        # Name only the scheme: the rest of a URL may hold a password.
        scheme = raw.split("://", 1)[0]
        raise StoreError(
            f"unknown database URL scheme {scheme!r}; expected a file path (like workshop.db), "
            "sqlite:///path/to/workshop.db or postgresql://user@host/name"
        )
    if raw == ":memory:":
        return Target("sqlite", make_url("sqlite://"), None)
    path = Path(raw)
    return Target("sqlite", URL.create("sqlite", database=str(path)), path)


def _postgresql(raw: str) -> Target:
    scheme, rest = raw.split("://", 1)
    try:
        url = make_url(f"postgresql+psycopg://{rest}")
    except ArgumentError:
        raise StoreError(
            f"the {scheme} URL is not valid; expected postgresql://user@host:port/name"
        ) from None
    if not url.database:
        raise StoreError("the PostgreSQL URL names no database; expected postgresql://.../name")
    return Target("postgresql", url, None)


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


def check_local(path: Path) -> None:
    """Refuse an SQLite file on a network filesystem: its locking cannot be trusted there."""
    fs = filesystem_type(path.parent)
    if fs in NETWORK_FILESYSTEMS:
        raise StoreError(
            f"{path} is on a network filesystem ({fs}); SQLite cannot lock safely there. Put "
            "the database on a local disk, or use PostgreSQL (--db postgresql://...) for an "
            "event that spans machines."
        )
