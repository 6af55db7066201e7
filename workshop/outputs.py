"""Files the toolkit writes for people: checked before any work, then written whole or not at all.

Every command that writes a file goes through here (`export`, `report`, `report --cards`,
`coaching export`, `init`, the QR codes of `serve`, the dashboard's export). An output

- is never a database: the store's own file, its journal, or any SQLite file is refused;
- has the extension of its format (a PDF ends in .pdf), or is a folder where a folder is
  expected (and then it has no file extension, and is not a file);
- goes into a folder that exists;
- is written to a temporary file beside it and then renamed over its name (`os.replace`), so
  a full disk, Ctrl-C or a crash never leaves a half file under that name, and a write that
  fails removes its temporary file.

Every failure is an `OutputError`: one line naming the path, the cause and that nothing was
written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from workshop.errors import WorkshopError

#: The first 16 bytes of every SQLite database file.
SQLITE_MAGIC = b"SQLite format 3\x00"
#: Files SQLite keeps beside a database; writing over one corrupts the database.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
#: Extensions that name a file: a folder is never given one of these.
FILE_SUFFIXES = frozenset(
    {
        ".csv",
        ".db",
        ".json",
        ".pdf",
        ".png",
        ".sqlite",
        ".sqlite3",
        ".svg",
        ".txt",
        ".xls",
        ".xlsx",
        ".yaml",
        ".yml",
        ".zip",
    }
)
#: The format key of a folder, in the formats an output accepts.
FOLDER = ""
#: Where temporary files start their names: hidden, and known as ours.
TEMP_PREFIX = ".workshop-tmp-"

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.ENOENT: "its folder does not exist",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENAMETOOLONG: "the name is too long",
}


class OutputError(WorkshopError, OSError):
    """An output the toolkit refuses to write, or could not write; nothing was left behind."""


@dataclass(frozen=True)
class Output:
    """A checked output: where it goes, and its format (an extension like ".pdf", or
    `FOLDER`)."""

    path: Path
    format: str

    @property
    def is_folder(self) -> bool:
        return self.format == FOLDER


def check_output(
    path: Path | str,
    formats: Mapping[str, str],
    what: str,
    protect: Sequence[Path] = (),
    hints: Mapping[str, str] | None = None,
) -> Output:
    """Check `path` as the output `what` names, before any work is done for it.

    `formats` maps each accepted extension (or `FOLDER`) to how a message names it, e.g.
    ``{".xlsx": "an Excel workbook (.xlsx)", FOLDER: "a folder of CSV files"}``. `protect`
    lists the database files the command uses; they, their journals, and any SQLite file
    are refused. `hints` adds a sentence to the refusal of an extension (".csv": why not).
    """
    path = Path(path)
    expected = " or ".join(formats.values())
    suffix = path.suffix.lower()
    if path.is_dir():
        if FOLDER not in formats or suffix in FILE_SUFFIXES:
            raise OutputError(f"{what} expected {expected}, got {path}, which is a folder")
        return Output(path, FOLDER)
    refuse_database(path, what, protect)
    if suffix in formats and suffix != FOLDER:
        chosen = suffix
    elif FOLDER in formats and suffix not in FILE_SUFFIXES:
        if path.exists():
            raise OutputError(f"{what} expected {expected}, got {path}, which is a file")
        chosen = FOLDER
    else:
        hint = (hints or {}).get(suffix)
        raise OutputError(
            f"{what} expected {expected}, got {path.name!r}" + (f"; {hint}" if hint else "")
        )
    check_folder_exists(path.parent, what)
    return Output(path, chosen)


def check_folder_exists(folder: Path, what: str) -> None:
    """The folder an output goes into exists (it is never made on the way: a typo in a path
    would otherwise scatter files)."""
    shown = folder if str(folder) else Path(".")
    if not folder.exists() and folder.parent.is_file():
        raise OutputError(f"cannot write {what} into {shown}: {_REASONS[errno.ENOTDIR]}")
    if not folder.is_dir():
        reason = "it is a file, not a folder" if folder.exists() else "it does not exist"
        raise OutputError(f"cannot write {what} into the folder {shown}: {reason}")


def refuse_database(path: Path, what: str, protect: Sequence[Path] = ()) -> None:
    """Refuse an output that is, or would overwrite, a database (or a database's journal)."""
    for db in protect:
        if _same_file(path, db):
            raise OutputError(
                f"refused to write {what} to {path}: it is the database this command reads; "
                "choose another name"
            )
        for companion in SQLITE_COMPANIONS:
            if _same_file(path, db.with_name(db.name + companion)):
                raise OutputError(
                    f"refused to write {what} to {path}: it is the journal of the database "
                    f"{db}; choose another name"
                )
    if is_sqlite(path):
        raise OutputError(
            f"refused to write {what} to {path}: it is an SQLite database, which this would "
            "destroy; choose another name"
        )


def is_sqlite(path: Path) -> bool:
    """Whether `path` is a file that starts as an SQLite database does."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.abspath(a) == os.path.abspath(b)


def failure(path: Path, exc: OSError) -> OutputError:
    """The one line that says why `path` could not be written."""
    reason = _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
    detail = f" ({exc.strerror})" if exc.strerror and exc.strerror.lower() != reason else ""
    return OutputError(f"cannot write {path}: {reason}{detail}; nothing was written")


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary handle whose bytes become `path` only once the block ends without error.

    The bytes go to a temporary file beside `path`, flushed to disk, then renamed over it. On
    any error (an `OSError` becomes an `OutputError`) the temporary file is removed and
    `path` is as it was.
    """
    try:
        handle, temp = open_temp(path.parent, path.name)
    except OSError as exc:
        raise failure(path, exc) from exc
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        cause = disk_error(exc)
        if cause is not None:
            raise failure(path, cause) from exc
        raise
    _sync_folder(path.parent)


def disk_error(exc: BaseException) -> OSError | None:
    """The OSError behind `exc`, if a write failed on the way to it: a library that meets a
    full disk may trip over its own half-written state next (zlib's "inconsistent stream
    state"), and that later error is not the one to report."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OutputError):
            return None
        if isinstance(seen, OSError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def write_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole, or not at all (see `atomic_file`)."""
    with atomic_file(path) as handle:
        handle.write(data)


def open_temp(folder: Path, name: str) -> tuple[BinaryIO, Path]:
    """A new temporary file in `folder` for a file to be called `name`, open for writing."""
    fd, temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{name[:60]}.", dir=folder)
    os.fchmod(fd, 0o666 & ~_umask())  # as a file made by open() would be; mkstemp gives 0600
    return output_handle(os.fdopen(fd, "wb")), Path(temp)


def output_handle(handle: BinaryIO) -> BinaryIO:
    """Every handle an output is written through passes here: the one seam tests replace to
    make the disk fill up in the middle of a write."""
    return handle


def _umask() -> int:
    """The process's umask, read without setting it (which would race other threads)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return 0o022


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (where the system lets a folder be synced)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class StagedFolder:
    """Files written into a folder that appear there together at the end, or not at all.

    A new folder is made under a temporary name beside where it goes, and renamed into place
    at the end; in a folder that exists, each file is written under a temporary name inside
    it, and the files are renamed at the end. Use it as a context manager: the files appear
    when the block ends without error; on an error every staged file is removed.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.new = not folder.exists()
        self._staged: dict[str, Path] = {}
        self._done: list[str] = []
        try:
            if self.new:
                made = tempfile.mkdtemp(
                    prefix=f"{TEMP_PREFIX}{folder.name[:60]}.", dir=folder.parent
                )
                self.stage = Path(made)
                os.chmod(self.stage, 0o777 & ~_umask())
            else:
                self.stage = folder
        except OSError as exc:
            raise failure(folder, exc) from exc

    def __enter__(self) -> StagedFolder:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, _tb: object
    ) -> None:
        if exc is None:
            self.commit()
            return
        self.abort()
        cause = disk_error(exc)
        if cause is not None:
            raise failure(self.folder, cause) from exc

    def path_for(self, name: str) -> Path:
        """Where the file `name` is written until the end (by this process or another)."""
        if Path(name).name != name or name in ("", ".", ".."):
            raise ValueError(f"expected a plain file name, got {name!r}")
        temp = self.stage / f"{TEMP_PREFIX}{name}"
        self._staged[name] = temp
        return temp

    @contextmanager
    def open(self, name: str) -> Iterator[BinaryIO]:
        """A handle for the file `name`; it counts as written once the block ends."""
        temp = self.path_for(name)
        try:
            with output_handle(temp.open("wb")) as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
        except Exception as exc:
            cause = disk_error(exc)
            if cause is None:
                raise
            raise failure(self.folder / name, cause) from exc
        self.written(name)

    def written(self, name: str) -> None:
        """The file `name` is complete at `path_for(name)`: it goes into the folder at the end."""
        self._done.append(name)

    def discard(self, name: str) -> None:
        """The file `name` failed: whatever was written of it is removed."""
        with contextlib.suppress(OSError, KeyError):
            self._staged.pop(name).unlink()

    def commit(self) -> list[Path]:
        """Rename every written file into the folder; remove what was staged and not written."""
        done = set(self._done)
        for name in list(self._staged):
            if name not in done:
                self.discard(name)
        try:
            for name in self._done:
                os.replace(self._staged[name], self.stage / name)
            if self.new:
                os.rename(self.stage, self.folder)
        except OSError as exc:
            self.abort()
            raise failure(self.folder, exc) from exc
        _sync_folder(self.folder)
        return [self.folder / name for name in self._done]

    def abort(self) -> None:
        """Remove every staged file (and the folder, if it was to be new)."""
        for name in list(self._staged):
            self.discard(name)
        if self.new:
            shutil.rmtree(self.stage, ignore_errors=True)
