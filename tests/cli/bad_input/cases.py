"""The bad-input table: each case is a command, what its folder holds first, and the one line
it must answer with.

Every command runs in the case's own folder (`World.here`), which holds ``room.db``: a small
room (a demo session of 10 attendees, with the content it ran with) and two coaching reps'
evaluations. `before` is what the command did before issue 13, measured on that same setup
(`replay.py` measures it; ``replay.py --table`` prints the table); the test checks what it does
now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tests.cli.bad_input.world import (
    Setup,
    a_file,
    a_folder,
    a_running_server,
    an_sqlite_file,
    content_copy,
    corrupt_room,
    csv_file,
    room_sql,
    self_check_csv,
)

Run = Literal["in-process", "subprocess", "read-only folder"]

EVAL_HEADER = "rep,date,competency,score"
BIG = 131_073  # one past csv's default field limit


@dataclass(frozen=True)
class Case:
    id: str
    #: The item of issue 13 it covers.
    item: str
    argv: tuple[str, ...]
    #: The last line on stderr, exactly; "re:" and a pattern for one that varies.
    message: str
    before: str
    setup: tuple[Setup, ...] = ()
    status: int = 1
    run: Run = "in-process"
    #: Lines on stderr (an import's list of problems); None for any (argparse's usage, which
    #: wraps with the terminal).
    lines: int | None = 1
    #: A file or folder the command is expected to write (all else stays as it was).
    writes: str = ""
    #: A pattern the first line on stderr must match, when there are several.
    first: str = ""


def case(id: str, item: str, argv: str, message: str, before: str, **more: object) -> Case:
    return Case(id, item, tuple(argv.split()), message, before, **more)  # type: ignore[arg-type]


OUT = "1 outputs"
READ = "2 read-only"
LIMITS = "3 limits"
KEPT = "5 content"
CSV = "6 complete exports"
REST = "8 the rest"

CASES: tuple[Case, ...] = (
    # -- 1. outputs that cannot destroy ---------------------------------------------------------
    case(
        "export-out-is-the-database",
        OUT,
        "export --db room.db --out room.db",
        "workshop export: refused to write the export to room.db: it is the database this "
        "command reads; choose another name",
        "exit 1: 'export expected a file ending in .xlsx or .csv, got 'room.db'' (safe by "
        "luck of the name)",
    ),
    case(
        "report-out-is-the-database",
        OUT,
        "report --db room.db --out room.db",
        "workshop report: refused to write the report to room.db: it is the database this "
        "command reads; choose another name",
        "exit 1, the database overwritten by the PDF, then 'could not read room.db: file "
        "is not a database': the room lost",
    ),
    case(
        "coaching-export-out-is-the-database",
        OUT,
        "coaching export --db room.db --out room.db",
        "workshop coaching: refused to write the coaching export to room.db: it is the "
        "database this command reads; choose another name",
        "exit 1: 'cannot write room.db: File exists' (it tried to make a folder of it)",
    ),
    case(
        "cards-folder-is-the-database",
        OUT,
        "report --db room.db --cards room.db",
        "workshop report: refused to write --cards to room.db: it is the database this command "
        "reads; choose another name",
        "exit 1 with a traceback: FileExistsError",
    ),
    case(
        "report-out-is-its-journal",
        OUT,
        "report --db room.db --out room.db-wal",
        "workshop report: refused to write the report to room.db-wal: it is the journal of "
        "the database room.db; choose another name",
        "exit 0: a PDF named room.db-wal beside the database, which SQLite reads as its journal",
    ),
    case(
        "export-over-another-sqlite-file",
        OUT,
        "export --db room.db --out notes.xlsx",
        "workshop export: refused to write the export to notes.xlsx: it is an SQLite "
        "database, which this would destroy; choose another name",
        "exit 0: someone's SQLite database notes.xlsx overwritten by a workbook",
        setup=(an_sqlite_file("notes.xlsx"),),
    ),
    case(
        "coaching-export-over-another-sqlite-file",
        OUT,
        "coaching export --db room.db --out team.xlsx",
        "workshop coaching: refused to write the coaching export to team.xlsx: it is an "
        "SQLite database, which this would destroy; choose another name",
        "exit 0: the SQLite database team.xlsx overwritten by a workbook",
        setup=(an_sqlite_file("team.xlsx"),),
    ),
    case(
        "coaching-export-to-csv-file",
        OUT,
        "coaching export --db room.db --out c.csv",
        "workshop coaching: the coaching export expected an Excel workbook (.xlsx) or a .zip "
        "of CSV files or a folder for CSV files, got 'c.csv'; a CSV file holds one table and "
        "this writes 5 (reps, evaluations, calls, self_checks, progress): give a folder or a .zip",
        "exit 0: a folder named c.csv holding 5 CSV files",
    ),
    case(
        "report-to-txt",
        OUT,
        "report --db room.db --out r.txt",
        "workshop report: the report expected a PDF file (.pdf), got 'r.txt'",
        "exit 0: PDF bytes in r.txt",
    ),
    case(
        "report-without-extension",
        OUT,
        "report --db room.db --out report",
        "workshop report: the report expected a PDF file (.pdf), got 'report'",
        "exit 0: PDF bytes in a file named report",
    ),
    case(
        "export-to-csv-file",
        CSV,
        "export --db room.db --out r.csv",
        "workshop export: the export expected an Excel workbook (.xlsx) or a .zip of CSV files "
        "or a folder for CSV files, got 'r.csv'; a CSV file holds one table and this writes 4 "
        "(attendees, finders, wall, summary): give a folder or a .zip",
        "exit 0: the attendee table alone; finders and wall dropped without a word",
    ),
    case(
        "export-to-pdf",
        OUT,
        "export --db room.db --out r.pdf",
        "workshop export: the export expected an Excel workbook (.xlsx) or a .zip of CSV files "
        "or a folder for CSV files, got 'r.pdf'",
        "exit 1: 'export expected a file ending in .xlsx or .csv, got 'r.pdf'' (already handled)",
    ),
    case(
        "export-into-missing-folder",
        OUT,
        "export --db room.db --out missing/r.xlsx",
        "workshop export: cannot write the export into the folder missing: it does not exist",
        "exit 0: made missing/ (a typo in a path scatters files)",
    ),
    case(
        "report-into-missing-folder",
        OUT,
        "report --db room.db --out missing/r.pdf",
        "workshop report: cannot write the report into the folder missing: it does not exist",
        "exit 0: made missing/",
    ),
    case(
        "cards-into-missing-parent",
        OUT,
        "report --db room.db --cards missing/cards",
        "workshop report: cannot write --cards into the folder missing: it does not exist",
        "exit 0: made missing/cards/",
    ),
    case(
        "coaching-export-into-missing-folder",
        OUT,
        "coaching export --db room.db --out missing/c.xlsx",
        "workshop coaching: cannot write the coaching export into the folder missing: it does "
        "not exist",
        "exit 1: 'cannot write missing/c.xlsx: the folder missing does not exist' "
        "(already handled)",
    ),
    case(
        "export-out-is-a-folder",
        OUT,
        "export --db room.db --out r.xlsx",
        "workshop export: the export expected an Excel workbook (.xlsx) or a .zip of CSV files "
        "or a folder for CSV files, got r.xlsx, which is a folder",
        "exit 1 with a traceback: IsADirectoryError",
        setup=(a_folder("r.xlsx"),),
    ),
    case(
        "report-out-is-a-folder",
        OUT,
        "report --db room.db --out r.pdf",
        "workshop report: the report expected a PDF file (.pdf), got r.pdf, which is a folder",
        "exit 1 with a traceback: IsADirectoryError",
        setup=(a_folder("r.pdf"),),
    ),
    case(
        "cards-folder-is-a-file",
        OUT,
        "report --db room.db --cards cards",
        "workshop report: --cards expected a folder for the cards, got cards, which is a file",
        "exit 1 with a traceback: FileExistsError",
        setup=(a_file("cards"),),
    ),
    case(
        "cards-folder-named-like-a-file",
        OUT,
        "report --db room.db --cards cards.pdf",
        "workshop report: --cards expected a folder for the cards, got 'cards.pdf'",
        "exit 0: a folder named cards.pdf",
    ),
    case(
        "export-under-a-file",
        OUT,
        "export --db room.db --out notes/r.xlsx",
        "workshop export: cannot write the export into the folder notes: it is a file, not a "
        "folder",
        "exit 1 with a traceback: FileExistsError",
        setup=(a_file("notes"),),
    ),
    case(
        "report-checks-cards-before-drawing",
        OUT,
        "report --db room.db --out r.pdf --cards missing/cards",
        "workshop report: cannot write --cards into the folder missing: it does not exist",
        "exit 0: wrote r.pdf, then made missing/cards/",
    ),
    case(
        "export-into-read-only-folder",
        OUT,
        "export --db room.db --out locked/r.xlsx",
        "re:workshop export: cannot write locked/r\\.xlsx: the disk is read-only \\(Read-only "
        "file system\\); nothing was written",
        "exit 1 with a traceback: OSError: [Errno 30] Read-only file system",
        run="read-only folder",
    ),
    case(
        "coaching-export-into-read-only-folder",
        OUT,
        "coaching export --db room.db --out locked/c",
        "re:workshop coaching: cannot write locked/c: the disk is read-only \\(Read-only file "
        "system\\); nothing was written",
        "exit 1: 'cannot write locked/c: Read-only file system' (already one line)",
        run="read-only folder",
    ),
    case(
        "cards-into-read-only-folder",
        OUT,
        "report --db room.db --cards locked/cards",
        "re:workshop report: cannot write locked/cards: the disk is read-only \\(Read-only file "
        "system\\); nothing was written",
        "exit 1 with a traceback: OSError: [Errno 30] Read-only file system",
        run="read-only folder",
    ),
    case(
        "init-into-read-only-folder",
        OUT,
        "init locked/mine",
        "re:workshop init: cannot write locked/mine: the disk is read-only \\(Read-only file "
        "system\\); nothing was written",
        "exit 1: 'cannot write the content to locked/mine: Read-only file system' "
        "(already one line)",
        run="read-only folder",
    ),
    case(
        "init-from-a-binary-file",
        OUT,
        "init mine --from source",
        "workshop init: source/menu.yaml:2: expected UTF-8 text (a YAML file), got a byte it "
        "cannot be (0xff); nothing was written",
        "exit 1 with a traceback: UnicodeDecodeError; 8 files left in mine/",
        setup=(content_copy("source"), a_file("source/menu.yaml", b"title: Menu\n\xff\xfe\n")),
    ),
    case(
        "init-into-a-folder-with-files",
        OUT,
        "init mine",
        "workshop init: expected mine to be a new or empty folder, got one holding 1 item "
        "(notes.txt); nothing was overwritten. Choose a new folder name.",
        "exit 1, the same refusal (already handled)",
        setup=(a_file("mine/notes.txt"),),
    ),
    case(
        "init-over-the-database",
        OUT,
        "init room.db",
        "workshop init: refused to write the content to room.db: it is an SQLite database, "
        "which this would destroy; choose another name",
        "exit 1: 'expected room.db to be a new or empty folder, got a file' (already safe)",
    ),
    # -- 2. read commands read, and only what is a workshop database ---------------------------
    case(
        "export-missing-database",
        READ,
        "export --db typo.db --out r.xlsx",
        "workshop export: no database at typo.db; give --db the file that 'workshop serve' or "
        "'workshop demo' used",
        "exit 1, the same (already handled on main)",
    ),
    case(
        "report-missing-database",
        READ,
        "report --db typo.db --out r.pdf",
        "workshop report: no database at typo.db; give --db the file that 'workshop serve' or "
        "'workshop demo' used",
        "exit 1, the same (already handled on main)",
    ),
    case(
        "coaching-export-missing-database",
        READ,
        "coaching export --db typo.db --out c.xlsx",
        "workshop coaching: no database at typo.db; give --db the file that 'workshop serve' "
        "or 'workshop demo' used",
        "exit 1, the same (already handled on main)",
    ),
    case(
        "export-empty-file",
        READ,
        "export --db empty.db --out r.xlsx",
        "workshop export: empty.db is not a workshop database (it has none of its tables); give "
        "--db the database that 'workshop serve' or 'workshop demo' used",
        "exit 1, the same (already handled on main)",
        setup=(a_file("empty.db", b""),),
    ),
    case(
        "report-text-file",
        READ,
        "report --db notes.txt --out r.pdf",
        "workshop report: cannot open the database notes.txt: it is not a workshop database "
        "(not an SQLite file)",
        "exit 1, the same (already handled on main)",
        setup=(a_file("notes.txt"),),
    ),
    case(
        "export-foreign-sqlite",
        READ,
        "export --db other.db --out r.xlsx",
        "workshop export: other.db is not a workshop database (it has none of its tables); give "
        "--db the database that 'workshop serve' or 'workshop demo' used",
        "exit 1, the same (already handled on main)",
        setup=(an_sqlite_file("other.db"),),
    ),
    case(
        "coaching-export-newer-schema",
        READ,
        "coaching export --db newer.db --out c.xlsx",
        "re:workshop coaching: newer.db has schema version 99, newer than this toolkit knows "
        "\\(\\d+\\); upgrade the toolkit",
        "exit 1, the same (already handled on main)",
        setup=(an_sqlite_file("newer.db", user_version=99, table="attendees"),),
    ),
    case(
        "export-older-schema",
        READ,
        "export --db older.db --out r.xlsx",
        "re:workshop export: older.db has schema version 3, older than this toolkit's \\(\\d+\\); "
        "a read command never changes it: run 'workshop demo --attendees 0' \\(or 'workshop "
        "serve'\\) on it once to bring it forward",
        "exit 1, the same (already handled on main)",
        setup=(an_sqlite_file("older.db", user_version=3, table="attendees"),),
    ),
    case(
        "export-missing-a-table",
        READ,
        "export --db room.db --out r.xlsx",
        "workshop export: room.db is missing tables a workshop database has (ratings); it is "
        "damaged, or another program changed it",
        "exit 1: 'could not read room.db: no such table: ratings'",
        setup=(room_sql("DROP TABLE ratings"),),
    ),
    case(
        "coaching-export-missing-a-table",
        READ,
        "coaching export --db room.db --out c.xlsx",
        "workshop coaching: room.db is missing tables a workshop database has "
        "(coaching_scores); it is damaged, or another program changed it",
        "exit 1: 'could not read room.db: no such table: coaching_scores'",
        setup=(room_sql("DROP TABLE coaching_scores"),),
    ),
    case(
        "export-database-is-a-folder",
        READ,
        "export --db rooms --out r.xlsx",
        "workshop export: rooms is a folder, not a database; give --db a database file",
        "exit 1: 'no database at rooms' (a folder is there)",
        setup=(a_folder("rooms"),),
    ),
    case(
        "report-corrupt-database",
        READ,
        "report --db room.db --out r.pdf",
        "workshop report: cannot open the database room.db: database disk image is malformed",
        "exit 1, the same (already handled on main)",
        setup=(corrupt_room,),
    ),
    case(
        "export-unknown-url-scheme",
        READ,
        "export --db mysql://me:secret@host/db --out r.xlsx",
        "workshop export: unknown database URL scheme 'mysql'; expected a file path (like "
        "workshop.db), sqlite:///path/to/workshop.db or postgresql://user@host/name",
        "exit 1, the same (already handled); the password is never shown",
    ),
    case(
        "export-from-read-only-folder",
        READ,
        "export --db locked/room.db --out r.xlsx",
        "",
        "exit 1: 'cannot open the database locked/room.db: unable to open database file'",
        run="read-only folder",
        status=0,
        writes="r.xlsx",
    ),
    # -- 5. a session remembers its content ---------------------------------------------------
    case(
        "report-with-other-content",
        KEPT,
        "report --db room.db --out r.pdf --content mine",
        "re:workshop report: --content mine is not the content session [A-Z0-9]{6} ran with: "
        "balance\\.yaml: categories\\[\\d+\\]\\.name 'Fun and recreation' in the session, "
        "'Play' in --content\\. Leave out --content to use the session's own\\.",
        "exit 0: drawn with --content's categories; the session's 'Fun and recreation' dropped",
        setup=(content_copy("mine", 'name: "Fun and recreation"', "name: Play"),),
    ),
    case(
        "export-with-other-content",
        KEPT,
        "export --db room.db --out r.xlsx --content mine",
        "re:workshop export: --content mine is not the content session [A-Z0-9]{6} ran with: "
        "balance\\.yaml: scale\\.max 8 in the session, 10 in --content\\. Leave out --content "
        "to use the session's own\\.",
        "exit 0: exported against a scale the room never used",
        setup=(content_copy("mine", "max: 8", "max: 10"),),
    ),
    case(
        "demo-with-other-content",
        KEPT,
        "demo --db room.db --attendees 5 --content mine",
        "re:workshop demo: --content mine is not the content session [A-Z0-9]{6} ran with: "
        "balance\\.yaml: categories\\[\\d+\\]\\.name 'Fun and recreation' in the session, "
        "'Play' in --content\\. Leave out --content to use the session's own\\.",
        "exit 0: added attendees who rate categories the session does not have",
        setup=(content_copy("mine", 'name: "Fun and recreation"', "name: Play"),),
    ),
    case(
        "serve-with-other-content",
        KEPT,
        "serve --db room.db --port {port} --content mine",
        "re:workshop serve: --content mine is not the content session [A-Z0-9]{6} ran with: .*",
        "served the running session with other content",
        setup=(content_copy("mine", 'name: "Fun and recreation"', "name: Play"),),
    ),
    case(
        "export-session-from-before",
        KEPT,
        "export --db room.db --out r.xlsx",
        "re:warning: session [A-Z0-9]{6} was started before sessions kept their content; using "
        ".*data/en\\. If it ran with other content, pass that folder with --content\\.",
        "exit 0 with no word of which content was used (no session kept any)",
        setup=(room_sql("DELETE FROM live_session_content"),),
        status=0,
        writes="r.xlsx",
    ),
    # -- 8. the rest: serve ----------------------------------------------------------------------
    case(
        "serve-port-65536",
        REST,
        "serve --db room.db --port 65536",
        "workshop serve: --port expected a number from 1 to 65535, got 65536",
        "exit 1, the same (already handled on main)",
    ),
    case(
        "serve-port-negative",
        REST,
        "serve --db room.db --port -1",
        "workshop serve: --port expected a number from 1 to 65535, got -1",
        "exit 1, the same (already handled on main)",
    ),
    case(
        "serve-port-99999",
        REST,
        "serve --db room.db --port 99999",
        "workshop serve: --port expected a number from 1 to 65535, got 99999",
        "exit 1, the same (already handled on main)",
    ),
    case(
        "serve-port-0",
        REST,
        "serve --db room.db --port 0",
        "workshop serve: --port expected a number from 1 to 65535, got 0",
        "exit 1, the same (already handled on main)",
    ),
    case(
        "serve-ip-999",
        REST,
        "serve --db room.db --ip 999.1.1.1",
        "workshop serve: --ip expected an address of this machine like 127.0.0.1 or 0.0.0.0, "
        "or auto (this machine's address on its network), got '999.1.1.1'",
        "exit 1, the same (already handled on main)",
    ),
    case(
        "serve-ip-a-name",
        REST,
        "serve --db room.db --ip projector",
        "workshop serve: --ip expected an address of this machine like 127.0.0.1 or 0.0.0.0, "
        "or auto (this machine's address on its network), got 'projector'",
        "exit 1, the same (already handled on main)",
    ),
    case(
        "serve-workers-0",
        REST,
        "serve --db room.db --workers 0",
        "workshop serve: --workers expected a number from 1 to 64, got 0",
        "exit 1, the same (already handled on main)",
    ),
    case(
        "serve-max-attendees-0",
        REST,
        "serve --db room.db --max-attendees 0",
        "workshop serve: --max-attendees expected a number from 1 to 100,000, got 0",
        "served a room that tells every attendee it is full",
    ),
    case(
        "serve-address-limit-0",
        REST,
        "serve --db room.db --address-limit 0",
        "workshop serve: --address-limit expected a number from 1 to 1,000,000, got 0",
        "no such option: joins per address were fixed at a burst of 1,500",
    ),
    case(
        "serve-limit-window-0",
        REST,
        "serve --db room.db --limit-window 0",
        "workshop serve: --limit-window expected minutes from 1/60 to 1440, got 0",
        "no such option: the limits were token buckets refilled per minute",
    ),
    case(
        "serve-second-on-a-running-room",
        REST,
        "serve --db room.db --port {port}",
        "re:workshop serve: another workshop serve is running the room in room\\.db \\(pid 4242 "
        "on projector-pc, session \\?, seen \\d s ago\\); stop it first, or pass --take-over to "
        "move the room to this one \\(the other stops, and its facilitator links stop working\\)",
        "started without a word on the same session, with a new facilitator token (the "
        "first server's links dead)",
        setup=(a_running_server,),
    ),
    # -- 8. the rest: demo -----------------------------------------------------------------------
    case(
        "demo-negative",
        REST,
        "demo --db room.db --attendees -5",
        "workshop demo: --attendees expected a number from 0 to 5,000, got -5",
        "exit 0, nothing added, no word",
    ),
    case(
        "demo-a-hundred-million",
        REST,
        "demo --db room.db --attendees 100000000",
        "workshop demo: --attendees expected a number from 0 to 5,000, got 100000000",
        "built every attendee in memory before writing one: 8.5 GB after 6 minutes, "
        "nothing written, stopped by hand",
    ),
    case(
        "demo-one-past-the-bound",
        REST,
        "demo --db room.db --attendees 5001",
        "workshop demo: --attendees expected a number from 0 to 5,000, got 5001",
        "exit 0: added 5,001",
    ),
    case(
        "demo-not-a-number",
        REST,
        "demo --db room.db --attendees many",
        "workshop demo: error: argument --attendees: invalid int value: 'many'",
        "exit 2, the same (argparse)",
        status=2,
        lines=None,
    ),
    # -- 8. the rest: CSV import ---------------------------------------------------------------
    case(
        "import-field-past-the-csv-limit",
        REST,
        "coaching import --db room.db evaluations.csv",
        "1 problem; nothing was imported",
        "exit 1 with a traceback: _csv.Error: field larger than field limit (131072)",
        setup=(csv_file("evaluations.csv", EVAL_HEADER, ["Ann,2025-01-02," + "x" * BIG + ",5"]),),
        lines=2,
        first=(
            r"workshop coaching: evaluations\.csv:2: a field is longer than 131,072 "
            r"characters, more than any coaching record holds; is this the right file\?"
        ),
    ),
    case(
        "import-header-past-the-csv-limit",
        REST,
        "coaching import --db room.db evaluations.csv",
        "1 problem; nothing was imported",
        "exit 1 with a traceback: _csv.Error: field larger than field limit (131072)",
        setup=(csv_file("evaluations.csv", "y" * BIG, []),),
        lines=2,
        first=(
            r"workshop coaching: evaluations\.csv:1: a field is longer than 131,072 "
            r"characters, more than any coaching record holds; is this the right file\?"
        ),
    ),
    case(
        "import-100000-bad-rows",
        REST,
        "coaching import --db room.db evaluations.csv",
        "100,000 problems; nothing was imported",
        "exit 1 after printing 100,001 lines",
        setup=(
            csv_file(
                "evaluations.csv",
                EVAL_HEADER,
                [f"Rep {i},someday,Closing,5" for i in range(100_000)],
            ),
        ),
        lines=52,
        first="workshop coaching: evaluations\\.csv:2: the date expected YYYY-MM-DD .*",
    ),
    case(
        "import-binary-file",
        REST,
        "coaching import --db room.db evaluations.csv",
        "1 problem; nothing was imported",
        "exit 1, the same (already handled)",
        setup=(a_file("evaluations.csv", bytes(range(256)) * 8),),
        lines=2,
        first="workshop coaching: evaluations\\.csv:\\d+: expected UTF-8 text .*",
    ),
    case(
        "import-xlsx-that-is-not-one",
        REST,
        "coaching import --db room.db team.xlsx",
        "1 problem; nothing was imported",
        "exit 1, the same (already handled)",
        setup=(a_file("team.xlsx", b"not a zip at all"),),
        lines=2,
        first=(
            r"workshop coaching: team\.xlsx:1: expected an \.xlsx workbook, got a file it "
            r"cannot read: .*"
        ),
    ),
    case(
        "import-missing-file",
        REST,
        "coaching import --db room.db nowhere.csv",
        "workshop coaching: cannot read nowhere.csv: No such file or directory",
        "exit 1, the same (already handled)",
    ),
    # -- 3. limits that cannot be bypassed, and 8. control characters in names ---------------
    case(
        "import-zalgo-self-check",
        LIMITS,
        "coaching import --db room.db self_checks.csv",
        "1 problem; nothing was imported",
        "exit 0: imported; one 'character' of 20,001 code points counted as 1 of 2,000",
        setup=(self_check_csv("a" + "\u0301" * 20_000),),
        lines=2,
        first=(
            r"workshop coaching: self_checks\.csv:2: the self-check holds 20001 code points "
            r"in 40001 bytes; a 2000-character limit allows at most 8000 code points and "
            r"32000 bytes\. .*Nothing was cut\."
        ),
    ),
    case(
        "import-self-check-one-past-the-limit",
        LIMITS,
        "coaching import --db room.db self_checks.csv",
        "1 problem; nothing was imported",
        "exit 1, refused (already handled; the length counted code points)",
        setup=(self_check_csv("x" * 2001),),
        lines=2,
        first=(
            r"workshop coaching: self_checks\.csv:2: the self-check is 2001 characters; the "
            r"limit is 2000\. Shorten it by 1 to save\. Nothing was cut\."
        ),
    ),
    case(
        "import-bell-in-a-self-check",
        LIMITS,
        "coaching import --db room.db self_checks.csv",
        "1 problem; nothing was imported",
        "exit 0: imported with the control character",
        setup=(self_check_csv("fi\x07ne"),),
        lines=2,
        first=(
            r"workshop coaching: self_checks\.csv:2: the self-check holds the control "
            r"character U\+0007 at position 3; .*"
        ),
    ),
    case(
        "import-nul-in-a-rep-name",
        REST,
        "coaching import --db room.db self_checks.csv",
        "1 problem; nothing was imported",
        "exit 0: a rep named with a NUL in it",
        setup=(self_check_csv("fine", rep="Ann\x00ie"),),
        lines=2,
        first=(
            r"workshop coaching: self_checks\.csv:2: the rep's name holds the control "
            r"character U\+0000 at position 4; .*"
        ),
    ),
    case(
        "import-tab-in-a-rep-name",
        REST,
        "coaching import --db room.db self_checks.csv",
        "1 problem; nothing was imported",
        "exit 0: a rep named with a tab in it",
        setup=(self_check_csv("fine", rep="Ann\tie"),),
        lines=2,
        first=(
            r"workshop coaching: self_checks\.csv:2: the rep's name holds the control "
            r"character U\+0009 at position 4; .*"
        ),
    ),
    case(
        "import-line-break-in-a-rep-name",
        REST,
        "coaching import --db room.db self_checks.csv",
        "1 problem; nothing was imported",
        "exit 0: a rep whose name is two lines",
        setup=(self_check_csv("fine", rep="Ann\nie"),),
        lines=2,
        first=(
            r"workshop coaching: self_checks\.csv:3: the rep's name holds the control "
            r"character U\+000A at position 4; .*"
        ),
    ),
    case(
        "import-bidi-override-in-a-rep-name",
        REST,
        "coaching import --db room.db self_checks.csv",
        "1 problem; nothing was imported",
        "exit 0: a rep whose name reads backwards from the override",
        setup=(self_check_csv("fine", rep="Ann\u202eie"),),
        lines=2,
        first=(
            r"workshop coaching: self_checks\.csv:2: the rep's name holds the control "
            r"character U\+202E RIGHT-TO-LEFT OVERRIDE at position 4; .*"
        ),
    ),
)


@dataclass(frozen=True)
class DiskCase:
    """A command whose output goes to ``disk/``, a disk with no room left."""

    id: str
    argv: tuple[str, ...]
    #: The start of the one line on stderr, up to the path it could not write.
    prefix: str
    before: str


FULL = r": the disk is full \(No space left on device\); nothing was written"


def disk_case(id: str, argv: str, prefix: str, before: str) -> DiskCase:
    return DiskCase(id, tuple(argv.split()), prefix, before)


FULL_DISK: tuple[DiskCase, ...] = (
    disk_case(
        "export-xlsx",
        "export --db room.db --out disk/r.xlsx",
        "workshop export: cannot write disk/r.xlsx",
        "exit 1 with a traceback: OSError: [Errno 28]; a 0-byte r.xlsx left",
    ),
    disk_case(
        "export-zip",
        "export --db room.db --out disk/r.zip",
        "workshop export: cannot write disk/r.zip",
        "no .zip export (exit 1: 'expected a file ending in .xlsx or .csv')",
    ),
    disk_case(
        "export-csv-folder",
        "export --db room.db --out disk/results",
        "workshop export: cannot write disk/results(/\\S+)?",
        "no CSV folder export (exit 1: 'expected a file ending in .xlsx or .csv')",
    ),
    disk_case(
        "report-pdf",
        "report --db room.db --out disk/r.pdf",
        "workshop report: cannot write disk/r.pdf",
        "exit 1 with a traceback: zlib.error: inconsistent stream state; a 0-byte r.pdf left",
    ),
    disk_case(
        "report-cards",
        "report --db room.db --cards disk/cards",
        "workshop report: cannot write disk/cards(/\\S+)?",
        "exit 1 with a traceback: OSError: [Errno 28]; a 0-byte card left",
    ),
    disk_case(
        "coaching-export-xlsx",
        "coaching export --db room.db --out disk/c.xlsx",
        "workshop coaching: cannot write disk/c.xlsx",
        "exit 1 with a traceback: OSError: [Errno 28]; a 0-byte c.xlsx left",
    ),
    disk_case(
        "coaching-export-folder",
        "coaching export --db room.db --out disk/c",
        "workshop coaching: cannot write disk/c(/\\S+)?",
        "exit 1: 'cannot write disk/c: No space left on device'; c/ and a 0-byte reps.csv left",
    ),
    disk_case(
        "init",
        "init disk/mine",
        "workshop init: cannot write disk/mine(/\\S+)?",
        "exit 1: 'cannot write the content ... No space left on device'; a 0-byte "
        "balance.yaml left",
    ),
)
