"""The keynote's content set: `session.yaml` and the four exercise files, loaded and validated.

Every problem found is reported at once, each as ``FILE:LINE: message`` where FILE is the
content folder joined with the file's name. `load_content` raises `ContentError` carrying
them; `workshop.content.check.check_content` returns them, warnings included.

More files plug in by passing a longer tuple of `ContentFile` to `load_content`; what each
reader returned is kept in `KeynoteContent.parts`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from workshop.content.base import ContentFile, default_content_dir, located, read_files
from workshop.content.exercises import (
    BalanceContent,
    DoOverContent,
    ImpactContent,
    MenuContent,
    read_balance,
    read_do_over,
    read_impact,
    read_menu,
)
from workshop.content.reader import Collector
from workshop.content.settings import Settings, read_settings
from workshop.errors import ContentError, Problem

T = TypeVar("T")


@dataclass(frozen=True)
class KeynoteContent:
    """One complete content set: everything the attendee exercises show."""

    source: Path
    settings: Settings
    do_over: DoOverContent
    balance: BalanceContent
    impact: ImpactContent
    menu: MenuContent
    #: What every reader returned, by file name, including files plugged in beyond these five.
    parts: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    def part(self, name: str, kind: type[T]) -> T:
        """The content read from file `name`, checked to be a `kind`."""
        value = self.parts.get(name)
        if not isinstance(value, kind):
            raise KeyError(f"content file {name!r} expected to give {kind.__name__}, got {value!r}")
        return value


#: The files of a keynote content set, in the order problems are reported.
CONTENT_FILES: tuple[ContentFile, ...] = (
    ContentFile("session.yaml", read_settings),
    ContentFile("do_over.yaml", read_do_over),
    ContentFile("balance.yaml", read_balance),
    ContentFile("impact.yaml", read_impact),
    ContentFile("menu.yaml", read_menu),
)
FILES = tuple(f.name for f in CONTENT_FILES)


def load_content(
    path: Path | str | None = None, files: Sequence[ContentFile] | None = None
) -> KeynoteContent:
    """Load and validate a content set; raise `ContentError` listing every error found."""
    root = Path(path) if path is not None else default_content_dir()
    files = CONTENT_FILES if files is None else files
    out = Collector()
    parts = read_files(root, out, files)
    content = _assemble(root, parts)
    if out.errors or content is None:
        problems = out.errors or [Problem(".", 1, "expected a content set, got nothing readable")]
        raise ContentError(located(problems, root, files))
    return content


def _assemble(root: Path, parts: dict[str, object]) -> KeynoteContent | None:
    settings = parts.get("session.yaml")
    do_over = parts.get("do_over.yaml")
    balance = parts.get("balance.yaml")
    impact = parts.get("impact.yaml")
    menu = parts.get("menu.yaml")
    if not (
        isinstance(settings, Settings)
        and isinstance(do_over, DoOverContent)
        and isinstance(balance, BalanceContent)
        and isinstance(impact, ImpactContent)
        and isinstance(menu, MenuContent)
    ):
        return None
    return KeynoteContent(root, settings, do_over, balance, impact, menu, MappingProxyType(parts))
