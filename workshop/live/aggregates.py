"""What the store counts over one room: plain numbers, light to import (no pandas).

The figures module turns these into the tables the screens draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RoomAggregates:
    """Counts over one session's room; no free text, no names."""

    joined: int
    answered: int  # attendees with at least one rating
    distribution: list[tuple[str, int, int]]  # category, score, attendees
    out_of_balance: list[tuple[str, int]]  # category, attendees with it out of balance
    finders: list[tuple[str, str, int]]  # finder, category, attendees who committed to it
    completed: dict[str, int]  # step, attendees who completed it
    ingredients: list[tuple[str, int]] = field(default_factory=list)  # item, attendees with it
    menus: int = 0  # attendees who chose at least one ingredient
    #: The chance each counted score is a random one (`workshop.live.randomized`): 0 when the
    #: distribution counts scores as given.
    randomized: float = 0.0
