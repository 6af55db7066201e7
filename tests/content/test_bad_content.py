"""A corpus of broken content sets: each must be reported at the right file, line and message.

Each folder under ``tests/data/bad_content/`` is one case. Its YAML files replace the matching
files of a copy of ``data/en``; a ``DELETE`` file lists files to remove from the copy; a folder
named like a content file replaces the file with a folder. ``expected.txt`` starts with a
comment saying what is broken, then one line per problem: ``FILE:LINE: fragment`` (an error)
or ``FILE:LINE: warning: fragment``. The set must report exactly those errors, no more.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.paths import BAD_CONTENT, ROOT
from workshop.content.check import check_content
from workshop.content.keynote import CONTENT_FILES, FILES, load_content
from workshop.content.live import FILE as LIVE_FILE
from workshop.content.live import load_live_content
from workshop.errors import ContentError, Problem

CORPUS = BAD_CONTENT
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


@dataclass(frozen=True)
class Expected:
    file: str
    line: int
    fragment: str
    severity: str

    def matches(self, problem: Problem, root: Path) -> bool:
        return (
            Path(problem.file).relative_to(root).as_posix() == self.file
            and problem.line == self.line
            and problem.severity == self.severity
            and self.fragment in problem.message
        )


def read_expected(case: Path) -> list[Expected]:
    out: list[Expected] = []
    for raw in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        file, line, rest = raw.split(":", 2)
        fragment = rest.strip()
        severity = "error"
        if fragment.startswith("warning:"):
            severity, fragment = "warning", fragment.removeprefix("warning:").strip()
        out.append(Expected(file, int(line), fragment, severity))
    return out


def build(case: Path, tmp_path: Path) -> Path:
    """A copy of the default content with the case's files laid over it."""
    root = tmp_path / "content"
    root.mkdir()
    for name in FILES:
        shutil.copyfile(ROOT / "data" / "en" / name, root / name)
    for item in case.iterdir():
        if item.name in ("expected.txt", "DELETE"):
            continue
        target = root / item.name
        if item.is_dir():
            target.unlink(missing_ok=True)
            shutil.copytree(item, target)
        else:
            shutil.copyfile(item, target)
    if (case / "DELETE").exists():
        for name in (case / "DELETE").read_text(encoding="utf-8").split():
            (root / name).unlink()
    return root


def test_the_corpus_is_large_and_every_case_says_what_it_expects() -> None:
    assert len(CASES) >= 30
    for name in CASES:
        expected = read_expected(CORPUS / name)
        assert expected, f"{name}/expected.txt lists no problem"
        assert (CORPUS / name / "expected.txt").read_text().startswith("# "), name


@pytest.mark.parametrize("name", CASES)
def test_each_broken_set_is_reported_at_its_file_line_and_message(
    name: str, tmp_path: Path
) -> None:
    case = CORPUS / name
    root = build(case, tmp_path)
    expected = read_expected(case)

    problems = check_content(root)

    shown = "\n".join(str(p) for p in problems)
    for want in expected:
        assert any(want.matches(p, root) for p in problems), (
            f"{name}: expected {want.file}:{want.line}: {want.fragment!r}; got:\n{shown}"
        )
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == sum(e.severity == "error" for e in expected), (
        f"{name}: unexpected extra errors:\n{shown}"
    )


@pytest.mark.parametrize("name", CASES)
def test_load_content_refuses_each_broken_set_with_the_same_errors(
    name: str, tmp_path: Path
) -> None:
    root = build(CORPUS / name, tmp_path)
    # load_content reads the attendee files; live.yaml has its own loader (tested below).
    errors = [p for p in check_content(root, CONTENT_FILES) if p.severity == "error"]
    if not errors:
        # A set with warnings only still loads: warnings are advice.
        assert load_content(root).source == root
        return
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert list(caught.value.problems) == errors


LIVE_CASES = [name for name in CASES if (CORPUS / name / LIVE_FILE).exists()]


def test_the_corpus_has_broken_live_sets() -> None:
    assert len(LIVE_CASES) >= 5


@pytest.mark.parametrize("name", LIVE_CASES)
def test_load_live_content_refuses_each_broken_live_set_with_the_same_errors(
    name: str, tmp_path: Path
) -> None:
    root = build(CORPUS / name, tmp_path)
    errors = [
        p for p in check_content(root) if p.severity == "error" and Path(p.file).name == LIVE_FILE
    ]
    assert errors
    with pytest.raises(ContentError) as caught:
        load_live_content(root)
    assert list(caught.value.problems) == errors


def test_several_problems_in_one_set_are_all_reported_in_file_order(tmp_path: Path) -> None:
    root = build(CORPUS / "many_problems", tmp_path)
    problems = check_content(root)
    assert len(problems) == 6
    files = [Path(p.file).name for p in problems]
    assert files == sorted(files, key=FILES.index)
    assert [p.line for p in problems if p.file.endswith("menu.yaml")] == [2, 3]
