"""The rows that keep a session's content: each content file's text by name, and their hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from sqlalchemy.engine import Connection

from workshop.store.clauses import clause


def content_digest(files: Mapping[str, str]) -> str:
    """A hash of a content set's files that does not depend on their order."""
    canonical = json.dumps(dict(sorted(files.items())), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def insert_kept_content(conn: Connection, code: str, files: Mapping[str, str], at: str) -> None:
    conn.execute(
        clause(
            "INSERT INTO live_session_content (session_code, content_hash, files, saved_at) "
            "VALUES (:code, :hash, :files, :at)"
        ),
        {
            "code": code,
            "hash": content_digest(files),
            "files": json.dumps(dict(sorted(files.items())), ensure_ascii=False),
            "at": at,
        },
    )
