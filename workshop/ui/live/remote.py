"""The facilitator's remote: runs the room from a phone (or a laptop) while the projector shows
the big screen.

Next and previous segment, the countdown, open and lock per step, reveal and hide, the room's
counters (in the same batches as the big screen), wall moderation and export. Widgets are built
once; `refresh` (every second) re-reads the session, the room and the wall and updates them in
place. Nothing here shows a nickname or a private reflection; wall text is escaped.
"""

from __future__ import annotations

import asyncio
import base64
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent
from workshop.html import escape
from workshop.live.figures import RoomSnapshot
from workshop.live.session import LiveSession, countdown
from workshop.services import live_session as live
from workshop.services.figures import RoomReader
from workshop.store import Store
from workshop.ui.base import error_html
from workshop.ui.live.presenter import every
from workshop.ui.live.style import REMOTE_CSS, stylesheet
from workshop.ui.live.wall import WallModeration

REFRESH_S = 1.0
TICK_S = 1.0


class Remote:
    def __init__(
        self,
        store: Store,
        content: KeynoteContent,
        live_content: LiveContent,
        session: LiveSession,
        clock: Callable[[], datetime] = live.utcnow,
        export_dir: Path | None = None,
        reader: RoomReader | None = None,
    ) -> None:
        self.store = store
        self.content = content
        self.live = live_content
        self.session = session
        self.clock = clock
        self.export_dir = export_dir
        self.reader = reader or RoomReader(store, session.code, content)
        self._tasks: list[asyncio.Task[None]] = []
        label = live_content.label

        self.heading = widgets.HTML()
        self.clock_html = widgets.HTML()
        self.clock_html.add_class("workshop-countdown")
        self.previous = widgets.Button(description=label("previous_segment"), icon="backward")
        self.next = widgets.Button(description=label("next_segment"), icon="forward")
        self.previous.on_click(lambda _b: self.start_segment(self.session.segment - 1))
        self.next.on_click(lambda _b: self.start_segment(self.session.segment + 1))
        pair = widgets.HBox([self.previous, self.next])
        pair.add_class("workshop-remote-pair")
        self.reveal = widgets.ToggleButton(value=self.session.revealed, icon="eye")
        self.reveal.add_class("workshop-remote-wide")
        self.reveal.add_class("workshop-reveal")
        self.reveal.observe(self._on_reveal, names="value")
        self.counters = widgets.HTML()
        self.counters.add_class("workshop-counters")
        self.wall = WallModeration(store, session.code, label)
        self.message = widgets.HTML()
        self.widget = widgets.VBox(
            [
                stylesheet(REMOTE_CSS),
                self.heading,
                self.clock_html,
                pair,
                self.reveal,
                self.counters,
                self._steps(),
                self._agenda(),
                widgets.HTML(f"<h3>{escape(label('room_wall'))}</h3>"),
                self.wall.widget,
                self._export(),
                self.message,
            ]
        )
        self.widget.add_class("workshop-remote")
        self.refresh()

    def _steps(self) -> widgets.VBox:
        """A row per step: its name and the switch that opens or locks it."""
        self.step_toggles: dict[str, widgets.ToggleButton] = {}
        rows = []
        for step in self.live.steps:
            toggle = widgets.ToggleButton(value=step.id in self.session.open_steps)
            toggle.observe(lambda change, s=step.id: self._on_step(s, change), names="value")
            toggle.add_class(f"workshop-step-toggle-{step.id}")
            self.step_toggles[step.id] = toggle
            row = widgets.HBox([widgets.HTML(f"<b>{escape(step.label)}</b>"), toggle])
            row.add_class("workshop-remote-step")
            rows.append(row)
        return widgets.VBox(rows)

    def _agenda(self) -> widgets.VBox:
        """The run of show, each segment with a Start to jump to it."""
        label = self.live.label
        self.segment_rows: list[widgets.HTML] = []
        rows: list[widgets.Widget] = [widgets.HTML(f"<h3>{escape(label('run_of_show'))}</h3>")]
        for index in range(len(self.live.agenda)):
            text = widgets.HTML()
            start = widgets.Button(description=label("start_segment"))
            start.on_click(lambda _b, i=index: self.start_segment(i))
            row = widgets.HBox([text, start])
            row.add_class("workshop-remote-step")
            self.segment_rows.append(text)
            rows.append(row)
        return widgets.VBox(rows)

    def _export(self) -> widgets.VBox:
        self.export_button = widgets.Button(description=self.live.label("export"), icon="download")
        self.export_button.add_class("workshop-remote-wide")
        self.export_button.on_click(lambda _b: self.export())
        self.export_link = widgets.HTML()
        return widgets.VBox([self.export_button, self.export_link])

    # -- facilitator actions ----------------------------------------------------------------

    def start_segment(self, index: int) -> None:
        if not 0 <= index < len(self.live.agenda):
            return
        live.start_segment(self.store, self.session, self.live, index, self.clock())
        self.refresh()

    def _on_step(self, step: str, change: dict[str, Any]) -> None:
        if bool(change["new"]) != (step in self.session.open_steps):
            live.set_step(self.store, self.session, step, bool(change["new"]))
            self.refresh()

    def _on_reveal(self, change: dict[str, Any]) -> None:
        # A refresh that only mirrors the stored state must not write it back.
        if bool(change["new"]) != self.session.revealed:
            self.store.set_revealed(self.session.code, bool(change["new"]))
            self.refresh()

    def export(self) -> Path | None:
        from workshop.reports.results import export_results

        folder = self.export_dir or Path(os.environ.get("WORKSHOP_EXPORT_DIR", "."))
        path = folder / f"results-{self.session.code}.xlsx"
        try:
            export_results(self.store, self.content, self.session.code, path)
        except (OSError, ValueError) as exc:
            self.message.value = error_html(str(exc))
            return None
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        self.export_link.value = (
            f"<a download='{escape(path.name)}' href='data:{mime};base64,{data}'>"
            f"{escape(self.live.label('exported'))}: {escape(path.name)}</a>"
        )
        return path

    # -- refresh ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the session, the room and the wall; update every widget in place."""
        latest = self.store.live_session(self.session.code)
        if latest is not None:
            self.session = latest
        self._show_pacing()
        self._show_counters(self.reader.read())
        self.wall.refresh()

    def _show_pacing(self) -> None:
        label, agenda, session = self.live.label, self.live.agenda, self.session
        current = agenda[session.segment].title if 0 <= session.segment < len(agenda) else None
        where = (
            label("segment_of", n=session.segment + 1, total=len(agenda))
            if current is not None
            else label("not_started")
        )
        self.heading.value = (
            f"<div style='font-size:1.1em'><b>{escape(self.content.settings.title)}</b> · "
            f"{escape(label('session_code'))} <b style='white-space:nowrap'>"
            f"{escape(session.code)}</b></div><div class='workshop-remote-segment'>"
            f"{escape(where)}{' · ' + escape(current) if current else ''}</div>"
        )
        self.previous.disabled = session.segment <= 0
        self.next.disabled = session.segment >= len(agenda) - 1
        for index, (row, segment) in enumerate(zip(self.segment_rows, agenda, strict=True)):
            here = index == session.segment
            length = label("segment_minutes", minutes=segment.minutes)
            row.value = (
                f"<span style='font-weight:{'700' if here else '400'}'>{'▶ ' if here else ''}"
                f"{escape(segment.title)} · {escape(length)}</span>"
            )
        for step, toggle in self.step_toggles.items():
            is_open = step in session.open_steps
            if toggle.value != is_open:
                toggle.value = is_open
            toggle.description = label("lock_step") if is_open else label("open_step")
            toggle.icon = "unlock" if is_open else "lock"
            toggle.button_style = "success" if is_open else ""
        if self.reveal.value != session.revealed:
            self.reveal.value = session.revealed
        self.reveal.description = label("hide") if session.revealed else label("reveal")
        self.reveal.button_style = "warning" if session.revealed else "info"
        self.tick()

    def _show_counters(self, room: RoomSnapshot) -> None:
        """Joined (live) and each step's completions (in the big screen's batches), as tiles."""
        label = self.live.label
        tiles = [(label("joined"), room.joined)]
        tiles += [(step.label, room.completed.get(step.id, 0)) for step in self.live.steps]
        cells = "".join(
            f"<div class='workshop-tile'>{escape(name)}<b>{n}</b></div>" for name, n in tiles
        )
        note = ""
        if room.waiting:
            note = f"<small>{escape(label('waiting_batch', n=room.waiting, k=room.k))}</small>"
        self.counters.value = f"<div class='workshop-tiles'>{cells}</div>{note}"

    def tick(self) -> None:
        """Update the countdown of the current segment."""
        left = countdown(self.session, self.live, self.clock())
        if left is None:
            self.clock_html.value = ""
            return
        word = self.live.label("overtime") if left.overtime else self.live.label("time_left")
        colour = "#b00020" if left.overtime else "#1b1b1b"
        self.clock_html.value = (
            f"<span style='color:{colour}'>{left.clock}</span> "
            f"<span style='font-size:0.45em;font-weight:400'>{escape(word)}</span>"
        )

    # -- polling ----------------------------------------------------------------------------

    def start(self) -> None:
        """Poll the store from the kernel's event loop (no-op where no loop runs)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._tasks = [
            loop.create_task(every(REFRESH_S, self.refresh, self.refresh_failed)),
            loop.create_task(every(TICK_S, self.tick, self.refresh_failed)),
        ]

    def refresh_failed(self, exc: Exception) -> None:
        """Say on the remote that a refresh failed, and why (polling goes on)."""
        self.message.value = error_html(f"{self.live.label('refresh_failed')} ({exc})")

    def close(self) -> None:
        for task in self._tasks:
            task.cancel()
