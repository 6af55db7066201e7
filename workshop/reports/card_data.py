"""What one attendee's card shows, gathered from their saved answers (pure, no matplotlib).

Answers are never shortened here; only the drawing shortens a long answer, and says so. The
do-overs and the impact pledge are private: a card the facilitator prints leaves them out
unless the attendee ticked "include my reflections" (`facilitator_copy`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from workshop.content.keynote import KeynoteContent
from workshop.errors import WorkshopError
from workshop.keynote import balance, reflections
from workshop.keynote.answers import PRINT_REFLECTIONS as PRINT_REFLECTIONS  # where cards look
from workshop.keynote.answers import Answers
from workshop.keynote.reflections import Ingredient


@dataclass(frozen=True)
class Commitment:
    """A balance finder the attendee committed to, with the category it restores."""

    category: str
    finder: str


@dataclass(frozen=True)
class DoOverEntry:
    context: str
    answer: str
    first_step: str
    nothing: bool


@dataclass(frozen=True)
class ImpactPledge:
    whom: str = ""
    channel: str = ""
    action: str = ""
    better_place: str = ""

    @property
    def empty(self) -> bool:
        return not any(s.strip() for s in (self.whom, self.channel, self.action, self.better_place))


@dataclass(frozen=True)
class CardData:
    """Everything one attendee's card shows, verbatim as saved."""

    scores: dict[str, int]
    out_of_balance: tuple[str, ...]
    finders: tuple[Commitment, ...]
    do_overs: tuple[DoOverEntry, ...]
    impact: ImpactPledge
    ingredients: tuple[Ingredient, ...]
    mantra: str
    nickname: str = ""
    #: The day the card was made, as YYYY-MM-DD (a date reads the same in every language).
    made_on: str = ""
    #: The do-overs and pledge were left out of this copy: they are the attendee's own.
    reflections_private: bool = False


def card_data(
    answers: Answers, content: KeynoteContent, nickname: str = "", made_on: str = ""
) -> CardData:
    """Gather the card from saved answers. Ratings the content no longer knows are left out."""
    known = {c.id: c.name for c in content.balance.categories}
    scores: dict[str, int] = {}
    for category_id, value in answers.ratings.items():
        if category_id not in known:
            continue  # the trainer removed this category since it was rated
        try:
            scores[category_id] = balance.check_rating(
                value, content.balance.scale, known[category_id]
            )
        except WorkshopError:
            continue  # rated on a scale the content has since changed
    result = balance.profile(scores, content.balance)
    return CardData(
        scores=result.scores if result else {},
        out_of_balance=result.out_of_balance if result else (),
        finders=tuple(Commitment(p.detail, p.item) for p in answers.chosen("balance", "finder")),
        do_overs=_do_overs(answers, content),
        impact=ImpactPledge(
            whom=answers.text("impact", "whom"),
            channel=answers.text("impact", "channel"),
            action=answers.text("impact", "action"),
            better_place=answers.text("impact", "better_place"),
        ),
        ingredients=tuple(
            Ingredient(p.item, p.detail) for p in answers.chosen("menu", "ingredient")
        ),
        mantra=answers.text("menu", "mantra"),
        nickname=(nickname or "").strip(),
        made_on=made_on,
    )


def _do_overs(answers: Answers, content: KeynoteContent) -> tuple[DoOverEntry, ...]:
    entries = []
    for context in content.do_over.contexts:
        answer = answers.text("do_over", f"{context.id}.answer")
        step = answers.text("do_over", f"{context.id}.first_step")
        if answer.strip() or step.strip():
            nothing = reflections.is_nothing(answer, content.do_over.nothing_word)
            entries.append(DoOverEntry(context.id, answer, step, nothing))
    return tuple(entries)


def wants_reflections_printed(answers: Answers) -> bool:
    """Whether the attendee ticked "include my reflections on the printed card"."""
    return answers.text(*PRINT_REFLECTIONS).strip() == "yes"


def facilitator_copy(data: CardData, answers: Answers) -> CardData:
    """The card as the facilitator may print it: without the private reflections, unless the
    attendee opted in. The attendee's own download is `data` itself."""
    if wants_reflections_printed(answers):
        return data
    return replace(data, do_overs=(), impact=ImpactPledge(), reflections_private=True)
