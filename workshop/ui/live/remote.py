"""The facilitator's remote: runs the room from a phone (or a laptop) while the projector shows
the big screen.

Next and previous segment, the countdown, reveal and hide, the room's counters (in the same
batches as the big screen, and saying why they wait), open and lock per step with its state,
the run of show, wall moderation, the end of the workshop, export and the report. Every control
is a native button named by what it acts on ("Lock 2 · Balance"). Widgets are built once;
`refresh` (every second) re-reads the session, the room and the wall and updates them in place.
Nothing here shows a nickname or a private reflection; wall text is escaped.
"""

from __future__ import annotations

import asyncio
import functools
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import ipywidgets as widgets

from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent
from workshop.html import escape
from workshop.live.figures import RoomSnapshot
from workshop.live.session import LiveSession, countdown
from workshop.live.slides import has_room_results
from workshop.services import live_session as live
from workshop.services.figures import RoomReader
from workshop.store import Store
from workshop.ui.base import error_html
from workshop.ui.live.controls import Control
from workshop.ui.live.ending import Downloads, EndPanel
from workshop.ui.live.presenter import every
from workshop.ui.live.style import REMOTE_CSS, stylesheet
from workshop.ui.live.wall import WallModeration

REFRESH_S = 1.0
TICK_S = 1.0
#: Dark red for a clock past its time (7.4:1 on white).
LATE_COLOUR = "#a4161a"


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
        *,
        served: bool = False,
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
        pair = self._segment_controls()
        self.reveal = Control(
            label("reveal"), on_click=self.toggle_reveal, classes=("workshop-reveal",)
        )
        self.reveal_note = widgets.HTML()
        self.reveal_note.add_class("workshop-reveal-note")
        self.counters = widgets.HTML()
        self.counters.add_class("workshop-counters")
        self.wall = WallModeration(store, session.code, label)
        self.ending = EndPanel(live_content, self.end_workshop, self.reopen_workshop)
        self.downloads = Downloads(live_content, served, self.export)
        if served:
            self.ending.takeaway = self.downloads.link.value
        self.message = widgets.HTML()
        self.widget = widgets.VBox(
            [
                stylesheet(REMOTE_CSS),
                self.heading,
                self.ending.banner,
                self.clock_html,
                pair,
                self.reveal.widget,
                self.reveal_note,
                self.counters,
                self._steps(),
                self._agenda(),
                widgets.HTML(f"<h3>{escape(label('room_wall'))}</h3>"),
                self.wall.widget,
                self.ending.widget,
                self.downloads.widget,
                self.message,
            ]
        )
        self.widget.add_class("workshop-remote")
        self.refresh()

    def _segment_controls(self) -> widgets.HBox:
        """Previous and next segment, side by side."""
        label = self.live.label
        self.previous = Control(
            label("previous_segment"),
            on_click=lambda: self.start_segment(self.session.segment - 1),
            classes=("workshop-previous",),
        )
        self.next = Control(
            label("next_segment"),
            on_click=lambda: self.start_segment(self.session.segment + 1),
            classes=("workshop-next", "workshop-primary"),
        )
        pair = widgets.HBox([self.previous.widget, self.next.widget])
        pair.add_class("workshop-remote-pair")
        return pair

    def _steps(self) -> widgets.VBox:
        """A row per step: its name, whether it is open, and the control that locks or opens it."""
        self.step_controls: dict[str, Control] = {}
        self.step_states: dict[str, widgets.HTML] = {}
        rows = []
        for step in self.live.steps:
            control = Control(
                "",
                on_click=functools.partial(self.toggle_step, step.id),
                classes=(f"workshop-step-toggle-{step.id}",),
            )
            state = widgets.HTML()
            self.step_controls[step.id] = control
            self.step_states[step.id] = state
            name = widgets.HTML(f"<b>{escape(step.label)}</b>")
            row = widgets.HBox([name, state, control.widget])
            row.add_class("workshop-remote-step")
            rows.append(row)
        return widgets.VBox(rows)

    def _agenda(self) -> widgets.VBox:
        """The run of show, each segment with a Start to jump to it."""
        label = self.live.label
        self.segment_rows: list[widgets.HTML] = []
        rows: list[widgets.Widget] = [widgets.HTML(f"<h3>{escape(label('run_of_show'))}</h3>")]
        for index, segment in enumerate(self.live.agenda):
            text = widgets.HTML()
            start = Control(
                label("start_segment"),
                label("start_named", segment=segment.title),
                on_click=functools.partial(self.start_segment, index),
            )
            row = widgets.HBox([text, start.widget])
            row.add_class("workshop-remote-segment-row")
            self.segment_rows.append(text)
            rows.append(row)
        return widgets.VBox(rows)

    # -- facilitator actions ----------------------------------------------------------------

    def start_segment(self, index: int) -> None:
        if not 0 <= index < len(self.live.agenda):
            return
        live.start_segment(self.store, self.session, self.live, index, self.clock())
        self.refresh()

    def toggle_step(self, step: str) -> None:
        live.set_step(self.store, self.session, step, step not in self.session.open_steps)
        self.refresh()

    def toggle_reveal(self) -> None:
        self.store.set_revealed(self.session.code, not self.session.revealed)
        self.refresh()

    def end_workshop(self, grace_minutes: int) -> None:
        self.session = live.end_workshop(self.store, self.session, grace_minutes, self.clock())
        self.refresh()

    def reopen_workshop(self) -> None:
        self.session = live.reopen_workshop(self.store, self.session)
        self.refresh()

    def export(self) -> Path | None:
        """Write the results beside the database (a notebook's Export; served, the remote
        links to a download instead) and offer the file."""
        from workshop.reports.results import export_results

        folder = self.export_dir or Path(os.environ.get("WORKSHOP_EXPORT_DIR", "."))
        path = folder / f"results-{self.session.code}.xlsx"
        try:
            export_results(self.store, self.content, self.session.code, path)
        except (OSError, ValueError) as exc:
            self.message.value = error_html(str(exc))
            return None
        self.downloads.written(path)
        return path

    # -- refresh ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the session, the room and the wall; update every widget in place."""
        latest = self.store.live_session(self.session.code)
        if latest is not None:
            self.session = latest
        self._show_pacing()
        self._show_steps()
        self._show_counters(self.reader.read())
        self.ending.show(self.session, self.clock())
        self.wall.refresh()

    def _segment_title(self, index: int) -> str:
        agenda = self.live.agenda
        return agenda[index].title if 0 <= index < len(agenda) else ""

    def _show_pacing(self) -> None:
        label, agenda, session = self.live.label, self.live.agenda, self.session
        current = self._segment_title(session.segment) or None
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
        before, after = session.segment - 1, session.segment + 1
        self.previous.show(
            label("previous_segment"),
            label("previous_named", segment=self._segment_title(before)) if before >= 0 else "",
            disabled=before < 0 or session.ended,
        )
        self.next.show(
            label("next_segment"),
            label("next_named", segment=self._segment_title(after)) if after < len(agenda) else "",
            disabled=after >= len(agenda) or session.ended,
        )
        for index, (row, segment) in enumerate(zip(self.segment_rows, agenda, strict=True)):
            here = index == session.segment
            length = label("segment_minutes", minutes=segment.minutes)
            value = (
                f"<span style='font-weight:{'700' if here else '400'}'>{'▶ ' if here else ''}"
                f"{escape(segment.title)} · {escape(length)}</span>"
            )
            if row.value != value:
                row.value = value
        self._show_reveal(agenda[session.segment].step if current is not None else None)
        self.tick()

    def _show_reveal(self, step: str | None) -> None:
        """Reveal only where the room has results to see (the wheel, the wall); on a private
        step, say why there is nothing to reveal."""
        label, revealed = self.live.label, self.session.revealed
        shown = has_room_results(step) and not self.session.ended
        self.reveal.visible(shown)
        self.reveal.show(
            label("hide") if revealed else label("reveal"),
            classes=("is-on",) if revealed else (),
        )
        note = "" if shown or step is None or self.session.ended else label("nothing_to_reveal")
        value = f"<small>{escape(note)}</small>" if note else ""
        if value != self.reveal_note.value:
            self.reveal_note.value = value

    def _show_steps(self) -> None:
        label = self.live.label
        for step in self.live.steps:
            is_open = step.id in self.session.open_steps
            self.step_controls[step.id].show(
                label("lock_step") if is_open else label("open_step"),
                label("lock_named" if is_open else "open_named", step=step.label),
                classes=("is-open",) if is_open else (),
            )
            word = label("step_is_open") if is_open else label("step_is_locked")
            state = "open" if is_open else "locked"
            value = f"<span class='workshop-step-state is-{state}'>{escape(word)}</span>"
            if self.step_states[step.id].value != value:
                self.step_states[step.id].value = value

    def _show_counters(self, room: RoomSnapshot) -> None:
        """Joined (live) and each step's completions (in the big screen's batches), as tiles,
        and why they move in groups."""
        label = self.live.label
        tiles = [(label("joined"), room.joined)]
        tiles += [(step.label, room.completed.get(step.id, 0)) for step in self.live.steps]
        cells = "".join(
            f"<div class='workshop-tile'>{escape(name)}<b>{n}</b></div>" for name, n in tiles
        )
        notes = [label("batch_note", k=room.k)]
        if room.waiting:
            notes.append(label("waiting_batch", n=room.waiting, k=room.k))
        note = "".join(f"<small>{escape(text)}</small>" for text in notes)
        value = f"<div class='workshop-tiles'>{cells}</div><div class='workshop-notes'>{note}</div>"
        if value != self.counters.value:
            self.counters.value = value

    def tick(self) -> None:
        """Update the countdown of the current segment (none once the workshop has ended)."""
        left = countdown(self.session, self.live, self.clock())
        if left is None:
            value = ""
        else:
            if left.time_up:
                word = self.live.label("time_up")
            else:
                word = self.live.label("overtime" if left.overtime else "time_left")
            colour = LATE_COLOUR if left.overtime or left.time_up else "#1b1b1b"
            value = (
                f"<span style='color:{colour}'>{left.clock}</span> "
                f"<span style='font-size:0.45em;font-weight:400'>{escape(word)}</span>"
            )
        if value != self.clock_html.value:
            self.clock_html.value = value

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
