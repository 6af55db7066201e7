"""`session.yaml`: the workshop's title, language, limits, anonymity and interface wording."""

from __future__ import annotations

from dataclasses import dataclass

from workshop.content.base import labels
from workshop.content.reader import Map

#: Interface wording every content set must define; views look labels up by these keys.
LABEL_KEYS = (
    "your_code",
    "code_hint",
    "resume_placeholder",
    "resume_button",
    "resumed",
    "unknown_code",
    "saving",
    "saved",
    "not_saved",
    "first_step",
    "download_pdf",
    "download_png",
    "make_card",
    "card_title",
    "card_intro",
    "commit",
    "add",
    "remove",
    "own_ingredient",
    "nickname",
    "wheel_hint",
    "finders_heading",
    "average",
    "spread",
    "highest",
    "lowest",
    "out_of_balance",
    "in_balance",
    "none",
    "nothing_needs_no_step",
    "needs_first_step",
    "too_many_ingredients",
    "making_card",
    "card_ready",
    "card_failed",
    "card_truncated",
    "card_first_step",
    "not_answered",
    "card_private",
    "card_unprintable",
    "card_print_reflections",
    "too_long",
    "too_complex",
    "control_character",
    "ingredient_needs_name",
    "ingredient_on_menu",
)

#: Labels added after the first content sets were written, with their English wording: a set
#: without them still validates (with a warning naming each) and shows these words.
LABELS_ADDED: dict[str, str] = {
    # The balance summary when every category has the same score.
    "all_equal": "All equal: every category has the same score.",
    # What counts as done on each step, and how far the attendee is.
    "progress_count": "{n} of {total} answered",
    "progress_missing": "Still to answer: {names}",
    "progress_done": "Done: the room counts this step as finished.",
    "progress_ingredient": "At least one ingredient",
    "done_do_over": (
        'Done when each part of your life has an answer with a first step, or "Nothing".'
    ),
    "done_balance": "Done when every category is rated.",
    "done_impact": "Done when all four questions are answered.",
    "done_menu": "Done when your menu has an ingredient and you have written your mantra.",
    "done_card": "Done when you have made your card.",
}
#: Labels that are templates, with the {fill-ins} each may use.
LABEL_FIELDS: dict[str, tuple[str, ...]] = {
    "progress_count": ("n", "total"),
    "progress_missing": ("names",),
}

#: Below this many answers a room figure can identify a person; smaller values only warn.
ANONYMITY_FLOOR = 3
#: The chance that an attendee's contribution to the room's figures is a random score instead
#: of theirs (`workshop.live.randomized`), unless session.yaml says otherwise.
RANDOMIZED_RESPONSE = 0.25
#: Above this chance the room's figures are mostly noise; it is allowed, with a warning.
RANDOMIZED_NOISY = 0.5
#: The highest chance allowed: at 1 every contribution would be noise.
RANDOMIZED_MAX = 0.95


@dataclass(frozen=True)
class Limits:
    text_max_chars: int = 2000
    #: Longest mantra or wall entry, in characters as people count them: one card on the wall.
    wall_max_chars: int = 140
    #: Most entries one attendee may share on the wall in a session, taken back or not.
    wall_entries: int = 3


@dataclass(frozen=True)
class Settings:
    """What `session.yaml` sets for the whole workshop; views look their wording up here."""

    title: str
    subtitle: str
    language: str
    limits: Limits
    anonymity_k: int
    labels: dict[str, str]
    #: The chance that each of an attendee's scores counts in the room's figures as a random
    #: score instead (drawn once, kept): what gives each person plausible deniability.
    randomized_response: float = RANDOMIZED_RESPONSE

    def label(self, key: str, **values: object) -> str:
        """The wording for `key`, with its fill-ins (checked when the content was loaded)."""
        text = self.labels[key]
        return text.format(**values) if values else text


def read_settings(doc: Map) -> Settings:
    doc.check_keys(("title", "subtitle", "language", "limits", "room", "labels"))
    room = doc.mapping("room", required=False)
    if room is not None:
        room.check_keys(("anonymity_k", "randomized_response"))
    return Settings(
        title=doc.text("title"),
        subtitle=doc.text("subtitle", required=False),
        language=doc.text("language"),
        limits=_limits(doc),
        anonymity_k=_anonymity_k(room),
        labels=labels(doc, dict.fromkeys(LABEL_KEYS), LABELS_ADDED, LABEL_FIELDS),
        randomized_response=_randomized_response(room),
    )


def _limits(doc: Map) -> Limits:
    limits = doc.mapping("limits", required=False)
    if limits is None:
        return Limits()
    limits.check_keys(("text_max_chars", "wall_max_chars", "wall_entries"))
    default = Limits()
    return Limits(
        text_max_chars=limits.integer(
            "text_max_chars", default=default.text_max_chars, required=False, low=1, high=100_000
        ),
        wall_max_chars=limits.integer(
            "wall_max_chars", default=default.wall_max_chars, required=False, low=1, high=1000
        ),
        wall_entries=limits.integer(
            "wall_entries", default=default.wall_entries, required=False, low=0, high=100
        ),
    )


def _anonymity_k(room: Map | None) -> int:
    if room is None:
        return 5
    k = room.integer("anonymity_k", default=5, low=2, high=1000)
    if k < ANONYMITY_FLOOR:
        room.warn(
            room.line_at("anonymity_k"),
            f"'room.anonymity_k' is {k}: below {ANONYMITY_FLOOR}, two attendees can tell "
            "each other's answers apart; use it only to rehearse or test",
        )
    return k


def _randomized_response(room: Map | None) -> float:
    """The chance a score counts as a random one; 0 gives no deniability, so it warns."""
    if room is None or not room.has("randomized_response"):
        return RANDOMIZED_RESPONSE
    key, line = "randomized_response", room.line_at("randomized_response")
    p = room.number(key, default=RANDOMIZED_RESPONSE, low=0.0)
    if p > RANDOMIZED_MAX:
        room.error(line, f"'room.{key}' expected a chance from 0 to {RANDOMIZED_MAX}, got {p}")
        return RANDOMIZED_RESPONSE
    if p == 0:
        room.warn(
            line,
            f"'room.{key}' is 0: every score counts as given, so k-1 attendees working together "
            "can recover one person's answers from the room's figures; use it only to rehearse",
        )
    elif p > RANDOMIZED_NOISY:
        room.warn(
            line,
            f"'room.{key}' is {p}: most of the room's figures would be random scores; "
            f"{RANDOMIZED_RESPONSE} protects each person and keeps the figures readable",
        )
    return float(p)
