"""Who a browser signed in as with a personal code, from a signed cookie alone.

A rep's phone and a director's browser each keep a cookie that names the person and when their
code was issued, signed for its own page (`Runtime.signers`). The cookie holds while that code
is the person's current one: reissuing or revoking the code signs out every browser that used
it, and a cookie signed for one page never opens another.
"""

from __future__ import annotations

from workshop.coaching.model import Rep, UnknownRepError
from workshop.content.coaching import Role
from workshop.server.runtime import Runtime
from workshop.server.signing import Signer


def remembered(current: Runtime, signer: Signer, person: Rep) -> str:
    """The cookie's value for `person`, bound to when their current code was issued."""
    code = current.store.rep_code(person.id)
    assert code is not None  # only a person whose code just opened a page is remembered
    return signer.sign(f"{person.id}@{code.issued_at.isoformat()}")


def signed_person(
    current: Runtime, signer: Signer, cookie: str | None, roles: tuple[Role, ...]
) -> Rep | None:
    """The person `cookie` names, while their code is the one it was signed with and their
    role is one of `roles`; None for a made-up, altered or outdated cookie."""
    value = signer.unsign(cookie)
    if value is None:
        return None
    person_id, _, issued = value.partition("@")
    code = current.store.rep_code(person_id)
    if code is None or code.revoked_at is not None or code.issued_at.isoformat() != issued:
        return None
    try:
        person = current.store.rep(person_id)
    except UnknownRepError:
        return None  # removed since (a demo team taken away)
    return person if person.role in roles else None
