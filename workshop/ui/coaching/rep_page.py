"""The rep's own page, behind a personal code: phone first, and only the rep's own records.

- a coaching call the manager started that waits for the rep's answer (the rep answers first,
  from their own phone if they like);
- today's self-check: the do-over question about their own last call, with the streak;
- their next focus in one sentence, their last fixes, and their curve toward 50 and 100.

`rep_page` is what a server calls: the store, the content and the code a person typed give the
rep's page, or a refusal in the content's words (a server counts those to slow guessing). The
page holds one rep's id and reads every record by it. `rep_sign_in_view` is the same page behind
a code box, for a notebook served with Voilà (``?code=`` in the URL opens it directly).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, Protocol
from urllib.parse import parse_qs

import ipywidgets as widgets

from workshop.coaching.access import RepCodeError
from workshop.coaching.call import CoachingCall
from workshop.coaching.model import Rep
from workshop.coaching.progress import day_streak, fixes_of, new_fixes, rep_progress
from workshop.content.coaching import CoachingContent
from workshop.content.coaching_files import load_coaching_content
from workshop.errors import StoreError, WorkshopError
from workshop.html import escape
from workshop.services import rep as rep_acts
from workshop.store import Store
from workshop.ui.base import error_html, message_html, note_html, stylesheet
from workshop.ui.coaching.context import CoachingContext, refusal_html, utc_now
from workshop.ui.coaching.progress import curve_png

#: Phone first: full-width fields, tap targets of at least 44 px, 16 px text (no zoom on focus).
#: Each widget gets a layout of its own: one shared by two widgets would hide both at once.
TEXT = {"font_size": "16px"}
#: Long words wrap rather than run off the screen; lines are spaced for reading, not for widgets.
READABLE = "overflow-wrap:anywhere;line-height:1.45"


def page_layout() -> widgets.Layout:
    return widgets.Layout(width="100%", max_width="36em", padding="0 4px")


def full() -> widgets.Layout:
    return widgets.Layout(width="100%", height="auto")


def tap() -> widgets.Layout:
    return widgets.Layout(width="100%", min_height="48px", height="auto")


LAST_FIXES = 5
#: Text boxes no wider than the phone: a widget's own margin would push a 100% box past it.
PHONE_CSS = """
.workshop-rep-sign-in .widget-text, .workshop-rep-sign-in .widget-textarea {
  margin-left: 0; margin-right: 0; max-width: 100%; }
"""


def _button(description: str, primary: bool = True) -> widgets.Button:
    return widgets.Button(
        description=description,
        button_style="primary" if primary else "",
        layout=tap(),
        style=TEXT,
    )


def _answer_box() -> widgets.Textarea:
    return widgets.Textarea(layout=widgets.Layout(width="100%", height="6em"), style=TEXT)


def _html(body: str) -> widgets.HTML:
    """HTML that wraps long words rather than run off a phone's screen."""
    return widgets.HTML(f"<div style='{READABLE}'>{body}</div>", layout=full())


class _WaitingCall:
    """A call the manager started: its situation, the question, and the rep's answer box."""

    def __init__(self, page: RepPage, call: CoachingCall) -> None:
        self.page, self.call_id = page, call.id
        context = page.context
        self.answer = _answer_box()
        self.answer.value = call.rep_answer
        self.save_button = _button(context.label("save_my_answer"))
        self.save_button.on_click(lambda _: self.save())
        self.message = widgets.HTML(layout=full())
        self.given = widgets.HTML(layout=full())
        self._show_given(call)
        situation = escape(call.situation).replace("\n", "<br>")
        self.widget = widgets.VBox(
            [
                _html(
                    f"<p>{escape(context.label('my_call_waiting'))}</p>"
                    f"<blockquote style='margin:0 0 0.5em 0.5em'>{situation}</blockquote>"
                    f"<p><b>{escape(context.content.do_over_question)}</b></p>"
                ),
                self.given,
                self.answer,
                self.save_button,
                self.message,
            ],
            layout=full(),
        )
        self.widget.add_class("workshop-rep-waiting-call")

    def _show_given(self, call: CoachingCall) -> None:
        """Once answered, when, and that the words stay the rep's (theirs to change until the
        manager's insight)."""
        label = self.page.context.label
        self.given.value = (
            note_html(label("my_answer_given", time=when(call.rep_answer_at)))
            if call.answered
            else ""
        )

    def save(self) -> bool:
        """The rep's answer, on the call as it is saved and only if it is this rep's."""
        context = self.page.context
        try:
            answered = rep_acts.answer_call(
                context.store,
                context.content,
                self.page.rep.id,
                self.call_id,
                self.answer.value,
                context.clock(),
            )
        except (WorkshopError, StoreError) as exc:
            self.message.value = refusal_html(exc, context)
            return False
        self.message.value = message_html(context.label("my_answer_saved"))
        self._show_given(answered)
        return True


