"""A session remembers its content: kept when it starts, used by everything that reads it later."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from tests.support.paths import DATA
from workshop.cli import main
from workshop.content.keynote import load_content
from workshop.content.live import load_live_content
from workshop.services import live_session as live
from workshop.services.kept_content import (
    KEPT_FILES,
    ContentMismatchError,
    content_files,
    differences,
    session_content,
)
from workshop.store import Store, content_digest


def trainer_content(folder: Path) -> Path:
    """The default content with one category renamed, as a trainer would."""
    shutil.copytree(DATA / "en", folder)
    balance = folder / "balance.yaml"
    text = balance.read_text(encoding="utf-8")
    assert 'name: "Fun and recreation"' in text
    balance.write_text(text.replace('name: "Fun and recreation"', "name: Play"), encoding="utf-8")
    return folder


def start(db: Path | str, root: Path) -> str:
    with Store(db) as store:
        return live.start_session(store, load_content(root), load_live_content(root)).session.code


def test_a_new_session_keeps_the_text_of_its_content_files(db_url: str, tmp_path: Path) -> None:
    root = trainer_content(tmp_path / "mine")
    code = start(db_url, root)
    with Store(db_url) as store:
        kept = store.kept_content(code)
    assert kept is not None
    assert set(kept.files) == set(KEPT_FILES)
    for name in KEPT_FILES:
        assert kept.files[name] == (root / name).read_text(encoding="utf-8")
    assert kept.digest == content_digest(kept.files)
    assert "name: Play" in kept.files["balance.yaml"]


def test_content_changed_in_memory_keeps_nothing(tmp_path: Path) -> None:
    content = load_content(DATA / "en")
    assert set(content_files(content)) == set(KEPT_FILES)
    edited = replace(content, settings=replace(content.settings, title="Another title"))
    assert content_files(edited) == {}
    with Store(tmp_path / "w.db") as store:
        code = live.start_session(store, edited, load_live_content(DATA / "en")).session.code
        assert store.kept_content(code) is None


def test_reports_use_the_kept_content_without_being_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = trainer_content(tmp_path / "mine")
    db = tmp_path / "w.db"
    argv = ["demo", "--db", str(db), "--content", str(root), "--attendees", "12"]
    assert main(argv) == 0
    shutil.rmtree(root)  # the trainer's folder is gone by the time of the report
    capsys.readouterr()
    assert main(["export", "--db", str(db), "--out", str(tmp_path / "r")]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    table = pd.read_csv(tmp_path / "r" / "attendees.csv")
    assert "Play" in table.columns and "Fun and recreation" not in table.columns
    assert table["Play"].notna().all()
    assert str(table["Play"].dtype) == "int64"  # whole scores, not floats
    summary = pd.read_csv(tmp_path / "r" / "summary.csv")
    assert "Play" in summary["category"].tolist()
    # A demo on the running session adds with the same content, without being told.
    assert main(["demo", "--db", str(db), "--attendees", "2"]) == 0
    assert "started session" not in capsys.readouterr().out


def test_a_different_content_is_refused_with_the_differences_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = trainer_content(tmp_path / "mine")
    db = tmp_path / "w.db"
    code = start(db, root)
    out = tmp_path / "r.xlsx"
    argv = ["export", "--db", str(db), "--out", str(out), "--content", str(DATA / "en")]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(
        f"workshop export: --content {DATA / 'en'} is not the content session {code} ran with: "
    )
    assert re.search(
        r"balance\.yaml: categories\[\d+\]\.name 'Play' in the session, "
        r"'Fun and recreation' in --content",
        err,
    )
    assert err.endswith("Leave out --content to use the session's own.\n")
    assert not out.exists()


def test_serve_refusing_a_different_content_names_new_session(tmp_path: Path) -> None:
    """Issue 20: the refusal never said how to start afresh with the other content. Only the
    commands that can start a session say so (export and report cannot)."""
    root = trainer_content(tmp_path / "mine")
    db = tmp_path / "w.db"
    start(db, root)
    with Store(db) as store:
        code = live.current_session(store)
        assert code is not None
        with (
            pytest.raises(ContentMismatchError) as refused,
            session_content(store, code.code, DATA / "en", can_start_anew=True),
        ):
            pass
    message = str(refused.value)
    assert message.endswith(
        f"Leave out --content to use the session's own. To start a new session with "
        f"{DATA / 'en'} instead, add --new-session."
    )


def test_the_same_content_in_other_words_is_no_difference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = trainer_content(tmp_path / "mine")
    db = tmp_path / "w.db"
    start(db, root)
    balance = root / "balance.yaml"
    balance.write_text("# a comment of my own\n" + balance.read_text(encoding="utf-8"))
    argv = ["export", "--db", str(db), "--out", str(tmp_path / "r.zip"), "--content", str(root)]
    assert main(argv) == 0
    assert capsys.readouterr().err == ""


def test_a_session_from_before_falls_back_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.db"
    code = start(db, DATA / "en")
    with Store(db) as store, store.transaction() as conn:
        conn.exec_driver_sql("DELETE FROM live_session_content")  # as a session from before
    assert main(["export", "--db", str(db), "--out", str(tmp_path / "r.xlsx")]) == 0
    err = capsys.readouterr().err
    assert err.startswith(
        f"warning: session {code} was started before sessions kept their content; using "
    )
    assert err.endswith("If it ran with other content, pass that folder with --content.\n")


@pytest.mark.parametrize(
    ("kept", "other", "expected"),
    [
        ({"a.yaml": "x: 1\n"}, {"a.yaml": "x: 1  # same\n"}, []),
        (
            {"a.yaml": "x: 1\n"},
            {"a.yaml": "x: 2\n"},
            ["a.yaml: x 1 in the session, 2 in --content"],
        ),
        (
            {"a.yaml": "x: {y: [1, 2]}\n"},
            {"a.yaml": "x: {y: [1, 3, 4]}\n"},
            [
                "a.yaml: x.y[2] 2 in the session, 3 in --content",
                "a.yaml: x.y has 2 items in the session, 3 in --content",
            ],
        ),
        ({"a.yaml": "x: 1\ny: 2\n"}, {"a.yaml": "x: 1\n"}, ["a.yaml: y is missing from --content"]),
        ({"a.yaml": "x: 1\n"}, {"a.yaml": "x: 1\nz: 3\n"}, ["a.yaml: z is only in --content"]),
        ({"a.yaml": "x: 1\n"}, {}, ["a.yaml is missing from --content"]),
        ({}, {"b.yaml": "x: 1\n"}, ["b.yaml is in --content but the session ran without it"]),
    ],
)
def test_differences(kept: dict[str, str], other: dict[str, str], expected: list[str]) -> None:
    assert differences(kept, other) == expected


def test_kept_content_that_no_longer_loads_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    code = start(db, DATA / "en")
    with Store(db) as store, store.transaction() as conn:
        conn.exec_driver_sql(
            'UPDATE live_session_content SET files = \'{"session.yaml": "title: ["}\''
        )
    with (
        Store(db) as store,
        pytest.raises(ContentMismatchError, match=f"the content session {code} kept no"),
        session_content(store, code, None),
    ):
        pass


def test_a_demo_session_keeps_its_coaching_files_for_the_reps_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 16: /rep showed a traceback on every session `demo` started or `serve` resumed,
    because the kept content had no coaching.yaml or competencies.yaml."""
    from workshop.content.coaching_files import load_coaching_content

    db = tmp_path / "w.db"
    assert main(["demo", "--db", str(db), "--attendees", "3"]) == 0
    capsys.readouterr()
    with Store(db) as store:
        code = live.current_session(store)
        assert code is not None
        kept = store.kept_content(code.code)
        assert kept is not None
        assert {"coaching.yaml", "competencies.yaml"} <= set(kept.files)
        with session_content(store, code.code, None) as chosen:
            coaching = load_coaching_content(chosen.content.source)
    assert len(coaching.competencies) == 21


def test_a_session_kept_before_coaching_files_were_takes_them_from_the_content(
    tmp_path: Path,
) -> None:
    from sqlalchemy import text

    from workshop.content.coaching_files import load_coaching_content

    db = tmp_path / "w.db"
    code = start(db, DATA / "en")
    with Store(db) as store:
        kept = store.kept_content(code)
        assert kept is not None
        older = {
            n: b for n, b in kept.files.items() if n not in ("coaching.yaml", "competencies.yaml")
        }
        with store.transaction() as conn:
            conn.execute(
                text("UPDATE live_session_content SET files = :f WHERE session_code = :c"),
                {"f": json.dumps(older), "c": code},
            )
        # Resumed with or without --content: no difference named, and the reps' page loads.
        for requested in (None, DATA / "en"):
            with session_content(store, code, requested) as chosen:
                assert load_coaching_content(chosen.content.source).competencies
