"""Pieces every attendee view shares: who the attendee is, autosave, and safe HTML."""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import ipywidgets as widgets

from workshop.content import Content, load_content
from workshop.errors import ResumeCodeError, StoreError, WorkshopError
from workshop.store import Attendee, Store

if TYPE_CHECKING:
    import asyncio

#: How long typing must pause before a save; short enough that a reload loses nothing.
SAVE_DELAY_S = 0.6


def escape(text: str) -> str:
    """Attendee text made safe for an HTML widget: shown as text, never rendered."""
    return html.escape(text, quote=True)


def in_voila() -> bool:
    return os.environ.get("SERVER_SOFTWARE", "").startswith("voila")


def query_code() -> str | None:
    """The resume code passed in the page URL (``?code=...``), which Voilà hands the kernel."""
    values = parse_qs(os.environ.get("QUERY_STRING", "")).get("code")
    return values[0] if values else None


class AttendeeSession:
    """The content, the store and the current attendee, shared by the views of one page.

    Views subscribe with `on_change`; resuming with a code switches the attendee and every
    subscribed view reloads its answers from the store.
    """

    def __init__(self, content: Content, store: Store, attendee: Attendee) -> None:
        self.content = content
        self.store = store
        self.attendee = attendee
        self._listeners: list[Callable[[Attendee], None]] = []

    @classmethod
    def from_environment(
        cls, content: Content | None = None, store: Store | None = None
    ) -> AttendeeSession:
        """Who is here: the URL's code, else (outside Voilà) this device's last attendee, else new.

        In Voilà a page without a code starts a new attendee, because many people share one
        server; in JupyterLab the notebooks of one person share the device's last code.
        """
        content = content or load_content()
        store = store or Store()
        attendee: Attendee | None = None
        code = query_code()
        if code:
            try:
                attendee = store.attendee_by_code(code)
            except ResumeCodeError:
                attendee = None
        if attendee is None and not in_voila():
            remembered = store.device_code()
            if remembered:
                try:
                    attendee = store.attendee_by_code(remembered)
                except ResumeCodeError:
                    attendee = None
        if attendee is None:
            attendee = store.create_attendee()
        if not in_voila():
            store.remember_device_code(attendee.resume_code)
        return cls(content, store, attendee)

    def label(self, key: str) -> str:
        return self.content.session.label(key)

    @property
    def text_limit(self) -> int:
        return self.content.session.limits.text_max_chars

    def on_change(self, listener: Callable[[Attendee], None]) -> None:
        self._listeners.append(listener)

    def resume(self, code: str) -> Attendee:
        """Switch to the attendee with this code; raises `ResumeCodeError` and changes nothing."""
        attendee = self.store.attendee_by_code(code)
        self.attendee = attendee
        if not in_voila():
            self.store.remember_device_code(attendee.resume_code)
        for listener in self._listeners:
            listener(attendee)
        return attendee


class Autosaver:
    """Debounced saves with a visible confirmation.

    `schedule` remembers the latest save per key and runs it once typing pauses. Inside a
    kernel the delay runs on the kernel's event loop; with no running loop (headless tests,
    scripts) the save runs at once. Either way a save is confirmed only after its commit.

    A save that fails (a full or busy disk) is kept and tried again with the next save or
    flush; until it succeeds the status says "Not saved", never "Saved".
    """

    def __init__(self, session: AttendeeSession, delay: float = SAVE_DELAY_S) -> None:
        self.session = session
        self.delay = delay
        self.status = widgets.HTML(value="", layout=widgets.Layout(min_height="1.5em"))
        self.status.add_class("workshop-save-status")
        self._pending: dict[str, Callable[[], object]] = {}
        self._failed: dict[str, Callable[[], object]] = {}
        self._on_saved: list[Callable[[], None]] = []
        self._handles: dict[str, asyncio.TimerHandle] = {}

    def schedule(self, key: str, save: Callable[[], object]) -> None:
        self._pending[key] = save
        loop = running_loop()
        if loop is None:
            self._run(key)
            return
        if key in self._handles:
            self._handles.pop(key).cancel()
        self.status.value = (
            f"<span class='workshop-saving'>{escape(self.session.label('saving'))}</span>"
        )
        self._handles[key] = loop.call_later(self.delay, self._run, key)

    def flush(self) -> None:
        """Run every pending save now, and retry any that failed."""
        for handle in self._handles.values():
            handle.cancel()
        self._handles.clear()
        for key in list(self._pending):
            self._run(key)
        retry = list(self._failed.items()) if not self._pending else []
        if retry and all(self._attempt(k, save) for k, save in retry):
            self.confirm()

    @property
    def pending(self) -> bool:
        return bool(self._pending or self._failed)

    def _run(self, key: str) -> None:
        self._handles.pop(key, None)
        save = self._pending.pop(key, None)
        if save is None:
            return
        # A newer save of the same field replaces its failed one; older failures retry first.
        self._failed.pop(key, None)
        for failed_key, failed_save in list(self._failed.items()):
            if not self._attempt(failed_key, failed_save):
                self._failed[key] = save
                return
        if not self._attempt(key, save):
            return
        # "Saved" means everything is saved: with another answer still waiting, an attendee
        # who reloads on seeing it would lose that answer.
        if not self._pending and not self._failed:
            self.confirm()

    def _attempt(self, key: str, save: Callable[[], object]) -> bool:
        try:
            save()
        except (StoreError, OSError) as exc:
            self._failed[key] = save
            self.failed(str(exc))
            return False
        self._failed.pop(key, None)
        return True

    def on_saved(self, listener: Callable[[], None]) -> None:
        """Call `listener` each time everything pending has been saved."""
        self._on_saved.append(listener)

    def confirm(self) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        label = escape(self.session.label("saved"))
        self.status.value = f"<span class='workshop-saved'>✓ {label} {stamp}</span>"
        for listener in self._on_saved:
            listener()

    def failed(self, message: str) -> None:
        label = escape(self.session.label("not_saved"))
        self.status.value = (
            f"<span class='workshop-error' style='color:#b00020'>{label}: {escape(message)}</span>"
        )


