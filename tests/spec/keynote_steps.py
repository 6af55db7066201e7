"""The keynote's steps as one spec: what an attendee enters on each step, and what must then be
saved and counted as done. The widget views (headless, `test_widget_views`) and the phone pages
(Chromium, `tests/browser/test_phone_keynote`) both run it, so neither can drift from the other.

Fields are named as the phone's forms name them (`workshop.server.phone_forms`); each runner
turns them into its own gestures (a widget's value, a click, a key press).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workshop.content.keynote import KeynoteContent
from workshop.keynote.completion import completed_steps, step_progress
from workshop.services.wording import progress_words
from workshop.store import Store

#: Every category of the default content, rated.
RATINGS = {
    "career": 6,
    "performance": 5,
    "relationships_work": 7,
    "finances": 4,
    "health": 2,
    "family": 7,
    "growth": 6,
    "fun": 5,
}


@dataclass(frozen=True)
class StepSpec:
    """One step: what is typed, rated, chosen and ticked; what the store then holds."""

    step: str
    #: Text fields, by the form's name ("professional.answer", "whom", "mantra").
    texts: dict[str, str] = field(default_factory=dict)
    ratings: dict[str, int] = field(default_factory=dict)
    #: An impact channel's id.
    channel: str | None = None
    #: Content ingredients ticked, with the action typed for each.
    ingredients: tuple[tuple[str, str], ...] = ()
    #: Balance finders ticked, as (category, finder index among the category's).
    finders: tuple[tuple[str, int], ...] = ()
    #: What the store holds afterwards: texts by (exercise, name).
    saved_texts: dict[tuple[str, str], str] = field(default_factory=dict)
    #: Whether the room then counts the step as done, and the progress line it shows.
    done: bool = True
    progress: str = ""


KEYNOTE: tuple[StepSpec, ...] = (
    StepSpec(
        "do_over",
        texts={
            "professional.answer": "Ask for feedback after every call",
            "professional.first_step": "Book Friday's review with my manager",
            "personal.answer": "Nothing.",
        },
        saved_texts={
            ("do_over", "professional.answer"): "Ask for feedback after every call",
            ("do_over", "professional.first_step"): "Book Friday's review with my manager",
            ("do_over", "personal.answer"): "Nothing.",
        },
        progress="Done: the room counts this step as finished.",
    ),
    StepSpec(
        "balance",
        ratings=RATINGS,
        finders=(("health", 0),),
        progress="Done: the room counts this step as finished.",
    ),
    StepSpec(
        "impact",
        texts={
            "whom": "The new reps in our office",
            "action": "Coach one rep every day for ten minutes",
            "better_place": "By helping people believe they can do more",
        },
        channel="coaching",
        saved_texts={
            ("impact", "whom"): "The new reps in our office",
            ("impact", "channel"): "coaching",
            ("impact", "action"): "Coach one rep every day for ten minutes",
            ("impact", "better_place"): "By helping people believe they can do more",
        },
        progress="Done: the room counts this step as finished.",
    ),
    StepSpec(
        "menu",
        texts={"mantra": "Think positive, take action!"},
        ingredients=(("Gratitude", "Write three things down each night"), ("Rest", "")),
        saved_texts={("menu", "mantra"): "Think positive, take action!"},
        progress="Done: the room counts this step as finished.",
    ),
)

#: A step left half done: the room does not count it, and the attendee is told what is missing.
HALF_DONE = StepSpec(
    "impact",
    texts={"whom": "My team"},
    saved_texts={("impact", "whom"): "My team"},
    done=False,
    progress=(
        "1 of 4 answered. Still to answer: Through which channel?; One concrete action you "
        "will take; How will you leave this world a better place?"
    ),
)

#: Every category rated the same: the summary says so instead of listing all eight twice.
ALL_EQUAL = StepSpec(
    "balance", ratings=dict.fromkeys(RATINGS, 5), progress="Done: the room counts this step"
)


def check_saved(store: Store, content: KeynoteContent, attendee_id: str, spec: StepSpec) -> None:
    """The store holds what `spec` says, and the step's progress reads as it says."""
    answers = store.answers(attendee_id)
    for key, text in spec.saved_texts.items():
        assert answers.text(*key) == text, (key, answers.text(*key))
    for category, score in spec.ratings.items():
        assert answers.ratings.get(category) == score, (category, answers.ratings)
    if spec.ingredients:
        picks = [(p.item, p.detail) for p in answers.chosen("menu", "ingredient")]
        assert picks == list(spec.ingredients), picks
    if spec.finders:
        offered = content.balance.finders
        expected = {(offered[c][i], c) for c, i in spec.finders}
        chosen = {(p.item, p.detail) for p in answers.chosen("balance", "finder")}
        assert chosen == expected, chosen
    progress = step_progress(answers, content)[spec.step]
    assert progress.done is spec.done, progress
    assert (spec.step in completed_steps(answers, content)) is spec.done
    words = " ".join(progress_words(progress, content.settings))
    assert spec.progress in words, words
