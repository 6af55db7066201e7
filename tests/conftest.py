"""Shared fixtures: content, a store that closes itself, and an attendee context."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.chromium import (  # noqa: F401 (fixtures for every suite)
    browser,
    chromium_path,
    pages_closed,
)
from tests.support.paths import ROOT
from tests.support.postgres import PostgresServer, PostgresUnavailable
from workshop.content.keynote import KeynoteContent, load_content
from workshop.store import Store
from workshop.ui.keynote.context import AttendeeContext

#: Test tiers, fastest first: pure rules and content, then what touches a database, files or
#: widgets, then notebooks run in real kernels, then a real browser.
TIERS: tuple[tuple[str, ...], ...] = (
    ("tests/test_codes.py", "tests/content/", "tests/keynote/", "tests/coaching/", "tests/live/"),
    (
        "tests/store/",
        "tests/services/",
        "tests/reports/",
        "tests/ui/",
        "tests/spec/",
        "tests/cli/",
        "tests/test_",
    ),
    ("notebooks/", "tests/notebooks/"),
    ("tests/server/", "tests/browser/", "tests/hostile/"),
)


def tier(item: pytest.Item) -> int:
    """Which tier a test belongs to, by where it lives; a place no tier names is refused, so a
    new folder of tests is given its tier on purpose."""
    where = item.path.relative_to(ROOT).as_posix()
    found = next((i for i, prefixes in enumerate(TIERS) if where.startswith(prefixes)), None)
    if found is None:
        raise pytest.UsageError(f"{where} is in no test tier: add its folder to TIERS")
    return found


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tiers in order. Browser tests also must come last for another reason: while
    Playwright's sync API is active it marks an event loop as running in the main thread,
    which changes how later asyncio-aware code (the views' autosave) behaves.

    In a parallel run (`make test`: `--dist loadgroup --no-loadscope-reorder`) each process
    takes tests in this order, one at a time, but a file whose tests share a fixture narrower
    than the run (a served room per module) goes to one process whole, so it starts once."""
    items.sort(key=tier)
    for item in items:
        if shares_a_module_fixture(item):
            item.add_marker(pytest.mark.xdist_group(item.path.relative_to(ROOT).as_posix()))


def shares_a_module_fixture(item: pytest.Item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:  # a notebook's cell
        return False
    return any(
        definition.scope in ("module", "class", "package")
        for definitions in info.name2fixturedefs.values()
        for definition in definitions
    )


def pytest_configure(config: pytest.Config) -> None:
    # Notebook kernels (nbval) inherit the environment: give them a throwaway database so a
    # test run never writes workshop.db into the working tree.
    # Each process of a parallel run (pytest-xdist's workers inherit the environment) has
    # its own, so two notebooks never share one.
    me = os.environ.get("PYTEST_XDIST_WORKER", "main")
    if "WORKSHOP_DB" not in os.environ or os.environ.get("WORKSHOP_TEST_DB_SET") != me:
        scratch = Path(tempfile.mkdtemp(prefix="workshop-test-"))
        os.environ["WORKSHOP_DB"] = str(scratch / "notebooks.db")
        os.environ["WORKSHOP_TEST_DB_SET"] = me


@pytest.fixture(scope="session")
def content() -> KeynoteContent:
    return load_content(ROOT / "data" / "en")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server of this test run (see `tests.support.postgres`)."""
    try:
        server = PostgresServer()
    except PostgresUnavailable as exc:
        if os.environ.get("WORKSHOP_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{exc} (WORKSHOP_REQUIRE_POSTGRES=1 makes this a failure)", pytrace=False)
        pytest.skip(str(exc))
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database on each backend in turn: an SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.schema_url()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    db = Store(tmp_path / "test.db")
    yield db
    db.close()


@pytest.fixture
def context(content: KeynoteContent, store: Store) -> AttendeeContext:
    """An attendee's context for headless views. Their saves run at once only when no event
    loop is running: a test placed after Playwright's sync API started (which marks one as
    running) would wait on saves that never come, so that is refused here, by name."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return AttendeeContext(content, store, store.create_attendee())
    pytest.fail("a headless view test runs after the browser tier started: move it up in TIERS")


@pytest.fixture(scope="session")
def nginx() -> str:
    """Debian's nginx, which tests of several server processes put in front; missing, the test
    skips, unless WORKSHOP_REQUIRE_NGINX=1 (CI) fails it."""
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).is_file():
        reason = "nginx is not installed (apt-get install -y nginx)"
        if os.environ.get("WORKSHOP_REQUIRE_NGINX") == "1":
            pytest.fail(f"{reason}; WORKSHOP_REQUIRE_NGINX=1 makes this a failure", pytrace=False)
        pytest.skip(reason)
    return found
