"""The attendee app of a live session: join, then the exercises as steps the facilitator opens.

Steps the facilitator has not opened are visible but locked, and unlock live as the room's
state changes. Served, one reader per server process follows that state and tells every page
(`follow`); in JupyterLab the app polls the store itself. Each step's view is built the first
time it is opened, so joining is quick and a page stays light. A browser is one attendee: its
device id finds the same attendee again in another tab, and a resume code on any device.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Literal, Protocol
from urllib.parse import parse_qs

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle

from workshop.content.keynote import KeynoteContent, load_content
from workshop.content.live import LiveContent, load_live_content
from workshop.errors import ResumeCodeError, StoreError, WorkshopError
from workshop.html import escape
from workshop.keynote.answers import Attendee
from workshop.live.session import LiveSession, SessionError
from workshop.services import attendee as attendees
from workshop.services import live_session as live
from workshop.store import Store
from workshop.ui.base import error_html, refusal_text
from workshop.ui.keynote.context import AttendeeContext
from workshop.ui.live.steps import BUILDERS
from workshop.ui.live.style import ATTENDEE_CSS, stylesheet

POLL_S = 2.0

Action = Literal["join", "resume"]
#: `follow(code, listener)` calls `listener` with the session each time it changes, and returns
#: a function that stops following.
Follow = Callable[[str, Callable[[LiveSession], None]], Callable[[], None]]


class Gate(Protocol):
    """What the server allows this page: how often it may try to join or resume."""

    def allow(self, action: Action) -> bool: ...

    def refused(self, action: Action) -> None: ...


class LiveApp:
    def __init__(
        self,
        store: Store,
        content: KeynoteContent,
        live_content: LiveContent,
        session_code: str | None = None,
        resume_code: str | None = None,
        clock: Callable[[], datetime] = live.utcnow,
        *,
        device: str | None = None,
        follow: Follow | None = None,
        gate: Gate | None = None,
    ) -> None:
        self.store = store
        self.content = content
        self.live = live_content
        self.clock = clock
        self.device = device
        self.follow = follow
        self.gate = gate
        self.session: LiveSession | None = None
        self.context: AttendeeContext | None = None
        self.current: str | None = None
        self._completed: frozenset[str] | None = None
        self._task: asyncio.Task[None] | None = None
        self._unfollow: Callable[[], None] | None = None
        self.join_screen = self._join_screen(session_code)
        self.main = self._steps_screen()
        self.widget = widgets.VBox([stylesheet(ATTENDEE_CSS), self.join_screen, self.main])
        self.widget.add_class("workshop-live-app")

        if resume_code:
            self.resume(resume_code)
        elif device and session_code:
            self._come_back(session_code, device)

    def _join_screen(self, session_code: str | None) -> widgets.VBox:
        """The session code (filled in from the link), a nickname, Join, and Resume."""
        label, settings = self.live.label, self.content.settings
        # Layouts and styles that never change are shared (see `_steps_screen`).
        plain, text_style, buttons = widgets.Layout(), HTMLStyle(), widgets.ButtonStyle()
        self.code_input = widgets.Text(
            value=session_code or "",
            description=label("session_code"),
            style={"description_width": "initial"},
        )
        self.nickname = widgets.Text(
            description=settings.label("nickname"), style={"description_width": "initial"}
        )
        self.join_button = widgets.Button(
            description=label("join_button"), button_style="primary", layout=plain, style=buttons
        )
        self.join_button.on_click(lambda _b: self.join())
        self.resume_input = widgets.Text(placeholder=settings.label("resume_placeholder"))
        self.resume_button = widgets.Button(
            description=settings.label("resume_button"), layout=plain, style=buttons
        )
        self.resume_button.on_click(lambda _b: self.resume(self.resume_input.value))
        self.join_message = widgets.HTML(layout=plain, style=text_style)
        self.join_message.add_class("workshop-join-message")
        screen = widgets.VBox(
            [
                widgets.HTML(
                    f"<h2>{escape(settings.title)}</h2>"
                    f"<h3>{escape(label('join_title'))}</h3>"
                    f"<p>{escape(label('join_intro'))}</p>",
                    layout=plain,
                    style=text_style,
                ),
                self.code_input,
                self.nickname,
                self.join_button,
                widgets.HTML(
                    f"<p>{escape(settings.label('code_hint'))}</p>", layout=plain, style=text_style
                ),
                widgets.HBox([self.resume_input, self.resume_button], layout=plain),
                self.join_message,
            ]
        )
        screen.add_class("workshop-join")
        return screen

    def _steps_screen(self) -> widgets.VBox:
        """A button per step, a box per step (built when first opened), and the locked note."""
        steps = self.live.steps
        self.hello = widgets.HTML()
        self.hello.add_class("workshop-hello")
        self.step_buttons: dict[str, widgets.Button] = {}
        # The step buttons and boxes share one layout and one style that never change: every
        # widget of a served page is sent to its browser, and a room joins all at once.
        plain, button_style = widgets.Layout(), widgets.ButtonStyle()
        for step in steps:
            button = widgets.Button(description=step.label, layout=plain, style=button_style)
            button.on_click(lambda _b, s=step.id: self.show_step(s))
            button.add_class(f"workshop-step-{step.id}")
            self.step_buttons[step.id] = button
        self.step_boxes: dict[str, widgets.VBox] = {s.id: widgets.VBox(layout=plain) for s in steps}
        self.stack = widgets.Stack(list(self.step_boxes.values()), selected_index=None)
        self.locked = widgets.HTML()
        self.locked.add_class("workshop-locked")
        self.ended = widgets.HTML(layout=widgets.Layout(display="none"))
        self.ended.add_class("workshop-ended-note")
        nav = widgets.HBox(list(self.step_buttons.values()))
        nav.add_class("workshop-step-nav")
        screen = widgets.VBox([self.hello, self.ended, nav, self.locked, self.stack])
        screen.layout.display = "none"
        return screen

    # -- joining ----------------------------------------------------------------------------

    def _allowed(self, action: Action) -> bool:
        """Whether the server lets this page try now; if not, say so and try nothing."""
        if self.gate is None or self.gate.allow(action):
            return True
        self.join_message.value = error_html(self.live.label("slow_down"))
        return False

    def join(self) -> bool:
        if not self._allowed("join"):
            return False
        try:
            entered = attendees.join_room(
                self.store,
                self.code_input.value,
                self.nickname.value,
                self.device,
                at=self.clock(),
            )
        except SessionError as exc:
            self._refuse(exc, self.code_input.value)
            return False
        except StoreError as exc:
            self.join_message.value = error_html(str(exc))
            return False
        except WorkshopError as exc:  # a nickname the rules refuse
            self.join_message.value = error_html(refusal_text(exc, self.content.settings.labels))
            return False
        self._enter(entered.session, entered.attendee)
        return True

    def resume(self, resume_code: str) -> bool:
        """Come back with a resume code: to this session (from the URL or typed) or theirs."""
        if not self._allowed("resume"):
            return False
        try:
            entered = attendees.resume_in_room(
                self.store, self.code_input.value, resume_code, self.clock()
            )
        except SessionError as exc:
            self._refuse(exc, self.code_input.value or resume_code)
            return False
        except ResumeCodeError:
            if self.gate is not None:
                self.gate.refused("resume")
            self.join_message.value = error_html(
                f"{self.content.settings.label('unknown_code')} ({resume_code.strip()})"
            )
            return False
        self._enter(entered.session, entered.attendee)
        return True

    def _come_back(self, session_code: str, device: str) -> None:
        """A browser that joined this session before is that attendee again, with no typing."""
        entered = attendees.come_back(self.store, session_code, device, self.clock())
        if entered is not None:
            self._enter(entered.session, entered.attendee)

    def _refuse(self, exc: SessionError, typed: str) -> None:
        """Say it in the content's words, with the code as typed (the message is English)."""
        reasons = {"expired": "expired_session", "full": "room_full", "ended": "workshop_ended"}
        key = reasons.get(exc.reason, "wrong_session")
        shown = f" ({typed.strip()})" if typed.strip() else ""
        self.join_message.value = error_html(f"{self.live.label(key)}{shown}")

    def _enter(self, session: LiveSession, attendee: Attendee) -> None:
        self.session = session
        self.context = AttendeeContext(self.content, self.store, attendee, self.live.labels)
        self.context.on_saved(self.record_progress)
        greeting = escape(self.live.label("hello"))
        if attendee.nickname:
            greeting += f", {escape(attendee.nickname)}"
        code_label = escape(self.content.settings.label("your_code"))
        self.hello.value = (
            f"<b>{greeting}</b> · {code_label}: <b class='workshop-resume-code' "
            f"style='font-size:1.3em;letter-spacing:0.1em;white-space:nowrap'>"
            f"{escape(attendee.code_display)}</b>"
        )
        self.join_screen.layout.display = "none"
        self.main.layout.display = "flex"
        self.apply(session)
        self.record_progress()
        first_open = next((s.id for s in self.live.steps if session.is_open(s.id)), None)
        if session.ended and session.is_open("card"):
            first_open = "card"
        if first_open is not None:
            self.show_step(first_open)
        if self.follow is not None and self._unfollow is None:
            self._unfollow = self.follow(session.code, self.apply)

    # -- steps ------------------------------------------------------------------------------

    def show_step(self, step: str) -> None:
        if self.session is None or self.context is None:
            return
        if not self.session.is_open(step):
            self.locked.value = (
                f"{escape(self.live.label('locked_badge'))} <b>{escape(self.live.step_label(step))}"
                f"</b>: {escape(self.live.label('locked'))}"
            )
            return
        self.locked.value = ""
        box = self.step_boxes[step]
        if not box.children:
            box.children = (BUILDERS[step](self.context, self.live),)
        self.current = step
        self.stack.selected_index = list(self.step_boxes).index(step)
        for step_id, button in self.step_buttons.items():
            button.button_style = "primary" if step_id == step else ""

    def apply(self, session: LiveSession) -> None:
        """Follow the facilitator: show which steps are open, and leave a step they locked."""
        if self.context is None:
            return
        newly_ended = session.ended and (self.session is None or not self.session.ended)
        self.session = session
        self._show_end(session)
        if newly_ended and "card" in self.step_boxes and session.is_open("card"):
            self.show_step("card")  # what an attendee takes home is what is left to do
        badge = self.live.label("locked_badge")
        for step in self.live.steps:
            button = self.step_buttons[step.id]
            is_open = session.is_open(step.id)
            button.description = step.label if is_open else f"{badge} {step.label}"
            button.tooltip = "" if is_open else self.live.label("locked")
        if self.current is not None and not session.is_open(self.current):
            self.stack.selected_index = None
            self.show_step(self.current)
            self.current = None
        elif self.current is None:
            first_open = next((s.id for s in self.live.steps if session.is_open(s.id)), None)
            if first_open is not None:
                self.show_step(first_open)
            else:
                self.locked.value = (
                    f"<div class='workshop-waiting-note'>{escape(self.live.label('waiting'))}</div>"
                )

    def _show_end(self, session: LiveSession) -> None:
        """Once the workshop has ended: say so, and until when answers can still change."""
        if not session.ended:
            self.ended.layout.display = "none"
            return
        label = self.live.label
        if session.answers_open(self.clock()) and session.locks_at is not None:
            when = label("locks_at", time=f"{session.locks_at.astimezone():%H:%M}")
        else:
            when = label("answers_locked_note")
        self.ended.value = (
            f"<div class='workshop-waiting-note' role='status'><b>"
            f"{escape(label('workshop_ended'))}</b> {escape(when)}</div>"
        )
        self.ended.layout.display = "block"

    def record_progress(self) -> None:
        """Record which steps this attendee has finished, for the room's counters."""
        if self.context is None:
            return
        attendee = self.context.attendee
        progress = attendees.record_progress(
            self.store, self.content, attendee.id, known=self._completed
        )
        self._completed = progress.done

    def poll(self) -> None:
        """Read the session from the store once, as a server's reader would."""
        if self.session is None:
            return
        latest = self.store.live_session(self.session.code)
        if latest is not None:
            self.apply(latest)

    def start(self) -> None:
        """Poll the store from the kernel's event loop (no-op where no loop runs): for a page
        with no server to follow the room for it (JupyterLab, Voilà)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._task = loop.create_task(self._poll_forever())

    async def _poll_forever(self) -> None:
        while True:
            await asyncio.sleep(POLL_S)
            try:
                self.poll()
            except (WorkshopError, OSError):
                # In the content's words; the next poll tries again.
                self.locked.value = error_html(self.live.label("refresh_failed"))

    def close(self) -> None:
        """Stop following the room (the page is gone)."""
        if self._unfollow is not None:
            self._unfollow()
            self._unfollow = None
        if self._task is not None:
            self._task.cancel()


def live_app(content_dir: str | Path | None = None, db: str | Path | None = None) -> widgets.VBox:
    """The attendee app, reading ``?session=`` and ``?code=`` from the page URL."""
    import os

    content = load_content(content_dir)
    live_content = load_live_content(content.source)
    query = parse_qs(os.environ.get("QUERY_STRING", ""))
    session_code = next(iter(query.get("session") or query.get("s") or []), None)
    resume_code = next(iter(query.get("code") or []), None)
    app = LiveApp(Store(db), content, live_content, session_code, resume_code)
    app.start()
    return app.widget
