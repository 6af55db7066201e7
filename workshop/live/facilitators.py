"""How the facilitator gets into the big screen and the remote, and why nothing lingers.

A browser keeps every address it opened (History, the address bar's suggestions, the tabs it
restores), fragment and all: a page cannot take it back. So the link `serve` prints carries no
lasting secret, only a *link*: a random key that works once. Opening it signs that browser in:
the key is spent, and the browser gets a *sign-in*, another random key, in an HttpOnly cookie.
What the projector's History keeps afterwards opens nothing.

- Both kinds of key are 192 random bits; the database keeps only their hashes.
- A sign-in lasts the workshop (the session's end), not a fixed day, and can be ended: every
  sign-in of a session at once (`workshop serve --sign-out-everywhere`).
- A link not used by the session's end expires with it.

Pure rules; `workshop.services.facilitators` keeps the keys in the store.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Literal

KeyKind = Literal["link", "sign_in"]


def new_key() -> str:
    """A new key: 192 random bits, URL-safe (it goes in a link's fragment, or a cookie)."""
    return secrets.token_urlsafe(24)


def key_hash(key: str) -> str:
    """How a key is kept: only this hash is stored, so the database alone opens nothing."""
    return hashlib.sha256(f"workshop-facilitator:{key}".encode()).hexdigest()


def plausible(key: str | None) -> bool:
    """Whether `key` could be one of ours at all (before it is looked up): a script's junk,
    however long, costs no database read."""
    return (
        bool(key)
        and 20 <= len(key or "") <= 64
        and all(c.isalnum() or c in "-_" for c in key or "")
    )


@dataclass(frozen=True)
class Links:
    """The facilitator's two links: each signs in one browser, once."""

    remote: str
    presenter: str

    def urls(self, base_url: str) -> tuple[str, str]:
        """The remote's and the big screen's links on the room's address."""
        base = base_url.rstrip("/")
        return f"{base}/facilitator#{self.remote}", f"{base}/facilitator#{self.presenter}/presenter"
