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
    ("evaluate_title", ()),
    ("scored", ("scored", "total")),
    ("save_evaluation", ()),
    ("evaluation_saved", ("date", "rep")),
    ("this_evaluation", ()),
    ("previous_evaluation", ("date",)),
    ("first_evaluation", ()),
    ("movement_heading", ("date",)),
    ("no_movement", ()),
    ("calls_title", ()),
    ("calls_intro", ()),
    ("minutes", ()),
    ("length_hint", ("min", "max")),
    ("outside_length", ("minutes", "min", "max")),
    ("medium", ()),
    ("situation", ()),
    ("situation_hint", ()),
    ("adjust", ()),
    ("competency", ()),
    ("fix", ()),
    ("fix_hint", ()),
    ("log_call", ()),
    ("call_logged", ("rep", "count")),
    ("history_heading", ("rep", "count")),
    ("no_fixes", ()),
    ("do_over_title", ()),
    ("do_over_intro", ()),
    ("choose_call", ()),
    ("no_calls", ()),
    ("rep_turn", ()),
    ("manager_turn", ()),
    ("save_answer", ()),
    ("save_insight", ()),
    ("waiting_for_rep", ()),
    ("answered_at", ("time",)),
    ("insight_at", ("time",)),
    ("self_check_title", ()),
    ("self_check_intro", ()),
    ("save_self_check", ()),
    ("self_check_saved", ("date",)),
    ("day_streak", ("days",)),
    ("progress_title", ()),
    ("fixes_total", ("count",)),
    ("cumulative_fixes", ()),
    ("milestone", ("count",)),
    ("milestone_reached", ("count", "date")),
    ("this_week", ("count", "target")),
    ("week_streak", ("weeks", "longest")),
    ("next_focus", ()),
    ("team_title", ()),
    ("heatmap_title", ()),
    ("fixes_per_rep", ()),
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
    ("refused_no_answers", ()),
    ("refused_no_adjustment", ()),
    ("refused_no_fix", ()),
    ("refused_one_fix", ("count",)),
    ("refused_insight_first", ()),
    ("refused_answer_kept", ()),
    ("refused_answer_changed", ()),
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
