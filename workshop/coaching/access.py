"""Personal codes that open a rep's own page: issued by the manager, stored only as a hash.

A code uses the resume codes' alphabet (`workshop.codes`: no character that reads as another)
and is longer, since it opens a person's coaching record: 12 characters, about 56 bits, shown
as three groups of four. The store keeps only its SHA-256 hash, like the facilitator's token;
a typed code is compared with a stored hash in constant time. Whoever could read the hashes
could read the records they guard, so a salted slow hash would protect nothing more.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets

from workshop import codes
from workshop.errors import WorkshopError

LENGTH = 12
GROUP = 4
BITS = LENGTH * math.log2(len(codes.ALPHABET))  # about 55.7 bits


class RepCodeError(WorkshopError, LookupError):
    """A personal code that is malformed, unknown, or revoked; `reason` says which."""


def new_rep_code() -> str:
    """A fresh random code in canonical form (no separators)."""
    return "".join(secrets.choice(codes.ALPHABET) for _ in range(LENGTH))


def display_rep_code(code: str) -> str:
    """The code as a rep reads it: three groups of four, like K7QM-3XPA-7TRD."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise_rep_code(text: object) -> str:
    """The canonical form of a typed code, forgiving case, spaces, dashes and look-alikes."""
    if not isinstance(text, str):
        raise RepCodeError(
            f"a personal code expected text, not {type(text).__name__}",
            reason="code_malformed",
            length=LENGTH,
        )
    cleaned = codes.clean(text)
    bad = sorted({ch for ch in cleaned if ch not in codes.ALPHABET})
    if len(cleaned) != LENGTH or bad:
        why = f"not {len(cleaned)}" if len(cleaned) != LENGTH else f"not {', '.join(bad)}"
        raise RepCodeError(
            f"a personal code has {LENGTH} letters and digits from {codes.ALPHABET} "
            f"(like {display_rep_code('K7QM3XPA7TRD')}), {why}",
            reason="code_malformed",
            length=LENGTH,
        )
    return cleaned


def rep_code_hash(code: str) -> str:
    """What the store keeps of a code: the SHA-256 of its canonical form, in hex."""
    return hashlib.sha256(normalise_rep_code(code).encode("ascii")).hexdigest()


def code_matches(code: str, stored_hash: str) -> bool:
    """Whether a canonical code is the one behind `stored_hash`, compared in constant time."""
    return hmac.compare_digest(rep_code_hash(code), stored_hash)


#: Where a rep's page is on the room's server.
REP_PATH = "/rep"
#: Where a director's page is: the same codes open it, a director's only.
DIRECTOR_PATH = "/director"


def rep_address(room: object) -> str:
    """The address of the reps' page on a room at `room` (``http://host:port``, as `workshop
    serve` printed it); it holds no code, which a rep types once on their phone."""
    return page_address(room, REP_PATH)


def director_address(room: object) -> str:
    """The address of the directors' page on a room at `room`, like `rep_address`."""
    return page_address(room, DIRECTOR_PATH)


def page_address(room: object, path: str) -> str:
    from urllib.parse import urlsplit

    text = room.strip() if isinstance(room, str) else ""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise RepCodeError(
            f"the room's address expected one like http://192.168.1.20:8000, not {text!r}",
            reason="address_malformed",
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}{path}"
