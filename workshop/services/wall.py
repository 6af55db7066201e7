"""The room wall, as people act on it: an attendee shares an answer or takes it back, and the
facilitator hides a group of identical entries from the big screen (or shows it again).

Every front end (the widget views, the phones' pages) calls these, so the wall's rules
(`workshop.live.wall`) hold however a share arrives: only the attendee's own current mantra or
one of their chosen ingredients, never blank, within the wall's length, and at most
`wall_entries` shares per attendee in a session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from workshop.content.settings import Limits
from workshop.live.wall import KINDS, WallEntry, WallError, check_entry, group_wall, wall_key
from workshop.services import answers
from workshop.store import Store

#: The exercise and fields the wall's entries come from.
MENU = "menu"


@dataclass(frozen=True)
class Shareable:
    """One of the attendee's answers as the wall sees it: shared (`entry_id`) or not."""

    kind: str
    body: str
    #: The wall entry when shared, else None.
    entry_id: int | None

    @property
    def shared(self) -> bool:
        return self.entry_id is not None


def current(store: Store, attendee_id: str) -> list[tuple[str, str]]:
    """What the attendee may share now, as (kind, text): their mantra, then each ingredient."""
    answers = store.answers(attendee_id)
    found: list[tuple[str, str]] = []
    mantra = answers.text(MENU, "mantra").strip()
    if mantra:
        found.append(("mantra", mantra))
    found.extend(("ingredient", p.item.strip()) for p in answers.chosen(MENU, "ingredient"))
    return [(kind, body) for kind, body in found if body]


def shareable(store: Store, attendee_id: str) -> list[Shareable]:
    """What the attendee may share now, each marked shared or not, in the menu's order, then
    anything still on the wall their menu no longer holds (a mantra edited since), so they can
    take it back."""
    shared = {(e.kind, e.body): e.id for e in store.my_wall_entries(attendee_id)}
    items = current(store, attendee_id)
    items += [key for key in shared if key not in set(items)]
    return [Shareable(kind, body, shared.get((kind, body))) for kind, body in items]


def share(
    store: Store,
    limits: Limits,
    attendee_id: str,
    kind: str,
    body: str,
    now: datetime | None = None,
) -> int:
    """Put one of the attendee's own answers on the wall; returns the entry's id.

    Refused (`WallError`, or a text error naming the limit): a kind the wall does not take, a
    blank text, one longer than the wall allows, a text that is not the attendee's current
    mantra or one of their ingredients, and a share past their limit.
    """
    check_entry(kind, body, limits)
    answers.check_open(store, attendee_id, now)
    if (kind, body.strip()) not in current(store, attendee_id):
        raise WallError(f"only your own current {kind} can go on the wall", reason="wall_not_yours")
    return store.share_on_wall(attendee_id, kind, body.strip(), most=limits.wall_entries)


def withdraw(store: Store, attendee_id: str, entry_id: int) -> None:
    """The attendee takes one of their own entries back (another's is untouched). It leaves
    the wall and the export, and still counts toward their limit."""
    store.withdraw_from_wall(entry_id, attendee_id)


def mine(store: Store, attendee_id: str) -> list[WallEntry]:
    """The attendee's entries on the wall now (hidden ones too: they are still theirs)."""
    return store.my_wall_entries(attendee_id)


def groups(store: Store, session_code: str) -> dict[str, tuple[list[WallEntry], list[WallEntry]]]:
    """The session's entries by group (`wall_key`), each split into shown and hidden."""
    found: dict[str, tuple[list[WallEntry], list[WallEntry]]] = {}
    for entry in store.wall_entries(session_code):
        shown, hidden = found.setdefault(wall_key(entry.body), ([], []))
        (hidden if entry.hidden else shown).append(entry)
    return found


def moderate(store: Store, session_code: str, key: str, hide: bool) -> int:
    """Hide every entry of the group `key` from the big screen, or show them all again;
    returns how many entries changed."""
    shown, hidden = groups(store, session_code).get(key, ([], []))
    changing: Sequence[WallEntry] = shown if hide else hidden
    store.set_wall_entries_hidden(session_code, [e.id for e in changing], hide)
    return len(changing)


def visible_groups(store: Store, session_code: str) -> list[tuple[str, int]]:
    """The groups the big screen shows, most shared first, as (text, count)."""
    return [(g.body, g.count) for g in group_wall(store.wall_entries(session_code))]


__all__ = [
    "KINDS",
    "Shareable",
    "current",
    "groups",
    "mine",
    "moderate",
    "share",
    "shareable",
    "visible_groups",
    "withdraw",
]
