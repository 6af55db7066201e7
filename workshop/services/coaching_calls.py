"""What a coach does in a coaching call, in one place for the call view, the CLI and any page.

Each act takes the call as the coach's screen last read it (`seen`) and takes the step on it;
the store then checks it against the call as saved (`check_successor`), so a screen that is
behind never goes before the rep, never rewrites the rep's words, and never answers an answer
it has not seen. The coachee's own acts (their answer, their self-check) are in
`workshop.services.rep`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from workshop.coaching.call import CoachingCall, open_call
from workshop.coaching.model import Rep
from workshop.coaching.parked import Parked
from workshop.content.coaching import CoachingContent
from workshop.store import Store


def start_call(
    store: Store,
    content: CoachingContent,
    coachee: Rep,
    *,
    on: object,
    minutes: object,
    medium: object,
    situation: object,
    competency: object,
    today: date,
    at: datetime,
    parked: Parked | None = None,
) -> CoachingCall:
    """Open a call on one situation, coached by the coachee's coach, on the competencies of
    the coachee's role; from a parked fix, the call takes it up. `minutes` is None for a call
    timed as it runs."""
    call = open_call(
        rep_id=coachee.id,
        on=on,
        minutes=minutes,
        medium=medium,
        situation=situation,
        competency=competency,
        content=content.for_role(coachee.role),
        today=today,
        at=at,
        coach_id=coachee.coach_id,
        from_parked=parked.ref if parked is not None else "",
    )
    store.save_call(call)
    return call


def _save(store: Store, call: CoachingCall) -> CoachingCall:
    store.save_call(call)
    return call


def answer_in_call(
    store: Store, content: CoachingContent, seen: CoachingCall, text: str, at: datetime
) -> CoachingCall:
    """The coachee's answer, typed by the coach while the coachee is there: only while there is
    none yet (after that, the words are the coachee's)."""
    return _save(store, seen.with_rep_answer(text, at, content.text_max_chars, by="coach"))


def add_note(
    store: Store, content: CoachingContent, seen: CoachingCall, text: str, at: datetime
) -> CoachingCall:
    """The coach's own note, beside the coachee's answer."""
    return _save(store, seen.with_coach_note(text, at, content.text_max_chars))


def set_knows(store: Store, seen: CoachingCall, knows: bool) -> CoachingCall:
    return _save(store, seen.with_knows(knows))


def set_can(store: Store, seen: CoachingCall, can: bool, at: datetime) -> CoachingCall:
    return _save(store, seen.with_can(can, at))


def add_insight(
    store: Store,
    content: CoachingContent,
    seen: CoachingCall,
    text: str,
    adjustments: Sequence[object],
    at: datetime,
) -> CoachingCall:
    return _save(store, seen.with_insight(text, adjustments, at, content.text_max_chars))


def fix_call(
    store: Store,
    content: CoachingContent,
    seen: CoachingCall,
    text: str,
    at: datetime,
    *,
    keep: int | None = None,
    one_thing: bool = False,
) -> CoachingCall:
    """The one fix, which completes the call. A fix that reads as several is refused
    (`SeveralFixesError`, naming the parts) until the coach decides: `keep` one (the rest is
    parked for a later call), or `one_thing`."""
    done = seen.with_fix(
        text, at, content.text_max_chars, content.fix_words, keep=keep, one_thing=one_thing
    )
    return _save(store, done)
