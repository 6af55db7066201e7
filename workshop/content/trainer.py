"""`workshop init`: give a trainer an editable, fully commented copy of the default content.

The shipped YAML files carry a comment on every field, so they are copied byte for byte: one
source of truth for the defaults and for what each field controls. A short README.md says
what each file is for and how to check edits with `workshop validate`.
"""

from __future__ import annotations

from pathlib import Path

from workshop.errors import WorkshopError
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
    `target`, a new or empty folder.

    Returns the paths written. Raises `FolderNotEmptyError` when `target` holds anything (or
    is a file), and `InitError` when it cannot be written.
    """
    files = _source_files(source or content_dir())
    _check_target(target)
    written: list[Path] = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for path in files:
            written.append(_write_new(target / path.name, path.read_bytes()))
        readme = README_TEMPLATE.format(rows=_rows(files), folder=target)
        written.append(_write_new(target / "README.md", readme.encode("utf-8")))
    except FileExistsError as exc:
        # Someone wrote into the folder while we were copying; leave their file alone.
        raise FolderNotEmptyError(
            f"{exc.filename} appeared while copying; not overwritten"
        ) from exc
    except OSError as exc:
        raise InitError(f"cannot write the content to {target}: {exc.strerror or exc}") from exc
    return written


def describe(path: Path) -> str:
    """What a content file controls: the first sentence of its opening comment."""
    lines: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
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


def _write_new(path: Path, data: bytes) -> Path:
    # Mode "x" fails instead of replacing a file that appeared since the folder was checked.
    with path.open("xb") as handle:
        handle.write(data)
    return path


def _rows(files: list[Path]) -> str:
    return "\n".join(f"| `{path.name}` | {describe(path)} |" for path in files)
