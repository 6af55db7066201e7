"""How often a client may join or try a code, and how a refusal is logged.

A client is known by two keys: its browser (the device id the server signed, see `signing`) and
its network address (behind the proxy `serve --proxy` trusts, the real client's, which uvicorn
reads from X-Forwarded-For). Each key has a sliding window of tries:

- per browser, tight: one browser is one attendee (a browser that joined before comes back
  without spending a try), and a person mistypes a code a few times, where a script tries
  thousands. A made-up or missing device id is a new browser: it gets a fresh id, and pays the
  address's window like any other.
- per address, sized for a venue's network, where each phone usually has an address of its own.
  A room whose phones share one address (a server on the internet behind the venue's NAT) sets
  `serve --address-limit` to the room's size.

A failed code is logged with the client's hashed keys, never the code that was tried.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from typing import Literal

from workshop.errors import WorkshopError
from workshop.live.limits import SlidingWindowLimiter, Window

#: What a client tries: to become a new attendee, or to open something with a code.
Action = Literal["join", "resume"]

logger = logging.getLogger("workshop.server")

#: The window every limit counts over, in seconds (`serve --limit-window`, in minutes).
DEFAULT_WINDOW_S = 600.0
#: Tries one browser may make per window: a new attendee (joins), and codes typed (a resume
#: code or a rep's personal code).
BROWSER_TRIES: dict[Action, int] = {"join": 3, "resume": 10}
#: Tries one network address may make per window, by default (`serve --address-limit`).
DEFAULT_ADDRESS_TRIES = 30

ENV_WINDOW = "WORKSHOP_LIMIT_WINDOW_S"
ENV_ADDRESS_TRIES = "WORKSHOP_ADDRESS_LIMIT"


class LimitSettingError(WorkshopError, ValueError):
    """A limit `serve` was given that cannot be a limit."""


@dataclass(frozen=True)
class Tries:
    """How many joins and code tries one address may make per window, as `serve` sets them."""

    per_address: int = DEFAULT_ADDRESS_TRIES
    window_s: float = DEFAULT_WINDOW_S

    def check(self) -> None:
        if not 1 <= self.per_address <= 1_000_000:
            raise LimitSettingError(
                f"--address-limit expected a number from 1 to 1,000,000, got {self.per_address}"
            )
        if not 1 <= self.window_s <= 24 * 3600:
            raise LimitSettingError(
                f"--limit-window expected minutes from 1/60 to 1440, got {self.window_s / 60:g}"
            )

    def environment(self) -> dict[str, str]:
        """Where each server process of the room reads them from."""
        return {ENV_ADDRESS_TRIES: str(self.per_address), ENV_WINDOW: str(self.window_s)}


DEFAULT_TRIES = Tries()


def short_hash(value: str) -> str:
    """A key as logs may show it: enough to tell clients apart, nothing to replay."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:10]


def _window(tries: int, seconds: float) -> SlidingWindowLimiter:
    return SlidingWindowLimiter(Window(tries, seconds))


@dataclass
class Limits:
    """The process's limiters, shared by every page of it."""

    window_s: float = DEFAULT_WINDOW_S
    address_tries: int = DEFAULT_ADDRESS_TRIES
    browser: dict[Action, SlidingWindowLimiter] = field(init=False)
    address: dict[Action, SlidingWindowLimiter] = field(init=False)
    refusals: int = 0

    def __post_init__(self) -> None:
        self.browser = {a: _window(n, self.window_s) for a, n in BROWSER_TRIES.items()}
        self.address = {a: _window(self.address_tries, self.window_s) for a in BROWSER_TRIES}

    @classmethod
    def from_environment(cls) -> Limits:
        """The limits `serve` set for this process (its defaults otherwise)."""
        window = float(os.environ.get(ENV_WINDOW) or DEFAULT_WINDOW_S)
        tries = int(os.environ.get(ENV_ADDRESS_TRIES) or DEFAULT_ADDRESS_TRIES)
        return cls(window, tries)

    def gate(self, browser: str, address: str) -> ClientGate:
        return ClientGate(self, browser, address)


@dataclass
class ClientGate:
    """One client's gate: what its browser and address may still try."""

    limits: Limits
    browser: str
    address: str

    def allow(self, action: Action) -> bool:
        # Both windows are asked: a refusal by the browser's must not spend the address's.
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
