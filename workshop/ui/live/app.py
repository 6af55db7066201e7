"""The attendee app of a live session: join, then the exercises as steps the facilitator opens.

Steps the facilitator has not opened are visible but locked; the kernel polls the store and
unlocks them live. Each step's view is built the first time it is opened, so joining is
quick and the kernel stays light. Reloading, or another device with ``?code=``, resumes.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs

import ipywidgets as widgets

from workshop.content.keynote import Content, load_content
from workshop.content.live import LiveContent, load_live_content
from workshop.errors import ResumeCodeError, StoreError, WorkshopError
from workshop.html import escape
from workshop.keynote.answers import Attendee
from workshop.keynote.completion import completed_steps
from workshop.live import operations as live
from workshop.live.session import LiveSession, SessionError, check_nickname
from workshop.reports.card import CardFiles
from workshop.store import Store
from workshop.ui.base import error_html, refusal_text
from workshop.ui.keynote.context import AttendeeContext

POLL_S = 2.0

StepBuilder = Callable[[AttendeeContext, LiveContent], widgets.Widget]


def _do_over(context: AttendeeContext, _live: LiveContent) -> widgets.Widget:
    from workshop.ui.keynote.do_over import DoOverView

    return DoOverView(context).widget


def _balance(context: AttendeeContext, _live: LiveContent) -> widgets.Widget:
    from workshop.ui.keynote.balance import BalanceView

    # SVG, not matplotlib: a live room's kernels stay light enough for 300 per machine.
    return BalanceView(context, wheel="svg").widget


def _impact(context: AttendeeContext, _live: LiveContent) -> widgets.Widget:
    from workshop.ui.keynote.impact import ImpactView

    return ImpactView(context).widget


def _menu(context: AttendeeContext, live_content: LiveContent) -> widgets.Widget:
    from workshop.ui.keynote.menu import MenuView
    from workshop.ui.live.wall import WallShareView

    menu = MenuView(context)
    wall = WallShareView(context, live_content)
    # The wall offers what the menu holds, so it follows the menu's saves.
    menu.saver.on_saved(wall.refresh)
    return widgets.VBox([menu.widget, wall.widget])


def _card(context: AttendeeContext, _live: LiveContent) -> widgets.Widget:
    from workshop.reports.card_render import render_in_subprocess
    from workshop.ui.keynote.card import CardView

    def render(page: AttendeeContext) -> CardFiles:
        # Out of this kernel: matplotlib in every attendee kernel would cost ~45 MB each.
        return render_in_subprocess(
            page.store.path.resolve(), page.content.source, page.attendee.id
        )

    return CardView(context, renderer=render).widget


BUILDERS: dict[str, StepBuilder] = {
    "do_over": _do_over,
    "balance": _balance,
    "impact": _impact,
    "menu": _menu,
    "card": _card,
}


class LiveApp:
    def __init__(
        self,
        store: Store,
        content: Content,
        live_content: LiveContent,
        session_code: str | None = None,
        resume_code: str | None = None,
        clock: Callable[[], datetime] = live.utcnow,
    ) -> None:
        self.store = store
        self.content = content
        self.live = live_content
        self.clock = clock
        self.session: LiveSession | None = None
        self.context: AttendeeContext | None = None
        self.current: str | None = None
        self._completed: frozenset[str] | None = None
        self._task: asyncio.Task[None] | None = None
        self.join_screen = self._join_screen(session_code)
        self.main = self._steps_screen()
        self.widget = widgets.VBox([self.join_screen, self.main])
        self.widget.add_class("workshop-live-app")

        if resume_code:
            self.resume(resume_code)

    def _join_screen(self, session_code: str | None) -> widgets.VBox:
        """The session code (filled in from the link), a nickname, Join, and Resume."""
        label, settings = self.live.label, self.content.settings
        self.code_input = widgets.Text(
            value=session_code or "",
            description=label("session_code"),
            style={"description_width": "initial"},
        )
        self.nickname = widgets.Text(
            description=settings.label("nickname"), style={"description_width": "initial"}
        )
        self.join_button = widgets.Button(description=label("join_button"), button_style="primary")
        self.join_button.on_click(lambda _b: self.join())
        self.resume_input = widgets.Text(placeholder=settings.label("resume_placeholder"))
        self.resume_button = widgets.Button(description=settings.label("resume_button"))
        self.resume_button.on_click(lambda _b: self.resume(self.resume_input.value))
        self.join_message = widgets.HTML()
        self.join_message.add_class("workshop-join-message")
        screen = widgets.VBox(
            [
                widgets.HTML(
                    f"<h2>{escape(settings.title)}</h2>"
                    f"<h3>{escape(label('join_title'))}</h3>"
                    f"<p>{escape(label('join_intro'))}</p>"
                ),
                self.code_input,
                self.nickname,
                self.join_button,
                widgets.HTML(f"<p>{escape(settings.label('code_hint'))}</p>"),
                widgets.HBox([self.resume_input, self.resume_button]),
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
        for step in steps:
            button = widgets.Button(description=step.label, layout=widgets.Layout(width="auto"))
            button.on_click(lambda _b, s=step.id: self.show_step(s))
            button.add_class(f"workshop-step-{step.id}")
            self.step_buttons[step.id] = button
        self.step_boxes: dict[str, widgets.VBox] = {s.id: widgets.VBox() for s in steps}
        self.stack = widgets.Stack(list(self.step_boxes.values()), selected_index=None)
        self.locked = widgets.HTML()
        self.locked.add_class("workshop-locked")
        screen = widgets.VBox(
            [self.hello, widgets.HBox(list(self.step_buttons.values())), self.locked, self.stack]
        )
        screen.layout.display = "none"
        return screen

    # -- joining ----------------------------------------------------------------------------

    def join(self) -> bool:
        try:
            check_nickname(self.nickname.value)
        except WorkshopError as exc:
            self.join_message.value = error_html(refusal_text(exc, self.content.settings.labels))
            return False
        try:
            session, attendee = live.join(
                self.store, self.code_input.value, self.nickname.value, self.clock()
            )
        except SessionError as exc:
            self._refuse(exc, self.code_input.value)
            return False
        except StoreError as exc:
            self.join_message.value = error_html(str(exc))
            return False
        self._enter(session, attendee)
        return True

    def resume(self, resume_code: str) -> bool:
        """Come back with a resume code: to this session (from the URL or typed) or theirs."""
        try:
            attendee = self.store.attendee_by_code(resume_code)
            typed = self.code_input.value.strip()
            code = typed or attendee.session_code
            if code is None:
                raise SessionError("that resume code does not belong to a live session", "wrong")
            session = live.find_session(self.store, code, self.clock())
            attendee = live.resume(self.store, session, resume_code)
        except SessionError as exc:
            self._refuse(exc, self.code_input.value or resume_code)
            return False
        except ResumeCodeError:
            self.join_message.value = error_html(
                f"{self.content.settings.label('unknown_code')} ({resume_code.strip()})"
            )
            return False
        self._enter(session, attendee)
        return True

    def _refuse(self, exc: SessionError, typed: str) -> None:
        """Say it in the content's words, with the code as typed (the message is English)."""
        key = "expired_session" if exc.reason == "expired" else "wrong_session"
        shown = f" ({typed.strip()})" if typed.strip() else ""
        self.join_message.value = error_html(f"{self.live.label(key)}{shown}")

    def _enter(self, session: LiveSession, attendee: Attendee) -> None:
        self.session = session
        self.context = AttendeeContext(self.content, self.store, attendee)
        greeting = escape(self.live.label("hello"))
        if attendee.nickname:
            greeting += f", {escape(attendee.nickname)}"
        code_label = escape(self.content.settings.label("your_code"))
        self.hello.value = (
            f"<b>{greeting}</b> · {code_label}: <b class='workshop-resume-code' "
            f"style='font-size:1.3em;letter-spacing:0.1em'>{escape(attendee.code_display)}</b>"
        )
        self.join_screen.layout.display = "none"
        self.main.layout.display = "flex"
        self.poll()
        first_open = next((s.id for s in self.live.steps if session.is_open(s.id)), None)
        if first_open is not None:
            self.show_step(first_open)

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

    def poll(self) -> None:
        """Follow the facilitator: lock and unlock steps; record this attendee's progress."""
        if self.session is None or self.context is None:
            return
        latest = self.store.live_session(self.session.code)
        if latest is not None:
            self.session = latest
        badge = self.live.label("locked_badge")
        for step in self.live.steps:
            button = self.step_buttons[step.id]
            is_open = self.session.is_open(step.id)
            button.description = step.label if is_open else f"{badge} {step.label}"
            button.tooltip = "" if is_open else self.live.label("locked")
        if self.current is not None and not self.session.is_open(self.current):
            self.stack.selected_index = None
            self.show_step(self.current)
            self.current = None
        attendee = self.context.attendee
        done = completed_steps(self.store.answers(attendee.id), self.content)
        if done != self._completed:
            self.store.set_progress(attendee.id, done)
            self._completed = done

    def start(self) -> None:
        """Poll the store from the kernel's event loop (no-op where no loop runs)."""
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
            except (WorkshopError, sqlite3.Error, OSError):
                # In the content's words; the next poll tries again.
                self.locked.value = error_html(self.live.label("refresh_failed"))


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
