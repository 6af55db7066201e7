"""Coaching rules, by table: scores and evaluations, competencies, opening a call, the gap,
rep names and self-checks. The one-fix rule is in test_fixes.py, a call's order in
test_call.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.support.paths import ROOT
from workshop.coaching import rules as coaching
from workshop.coaching.call import CoachingCall, open_call
from workshop.coaching.model import (
    CallDateError,
    CoachingError,
    ScoreError,
    UnknownCompetencyError,
    diagnose,
)
from workshop.content.coaching import CoachingContent
from workshop.content.coaching_files import load_coaching_content
from workshop.errors import TextTooLongError, WorkshopError

TODAY = date(2026, 3, 18)
T0 = datetime(2026, 3, 18, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def content() -> CoachingContent:
    return load_coaching_content(ROOT / "data" / "en")


def call(content: CoachingContent, **overrides: Any) -> CoachingCall:
    fields: dict[str, Any] = {
        "rep_id": "rep-1",
        "on": TODAY,
        "minutes": 12,
        "medium": "call",
        "situation": "The buyer asked for the price in minute two.",
        "competency": "Comfortable discussing money",
        "content": content,
        "today": TODAY,
        "at": T0,
    }
    fields.update(overrides)
    return open_call(**fields)


# -- the gap ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("knows", "can", "gap"),
    [
        (False, False, "both"),
        (False, True, "knowledge"),
        (True, False, "skill"),
        (True, True, "none"),
    ],
)
def test_gap_diagnosis(knows: bool, can: bool, gap: str, content: CoachingContent) -> None:
    assert diagnose(knows, can) == gap
    answered = call(content).with_rep_answer("I rushed it.", T0, 2000)
    assert answered.with_knows(knows).with_can(can).gap == gap
    assert answered.with_knows(knows).gap is None  # not until both are answered
    assert content.gaps[diagnose(knows, can)]


# -- evaluations and scores ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, 1),
        (10, 10),
        ("7", 7),
        (" 4 ", 4),
        (6.0, 6),
        (0, ScoreError),
        (11, ScoreError),
        (-3, ScoreError),
        (5.5, ScoreError),
        ("", ScoreError),
        ("seven", ScoreError),
        (True, ScoreError),
        (None, ScoreError),
    ],
)
def test_score_on_the_scale(
    value: object, expected: int | type[Exception], content: CoachingContent
) -> None:
    if isinstance(expected, int):
        assert coaching.check_score(value, content.scale, "'Closing'") == expected
    else:
        with pytest.raises(expected, match="expected a whole number from 1 to 10"):
            coaching.check_score(value, content.scale, "'Closing'")


def full_scores(content: CoachingContent, score: int = 5) -> dict[str, object]:
    return {c.id: score for c in content.competencies}


def test_evaluation_scores_every_competency(content: CoachingContent) -> None:
    evaluation = coaching.check_evaluation("rep-1", TODAY, full_scores(content), content, TODAY)
    assert list(evaluation.scores) == [c.id for c in content.competencies]
    scores = full_scores(content)
    del scores["closing"]
    with pytest.raises(ScoreError, match="1 have no score: 'Closing'"):
        coaching.check_evaluation("rep-1", TODAY, scores, content, TODAY)


def test_evaluation_accepts_names_and_refuses_a_score_off_the_scale(
    content: CoachingContent,
) -> None:
    scores = {c.name.upper(): 4 for c in content.competencies}
    assert coaching.check_evaluation("r", TODAY, scores, content, TODAY).scores["closing"] == 4
    scores["CLOSING"] = 12
    with pytest.raises(ScoreError, match="'Closing' expected a whole number from 1 to 10, not 12"):
        coaching.check_evaluation("r", TODAY, scores, content, TODAY)


def test_evaluation_in_the_future_is_refused(content: CoachingContent) -> None:
    with pytest.raises(CallDateError, match="in the future"):
        coaching.check_evaluation(
            "r", TODAY + timedelta(days=1), full_scores(content), content, TODAY
        )


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Closing", "closing"),
        ("closing", "closing"),
        ("  CLOSING ", "closing"),
        ("Selling  value, not price", "value_selling"),
        ("value_selling", "value_selling"),
    ],
)
def test_find_competency(typed: str, found: str, content: CoachingContent) -> None:
    assert coaching.find_competency(typed, content).id == found


def test_unknown_competency_names_it_and_the_nearest(content: CoachingContent) -> None:
    with pytest.raises(UnknownCompetencyError) as raised:
        coaching.find_competency("Closng", content)
    message = str(raised.value)
    assert "unknown competency 'Closng'" in message
    assert "'Closing'" in message
    assert isinstance(raised.value, LookupError)
    assert isinstance(raised.value, ValueError)
    assert isinstance(raised.value, WorkshopError)


# -- the coaching call --------------------------------------------------------------------------


def test_a_call_opens_on_its_situation_verbatim(content: CoachingContent) -> None:
    opened = call(content, situation=" <script>x</script>\n", competency="money_talk")
    assert opened.situation == " <script>x</script>\n"
    assert opened.competency == "money_talk"
    assert opened.stage == "opened" and opened.opened_at == T0
    assert not opened.answered and opened.gap is None and opened.fix == ""


@pytest.mark.parametrize(
    ("overrides", "error", "words"),
    [
        ({"on": TODAY + timedelta(days=1)}, CallDateError, "in the future"),
        ({"on": "2026-03-01"}, CallDateError, "expected a date"),
        ({"on": None}, CallDateError, "expected a date"),
        ({"competency": "Clossing"}, UnknownCompetencyError, "'Closing'"),
        ({"competency": None}, CoachingError, "chosen by the manager; got None"),
        ({"competency": "  "}, CoachingError, "chosen by the manager"),
        ({"situation": "  "}, CoachingError, "the situation is empty"),
        ({"situation": None}, CoachingError, "expected text, not NoneType"),
        ({"medium": "fax"}, CoachingError, "expected one of conversation, call, email"),
        ({"minutes": 0}, CoachingError, "expected 1 to 240"),
        ({"minutes": "12"}, CoachingError, "expected a whole number"),
        ({"situation": "x" * 2001}, TextTooLongError, "limit is 2000"),
    ],
)
def test_call_refusals(
    overrides: dict[str, Any], error: type[Exception], words: str, content: CoachingContent
) -> None:
    with pytest.raises(error, match=words):
        call(content, **overrides)


def test_no_competency_is_refused_with_its_reason(content: CoachingContent) -> None:
    with pytest.raises(CoachingError) as raised:
        call(content, competency=None)
    assert raised.value.reason == "no_competency"
    assert content.label("refused_no_competency")


def test_a_long_call_is_still_a_call(content: CoachingContent) -> None:
    logged = call(content, minutes=25)
    assert not content.call_length.contains(logged.minutes)


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("Dana", True),
        ("  Dana Lee  ", True),
        ("", False),
        ("   ", False),
        ("x" * 81, False),
        ("👩🏽‍💻" * 80, True),  # 80 characters as a person counts them
        ("Dana\x00", False),
        ("Dana\tLee", False),
        ("Dana\u2028Lee", False),
        ("\u202eanaD", False),
    ],
)
def test_rep_name(name: str, ok: bool) -> None:
    if ok:
        assert coaching.check_rep_name(name) == name.strip()
    else:
        with pytest.raises(CoachingError):
            coaching.check_rep_name(name)


@pytest.mark.parametrize(
    ("name", "reason", "values"),
    [
        ("x" * 81, "rep_name_too_long", {"max": 80}),
        ("Dana\x00Lee", "control_character", {"name": "U+0000"}),
    ],
)
def test_a_refused_rep_name_says_why_in_the_contents_words(
    name: str, reason: str, values: dict[str, object], content: CoachingContent
) -> None:
    with pytest.raises(CoachingError) as caught:
        coaching.check_rep_name(name)
    assert (caught.value.reason, caught.value.values) == (reason, values)
    # The coaching views word each refusal by its reason: the label must exist and fill in.
    assert content.labels[f"refused_{reason}"].format(**values)


def test_self_check_is_the_rep_alone() -> None:
    check = coaching.check_self_check("rep-1", TODAY, "Nothing.", T0, TODAY, 2000)
    assert check.answer == "Nothing."
    with pytest.raises(CoachingError, match="empty"):
        coaching.check_self_check("rep-1", TODAY, " ", T0, TODAY, 2000)
    with pytest.raises(CallDateError):
        coaching.check_self_check("rep-1", TODAY + timedelta(days=1), "x", T0, TODAY, 2000)
