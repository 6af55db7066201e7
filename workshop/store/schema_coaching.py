"""The coaching tables' later migrations, kept apart from `workshop.store.schema`, which lists
them in order (their SQL is long, and the schema module holds every wing's)."""

from __future__ import annotations

#: The chain of coaches, and calls that keep who wrote each stage. People get a role (director,
#: manager or rep) and a coach one level up. The table of calls is rebuilt, as SQLite cannot
#: relax NOT NULL in place (a call timed as it runs has no typed minutes), and every row is
#: copied: a call from before keeps its steps, with its author unknown where nobody recorded
#: it. New: who coached, who typed the rep's answer (the rep on their page, or the coach in the
#: call), the coach's own note beside it, when the diagnosis was complete, the length measured
#: from opening to fix, and the fix decided (one kept of several, what was typed, what was
#: parked for a later call, or "one thing"), and the parked fix a call takes up.
CHAIN_OF_COACHES = """
    ALTER TABLE coaching_reps ADD COLUMN role TEXT NOT NULL DEFAULT 'rep'
        CHECK (role IN ('director', 'manager', 'rep'));
    ALTER TABLE coaching_reps ADD COLUMN coach_id TEXT REFERENCES coaching_reps(id);
    CREATE TABLE coaching_chained_calls (
        id TEXT PRIMARY KEY,
        rep_id TEXT NOT NULL REFERENCES coaching_reps(id),
        coach_id TEXT REFERENCES coaching_reps(id),
        called_on TEXT NOT NULL,
        minutes INTEGER,
        medium TEXT NOT NULL,
        situation TEXT NOT NULL,
        competency TEXT NOT NULL,
        opened_at TEXT NOT NULL,
        from_parked TEXT NOT NULL DEFAULT '',
        rep_answer TEXT,
        rep_answer_at TEXT,
        rep_answer_by TEXT CHECK (rep_answer_by IN ('rep', 'coach')),
        coach_note TEXT,
        coach_note_at TEXT,
        knows INTEGER,
        can INTEGER,
        diagnosed_at TEXT,
        adjustments TEXT NOT NULL DEFAULT '',
        insight TEXT,
        insight_at TEXT,
        fix TEXT,
        fixed_at TEXT,
        measured_seconds INTEGER,
        fix_typed TEXT NOT NULL DEFAULT '',
        fix_decision TEXT NOT NULL DEFAULT '' CHECK (fix_decision IN ('', 'kept', 'one_thing')),
        parked TEXT NOT NULL DEFAULT '',
        legacy INTEGER NOT NULL DEFAULT 0,
        CHECK ((rep_answer IS NULL) = (rep_answer_at IS NULL)),
        CHECK (rep_answer_at IS NOT NULL OR rep_answer_by IS NULL),
        CHECK ((coach_note IS NULL) = (coach_note_at IS NULL)),
        CHECK (coach_note_at IS NULL OR rep_answer_at IS NOT NULL),
        CHECK ((insight IS NULL) = (insight_at IS NULL)),
        CHECK ((fix IS NULL) = (fixed_at IS NULL)),
        CHECK (legacy = 1 OR rep_answer_at IS NOT NULL
               OR (knows IS NULL AND can IS NULL AND insight_at IS NULL AND fixed_at IS NULL)),
        CHECK (legacy = 1 OR fixed_at IS NULL OR insight_at IS NOT NULL),
        CHECK (legacy = 0 OR fixed_at IS NOT NULL),
        CHECK ((fix_decision = 'kept') = (parked <> ''))
    );
    INSERT INTO coaching_chained_calls (
        id, rep_id, called_on, minutes, medium, situation, competency, opened_at,
        rep_answer, rep_answer_at, knows, can, adjustments, insight, insight_at,
        fix, fixed_at, legacy
    )
    SELECT id, rep_id, called_on, minutes, medium, situation, competency, opened_at,
           rep_answer, rep_answer_at, knows, can, adjustments, insight, insight_at,
           fix, fixed_at, legacy
    FROM coaching_calls;
    DROP TABLE coaching_calls;
    ALTER TABLE coaching_chained_calls RENAME TO coaching_calls;
    CREATE INDEX coaching_calls_by_rep ON coaching_calls(rep_id, called_on);
    CREATE INDEX coaching_reps_by_coach ON coaching_reps(coach_id)
"""
