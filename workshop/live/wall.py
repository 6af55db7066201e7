"""The room wall: mantras and ingredients attendees chose to share, never saying who."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class WallEntry:
    """One shared mantra or ingredient; it never says who shared it."""

    id: int
    kind: str
    body: str
    shared_at: str
    hidden: bool


def wall_key(body: str) -> str:
    """What makes two entries the same on the wall, everywhere the wall is shown or counted (the
    big screen, the remote, the report, the export): case and spacing folded, Unicode's
    equivalent spellings made one (an accent typed two ways), and the punctuation that opens
    or closes it left out ("One thing at a time." is "one thing at a time", "¡Ánimo!" is
    "Ánimo"). Punctuation inside it counts. An entry of punctuation alone keeps it."""
    folded = " ".join(unicodedata.normalize("NFKC", body).casefold().split())
    start, end = 0, len(folded)
    while start < end and _framing(folded[start]):
        start += 1
    while end > start and _framing(folded[end - 1]):
        end -= 1
    return folded[start:end] if start < end else folded


def _framing(ch: str) -> bool:
    """Punctuation or spacing that may open or close an entry without changing what it says."""
    return ch.isspace() or unicodedata.category(ch).startswith("P")


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


def group_names(entries: Iterable[WallEntry]) -> dict[str, str]:
    """Each group's name (as `group_wall` shows it) by `wall_key`, hidden groups included: the
    export names every entry's group, so its rows count as the screens do."""
    everyone = list(entries)
    names = {g.key: g.body for g in group_wall(replace(e, hidden=False) for e in everyone)}
    return {key: names[key] for key in {wall_key(e.body) for e in everyone} if key in names}
