"""The room wall: mantras and ingredients attendees chose to share, never saying who."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WallEntry:
    """One shared mantra or ingredient; it never says who shared it."""

    id: int
    kind: str
    body: str
    shared_at: str
    hidden: bool
