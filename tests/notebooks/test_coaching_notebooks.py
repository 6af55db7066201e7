"""The coaching notebooks: thin (imports and one call a cell, no prose of their own), and each
runs in a real kernel over a database that holds the demo team, showing its data.

nbval runs them too, over an empty database; here they open on the demo team, the way a manager
looks around, with the rep chosen in one notebook remembered in the next.
"""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.notebooks.test_content_sets import CELL_TIMEOUT_S, shown_text
from tests.support.paths import ROOT
from workshop.coaching.demo import demo_team
from workshop.coaching.progress import new_fixes
from workshop.content.coaching_files import load_coaching_content
from workshop.store import Store

NOTEBOOKS = sorted((ROOT / "notebooks" / "coaching").glob("*.ipynb"))


def test_the_coaching_notebooks_are_found() -> None:
    assert [p.name for p in NOTEBOOKS] == [
        "01_evaluate.ipynb",
        "02_call_log.ipynb",
        "03_rep_pages.ipynb",
        "04_progress.ipynb",
        "05_director.ipynb",
        "my_page.ipynb",
    ]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_a_coaching_notebook_is_thin_and_says_nothing_of_its_own(notebook: Path) -> None:
    """Every word shown comes from content (a Spanish set reads Spanish) and the view's own
    heading is the only one (a markdown title doubled it)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    assert {c["cell_type"] for c in cells} == {"code"}
    for cell in cells:
        assert cell["outputs"] == [] and cell["execution_count"] is None
        tree = ast.parse("".join(cell["source"]))
        *imports, call = tree.body
        assert all(isinstance(node, ast.ImportFrom) for node in imports)
        assert isinstance(call, ast.Expr) and isinstance(call.value, ast.Call)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str, int]:
    """A database with the demo team, its second rep chosen, that rep's personal code, and
    how many new fixes the rep has."""
    db = tmp_path_factory.mktemp("coaching") / "demo.db"
    content = load_coaching_content(ROOT / "data" / "en")
    team = demo_team(content, date.today())
    with Store(db) as store:
        store.import_coaching(team.people, team.evaluations, team.calls, team.self_checks)
        sam = team.reps[1]
        store.remember_coaching_rep(sam.id)
        code = store.issue_rep_code(sam.id)
        fixes = len(new_fixes(store.calls(sam.id)))
    return db, sam.name, code, fixes


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_a_coaching_notebook_runs_over_the_demo_team(
    notebook: Path,
    demo_db: tuple[Path, str, str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, rep_name, code, fixes = demo_db
    copy = tmp_path / "demo.db"
    copy.write_bytes(db.read_bytes())
    monkeypatch.setenv("WORKSHOP_DB", str(copy))
    monkeypatch.delenv("WORKSHOP_CONTENT", raising=False)
    monkeypatch.setenv("QUERY_STRING", f"code={code.lower()}")  # the rep page's link
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    errors = [
        output
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert errors == []
    shown = shown_text(nb)
    # Each notebook opens on the rep chosen before (in any notebook): Sam, not the first rep.
    assert f"Hi {rep_name}" in shown if notebook.name == "my_page.ipynb" else rep_name in shown
    assert "No reps yet" not in shown
    if notebook.name == "02_call_log.ipynb":
        assert f"{rep_name}'s calls ({fixes} fixes)" in shown  # the whole calls, newest first
    if notebook.name == "04_progress.ipynb":
        assert f"Fixes so far: {fixes}" in shown
    if notebook.name == "05_director.ipynb":
        # The director's view opens on the demo director, whoever was chosen before.
        assert "Morgan (demo)" in shown and "Casey (demo): 2 reps" in shown
        assert "Calls per rep a week: 3 (several a week: 3)" in shown
        assert "Who is on track" in shown
