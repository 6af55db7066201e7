"""`workshop init`: give a trainer an editable, fully commented copy of the default content.

The shipped YAML files carry a comment on every field, so they are copied byte for byte: one
source of truth for the defaults and for what each field controls. A short README.md says
what each file is for and how to check edits with `workshop validate`. Every file is read and
checked as UTF-8 text before anything is written; the copy is then made in a folder beside
the target and renamed into place at the end, so a failure leaves nothing behind.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from workshop.errors import WorkshopError
from workshop.outputs import OutputError, StagedFolder, refuse_database
from workshop.shipped import content_dir

README_TEMPLATE = """\
# Your workshop content

These files hold every word, number and list the workshop shows. Edit them in any text
editor: each setting has a comment (a line starting with `#`) that says what it controls.
Change the text after a colon, keep the names before it, and keep the indentation.

| file | what it controls |
|---|---|
{rows}

## Check your edits

    workshop validate {folder}

prints one line `FILE:LINE: message` for every problem and exits with status 1 until they
are all fixed; it prints `content is valid` when the content is ready. Lines marked
`warning:` (for example a prompt too long to read on a phone) are advice: the workshop runs
anyway.

## Preview and rehearse it

Open `notebooks/trainer/preview_session.ipynb` with `WORKSHOP_CONTENT={folder}` set in the
environment: it shows every screen attendees and the big screen will see, with this content
and a demo room. `workshop demo --content {folder}` fills a rehearsal room from your own
categories.

## Use it

    workshop serve --content {folder}

runs the live session with this content. Set `WORKSHOP_CONTENT={folder}` in the environment
before starting Jupyter, and the notebooks show it instead of the default.
"""


class InitError(WorkshopError, OSError):
    """`workshop init` could not write its copy; nothing that was there is changed."""


class FolderNotEmptyError(InitError, FileExistsError):
    """The target folder already holds files, which `workshop init` never overwrites."""


def init_content(target: Path, source: Path | None = None) -> list[Path]:
    """Copy every YAML file of `source` (default: the shipped English set) and a README.md into
    `target`, a new or empty folder (its missing parents are made, and removed again if the
    copy fails).

    Returns the paths written. Raises `FolderNotEmptyError` when `target` holds anything (or
    is a file), and `InitError` when a source file is not text or `target` cannot be written;
    either way nothing is left behind.
    """
    files = _source_files(source or content_dir())
    _check_target(target)
    copies = {path.name: _read_source(path) for path in files}
    readme = README_TEMPLATE.format(rows=_rows(files), folder=target)
    copies["README.md"] = readme.encode("utf-8")
    made = _make_parents(target.parent)
    try:
        with StagedFolder(target) as staged:
            for name, data in copies.items():
                with staged.open(name) as handle:
                    handle.write(data)
    except OutputError as exc:
        for folder in made:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise InitError(str(exc)) from exc
    return [target / name for name in copies]


def _read_source(path: Path) -> bytes:
    """A source file's bytes, once they are known to be UTF-8 text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InitError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InitError(
            f"{path}:{line}: expected UTF-8 text (a YAML file), got a byte it cannot be "
            f"(0x{data[exc.start]:02x}); nothing was written"
        ) from None
    return data


def _make_parents(folder: Path) -> list[Path]:
    """Make `folder` and its missing parents; returns those made, deepest first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        for made in missing:
            with contextlib.suppress(OSError):
                made.rmdir()
        raise InitError(f"cannot make the folder {folder}: {exc.strerror or exc}") from exc
    return missing


def describe(path: Path) -> str:
    """What a content file controls: the first sentence of its opening comment."""
    lines: list[str] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stripped = raw.strip()
        if not stripped.startswith("#"):
            break
        lines.append(stripped.lstrip("#").strip())
        if lines[-1].endswith("."):
            break
    text = " ".join(line for line in lines if line)
    return text or "See the comments inside the file."


def _source_files(source: Path) -> list[Path]:
    try:
        files = sorted(source.glob("*.yaml"))
    except OSError as exc:
        raise InitError(f"cannot read the content in {source}: {exc.strerror}") from exc
    if not files:
        raise InitError(f"expected a content set in {source}, found no YAML files there")
    return files


def _check_target(target: Path) -> None:
    refuse_database(target, "the content")
    if target.exists() and not target.is_dir():
        raise FolderNotEmptyError(
            f"expected {target} to be a new or empty folder, got a file; "
            "choose another name so nothing is overwritten"
        )
    if target.is_dir():
        try:
            entries = sorted(entry.name for entry in target.iterdir())
        except OSError as exc:
            raise InitError(f"cannot read the folder {target}: {exc.strerror}") from exc
        if entries:
            shown = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
            raise FolderNotEmptyError(
                f"expected {target} to be a new or empty folder, got one holding {len(entries)} "
                f"item{'s' if len(entries) != 1 else ''} ({shown}); nothing was overwritten. "
                "Choose a new folder name."
            )


def _rows(files: list[Path]) -> str:
    return "\n".join(f"| `{path.name}` | {describe(path)} |" for path in files)
