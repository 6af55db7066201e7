"""Which exercises an attendee has finished, and how far along each one is, from what they saved.

One rule for both: `completed_steps` (what the room counts) is the set of steps whose
`step_progress` is done, so a screen that says "2 of 4 answered" can never disagree with the
counters on the big screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop.content.keynote import KeynoteContent
from workshop.keynote import reflections
from workshop.keynote.answers import Answers

#: The impact pledge's fields, in the order they are asked.
IMPACT_FIELDS = ("whom", "channel", "action", "better_place")


@dataclass(frozen=True)
class StepProgress:
    """How far one step is: `answered` of `total` parts, and the parts still missing, each
    named in the content's words (a category, a context, a question). `done` is what the room
    counts."""

    step: str
    answered: int
    total: int
    missing: tuple[str, ...]

    @property
    def done(self) -> bool:
        return not self.missing


def step_progress(answers: Answers, content: KeynoteContent) -> dict[str, StepProgress]:
    """Each step's progress, with what counts as done on it:

    - do_over: every non-optional context answered, each with a first step or "Nothing";
    - balance: every category rated;
    - impact: whom, channel, action and the better-place answer all given;
    - menu: at least one ingredient, and a mantra;
    - card: the card was made.
    """
    return {
        "do_over": _do_over(answers, content),
        "balance": _parts(
            "balance", [(c.name, c.id in answers.ratings) for c in content.balance.categories]
        ),
        "impact": _parts("impact", _impact_parts(answers, content)),
        "menu": _parts(
            "menu",
            [
                (content.settings.label("progress_ingredient"), bool(_ingredients(answers))),
                (content.menu.mantra_prompt, bool(answers.text("menu", "mantra").strip())),
            ],
        ),
        "card": _parts(
            "card",
            [(content.settings.label("card_title"), bool(answers.text("card", "made_at")))],
        ),
    }


def completed_steps(answers: Answers, content: KeynoteContent) -> frozenset[str]:
    """The steps an attendee has finished (see `step_progress` for what counts)."""
    return frozenset(s for s, p in step_progress(answers, content).items() if p.done)


def _parts(step: str, parts: list[tuple[str, bool]]) -> StepProgress:
    missing = tuple(name for name, given in parts if not given)
    return StepProgress(step, len(parts) - len(missing), len(parts), missing)


def _do_over(answers: Answers, content: KeynoteContent) -> StepProgress:
    contexts = [
        reflections.DoOverAnswer(
            c.id,
            answers.text("do_over", f"{c.id}.answer"),
            answers.text("do_over", f"{c.id}.first_step"),
        )
        for c in content.do_over.contexts
    ]
    status = reflections.do_over_status(contexts, content)
    # An optional context counts once it is answered: then it needs its first step too.
    counted = [c for c in content.do_over.contexts if status[c.id] != "optional"]
    return _parts("do_over", [(c.label, status[c.id] == "done") for c in counted])


def _impact_parts(answers: Answers, content: KeynoteContent) -> list[tuple[str, bool]]:
    impact = content.impact
    prompts = {
        "whom": impact.whom_prompt,
        "channel": impact.channel_prompt,
        "action": impact.action_prompt,
        "better_place": impact.better_place_question,
    }
    return [(prompts[name], bool(answers.text("impact", name).strip())) for name in IMPACT_FIELDS]


def _ingredients(answers: Answers) -> tuple[object, ...]:
    return answers.chosen("menu", "ingredient")
