"""Coaching rules, by table: one call one fix, the do-over order, the gap, and every refusal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.support.paths import ROOT
from workshop.coaching import rules as coaching
from workshop.coaching.model import (
    CallDateError,
    CoachingError,
    DoOver,
    DoOverOrderError,
    OneFixError,
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


def call(content: CoachingContent, **overrides: Any) -> coaching.CoachingCall:
    fields: dict[str, Any] = {
        "rep_id": "rep-1",
        "on": TODAY,
        "minutes": 12,
        "medium": "call",
        "situation": "The buyer asked for the price in minute two.",
        "knows": True,
        "can": False,
        "adjustments": ["tonality"],
        "competency": "Comfortable discussing money",
        "fixes": ["Say the range, then stop talking."],
        "content": content,
        "today": TODAY,
    }
    fields.update(overrides)
    return coaching.check_call(**fields)


# -- one call, one fix ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixes", "expected"),
    [
        (["Pause after the price."], "Pause after the price."),
        (["  Pause after the price.  "], "  Pause after the price.  "),  # kept verbatim
        (["", "Pause after the price.", "   "], "Pause after the price."),  # blanks are no fix
        ([], OneFixError),
        ([""], OneFixError),
        (["   ", "\t"], OneFixError),
        (["Pause after the price.", "Ask for the budget."], OneFixError),
        (["a", "b", "c"], OneFixError),
    ],
)
def test_one_fix_rule(fixes: list[str], expected: str | type[Exception]) -> None:
    if isinstance(expected, str):
        assert coaching.check_fixes(fixes) == expected
    else:
        with pytest.raises(expected):
            coaching.check_fixes(fixes)


@pytest.mark.parametrize(
    ("typed", "count"),
    [
        ("One fix", 1),
        ("One fix\n", 1),
        ("One fix\n\n  \n", 1),
        ("First fix\nSecond fix", 2),
        ("", 0),
    ],
)
def test_each_typed_line_is_one_fix(typed: str, count: int) -> None:
    assert len(coaching.fix_lines(typed)) == count


def test_a_second_fix_is_refused_with_both_named(content: CoachingContent) -> None:
    with pytest.raises(OneFixError, match="one call, one fix: 2 fixes") as raised:
        call(content, fixes=["Pause after the price.", "Ask for the budget."])
    assert "'Pause after the price.'" in str(raised.value)
    assert "'Ask for the budget.'" in str(raised.value)


def test_a_call_with_no_fix_is_refused(content: CoachingContent) -> None:
    with pytest.raises(OneFixError, match="needs its one fix"):
        call(content, fixes=[])


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
    assert call(content, knows=knows, can=can).gap == gap
    assert content.gaps[diagnose(knows, can)]


# -- the after-call do-over order ---------------------------------------------------------------

Step = Callable[[DoOver], DoOver]
LIMIT = 2000


def rep_answers(text: str = "I rushed the price.", minutes: int = 0) -> Step:
    return lambda d: d.with_self_critique(text, T0 + timedelta(minutes=minutes), LIMIT)


def manager_adds(text: str = "Say it, then stop.", minutes: int = 5) -> Step:
    return lambda d: d.with_insight(text, T0 + timedelta(minutes=minutes), LIMIT)


@pytest.mark.parametrize(
    ("steps", "refused_at"),
    [
        ([rep_answers()], None),
        ([rep_answers(), manager_adds()], None),
        ([rep_answers(), rep_answers("Revised.", 1), manager_adds()], None),
        ([rep_answers(), manager_adds(), manager_adds("Revised insight.", 6)], None),
        ([manager_adds()], 0),  # the manager cannot go first
        ([rep_answers(""), manager_adds()], 0),  # an empty answer is no answer
        ([rep_answers("   ")], 0),
        ([rep_answers(), manager_adds(""), manager_adds()], 1),
        ([rep_answers(), manager_adds(), rep_answers("Changed my mind.", 7)], 2),
        ([rep_answers(minutes=10), manager_adds(minutes=5)], 1),  # insight timed before it
    ],
)
def test_order_rule(steps: list[Step], refused_at: int | None) -> None:
    do_over = DoOver("call-1")
    for index, step in enumerate(steps):
        if index == refused_at:
            with pytest.raises(CoachingError):
                step(do_over)
            return
        do_over = step(do_over)
    assert refused_at is None
    assert do_over.answered
    assert do_over.self_critique_at is not None
    if do_over.has_insight:
        assert do_over.insight_at is not None
        assert do_over.insight_at >= do_over.self_critique_at


def test_insight_before_self_critique_names_the_order() -> None:
    with pytest.raises(DoOverOrderError, match="after the rep's self-critique"):
        DoOver("call-1").with_insight("Good call.", T0, LIMIT)


def test_do_over_keeps_text_and_times_verbatim() -> None:
    text = "  Ich würde <b>zuerst</b> fragen 🙂\n"
    do_over = DoOver("c").with_self_critique(text, T0, LIMIT)
    do_over = do_over.with_insight("=1+1", T0 + timedelta(minutes=3), LIMIT)
    assert do_over.self_critique == text
    assert do_over.insight == "=1+1"
    assert do_over.self_critique_at == T0
    assert do_over.insight_at == T0 + timedelta(minutes=3)


def test_overlong_self_critique_is_refused_not_cut() -> None:
    with pytest.raises(TextTooLongError, match="limit is 10"):
        DoOver("c").with_self_critique("x" * 11, T0, 10)


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


def test_a_good_call_keeps_text_verbatim(content: CoachingContent) -> None:
    logged = call(content, situation=" <script>x</script>\n", adjustments=["delivery", "words"])
    assert logged.situation == " <script>x</script>\n"
    assert logged.competency == "money_talk"
    assert logged.adjustments == ("words", "delivery")  # in the content's order
    assert logged.gap == "skill"


@pytest.mark.parametrize(
    ("overrides", "error", "words"),
    [
        ({"on": TODAY + timedelta(days=1)}, CallDateError, "in the future"),
        ({"on": "2026-03-01"}, CallDateError, "expected a date"),
        ({"on": None}, CallDateError, "expected a date"),
        ({"competency": "Clossing"}, UnknownCompetencyError, "'Closing'"),
        ({"situation": "  "}, CoachingError, "the situation is empty"),
        ({"adjustments": []}, CoachingError, "none was chosen"),
        ({"adjustments": ["posture"]}, CoachingError, "unknown adjustment 'posture'"),
        ({"medium": "fax"}, CoachingError, "expected one of conversation, call, email"),
        ({"minutes": 0}, CoachingError, "expected 1 to 240"),
        ({"minutes": "12"}, CoachingError, "expected a whole number"),
        ({"knows": None}, CoachingError, "expected yes or no"),
        ({"fixes": []}, OneFixError, "none was given"),
        ({"fixes": ["a", "b"]}, OneFixError, "one call, one fix"),
        ({"situation": "x" * 2001}, TextTooLongError, "limit is 2000"),
    ],
)
def test_call_refusals(
    overrides: dict[str, Any], error: type[Exception], words: str, content: CoachingContent
) -> None:
    with pytest.raises(error, match=words):
        call(content, **overrides)


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
    check = coaching.check_self_check("rep-1", TODAY, "Nothing.", T0, TODAY, LIMIT)
    assert check.answer == "Nothing."
    with pytest.raises(CoachingError, match="empty"):
        coaching.check_self_check("rep-1", TODAY, " ", T0, TODAY, LIMIT)
    with pytest.raises(CallDateError):
        coaching.check_self_check("rep-1", TODAY + timedelta(days=1), "x", T0, TODAY, LIMIT)
