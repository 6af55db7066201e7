"""The live session's pure rules: session codes, expiry, pacing, steps to open, completion."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.paths import ROOT
from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent, Segment, Step, load_live_content
from workshop.keynote.answers import Answers, Pick
from workshop.keynote.completion import completed_steps
from workshop.live import session as rules
from workshop.live.session import LiveSession, SessionError

T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def live() -> LiveContent:
    return load_live_content(ROOT / "data" / "en")


def running(segment: int = -1, started: datetime | None = None, hours: int = 12) -> LiveSession:
    return LiveSession(
        code="K7QM3X",
        title="Do Over",
        created_at=T0,
        expires_at=T0 + timedelta(hours=hours),
        segment=segment,
        segment_started_at=started,
        revealed=True,
        open_steps=frozenset(),
    )


# -- session codes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("K7QM3X", "K7QM3X"),
        ("k7qm3x", "K7QM3X"),
        ("  k7q m3x  ", "K7QM3X"),
        ("K7Q-M3X", "K7QM3X"),
        ("k7q_m3x", "K7QM3X"),
        ("\tK7QM3X", "K7QM3X"),
        ("K7QM3X\n", "K7QM3X"),  # pasted from a chat message, with its line end
        ("K7Q\u00a0M3X", "K7QM3X"),  # a no-break space from a slide
        ("K7Q\u2013M3X", "K7QM3X"),  # a phone's en dash
        ("\uff2b\uff17\uff31\uff2d\uff13\uff38", "K7QM3X"),  # full-width, from some keyboards
    ],
)
def test_session_code_is_normalised(typed: str, canonical: str) -> None:
    assert rules.normalise_session_code(typed) == canonical


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "K7QM3",  # too short
        "K7QM3XP",  # too long
        "K7QM0X",  # 0 is not in the alphabet (it reads as O)
        "K7QM1X",  # nor is 1
        "KOQM3X",  # nor O
        "K7QM3X!",
        "K7QM3Ä",
    ],
)
def test_malformed_session_code_is_refused_as_wrong(typed: str) -> None:
    with pytest.raises(SessionError) as caught:
        rules.normalise_session_code(typed)
    assert caught.value.reason == "wrong"
    assert isinstance(caught.value, LookupError)
    assert "6 letters and digits" in str(caught.value)


def test_new_session_code_is_canonical() -> None:
    for _ in range(50):
        code = rules.new_session_code()
        assert rules.normalise_session_code(code) == code


# -- joinable -----------------------------------------------------------------------------


def test_check_joinable_refuses_an_unknown_session_as_wrong() -> None:
    with pytest.raises(SessionError) as caught:
        rules.check_joinable(None, "K7QM3X", T0)
    assert caught.value.reason == "wrong"
    assert "K7QM3X" in str(caught.value)


@pytest.mark.parametrize(
    ("after", "joinable"),
    [
        (timedelta(0), True),
        (timedelta(hours=11, minutes=59, seconds=59), True),
        (timedelta(hours=12), False),  # the expiry moment itself is too late
        (timedelta(days=3), False),
    ],
)
def test_check_joinable_refuses_an_expired_session(after: timedelta, joinable: bool) -> None:
    session = running(hours=12)
    if joinable:
        assert rules.check_joinable(session, session.code, T0 + after) is session
        return
    with pytest.raises(SessionError) as caught:
        rules.check_joinable(session, session.code, T0 + after)
    assert caught.value.reason == "expired"
    assert "21:00" in str(caught.value)


def test_expiry_follows_the_content(live: LiveContent) -> None:
    assert rules.expiry(T0, live) == T0 + timedelta(hours=live.session_hours)


# -- pacing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("segment", "started"),
    [(-1, None), (-1, T0), (1, None), (99, T0)],
    ids=["not-started", "no-segment", "no-start-time", "past-the-agenda"],
)
def test_no_countdown_before_a_segment_starts(
    live: LiveContent, segment: int, started: datetime | None
) -> None:
    assert rules.countdown(running(segment, started), live, T0) is None


@pytest.mark.parametrize(
    ("elapsed_s", "seconds_left", "clock", "overtime"),
    [
        (0, 420, "07:00", False),  # segment 1 is "The do-over question", 7 minutes
        (90, 330, "05:30", False),
        (419, 1, "00:01", False),
        (420, 0, "00:00", False),
        (425, -5, "-00:05", True),
        (420 + 61, -61, "-01:01", True),
        (420 + 3600, -3600, "-60:00", True),
    ],
)
def test_countdown_runs_then_goes_overtime(
    live: LiveContent, elapsed_s: int, seconds_left: int, clock: str, overtime: bool
) -> None:
    left = rules.countdown(running(1, T0), live, T0 + timedelta(seconds=elapsed_s))
    assert left is not None
    assert left.segment == live.agenda[1]
    assert (left.seconds_left, left.clock, left.overtime) == (seconds_left, clock, overtime)


@pytest.mark.parametrize(
    ("elapsed_s", "seconds_left", "time_up"),
    [(0, 300, False), (299, 1, False), (300, 0, True), (300 + 241, 0, True), (9000, 0, True)],
)
def test_the_last_segments_clock_stops_at_zero_never_negative(
    live: LiveContent, elapsed_s: int, seconds_left: int, time_up: bool
) -> None:
    """Issue 20: past the last segment the remote read "-04:01 over time"."""
    last = len(live.agenda) - 1
    left = rules.countdown(running(last, T0), live, T0 + timedelta(seconds=elapsed_s))
    assert left is not None
    assert (left.seconds_left, left.time_up, left.overtime) == (seconds_left, time_up, False)


def test_no_countdown_once_the_workshop_has_ended(live: LiveContent) -> None:
    ended = replace(running(2, T0), ended_at=T0, locks_at=T0)
    assert rules.countdown(ended, live, T0 + timedelta(minutes=1)) is None


# -- the end of the workshop -------------------------------------------------------------------


@pytest.mark.parametrize("grace", [0, 5, 60])
def test_answers_lock_once_the_grace_after_the_end_has_passed(grace: int) -> None:
    ended_at, locks_at = rules.end_times(T0, grace)
    assert (ended_at, locks_at) == (T0, T0 + timedelta(minutes=grace))
    session = replace(running(5, T0), ended_at=ended_at, locks_at=locks_at)
    assert session.ended
    # Open at the end itself only when the facilitator gave extra minutes; locked from then on.
    assert session.answers_open(ended_at) is (grace > 0)
    if grace:
        rules.check_answers_open(session, locks_at - timedelta(seconds=1))
    assert not session.answers_open(locks_at)
    with pytest.raises(rules.AnswersLockedError) as refused:
        rules.check_answers_open(session, locks_at)
    assert refused.value.reason == "answers_locked"
    assert isinstance(refused.value, PermissionError)


def test_a_running_session_and_no_session_never_lock() -> None:
    far = T0 + timedelta(days=30)
    assert running(5, T0).answers_open(far) and not running(5, T0).ended
    rules.check_answers_open(running(5, T0), far)
    rules.check_answers_open(None, far)


@pytest.mark.parametrize("grace", [-1, 61, 10_000])
def test_a_grace_out_of_range_is_refused_in_words(grace: int) -> None:
    with pytest.raises(SessionError, match=f"expected 0 to 60, got {grace}"):
        rules.end_times(T0, grace)


@pytest.mark.parametrize(
    ("index", "opened"),
    [
        (0, ()),  # the welcome story opens nothing
        (1, ("do_over",)),
        (2, ("do_over", "balance")),
        (3, ("do_over", "balance", "impact")),
        (5, ("do_over", "balance", "impact", "menu", "card")),
    ],
)
def test_steps_to_open_with_the_default_agenda(
    live: LiveContent, index: int, opened: tuple[str, ...]
) -> None:
    assert rules.steps_to_open(live, index) == opened


@pytest.mark.parametrize(
    ("index", "opened"),
    [
        (0, ("balance",)),
        (1, ("balance",)),  # a segment without a step adds nothing
        (2, ("balance", "do_over")),  # agenda order, not the steps' natural order
        (3, ("balance", "do_over")),  # a step revisited is listed once
        (4, ("balance", "do_over", "card")),
    ],
)
def test_steps_to_open_with_a_reordered_agenda(
    live: LiveContent, index: int, opened: tuple[str, ...]
) -> None:
    agenda = (
        Segment("Balance first", 10, "balance"),
        Segment("Break", 15, None),
        Segment("Do over", 5, "do_over"),
        Segment("Balance again", 5, "balance"),
        Segment("Card", 5, "card"),
    )
    custom = LiveContent(
        (Step("balance", "B"), Step("do_over", "D"), Step("card", "C")),
        agenda,
        live.session_hours,
        live.labels,
        live.demo,
    )
    assert rules.steps_to_open(custom, index) == opened


# -- completion ---------------------------------------------------------------------------

DO_OVER_DONE = {
    ("do_over", "professional.answer"): "Ask for feedback sooner",
    ("do_over", "professional.first_step"): "Book a slot with my manager",
    ("do_over", "personal.answer"): "Nothing",
}
IMPACT_DONE = {
    ("impact", "whom"): "My team",
    ("impact", "channel"): "coaching",
    ("impact", "action"): "Coach one rep a day",
    ("impact", "better_place"): "By helping people believe in themselves",
}
INGREDIENT = ("menu", "ingredient")
MENU_PICKS: dict[tuple[str, str], tuple[Pick, ...]] = {
    INGREDIENT: (Pick("Gratitude", "Write three things each night"),)
}
MANTRA = {("menu", "mantra"): "Think positive, take action!"}


def changed(
    base: dict[tuple[str, str], str], changes: dict[str, str | None]
) -> dict[tuple[str, str], str]:
    """The do-over answers `base` with fields (like ``"personal.answer"``) replaced or removed."""
    texts = dict(base)
    for name, value in changes.items():
        if value is None:
            texts.pop(("do_over", name), None)
        else:
            texts[("do_over", name)] = value
    return texts


@pytest.mark.parametrize(
    ("texts", "done"),
    [
        (DO_OVER_DONE, True),
        (changed(DO_OVER_DONE, {"personal.answer": "nothing."}), True),
        (changed(DO_OVER_DONE, {"personal.answer": "  NOTHING  "}), True),
        (changed(DO_OVER_DONE, {"personal.answer": "Move abroad"}), False),
        (
            changed(
                DO_OVER_DONE,
                {"personal.answer": "Move abroad", "personal.first_step": "Call the agency"},
            ),
            True,
        ),
        (changed(DO_OVER_DONE, {"professional.first_step": "   "}), False),
        (changed(DO_OVER_DONE, {"professional.first_step": None}), False),
        (changed(DO_OVER_DONE, {"personal.answer": None}), False),
        (changed(DO_OVER_DONE, {"personal.answer": "   "}), False),
        # The optional context: unanswered is fine, answered needs its first step too.
        (changed(DO_OVER_DONE, {"recent_call.answer": "Listen more"}), False),
        (
            changed(
                DO_OVER_DONE,
                {
                    "recent_call.answer": "Listen more",
                    "recent_call.first_step": "Count to three before answering",
                },
            ),
            True,
        ),
        (changed(DO_OVER_DONE, {"recent_call.answer": "Nothing"}), True),
        ({}, False),
    ],
    ids=[
        "answer-with-step-and-nothing",
        "nothing-with-punctuation",
        "nothing-shouted-with-spaces",
        "answer-without-first-step",
        "every-answer-with-step",
        "blank-first-step",
        "missing-first-step",
        "required-context-missing",
        "required-context-blank",
        "optional-answered-without-step",
        "optional-answered-with-step",
        "optional-nothing",
        "nothing-saved",
    ],
)
def test_do_over_completion(
    content: KeynoteContent, texts: dict[tuple[str, str], str], done: bool
) -> None:
    assert ("do_over" in completed_steps(Answers(texts=texts), content)) is done


@pytest.mark.parametrize("missing", [None, "career", "fun", "health"])
def test_balance_needs_every_category(content: KeynoteContent, missing: str | None) -> None:
    ratings = {c.id: 5 for c in content.balance.categories if c.id != missing}
    done = completed_steps(Answers(ratings=ratings), content)
    assert ("balance" in done) is (missing is None)


@pytest.mark.parametrize(
    ("field", "value", "done"),
    [
        (None, None, True),
        ("whom", None, False),
        ("channel", None, False),
        ("action", None, False),
        ("better_place", None, False),
        ("whom", "  ", False),
        ("better_place", "\n\t", False),
    ],
)
def test_impact_needs_all_four_fields(
    content: KeynoteContent, field: str | None, value: str | None, done: bool
) -> None:
    texts = dict(IMPACT_DONE)
    if field is not None:
        if value is None:
            del texts[("impact", field)]
        else:
            texts[("impact", field)] = value
    assert ("impact" in completed_steps(Answers(texts=texts), content)) is done


@pytest.mark.parametrize(
    ("picks", "texts", "done"),
    [
        (MENU_PICKS, MANTRA, True),
        (MENU_PICKS, {}, False),
        (MENU_PICKS, {("menu", "mantra"): "   "}, False),
        ({}, MANTRA, False),
        ({INGREDIENT: ()}, MANTRA, False),
        # A balance finder is not a menu ingredient.
        ({("balance", "finder"): (Pick("Walk daily", "health"),)}, MANTRA, False),
    ],
)
def test_menu_needs_an_ingredient_and_a_mantra(
    content: KeynoteContent,
    picks: dict[tuple[str, str], tuple[Pick, ...]],
    texts: dict[tuple[str, str], str],
    done: bool,
) -> None:
    answers = Answers(texts=texts, picks=picks)
    assert ("menu" in completed_steps(answers, content)) is done


@pytest.mark.parametrize(
    ("texts", "done"),
    [
        ({("card", "made_at"): "2025-03-14T09:41:00.000+00:00"}, True),
        ({}, False),
        ({("card", "made"): "yes"}, False),
        ({("menu", "made_at"): "2025-03-14T09:41:00.000+00:00"}, False),
    ],
)
def test_card_needs_made_at(
    content: KeynoteContent, texts: dict[tuple[str, str], str], done: bool
) -> None:
    assert ("card" in completed_steps(Answers(texts=texts), content)) is done


def test_everything_answered_completes_every_step(content: KeynoteContent) -> None:
    texts = {**DO_OVER_DONE, **IMPACT_DONE, **MANTRA, ("card", "made_at"): "2025-03-14"}
    ratings = {c.id: 4 for c in content.balance.categories}
    answers = Answers(ratings=ratings, texts=texts, picks=MENU_PICKS)
    assert completed_steps(answers, content) == {
        "do_over",
        "balance",
        "impact",
        "menu",
        "card",
    }
