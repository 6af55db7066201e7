"""Parked fixes: the parts of a doubled fix the coach did not keep for its call.

No advice is lost and the count stays honest: a call that read as two fixes keeps one, and the
other is parked, a suggested situation for a later call, shown with the next focus. A later
call opened from it takes it up (`CoachingCall.from_parked`), and it is no longer suggested.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from workshop.coaching.call import CoachingCall


@dataclass(frozen=True)
class Parked:
    """One parked fix: where it came from, and what it is about."""

    ref: str  # "call id:index", what a later call records when it takes it up
    rep_id: str
    text: str
    competency: str
    parked_on: date


def parked_ref(call_id: str, index: int) -> str:
    return f"{call_id}:{index}"


def parked_fixes(calls: Iterable[CoachingCall]) -> list[Parked]:
    """Every fix parked by `calls`, in their order, taken up or not."""
    return [
        Parked(parked_ref(c.id, i), c.rep_id, text, c.competency, c.on)
        for c in calls
        for i, text in enumerate(c.parked)
    ]


def open_parked(calls: Iterable[CoachingCall]) -> list[Parked]:
    """The parked fixes no later call has taken up yet, oldest first."""
    listed = list(calls)
    taken = {c.from_parked for c in listed if c.from_parked}
    return [p for p in parked_fixes(listed) if p.ref not in taken]
