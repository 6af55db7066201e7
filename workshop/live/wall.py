"""The room wall: mantras and ingredients attendees chose to share, never saying who.

What may go on it, wherever a share comes from (a widget, a phone's page, a script that speaks
either): a mantra or an ingredient, never blank, of at most `Limits.wall_max_chars` characters
as people count them (`workshop.text`), and at most `Limits.wall_entries` entries per attendee
in a session. An entry taken back still counts: sharing, taking back and sharing again cannot
cycle entries through the big screen.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal, get_args

from workshop.content.settings import Limits
from workshop.errors import WorkshopError
from workshop.text import check_text

WallKind = Literal["mantra", "ingredient"]
KINDS: tuple[WallKind, ...] = get_args(WallKind)
#: Characters that show nothing by themselves: format characters (zero-width spaces and
#: joiners, direction marks) and controls. An entry of these and spaces only is blank.
_INVISIBLE = frozenset(("Cf", "Cc", "Zs", "Zl", "Zp"))


class WallError(WorkshopError, ValueError):
    """A share the wall refuses: blank, of an unknown kind, or one past the attendee's limit."""


def is_blank(body: str) -> bool:
    """Whether `body` shows nothing: empty, or only spaces and invisible characters."""
    return all(ch.isspace() or unicodedata.category(ch) in _INVISIBLE for ch in body)


def check_entry(kind: str, body: str, limits: Limits) -> str:
    """`body` as it may go on the wall, unchanged; `WallError` or a text error if not."""
    if kind not in KINDS:
        raise WallError(
            f"a wall entry is a {' or an '.join(KINDS)}, not {kind!r}", reason="wall_unknown_kind"
        )
    if not isinstance(body, str) or is_blank(body):
        raise WallError("a wall entry needs some text; it was blank", reason="wall_blank")
    return check_text(body, limits.wall_max_chars, f"the wall entry ({kind})")


def check_room_for_one_more(shared: int, limits: Limits) -> None:
    """Refuse a share past the attendee's limit; `shared` counts every entry they shared in the
    session, taken back or not."""
    if shared >= limits.wall_entries:
        raise WallError(
            f"an attendee may share at most {limits.wall_entries} entries on the wall; "
            f"this one has shared {shared}",
            reason="wall_full",
            limit=limits.wall_entries,
        )


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
