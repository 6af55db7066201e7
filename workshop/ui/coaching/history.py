"""A coaching call as the manager reads it back: the whole call, every typed text escaped."""

from __future__ import annotations

from datetime import date

from workshop.coaching.call import CoachingCall
from workshop.coaching.model import Rep
from workshop.coaching.progress import repeats
from workshop.html import escape
from workshop.ui.coaching.context import CoachingContext

MUTED = "#666"


def situation_html(context: CoachingContext, call: CoachingCall) -> str:
    """Step 1 as it was opened: the date, what it was about, the competency, the situation."""
    content = context.content
    head = " · ".join(
        (
            call.on.isoformat(),
            escape(content.mediums.get(call.medium, call.medium)),
            escape(context.competency_name(call.competency)),
        )
    )
    return f"<div><small style='color:{MUTED}'>{head}</small><br>{_text(call.situation)}</div>"


def _text(value: str) -> str:
    """Free text as typed: escaped, its line breaks kept."""
    return escape(value).replace("\n", "<br>")


def _row(name: str, value: str) -> str:
    return (
        f"<tr><th style='text-align:left;vertical-align:top;padding-right:1em;"
        f"font-weight:normal;color:{MUTED};white-space:nowrap'>{escape(name)}</th>"
        f"<td>{value}</td></tr>"
    )


def call_card_html(context: CoachingContext, call: CoachingCall, repeat_of: date | None) -> str:
    """One complete call, whole: situation, the rep's answer, know and can with the gap, the
    adjustments, the insight and the fix; a repeated fix says so."""
    content, label = context.content, context.label
    yes_no = {True: label("answer_yes"), False: label("answer_no"), None: ""}
    answer = _text(call.rep_answer) if call.answered else f"<i>{escape(label('not_recorded'))}</i>"
    gap = call.gap
    diagnosis = (
        f"{escape(content.knows_question)} {escape(yes_no[call.knows])} · "
        f"{escape(content.can_question)} {escape(yes_no[call.can])}"
        + (f"<br><i>{escape(content.gaps[gap])}</i>" if gap else "")
    )
    adjusted = ", ".join(escape(content.adjustments[a]) for a in call.adjustments)
    rows = [
        _row(label("history_answer"), answer),
        _row(label("history_diagnosis"), diagnosis),
        _row(label("adjust"), adjusted),
    ]
    if call.has_insight:
        rows.append(_row(label("history_insight"), _text(call.insight)))
    rows.append(_row(label("fix"), f"<b>{_text(call.fix)}</b>"))
    again = (
        f"<br><small style='color:{MUTED}'>{escape(label('repeat_of', date=repeat_of.isoformat()))}"
        "</small>"
        if repeat_of
        else ""
    )
    return (
        "<div class='workshop-call-card' style='border-top:1px solid #ddd;padding:0.5em 0'>"
        f"{situation_html(context, call)}"
        f"<table style='border-collapse:collapse;margin-top:0.3em'>{''.join(rows)}</table>"
        f"{again}</div>"
    )


def history_html(context: CoachingContext, rep: Rep, calls: list[CoachingCall]) -> str:
    """The rep's complete calls, newest first, each whole; the count is of new fixes."""
    again = repeats(calls)
    done = [c for c in calls if c.complete]
    title = escape(context.label("history_heading", rep=rep.name, count=len(done) - len(again)))
    if not done:
        return f"<h4>{title}</h4><p>{escape(context.label('no_fixes'))}</p>"
    cards = "".join(call_card_html(context, c, again.get(c.id)) for c in reversed(done))
    return f"<h4>{title}</h4><div class='workshop-fix-history'>{cards}</div>"
