"""What a server process serves: one room, read from the environment `serve` set.

Each server process (one, or several behind nginx) learns its room from the environment: the
database, the content and the session. Secrets are not in it: the facilitator's keys are only
in the store, as hashes.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from workshop.content.coaching import CoachingContent
from workshop.content.coaching_files import load_coaching_content
from workshop.content.keynote import KeynoteContent, load_content
from workshop.content.live import LiveContent, load_live_content
from workshop.errors import ContentError
from workshop.live.session import LiveSession
from workshop.server.cards import CardQueue
from workshop.server.gates import Limits
from workshop.server.hub import RoomHub
from workshop.server.room_events import RoomEvents
from workshop.server.settings import ENV_BASE_URL
from workshop.server.signing import Signer
from workshop.server.signins import SignIns
from workshop.server.tally import Tally
from workshop.services.figures import RoomReader
from workshop.shipped import content_dir, content_sets
from workshop.store import Store

#: How many attendees a session admits before newcomers see "the room is full" (those who
#: joined always get back in).
DEFAULT_MAX_PAGES = 2000
#: The big screen and the remote refresh every second; a read this fresh serves both.
READ_AGE_S = 0.9

ENV_SESSION = "WORKSHOP_SESSION"
ENV_JOIN_URL = "WORKSHOP_JOIN_URL"
ENV_MAX_PAGES = "WORKSHOP_MAX_PAGES"
ENV_EXPORT_DIR = "WORKSHOP_EXPORT_DIR"
#: Set when the room is bound to this computer only: the command that serves it to phones.
ENV_LOOPBACK_HINT = "WORKSHOP_LOOPBACK_HINT"


@dataclass
class Runtime:
    store: Store
    content: KeynoteContent
    live: LiveContent
    session_code: str
    join_url: str
    max_pages: int = DEFAULT_MAX_PAGES
    export_dir: Path | None = None
    #: The command to run instead, when no phone can reach this room (`serve` worked it out).
    loopback_hint: str = ""
    hub: RoomHub = field(init=False)
    #: The room's published figures, read once for every facilitator page of this process.
    reader: RoomReader = field(init=False)
    limits: Limits = field(default_factory=Limits)
    #: The phones' room state, pushed to each phone of this process (one read per tick).
    events: RoomEvents = field(init=False)
    #: Cards being made for this process's phones, one per attendee at a time.
    cards: CardQueue = field(default_factory=CardQueue)
    #: The facilitator's sign-ins, as this process checks them.
    sign_ins: SignIns = field(init=False)
    #: Refusals counted and logged once a minute, not one line each.
    tally: Tally = field(default_factory=Tally)
    #: The room's public address (`serve`'s --url, or the bound address).
    base_url: str = ""
    #: The kernel ids of this process's facilitator pages, which the room's count leaves out.
    facilitator_pages: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.hub = RoomHub(self.store.live_session)
        self.reader = RoomReader(self.store, self.session_code, self.content, max_age_s=READ_AGE_S)
        self.events = RoomEvents(self.hub, self.session_code, self.live)
        self.sign_ins = SignIns(self.store, self.session_code)

    @functools.cached_property
    def signers(self) -> Signers:
        """The keys of the phones', reps' and directors' cookies, from the room's database (read
        once). A rep's cookie and a director's are signed for different purposes: one never
        passes for the other."""
        phones = self.store.secret(f"phones:{self.session_code}")
        people = self.store.secret("reps")
        return Signers(
            device=Signer(phones, "device"),
            attendee=Signer(phones, "attendee"),
            rep=Signer(people, "rep"),
            director=Signer(people, "director"),
        )

    def session(self, step: str | None = None) -> LiveSession | None:
        """The room as this process last read it (the hub's one read per tick). Asked about a
        `step` that read has locked, the store is read again: a phone sent to a step the moment
        it opened must not find it locked for want of a tick."""
        cached = self.events.session
        if cached is not None and (step is None or cached.is_open(step)):
            return cached
        return self.store.live_session(self.session_code)

    @functools.cached_property
    def coaching(self) -> CoachingContent:
        """The coaching content beside the room's, for the reps' own pages (read when first
        asked for: most rooms never serve one). A session's kept content holds the keynote's
        files only: then the shipped coaching set of the room's language serves."""
        try:
            return load_coaching_content(self.content.source)
        except ContentError:
            language = self.content.settings.language
            shipped = language if language in content_sets() else "en"
            return load_coaching_content(content_dir(shipped))

    def people(self) -> int:
        """Pages of this process with a live connection, the facilitator's left out: what the
        room's capacity counts (`workshop.server.sockets`)."""
        from solara.server import kernel_context

        contexts = dict(kernel_context.contexts)
        self.facilitator_pages.intersection_update(contexts)  # those since dropped
        connected = kernel_context.PageStatus.CONNECTED
        return sum(
            1
            for kernel_id, context in contexts.items()
            if kernel_id not in self.facilitator_pages and connected in context.page_status.values()
        )

    def facilitator(self, sign_in: str | None) -> bool:
        """Whether `sign_in` (a browser's cookie) is a good facilitator sign-in of the room."""
        return self.sign_ins.allowed(sign_in)


@dataclass(frozen=True)
class Signers:
    device: Signer
    attendee: Signer
    rep: Signer
    director: Signer


@functools.cache
def runtime() -> Runtime:
    """This process's room, from the environment `workshop serve` set (read once)."""
    content = load_content(os.environ.get("WORKSHOP_CONTENT"))
    export = os.environ.get(ENV_EXPORT_DIR)
    return Runtime(
        store=Store(os.environ.get("WORKSHOP_DB")),
        content=content,
        live=load_live_content(content.source),
        session_code=os.environ[ENV_SESSION],
        join_url=os.environ.get(ENV_JOIN_URL, ""),
        max_pages=int(os.environ.get(ENV_MAX_PAGES, DEFAULT_MAX_PAGES)),
        export_dir=Path(export) if export else None,
        limits=Limits.from_environment(),
        base_url=os.environ.get(ENV_BASE_URL, ""),
        loopback_hint=os.environ.get(ENV_LOOPBACK_HINT, ""),
    )
