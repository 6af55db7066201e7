"""The ``one_fix`` section of ``coaching.yaml``: the words of a language the one-fix rule reads.

Every list is optional, as a set without words still reads list shapes (lines, numbers,
bullets). What `workshop validate` checks: each word is lower case with single spaces, no word
comes twice in a list, a completer's "..." is only at its end, every ambiguous verb is also a
verb, and the joined-actions rule has what it needs (joiners and verbs together).
"""

from __future__ import annotations

from workshop.content.coaching import FIX_WORD_KEYS, FixWords
from workshop.content.reader import Map

#: How a completer says it starts a part rather than being the whole part: "wait ...".
OPEN_END = " ..."


def read_fix_words(doc: Map) -> FixWords:
    """The words the one-fix rule reads, each list checked; absent lists are empty."""
    found = doc.mapping("one_fix", required=False)
    if found is None:
        return FixWords()
    found.check_keys(FIX_WORD_KEYS)
    words = {key: _word_list(found, key) for key in FIX_WORD_KEYS}
    checked = FixWords(**words)
    _check_together(found, checked)
    return checked


def _word_list(found: Map, key: str) -> tuple[str, ...]:
    seq = found.sequence(key, required=False)
    texts = seq.texts() if seq is not None else []
    words: list[str] = []
    for text, line in texts:
        if text != text.casefold() or text != " ".join(text.split()):
            found.error(
                line, f"'one_fix.{key}' expected lower-case words with single spaces, got {text!r}"
            )
        word = " ".join(text.split()).casefold()
        if "..." in word and (key != "completers" or word.index("...") != len(word) - 3):
            found.error(
                line,
                f"'one_fix.{key}' may end a completer with ' ...' (\"wait ...\"), nothing else; "
                f"got {text!r}",
            )
        if word in words:
            found.warn(line, f"'one_fix.{key}' lists {word!r} twice; once is enough")
            continue
        words.append(word)
    return tuple(words)


def _check_together(found: Map, words: FixWords) -> None:
    """Lists that only work with another: ambiguous verbs are verbs; joiners need verbs."""
    verbs = set(words.verbs)
    strays = [w for w in words.ambiguous if w not in verbs]
    if strays:
        found.warn(
            found.line_at("ambiguous"),
            f"'one_fix.ambiguous' lists {', '.join(repr(w) for w in strays[:5])}, not in "
            "'one_fix.verbs'; an ambiguous word is a verb that is also a noun, so add it there",
        )
    if words.joiners and not words.verbs:
        found.warn(
            found.line_at("joiners"),
            "'one_fix' has joiners but no verbs, so two actions joined by a word ('Ask who "
            "signs and send the contract') are not seen; list the language's verbs in "
            "'one_fix.verbs'",
        )
