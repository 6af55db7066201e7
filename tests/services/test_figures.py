"""The room as the facilitator sees it: the anonymity threshold, counts held to the domain's
rules, and nothing personal reachable from a room view."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import ipywidgets as widgets
import pytest

from tests.support.content import exact
from tests.support.paths import ROOT
from workshop import codes
from workshop.content.exercises import BalanceContent, BalanceRule, Category
from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent, load_live_content
from workshop.keynote import balance
from workshop.keynote.answers import Answers, Attendee, Pick
from workshop.keynote.completion import completed_steps
from workshop.live.figures import STEPS, snapshot
from workshop.services import live_session as live
from workshop.services.demo import demo_records
from workshop.services.figures import read_room
from workshop.store import AttendeeRecord, Store, now
from workshop.ui.live.dashboard import Dashboard

T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)


@pytest.fixture
def content(content: KeynoteContent) -> KeynoteContent:
    """The default content with randomized response off: these tests count figures exactly
    (`tests/live/test_randomized.py` and the tests below that turn it on count copies)."""
    return exact(content)


@pytest.fixture(scope="module")
def live_content() -> LiveContent:
    return load_live_content(ROOT / "data" / "en")


@pytest.fixture
def code(store: Store, content: KeynoteContent, live_content: LiveContent) -> str:
    return live.start_session(store, content, live_content, now=T0).session.code


def person(
    session_code: str | None,
    ratings: Mapping[str, int],
    finders: tuple[Pick, ...] = (),
    nickname: str | None = None,
) -> AttendeeRecord:
    attendee = Attendee(uuid4().hex, codes.new_code(), nickname, now(), session_code)
    picks = {("balance", "finder"): finders} if finders else {}
    return AttendeeRecord(attendee, Answers(ratings=dict(ratings), picks=picks))


def all_rated(content: KeynoteContent, score: int = 5, **overrides: int) -> dict[str, int]:
    return {c.id: overrides.get(c.id, score) for c in content.balance.categories}


def flagged_by_profile(ratings: list[Mapping[str, int]], content: BalanceContent) -> dict[str, int]:
    """Per category, how many of these people `workshop.keynote.balance.profile` finds out of
    balance."""
    counts: Counter[str] = Counter()
    for scores in ratings:
        result = balance.profile(scores, content)
        counts.update(result.out_of_balance if result else ())
    return dict(counts)


# -- the anonymity threshold ---------------------------------------------------------------


@pytest.mark.parametrize("answered", [0, 1, 4])
def test_below_k_there_is_no_figure_at_all(
    store: Store, content: KeynoteContent, code: str, answered: int
) -> None:
    assert content.settings.anonymity_k == 5
    store.add_attendees([person(code, all_rated(content, 2)) for _ in range(answered)])
    store.add_attendees([person(code, {}) for _ in range(3)])  # joined, nothing rated yet
    snap = read_room(store, code, content)
    assert not snap.visible
    assert (snap.joined, snap.answered, snap.k) == (answered + 3, answered, 5)
    assert snap.distribution.empty
    assert snap.categories == ()
    assert snap.hidden_categories == ()
    assert snap.means == {}
    assert snap.spreads == {}
    assert snap.out_of_balance == ()
    assert snap.top_finders == ()


def test_at_k_the_room_is_visible(store: Store, content: KeynoteContent, code: str) -> None:
    store.add_attendees([person(code, all_rated(content, 4, fun=1)) for _ in range(5)])
    snap = read_room(store, code, content)
    assert snap.visible
    assert snap.categories == tuple(c.id for c in content.balance.categories)
    assert snap.hidden_categories == ()
    assert snap.distribution.sum(axis=1).tolist() == [5] * len(snap.categories)
    assert snap.distribution.loc["fun", 1] == 5
    assert snap.means["fun"] == 1.0
    assert snap.means["career"] == 4.0
    assert snap.out_of_balance == (("fun", 5),)


@pytest.mark.parametrize(
    ("answered", "k", "visible"), [(2, 3, False), (3, 3, True), (9, 10, False)]
)
def test_the_threshold_can_be_set(
    store: Store, content: KeynoteContent, code: str, answered: int, k: int, visible: bool
) -> None:
    store.add_attendees([person(code, all_rated(content)) for _ in range(answered)])
    rule = content.balance.rule
    snap = snapshot(store.room_aggregates(code, rule.below_mean_by, rule.floor), content, k=k)
    assert snap.visible is visible
    assert (len(snap.categories) > 0) is visible


def test_a_category_rated_by_fewer_than_k_is_hidden(
    store: Store, content: KeynoteContent, code: str
) -> None:
    finder = content.balance.finders["fun"][0]
    everything = all_rated(content, 6, fun=1)
    without_fun = {c: s for c, s in everything.items() if c != "fun"}
    store.add_attendees(
        [person(code, everything, (Pick(finder, "fun"),)) for _ in range(4)]
        + [person(code, without_fun) for _ in range(3)]
    )
    snap = read_room(store, code, content)
    assert snap.visible
    assert snap.hidden_categories == ("fun",)
    assert "fun" not in snap.categories
    assert "fun" not in snap.distribution.index
    assert "fun" not in snap.means
    assert "fun" not in snap.spreads
    # Four people flagged 'fun' and committed to its finder: neither may show.
    assert store.room_aggregates(code, 2, 3).out_of_balance == [("fun", 4)]
    assert snap.out_of_balance == ()
    assert snap.top_finders == ()


def test_another_session_is_not_in_the_room(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str
) -> None:
    other = live.start_session(store, content, live_content, now=T0).session.code
    store.add_attendees([person(other, all_rated(content, 1)) for _ in range(9)])
    store.add_attendees([person(code, all_rated(content, 7)) for _ in range(5)])
    store.add_attendees([person(None, all_rated(content, 3)) for _ in range(2)])
    snap = read_room(store, code, content)
    assert (snap.joined, snap.answered) == (5, 5)
    assert set(snap.means.values()) == {7.0}


# -- the counts held to the domain's rules ---------------------------------------------------


@pytest.mark.parametrize("seed", [1, 7, 2024])
def test_room_out_of_balance_counts_equal_the_profiles(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, seed: int
) -> None:
    records = demo_records(content, live_content, 60, code, seed=seed)
    store.add_attendees(records)
    rule = content.balance.rule
    aggregates = store.room_aggregates(code, rule.below_mean_by, rule.floor)
    expected = flagged_by_profile([r.answers.ratings for r in records], content.balance)
    assert expected  # a demo room has people out of balance, or this test proves nothing
    assert dict(aggregates.out_of_balance) == expected
    cells = Counter((c, s) for r in records for c, s in r.answers.ratings.items())
    assert {(c, s): n for c, s, n in aggregates.distribution} == dict(cells)
    assert (aggregates.joined, aggregates.answered) == (60, 60)


def ten_categories(content: KeynoteContent) -> tuple[Category, ...]:
    extra = tuple(Category(f"extra{i}", f"Extra {i}", "personal", "") for i in (1, 2))
    return content.balance.categories + extra


CASES: list[tuple[str, BalanceRule, list[int]]] = [
    ("equal-scores", BalanceRule(2.0, None), [5] * 8),
    ("equal-scores-under-the-floor", BalanceRule(2.0, 3), [2] * 8),
    ("exactly-at-the-threshold", BalanceRule(2.0, None), [3, 5, 5, 5, 5, 5, 6, 6]),
    ("just-short-of-the-threshold", BalanceRule(2.0, None), [3, 5, 5, 5, 5, 5, 5, 6]),
    ("floor-only", BalanceRule(2.0, 3), [2, 3, 3, 3, 3, 3, 3, 3]),
    ("floor-and-mean", BalanceRule(2.0, 3), [1, 2, 8, 8, 8, 8, 8, 8]),
    ("one-rating-only", BalanceRule(2.0, 6), [5]),
    ("five-ratings-a-fifth-below", BalanceRule(0.2, None), [1, 1, 1, 1, 2]),
    ("five-ratings-six-tenths-below", BalanceRule(0.6, None), [4, 4, 5, 5, 5]),
    ("ten-categories-three-tenths-below", BalanceRule(0.3, None), [4] * 7 + [5] * 3),
    ("fractional-threshold", BalanceRule(1.5, None), [3, 4, 5, 5, 5, 5, 5, 5]),
]


@pytest.mark.parametrize(("rule", "scores"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_room_out_of_balance_edge_cases_equal_the_profile(
    store: Store, content: KeynoteContent, code: str, rule: BalanceRule, scores: list[int]
) -> None:
    categories = ten_categories(content) if len(scores) > 8 else content.balance.categories
    rules = dataclasses.replace(content.balance, rule=rule, categories=categories)
    ratings = dict(zip((c.id for c in categories), scores, strict=False))
    store.add_attendees([person(code, ratings)])
    aggregates = store.room_aggregates(code, rule.below_mean_by, rule.floor)
    assert dict(aggregates.out_of_balance) == flagged_by_profile([ratings], rules)


def test_progress_counts_equal_each_attendees_completed_steps(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str
) -> None:
    records = demo_records(content, live_content, 60, code, seed=11)
    store.add_attendees(records)
    expected: Counter[str] = Counter()
    for record in records:
        # What the attendee saved, read back, judged by the rule.
        expected.update(completed_steps(store.answers(record.attendee.id), content))
    snap = read_room(store, code, content)
    assert snap.completed == {step: expected.get(step, 0) for step in STEPS}
    assert 0 < snap.completed["card"] < snap.completed["balance"] == 60


# -- nothing personal in a room view ---------------------------------------------------------


def private_texts(records: list[AttendeeRecord]) -> set[str]:
    """Nicknames, do-over answers and first steps, and impact answers: none may show."""
    texts = {r.attendee.nickname for r in records if r.attendee.nickname}
    for record in records:
        texts.update(
            body
            for (exercise, field), body in record.answers.texts.items()
            if exercise in ("do_over", "impact") and field != "channel"
        )
    texts.discard("Nothing")  # the content's own word, not something anyone typed
    return texts


def widget_texts(root: Any) -> Iterator[str]:
    """Every string a widget tree shows: values, descriptions, tooltips, placeholders, options."""
    stack = [root]
    while stack:
        widget = stack.pop()
        for name in ("value", "description", "tooltip", "placeholder", "_titles"):
            value = getattr(widget, name, None)
            if isinstance(value, str):
                yield value
        for option in getattr(widget, "options", ()) or ():
            yield str(option)
        stack.extend(getattr(widget, "children", ()) or ())


def test_no_nickname_or_private_text_reaches_the_room(
    store: Store, content: KeynoteContent, live_content: LiveContent, code: str, tmp_path: Path
) -> None:
    records = demo_records(content, live_content, 30, code, seed=3)
    store.add_attendees(records)
    private = private_texts(records)
    assert {"Demo 1", *live_content.demo.do_over, *live_content.demo.better_place} <= private
    snap = read_room(store, code, content)
    assert snap.visible
    shown = repr(snap) + repr(dataclasses.asdict(snap)) + snap.distribution.to_string()
    session = store.live_session(code)
    assert session is not None
    dashboard = Dashboard(store, content, live_content, session, clock=lambda: T0)
    assert isinstance(dashboard.widget, widgets.Box)
    # Every slide of the big screen, results revealed, and the remote beside it.
    for segment in range(len(live_content.agenda)):
        dashboard.remote.start_segment(segment)
        store.set_revealed(code, True)
        dashboard.refresh()
        shown += "\n".join(widget_texts(dashboard.widget))
    assert "wp-heat" in shown and "workshop-wall-group" in shown
    assert "Demo" not in shown
    leaked = sorted(text for text in private if text in shown)
    assert leaked == []
    # The view itself is not empty: the counts and the shared wall entries are there.
    assert "Joined<b>30</b>" in shown
    shared = {body for r in records for _kind, body in r.wall}
    assert shared
    assert all(body in shown for body in shared)
