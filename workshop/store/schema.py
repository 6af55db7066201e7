"""The database schema: `MIGRATIONS[i]` takes version i to i + 1; never dropped."""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: attendees, ratings and free-text answers.
    """
    CREATE TABLE attendees (
        id TEXT PRIMARY KEY,
        resume_code TEXT NOT NULL UNIQUE,
        nickname TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE ratings (
        attendee_id TEXT NOT NULL REFERENCES attendees(id),
        category TEXT NOT NULL,
        score INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (attendee_id, category)
    );
    CREATE TABLE answers (
        attendee_id TEXT NOT NULL REFERENCES attendees(id),
        exercise TEXT NOT NULL,
        field TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (attendee_id, exercise, field)
    );
    """,
    # 1 -> 2: chosen items (finders committed to, menu ingredients) and the device's last code.
    """
    CREATE TABLE picks (
        attendee_id TEXT NOT NULL REFERENCES attendees(id),
        exercise TEXT NOT NULL,
        kind TEXT NOT NULL,
        item TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (attendee_id, exercise, kind, item)
    );
    CREATE TABLE device (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 2 -> 3: the live session: its state, which steps are open, who joined it, the room wall,
    # and each attendee's completed steps (recorded by their own kernel, counted by the room).
    """
    CREATE TABLE live_sessions (
        code TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        token_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        segment INTEGER NOT NULL DEFAULT -1,
        segment_started_at TEXT,
        revealed INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE live_steps (
        session_code TEXT NOT NULL REFERENCES live_sessions(code),
        step TEXT NOT NULL,
        is_open INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (session_code, step)
    );
    ALTER TABLE attendees ADD COLUMN session_code TEXT REFERENCES live_sessions(code);
    CREATE INDEX attendees_by_session ON attendees(session_code);
    CREATE TABLE wall (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_code TEXT REFERENCES live_sessions(code),
        attendee_id TEXT NOT NULL REFERENCES attendees(id),
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        shared_at TEXT NOT NULL,
        withdrawn_at TEXT,
        hidden INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX wall_by_session ON wall(session_code);
    CREATE TABLE progress (
        attendee_id TEXT NOT NULL REFERENCES attendees(id),
        step TEXT NOT NULL,
        completed_at TEXT NOT NULL,
        PRIMARY KEY (attendee_id, step)
    );
    """,
    # 3 -> 4: sales coaching: reps, competency evaluations and their scores, coaching calls
    # (one fix each), after-call do-overs (the rep's self-critique, then the manager's insight)
    # and the reps' daily self-checks.
    """
    CREATE TABLE coaching_reps (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        demo INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE TABLE coaching_evaluations (
        id TEXT PRIMARY KEY,
        rep_id TEXT NOT NULL REFERENCES coaching_reps(id),
        evaluated_on TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        UNIQUE (rep_id, evaluated_on)
    );
    CREATE TABLE coaching_scores (
        evaluation_id TEXT NOT NULL REFERENCES coaching_evaluations(id),
        competency TEXT NOT NULL,
        score INTEGER NOT NULL,
        PRIMARY KEY (evaluation_id, competency)
    );
    CREATE TABLE coaching_calls (
        id TEXT PRIMARY KEY,
        rep_id TEXT NOT NULL REFERENCES coaching_reps(id),
        called_on TEXT NOT NULL,
        minutes INTEGER NOT NULL,
        medium TEXT NOT NULL,
        situation TEXT NOT NULL,
        knows INTEGER NOT NULL,
        can INTEGER NOT NULL,
        adjustments TEXT NOT NULL,
        competency TEXT NOT NULL,
        fix TEXT NOT NULL CHECK (fix <> ''),
        saved_at TEXT NOT NULL
    );
    CREATE INDEX coaching_calls_by_rep ON coaching_calls(rep_id, called_on);
    CREATE TABLE coaching_do_overs (
        call_id TEXT PRIMARY KEY REFERENCES coaching_calls(id),
        self_critique TEXT NOT NULL CHECK (self_critique <> ''),
        self_critique_at TEXT NOT NULL,
        insight TEXT,
        insight_at TEXT,
        CHECK (insight_at IS NULL OR insight_at >= self_critique_at)
    );
    CREATE TABLE coaching_self_checks (
        rep_id TEXT NOT NULL REFERENCES coaching_reps(id),
        checked_on TEXT NOT NULL,
        answer TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        PRIMARY KEY (rep_id, checked_on)
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
ATTENDEE_COLUMNS = "id, resume_code, nickname, created_at, session_code"
SESSION_COLUMNS = "code, title, created_at, expires_at, segment, segment_started_at, revealed"
