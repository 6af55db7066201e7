"""The rooms the hostile clients attack: served directly, and through the shipped nginx."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.serving import Served, content_with_k, serving


@pytest.fixture(params=["direct", "nginx"])
def room(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Served]:
    """A room with k = 2, served directly, then by two workers behind nginx."""
    args = ["--content", str(content_with_k(tmp_path / "content", 2))]
    if request.param == "nginx":
        request.getfixturevalue("nginx")
        args += ["--workers", "2"]
    with serving(tmp_path, args) as served:
        yield served


@pytest.fixture
def direct(tmp_path: Path) -> Iterator[Served]:
    """A room with k = 2, served directly only."""
    with serving(tmp_path, ["--content", str(content_with_k(tmp_path / "content", 2))]) as served:
        yield served
