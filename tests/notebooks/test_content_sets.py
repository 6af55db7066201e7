"""Every notebook runs with every shipped content set.

The content sets are the folders under ``data/`` that hold a ``session.yaml``; the notebooks
are every ``.ipynb`` under ``notebooks/``. Each pair is executed with nbclient, in a kernel
whose ``WORKSHOP_CONTENT`` names the set and whose ``WORKSHOP_DB`` is a fresh temporary file,
and fails on any cell error. The kernel works in an empty folder, which must stay empty: a
notebook writes nowhere it was not asked to. What the widgets show (from the widget state
nbclient saves) must hold the set's own words and none of the default English ones.

The default set (``data/en``) is skipped here: nbval already runs every notebook with it in
``make test``. On the 2-core machine the suite was written on, a notebook takes 1 to 3 s
(the trainer's preview the longest), so each extra content set adds about 20 s.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml
from nbclient import NotebookClient

from tests.support.paths import ROOT
from workshop.shipped import content_dir

NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))
CONTENT_SETS = sorted(p.parent for p in (ROOT / "data").glob("*/session.yaml"))
#: Per cell. Generous for a 2-core machine running other tests, small enough to catch a hang.
CELL_TIMEOUT_S = 120


#: Widget fields that hold words a person reads.
SHOWN_FIELDS = ("value", "description", "placeholder", "tooltip", "tooltips", "titles")
#: English texts this short also occur inside other words or markup ("none", "Open"...).
SHORTEST_CHECKED = 6


def _id(path: Path, base: Path) -> str:
    return path.relative_to(base).as_posix()


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _contains_words(shown: str, text: str) -> bool:
    """`text` in `shown` as whole words ("3 · Impact" is not in "3 · Impacto")."""
    return re.search(rf"(?<!\w){re.escape(text)}(?!\w)", shown) is not None


def content_texts(folder: Path) -> set[str]:
    """Every text of a content set's YAML files (wording, names, prompts, labels)."""
    texts: set[str] = set()
    for path in folder.glob("*.yaml"):
        texts.update(_strings(yaml.safe_load(path.read_text(encoding="utf-8"))))
    return texts


def shown_text(nb: nbformat.NotebookNode) -> str:
    """What the notebook's widgets show, from the widget state nbclient saved."""
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    shown: list[str] = []
    for model in state.get("state", {}).values():
        fields = model.get("state", {})
        for name in SHOWN_FIELDS:
            shown.extend(_strings(fields.get(name)))
    # Words, not markup: stylesheets, tags and their attributes (class='spread', font-family) go.
    markup = re.sub(r"<style>.*?</style>", " ", "\n".join(shown), flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]*>", " ", markup))


def test_the_shipped_sets_and_notebooks_are_found() -> None:
    assert content_dir() in CONTENT_SETS
    assert len(CONTENT_SETS) >= 2, "expected a second language beside the default"
    names = {_id(p, ROOT / "notebooks") for p in NOTEBOOKS}
    assert "trainer/preview_session.ipynb" in names
    assert "attendee/live.ipynb" in names


@pytest.mark.parametrize(
    "notebook", [p for p in NOTEBOOKS if p.parent.name == "attendee"], ids=lambda p: p.name
)
def test_attendee_notebooks_show_only_what_the_views_render(notebook: Path) -> None:
    """A Spanish room must not read English: attendee notebooks carry no prose of their own."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    assert [c["cell_type"] for c in cells if c["cell_type"] != "code"] == []


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: _id(p, ROOT / "notebooks"))
@pytest.mark.parametrize(
    "content_set",
    [c for c in CONTENT_SETS if c != content_dir()],
    ids=lambda p: _id(p, ROOT / "data"),
)
def test_every_notebook_runs_with_every_content_set(
    content_set: Path, notebook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workdir = tmp_path / "work"
    workdir.mkdir()
    monkeypatch.setenv("WORKSHOP_CONTENT", str(content_set))
    monkeypatch.setenv("WORKSHOP_DB", str(tmp_path / "notebook.db"))
    # A Voilà-only variable would change who the attendee is; these run as in JupyterLab.
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        # The kernel starts in `workdir` and inherits this environment, the variables above
        # included.
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, on any error

    errors = [
        output
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert errors == []
    assert sorted(p.name for p in workdir.iterdir()) == []

    # The screens speak the set's language: its words are there, and no default English.
    shown = shown_text(nb)
    own = content_texts(content_set)
    assert any(text in shown for text in own if len(text) >= SHORTEST_CHECKED)
    # English words the set itself uses are its own ("decide" is Spanish too: "quien decide").
    english = {
        text
        for text in content_texts(content_dir()) - own
        if len(text) >= SHORTEST_CHECKED
        and "{" not in text
        and not any(_contains_words(mine, text) for mine in own)
    }
    assert sorted(text for text in english if _contains_words(shown, text)) == []
