"""The wording of the live room (`live.yaml`'s `labels:`): which labels there are, which are
templates, which were added after the first content sets were written, and plurals.

A label that counts people ({n}) may have a form per plural category of the content's
language (CLDR's: `answered_count_one` for "1 has answered", `answered_count` for every other
count); the form is chosen by `workshop.plurals` (CLDR's rules, the coaching labels' too), so
a language with more forms (Russian's few and many) only adds its keys.
"""

from __future__ import annotations

from workshop.plurals import CATEGORIES, OTHER, plural_form

LIVE_LABEL_KEYS = (
    "join_title",
    "join_intro",
    "session_code",
    "join_button",
    "wrong_session",
    "expired_session",
    "locked",
    "locked_badge",
    "share",
    "take_back",
    "shared",
    "wall_intro",
    "hello",
    "dashboard_title",
    "join_at",
    "joined",
    "completed",
    "run_of_show",
    "open_step",
    "lock_step",
    "start_segment",
    "next_segment",
    "previous_segment",
    "time_left",
    "overtime",
    "reveal",
    "hide",
    "waiting_for_k",
    "hidden_categories",
    "room_wheel",
    "distribution",
    "top_out_of_balance",
    "top_finders",
    "room_wall",
    "hide_entry",
    "show_entry",
    "export",
    "exported",
    "attendees_count",
    "session_report",
    "hidden_entry",
    "segment_minutes",
    "refresh_failed",
)

#: Labels added after the first live content sets were written, with their English wording:
#: a set without them still validates (with a warning) and shows these words.
LIVE_LABELS_ADDED: dict[str, str] = {
    "slow_down": "Too many tries from this device. Wait a minute, then try again.",
    "waiting": (
        "You're in. The facilitator opens the first exercise in a moment; keep this page open."
    ),
    "room_full": "This room is full. Ask the facilitator to open another room.",
    "facilitator_only": (
        "This page is for the facilitator. Open the link the facilitator was given."
    ),
    # The big screen and the remote.
    "presenter_join": "Join on your phone",
    "results_hidden": "The room's results show here when the facilitator reveals them.",
    "answered_count": "{n} have answered",
    "answered_count_one": "{n} has answered",
    "top_ingredients": "Ingredients chosen most often",
    "wall_empty": "Nothing on the wall yet.",
    "waiting_batch": (
        "{n} newer answers wait: the screens show answers in groups of {k}, so that no one's "
        "can be picked out."
    ),
    "waiting_batch_one": (
        "{n} newer answer waits: the screens show answers in groups of {k}, so that no one's "
        "can be picked out."
    ),
    "batch_note": "Counts move in groups of {k}, for anonymity.",
    "segment_of": "Segment {n} of {total}",
    "not_started": "Not started: the big screen shows how to join.",
    "cards_made": "{n} have made their card",
    "cards_made_one": "{n} has made their card",
    # The remote's controls: each says what it acts on, and each step its state.
    "step_is_open": "open",
    "step_is_locked": "locked",
    "open_named": "Open {step}",
    "lock_named": "Lock {step}",
    "start_named": "Start {segment}",
    "next_named": "Next: {segment}",
    "previous_named": "Previous: {segment}",
    "hide_named": "Hide “{entry}”",
    "show_named": "Show “{entry}”",
    "nothing_to_reveal": (
        "Nothing to reveal here: these answers are private. The big screen shows how many "
        "have answered."
    ),
    # The end of the workshop.
    "end_workshop": "End the workshop",
    "grace_label": "Answers stay open after the end for",
    "ended_at": "The workshop ended at {time}.",
    "locks_at": "Answers can be changed until {time}.",
    "answers_locked_note": "Answers are locked.",
    "reopen": "Reopen the workshop",
    "time_up": "time's up",
    "closing_title": "Thank you!",
    "closing_message": "Keep your card and your resume code: your answers stay yours.",
    "workshop_ended": "The workshop has ended. Thank you!",
    "answers_locked": (
        "The workshop has ended, so answers are locked. Your card and your code keep what "
        "you saved."
    ),
    "download_report": "Session report (PDF)",
    # The join slide and the terminal, when the room is bound to this computer only.
    "loopback_screen": (
        "Phones cannot open this address: it is this computer's own. Restart the room with:"
    ),
    "loopback_terminal": (
        "Only this computer can open this address: phones cannot join. To serve the room on "
        "your network, stop this (Ctrl-C) and run:"
    ),
    "no_network": (
        "This computer has no network address phones could reach: join it to the venue's "
        "network, then run:"
    ),
    # What `workshop serve` prints at the terminal.
    "terminal_join": "Join",
    "terminal_qr": "QR code",
    "terminal_facilitator": "Facilitator",
    "terminal_big_screen": "Big screen",
    "terminal_keep": (
        "Each link signs in one browser, once; 'workshop session links' prints new ones. "
        "Keep them to yourself."
    ),
    "terminal_stop": "Press Ctrl-C to stop.",
    "terminal_stopped": "Stopped. Every answer is saved.",
    "terminal_replica": (
        "A replica of this session: its facilitator links come from 'workshop session start'."
    ),
    # The phone pages.
    "resume_title": "Have a code?",
    "resume_intro": (
        "Type your resume code to pick up where you left off, on this phone or another."
    ),
    "resume_code": "Resume code",
    "steps_nav": "Exercises",
    "new_step": "The facilitator opened {step}.",
    "go_to_step": "Go to {step}",
    "save": "Save",
    "saved_at": "Saved {time}",
    "problem": "There is a problem",
    "server_error": (
        "Something went wrong on our side. Everything you saved is safe; try again in a moment."
    ),
    "not_found": "There is no such page here.",
    "card_busy": "Your card is already being made. It downloads when it is ready.",
    "cards_busy": "Many cards are being made right now. Try again in a minute.",
    "wheel_alt": "Your balance wheel",
    "rating_of": "{score} of {max}",
    "not_rated": "not rated",
    "menu_ingredients": "Choose your ingredients (at most {max})",
    # The room wall's limits, said to the attendee who meets one.
    "wall_blank": "There is nothing to share yet: write it first.",
    "wall_full": "You have shared as many entries as one person can on this wall.",
    "wall_not_yours": "Only your own mantra and ingredients can go on the wall.",
    # Beside the room's figures: {percent} is the share of scores that count as random ones.
    "randomized_note": "about {percent}% of scores are random, on purpose",
    # The big screen and the remote, when something breaks or the connection drops.
    "page_failed": "Something went wrong on this page. Reload it; the room's answers are safe.",
    "reconnecting": "The connection to the room dropped. Reconnecting…",
    "reloading": "Reconnected. Reloading the page…",
    # The facilitator's sign-in page, for a link opened a second time (or after the session).
    "link_spent": (
        "This link was used already, or has expired: each link signs in one browser, once. "
        "For a new one, run: workshop session links"
    ),
}

