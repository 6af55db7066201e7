"""What each step's page shows, from the attendee's saved answers: plain data for a template.

No rule is decided here: the domain says what is out of balance, what is done and what a
summary holds (`keynote.balance`, `keynote.completion`), the services what is shareable; this
module only puts their answers in the content's words, for `workshop/web/templates`.
"""

from __future__ import annotations

import hashlib
from typing import Any

from markupsafe import Markup

from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent
from workshop.keynote import balance, reflections
from workshop.keynote.answers import PRINT_REFLECTIONS, Answers
from workshop.keynote.completion import StepProgress
from workshop.keynote.wheel_svg import wheel_svg
from workshop.server.phone_forms import share_token
from workshop.services import wall
from workshop.services.attendee import progress_of
from workshop.services.wording import progress_words
from workshop.store import Store

Page = dict[str, Any]


def key_of(*parts: object) -> str:
    """A short fingerprint of what a fragment shows: the script swaps in a part only when its
    key changed, so a tick box being pressed is never redrawn under the finger."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:12]


def progress_page(progress: StepProgress, content: KeynoteContent) -> Page:
    rule, state = progress_words(progress, content.settings)
    return {"rule": rule, "state": state, "done": progress.done, "key": key_of(rule, state)}


def step_page(
    step: str, store: Store, content: KeynoteContent, live: LiveContent, attendee_id: str
) -> tuple[Page, Page]:
    """The step's own data, and its progress, for the step's template."""
    answers = store.answers(attendee_id)
    progress = progress_page(progress_of(answers, content).steps[step], content)
    if step == "do_over":
        return do_over(answers, content), progress
    if step == "balance":
        return balance_page(answers, content, live), progress
    if step == "impact":
        return impact(answers, content), progress
    if step == "menu":
        return menu(answers, content, live, store, attendee_id), progress
    return card(answers, content), progress


def reply_pages(
    step: str,
    store: Store,
    content: KeynoteContent,
    live: LiveContent,
    attendee_id: str,
    answers: Answers,
    progress: StepProgress,
) -> dict[str, Page]:
    """What a save's reply redraws, by fragment: the step's progress, and on the steps whose
    page shows what a save changes (the wheel, the wall), that page; no other page is built."""
    pages = {"progress": progress_page(progress, content)}
    if step == "balance":
        pages["balance"] = balance_page(answers, content, live)
    elif step == "menu":
        pages["menu"] = menu(answers, content, live, store, attendee_id)
    return pages


def do_over(answers: Answers, content: KeynoteContent) -> Page:
    exercise = content.do_over
    texts = [
        reflections.DoOverAnswer(
            c.id,
            answers.text("do_over", f"{c.id}.answer"),
            answers.text("do_over", f"{c.id}.first_step"),
        )
        for c in exercise.contexts
    ]
    status = reflections.do_over_status(texts, content)
    notes = {
        "needs_first_step": content.settings.label("needs_first_step"),
    }
    contexts = []
    for c, text in zip(exercise.contexts, texts, strict=True):
        note = notes.get(status[c.id], "")
        if status[c.id] == "done" and reflections.is_nothing(text.answer, exercise.nothing_word):
            note = content.settings.label("nothing_needs_no_step")
        contexts.append(
            {
                "id": c.id,
                "label": c.label,
                "prompt": c.prompt,
                "answer": text.answer,
                "first_step": text.first_step,
                "note": note,
            }
        )
    return {
        "title": exercise.title,
        "intro": exercise.intro,
        "question": exercise.question,
        "nothing_hint": exercise.nothing_hint,
        "follow_up": exercise.follow_up,
        "contexts": contexts,
    }


def balance_page(answers: Answers, content: KeynoteContent, live: LiveContent) -> Page:
    exercise = content.balance
    scale = exercise.scale
    scores = {c.id: answers.ratings[c.id] for c in exercise.categories if c.id in answers.ratings}
    result = balance.profile(scores, exercise)
    flagged = result.out_of_balance if result else ()
    committed = {(p.detail, p.item) for p in answers.chosen("balance", "finder")}
    alt = wheel_words(scores, content, live)
    # Markup: the drawing escapes every name it holds (`keynote.wheel_svg`).
    wheel = (
        Markup(
            wheel_svg(
                exercise.categories, scores, scale, flagged, radius=96, label_size=14, alt=alt
            )
        )
        if result
        else ""
    )
    finders = [
        {
            "id": category,
            "name": exercise.category(category).name,
            "options": [
                {"text": f, "checked": (category, f) in committed}
                for f in exercise.finders.get(category, ())
            ],
        }
        for category in flagged
        if exercise.finders.get(category)
    ]
    summary = summary_lines(result, content)
    return {
        "title": exercise.title,
        "intro": exercise.intro,
        "low": f"{scale.min} = {scale.low_label}" if scale.low_label else str(scale.min),
        "high": f"{scale.max} = {scale.high_label}" if scale.high_label else str(scale.max),
        "scale_values": list(scale.values),
        "categories": [
            {
                "id": c.id,
                "name": c.name,
                "description": c.description,
                "score": scores.get(c.id),
            }
            for c in exercise.categories
        ],
        "wheel": wheel,
        "wheel_hint": content.settings.label("wheel_hint"),
        "wheel_key": key_of(alt, flagged, bool(result)),
        "summary": summary,
        "summary_key": key_of(summary),
        "finders": finders,
        "finders_key": key_of(finders),
        "finders_shown": ",".join(c for c in flagged if exercise.finders.get(c)),
        "finders_heading": content.settings.label("finders_heading"),
        "finders_intro": exercise.finders_intro,
    }


def wheel_words(scores: dict[str, int], content: KeynoteContent, live: LiveContent) -> str:
    """The wheel for a screen reader: "Your balance wheel: Career growth, 6 of 8; ..."."""
    top = content.balance.scale.max
    parts = [
        f"{c.name}, "
        + (
            live.label("rating_of", score=scores[c.id], max=top)
            if c.id in scores
            else live.label("not_rated")
        )
        for c in content.balance.categories
    ]
    return f"{live.label('wheel_alt')}: {'; '.join(parts)}"


def summary_lines(result: balance.BalanceProfile | None, content: KeynoteContent) -> list[Page]:
    """The profile in words; "all equal" when every score is the same."""
    if result is None:
        return []
    label = content.settings.label
    exercise = content.balance

    def names(ids: tuple[str, ...]) -> str:
        return ", ".join(exercise.category(c).name for c in ids) or label("none")

    lines = [f"{label('average')} {result.mean:.1f}, {label('spread')} {result.spread:.1f}"]
    if result.all_equal:
        lines.append(label("all_equal"))
    else:
        lines.append(f"{label('highest')}: {names(result.highest)}")
        lines.append(f"{label('lowest')}: {names(result.lowest)}")
    groups = exercise.group_names
    if result.professional_mean is not None:
        lines.append(f"{groups['professional']}: {result.professional_mean:.1f}")
    if result.personal_mean is not None:
        lines.append(f"{groups['personal']}: {result.personal_mean:.1f}")
    shown: list[Page] = [{"text": line, "warning": False} for line in lines]
    if result.out_of_balance:
        text = f"{label('out_of_balance')}: {names(result.out_of_balance)}"
        shown.append({"text": text, "warning": True})
    else:
        shown.append({"text": label("in_balance"), "warning": False})
    return shown


def impact(answers: Answers, content: KeynoteContent) -> Page:
    exercise = content.impact
    chosen = answers.text("impact", "channel")
    return {
        "title": exercise.title,
        "intro": exercise.intro,
        "whom_prompt": exercise.whom_prompt,
        "channel_prompt": exercise.channel_prompt,
        "action_prompt": exercise.action_prompt,
        "better_place_question": exercise.better_place_question,
        "whom": answers.text("impact", "whom"),
        "action": answers.text("impact", "action"),
        "better_place": answers.text("impact", "better_place"),
        "channels": [
            {"id": c.id, "label": c.label, "description": c.description, "checked": c.id == chosen}
            for c in exercise.channels
        ],
    }


def menu(
    answers: Answers, content: KeynoteContent, live: LiveContent, store: Store, attendee_id: str
) -> Page:
    exercise = content.menu
    picks = {p.item: p.detail for p in answers.chosen("menu", "ingredient")}
    own = [{"name": n, "action": a} for n, a in picks.items() if n not in exercise.ingredients]
    if len(picks) < exercise.max_ingredients:
        own.append({"name": "", "action": ""})
    shareable = [
        {"body": i.body, "shared": i.shared, "entry_id": i.entry_id, "token": share_token(i)}
        for i in wall.shareable(store, attendee_id)
    ]
    return {
        "title": exercise.title,
        "intro": exercise.intro,
        "ingredients_legend": live.label("menu_ingredients", max=exercise.max_ingredients),
        "action_prompt": exercise.action_prompt,
        "ingredients": [
            {"name": name, "checked": name in picks, "action": picks.get(name, "")}
            for name in exercise.ingredients
        ],
        "own": own,
        "mantra_prompt": exercise.mantra_prompt,
        "mantra": answers.text("menu", "mantra"),
        "mantra_examples": list(exercise.mantra_examples),
        "shareable": shareable,
        "wall_key": key_of(shareable),
    }


def card(answers: Answers, content: KeynoteContent) -> Page:
    return {
        "title": content.settings.label("card_title"),
        "intro": content.settings.label("card_intro"),
        "print_reflections": answers.text(*PRINT_REFLECTIONS).strip() == "yes",
    }
