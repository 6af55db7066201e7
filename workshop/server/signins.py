"""Whether a browser is the facilitator's: its sign-in cookie, checked against the store.

A page asks on every request and websocket, so a confirmed sign-in is believed for a few
seconds without asking again; signing out everywhere reaches every page within that time. The
limit on sign-in attempts lives here too, per network address.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from workshop.live.limits import Rate, RateLimiter
from workshop.services import facilitators
from workshop.store import Store

#: Sign-in tries per network address (a facilitator mistypes nothing: the key is in a link).
#: Not limited overall: a guesser on many addresses would then lock the facilitator out, and
#: a key of 192 random bits is not guessed at any rate.
ADDRESS_RATE = Rate(per_minute=10, burst=10)
#: A sign-in the store confirmed is believed this long without asking it again.
BELIEVED_S = 5.0


@dataclass
class SignIns:
    """The sign-ins of one session, as this process checks them."""

    store: Store
    session_code: str
    clock: Callable[[], float] = time.monotonic
    by_address: RateLimiter = field(default_factory=lambda: RateLimiter(ADDRESS_RATE))
    _believed: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def allowed(self, cookie: str | None) -> bool:
        """Whether `cookie` is a good sign-in of the session (now, or a moment ago)."""
        if not cookie:
            return False
        now = self.clock()
        with self._lock:
            seen = self._believed.get(cookie)
        if seen is not None and now - seen < BELIEVED_S:
            return True
        good = facilitators.signed_in(self.store, self.session_code, cookie)
        with self._lock:
            if good:
                self._believed[cookie] = now
            else:
                self._believed.pop(cookie, None)
        return good

    def may_try(self, address: str) -> bool:
        """Whether one more sign-in may be tried from `address` now."""
        return self.by_address.allow(address)
