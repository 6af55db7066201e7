"""The database schema, one migration path for SQLite and PostgreSQL; never dropped.

`MIGRATIONS[i]` takes version i to i + 1. Each is SQL that both backends run, with two
placeholders for where they differ: ``{serial}`` (an integer key the database numbers),
``{nocase}`` (a collation SQLite uses for rep names; names are compared ignoring case in Python
too, so PostgreSQL's exact collation changes no rule) and ``{coin}`` (a random whole number
below 1,000,000, for rows a migration must give a coin of `workshop.live.randomized`). A
migration may add statements for one backend only, to carry data that only an older SQLite file
can hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop.store.schema_coaching import CHAIN_OF_COACHES
from workshop.store.target import Backend


@dataclass(frozen=True)
class Migration:
    sql: str
    #: Extra statements for existing SQLite files (a new PostgreSQL database has no old rows).
    sqlite_only: str = ""


DIALECT = {
    "sqlite": {
        "serial": "INTEGER PRIMARY KEY AUTOINCREMENT",
        "nocase": "COLLATE NOCASE",
        "coin": "abs(random() % 1000000)",
    },
    "postgresql": {
        "serial": "SERIAL PRIMARY KEY",
        "nocase": "",
        "coin": "floor(random() * 1000000)::integer",
    },
}


def statements(version: int, backend: Backend) -> list[str]:
    """The statements that take the schema from `version` to `version + 1` on `backend`."""
    migration = MIGRATIONS[version]
    script = migration.sql.format(**DIALECT[backend])
    if backend == "sqlite":
        script += ";" + migration.sqlite_only
    return [s.strip() for s in script.split(";") if s.strip()]


_SQL: tuple[str, ...] = (
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
        id {serial},
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
        name TEXT NOT NULL UNIQUE {nocase},
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

MIGRATIONS: tuple[Migration, ...] = (
    *(Migration(sql) for sql in _SQL),
    # 4 -> 5: evaluation scores keep the order they were given in without relying on SQLite's
    # rowid, which PostgreSQL does not have.
    Migration(
        "ALTER TABLE coaching_scores ADD COLUMN position INTEGER NOT NULL DEFAULT 0",
        sqlite_only="UPDATE coaching_scores SET position = rowid",
    ),
    # 5 -> 6: one browser is one attendee. The live server gives each browser a random device
    # id in a cookie; an attendee remembers a hash of it, so another tab of the same browser
    # finds them again instead of making a second attendee (which could be used to isolate
    # one person's answers in the room's figures).
    Migration(
        "ALTER TABLE attendees ADD COLUMN device_hash TEXT;"
        "CREATE INDEX attendees_by_device ON attendees(session_code, device_hash)"
    ),
    # 6 -> 7: a coaching call is saved stage by stage, in the method's order: opened on its
    # situation, the rep's answer first, know and can, the manager's insight, the one fix. The
    # do-over moves onto its call, so the table of calls is rebuilt (SQLite cannot relax NOT
    # NULL in place) and every row is copied: an older call had its fix before any answer, so it
    # becomes a complete call marked `legacy`, with its do-over if it had one. The checks hold
    # the order in the database too. And each rep may hold a personal code (its hash only).
    Migration(
        """
        CREATE TABLE coaching_staged_calls (
            id TEXT PRIMARY KEY,
            rep_id TEXT NOT NULL REFERENCES coaching_reps(id),
            called_on TEXT NOT NULL,
            minutes INTEGER NOT NULL,
            medium TEXT NOT NULL,
            situation TEXT NOT NULL,
            competency TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            rep_answer TEXT,
            rep_answer_at TEXT,
            knows INTEGER,
            can INTEGER,
            adjustments TEXT NOT NULL DEFAULT '',
            insight TEXT,
            insight_at TEXT,
            fix TEXT,
            fixed_at TEXT,
            legacy INTEGER NOT NULL DEFAULT 0,
            CHECK ((rep_answer IS NULL) = (rep_answer_at IS NULL)),
            CHECK ((insight IS NULL) = (insight_at IS NULL)),
            CHECK ((fix IS NULL) = (fixed_at IS NULL)),
            CHECK (legacy = 1 OR rep_answer_at IS NOT NULL
                   OR (knows IS NULL AND can IS NULL AND insight_at IS NULL AND fixed_at IS NULL)),
            CHECK (legacy = 1 OR fixed_at IS NULL OR insight_at IS NOT NULL),
            CHECK (legacy = 0 OR fixed_at IS NOT NULL)
        );
        INSERT INTO coaching_staged_calls (
            id, rep_id, called_on, minutes, medium, situation, competency, opened_at,
            rep_answer, rep_answer_at, knows, can, adjustments, insight, insight_at,
            fix, fixed_at, legacy
        )
        SELECT c.id, c.rep_id, c.called_on, c.minutes, c.medium, c.situation, c.competency,
               c.saved_at, d.self_critique, d.self_critique_at, c.knows, c.can, c.adjustments,
               d.insight, d.insight_at, c.fix, c.saved_at, 1
        FROM coaching_calls c LEFT JOIN coaching_do_overs d ON d.call_id = c.id;
        DROP TABLE coaching_do_overs;
        DROP TABLE coaching_calls;
        ALTER TABLE coaching_staged_calls RENAME TO coaching_calls;
        CREATE INDEX coaching_calls_by_rep ON coaching_calls(rep_id, called_on);
        CREATE TABLE coaching_rep_codes (
            rep_id TEXT PRIMARY KEY REFERENCES coaching_reps(id),
            code_hash TEXT NOT NULL UNIQUE,
            issued_at TEXT NOT NULL,
            revoked_at TEXT
        );
        """
    ),
    # 7 -> 8: the room's figures as last published, per session and figure: who contributed
    # what (see `workshop.live.batches`). Every screen and every server process shows these, and
    # a figure is published again only once at least k people's answers differ from it.
    Migration(
        """
        CREATE TABLE room_published (
            session_code TEXT NOT NULL REFERENCES live_sessions(code),
            figure TEXT NOT NULL,
            version INTEGER NOT NULL,
            contributions TEXT NOT NULL,
            published_at TEXT NOT NULL,
            PRIMARY KEY (session_code, figure)
        )
        """
    ),
    # 8 -> 9: a session remembers the content it runs with, so reports, exports and cards
    # made later use the same categories and wording: the text of each content file, by name
    # (a JSON object), and a hash of them. Sessions from before have no row.
    Migration(
        """
        CREATE TABLE live_session_content (
            session_code TEXT PRIMARY KEY REFERENCES live_sessions(code),
            content_hash TEXT NOT NULL,
            files TEXT NOT NULL,
            saved_at TEXT NOT NULL
        )
        """
    ),
    # 9 -> 10: each running `workshop serve` keeps a row here, its heartbeat: a second server
    # on the same database sees it and is refused (unless it takes the room over). A server
    # that stops removes its row; one that crashed leaves it to go stale.
    Migration(
        """
        CREATE TABLE live_servers (
            id TEXT PRIMARY KEY,
            pid INTEGER NOT NULL,
            host TEXT NOT NULL,
            session_code TEXT,
            started_at TEXT NOT NULL,
            seen_at TEXT NOT NULL
        )
        """
    ),
    # 10 -> 11: the room's own secrets, by name, made once and shared by every server process
    # through the database: the key that signs the phones' cookies (a device id, the attendee a
    # browser is), so any process can check a cookie another issued, and none can be made up.
    Migration(
        """
        CREATE TABLE live_secrets (
            name TEXT PRIMARY KEY,
            secret TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """
    ),
    # 11 -> 12: each score's randomized-response coin (`workshop.live.randomized`), drawn once
    # when the score is first saved and kept: with chance p the room's figures count a random
    # score instead of it. Scores saved before get theirs here. And the facilitator's keys,
    # each kept only as a hash: one-time links (a link works once, then it is spent) and the
    # sign-ins they were traded for (a browser's random id, revocable, ending with the session).
    Migration(
        """
        CREATE TABLE rating_coins (
            attendee_id TEXT NOT NULL REFERENCES attendees(id),
            category TEXT NOT NULL,
            toss INTEGER NOT NULL,
            draw INTEGER NOT NULL,
            PRIMARY KEY (attendee_id, category)
        );
        INSERT INTO rating_coins (attendee_id, category, toss, draw)
        SELECT attendee_id, category, {coin}, {coin} FROM ratings;
        CREATE TABLE facilitator_keys (
            key_hash TEXT PRIMARY KEY,
            session_code TEXT NOT NULL REFERENCES live_sessions(code),
            kind TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT,
            revoked_at TEXT
        );
        CREATE INDEX facilitator_keys_by_session ON facilitator_keys(session_code)
        """
    ),
    # 12 -> 13: a workshop has an end. The facilitator ends it (`ended_at`), and answers lock
    # a few minutes later (`locks_at`), so that attendees can finish a sentence; both stay
    # empty while it runs, as in every session from before.
    Migration(
        "ALTER TABLE live_sessions ADD COLUMN ended_at TEXT;"
        "ALTER TABLE live_sessions ADD COLUMN locks_at TEXT"
    ),
    # 13 -> 14: the chain of coaches, and coaching calls that keep who wrote each stage, their
    # measured length and their decided fix (see `workshop.store.schema_coaching`).
    Migration(CHAIN_OF_COACHES),
)
SCHEMA_VERSION = len(MIGRATIONS)
#: The tables a database of `SCHEMA_VERSION` holds; a read-only open checks they are all there.
TABLES = (
    "answers",
    "attendees",
    "coaching_calls",
    "coaching_evaluations",
    "coaching_rep_codes",
    "coaching_reps",
    "coaching_scores",
    "coaching_self_checks",
    "device",
    "facilitator_keys",
    "live_secrets",
    "live_servers",
    "live_session_content",
    "live_sessions",
    "live_steps",
    "picks",
    "progress",
    "rating_coins",
    "ratings",
    "room_published",
    "wall",
)
ATTENDEE_COLUMNS = "id, resume_code, nickname, created_at, session_code"
SESSION_COLUMNS = (
    "code, title, created_at, expires_at, segment, segment_started_at, revealed, ended_at, locks_at"
)
