"""Where things are in the checkout, for tests that read its files."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
#: Broken content sets, each with the problems `workshop validate` must report.
BAD_CONTENT = ROOT / "tests" / "data" / "bad_content"
