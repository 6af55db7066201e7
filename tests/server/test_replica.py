"""A room served by replicas: `workshop session start` starts the session and issues the only
facilitator link, and a replica serves that session as it is, waiting for it if need be, and
never issues a token of its own."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from tests.support.postgres import PostgresServer
from workshop.cli import main
from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent, load_live_content
from workshop.server import plan as planning
from workshop.server import serve as serving
from workshop.services import facilitators
from workshop.services import live_session as live
from workshop.store import Store

LINK = re.compile(r"Facilitator:\s+http://room\.example/facilitator#(\S+)")


@pytest.fixture(scope="module")
def live_content() -> LiveContent:
    return load_live_content(ROOT / "data" / "en")


def start(db: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[str, str, str]:
    """Run `workshop session start`; returns (session code, token, what it printed)."""
    assert main(["session", "start", "--db", str(db), "--url", "http://room.example", *extra]) == 0
    printed = capsys.readouterr().out
    code, token = re.search(r"Session code:\s+(\S+)", printed), LINK.search(printed)
    assert code and token, printed
    return code[1], token[1], printed


def test_session_start_issues_the_link_once_and_again_on_demand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "room.db"
    code, token, printed = start(db, capsys)
    assert f"Started session {code}" in printed
    assert f"Join:         http://room.example/?session={code}" in printed
    assert "Ctrl-C" not in printed  # nothing is being served
    with Store(db) as store:
        assert store.facilitator_key_counts(code, live.utcnow()) == {"link": 2}

    again, new_token, printed = start(db, capsys)
    assert again == code and new_token != token
    assert "the unused ones printed before no longer work" in printed
    with Store(db) as store:
        session = store.live_session(code)
        assert session is not None
        assert facilitators.trade(store, session, token) is None
        assert facilitators.trade(store, session, new_token) is not None

    other, _, printed = start(db, capsys, "--new-session")
    assert other != code
    assert f"Replicas serving session\n{code} go on serving it" in printed


def test_a_replica_serves_the_running_session_and_leaves_its_links_alone(
    store: Store, content: KeynoteContent, live_content: LiveContent
) -> None:
    started = live.start_session(store, content, live_content)
    code = started.session.code
    before = store.facilitator_key_counts(code, live.utcnow())
    plan = planning.replica_plan(serving.wait_for_session(store, print), "http://room.example/")
    assert plan.session_code == code
    assert plan.links is None and plan.facilitator_url is None and plan.presenter_url is None
    assert plan.join_url == f"http://room.example/?session={code}"
    assert store.facilitator_key_counts(code, live.utcnow()) == before == {"link": 2}


def test_a_replica_started_first_waits_for_the_session(
    store: Store,
    content: KeynoteContent,
    live_content: LiveContent,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(serving, "REPLICA_WAIT_S", 0.05)
    said: list[str] = []
    found: list[str] = []
    replica = threading.Thread(
        target=lambda: found.append(serving.wait_for_session(store, said.append).code)
    )
    replica.start()
    time.sleep(0.3)
    assert not found, "the replica made up a session of its own"
    started = live.start_session(store, content, live_content)
    replica.join(10)
    assert found == [started.session.code]
    assert len(said) == 1 and "waiting for 'workshop session start'" in said[0]


def test_a_replicas_announcement_gives_no_facilitator_link(
    store: Store, content: KeynoteContent, live_content: LiveContent
) -> None:
    live.start_session(store, content, live_content)
    printed: list[str] = []
    plan = planning.replica_plan(serving.wait_for_session(store, print), "http://r")
    planning.announce(plan, content, live_content, printed.append)
    text = "\n".join(printed)
    assert "Join:" in text and "Session code:" in text
    assert "Facilitator:" not in text and "#" not in text
    assert "its facilitator links come from 'workshop session start'" in text


@pytest.mark.parametrize(
    ("proxy", "accepted"),
    [
        ("127.0.0.1", True),
        ("10.0.0.5,10.0.0.6", True),
        ("172.18.0.0/16", True),
        ("*", True),
        ("nginx", False),
        ("10.0.0.300", False),
    ],
)
def test_the_proxy_is_addresses_or_networks(proxy: str, accepted: bool) -> None:
    if accepted:
        serving.check_proxy(proxy)
    else:
        with pytest.raises(serving.ServeError, match="--proxy expected"):
            serving.check_proxy(proxy)


def test_a_replica_never_starts_a_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "room.db"
    assert main(["serve", "--db", str(db), "--replica", "--new-session"]) == 1
    assert "--replica serves the running session" in capsys.readouterr().err
    assert not db.exists()


def test_a_password_from_a_secret_file_is_not_copied_into_the_environment(
    tmp_path: Path,
    content: KeynoteContent,
    live_content: LiveContent,
    postgres: PostgresServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Server processes inherit WORKSHOP_DB_FILE; the URL's password stays in that file."""
    secret = tmp_path / "db_url"
    url = postgres.schema_url().replace("postgresql://postgres@", "postgresql://postgres:s3cret@")
    secret.write_text(url, encoding="utf-8")
    monkeypatch.delenv("WORKSHOP_DB", raising=False)
    monkeypatch.setenv("WORKSHOP_DB_FILE", str(secret))
    with Store() as store:  # the cluster trusts loopback, so any password opens it
        live.start_session(store, content, live_content)
        plan = planning.replica_plan(serving.wait_for_session(store, print), "http://r")
        environment = serving.environment(store, content, plan, 10)
    assert "WORKSHOP_DB" not in environment
    assert "s3cret" not in str(environment)
