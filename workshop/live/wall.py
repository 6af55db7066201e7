"""The room wall: mantras and ingredients attendees chose to share, never saying who."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class WallEntry:
    """One shared mantra or ingredient; it never says who shared it."""

    id: int
    kind: str
    body: str
    shared_at: str
    hidden: bool


def wall_key(body: str) -> str:
    """What makes two entries the same on the wall: case and spacing folded (and Unicode's
    equivalent spellings, so an accent typed two ways is one entry)."""
    return " ".join(unicodedata.normalize("NFKC", body).casefold().split())


@dataclass(frozen=True)
class WallGroup:
    """Identical entries, counted: shown once, in the spelling most of them used."""

    key: str
    body: str
    count: int
    kinds: frozenset[str]


def group_wall(entries: Iterable[WallEntry]) -> list[WallGroup]:
    """The visible entries grouped by `wall_key`, most shared first, then first shared first.

    Hidden entries are left out. A group shows the spelling most of its entries used (the
    earliest of those, on a tie).
    """
    groups: dict[str, list[WallEntry]] = {}
    for entry in sorted(entries, key=lambda e: (e.shared_at, e.id)):
        if entry.hidden:
            continue
        key = wall_key(entry.body)
        if key:
            groups.setdefault(key, []).append(entry)
    result = []
    for key, members in groups.items():
        spellings = Counter(e.body.strip() for e in members)
        top = max(spellings.values())
        body = next(e.body.strip() for e in members if spellings[e.body.strip()] == top)
        result.append(WallGroup(key, body, len(members), frozenset(e.kind for e in members)))
    order = {key: i for i, key in enumerate(groups)}
    return sorted(result, key=lambda g: (-g.count, order[g.key]))
