"""The join QR code `serve` writes beside the database: whole, or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.full_disk import simulate_full_disk
from workshop.outputs import OutputError
from workshop.server.plan import write_qr

URL = "http://127.0.0.1:8866/?session=K7QM3X"


def test_the_qr_code_is_a_png_and_an_svg(tmp_path: Path) -> None:
    png, svg = write_qr(URL, tmp_path / "join-K7QM3X")
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert b"<svg" in svg.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["join-K7QM3X.png", "join-K7QM3X.svg"]


def test_a_full_disk_leaves_no_half_qr_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    simulate_full_disk(monkeypatch, room=64)
    with pytest.raises(OutputError, match=r"join-K7QM3X\.png: the disk is full"):
        write_qr(URL, tmp_path / "join-K7QM3X")
    assert list(tmp_path.iterdir()) == []
