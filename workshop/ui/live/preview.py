"""The trainer's preview: every screen of a live session, with their content and a demo room.

It builds what attendees and the big screen will show, from the same builders the live session
uses: the join screen, each step for one demo attendee, and the facilitator dashboard over a
synthetic room. Everything is written to a temporary database, never the working directory;
the files go when the kernel ends.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets

from workshop.content.keynote import KeynoteContent, load_content
from workshop.content.live import LiveContent, load_live_content
from workshop.errors import ContentError, Problem
from workshop.html import escape
from workshop.keynote.answers import Attendee
from workshop.keynote.completion import completed_steps
from workshop.live.session import LiveSession
from workshop.services import live_session as live
from workshop.services.demo import fill_room
from workshop.store import Store
from workshop.ui.keynote.card import CardView
from workshop.ui.keynote.context import AttendeeContext
from workshop.ui.live.app import LiveApp
from workshop.ui.live.dashboard import Dashboard
from workshop.ui.live.steps import BUILDERS

#: Enough demo attendees that room results pass any usual anonymity threshold.
DEMO_ATTENDEES = 30


@dataclass
class SessionPreview:
    """The preview's parts, for the notebook (`widget`) and for tests (the rest)."""

    content: KeynoteContent
    live: LiveContent
    store: Store
    session: LiveSession
    attendee: AttendeeContext
    dashboard: Dashboard
    card: CardView
    widget: widgets.Tab
    folder: Path

    @classmethod
    def build(
        cls,
        content_dir: str | Path | None = None,
        attendees: int = DEMO_ATTENDEES,
        seed: int = 7,
        make_card: bool = True,
    ) -> SessionPreview:
        """Load the content (`WORKSHOP_CONTENT` or the default without `content_dir`), fill a
        demo room in a temporary database, and build every screen over it."""
        content = load_content(content_dir)
        live_content = load_live_content(content.source)
        folder = Path(tempfile.mkdtemp(prefix="workshop-preview-"))
        store = Store(folder / "preview.db")
        # Closed and removed when the kernel ends (or the preview is dropped).
        weakref.finalize(store, shutil.rmtree, folder, ignore_errors=True)
        session = live.start_session(store, content, live_content).session
        fill_room(store, content, live_content, attendees, session.code, seed=seed)
        for step in live_content.steps:
            live.set_step(store, session, step.id, True)
        # The big screen on the balance segment, revealed: the room's results for the trainer.
        balance = [i for i, s in enumerate(live_content.agenda) if s.step == "balance"]
        if balance:
            live.start_segment(store, session, live_content, balance[0])
        store.set_revealed(session.code, True)
        attendee = AttendeeContext(content, store, _most_complete(store, content, session))

        tabs: list[tuple[str, widgets.Widget]] = [
            (
                live_content.label("join_title"),
                LiveApp(store, content, live_content, session.code).widget,
            )
        ]
        # The card is built here, not by its live builder, so the preview can draw it at once.
        card = CardView(attendee)
        for step in live_content.steps:
            build = BUILDERS[step.id]
            tabs.append(
                (step.label, card.widget if step.id == "card" else build(attendee, live_content))
            )
        dashboard = Dashboard(store, content, live_content, session, export_dir=folder)
        tabs.append((live_content.label("dashboard_title"), dashboard.widget))
        tab = widgets.Tab(children=[view for _, view in tabs], titles=[t for t, _ in tabs])
        tab.add_class("workshop-preview")
        if make_card:
            # Drawn here, once: the trainer sees the card an attendee takes home.
            card.make()
        return cls(content, live_content, store, session, attendee, dashboard, card, tab, folder)


def _most_complete(store: Store, content: KeynoteContent, session: LiveSession) -> Attendee:
    """The demo attendee who answered the most, so every screen shows something."""
    ids = store.export_rows(session.code).attendees
    best = max(ids, key=lambda a: len(completed_steps(store.answers(a), content)))
    return store.attendee(best)


def preview_session(content_dir: str | Path | None = None) -> widgets.Widget:
    """Every screen of the session with this content, over a demo room (see `SessionPreview`).

    Content that does not validate shows its problems, as `workshop validate` prints them,
    instead of a traceback.
    """
    try:
        return SessionPreview.build(content_dir).widget
    except ContentError as exc:
        return problems_html(exc.problems)


def problems_html(problems: Sequence[Problem]) -> widgets.HTML:
    """Content problems, one ``FILE:LINE: message`` per line, for the trainer to fix."""
    lines = "".join(f"<li><code>{escape(str(p))}</code></li>" for p in problems)
    return widgets.HTML(
        f"<div class='workshop-content-problems' style='color:#b00020'><ul>{lines}</ul></div>"
    )
