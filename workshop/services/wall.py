"""The room wall, from the attendee's side: what they may share, sharing it, taking it back.

Nothing reaches the wall unless the attendee shares that entry; no name goes with it. What is
shareable is what their menu holds now (the mantra, then each ingredient), plus anything still
on the wall that their menu no longer holds (a mantra edited since), so they can take it back.
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop.errors import AnswerError
from workshop.store import Store

KINDS = ("mantra", "ingredient")


@dataclass(frozen=True)
class Shareable:
    kind: str
    body: str
    #: The wall entry when shared, else None.
    entry_id: int | None

    @property
    def shared(self) -> bool:
        return self.entry_id is not None


def shareable(store: Store, attendee_id: str) -> list[Shareable]:
    """The attendee's shareable answers, each marked shared or not, in the menu's order."""
    answers = store.answers(attendee_id)
    shared = {(e.kind, e.body): e.id for e in store.my_wall_entries(attendee_id)}
    items: list[tuple[str, str]] = []
    mantra = answers.text("menu", "mantra").strip()
    if mantra:
        items.append(("mantra", mantra))
    items += [("ingredient", p.item) for p in answers.chosen("menu", "ingredient")]
    items += [key for key in shared if key not in set(items)]
    return [Shareable(kind, body, shared.get((kind, body))) for kind, body in items]


def share(store: Store, attendee_id: str, kind: str, body: str) -> int:
    """Put one of the attendee's answers on the wall; returns the entry. An empty entry, or a
    kind the wall does not hold, is refused."""
    if kind not in KINDS:
        raise AnswerError(f"the wall holds {' or '.join(KINDS)} entries, not {kind!r}")
    if not body.strip():
        raise AnswerError("an empty entry cannot go on the wall")
    return store.share_on_wall(attendee_id, kind, body)


def withdraw(store: Store, attendee_id: str, entry_id: int) -> None:
    """Take one of the attendee's own entries off the wall (another's is untouched)."""
    store.withdraw_from_wall(entry_id, attendee_id)
