"""Short resume codes an attendee can read aloud, type on a phone and put in a URL."""

from __future__ import annotations

import math
import secrets

from workshop.errors import ResumeCodeError

#: No 0/O, 1/I/L, or U/V pairs: nothing that reads as another character on a slide or phone.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
LENGTH = 8
BITS = LENGTH * math.log2(len(ALPHABET))  # about 38.9 bits


def new_code() -> str:
    """A fresh random code in canonical form (no separator)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display(code: str) -> str:
    """The code as shown to a person: two groups of four."""
    return f"{code[:4]}-{code[4:]}"


def normalise(text: str) -> str:
    """Canonical form of a typed code; forgiving of case, spaces and dashes.

    Raises `ResumeCodeError` naming what is wrong when it cannot be a code at all.
    """
    cleaned = "".join(ch for ch in text.upper() if ch not in " -_\t")
    if len(cleaned) != LENGTH:
        raise ResumeCodeError(
            f"a resume code has {LENGTH} characters (like {display('K7QM3XPA')}), "
            f"not {len(cleaned)}"
        )
    bad = sorted({ch for ch in cleaned if ch not in ALPHABET})
    if bad:
        raise ResumeCodeError(
            f"a resume code never contains {', '.join(repr(ch) for ch in bad)}; check the code"
        )
    return cleaned
