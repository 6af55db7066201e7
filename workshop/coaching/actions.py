"""Two actions joined by a word: the one-fix rule's reading of a fix written as one sentence.

"Shorter subject line and propose a date" is two fixes; "Pause and let the buyer finish" is
one. A fix is split where a joiner ("and", "then", "y luego"...), a comma or a new sentence is
followed by a second action, which is read with the content's words (`FixWords`):

- the second part starts with a verb of the language (after lead words such as "then"); a verb
  that is also a noun ("call", "la pregunta") counts only before an object word ("call the
  buyer"), so "price and terms" and "support options" stay one;
- neither part only holds back or lets the buyer act (a *completer*: "then stop", "and let them
  choose", "don't apologise"): a restraint completes the action beside it;
- the first part is a real action of two words or more, not a condition or purpose
  ("When they push back and ask for a discount, ..."), and does not end on a bare verb that
  shares its object with the second ("Prepare and send the agenda");
- the joiner is not inside a fixed phrase ("try and", "wait and see").

Unsure cases are read as one action joined to another, and the view asks the manager, who may
say it is one thing: asking costs a click, refusing costs a fix.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from workshop.content.coaching import FixWords

Span = tuple[int, int]
_TOKEN = re.compile(r"\w+(?:['\u2019-]\w+)*|[^\w\s]")
_SENTENCE_END = frozenset(".!?")
_OPEN_END = " ..."


@dataclass(frozen=True)
class _Token:
    text: str  # casefolded
    start: int
    end: int

    @property
    def word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] == "_"


@dataclass(frozen=True)
class _Cut:
    """Where a part could end (`end`, a token index) and the next one start (`next`)."""

    end: int
    next: int
    kind: str  # "sentence", "comma" or "joiner"


def _plain(word: str) -> str:
    """A word without its accents, for matching a verb written with a pronoun on its end."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(t.casefold() for t in _TOKEN.findall(text))


class _Lexicon:
    """The content's words, ready to look up."""

    def __init__(self, words: FixWords) -> None:
        self.verbs = frozenset(words.verbs)
        self.plain_verbs = frozenset(_plain(v) for v in words.verbs)
        self.ambiguous = frozenset(words.ambiguous)
        self.objects = frozenset(words.objects)
        self.lead = frozenset(words.lead_words)
        self.joiners = sorted((_phrase(j) for j in words.joiners), key=len, reverse=True)
        self.conditions = [_phrase(c) for c in words.conditions]
        self.phrases = [_phrase(p) for p in words.phrases]
        self.completers = [
            (_phrase(c.removesuffix(_OPEN_END)), c.endswith(_OPEN_END)) for c in words.completers
        ]
        self.pronouns = sorted(words.attached_pronouns, key=len, reverse=True)
        self.infinitive_marks = frozenset(words.infinitive_marks)

    def is_verb(self, word: str) -> bool:
        """A verb of the language, also with pronouns written onto it ("pregúntale")."""
        if word in self.verbs:
            return True
        stems = [_plain(word)]
        for _ in range(2):  # at most two pronouns: "envíasela"
            stems = [s[: -len(p)] for s in stems for p in self.pronouns if s.endswith(p)]
            if any(s in self.plain_verbs for s in stems):
                return True
        return False

    def starts_action(self, words: list[str]) -> bool:
        """Whether `words` start with a verb that is acting, not naming ("call the buyer")."""
        if not words or not self.is_verb(words[0]):
            return False
        if words[0] not in self.ambiguous:
            return True
        # "call the buyer", "book time with the lead": acting; "price and terms", "the call
        # and review notes": naming. A noun after "and" rarely runs to three words unless it
        # starts with an object word itself.
        return len(words) > 2 or (
            len(words) > 1 and (words[1] in self.objects or words[1].isdigit())
        )


@lru_cache(maxsize=8)
def _lexicon(words: FixWords) -> _Lexicon:
    return _Lexicon(words)


def _starts(words: list[str], phrases: list[tuple[str, ...]]) -> int:
    """The length of the first phrase `words` starts with, or 0."""
    for phrase in phrases:
        if phrase and tuple(words[: len(phrase)]) == phrase:
            return len(phrase)
    return 0


