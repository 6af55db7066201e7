"""Cookies the server signs, so a browser holds only what the server gave it.

Each value is signed with an HMAC under one of the room's secrets (kept in the database, see
`Store.secret`, so every server process checks what any other issued) and a purpose, so a
value signed for one cookie never passes for another:

- the **device id**: a random id per browser. One browser is one attendee, and the id is the
  key its tries are limited by. A made-up, altered or missing one is replaced by a new one: a
  new browser, which pays the join limits like any other;
- the **attendee** a browser is, in a session: any process answers that phone with no sticky
  session and no state of its own;
- the **rep** a phone opened the coaching page for, with the time their personal code was
  issued: reissuing or revoking the code ends every phone's sign-in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

SIGNATURE_BYTES = 16


def _signature(key: str, purpose: str, value: str) -> str:
    digest = hmac.new(key.encode(), f"{purpose}\n{value}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:SIGNATURE_BYTES]).decode().rstrip("=")


@dataclass(frozen=True)
class Signer:
    """Signs and checks values for one purpose under one secret."""

    key: str
    purpose: str

    def sign(self, value: str) -> str:
        return f"{value}.{_signature(self.key, self.purpose, value)}"

    def unsign(self, signed: str | None) -> str | None:
        """The value `signed` carries if the server signed it for this purpose, else None."""
        if not signed or "." not in signed or len(signed) > 512:
            return None
        value, _, signature = signed.rpartition(".")
        expected = _signature(self.key, self.purpose, value)
        return value if hmac.compare_digest(signature, expected) else None


def new_device_id() -> str:
    """A browser's id: 128 random bits, URL-safe."""
    return secrets.token_urlsafe(16)
