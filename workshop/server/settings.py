"""How the live server configures Solara: offline, quiet, and bounded.

Solara reads its settings from the environment when it is first imported, so `configure` must
run before anything imports `solara.server`. Every setting here is a reason, not a preference:
no request leaves the machine (a venue's Wi-Fi may have no internet), nothing is reported to
anyone, and a page that went away stops costing memory soon.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import warnings
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

#: How long a page that lost its connection keeps its state (a phone's screen locked, a
#: projector's Wi-Fi dropping): after that it is dropped, and when the browser comes back the
#: page reloads by itself (`workshop.server.shell`) and finds everything in the database. A page
#: that left no longer counts toward the room from the moment it left (`workshop.server.sockets`).
KERNEL_CULL = "60s"
#: Pages one browser may hold open at once (tabs); a script cannot open more from one cookie.
PAGES_PER_BROWSER = 12

SOLARA = {
    "SOLARA_APP": "workshop.server.pages",
    # Telemetry is on by default in Solara; a workshop reports to no one.
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
    # Production mode skips the page's version check against solara.dev.
    "SOLARA_MODE": "production",
    # Every page's messages are handled on the server's event loop: one thread, no locks
    # between pages, and the room's reader updates pages directly.
    "SOLARA_KERNEL_THREADED": "False",
    "SOLARA_KERNEL_CULL_TIMEOUT": KERNEL_CULL,
    "SOLARA_KERNEL_MAX_PER_SESSION": str(PAGES_PER_BROWSER),
    "SOLARA_THEME_SHOW_BANNER": "False",
    "SOLARA_THEME_LOADER": "plain",
    # A page whose state the server no longer has (after a restart or a cull) reloads at once,
    # instead of asking someone to press "Refresh now" on a projector nobody stands at.
    "SOLARA_THEME_FORCE_REFRESH": "True",
    # The front end is served from the installed solara-assets. A file missing there would be
    # fetched from this address instead: the discard port, so never from the internet.
    "SOLARA_ASSETS_PROXY": "True",
    "SOLARA_ASSETS_CDN": "http://127.0.0.1:9/",
}


#: The room's public address, as `serve` worked it out (``--url``, or the bound address).
ENV_BASE_URL = "WORKSHOP_BASE_URL"


def fixed_paths(base_url: str) -> dict[str, str]:
    """Solara's root path and base URL, fixed from the room's own address.

    Left unset, Solara takes its root path, for the whole process and every page, from the first
    page request's ``Script-Name`` or ``X-Script-Name`` header, and its base URL from that
    request's ``Host``: any client could then point every page's scripts at a host of its
    choosing. Set, no request decides a URL.
    """
    parts = urlsplit(base_url or "http://127.0.0.1/")
    root = parts.path.rstrip("/")
    return {
        "SOLARA_ROOT_PATH": root,
        "SOLARA_BASE_URL": f"{parts.scheme}://{parts.netloc}{root}/",
    }


def configure(title: str, base_url: str | None = None) -> None:
    """Set Solara's environment for this process (before `solara.server` is imported).
    `base_url` is the room's public address (default: what `serve` put in the environment)."""
    os.environ.update(SOLARA)
    os.environ.update(fixed_paths(base_url or os.environ.get(ENV_BASE_URL, "")))
    os.environ["SOLARA_THEME_TITLE"] = title
    # Solara warns on every plain-http request about cookies it only needs inside iframes; a
    # room on a venue's network is plain http, so the warning is noise in the facilitator's log.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")


def tolerate_worker_threads() -> None:
    """Let a worker thread that never had a page end quietly.

    With pages on the event loop (not threaded), Solara keys a page by a context variable; a
    worker thread (Starlette reads static files on them) never sets it, and Solara's cleanup at
    the thread's end then raises LookupError, printed as "Exception ignored in thread". Such a
    thread holds no page, so there is nothing to clear.
    """
    from solara.server import kernel_context

    clear = kernel_context.clear_context_for_thread
    if getattr(clear, "tolerant", False):
        return

    def tolerant_clear(thread: object) -> None:
        with contextlib.suppress(LookupError):
            clear(thread)

    tolerant_clear.tolerant = True  # type: ignore[attr-defined]
    kernel_context.clear_context_for_thread = tolerant_clear


