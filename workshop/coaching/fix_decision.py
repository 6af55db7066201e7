"""The one fix of a call, decided with the coach: a fix that reads as several is kept whole only
when the coach says it is one thing (never for a numbered or bulleted list); otherwise one part
is kept and the rest is parked for a later call. And the same rule on a record read from a
file: `coaching import` reports a fix that reads as several, undecided, as a problem of its row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from workshop.coaching.fixes import FixReading, SeveralFixesError, check_fix, read_fix
from workshop.coaching.model import CoachingError, OneFixError
from workshop.content.coaching import FixWords

#: How the fix was decided: read as one (""), one kept of several, or said to be one thing.
FixDecision = Literal["", "kept", "one_thing"]
FIX_DECISIONS: tuple[FixDecision, ...] = get_args(FixDecision)


@dataclass(frozen=True)
class DecidedFix:
    """The fix a call keeps, and what the coach decided about the rest."""

    fix: str
    decision: FixDecision = ""
    typed: str = ""
    parked: tuple[str, ...] = ()


def decide_fix(
    text: object, words: FixWords, *, keep: int | None = None, one_thing: bool = False
) -> DecidedFix:
    """The one fix of `text`, as the coach decided (see `CoachingCall.with_fix`)."""
    try:
        return DecidedFix(check_fix(text, words))
    except SeveralFixesError as several:
        reading = several.reading
        if one_thing:
            _one_thing_allowed(reading)
            return DecidedFix(reading.text, "one_thing")
        if keep is None:
            raise
        if not 0 <= keep < len(reading.items):
            raise CoachingError(
                f"keep expected an item from 0 to {len(reading.items) - 1}, not {keep}"
            ) from several
        kept = _sentence(reading.items[keep])
        rest = tuple(_sentence(item) for i, item in enumerate(reading.items) if i != keep)
        return DecidedFix(kept, "kept", reading.text, rest)


def _one_thing_allowed(reading: FixReading) -> None:
    if reading.sure:
        raise OneFixError(
            f"a list of {len(reading.items)} (on lines, numbered or bulleted) is several "
            "things; keep one of them",
            reason="one_fix_sure",
            count=len(reading.items),
        )


def _sentence(item: str) -> str:
    """An item of a list as a fix of its own: its first letter in capitals."""
    return item[:1].upper() + item[1:] if item[:1].islower() else item


def check_decided(fix: str, decision: FixDecision, words: FixWords) -> None:
    """Refuse a saved fix that reads as several without a decision, a kept part that still
    reads as several, or "one thing" said of a list."""
    if decision == "one_thing":
        _one_thing_allowed(read_fix(fix, words))
        return
    try:
        check_fix(fix, words)
    except SeveralFixesError as several:
        shown = "; ".join(repr(item) for item in several.reading.items)
        raise OneFixError(
            f"the fix reads as {len(several.reading.items)} fixes ({shown}); one call, one "
            "fix: decide which one this call fixes in the call view (the rest is parked), or "
            "write one_thing in fix_decision if it is one thing",
            reason="one_fix",
            count=len(several.reading.items),
        ) from several
