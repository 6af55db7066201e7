"""Shared fixtures: content, a store that closes itself, and an attendee context."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from workshop.content.keynote import Content, load_content
from workshop.store import Store
from workshop.ui.keynote.context import AttendeeContext

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    # Notebook kernels (nbval) inherit the environment: give them a throwaway database so a
    # test run never writes workshop.db into the working tree.
    if "WORKSHOP_DB" not in os.environ or os.environ.get("WORKSHOP_TEST_DB_SET") != "1":
        scratch = Path(tempfile.mkdtemp(prefix="workshop-test-"))
        os.environ["WORKSHOP_DB"] = str(scratch / "notebooks.db")
        os.environ["WORKSHOP_TEST_DB_SET"] = "1"


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(ROOT / "data" / "en")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    db = Store(tmp_path / "test.db")
    yield db
    db.close()


@pytest.fixture
def context(content: Content, store: Store) -> AttendeeContext:
    return AttendeeContext(content, store, store.create_attendee())
