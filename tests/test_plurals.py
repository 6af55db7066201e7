"""One plural rule for every count in words: the live room's labels and the coaching labels ask
`workshop.plurals`, so "1 has answered" and "1 fix" follow the same CLDR rules."""

from __future__ import annotations

import pytest

from workshop.content import coaching, live_labels
from workshop.plurals import is_language, plural_form, plural_forms


def test_both_kinds_of_label_use_the_one_rule() -> None:
    assert coaching.plural_form is plural_form
    assert live_labels.plural_form is plural_form


@pytest.mark.parametrize(
    ("language", "n", "form"),
    [
        ("en", 1, "one"),
        ("en", 2, "other"),
        ("es", 1, "one"),
        ("es", 1_000_000, "many"),
        ("pt_BR", 0, "one"),
        ("pt-BR", 0, "one"),
        ("ru", 22, "few"),
        ("ru", 25, "many"),
        ("ja", 1, "other"),
    ],
)
def test_a_count_takes_its_languages_form(language: str, n: int, form: str) -> None:
    assert plural_form(language, n) == form


@pytest.mark.parametrize("n", [True, None, "1", 1j])
def test_anything_but_a_number_takes_other(n: object) -> None:
    assert plural_form("en", n) == "other"


def test_an_unknown_language_counts_as_english() -> None:
    assert not is_language("xx") and not is_language("")
    assert is_language("es") and is_language("pt-BR")
    assert plural_form("xx", 1) == "one" and plural_forms("xx") == ("one", "other")


def test_a_languages_forms_are_in_cldr_order_other_last() -> None:
    assert plural_forms("ru") == ("one", "few", "many", "other")
    assert plural_forms("ja") == ("other",)
