"""The big screen: the slide the projector shows, following the facilitator by itself.

One HTML widget holds the whole slide (`workshop.live.slides`); a refresh rebuilds the slide
from the session, the room's published figures and the wall, and sends it only when it changed.
It has no controls: the facilitator drives it from the remote.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import ipywidgets as widgets

from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent
from workshop.errors import WorkshopError
from workshop.live.session import LiveSession
from workshop.live.slides import Screen, qr_svg, slide
from workshop.live.wall import WallGroup, group_wall
from workshop.services.figures import RoomReader
from workshop.store import Store

REFRESH_S = 1.0


class Presenter:
    def __init__(
        self,
        store: Store,
        content: KeynoteContent,
        live_content: LiveContent,
        session: LiveSession,
        join_url: str | None = None,
        reader: RoomReader | None = None,
        loopback_hint: str = "",
    ) -> None:
        self.store = store
        self.content = content
        self.live = live_content
        self.session = session
        self.join_url = join_url
        self.loopback_hint = loopback_hint
        self.reader = reader or RoomReader(store, session.code, content)
        self.qr = qr_svg(join_url) if join_url else ""
        self.widget = widgets.HTML()
        self.widget.add_class("workshop-presenter-page")
        self._task: asyncio.Task[None] | None = None
        self._wall: tuple[tuple[object, ...], list[WallGroup]] = ((), [])
        self.refresh()

    def screen(self) -> Screen:
        latest = self.store.live_session(self.session.code)
        if latest is not None:
            self.session = latest
        fingerprint = self.store.wall_fingerprint(self.session.code)
        if fingerprint != self._wall[0]:
            self._wall = (fingerprint, group_wall(self.store.wall_entries(self.session.code)))
        return Screen(
            self.session,
            self.reader.read(),
            self._wall[1],
            self.join_url,
            self.qr,
            self.loopback_hint,
        )

    def refresh(self) -> None:
        html = slide(self.content, self.live, self.screen())
        if html != self.widget.value:
            self.widget.value = html

    def start(self) -> None:
        """Refresh from the kernel's event loop (no-op where no loop runs)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._task = loop.create_task(every(REFRESH_S, self.refresh))

    def close(self) -> None:
        if self._task is not None:
            self._task.cancel()


async def every(
    seconds: float,
    action: Callable[[], None],
    failed: Callable[[Exception], None] | None = None,
) -> None:
    """Call `action` every `seconds` until cancelled; a failed read (a busy or full disk) is
    told to `failed` and tried again on the next round."""
    while True:
        await asyncio.sleep(seconds)
        try:
            action()
        except (WorkshopError, OSError) as exc:
            if failed is not None:
                failed(exc)
