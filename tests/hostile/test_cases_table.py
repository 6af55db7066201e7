"""The hostile-client table holds no case without its test."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.hostile.cases import CASES, Case

HERE = Path(__file__).parent


def functions(module: str) -> set[str]:
    tree = ast.parse((HERE / f"{module}.py").read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_each_case_is_replayed_by_a_test(case: Case) -> None:
    module, function = case.test.split("::")
    assert (HERE / f"{module}.py").is_file(), f"{case.id}: no tests/hostile/{module}.py"
    assert function in functions(module), f"{case.id}: no test {case.test}"
    assert case.before and case.after and case.before != case.after


def test_case_ids_are_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
