"""Who the attendee on this page is: the content, the store and the attendee, shared by the
views of one page, and the bar that shows their resume code."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from urllib.parse import parse_qs

import ipywidgets as widgets

from workshop.content.keynote import KeynoteContent, load_content
from workshop.errors import ResumeCodeError, WorkshopError
from workshop.html import escape
from workshop.keynote.answers import Attendee
from workshop.store import Store
from workshop.ui.base import error_html, refusal_text


def in_voila() -> bool:
    return os.environ.get("SERVER_SOFTWARE", "").startswith("voila")


def query_code() -> str | None:
    """The resume code passed in the page URL (``?code=...``), which Voilà hands the kernel."""
    values = parse_qs(os.environ.get("QUERY_STRING", "")).get("code")
    return values[0] if values else None


class AttendeeContext:
    """The content, the store and the current attendee, shared by the views of one page.

    Views subscribe with `on_change`; resuming with a code switches the attendee and every
    subscribed view reloads its answers from the store.
    """

    def __init__(
        self,
        content: KeynoteContent,
        store: Store,
        attendee: Attendee,
        wording: Mapping[str, str] | None = None,
    ) -> None:
        self.content = content
        self.store = store
        self.attendee = attendee
        #: The words refusals are told in: the attendee screens' labels, plus the live room's
        #: (`wording`) where a live session refuses ("the workshop has ended").
        self.wording = {**(wording or {}), **content.settings.labels}
        self._listeners: list[Callable[[Attendee], None]] = []
        self._saved: list[Callable[[], None]] = []

    @classmethod
    def from_environment(
        cls, content: KeynoteContent | None = None, store: Store | None = None
    ) -> AttendeeContext:
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
        return self.content.settings.label(key)

    def refusal(self, exc: WorkshopError) -> str:
        """Why something was refused, in the content's words (see `refusal_text`)."""
        return refusal_text(exc, self.wording)

    @property
    def text_limit(self) -> int:
        return self.content.settings.limits.text_max_chars

    def on_change(self, listener: Callable[[Attendee], None]) -> None:
        self._listeners.append(listener)

    def on_saved(self, listener: Callable[[], None]) -> None:
        """Call `listener` whenever one of this page's views has saved everything it had."""
        self._saved.append(listener)

    def saved(self) -> None:
        """A view's autosave has committed: tell whoever follows this attendee's progress."""
        for listener in self._saved:
            listener()

    def resume(self, code: str) -> Attendee:
        """Switch to the attendee with this code; raises `ResumeCodeError` and changes nothing."""
        attendee = self.store.attendee_by_code(code)
        self.attendee = attendee
        if not in_voila():
            self.store.remember_device_code(attendee.resume_code)
        for listener in self._listeners:
            listener(attendee)
        return attendee


class IdentityBar:
    """Shows the attendee's resume code and lets them resume with another one."""

    def __init__(self, context: AttendeeContext) -> None:
        self.context = context
        self.code = widgets.HTML()
        self.code.add_class("workshop-resume-code")
        self.code_input = widgets.Text(placeholder=context.label("resume_placeholder"))
        self.resume_button = widgets.Button(description=context.label("resume_button"))
        self.message = widgets.HTML()
        self.resume_button.on_click(lambda _: self.resume())
        # Enter resumes too. ipywidgets 8 deprecates `on_submit` (a warning, an error under
        # the test suite), but its front end still sends the "submit" message handled here.
        self.code_input.on_msg(self._on_message)
        context.on_change(lambda _: self._show_code())
        self._show_code()
        hint = widgets.HTML(f"<small>{escape(context.label('code_hint'))}</small>")
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
        label = escape(self.context.label("your_code"))
        code = escape(self.context.attendee.code_display)
        self.code.value = f"{label}: <b style='font-size:1.3em;letter-spacing:0.1em'>{code}</b>"

    def _on_message(self, _widget: object, content: dict[str, object], _buffers: object) -> None:
        if content.get("event") == "submit":
            self.resume()

    def resume(self) -> None:
        typed = self.code_input.value
        if not typed.strip():
            return
        try:
            self.context.resume(typed)
        except ResumeCodeError:
            # The label says what went wrong; the code as typed shows what to check.
            unknown = self.context.label("unknown_code")
            self.message.value = error_html(f"{unknown} ({typed.strip()})")
            return
        self.code_input.value = ""
        self.message.value = f"<span>{escape(self.context.label('resumed'))}</span>"
