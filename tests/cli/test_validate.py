"""`workshop validate PATH`: one FILE:LINE line per problem, exit status, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workshop.cli import main
from workshop.content.keynote import FILES
from workshop.shipped import content_dir

WORKSHOP = Path(sys.executable).parent / "workshop"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    root.mkdir()
    for name in FILES:
        shutil.copyfile(content_dir() / name, root / name)
    return root


def replace_line(path: Path, old: str, new: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    index = lines.index(old)
    lines[index] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def test_valid_content_exits_0_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(content_dir())]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"{content_dir()}: content is valid\n"


def test_every_problem_is_one_line_and_the_exit_status_is_1(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    menu_line = replace_line(copy / "menu.yaml", "max_ingredients: 5", "max_ingredients: 0")
    scale_line = replace_line(copy / "balance.yaml", "  max: 8", "  max: lots")
    (copy / "impact.yaml").write_bytes(b"\x00\x01\x02binary")

    assert main(["validate", str(copy)]) == 1

    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{copy / 'balance.yaml'}:{scale_line}: 'scale.max' expected a whole number, "
        "got the text 'lots'",
        f"{copy / 'impact.yaml'}:1: expected a YAML text file, got binary data",
        f"{copy / 'menu.yaml'}:{menu_line}: 'max_ingredients' expected from 1 to 20, got 0",
    ]
    assert err == f"3 problems in {copy}\n"


def test_warnings_are_printed_but_the_content_is_valid(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = "Whose life will you impact, and how, and when, and why? " * 4
    line = replace_line(
        copy / "impact.yaml", 'whom_prompt: "Whose life will you impact?"', f'whom_prompt: "{long}"'
    )
    assert main(["validate", str(copy)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{copy / 'impact.yaml'}:{line}: warning: 'whom_prompt' is {len(long)} characters; "
        "expected at most 160 to read well on a phone"
    ]
    assert err == f"{copy}: content is valid (1 warning)\n"


def test_errors_and_warnings_come_together_in_file_order(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace_line(copy / "menu.yaml", "max_ingredients: 5", "max_ingredients: 0")
    replace_line(
        copy / "impact.yaml",
        'whom_prompt: "Whose life will you impact?"',
        f'whom_prompt: "{"x" * 200}"',
    )
    assert main(["validate", str(copy)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 2
    assert "impact.yaml" in lines[0] and ": warning: " in lines[0]
    assert "menu.yaml" in lines[1] and ": warning: " not in lines[1]
    assert err == f"1 problem in {copy}\n"


def broken_folder(tmp_path: Path, kind: str) -> Path:
    """Content folders broken in every way a trainer's disk can break them."""
    root = tmp_path / "content"
    if kind == "missing path":
        return tmp_path / "no-such-folder"
    if kind == "file for folder":
        path = tmp_path / "content.yaml"
        path.write_text("title: x\n")
        return path
    root.mkdir()
    for name in FILES:
        shutil.copyfile(content_dir() / name, root / name)
    target = root / "balance.yaml"
    if kind == "broken YAML":
        target.write_text("title: [unclosed\ncategories: {\n")
    elif kind == "empty file":
        target.write_text("")
    elif kind == "binary file":
        target.write_bytes(bytes(range(256)) * 4)
    elif kind == "folder for file":
        target.unlink()
        target.mkdir()
    elif kind == "not UTF-8":
        target.write_bytes(b"title: \xff\xfe\xfa oops\n")
    elif kind == "deeply nested":
        target.write_text("title: " + "[{a: " * 3000 + "]}" * 3000 + "\n")
    elif kind == "tagged junk":
        target.write_text("title: !!python/object:os.system echo\nscale: !!int many\n<<: *x\n")
    elif kind == "all files gone":
        for name in FILES:
            (root / name).unlink()
    return root


BROKEN = [
    "missing path",
    "file for folder",
    "broken YAML",
    "empty file",
    "binary file",
    "folder for file",
    "not UTF-8",
    "deeply nested",
    "tagged junk",
    "all files gone",
]


@pytest.mark.parametrize("kind", BROKEN)
def test_broken_input_is_reported_never_raised(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = broken_folder(tmp_path, kind)
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out, "no problem printed"
    for line in out.splitlines():
        file, number, message = line.split(":", 2)
        assert file.startswith(str(path))
        assert int(number) >= 1
        assert message.startswith(" ") and message.strip()
    assert "Traceback" not in out + err
    assert err.endswith(f" in {path}\n")


def test_validate_runs_as_a_real_command_and_never_shows_a_traceback(tmp_path: Path) -> None:
    """Every broken folder above, through the installed console script, in one process each."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    for kind in BROKEN:
        case_dir = tmp_path / kind.replace(" ", "_")
        case_dir.mkdir()
        path = broken_folder(case_dir, kind)
        result = subprocess.run(
            [str(WORKSHOP), "validate", str(path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert result.returncode == 1, (kind, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr, (kind, result.stderr)
        assert result.stdout.startswith(str(path)), (kind, result.stdout)
    ok = subprocess.run(
        [str(WORKSHOP), "validate", str(content_dir())],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert (ok.returncode, ok.stdout, ok.stderr) == (
        0,
        "",
        f"{content_dir()}: content is valid\n",
    )


def test_validate_without_a_path_checks_the_default_content(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("WORKSHOP_CONTENT", raising=False)
    assert main(["validate"]) == 0
    assert capsys.readouterr().err == f"{content_dir()}: content is valid\n"
    # WORKSHOP_CONTENT names the default, as for every other command.
    monkeypatch.setenv("WORKSHOP_CONTENT", str(tmp_path / "nowhere"))
    assert main(["validate"]) == 1
    assert "expected a folder of content files" in capsys.readouterr().out
