"""What a server process serves: one room, read from the environment `serve` set.

Each server process (one, or several behind nginx) learns its room from the environment: the
database, the content and the session. Secrets are not in it: the facilitator's token is only
in the store, as a hash.
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
from workshop.server.gates import Limits
from workshop.server.hub import RoomHub
from workshop.services import live_session as live
from workshop.services.figures import RoomReader
from workshop.store import Store

#: How many attendee pages one process holds before new arrivals see "the room is full".
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

    def __post_init__(self) -> None:
        self.hub = RoomHub(self.store.live_session)
        self.reader = RoomReader(self.store, self.session_code, self.content, max_age_s=READ_AGE_S)

    @functools.cached_property
    def coaching(self) -> CoachingContent:
        """The coaching content beside the room's, for the reps' own pages (read when first
        asked for: most rooms never serve one)."""
        return load_coaching_content(self.content.source)

    def facilitator(self, token: str | None) -> bool:
        """Whether `token` is this session's facilitator token (see `facilitator_allowed`)."""
        return live.facilitator_allowed(self.store, self.session_code, token)


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
        loopback_hint=os.environ.get(ENV_LOOPBACK_HINT, ""),
    )