def running_loop() -> asyncio.AbstractEventLoop | None:
    """The kernel's event loop, or None outside a kernel (scripts, headless tests).

    asyncio (with ssl, about 6 MB resident) is imported on the first save, not with the view:
    a kernel has loaded it already, and nothing else here needs it.
    """
    import asyncio

    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class IdentityBar:
    """Shows the attendee's resume code and lets them resume with another one."""

    def __init__(self, session: AttendeeSession) -> None:
        self.session = session
        self.code = widgets.HTML()
        self.code.add_class("workshop-resume-code")
        self.code_input = widgets.Text(placeholder=session.label("resume_placeholder"))
        self.resume_button = widgets.Button(description=session.label("resume_button"))
        self.message = widgets.HTML()
        self.resume_button.on_click(lambda _: self.resume())
        # Enter resumes too. ipywidgets 8 deprecates `on_submit` (a warning, an error under
        # the test suite), but its front end still sends the "submit" message handled here.
        self.code_input.on_msg(self._on_message)
        session.on_change(lambda _: self._show_code())
        self._show_code()
        hint = widgets.HTML(f"<small>{escape(session.label('code_hint'))}</small>")
        self.widget = widgets.VBox(
            [
                self.code,
                hint,
                widgets.HBox([self.code_input, self.resume_button]),
                self.message,
            ]
        )
        self.widget.add_class("workshop-identity")

    def _show_code(self) -> None:
        label = escape(self.session.label("your_code"))
        code = escape(self.session.attendee.code_display)
        self.code.value = f"{label}: <b style='font-size:1.3em;letter-spacing:0.1em'>{code}</b>"

    def _on_message(self, _widget: object, content: dict[str, object], _buffers: object) -> None:
        if content.get("event") == "submit":
            self.resume()

    def resume(self) -> None:
        typed = self.code_input.value
        if not typed.strip():
            return
        try:
            self.session.resume(typed)
        except ResumeCodeError:
            # The label says what went wrong; the code as typed shows what to check.
            unknown = escape(self.session.label("unknown_code"))
            self.message.value = (
                f"<span style='color:#b00020'>{unknown} ({escape(typed.strip())})</span>"
            )
            return
        self.code_input.value = ""
        self.message.value = f"<span>{escape(self.session.label('resumed'))}</span>"


def error_html(message: str) -> str:
    return f"<span class='workshop-error' style='color:#b00020'>{escape(message)}</span>"


def heading(title: str, intro: str = "") -> widgets.HTML:
    body = f"<h2>{escape(title)}</h2>"
    if intro:
        body += f"<p>{escape(intro)}</p>"
    return widgets.HTML(body)


def refusal_text(exc: WorkshopError, session: AttendeeSession) -> str:
    """A refusal in the content's words: the label named by the rule that refused.

    A too-long text also shows its length against the limit, a repeated name the name. An
    error no label words (a disk that is full, say) is shown as it is.
    """
    labels = session.content.session.labels
    if exc.reason not in labels:
        return str(exc)
    text = labels[exc.reason]
    length, limit, name = (exc.values.get(k) for k in ("length", "limit", "name"))
    if isinstance(length, int) and isinstance(limit, int):
        text += f" ({length} / {limit})"
    elif isinstance(name, str):
        text += f" ({name})"
    return text


def domain_error(exc: WorkshopError, session: AttendeeSession) -> str:
    """A refusal from the domain, as the attendee sees it."""
    return error_html(refusal_text(exc, session))