def joined_actions(text: str, words: FixWords) -> list[Span]:
    """The actions of `text` joined by a word, a comma or a new sentence, as spans; fewer than
    two means one action. `text` has its quotations blanked (what to say is not a list)."""
    lexicon = _lexicon(words)
    if not lexicon.verbs:
        return []
    tokens = [_Token(m.group(0).casefold(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    reader = _Reader(lexicon, tokens)
    starts, ends = [0], []
    for cut in _cuts(lexicon, tokens):
        if cut.end > starts[-1] and reader.splits(starts[-1], cut):
            ends.append(_last_word(tokens, cut.end))
            starts.append(reader.skip_lead(cut.next))
    if not ends:
        return []
    return list(zip([tokens[i].start for i in starts], [*ends, len(text)], strict=True))


def _last_word(tokens: list[_Token], end: int) -> int:
    """Where the part that stops at token `end` ends: after its last word."""
    i = end - 1
    while i > 0 and not tokens[i].word:
        i -= 1
    return tokens[i].end


def _cuts(lexicon: _Lexicon, tokens: list[_Token]) -> list[_Cut]:
    """Every place a second action could start: after a sentence, a comma, or a joiner."""
    texts = [t.text for t in tokens]
    held = _held(lexicon, texts)
    cuts: list[_Cut] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        joiner = 0 if i in held else _joiner(lexicon, texts, i)
        if token.text in _SENTENCE_END and i + 1 < len(tokens):
            cuts.append(_Cut(i, i + 1, "sentence"))
        elif token.text == "," and i + 1 < len(tokens) and not texts[i + 1].isdigit():
            after = 0 if i + 1 in held else _joiner(lexicon, texts, i + 1)
            cuts.append(_Cut(i, i + 1 + after, "joiner" if after else "comma"))
            i += after
        elif joiner and i > 0:
            cuts.append(_Cut(i, i + joiner, "joiner"))
            i += joiner - 1
        i += 1
    return cuts


def _joiner(lexicon: _Lexicon, texts: list[str], i: int) -> int:
    """The length of the joiner at `i`, stopping where a condition starts ("y después de un no"
    is "y" and a condition, not "y después")."""
    length = _starts(texts[i:], lexicon.joiners)
    for inner in range(1, length):
        if _starts(texts[i + inner :], lexicon.conditions):
            return inner
    return length


def _held(lexicon: _Lexicon, texts: list[str]) -> set[int]:
    """Token indices inside a fixed phrase ("try and"): no joiner there joins two actions."""
    held: set[int] = set()
    for i in range(len(texts)):
        length = _starts(texts[i:], lexicon.phrases)
        held.update(range(i, i + length))
    return held


class _Reader:
    """Whether a cut splits the fix: the tests on the parts before and after it."""

    def __init__(self, lexicon: _Lexicon, tokens: list[_Token]) -> None:
        self.lexicon = lexicon
        self.tokens = tokens
        self.texts = [t.text for t in tokens]

    def skip_lead(self, i: int) -> int:
        while i < len(self.texts) and (
            self.texts[i] in self.lexicon.lead or not self.tokens[i].word
        ):
            i += 1
        return i

    def _words(self, start: int, end: int) -> list[str]:
        return [t.text for t in self.tokens[start:end] if t.word]

    def _part_end(self, start: int) -> int:
        """The end of the part that starts at `start`: the next comma, sentence end or joiner."""
        i = start
        while i < len(self.texts):
            if self.texts[i] in {",", ";", ":"} | _SENTENCE_END:
                return i
            if i > start and _starts(self.texts[i:], self.lexicon.joiners):
                return i
            i += 1
        return i

    def _without_condition(self, start: int, end: int) -> int | None:
        """Where the action of tokens[start:end] begins, past a leading condition and its comma;
        None when the whole stretch is a condition."""
        i = start
        while i < end and not self.tokens[i].word:
            i += 1
        if not _starts(self.texts[i:end], self.lexicon.conditions):
            return self.skip_lead(i)
        comma = next((j for j in range(i, end) if self.texts[j] == ","), None)
        return None if comma is None else self.skip_lead(comma + 1)

    def _completes(self, words: list[str]) -> bool:
        for phrase, open_end in self.lexicon.completers:
            if tuple(words[: len(phrase)]) == phrase and (open_end or len(words) == len(phrase)):
                return True
        return False

    def splits(self, start: int, cut: _Cut) -> bool:
        return self._left_acts(start, cut) and self._right_acts(cut)

    def _left_acts(self, start: int, cut: _Cut) -> bool:
        begin = self._without_condition(start, cut.end)
        if begin is None:
            return False
        words = self._words(begin, cut.end)
        if len(words) < 2 or self._completes(words):
            return False
        return not (cut.kind == "joiner" and self._ends_on_bare_verb(words))

    def _ends_on_bare_verb(self, words: list[str]) -> bool:
        """ "Prepare and send the agenda", "list and rank them": a verb whose object is the
        next one's."""
        last = words[-1]
        if not self.lexicon.is_verb(last):
            return False
        return words[-2] in self.lexicon.infinitive_marks

    def _right_acts(self, cut: _Cut) -> bool:
        begin = self._without_condition(cut.next, len(self.texts))
        if begin is None:
            return False
        words = self._words(begin, self._part_end(begin))
        acting = [w for w in words[1:] if w not in self.lexicon.lead]
        if not acting or self._completes(words):
            return False
        return self.lexicon.starts_action(words)