#: Live labels that are templates, with the {fill-ins} each may use.
LIVE_LABEL_FIELDS: dict[str, tuple[str, ...]] = {
    "waiting_for_k": ("k", "n"),
    "segment_minutes": ("minutes",),
    "answered_count": ("n",),
    "waiting_batch": ("n", "k"),
    "batch_note": ("k",),
    "segment_of": ("n", "total"),
    "cards_made": ("n",),
    "open_named": ("step",),
    "lock_named": ("step",),
    "start_named": ("segment",),
    "next_named": ("segment",),
    "previous_named": ("segment",),
    "hide_named": ("entry",),
    "show_named": ("entry",),
    "ended_at": ("time",),
    "locks_at": ("time",),
    "new_step": ("step",),
    "go_to_step": ("step",),
    "saved_at": ("time",),
    "rating_of": ("score", "max"),
    "menu_ingredients": ("max",),
    "randomized_note": ("percent",),
}

#: The plural categories a counting label may have a form for (CLDR's, bar "other", which is
#: the label itself).
PLURAL_FORMS = tuple(c for c in CATEGORIES if c != OTHER)
#: Labels that count people with {n}.
PLURAL_LABELS = ("answered_count", "waiting_batch", "cards_made")

for _key in PLURAL_LABELS:
    for _form in PLURAL_FORMS:
        LIVE_LABEL_FIELDS[f"{_key}_{_form}"] = LIVE_LABEL_FIELDS[_key]

#: The plural forms a content set may give beyond those in LIVE_LABELS_ADDED (no warning if
#: left out: English has no "few").
PLURAL_EXTRAS = tuple(
    f"{key}_{form}"
    for key in PLURAL_LABELS
    for form in PLURAL_FORMS
    if f"{key}_{form}" not in LIVE_LABELS_ADDED
)


def counted(labels: dict[str, str], language: str, key: str, n: int) -> str:
    """The label's text for the count `n`: its plural form in `language`, if the set gives one."""
    if key not in PLURAL_LABELS:
        return labels[key]
    return labels.get(f"{key}_{plural_form(language, n)}", labels[key])
