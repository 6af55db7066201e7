"""The one-fix rule: one coaching call fixes one thing, so a fix that reads as several is not
saved as it is.

A fix is read as several when it is a list in any of these shapes, checked in this order:

1. two or more non-blank lines;
2. numbered items in sequence: ``1. … 2. …``, ``1) … 2) …``, ``(1) … (2) …``, ``a) … b) …``;
3. bullets, when the fix starts with one: ``- … - …``, ``* … * …``, ``• … • …``;
4. two or more parts of two words or more between semicolons: ``a; b``;
5. sentences or phrases that start with two different ordinals (``First, … Second, …``), or a
   later one that starts with an addition (``… Also, …``);
6. a comma series in one sentence: three phrases whose last starts with a joiner
   (``a, then b, and c``), or four phrases with or without one;
7. two actions joined by a word, a comma or a new sentence (``Shorter subject line and propose
   a date``), read with the language's verbs (`workshop.coaching.actions`).

The first three shapes are several for sure. The others are read from words, so the manager may
say a fix read as several is one thing (`FixReading.sure` is False): a single action that holds
an "and" ("Pause and let the buyer finish") should never be refused outright. In a comma
series, a phrase that starts with a condition (``When they ask for the price, …``) is no fix of
its own, a middle phrase of one or two words names what came before (``Write to Ana, the
owner, and …``), a comma before a digit is a number (``3, 6 or 12 months``), and words in
quotes are what to say, not a list. The words of the language come from the content
(`FixWords`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from workshop.coaching.actions import joined_actions
from workshop.coaching.model import OneFixError
from workshop.content.coaching import FixWords

#: Quoted words: what to say, not a list ("Ask 'what does fine cost you, each month?'").
_QUOTED = re.compile(
    "(?<!\\w)(?:\"[^\"\\n]*\"|\u201c[^\u201d\\n]*\u201d|«[^»\\n]*»|'[^'\\n]*'(?!\\w)"
    "|\u2018[^\u2019\\n]*\u2019(?!\\w))"
)
_NUMBERED = re.compile(
    r"(?:^|(?<=\s))\(?(?:(?P<number>\d{1,2})[.)]|(?P<letter>[a-z])\))(?=\s)", re.IGNORECASE
)
_BULLET = re.compile("(?:^|(?<=\\s))[-*•·\u2013\u2014](?=\\s)")
_SEMICOLON = re.compile(r";")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_CLAUSE_END = re.compile(r"(?<=[.!?;:])\s+|,\s+(?!\d)")
_COMMA = re.compile(r",\s+(?!\d)")
_WORD = re.compile(r"\w+")

Span = tuple[int, int]
#: No words of a language: the rule reads the shapes alone.
NO_WORDS = FixWords()


def _blank_quote(match: re.Match[str]) -> str:
    """A quotation with its words blanked out, the same length, so positions still match."""
    quoted = match.group(0)
    return quoted[0] + "x" * (len(quoted) - 2) + quoted[-1]


@dataclass(frozen=True)
class FixReading:
    """A fix as the rule reads it: the items it holds, and whether they are a list for sure."""

    text: str
    items: tuple[str, ...]
    #: Read from its shape (lines, numbers, bullets): no manager can call it one thing.
    sure: bool = False

    @property
    def several(self) -> bool:
        return len(self.items) > 1


class SeveralFixesError(OneFixError):
    """A fix that reads as several; `reading` holds its items, for the manager to choose."""

    def __init__(self, message: str, reading: FixReading) -> None:
        super().__init__(message, reason="one_fix", count=len(reading.items))
        self.reading = reading


#: The shapes that make a list for sure, then those read from the language's words.
_SURE = 3


def read_fix(text: str, words: FixWords = NO_WORDS) -> FixReading:
    """How many fixes `text` holds: one item for a single fix, several for a list, none if
    blank. Each item is a stripped slice of `text`, for messages and the manager's choice."""
    if not text.strip():
        return FixReading(text, ())
    lines = tuple(line.strip() for line in text.splitlines() if line.strip())
    if len(lines) > 1:
        return FixReading(text, lines, sure=True)
    masked = _QUOTED.sub(_blank_quote, text)
    readers: tuple[Callable[[str], list[Span]], ...] = (
        _numbered,
        _bulleted,
        _semicolons,
        lambda m: _worded(m, words),
        lambda m: _series(m, words),
        lambda m: joined_actions(m, words),
    )
    for number, read in enumerate(readers, start=2):
        spans = read(masked)
        if len(spans) > 1:
            items = tuple(_item(text[start:end], words) for start, end in spans)
            return FixReading(text, items, sure=number <= _SURE)
    return FixReading(text, (text.strip(),))


