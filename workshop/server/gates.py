"""How often a client may join or try a resume code, and how a refusal is logged.

A client is known by two keys: its browser (the device cookie) and its network address. The
browser's limit is tight (a person mistypes a code a few times, a script tries thousands); the
address's is loose, because a venue's Wi-Fi puts every phone behind one address. A failed resume
is logged with the client's hashed keys, never the code that was tried.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from workshop.live.limits import Rate, RateLimiter
from workshop.ui.live.app import Action

logger = logging.getLogger("workshop.server")

#: Per browser. Joining is rare (one browser is one attendee); resuming allows for typos.
BROWSER_RATES: dict[Action, Rate] = {"join": Rate(6, 3), "resume": Rate(10, 5)}
#: Per network address, which a whole room may share.
ADDRESS_RATES: dict[Action, Rate] = {"join": Rate(3000, 1500), "resume": Rate(600, 200)}


def short_hash(value: str) -> str:
    """A key as logs may show it: enough to tell clients apart, nothing to replay."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:10]


@dataclass
class Limits:
    """The process's limiters, shared by every page."""

    browser: dict[Action, RateLimiter] = field(
        default_factory=lambda: {a: RateLimiter(r) for a, r in BROWSER_RATES.items()}
    )
    address: dict[Action, RateLimiter] = field(
        default_factory=lambda: {a: RateLimiter(r) for a, r in ADDRESS_RATES.items()}
    )
    refusals: int = 0

    def gate(self, browser: str, address: str) -> ClientGate:
        return ClientGate(self, browser, address)


@dataclass
class ClientGate:
    """One page's gate: what its browser and address may still try (see `LiveApp`'s `Gate`)."""

    limits: Limits
    browser: str
    address: str

    def allow(self, action: Action) -> bool:
        # Both buckets are asked: a refusal by the browser's must not spend the address's.
        if not self.limits.browser[action].allow(self.browser):
            self._log(action, "too many tries from this browser")
            return False
        if not self.limits.address[action].allow(self.address):
            self._log(action, "too many tries from this address")
            return False
        return True

    def refused(self, action: Action) -> None:
        self._log(action, "unknown code")

    def _log(self, action: Action, why: str) -> None:
        self.limits.refusals += 1
        logger.warning(
            "%s refused (%s) for browser %s at address %s",
            action,
            why,
            short_hash(self.browser),
            short_hash(self.address),
        )
