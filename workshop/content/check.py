"""`workshop validate`: every file of a content set checked together, warnings included."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workshop.content.base import ContentFile, located, read_files
from workshop.content.coaching_files import COACHING_FILES
from workshop.content.keynote import CONTENT_FILES
from workshop.content.live import LIVE_FILES
from workshop.content.reader import Collector
from workshop.errors import Problem

#: Every file a content set may have: the keynote's five are required, the rest optional.
ALL_FILES: tuple[ContentFile, ...] = (*CONTENT_FILES, *LIVE_FILES, *COACHING_FILES)


def check_content(path: Path | str, files: Sequence[ContentFile] = ALL_FILES) -> list[Problem]:
    """Every error and style warning of a content set, in file order; never raises for content."""
    root = Path(path)
    out = Collector()
    read_files(root, out, files)
    return located(out.problems, root, files)
