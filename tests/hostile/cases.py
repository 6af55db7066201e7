"""The hostile-client table: what someone on the venue's network did to the room, and what the
room does now.

Issue 16 probed the room's server as a hostile attendee would, with real Chromium and scripts
that speak the pages' protocol. Each case below is one of those attacks: `before` is what it
did then (measured on `main` before the fixes, on the same machine, with the figures the issue
gives), `after` is what it does now, and `test` names the test that replays it against a
served room (`module::function`, in this folder) and checks `after`; a test checks that every
case names a test that exists. The browser tests run in Chromium, directly and through the
shipped nginx config (`serve --workers 2`) where a proxy changes what the attack meets.

Helpers that work on the phones' pages (made-up device ids, card spam) add their cases to this
same table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    id: str
    #: The part of issue 16 it covers.
    item: str
    #: What the hostile client does.
    attack: str
    before: str
    after: str
    #: Where it is replayed: ``module::function`` in tests/hostile.
    test: str


HEADERS = "1 header poisoning"
LOCKOUT = "2 lockout"
SYBIL = "3 k-anonymity vs k-1 colluders"
SECRET = "4 the facilitator's secret"
WALL = "5 the wall"
EXPORTS = "7 exports"
ERRORS = "8 errors reach browsers"

CASES: tuple[Case, ...] = (
    Case(
        "header-poisoning",
        HEADERS,
        "X-Script-Name / Script-Name / X-Forwarded-* / Forwarded on every page right after a "
        "start, direct and through nginx; then every page loaded in Chromium",
        "every page, phones, big screen and remote, loaded <script src=//ATTACKER/...> for the "
        "life of the process; nginx passed the headers on",
        "every request every page makes stays on the room's own address",
        "test_header_poisoning::test_no_header_moves_any_page_off_the_room",
    ),
    Case(
        "lockout-open-close-websockets",
        LOCKOUT,
        "20 page websockets opened and closed at once (no cookie, no message) on a room of 20, "
        "direct and through nginx",
        "the room was full for 10 minutes (1.4 s of sockets, measured): the attendee page "
        "answered 503 'this room is full', /presenter and /remote hung on 'Loading app'",
        "nothing is counted (the room counts people, not sockets): the attendee page answers "
        "200, the big screen and the remote open in Chromium",
        "test_lockout::test_sockets_opened_and_closed_lock_nobody_out",
    ),
    Case(
        "lockout-idle-websockets",
        LOCKOUT,
        "websockets opened and held with nothing sent",
        "each held a place for as long as it stayed open, and 10 minutes after",
        "none is let in once no Solara page is public; until then each is closed after 10 s "
        "and frees its place at once",
        "test_lockout::test_idle_sockets_are_closed_and_free_their_place",
    ),
    Case(
        "facilitator-never-refused",
        LOCKOUT,
        "the room filled with real pages, then the facilitator opens the big screen",
        "the facilitator's pages counted as room pages and hung on 'Loading app' in a full room",
        "the facilitator's pages are never counted nor refused for capacity",
        "test_lockout::test_a_full_room_never_refuses_the_facilitator",
    ),
    Case(
        "sybil-k-minus-1",
        SYBIL,
        "4 scripted attendees with known answers change theirs while one real person's change "
        "waits (k = 5); the batch publishes; subtract the fakes",
        "all 8 of the victim's scores recovered exactly",
        "every released score is the victim's randomized-response copy, equal to the real "
        "score with chance 1 - p + p/8 (bench_randomized measures it: 0.74 against 0.78 "
        "expected, p = 0.25); only a third of categories publish at all",
        "test_sybil::test_the_sybil_attack_on_a_served_room_releases_only_copies",
    ),
    Case(
        "cross-origin-websocket",
        SECRET,
        "a page on 127.0.0.1:OTHER_PORT, opened in the facilitator's signed-in browser, opens "
        "the room's websocket (the cookie goes with it: same site)",
        "accepted: the page drove /remote with the facilitator's cookie",
        "refused (HTTP 403) before Solara sees it; the remote is untouched",
        "test_doors::test_another_sites_page_cannot_open_the_rooms_websocket",
    ),
    Case(
        "history-keeps-the-link",
        SECRET,
        "after the projector signed in, read Chromium's History, Top Sites, Favicons and "
        "session files in its profile; open what they hold",
        "the big-screen link with the token in History and address-bar suggestions; the "
        "cookie was the token itself, good for 24 h: the next user of the laptop opened the "
        "remote",
        "what the profile keeps is a spent one-time link that opens nothing; the sign-in "
        "(a random key, only its hash stored) is in no History file, ends with the session, "
        "and 'serve --sign-out-everywhere' or 'session sign-out' ends it at once",
        "test_facilitator::test_what_the_projectors_history_keeps_opens_nothing",
    ),
    Case(
        "sign-in-brute-force",
        SECRET,
        "60 sign-ins with guessed keys from one address",
        "60 answered 403, none limited, nothing logged",
        "10 answered, the rest 429 'too many tries'; refusals counted in the log, no key in it",
        "test_doors::test_guessing_links_is_limited_and_logged_without_keys",
    ),
    Case(
        "wall-spam",
        WALL,
        "change the mantra, share, repeat: 30 entries in 21 s",
        "30 distinct entries on the wall",
        "3 entries (the limit, a content setting), the 4th to 30th refused, taking back included",
        "test_wall::test_one_attendee_cannot_flood_the_wall",
    ),
    Case(
        "wall-long-mantra",
        WALL,
        "a 1,990-character mantra on the wall at 1920x1080",
        "it covered the whole wall",
        "refused past 140 characters; an entry already that long (an older room) takes at "
        "most 3 lines of under a third of the screen",
        "test_wall::test_no_entry_takes_more_than_its_share_of_the_big_screen",
    ),
    Case(
        "wall-empty-shares",
        WALL,
        "120 clicks on hidden Share buttons",
        "101 empty wall rows, in the export",
        "no row: the view ignores a hidden row, the service and the store refuse a blank "
        "entry, and the export leaves out the blank rows of an older database",
        "test_wall::test_blank_shares_write_nothing",
    ),
    Case(
        "export-formulas",
        EXPORTS,
        "=HYPERLINK(...), +cmd|' /C calc'!A0 and @SUM(...) as a mantra, opened from the CSV export",
        "written as typed: a spreadsheet runs them; attendees in join order",
        "every CSV cell that could start a formula has an apostrophe in front (one rule with "
        "the workbook); rows in pseudonym order",
        "test_wall::test_what_griefers_typed_runs_in_no_exported_cell",
    ),
    Case(
        "diagnostics-from-the-venue",
        ERRORS,
        "/healthz, /readyz, /resourcez?verbose from an address that is not this machine",
        "200: the process id, the page count, the host's memory, CPU and sockets",
        "404, as for no page; this machine and the signed-in facilitator still get them",
        "test_doors::test_diagnostics_answer_only_this_machine_and_the_facilitator",
    ),
    Case(
        "slowloris",
        ERRORS,
        "20 connections that trickle their request headers, one byte every 2 s, direct and "
        "through nginx",
        "all 20 held after 25 s (uvicorn has no header timeout): enough of them and nobody gets in",
        "closed within 10 s of connecting (nginx: client_header_timeout; the server: its own "
        "deadline); a normal request is served meanwhile",
        "test_doors::test_trickled_headers_are_dropped",
    ),
    Case(
        "websocket-flood-log",
        ERRORS,
        "300 bare websockets",
        "300 lines 'no session cookie' in the facilitator's terminal",
        "one line when it starts, then a count once a minute",
        "test_doors::test_a_flood_is_counted_not_logged_line_by_line",
    ),
    Case(
        "page-traceback",
        ERRORS,
        "break the big screen while it is built (a damaged database) on a Spanish room",
        "a Python traceback with the server's paths in the browser",
        "a plain message in the content's language; the details in the server's log",
        "test_errors::test_a_broken_page_says_so_in_the_rooms_language",
    ),
    Case(
        "restart",
        ERRORS,
        "restart 'workshop serve' under an open big screen and remote",
        "an English 'Could not restore session / Refresh now' dialog nobody presses on a "
        "projector, and about 25 lines of traceback per old page in the terminal",
        "a notice in the content's words while it reconnects, then each page reloads by "
        "itself, still signed in; the new server's log holds a count, no traceback",
        "test_errors::test_a_restart_reloads_the_pages_by_themselves",
    ),
    Case(
        "rep-page-after-demo",
        ERRORS,
        "'workshop demo', then 'workshop serve', then /rep",
        "a full traceback on /rep: the kept content had no coaching files",
        "the session keeps every file of its content set; /rep opens its sign-in",
        "test_errors::test_the_reps_page_works_on_a_demo_started_session",
    ),
)
