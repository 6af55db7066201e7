"""Debounced saves with a visible confirmation, for every attendee view."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import ipywidgets as widgets

from workshop.errors import StoreError
from workshop.html import escape
from workshop.live.session import AnswersLockedError
from workshop.ui.keynote.context import AttendeeContext

if TYPE_CHECKING:
    import asyncio

#: How long typing must pause before a save; short enough that a reload loses nothing.
SAVE_DELAY_S = 0.6


class Autosaver:
    """Debounced saves with a visible confirmation.

    `schedule` remembers the latest save per key and runs it once typing pauses. Inside a
    kernel the delay runs on the kernel's event loop; with no running loop (headless tests,
    scripts) the save runs at once. Either way a save is confirmed only after its commit.

    A save that fails (a full or busy disk) is kept and tried again with the next save or
    flush; until it succeeds the status says "Not saved", never "Saved". A save refused because
    the workshop has ended says so, in the content's words, and is not tried again.
    """

    def __init__(self, context: AttendeeContext, delay: float = SAVE_DELAY_S) -> None:
        self.context = context
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
            f"<span class='workshop-saving'>{escape(self.context.label('saving'))}</span>"
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
        except AnswersLockedError as exc:
            # The workshop is over: no retry will ever save it, so it is not kept to retry.
            self.failed(self.context.refusal(exc))
            return False
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
        label = escape(self.context.label("saved"))
        self.status.value = f"<span class='workshop-saved'>✓ {label} {stamp}</span>"
        for listener in self._on_saved:
            listener()
        self.context.saved()

    def failed(self, message: str) -> None:
        label = escape(self.context.label("not_saved"))
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
