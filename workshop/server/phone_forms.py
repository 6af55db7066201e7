"""A step's form, as a phone posts it, turned into the services' saves.

The form's field names (the protocol a script can drive, see `workshop.server.phone`):

- do_over: ``{context}.answer``, ``{context}.first_step``;
- balance: ``rating.{category}`` = a score; ``finder.{category}`` = the index of each finder
  ticked, among those of the categories listed in ``finders_shown``;
- impact: ``whom``, ``channel`` (a channel id), ``action``, ``better_place``;
- menu: ``menu_shown``; ``ingredient`` = the index of each content ingredient ticked, with its
  ``action.{index}``; ``own.{n}.name`` and ``own.{n}.action``; ``mantra``; and a button
  ``share`` = a shareable entry's token (`share_token`), or ``withdraw`` = a wall entry's id;
- card: ``print_shown``, ``print_reflections`` = ``yes`` when ticked.

A field absent from a post is left as saved (a page shows the fields it has). Each field is
saved on its own: one refused is named with its reason in the content's words, and the others
are still saved.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

from workshop.content.keynote import KeynoteContent
from workshop.errors import AnswerError, WorkshopError
from workshop.keynote.answers import Attendee, Pick
from workshop.keynote.reflections import Ingredient
from workshop.services import answers, wall
from workshop.services.wording import refusal_text
from workshop.store import Store

Form = Mapping[str, list[str]]


@dataclass
class Saved:
    """What a post saved: refusals by field, and anything to say (a wall entry shared)."""

    errors: dict[str, str] = field(default_factory=dict)
    refused: bool = False

    def attempt(self, name: str, content: KeynoteContent, save: Callable[[], object]) -> None:
        try:
            save()
        except WorkshopError as exc:
            self.errors[name] = refusal_text(exc, content.settings.labels)


def first(form: Form, name: str) -> str | None:
    values = form.get(name)
    return values[-1] if values else None


def save_form(
    store: Store, content: KeynoteContent, attendee: Attendee | str, step: str, form: Form
) -> Saved:
    """Save what a step's form holds; returns the refusals, each named by its field.
    `attendee`, as the request has just read it (or its id), is not read again by each save."""
    saved = Saved()
    if isinstance(attendee, str):
        attendee = store.attendee(attendee)
    savers = {
        "do_over": _do_over,
        "balance": _balance,
        "impact": _impact,
        "menu": _menu,
        "card": _card,
    }
    savers[step](store, content, attendee, form, saved)
    return saved


def _texts(
    names: list[str],
    exercise: str,
    store: Store,
    content: KeynoteContent,
    attendee: Attendee,
    form: Form,
    saved: Saved,
) -> None:
    for name in names:
        value = first(form, name)
        if value is not None:
            saved.attempt(
                name,
                content,
                partial(
                    answers.save_text,
                    store,
                    content,
                    attendee.id,
                    exercise,
                    name,
                    value,
                    attendee=attendee,
                ),
            )


def _do_over(
    store: Store, content: KeynoteContent, attendee: Attendee, form: Form, saved: Saved
) -> None:
    names = [f"{c.id}.{part}" for c in content.do_over.contexts for part in answers.DO_OVER_PARTS]
    _texts(names, "do_over", store, content, attendee, form, saved)


def _impact(
    store: Store, content: KeynoteContent, attendee: Attendee, form: Form, saved: Saved
) -> None:
    names = ["whom", "channel", "action", "better_place"]
    _texts(names, "impact", store, content, attendee, form, saved)


def _balance(
    store: Store, content: KeynoteContent, attendee: Attendee, form: Form, saved: Saved
) -> None:
    ratings = {
        c.id: value
        for c in content.balance.categories
        if (value := first(form, f"rating.{c.id}")) is not None
    }
    shown_value = first(form, "finders_shown")
    finders = None
    if shown_value is not None:
        shown = {c for c in shown_value.split(",") if c}
        finders = (shown, _ticked(content, shown, form))
    try:
        refused = answers.save_balance(
            store, content, attendee.id, ratings, finders, attendee=attendee
        )
    except WorkshopError as exc:  # the store failed
        refused = answers.BalanceRefusals(dict.fromkeys(ratings, exc), exc)
    labels = content.settings.labels
    for category_id in ratings:  # named in the form's order
        if category_id in refused.ratings:
            saved.errors[f"rating.{category_id}"] = refusal_text(
                refused.ratings[category_id], labels
            )
    if refused.finders is not None and finders is not None:
        saved.errors["finders"] = refusal_text(refused.finders, labels)


def _ticked(content: KeynoteContent, shown: set[str], form: Form) -> list[Pick]:
    ticked = []
    for category in content.balance.categories:
        if category.id not in shown:
            continue
        offered = content.balance.finders.get(category.id, ())
        for index in form.get(f"finder.{category.id}", []):
            if index.isdigit() and int(index) < len(offered):
                ticked.append(Pick(offered[int(index)], category.id))
    return ticked


def _menu(
    store: Store, content: KeynoteContent, attendee: Attendee, form: Form, saved: Saved
) -> None:
    if first(form, "menu_shown") is not None:
        saved.attempt("ingredients", content, lambda: _save_menu(store, content, attendee, form))
    mantra = first(form, "mantra")
    if mantra is not None:
        saved.attempt(
            "mantra",
            content,
            lambda: answers.save_text(
                store, content, attendee.id, "menu", "mantra", mantra, attendee=attendee
            ),
        )
    share, withdraw = first(form, "share"), first(form, "withdraw")
    if share is not None:
        saved.attempt("wall", content, lambda: _share(store, content, attendee.id, share))
    if withdraw is not None and withdraw.isdigit():
        saved.attempt("wall", content, lambda: wall.withdraw(store, attendee.id, int(withdraw)))


def _save_menu(store: Store, content: KeynoteContent, attendee: Attendee, form: Form) -> None:
    offered = content.menu.ingredients
    ticked = {int(i) for i in form.get("ingredient", []) if i.isdigit() and int(i) < len(offered)}
    menu = [Ingredient(offered[i], first(form, f"action.{i}") or "") for i in sorted(ticked)]
    slot = 0
    while (name := first(form, f"own.{slot}.name")) is not None:
        if name.strip():
            menu.append(Ingredient(name, first(form, f"own.{slot}.action") or ""))
        slot += 1
    answers.save_menu(store, content, attendee.id, menu, attendee=attendee)


def share_token(item: wall.Shareable) -> str:
    """What a Share button posts: the entry's kind and a hash of its text (an index could
    name another entry once the menu changed in the same post)."""
    return f"{item.kind}:{hashlib.sha256(item.body.encode()).hexdigest()[:16]}"


def _share(store: Store, content: KeynoteContent, attendee_id: str, token: str) -> None:
    found = [i for i in wall.shareable(store, attendee_id) if share_token(i) == token]
    if not found:
        raise AnswerError(f"there is no shareable entry {token!r}")
    if not found[0].shared:
        wall.share(store, content.settings.limits, attendee_id, found[0].kind, found[0].body)


def _card(
    store: Store, content: KeynoteContent, attendee: Attendee, form: Form, saved: Saved
) -> None:
    if first(form, "print_shown") is not None:
        wanted = first(form, "print_reflections") == "yes"
        saved.attempt(
            "print_reflections",
            content,
            lambda: answers.save_print_choice(store, attendee.id, wanted, attendee=attendee),
        )
