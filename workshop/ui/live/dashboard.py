"""The facilitator dashboard: run of show, live counters, room results, the wall, export.

Widgets are built once. `refresh` (every 2 s in a kernel) reads the store and updates them in
place; the room board is redrawn only when what it shows has changed. Nothing here shows a
nickname or a private reflection; wall text is escaped wherever it becomes HTML.
"""

from __future__ import annotations

import asyncio
import base64
import io
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from workshop.content.keynote import Content, load_content
from workshop.content.live import LiveContent, load_live_content
from workshop.errors import WorkshopError
from workshop.html import escape
from workshop.live import operations as live
from workshop.live.session import LiveSession, countdown
from workshop.store import Store
from workshop.ui.base import error_html
from workshop.ui.live.wall import WallRow

REFRESH_S = 1.0
TICK_S = 1.0
#: The wall shows the newest entries; a big screen cannot show a thousand anyway.
WALL_SHOWN = 40


def qr_png(url: str, scale: int = 6) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


class Dashboard:
    def __init__(
        self,
        store: Store,
        content: Content,
        live_content: LiveContent,
        session: LiveSession,
        join_url: str | None = None,
        clock: Callable[[], datetime] = live.utcnow,
        export_dir: Path | None = None,
    ) -> None:
        self.store = store
        self.content = content
        self.live = live_content
        self.session = session
        self.clock = clock
        self.export_dir = export_dir
        self._board_key: tuple[object, ...] | None = None
        self._tasks: list[asyncio.Task[None]] = []
        label = live_content.label

        header = self._header(join_url)
        run_of_show = self._run_of_show()
        self._room_results()
        wall = self._wall()

        self.export_button = widgets.Button(description=label("export"), icon="download")
        self.export_button.on_click(lambda _b: self.export())
        self.export_link = widgets.HTML()
        self.message = widgets.HTML()

        self.widget = widgets.VBox(
            [
                header,
                run_of_show,
                self.counters,
                self.results,
                wall,
                widgets.HBox([self.export_button, self.export_link]),
                self.message,
            ]
        )
        self.widget.add_class("workshop-dashboard")
        self.refresh()

    def _header(self, join_url: str | None) -> widgets.HBox:
        """The title, the session code and join link, the reveal switch, the QR code."""
        label = self.live.label
        title = (
            f"<h2>{escape(self.content.settings.title)} · {escape(label('dashboard_title'))}</h2>"
        )
        big = "font-size:1.6em;letter-spacing:0.1em"
        join = (
            f"<b>{escape(label('session_code'))}: "
            f"<span style='{big}' class='workshop-session-code'>"
            f"{escape(self.session.code)}</span></b>"
        )
        if join_url:
            join += f"<br>{escape(label('join_at'))}: <code>{escape(join_url)}</code>"
        self.qr = widgets.Image(format="png", layout=widgets.Layout(width="180px"))
        if join_url:
            self.qr.value = qr_png(join_url)
        else:
            self.qr.layout.display = "none"
        self.reveal = widgets.ToggleButton(value=self.session.revealed, description=label("reveal"))
        self.reveal.observe(self._on_reveal, names="value")
        return widgets.HBox(
            [widgets.VBox([widgets.HTML(title), widgets.HTML(join), self.reveal]), self.qr]
        )

    def _run_of_show(self) -> widgets.VBox:
        """The agenda with a Start per segment, previous and next, the countdown, the steps."""
        label = self.live.label
        self.clock_html = widgets.HTML()
        self.clock_html.add_class("workshop-countdown")
        self.segment_rows: list[widgets.HTML] = []
        segment_boxes = []
        for index in range(len(self.live.agenda)):
            row = widgets.HTML()
            start = widgets.Button(description=label("start_segment"), layout={"width": "6em"})
            start.on_click(lambda _b, i=index: self.start_segment(i))
            self.segment_rows.append(row)
            segment_boxes.append(widgets.HBox([start, row]))
        self.previous = widgets.Button(description=label("previous_segment"), icon="backward")
        self.next = widgets.Button(description=label("next_segment"), icon="forward")
        self.previous.on_click(lambda _b: self.start_segment(self.session.segment - 1))
        self.next.on_click(lambda _b: self.start_segment(self.session.segment + 1))
        self.step_toggles: dict[str, widgets.ToggleButton] = {}
        for step in self.live.steps:
            toggle = widgets.ToggleButton(
                value=step.id in self.session.open_steps, description=step.label, icon="lock"
            )
            toggle.observe(lambda change, s=step.id: self._on_step(s, change), names="value")
            toggle.add_class(f"workshop-step-toggle-{step.id}")
            self.step_toggles[step.id] = toggle
        return widgets.VBox(
            [
                widgets.HTML(f"<h3>{escape(label('run_of_show'))}</h3>"),
                widgets.HBox([self.previous, self.next, self.clock_html]),
                *segment_boxes,
                widgets.HBox(list(self.step_toggles.values())),
            ]
        )

    def _room_results(self) -> None:
        """Counters, the waiting note, the room board and the top finders."""
        self.counters = widgets.HTML()
        self.counters.add_class("workshop-counters")
        self.waiting = widgets.HTML()
        self.waiting.add_class("workshop-waiting")
        # SVG: sharp on a projector, and a redraw costs a few milliseconds, not a PNG encode.
        self.wheel = widgets.HTML(layout=widgets.Layout(width="460px"))
        self.wheel.add_class("workshop-room-wheel")
        self.heatmap = widgets.HTML()
        self.heatmap.add_class("workshop-heatmap")
        self.ranking = widgets.HTML(layout=widgets.Layout(min_width="260px"))
        self.ranking.add_class("workshop-ranking")
        self.finders = widgets.HTML()
        self.finders.add_class("workshop-top-finders")
        self.board = widgets.HBox(
            [self.wheel, self.heatmap, self.ranking], layout=widgets.Layout(flex_flow="row wrap")
        )
        self.board.add_class("workshop-room-board")
        self.results = widgets.VBox([self.waiting, self.board, self.finders])
        self.results.add_class("workshop-room-results")

    def _wall(self) -> widgets.VBox:
        """The wall's heading and its entries, each with its Hide switch."""
        label = self.live.label
        self.wall_rows: dict[int, WallRow] = {}
        self.wall_box = widgets.VBox()
        self.wall_box.add_class("workshop-wall")
        return widgets.VBox([widgets.HTML(f"<h3>{escape(label('room_wall'))}</h3>"), self.wall_box])

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

    def _on_hide(self, entry_id: int, hidden: bool) -> None:
        self.store.set_wall_hidden(entry_id, hidden)
        self.refresh_wall()

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
        """Re-read the session and the room; update every widget in place."""
        latest = self.store.live_session(self.session.code)
        if latest is not None:
            self.session = latest
        self._show_pacing()
        self.refresh_room()
        self.refresh_wall()

    def _show_pacing(self) -> None:
        label = self.live.label
        for index, (row, segment) in enumerate(
            zip(self.segment_rows, self.live.agenda, strict=True)
        ):
            current = index == self.session.segment
            weight = "bold" if current else "normal"
            marker = "▶ " if current else ""
            length = label("segment_minutes", minutes=segment.minutes)
            row.value = (
                f"<span style='font-weight:{weight}'>{marker}{escape(segment.title)} "
                f"· {escape(length)}</span>"
            )
        for step, toggle in self.step_toggles.items():
            is_open = step in self.session.open_steps
            if toggle.value != is_open:
                toggle.value = is_open
            toggle.icon = "unlock" if is_open else "lock"
            toggle.button_style = "success" if is_open else ""
        if self.reveal.value != self.session.revealed:
            self.reveal.value = self.session.revealed
        self.reveal.description = label("hide") if self.session.revealed else label("reveal")
        self.tick()

    def tick(self) -> None:
        """Update the countdown of the current segment."""
        left = countdown(self.session, self.live, self.clock())
        if left is None:
            self.clock_html.value = ""
            return
        word = self.live.label("overtime") if left.overtime else self.live.label("time_left")
        colour = "#b00020" if left.overtime else "#1b1b1b"
        self.clock_html.value = (
            f"<span style='font-size:1.8em;color:{colour};font-variant-numeric:tabular-nums'>"
            f"{left.clock}</span> {escape(word)} · {escape(left.segment.title)}"
        )

    def refresh_room(self) -> None:
        from workshop.live.room import read_room

        snap = read_room(self.store, self.session.code, self.content)
        label = self.live.label
        parts = [f"<b>{escape(label('joined'))}: {snap.joined}</b>"]
        for step in self.live.steps:
            parts.append(f"{escape(step.label)}: {snap.completed.get(step.id, 0)}")
        self.counters.value = " · ".join(parts)

        self.results.layout.display = "flex" if self.session.revealed else "none"
        if not snap.visible:
            self.waiting.value = escape(label("waiting_for_k", k=snap.k, n=snap.answered))
            self.board.layout.display = "none"
            self.finders.value = ""
            self._board_key = None
            return
        self.waiting.value = ""
        if snap.hidden_categories:
            names = ", ".join(
                escape(self.content.balance.category(c).name) for c in snap.hidden_categories
            )
            self.waiting.value = f"<small>{escape(label('hidden_categories'))}: {names}</small>"
        from workshop.live.board import heatmap_html, ranking_html, room_wheel_svg

        key = snap.key()
        if key != self._board_key:
            self.wheel.value = room_wheel_svg(snap, self.content, self.live)
            self._board_key = key
        self.heatmap.value = heatmap_html(snap, self.content, label("distribution"))
        self.ranking.value = ranking_html(snap, self.content, label("top_out_of_balance"))
        self.board.layout.display = "flex"
        items = "".join(
            f"<li>{escape(finder)} <small>({escape(self.content.balance.category(cat).name)})"
            f"</small> · <b>{n}</b></li>"
            for finder, cat, n in snap.top_finders
        )
        self.finders.value = f"<h4>{escape(label('top_finders'))}</h4><ol>{items}</ol>"

    def refresh_wall(self) -> None:
        entries = self.store.wall_entries(self.session.code, newest=WALL_SHOWN)
        seen = set()
        for entry in entries:
            seen.add(entry.id)
            row = self.wall_rows.get(entry.id)
            if row is None:
                row = WallRow(
                    entry,
                    self._on_hide,
                    self.live.label("hide_entry"),
                    self.live.label("hidden_entry"),
                )
                self.wall_rows[entry.id] = row
            else:
                row.update(entry)
        for gone in set(self.wall_rows) - seen:
            del self.wall_rows[gone]
        children = tuple(self.wall_rows[e.id].widget for e in entries)
        if children != tuple(self.wall_box.children):
            self.wall_box.children = children

    # -- polling ----------------------------------------------------------------------------

    def start(self) -> None:
        """Poll the store from the kernel's event loop (no-op where no loop runs)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._tasks = [
            loop.create_task(_every(REFRESH_S, self.refresh, self.refresh_failed)),
            loop.create_task(_every(TICK_S, self.tick, self.refresh_failed)),
        ]

    def refresh_failed(self, exc: Exception) -> None:
        """Say on the dashboard that a refresh failed, and why (polling goes on)."""
        self.message.value = error_html(f"{self.live.label('refresh_failed')} ({exc})")


async def _every(
    seconds: float, action: Callable[[], None], failed: Callable[[Exception], None]
) -> None:
    while True:
        await asyncio.sleep(seconds)
        try:
            action()
        except (WorkshopError, sqlite3.Error, OSError) as exc:
            # A failed refresh (a busy or full disk) must not stop the polling; say so.
            failed(exc)


def dashboard_view(
    content_dir: str | Path | None = None, db: str | Path | None = None
) -> widgets.VBox:
    """The dashboard for the session `workshop serve` runs (or the current one, or a new one)."""
    content = load_content(content_dir)
    live_content = load_live_content(content.source)
    store = Store(db)
    code = os.environ.get("WORKSHOP_SESSION")
    session = store.live_session(code) if code else live.current_session(store)
    if session is None:
        session = live.start_session(store, content, live_content).session
    dashboard = Dashboard(
        store, content, live_content, session, join_url=os.environ.get("WORKSHOP_JOIN_URL")
    )
    dashboard.start()
    return dashboard.widget
