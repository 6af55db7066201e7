"""The live room's wording: counts in the right plural form of the content's language, and a
set written before a label was added still validates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.paths import DATA
from workshop.content.check import check_content
from workshop.content.live import load_live_content
from workshop.content.live_labels import PLURAL_LABELS
from workshop.errors import ContentError
from workshop.plurals import plural_form


@pytest.mark.parametrize(
    ("lang", "key", "values", "expected"),
    [
        ("en", "answered_count", {"n": 1}, "1 has answered"),
        ("en", "answered_count", {"n": 0}, "0 have answered"),
        ("en", "answered_count", {"n": 6}, "6 have answered"),
        ("es", "answered_count", {"n": 1}, "1 ha respondido"),
        ("es", "answered_count", {"n": 5}, "5 han respondido"),
        ("en", "waiting_batch", {"n": 1, "k": 5}, "1 newer answer waits: the screens show"),
        ("en", "waiting_batch", {"n": 4, "k": 5}, "4 newer answers wait: the screens show"),
        ("es", "waiting_batch", {"n": 1, "k": 5}, "1 respuesta nueva espera:"),
        ("es", "waiting_batch", {"n": 3, "k": 5}, "3 respuestas nuevas esperan:"),
        ("en", "cards_made", {"n": 1}, "1 has made their card"),
        ("es", "cards_made", {"n": 2}, "2 han hecho su tarjeta"),
    ],
)
def test_a_count_reads_right_in_both_languages(
    lang: str, key: str, values: dict[str, int], expected: str
) -> None:
    """Issue 20: the remote said "1 newer answers wait for the next batch of 5"."""
    assert load_live_content(DATA / lang).label(key, **values).startswith(expected)


def test_every_counting_label_has_its_singular_in_both_shipped_sets() -> None:
    for lang in ("en", "es"):
        labels = load_live_content(DATA / lang).labels
        for key in PLURAL_LABELS:
            assert f"{key}_one" in labels and labels[f"{key}_one"] != labels[key], (lang, key)


@pytest.mark.parametrize(
    ("language", "n", "form"),
    [("en", 1, "one"), ("en", 0, "other"), ("fr", 0, "one"), ("ru", 3, "few"), ("xx", 1, "one")],
)
def test_plural_forms_follow_the_languages_rules(language: str, n: int, form: str) -> None:
    assert plural_form(language, n) == form


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(DATA / "en", root)
    return root


def test_a_language_with_more_forms_adds_them_and_each_is_checked(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "session.yaml").write_text(
        (root / "session.yaml").read_text(encoding="utf-8").replace("language: en", "language: ru"),
        encoding="utf-8",
    )
    live = root / "live.yaml"
    text = live.read_text(encoding="utf-8")
    live.write_text(text + '  answered_count_few: "{n} few-form"\n', encoding="utf-8")
    loaded = load_live_content(root)
    assert loaded.language == "ru"
    assert loaded.label("answered_count", n=3) == "3 few-form"
    assert loaded.label("answered_count", n=21) == "21 has answered"  # Russian's "one"
    live.write_text(text + '  answered_count_few: "{count} few-form"\n', encoding="utf-8")
    with pytest.raises(ContentError, match=r"answered_count_few.*unknown fill-in"):
        load_live_content(root)


def test_a_set_without_the_new_labels_still_validates_and_says_which_to_translate(
    tmp_path: Path,
) -> None:
    root = _copy(tmp_path)
    live = root / "live.yaml"
    lines = live.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith(("  cards_made", "  end_workshop"))]
    live.write_text("\n".join(kept) + "\n", encoding="utf-8")
    problems = check_content(root)
    assert {p.severity for p in problems} == {"warning"}
    missing = " ".join(p.message for p in problems)
    for key in ("cards_made", "cards_made_one", "end_workshop"):
        assert f"'labels.{key}' is missing" in missing
    assert load_live_content(root).label("cards_made", n=1) == "1 has made their card"
