"""Which database a store opens when none is named: `WORKSHOP_DB`, else the URL in the file
`WORKSHOP_DB_FILE` names (a secret a container or an operator keeps), else workshop.db."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop.errors import StoreError
from workshop.store import configured_db, has_password, resolve_target


@pytest.fixture(autouse=True)
def _no_database_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORKSHOP_DB", raising=False)
    monkeypatch.delenv("WORKSHOP_DB_FILE", raising=False)


def test_the_url_comes_from_the_file_the_environment_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "db_url"
    secret.write_text("postgresql://room:s3cret@db.internal:5432/workshop\n", encoding="utf-8")
    monkeypatch.setenv("WORKSHOP_DB_FILE", str(secret))
    target = resolve_target()
    assert target.backend == "postgresql"
    assert target.url.password == "s3cret"
    assert target.url.host == "db.internal"
    assert "s3cret" not in target.shown


def test_workshop_db_wins_over_the_file_and_an_argument_over_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "db_url"
    secret.write_text("postgresql://room:s3cret@db.internal/workshop", encoding="utf-8")
    monkeypatch.setenv("WORKSHOP_DB_FILE", str(secret))
    monkeypatch.setenv("WORKSHOP_DB", str(tmp_path / "env.db"))
    assert configured_db() == str(tmp_path / "env.db")
    assert resolve_target(tmp_path / "arg.db").path == tmp_path / "arg.db"


def test_nothing_set_is_workshop_db() -> None:
    assert configured_db() == "workshop.db"


@pytest.mark.parametrize(
    ("contents", "expected"),
    [
        (None, "cannot be read"),
        ("", "should hold one line"),
        ("postgresql://a:hunter2@h/x\npostgresql://b@h/y", "should hold one line"),
    ],
)
def test_a_bad_secret_file_is_named_and_its_contents_are_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, contents: str | None, expected: str
) -> None:
    secret = tmp_path / "db_url"
    if contents is not None:
        secret.write_text(contents, encoding="utf-8")
    monkeypatch.setenv("WORKSHOP_DB_FILE", str(secret))
    with pytest.raises(StoreError, match=expected) as refused:
        resolve_target()
    assert str(secret) in str(refused.value)
    assert "hunter2" not in str(refused.value)


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("postgresql://room:s3cret@db/workshop", True),
        ("postgres://room:s3cret@db:5432/workshop", True),
        ("postgresql://room@db/workshop?password=s3cret", True),
        ("postgresql://room@db/workshop", False),
        ("postgresql://db/workshop?options=-csearch_path%3Dx", False),
        ("sqlite:///room:s3cret@x.db", False),
        ("workshop.db", False),
    ],
)
def test_a_password_in_a_database_argument_is_recognised(argument: str, expected: bool) -> None:
    assert has_password(argument) is expected
