"""Short resume codes an attendee can read aloud, type on a phone and put in a URL."""

from __future__ import annotations

import hashlib
import math
import secrets
import unicodedata

from workshop.errors import ResumeCodeError

#: Nothing that reads as another character on a slide or a phone: 0, O, 1, I, L, U and V are
#: out, and so are the letters that pass for digits in many fonts (B/8, G/6, S/5, Z/2).
ALPHABET = "23456789ACDEFHJKMNPQRTWXY"
LENGTH = 8
BITS = LENGTH * math.log2(len(ALPHABET))  # about 37.2 bits
#: A letter read off a screen as its look-alike digit still finds the code.
_MISREAD = str.maketrans({"B": "8", "G": "6", "S": "5", "Z": "2"})


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
    cleaned = clean(text)
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


def clean(text: str) -> str:
    """What a person meant to type: upper case, separators dropped, look-alikes mapped.

    Phones and slides turn "-" into en dashes and spaces into no-break spaces; a paste
    brings its line end; some keyboards give full-width letters. None makes a different code.
    """
    typed = unicodedata.normalize("NFKC", text).upper().translate(_MISREAD)
    return "".join(ch for ch in typed if not _is_separator(ch))


def _is_separator(ch: str) -> bool:
    return ch == "_" or ch.isspace() or unicodedata.category(ch) in ("Pd", "Zs", "Cf")


#: Letters of a pseudonym: lower case and digits, none that reads as another (no 0/o, 1/l/i).
PSEUDONYM_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
PSEUDONYM_LENGTH = 7


def pseudonym(attendee_id: str) -> str:
    """A short, stable, non-reversible name for an attendee in files and exports: A-7f3k9qx.

    A hash of the internal attendee id, which is random: it links an attendee's card file to
    their export row, and to nothing else. Never the resume code, which opens and edits the
    attendee's answers. 7 letters of 31 are 34 bits: two attendees of a 1,000-person room
    share one with odds of about 1 in 30,000 (`write_cards` tells such twins apart).
    """
    digest = int.from_bytes(hashlib.sha256(f"attendee:{attendee_id}".encode()).digest()[:8])
    letters = []
    for _ in range(PSEUDONYM_LENGTH):
        digest, index = divmod(digest, len(PSEUDONYM_ALPHABET))
        letters.append(PSEUDONYM_ALPHABET[index])
    return "A-" + "".join(letters)
