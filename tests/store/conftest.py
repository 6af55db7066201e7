"""The store's own tests run on both backends: each gets a fresh SQLite file, then a fresh
PostgreSQL schema."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from workshop.store import Store


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    db = Store(db_url)
    yield db
    db.close()
