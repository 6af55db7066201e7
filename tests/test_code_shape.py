"""The package stays easy to find your way in: short modules, short functions, one idea each."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.paths import ROOT

PACKAGE = ROOT / "workshop"
#: A module past this many lines usually holds two ideas.
MODULE_LINES = 400
#: A function past this many lines is usually several steps that deserve names.
FUNCTION_LINES = 60

MODULES = sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_module_is_short(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MODULE_LINES, f"{_name(path)} has {lines} lines; split it by idea"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_functions_are_short(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [
        f"{node.name} (line {node.lineno}): {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > FUNCTION_LINES
    ]
    assert not long, f"{_name(path)}: functions over {FUNCTION_LINES} lines: {long}"


def test_the_checks_see_the_whole_package() -> None:
    # A glob that found nothing would pass every test above.
    assert len(MODULES) > 50
    assert PACKAGE / "store" / "base.py" in MODULES
