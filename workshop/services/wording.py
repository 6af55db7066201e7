"""A refusal in the content's words: what every front end shows when a rule says no.

The rules raise `WorkshopError`s whose `reason` names the rule and whose `values` hold its
numbers; the content names each reason in its own language. Widget views, phone pages and the
rep's page all word refusals here, so the same refusal reads the same on every screen.
"""

from __future__ import annotations

from collections.abc import Mapping

from workshop.content.settings import Settings
from workshop.errors import WorkshopError
from workshop.keynote.completion import StepProgress


def refusal_text(
    exc: WorkshopError, labels: Mapping[str, str], *, prefix: str = "", templates: bool = False
) -> str:
    """A refusal in the content's words: the label named by the rule that refused.

    The label's key is `prefix` plus the error's `reason`. With `templates`, the label's
    fill-ins take the rule's values ("{length} of {limit}"); a plain label is followed by them
    ("Too long (2300 / 2000)", or a repeated name). An error no label words (a disk that is
    full, say) is shown as it is.
    """
    key = prefix + exc.reason
    if not exc.reason or key not in labels:
        return str(exc)
    text = labels[key]
    if templates:
        return text.format(**exc.values)
    length, limit, name = (exc.values.get(k) for k in ("length", "limit", "name"))
    if isinstance(length, int) and isinstance(limit, int):
        text += f" ({length} / {limit})"
    elif isinstance(name, str):
        text += f" ({name})"
    return text


def progress_words(progress: StepProgress, settings: Settings) -> tuple[str, str]:
    """What counts as done on a step, and how far the attendee is, in the content's words:
    ("Done when every category is rated.", "6 of 8 answered. Still to answer: Health, Fun")."""
    rule = settings.label(f"done_{progress.step}")
    if progress.done:
        return rule, settings.label("progress_done")
    count = settings.label("progress_count", n=progress.answered, total=progress.total)
    missing = settings.label("progress_missing", names="; ".join(progress.missing))
    return rule, f"{count}. {missing}"
