"""What ships inside the package: the content sets and the notebooks.

They live at the top of the source tree (``data/`` and ``notebooks/``) and are installed as the
packages ``workshop.shipped.content`` and ``workshop.shipped.notebooks`` (see pyproject.toml),
so an installed toolkit finds them without a checkout.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path


def _folder(package: str) -> Path:
    # Installed as plain files (a wheel, or an editable install): a real folder on disk.
    with as_file(files(package)) as path:
        return Path(path)


def content_dir(name: str = "en") -> Path:
    """A shipped content set, by name: ``en`` (the default) or ``es``."""
    return _folder("workshop.shipped.content") / name


def content_sets() -> list[str]:
    """The names of the shipped content sets."""
    root = _folder("workshop.shipped.content")
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "session.yaml").exists())


def notebook(relative: str) -> Path:
    """A shipped notebook, by its path under ``notebooks/`` (``attendee/live.ipynb``)."""
    return _folder("workshop.shipped.notebooks") / relative