def _item(part: str, words: FixWords) -> str:
    """One item of a list, as the manager reads it: without its number or bullet, the joiner
    that led to it ("and book the demo" is "book the demo") or the punctuation between items."""
    item = part.strip().rstrip(",;").strip()
    marker = _NUMBERED.match(item) or _BULLET.match(item)
    if marker is not None:
        item = item[marker.end() :].strip()
    lead = _starts_with(item, sorted(words.joiners, key=len, reverse=True))
    if lead is not None:
        rest = item[len(lead) :]
        if rest[:1].isspace() and rest.strip():
            item = rest.strip()
    return item


def fix_items(text: str, words: FixWords = NO_WORDS) -> tuple[str, ...]:
    """The fixes `text` holds (see `read_fix`)."""
    return read_fix(text, words).items


def check_fix(text: object, words: FixWords = NO_WORDS) -> str:
    """The call's one fix, verbatim. No fix, or one that reads as several, is refused (with
    `SeveralFixesError`, whose reading names the items): one call, one fix."""
    if not isinstance(text, str) or not text.strip():
        raise OneFixError("a coaching call needs its one fix; none was given", reason="no_fix")
    reading = read_fix(text, words)
    if reading.several:
        shown = "; ".join(repr(item) for item in reading.items)
        raise SeveralFixesError(
            f"one call, one fix: {len(reading.items)} fixes were given ({shown}); keep one and "
            "make the next one the fix of the next call",
            reading,
        )
    return text


# -- the shapes of a list ---------------------------------------------------------------------


def _from_markers(text: str, starts: Sequence[int]) -> list[Span]:
    """Items that each start at a marker and run to the next; text before the first is a lead-in."""
    ends = [*starts[1:], len(text)]
    return [(s, e) for s, e in zip(starts, ends, strict=True) if text[s:e].strip()]


def _between(text: str, separator: re.Pattern[str]) -> list[Span]:
    """The non-blank parts of `text` between matches of `separator`."""
    spans: list[Span] = []
    start = 0
    for match in separator.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _numbered(text: str) -> list[Span]:
    """The longest run of markers numbered in sequence (1, 2, 3 or a, b, c)."""
    best: list[int] = []
    run: list[int] = []
    previous: tuple[str, int] | None = None
    for match in _NUMBERED.finditer(text):
        number, letter = match.group("number"), match.group("letter")
        kind, value = ("n", int(number)) if number else ("l", ord(letter.casefold()) - 96)
        if previous is not None and previous == (kind, value - 1):
            run.append(match.start())
        else:
            run = [match.start()]
        previous = (kind, value)
        if len(run) > len(best):
            best = list(run)
    return _from_markers(text, best) if len(best) > 1 else []


def _bulleted(text: str) -> list[Span]:
    starts = [m.start() for m in _BULLET.finditer(text)]
    if not starts or text[: starts[0]].strip():
        return []  # a dash inside a sentence is a pause, not a bullet
    return _from_markers(text, starts)


def _semicolons(text: str) -> list[Span]:
    """Parts between semicolons; a one-word part leans on its neighbour ("Don't pitch; ask.")."""
    return [(s, e) for s, e in _between(text, _SEMICOLON) if len(_WORD.findall(text[s:e])) > 1]


def _starts_with(text: str, phrases: Sequence[str]) -> str | None:
    """The phrase of `phrases` that `text` starts with, as whole words, ignoring case."""
    lead = " ".join(_WORD.findall(text.casefold())[:4])
    for phrase in phrases:
        if lead == phrase or lead.startswith(phrase + " "):
            return phrase
    return None


def _worded(text: str, words: FixWords) -> list[Span]:
    """Clauses that start with two different ordinals, or later ones that start with an
    addition."""
    clauses = _between(text, _CLAUSE_END)
    ordinal_starts: list[int] = []
    seen: set[str] = set()
    for start, end in clauses:
        ordinal = _starts_with(text[start:end], words.ordinals)
        if ordinal is not None and ordinal not in seen:
            seen.add(ordinal)
            ordinal_starts.append(start)
    if len(ordinal_starts) > 1:
        return _from_markers(text, ordinal_starts)
    added = [s for s, e in clauses[1:] if _starts_with(text[s:e], words.additions)]
    return _from_markers(text, [clauses[0][0], *added]) if added else []


def _series(text: str, words: FixWords) -> list[Span]:
    """The phrases of the first sentence that lists three or more between commas."""
    for sentence_start, sentence_end in _between(text, _SENTENCE_END):
        sentence = text[sentence_start:sentence_end]
        phrases = [
            (sentence_start + s, sentence_start + e)
            for s, e in _between(sentence, _COMMA)
            if len(_WORD.findall(sentence[s:e])) >= 2
            and _starts_with(sentence[s:e], words.conditions) is None
        ]
        # A short phrase in the middle names what came before (", the owner,").
        phrases = [
            (s, e)
            for i, (s, e) in enumerate(phrases)
            if i in (0, len(phrases) - 1) or len(_WORD.findall(text[s:e])) > 2
        ]
        if len(phrases) >= 4:
            return phrases
        if len(phrases) == 3:
            last_start, last_end = phrases[-1]
            if _starts_with(text[last_start:last_end], words.joiners):
                return phrases
    return []
