"""A session remembers its content: what it was started with is kept in the database, and
everything that reads the session later (serve resuming it, demo, export, report, cards) runs
with that same content by default.

Without it, a room run with a trainer's own categories came out of `report` with the default
ones: "Fun and recreation" empty, the trainer's categories dropped without a word. A `--content`
that differs from what the session kept is refused, with the differences named; the same
content in other words (comments, spacing, key order) is no difference. A session from before
content was kept falls back to `--content` (or the default) with a warning.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from workshop.content.base import default_content_dir
from workshop.content.coaching_files import FILES as COACHING_FILES
from workshop.content.keynote import FILES, KeynoteContent, load_content
from workshop.content.live import FILE as LIVE_FILE
from workshop.content.live import LiveContent, load_live_content
from workshop.errors import ContentError, WorkshopError
from workshop.store import Store

#: The files a session runs with: the keynote's, the live session's, and the coaching files
#: beside them (the reps' page on the room's server reads those). Every file of the set is
#: kept, so a session resumed or started by `demo` serves every page it served at first.
KEPT_FILES = (*FILES, LIVE_FILE, *COACHING_FILES)
#: Differences named in a refusal; the rest are counted.
SHOWN_DIFFERENCES = 5

OLD_SESSION = (
    "warning: session {code} was started before sessions kept their content; using {root}. "
    "If it ran with other content, pass that folder with --content."
)


class ContentMismatchError(WorkshopError, ValueError):
    """A --content that is not the content the session ran with."""


@dataclass(frozen=True)
class SessionContent:
    """The content a command works with, and a warning to show (or "")."""

    content: KeynoteContent
    live: LiveContent
    warning: str = ""


def content_files(content: KeynoteContent) -> dict[str, str]:
    """The text of each file `content` was loaded from, by name; {} when the files on disk
    are not (or no longer) that content, as for content made or changed in memory."""
    root = Path(content.source)
    files: dict[str, str] = {}
    for name in KEPT_FILES:
        try:
            files[name] = (root / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError):
            return {}
    if any(name not in files for name in FILES):
        return {}
    try:
        return files if load_content(root) == content else {}
    except ContentError:
        return {}


@contextmanager
def session_content(
    store: Store, code: str | None, requested: Path | str | None, *, can_start_anew: bool = False
) -> Iterator[SessionContent]:
    """The content to use for session `code`: the one it kept, unless it kept none.

    `requested` is what the person asked for (--content); None means the default. A command
    that `can_start_anew` (with --new-session) is named in a refusal as the way out. The kept
    content is written to a private folder for as long as the block runs (the card workers
    and server processes load it from there).
    """
    kept = store.kept_content(code) if code else None
    if kept is None:
        root = Path(requested) if requested else default_content_dir()
        warning = OLD_SESSION.format(code=code, root=root) if code else ""
        yield SessionContent(load_content(root), load_live_content(root), warning)
        return
    if requested:
        found = differences(kept.files, _read_folder(Path(requested)))
        if found:
            message = mismatch(code or "", Path(requested), found)
            if can_start_anew:
                # The command can start a new session (serve, session start): say how.
                message += f" To start a new session with {requested} instead, add --new-session."
            raise ContentMismatchError(message)
    with tempfile.TemporaryDirectory(prefix="workshop-session-content-") as folder:
        for name, body in kept.files.items():
            if name in KEPT_FILES:  # a name from the database never leaves the folder
                (Path(folder) / name).write_text(body, encoding="utf-8")
        _add_coaching(Path(folder), kept.files, Path(requested) if requested else None)
        try:
            content, live = load_content(folder), load_live_content(folder)
        except ContentError as exc:
            first = str(exc.problems[0]) if exc.problems else str(exc)
            raise ContentMismatchError(
                f"the content session {code} kept no longer loads with this version of the "
                f"toolkit ({first}); export it with the version that ran it"
            ) from None
        yield SessionContent(content, live)


def _add_coaching(folder: Path, kept: Mapping[str, str], requested: Path | None) -> None:
    """A session kept before its coaching files were (or whose content had none) takes them
    from --content, else from the default content: the reps' page needs them."""
    if all(name in kept for name in COACHING_FILES):
        return
    for root in (requested, default_content_dir()):
        if root is not None and all((root / name).is_file() for name in COACHING_FILES):
            for name in COACHING_FILES:
                (folder / name).write_text(
                    (root / name).read_text(encoding="utf-8"), encoding="utf-8"
                )
            return


def _read_folder(root: Path) -> dict[str, str]:
    files: dict[str, str] = {}
    for name in KEPT_FILES:
        try:
            files[name] = (root / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError) as exc:
            raise _unreadable(root / name, exc) from exc
    return files


def _unreadable(path: Path, exc: Exception) -> ContentMismatchError:
    return ContentMismatchError(f"cannot read {path} to compare it with the session's: {exc}")


def mismatch(code: str, requested: Path, found: list[str]) -> str:
    shown = "; ".join(found[:SHOWN_DIFFERENCES])
    more = len(found) - SHOWN_DIFFERENCES
    rest = f"; and {more} more difference{'s' if more != 1 else ''}" if more > 0 else ""
    return (
        f"--content {requested} is not the content session {code} ran with: {shown}{rest}. "
        "Leave out --content to use the session's own."
    )


def differences(kept: Mapping[str, str], other: Mapping[str, str]) -> list[str]:
    """Where two content sets differ, file by file, as ``file: key.path: 'a' → 'b'``
    (kept first); text that parses to the same YAML is the same content."""
    found: list[str] = []
    for name in sorted(set(kept) | set(other)):
        if name in COACHING_FILES and name not in kept:
            continue  # kept before sessions kept their coaching files: not a difference
        if name not in other:
            found.append(f"{name} is missing from --content")
        elif name not in kept:
            found.append(f"{name} is in --content but the session ran without it")
        elif kept[name] != other[name]:
            _compare(_parsed(kept[name]), _parsed(other[name]), name + ":", found)
    return found


def _parsed(body: str) -> object:
    try:
        return yaml.safe_load(body)
    except yaml.YAMLError:
        return body  # compared as text


def _compare(a: object, b: object, where: str, found: list[str]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*a, *(k for k in b if k not in a)]:
            place = f"{where}{'.' if not where.endswith(':') else ' '}{key}"
            if key not in b:
                found.append(f"{place} is missing from --content")
            elif key not in a:
                found.append(f"{place} is only in --content")
            else:
                _compare(a[key], b[key], place, found)
    elif isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            _compare(x, y, f"{where}[{i + 1}]", found)
        if len(a) != len(b):
            found.append(f"{where} has {len(a)} items in the session, {len(b)} in --content")
    elif a != b:
        found.append(f"{where} {_short(a)} in the session, {_short(b)} in --content")


def _short(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."
