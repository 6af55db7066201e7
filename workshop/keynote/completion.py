"""Which exercises an attendee has finished, derived from what they saved."""

from __future__ import annotations

from workshop.content.keynote import KeynoteContent
from workshop.keynote import reflections
from workshop.keynote.answers import Answers


def completed_steps(answers: Answers, content: KeynoteContent) -> frozenset[str]:
    """The steps an attendee has finished, derived from what they saved.

    - do_over: every non-optional context answered, each with a first step or "Nothing";
    - balance: every category rated;
    - impact: whom, channel, action and the better-place answer all given;
    - menu: at least one ingredient and a mantra;
    - card: the card was made (the card view records it).
    """
    done: set[str] = set()
    contexts = [
        reflections.DoOverAnswer(
            c.id,
            answers.text("do_over", f"{c.id}.answer"),
            answers.text("do_over", f"{c.id}.first_step"),
        )
        for c in content.do_over.contexts
    ]
    status = reflections.do_over_status(contexts, content)
    if all(s in ("done", "optional") for s in status.values()):
        done.add("do_over")
    rated = set(answers.ratings)
    if all(c.id in rated for c in content.balance.categories):
        done.add("balance")
    if all(
        answers.text("impact", name).strip()
        for name in ("whom", "channel", "action", "better_place")
    ):
        done.add("impact")
    if answers.chosen("menu", "ingredient") and answers.text("menu", "mantra").strip():
        done.add("menu")
    if answers.text("card", "made_at"):
        done.add("card")
    return frozenset(done)
