"""The one error root of the package; each subclass also inherits the matching built-in."""

from __future__ import annotations

from dataclasses import dataclass


class WorkshopError(Exception):
    """Root of every error the toolkit raises on purpose.

    The message is for logs and the command line. A refusal a person can cause from a screen
    also names its rule in `reason` (with the numbers in `values`), so the screen can say it
    in the content's own words.
    """

    def __init__(self, *args: object, reason: str = "", **values: object) -> None:
        super().__init__(*args)
        self.reason = reason
        self.values = values


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file, located by file and line."""

    file: str
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ContentError(WorkshopError, ValueError):
    """Content files that do not load or validate; carries every problem found, not only one."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class RatingError(WorkshopError, ValueError):
    """A balance score that is not a whole number within the scale."""


class TextTooLongError(WorkshopError, ValueError):
    """Free text longer than the content allows; it is refused, never cut."""


class TextCharacterError(WorkshopError, ValueError):
    """Text holding a character it may not: a control character, or a line break in a name."""


class AnswerError(WorkshopError, ValueError):
    """An answer that breaks a rule of its exercise (too many ingredients, unknown finder...)."""


class ResumeCodeError(WorkshopError, LookupError):
    """A resume code that is malformed or not known to the store."""


class StoreError(WorkshopError, RuntimeError):
    """The database cannot be opened or written; what was saved before is untouched."""