def kept_answer(page: RepPage, call: CoachingCall) -> widgets.HTML:
    """A call whose answer the manager has built on: the rep's words, read-only, as given."""
    label = page.context.label
    situation = escape(call.situation).replace("\n", "<br>")
    words = escape(call.rep_answer).replace("\n", "<br>")
    shown = _html(
        f"<p>{escape(label('my_answer_kept'))}</p>"
        f"<blockquote style='margin:0 0 0.5em 0.5em'>{situation}</blockquote>"
        f"<p class='workshop-rep-words'>{words}</p>"
    )
    shown.add_class("workshop-rep-kept-answer")
    return shown


def when(stamp: datetime | None) -> str:
    return stamp.astimezone().strftime("%H:%M") if stamp else ""


class RepPage:
    """One rep's page; every read is by this rep's id."""

    def __init__(self, context: CoachingContext, rep: Rep) -> None:
        self.context, self.rep = context, rep
        label = context.label
        self.calls = widgets.VBox(layout=full())
        self.self_check = _answer_box()
        self.save_button = _button(label("save_self_check"))
        self.save_button.on_click(lambda _: self.save_self_check())
        self.message = widgets.HTML(layout=full())
        self.streak = widgets.HTML(layout=full())
        self.focus = widgets.HTML(layout=full())
        self.fixes = widgets.HTML(layout=full())
        self.curve = widgets.Image(format="png", layout=widgets.Layout(width="100%"))
        self.waiting: list[_WaitingCall] = []
        self.widget = widgets.VBox(
            [
                _html(
                    f"<h2 style='margin:0.3em 0'>{escape(label('my_page_title'))}</h2>"
                    f"<p>{escape(label('my_page_hello', rep=rep.name))}</p>"
                ),
                self.calls,
                _html(
                    f"<h3>{escape(label('self_check_title'))}</h3>"
                    f"<p>{escape(label('self_check_intro'))}</p>"
                    f"<p><b>{escape(context.content.self_check_question)}</b></p>"
                ),
                self.self_check,
                self.save_button,
                self.message,
                self.streak,
                self.focus,
                self.fixes,
                self.curve,
            ],
            layout=page_layout(),
        )
        self.widget.add_class("workshop-rep-page")
        self.refresh()

    def refresh(self) -> None:
        """Read this rep's records and show them."""
        context, rep, label = self.context, self.rep, self.context.label
        store, content, today = context.store, context.content, context.today()
        calls = store.calls(rep.id)
        self.waiting = [_WaitingCall(self, c) for c in calls if not c.has_insight]
        kept = [c for c in calls if c.has_insight and not c.complete and c.answered]
        self.calls.children = [w.widget for w in self.waiting] + [
            kept_answer(self, c) for c in kept
        ]
        checks = store.self_checks(rep.id)
        self.self_check.value = next((c.answer for c in checks if c.on == today), "")
        self._show_streak([c.on for c in checks])
        fixes = fixes_of(calls)
        progress = rep_progress(rep, store.evaluations(rep.id), fixes, content, today)
        focus = progress.focus.competency
        sentence = (
            label(
                "my_focus",
                competency=content.competency(focus).name,
                good=content.competency(focus).good,
            )
            if focus
            else label("my_no_focus")
        )
        self.focus.value = (
            f"<div style='{READABLE}'><h3>{escape(label('next_focus'))}</h3>"
            f"<p>{escape(sentence)}</p></div>"
        )
        self.fixes.value = self._fixes_html(calls)
        days = [day for day, _ in fixes]
        self.curve.value = curve_png(context, days, today, phone=True)

    def _show_streak(self, days: list[date]) -> None:
        streak = day_streak(days, self.context.today())
        label = self.context.label
        self.streak.value = note_html(
            label("day_streak", days=streak) if streak else label("no_streak")
        )

    def _fixes_html(self, calls: list[CoachingCall]) -> str:
        label, content = self.context.label, self.context.content
        recent = list(reversed(new_fixes(calls)))[:LAST_FIXES]
        done = len(new_fixes(calls))
        upcoming = [m for m in content.milestones if m > done]
        curve = (
            label("my_curve", count=done, next=upcoming[0])
            if upcoming
            else label("my_curve_done", count=done)
        )
        items = "".join(
            f"<li><small>{c.on.isoformat()} · {escape(self.context.competency_name(c.competency))}"
            f"</small><br>{escape(c.fix)}</li>"
            for c in recent
        )
        listed = f"<ul style='padding-left:1.2em'>{items}</ul>" if items else ""
        empty = "" if items else f"<p>{escape(label('no_fixes'))}</p>"
        return (
            f"<div style='{READABLE}'><h3>{escape(label('my_fixes'))}</h3>"
            f"{listed}{empty}<p>{escape(curve)}</p></div>"
        )

    def save_self_check(self) -> bool:
        """Today's self-check (replacing an earlier one of today)."""
        context = self.context
        today = context.today()
        try:
            day = rep_acts.save_self_check(
                context.store,
                context.content,
                self.rep.id,
                self.self_check.value,
                context.clock(),
                today,
            )
        except (WorkshopError, StoreError) as exc:
            self.message.value = refusal_html(exc, context)
            return False
        self.message.value = message_html(context.label("self_check_saved", date=day.isoformat()))
        self._show_streak([c.on for c in context.store.self_checks(self.rep.id)])
        return True