class _NoEvents:
    """IPython's event hooks, of which a served page has none to run."""

    def trigger(self, *_args: object, **_kwargs: object) -> None:
        return None

    def register(self, *_args: object, **_kwargs: object) -> None:
        return None

    def unregister(self, *_args: object, **_kwargs: object) -> None:
        return None


def one_shell_per_page() -> None:
    """Give each page one stand-in IPython shell, made once, with event hooks that cost nothing.

    Solara's `get_ipython` builds a new stand-in shell, holding a `unittest.mock.MagicMock`, on
    every call, and ipywidgets' `comm` calls it for every message a page sends (to trigger
    pre- and post-execute events nobody listens to). In a join storm that was about 8% of the
    server's CPU. The shell is the page's own (cached on its kernel context), so nothing is
    shared between pages. Checked against the pinned Solara (see pyproject.toml).
    """
    import IPython
    import ipywidgets.widgets.widget as widget_module
    from solara.server import kernel_context, patch

    current = patch.get_ipython
    if getattr(current, "one_per_page", False):
        return
    fake = patch.FakeIPython

    class PageShell(fake):  # type: ignore[misc,valid-type]
        def __init__(self, context: kernel_context.VirtualKernelContext) -> None:
            # FakeIPython.__init__ without its MagicMock.
            self.context = context
            self.kernel = context.kernel
            self.display_pub = self.kernel.shell.display_pub
            self.events = _NoEvents()
            self.user_ns: dict[object, object] = {}
            self.custom_exceptions = ()

    def get_ipython() -> object:
        if not kernel_context.has_current_context():
            return patch.get_ipython_original()
        context = kernel_context.get_current_context()
        shell = context.__dict__.get("_workshop_shell")
        if shell is None or shell.kernel is not context.kernel:
            shell = PageShell(context)
            context.__dict__["_workshop_shell"] = shell
        return shell

    get_ipython.one_per_page = True  # type: ignore[attr-defined]
    patch.get_ipython = get_ipython
    widget_module.get_ipython = get_ipython
    IPython.get_ipython = get_ipython


#: Lines Solara's server logs once per socket or page, by what they say: counted instead
#: (`workshop.server.tally`), so a flood or a restart does not bury the facilitator's terminal.
COUNTED = {
    "no session cookie": "websockets without Solara's cookie",
    "invalid kernel id": "websockets for a page this server does not know",
}


class _Counted(logging.Filter):
    """Drops the lines `COUNTED` names, and counts them instead."""

    def __init__(self, count: Callable[[str], None]) -> None:
        super().__init__()
        self.count = count

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for start, what in COUNTED.items():
            if message.startswith(start):
                self.count(what)
                return False
        return True


def quiet_solara_logs(count: Callable[[str], None]) -> None:
    """Give `count`, do not print, the lines Solara logs once per socket (see `COUNTED`)."""
    for name in ("solara.server.fastapi", "solara.server.app", None):
        target = logging.getLogger(name)
        for old in [f for f in target.filters if isinstance(f, _Counted)]:
            target.removeFilter(old)
        target.addFilter(_Counted(count))


def count_sends_to_gone_pages(
    loop: asyncio.AbstractEventLoop, count: Callable[[str], None]
) -> None:
    """Count, do not print, Solara's messages to a page whose socket closed meanwhile.

    Solara sends each message in a task of its own and never looks at how it ended: a page
    that went away (closed, reloading after a restart) leaves a "Task exception was never
    retrieved" traceback of 20-odd lines per message in the terminal. Any other unhandled
    error in the loop is reported as before.
    """
    from solara.server.websocket import WebSocketDisconnect

    previous = loop.get_exception_handler()

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if isinstance(context.get("exception"), WebSocketDisconnect):
            count("messages to pages already gone")
            return
        if previous is not None:
            previous(loop, context)
        else:
            loop.default_exception_handler(context)

    loop.set_exception_handler(handler)
