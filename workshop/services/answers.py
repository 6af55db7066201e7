"""What an attendee saves: a rating, a text, their finders, their menu, a choice for the card.

Each save asks the session's rule first (`workshop.live.session.check_answers_open`): once the
facilitator has ended the workshop and its extra minutes have run out, a save is refused with
`AnswersLockedError`, whose `reason` names the label that says so in the content's words (an
attendee of no session, the notebooks one by one, never locks). Then the domain's rule
(`keynote.balance`, `keynote.reflections`, `workshop.text`): only what it accepts is written,
verbatim; a refusal is a `WorkshopError` with the rule's `reason`, worded by the content
(`services.wording`), and nothing is saved or cut. Every front end saves through here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from workshop.content.keynote import KeynoteContent
from workshop.errors import AnswerError, WorkshopError
from workshop.keynote import balance, reflections
from workshop.keynote.answers import PRINT_REFLECTIONS, Attendee, Pick
from workshop.keynote.reflections import Ingredient
from workshop.live.session import check_answers_open
from workshop.store import Store
from workshop.text import check_text

#: The free-text answers of each exercise (a do-over's are per context: `{context}.answer`).
IMPACT_TEXTS = ("whom", "action", "better_place")
DO_OVER_PARTS = ("answer", "first_step")


def check_open(
    store: Store, attendee_id: str, now: datetime | None = None, attendee: Attendee | None = None
) -> None:
    """Refuse (`AnswersLockedError`) once the attendee's session has locked its answers.
    `attendee`, when the caller has just read it (a phone's request has), is not read again."""
    if attendee is None or attendee.id != attendee_id:
        attendee = store.attendee(attendee_id)
    if attendee.session_code is not None:
        session = store.live_session(attendee.session_code)
        check_answers_open(session, now or datetime.now(UTC))


def check_rating(content: KeynoteContent, category_id: str, value: object) -> int:
    """The score `value` for a known category, or a refusal."""
    known = {c.id: c for c in content.balance.categories}
    if category_id not in known:
        raise AnswerError(f"unknown category {category_id!r}; expected one of: {', '.join(known)}")
    return balance.check_rating(value, content.balance.scale, known[category_id].name)


def save_rating(
    store: Store,
    content: KeynoteContent,
    attendee_id: str,
    category_id: str,
    value: object,
    now: datetime | None = None,
) -> int:
    """Save one category's score; returns it as saved."""
    score = check_rating(content, category_id, value)
    check_open(store, attendee_id, now)
    store.save_ratings(attendee_id, {category_id: score})
    return score


@dataclass
class BalanceRefusals:
    """What a balance form's save refused: scores by category, and the finders."""

    ratings: dict[str, WorkshopError] = field(default_factory=dict)
    finders: WorkshopError | None = None


def save_balance(
    store: Store,
    content: KeynoteContent,
    attendee_id: str,
    ratings: Mapping[str, object],
    finders: tuple[Collection[str], Sequence[Pick]] | None = None,
    now: datetime | None = None,
    attendee: Attendee | None = None,
) -> BalanceRefusals:
    """Save a balance form as a phone posts it, whole, on each change: its scores by category
    and, with `finders` = (the categories whose finders it showed, the finders ticked among
    them), those finders (the others committed to are kept). Each is refused on its own (its
    rule first, then the session's, asked once for them all); only what differs from what is
    stored is written, so a phone's eighth save writes one score, not eight."""
    refused = BalanceRefusals()
    scores: dict[str, int] = {}
    for category_id, value in ratings.items():
        try:
            scores[category_id] = check_rating(content, category_id, value)
        except WorkshopError as exc:
            refused.ratings[category_id] = exc
    stored_picks, picks = _balance_finders(store, content, attendee_id, finders, refused)
    if not scores and picks is None:
        return refused
    try:
        check_open(store, attendee_id, now, attendee)
    except WorkshopError as exc:
        refused.ratings |= dict.fromkeys(scores, exc)
        refused.finders = exc if picks is not None else refused.finders
        return refused
    stored = store.ratings(attendee_id) if scores else {}
    store.save_ratings(attendee_id, {c: s for c, s in scores.items() if stored.get(c) != s})
    if picks is not None and tuple(picks) != stored_picks:
        store.save_picks(attendee_id, "balance", "finder", picks)
    return refused


def _balance_finders(
    store: Store,
    content: KeynoteContent,
    attendee_id: str,
    finders: tuple[Collection[str], Sequence[Pick]] | None,
    refused: BalanceRefusals,
) -> tuple[tuple[Pick, ...], list[Pick] | None]:
    """The finders stored, and those a form's finders make (None: the form has none, or they
    are refused, in `refused`)."""
    if finders is None:
        return (), None
    shown, ticked = finders
    stored = store.picks(attendee_id, "balance", "finder")
    picks = [p for p in stored if p.detail not in shown] + list(ticked)
    try:
        for pick in picks:
            balance.check_commitment(pick.detail, pick.item, content.balance)
    except WorkshopError as exc:
        refused.finders = exc
        return stored, None
    return stored, picks


def text_field(content: KeynoteContent, exercise: str, name: str) -> str:
    """How a free-text field is named in a refusal's message; `AnswerError` for a field the
    exercises do not have."""
    if exercise == "do_over":
        context_id, _, part = name.partition(".")
        found = {c.id: c for c in content.do_over.contexts}.get(context_id)
        if found is not None and part in DO_OVER_PARTS:
            return (
                found.label if part == "answer" else f"{found.label}: {content.do_over.follow_up}"
            )
    elif exercise == "impact" and name in IMPACT_TEXTS:
        prompts = {
            "whom": content.impact.whom_prompt,
            "action": content.impact.action_prompt,
            "better_place": content.impact.better_place_question,
        }
        return f'"{prompts[name]}"'
    elif exercise == "menu" and name == "mantra":
        return f'"{content.menu.mantra_prompt}"'
    raise AnswerError(f"{exercise}.{name} is not an answer an attendee types")


def check_answer(content: KeynoteContent, exercise: str, name: str, value: str) -> str:
    """A text answer as it will be saved, or a refusal: within the limit, no control
    characters, a channel the content offers (the impact's `channel` holds a channel id; empty
    is no choice). The mantra heads the card and may go on the room wall, so its limit is the
    wall's."""
    if exercise == "impact" and name == "channel":
        return reflections.check_channel(value, content) if value else value
    if exercise == "menu" and name == "mantra":
        return reflections.check_mantra(value, content)
    return check_text(
        value, content.settings.limits.text_max_chars, text_field(content, exercise, name)
    )


def save_text(
    store: Store,
    content: KeynoteContent,
    attendee_id: str,
    exercise: str,
    name: str,
    value: str,
    now: datetime | None = None,
    attendee: Attendee | None = None,
) -> str:
    """Save one text answer verbatim (see `check_answer`); returns the commit time."""
    checked = check_answer(content, exercise, name, value)
    check_open(store, attendee_id, now, attendee)
    return store.save_text(attendee_id, exercise, name, checked)


def save_finders(
    store: Store,
    content: KeynoteContent,
    attendee_id: str,
    picks: Sequence[Pick],
    now: datetime | None = None,
    attendee: Attendee | None = None,
) -> None:
    """Replace the balance finders committed to (each a `Pick(finder, category)`), in order;
    nothing is written when they are those stored."""
    for pick in picks:
        balance.check_commitment(pick.detail, pick.item, content.balance)
    check_open(store, attendee_id, now, attendee)
    if tuple(picks) != store.picks(attendee_id, "balance", "finder"):
        store.save_picks(attendee_id, "balance", "finder", picks)


def save_menu(
    store: Store,
    content: KeynoteContent,
    attendee_id: str,
    ingredients: Sequence[Ingredient],
    now: datetime | None = None,
    attendee: Attendee | None = None,
) -> None:
    """Replace the menu (ingredients with their actions), if `reflections.check_menu` allows it."""
    reflections.check_menu(ingredients, content)
    check_open(store, attendee_id, now, attendee)
    store.save_picks(
        attendee_id, "menu", "ingredient", [Pick(i.name, i.action) for i in ingredients]
    )


def save_print_choice(
    store: Store,
    attendee_id: str,
    wanted: bool,
    now: datetime | None = None,
    attendee: Attendee | None = None,
) -> None:
    """Whether the facilitator's printed card may show the do-overs and the pledge."""
    exercise, name = PRINT_REFLECTIONS
    check_open(store, attendee_id, now, attendee)
    store.save_text(attendee_id, exercise, name, "yes" if wanted else "")
