"""What coaching content is: the competencies, the scale, the cadence and every word shown.

Two files of a content folder hold it: ``competencies.yaml`` (the competencies, in groups; the
count comes from the file; and, optionally, the competencies a director coaches managers on)
and ``coaching.yaml`` (the scale, the cadence, the call length, the roles' names, and every
word the coaching notebooks show). `workshop.content.coaching_files` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, get_args

from workshop.content.base import Scale
from workshop.plurals import plural_form

Medium = Literal["conversation", "call", "email"]
Adjustment = Literal["words", "mindset", "tonality", "delivery"]
Gap = Literal["knowledge", "skill", "both", "none"]
FocusReason = Literal[
    "no_evaluation", "all_top", "settled", "lowest", "tie_in_progress", "tie_first"
]
#: Who a person is in the chain of coaches: a director coaches managers, a manager coaches reps.
Role = Literal["director", "manager", "rep"]

MEDIUMS: tuple[Medium, ...] = get_args(Medium)
ADJUSTMENTS: tuple[Adjustment, ...] = get_args(Adjustment)
GAPS: tuple[Gap, ...] = get_args(Gap)
FOCUS_REASONS: tuple[FocusReason, ...] = get_args(FocusReason)
ROLES: tuple[Role, ...] = get_args(Role)

#: Fill-ins a focus explanation may use.
FOCUS_FIELDS = ("rep", "competency", "score", "max", "evaluated", "fixes", "settle", "last_fix")

#: Fewer competencies than this cannot be drawn as a radar.
MIN_COMPETENCIES = 3


@dataclass(frozen=True)
class Competency:
    id: str
    name: str
    group: str
    good: str


@dataclass(frozen=True)
class CompetencyGroup:
    id: str
    name: str
    competencies: tuple[Competency, ...]


@dataclass(frozen=True)
class CallLength:
    """The target length of a coaching call, in minutes."""

    min: int
    max: int

    def contains(self, minutes: int) -> bool:
        return self.min <= minutes <= self.max


@dataclass(frozen=True)
class DemoCall:
    """One sample call the demo team's calls are drawn from."""

    competency: str
    medium: Medium
    situation: str
    knows: bool
    can: bool
    adjustments: tuple[Adjustment, ...]
    fix: str
    self_critique: str
    insight: str
    #: Where `competency` is given in coaching.yaml, for problems found across files.
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class FixWords:
    """Words of the content's language that the one-fix rule reads (lower case).

    The rule (`workshop.coaching.fixes`, `workshop.coaching.actions`) reads list shapes: lines,
    numbers, bullets, semicolons and comma series, and two actions joined by a word. These
    words keep it from counting a condition or a restraint as a fix of its own, and let it see
    a list spelled out in words and a second verb after a joiner.
    """

    #: A phrase between commas that starts with one of these is a condition, not a fix.
    conditions: tuple[str, ...] = ()
    #: Words that join two actions ("and", "then"); they also close a comma series.
    joiners: tuple[str, ...] = ()
    #: Two clauses that start with two different ones of these are two fixes.
    ordinals: tuple[str, ...] = ()
    #: A later clause that starts with one of these adds a fix.
    additions: tuple[str, ...] = ()
    #: The language's verbs as a fix gives them: a second action starts with one.
    verbs: tuple[str, ...] = ()
    #: Verbs that are also nouns or adjectives: they start an action only before an object.
    ambiguous: tuple[str, ...] = ()
    #: Words that may follow a verb as its object or complement.
    objects: tuple[str, ...] = ()
    #: Words that may stand between a joiner and its verb ("and then ask").
    lead_words: tuple[str, ...] = ()
    #: Parts that complete another rather than add a fix ("stop", "let the buyer ...").
    completers: tuple[str, ...] = ()
    #: Fixed phrases that hold a joiner and are one action ("try and").
    phrases: tuple[str, ...] = ()
    #: Pronouns written onto a verb's end (Spanish "pregúntale").
    attached_pronouns: tuple[str, ...] = ()
    #: Words that mark a verb as an infinitive another verb may share ("to list and rank").
    infinitive_marks: tuple[str, ...] = ()


#: The keys of a content set's ``one_fix`` section, in `FixWords`' order.
FIX_WORD_KEYS = tuple(FixWords.__dataclass_fields__)


@dataclass(frozen=True)
class DemoContent:
    reps: tuple[str, ...]
    calls: tuple[DemoCall, ...]
    self_checks: tuple[str, ...]
    #: The chain above the reps: directors coach managers, managers coach reps.
    directors: tuple[str, ...] = ()
    managers: tuple[str, ...] = ()
    #: Sample calls a director has with a manager, on the managers' competencies.
    manager_calls: tuple[DemoCall, ...] = ()


@dataclass(frozen=True)
class CoachingContent:
    """One complete coaching content set."""

    source: Path
    title: str
    intro: str
    groups: tuple[CompetencyGroup, ...]
    scale: Scale
    calls_per_week: int
    call_length: CallLength
    milestones: tuple[int, ...]
    settle_after: int
    text_max_chars: int
    fix_words: FixWords
    mediums: dict[Medium, str]
    adjustments: dict[Adjustment, str]
    knows_question: str
    can_question: str
    gaps: dict[Gap, str]
    do_over_question: str
    insight_prompt: str
    self_check_question: str
    explanations: dict[FocusReason, str]
    labels: dict[str, str]
    demo: DemoContent
    #: The language the words are in (for plural forms), as a CLDR code: en, es...
    language: str = "en"
    #: Labels written with plural forms: key -> {one: ..., other: ...}.
    plurals: dict[str, dict[str, str]] = field(default_factory=dict)
    #: What each role is called.
    roles: dict[Role, str] = field(default_factory=lambda: {r: r for r in ROLES})
    #: What managers (and directors) are coached on; empty: the same as reps.
    manager_groups: tuple[CompetencyGroup, ...] = ()
    manager_title: str = ""

    @property
    def competencies(self) -> tuple[Competency, ...]:
        return tuple(c for group in self.groups for c in group.competencies)

    def competency(self, competency_id: str) -> Competency:
        """A competency by id, whichever role it is for."""
        for group in (*self.groups, *self.manager_groups):
            for competency in group.competencies:
                if competency.id == competency_id:
                    return competency
        raise KeyError(competency_id)

    def for_role(self, role: Role) -> CoachingContent:
        """The content as it coaches a person of `role`: a manager or director on the managers'
        competencies when the set has them, a rep on the sales competencies."""
        if role == "rep" or not self.manager_groups:
            return self
        return replace(self, groups=self.manager_groups, title=self.manager_title or self.title)

    def label(self, key: str, **values: object) -> str:
        """The wording for `key`, with its fill-ins (checked when the content was loaded); a
        label with plural forms takes the one `count` needs in the content's language."""
        text = self.labels[key]
        forms = self.plurals.get(key)
        if forms and "count" in values:
            text = forms.get(plural_form(self.language, values["count"])) or text
        return text.format(**values) if values else text
