"""What coaching content is: the competencies, the scale, the cadence and every word shown.

Two files of a content folder hold it: ``competencies.yaml`` (the competencies, in groups; the
count comes from the file) and ``coaching.yaml`` (the scale, the cadence, the call length, and
every word the coaching notebooks show). `workshop.content.coaching_files` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from workshop.content.base import Scale

Medium = Literal["conversation", "call", "email"]
Adjustment = Literal["words", "mindset", "tonality", "delivery"]
Gap = Literal["knowledge", "skill", "both", "none"]
FocusReason = Literal[
    "no_evaluation", "all_top", "settled", "lowest", "tie_in_progress", "tie_first"
]

MEDIUMS: tuple[Medium, ...] = get_args(Medium)
ADJUSTMENTS: tuple[Adjustment, ...] = get_args(Adjustment)
GAPS: tuple[Gap, ...] = get_args(Gap)
FOCUS_REASONS: tuple[FocusReason, ...] = get_args(FocusReason)

#: Fill-ins a focus explanation may use.
FOCUS_FIELDS = ("rep", "competency", "score", "max", "evaluated", "fixes", "settle", "last_fix")

#: Interface wording every coaching content set defines, with the fill-ins each may use.
LABELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Shared by every coaching view.
    ("rep", ()),
    ("no_reps", ()),
    ("new_rep", ()),
    ("add_rep", ()),
    ("rep_added", ("rep",)),
    ("load_demo", ()),
    ("demo_loaded", ("count", "mark")),
    ("remove_demo", ()),
    ("demo_removed", ()),
    ("demo_mark", ()),
    ("date", ()),
    ("answer_yes", ()),
    ("answer_no", ()),
    ("not_saved", ()),
    ("refresh", ()),
    # 01: evaluate.
    ("evaluate_title", ()),
    ("scored", ("scored", "total")),
    ("save_evaluation", ()),
    ("evaluation_saved", ("date", "rep")),
    ("this_evaluation", ()),
    ("previous_evaluation", ("date",)),
    ("first_evaluation", ()),
    ("movement_heading", ("date",)),
    ("no_movement", ()),
    ("showing_evaluation", ("date", "rep")),
    ("no_evaluation_yet", ("rep",)),
    ("new_evaluation", ()),
    # 02: one coaching call, in the method's order.
    ("calls_title", ()),
    ("calls_intro", ()),
    ("choose_call", ()),
    ("new_call", ()),
    ("call_choice", ("date", "competency", "stage")),
    ("step_situation", ()),
    ("step_answer", ()),
    ("step_diagnosis", ()),
    ("step_insight", ()),
    ("step_fix", ()),
    ("minutes", ()),
    ("length_hint", ("min", "max")),
    ("outside_length", ("minutes", "min", "max")),
    ("medium", ()),
    ("situation", ()),
    ("situation_hint", ()),
    ("competency", ()),
    ("choose_competency", ()),
    ("suggested_focus", ("competency", "why")),
    ("use_suggestion", ()),
    ("start_call", ()),
    ("call_started", ()),
    ("rep_answer_hint", ()),
    ("save_answer", ()),
    ("check_answer", ()),
    ("waiting_for_rep", ()),
    ("answered_at", ("time",)),
    ("locked_after_start", ()),
    ("locked_after_answer", ()),
    ("locked_after_diagnosis", ()),
    ("locked_after_insight", ()),
    ("adjust", ()),
    ("insight_hint", ()),
    ("save_insight", ()),
    ("insight_at", ("time",)),
    ("fix", ()),
    ("fix_hint", ()),
    ("save_fix", ()),
    ("call_complete", ("rep", "count")),
    ("stage_opened", ()),
    ("stage_answered", ()),
    ("stage_diagnosed", ()),
    ("stage_insight", ()),
    ("stage_fixed", ()),
    ("history_heading", ("rep", "count")),
    ("no_fixes", ()),
    ("history_answer", ()),
    ("history_diagnosis", ()),
    ("history_insight", ()),
    ("not_recorded", ()),
    ("repeat_of", ("date",)),
    # 03: the reps' own pages, from the manager's side.
    ("rep_pages_title", ()),
    ("rep_pages_intro", ()),
    ("code_none", ()),
    ("code_issued", ("date",)),
    ("code_revoked", ("date",)),
    ("issue_code", ()),
    ("reissue_code", ()),
    ("revoke_code", ()),
    ("code_shown_once", ("rep",)),
    ("code_revoked_done", ("rep",)),
    ("self_check_rate", ("count", "window")),
    # The rep's own page.
    ("my_page_title", ()),
    ("my_page_hello", ("rep",)),
    ("enter_code", ()),
    ("code_hint", ()),
    ("open_page", ()),
    ("my_call_waiting", ()),
    ("save_my_answer", ()),
    ("my_answer_saved", ()),
    ("self_check_title", ()),
    ("self_check_intro", ()),
    ("save_self_check", ()),
    ("self_check_saved", ("date",)),
    ("day_streak", ("days",)),
    ("no_streak", ()),
    ("my_focus", ("competency", "good")),
    ("my_no_focus", ()),
    ("my_fixes", ()),
    ("my_curve", ("count", "next")),
    ("my_curve_done", ("count",)),
    # 04: progress.
    ("progress_title", ()),
    ("progress_intro", ()),
    ("fixes_total", ("count",)),
    ("cumulative_fixes", ()),
    ("milestone", ("count",)),
    ("milestone_reached", ("count", "date")),
    ("no_fixes_chart", ()),
    ("this_week", ("count", "target")),
    ("week_streak", ("weeks", "longest")),
    ("next_focus", ()),
    ("trend_title", ()),
    ("trend_legend", ()),
    ("team_title", ()),
    ("team_intro", ()),
    ("heatmap_title", ()),
    ("fixes_per_rep", ()),
    ("self_checks_per_rep", ("window",)),
    ("not_evaluated", ()),
    # Refusals, by the rule that refused (`WorkshopError.reason`), prefixed "refused_".
    ("refused_empty", ()),
    ("refused_too_long", ("length", "limit")),
    ("refused_too_complex", ("code_points", "max_code_points", "bytes", "max_bytes")),
    ("refused_control_character", ("name",)),
    ("refused_rep_name_too_long", ("max",)),
    ("refused_rep_exists", ("rep",)),
    ("refused_no_date", ()),
    ("refused_future_date", ("date",)),
    ("refused_scores_missing", ("count", "total")),
    ("refused_no_competency", ()),
    ("refused_no_call", ()),
    ("refused_rep_first", ()),
    ("refused_knows_first", ()),
    ("refused_no_answers", ()),
    ("refused_no_adjustment", ()),
    ("refused_fix_early", ()),
    ("refused_no_fix", ()),
    ("refused_one_fix", ("count",)),
    ("refused_out_of_time", ()),
    ("refused_call_complete", ()),
    ("refused_answer_kept", ()),
    ("refused_answer_changed", ()),
    ("refused_situation_kept", ()),
    ("refused_wrong_rep", ()),
    ("refused_code_malformed", ("length",)),
    ("refused_code_unknown", ()),
    ("refused_code_revoked", ()),
)

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

    @property
    def competencies(self) -> tuple[Competency, ...]:
        return tuple(c for group in self.groups for c in group.competencies)

    def competency(self, competency_id: str) -> Competency:
        for competency in self.competencies:
            if competency.id == competency_id:
                return competency
        raise KeyError(competency_id)

    def label(self, key: str, **values: object) -> str:
        """The wording for `key`, with its fill-ins (checked when the content was loaded)."""
        text = self.labels[key]
        return text.format(**values) if values else text