@dataclass(frozen=True)
class RepRefusal:
    """No page for a typed code: why (`reason`), and what to show, in the content's words."""

    reason: str
    widget: widgets.HTML


def rep_page(
    store: Store,
    content: CoachingContent,
    code: str,
    *,
    today: Callable[[], date] = date.today,
    clock: Callable[[], datetime] = utc_now,
) -> RepPage | RepRefusal:
    """The page of the rep whose personal code `code` is, or a refusal.

    The refusal's `reason` is ``code_malformed``, ``code_unknown`` or ``code_revoked``.
    """
    context = CoachingContext(content, store, today, clock)
    try:
        rep = store.rep_for_code(code)
    except RepCodeError as exc:
        shown = widgets.HTML(error_html(context.refusal(exc)), layout=full())
        shown.add_class("workshop-rep-refusal")
        return RepRefusal(exc.reason, shown)
    return RepPage(context, rep)


class CodeGate(Protocol):
    """What a server allows this page: how often it may try a code (see `workshop.server`)."""

    def allow(self, action: Literal["resume"]) -> bool: ...

    def refused(self, action: Literal["resume"]) -> None: ...


class RepSignIn:
    """A code box that opens the rep's page in its place. Served, a `gate` slows guessing: it
    is asked before every try and told of every code that opened nothing."""

    def __init__(
        self,
        store: Store,
        content: CoachingContent,
        code: str | None = None,
        gate: CodeGate | None = None,
        too_many: str = "",
    ) -> None:
        self.store, self.content = store, content
        self.gate = gate
        self.too_many = too_many
        label = content.label
        self.code = widgets.Text(
            placeholder=label("code_hint"), layout=widgets.Layout(width="100%"), style=TEXT
        )
        self.open_button = _button(label("open_page"))
        self.open_button.on_click(lambda _: self.open())
        self.message = widgets.HTML(layout=full())
        self.page: RepPage | None = None
        self.form = widgets.VBox(
            [
                _html(
                    f"<h2 style='margin:0.3em 0'>{escape(label('my_page_title'))}</h2>"
                    f"<p><b>{escape(label('enter_code'))}</b></p>"
                ),
                self.code,
                self.open_button,
                self.message,
            ],
            layout=page_layout(),
        )
        self.widget = widgets.VBox([stylesheet(PHONE_CSS), self.form], layout=full())
        self.widget.add_class("workshop-rep-sign-in")
        if code:
            self.code.value = code
            self.open()

    def open(self) -> bool:
        if self.gate is not None and not self.gate.allow("resume"):
            self.message.value = error_html(self.too_many)
            return False
        found = rep_page(self.store, self.content, self.code.value)
        if isinstance(found, RepRefusal):
            if self.gate is not None:
                self.gate.refused("resume")
            self.message.value = found.widget.value
            return False
        self.page = found
        self.code.value = ""
        self.widget.children = [stylesheet(PHONE_CSS), found.widget]
        return True


def rep_sign_in_view(
    content: CoachingContent | None = None, store: Store | None = None
) -> widgets.VBox:
    """The rep's page behind its code box; a ``?code=`` in the page URL opens it directly."""
    values = parse_qs(os.environ.get("QUERY_STRING", "")).get("code")
    return RepSignIn(
        store or Store(), content or load_coaching_content(), values[0] if values else None
    ).widget
