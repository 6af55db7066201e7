"""A coaching call as the coach reads it back: the whole call, each stage with who wrote it, every
typed text escaped."""

from __future__ import annotations

from datetime import date

from workshop.coaching.call import CoachingCall
from workshop.coaching.model import Rep
from workshop.coaching.progress import repeats
from workshop.html import escape
from workshop.ui.coaching.call_form import when
from workshop.ui.coaching.context import CoachingContext

MUTED = "#555"


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


def answer_html(context: CoachingContext, call: CoachingCall, rep: Rep | None) -> str:
    """The rep's answer as the rep gave it, read-only, with who typed it and when."""
    label = context.label
    name = rep.name if rep else ""
    if call.rep_answer_by == "rep":
        who = label("answered_by_rep", rep=name, time=when(call.rep_answer_at))
    else:
        who = label("answered_in_call", rep=name, time=when(call.rep_answer_at))
    kept = "" if call.has_insight else f"<br><small>{escape(label('answer_is_reps'))}</small>"
    return (
        f"<div class='workshop-rep-words'>{_text(call.rep_answer)}</div>"
        f"<small style='color:{MUTED}'>{escape(who)}</small>{kept}"
    )


def _row(name: str, value: str) -> str:
    return (
        f"<tr><th style='text-align:left;vertical-align:top;padding-right:1em;"
        f"font-weight:normal;color:{MUTED};white-space:nowrap'>{escape(name)}</th>"
        f"<td>{value}</td></tr>"
    )


def _length(context: CoachingContext, call: CoachingCall) -> str:
    label = context.label
    parts = []
    if call.minutes is not None:
        parts.append(label("minutes_typed", minutes=call.minutes))
    if call.measured_seconds is not None:
        parts.append(label("minutes_measured", minutes=round(call.measured_seconds / 60)))
    return escape(" · ".join(parts))


def _fix_rows(context: CoachingContext, call: CoachingCall) -> list[str]:
    label = context.label
    rows = [_row(label("fix"), f"<b>{_text(call.fix)}</b>")]
    if call.fix_decision == "kept":
        rows.append(_row(label("history_typed"), _text(call.fix_typed)))
        parked = "<br>".join(_text(p) for p in call.parked)
        rows.append(_row(label("history_parked"), parked))
    elif call.fix_decision == "one_thing":
        rows.append(_row("", f"<small>{escape(label('history_one_thing'))}</small>"))
    return rows


def call_card_html(context: CoachingContext, call: CoachingCall, repeat_of: date | None) -> str:
    """One complete call, whole: situation, the rep's answer and the coach's note, know and can
    with the gap, the adjustments, the insight, the fix as decided, the length."""
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
    rows = [_row(label("history_answer"), answer)]
    if call.coach_note:
        rows.append(_row(label("history_note"), _text(call.coach_note)))
    rows += [_row(label("history_diagnosis"), diagnosis), _row(label("adjust"), adjusted)]
    if call.has_insight:
        rows.append(_row(label("history_insight"), _text(call.insight)))
    rows += _fix_rows(context, call)
    length = _length(context, call)
    if length:
        rows.append(_row(label("history_length"), length))
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
    """The person's complete calls, newest first, each whole; the count is of new fixes."""
    again = repeats(calls)
    done = [c for c in calls if c.complete]
    title = escape(context.label("history_heading", rep=rep.name, count=len(done) - len(again)))
    if not done:
        return f"<h4>{title}</h4><p>{escape(context.label('no_fixes'))}</p>"
    cards = "".join(call_card_html(context, c, again.get(c.id)) for c in reversed(done))
    return f"<h4>{title}</h4><div class='workshop-fix-history'>{cards}</div>"
