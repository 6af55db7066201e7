"""`workshop init DIR`: a complete, commented, valid copy of the content for a trainer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.support.full_disk import simulate_full_disk
from tests.support.paths import DATA
from workshop.cli import main
from workshop.content.check import check_content
from workshop.content.keynote import FILES, load_content
from workshop.content.trainer import FolderNotEmptyError, describe, init_content
from workshop.errors import WorkshopError
from workshop.shipped import content_dir

SHIPPED_YAML = sorted(p.name for p in content_dir().glob("*.yaml"))


def test_init_writes_every_yaml_file_verbatim_and_a_readme(tmp_path: Path) -> None:
    target = tmp_path / "my_content"
    written = init_content(target)
    assert sorted(p.name for p in written) == sorted([*SHIPPED_YAML, "README.md"])
    assert sorted(p.name for p in target.iterdir()) == sorted([*SHIPPED_YAML, "README.md"])
    for name in SHIPPED_YAML:
        assert (target / name).read_bytes() == (content_dir() / name).read_bytes(), name


def test_the_copy_validates_clean_and_loads(tmp_path: Path) -> None:
    target = tmp_path / "my_content"
    init_content(target)
    assert check_content(target) == []
    assert load_content(target).settings.title == load_content(content_dir()).settings.title


def test_the_readme_says_what_each_file_controls_and_how_to_check_it(tmp_path: Path) -> None:
    target = tmp_path / "my_content"
    init_content(target)
    readme = (target / "README.md").read_text(encoding="utf-8")
    for name in SHIPPED_YAML:
        assert f"| `{name}` | {describe(content_dir() / name)} |" in readme
    assert "| `balance.yaml` | Exercise 2: the balance wheel. |" in readme
    assert f"    workshop validate {target}\n" in readme
    assert "FILE:LINE: message" in readme
    assert f"WORKSHOP_CONTENT={target}" in readme


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("# Exercise 9: juggling.\ntitle: x\n", "Exercise 9: juggling."),
        ("# Steps\n# and wording.\n# More detail.\nsteps: []\n", "Steps and wording."),
        ("title: x  # no opening comment\n", "See the comments inside the file."),
    ],
)
def test_a_files_description_is_the_first_sentence_of_its_opening_comment(
    tmp_path: Path, text: str, description: str
) -> None:
    path = tmp_path / "some.yaml"
    path.write_text(text)
    assert describe(path) == description


def test_init_creates_missing_parent_folders_and_accepts_an_empty_folder(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b" / "content"
    init_content(nested)
    assert (nested / "session.yaml").is_file()
    empty = tmp_path / "empty"
    empty.mkdir()
    init_content(empty)
    assert check_content(empty) == []


def test_init_refuses_a_folder_that_holds_anything_and_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "menu.yaml").write_text("my own menu\n")
    with pytest.raises(FolderNotEmptyError) as caught:
        init_content(target)
    assert str(caught.value) == (
        f"expected {target} to be a new or empty folder, got one holding 1 item (menu.yaml); "
        "nothing was overwritten. Choose a new folder name."
    )
    assert isinstance(caught.value, WorkshopError)
    assert isinstance(caught.value, FileExistsError)
    assert [p.name for p in target.iterdir()] == ["menu.yaml"]
    assert (target / "menu.yaml").read_text() == "my own menu\n"


def test_init_refuses_a_hidden_file_too(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / ".git").mkdir()
    with pytest.raises(FolderNotEmptyError, match="holding 1 item"):
        init_content(target)


def test_init_refuses_a_path_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("keep me\n")
    with pytest.raises(FolderNotEmptyError, match="to be a new or empty folder, got a file"):
        init_content(target)
    assert target.read_text() == "keep me\n"


def test_the_command_writes_the_copy_and_says_how_to_check_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "my_content"
    assert main(["init", str(target)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"wrote {len(SHIPPED_YAML) + 1} files to {target}",
        f"edit them, then check them with: workshop validate {target}",
    ]
    assert err == ""
    assert main(["validate", str(target)]) == 0


def test_the_command_refuses_a_non_empty_folder_with_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "my_content"
    assert main(["init", str(target)]) == 0
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    capsys.readouterr()

    assert main(["init", str(target)]) == 1

    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"workshop init: expected {target} to be a new or empty folder")
    assert "nothing was overwritten" in err
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before


# --- every field of the default content says what it controls


def _has_trailing_comment(line: str) -> bool:
    quote = ""
    before = " "
    for ch in line:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'" and before in " :[{,-":
            quote = ch
        elif ch == "#" and before in " \t":
            return True
        before = ch
    return False


def uncommented_keys(text: str) -> list[tuple[int, str]]:
    """Keys with neither a comment line directly above nor a comment at the end of their line.

    In a list of mappings only the first item needs comments: the others repeat its keys.
    """
    lines = text.split("\n")

    def commented(line: int) -> bool:
        if _has_trailing_comment(lines[line - 1]):
            return True
        above = line - 2
        while above >= 0 and not lines[above].strip():
            above -= 1
        return above >= 0 and lines[above].lstrip().startswith("#")

    missing: list[tuple[int, str]] = []

    def walk(node: yaml.Node, path: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = f"{path}.{key.value}" if path else str(key.value)
                if not commented(key.start_mark.line + 1):
                    missing.append((key.start_mark.line + 1, name))
                walk(value, name)
        elif isinstance(node, yaml.SequenceNode) and node.value:
            walk(node.value[0], f"{path}[]")

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, "")
    return missing


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("# what a is\na: 1\nb: 2  # what b is\n", []),
        ("# header\n\n# what a is\na: 1\nb: 2\n", [(5, "b")]),
        ('a: "# not a comment"\n', [(1, "a")]),
        ("# list\nl:\n  # x\n  - x: 1\n    y: 2\n  - x: 3\n    y: 4\n", [(5, "l[].y")]),
        ("# m\nm:\n  k: 1\n", [(3, "m.k")]),
    ],
)
def test_the_comment_check_finds_what_it_should(text: str, missing: list[tuple[int, str]]) -> None:
    assert uncommented_keys(text) == missing


@pytest.mark.parametrize("name", FILES)
def test_every_field_of_the_default_content_has_a_comment(name: str) -> None:
    text = (content_dir() / name).read_text(encoding="utf-8")
    missing = uncommented_keys(text)
    assert not missing, "\n".join(
        f"{name}:{line}: key {key!r} has no comment; add a '# ...' line above it saying what "
        "it controls (workshop init hands these files to trainers)"
        for line, key in missing
    )


def test_init_can_start_from_another_shipped_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spanish = content_dir().parent / "es"
    target = tmp_path / "mi_sesion"
    assert main(["init", str(target), "--from", str(spanish)]) == 0
    for path in spanish.glob("*.yaml"):
        assert (target / path.name).read_bytes() == path.read_bytes()
    assert check_content(target) == []
    assert load_content(target).settings.language == "es"
    assert main(["init", str(tmp_path / "other"), "--from", str(tmp_path / "nowhere")]) == 1
    assert "expected a content set in" in capsys.readouterr().err
    assert not (tmp_path / "other").exists()


def test_the_copy_has_the_live_and_coaching_files_with_their_comments(tmp_path: Path) -> None:
    target = tmp_path / "my_content"
    init_content(target)
    for name in ("live.yaml", "competencies.yaml", "coaching.yaml"):
        text = (target / name).read_text(encoding="utf-8")
        assert text.startswith("# "), name
        assert sum(line.lstrip().startswith("#") for line in text.splitlines()) >= 5, name


def test_a_source_file_that_is_not_text_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "source"
    shutil.copytree(DATA / "en", source)
    (source / "menu.yaml").write_bytes(b"title: Menu\n\xff\xfe binary\n")
    target = tmp_path / "parent" / "copy"
    assert main(["init", str(target), "--from", str(source)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"workshop init: {source / 'menu.yaml'}:2: expected UTF-8 text (a YAML file), got a byte "
        "it cannot be (0xff); nothing was written\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source"]


def test_a_full_disk_leaves_no_file_and_no_folder_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    simulate_full_disk(monkeypatch, room=3000)
    target = tmp_path / "a" / "b" / "copy"
    assert main(["init", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("workshop init: cannot write ")
    assert err.endswith("the disk is full (No space left on device); nothing was written\n")
    assert list(tmp_path.iterdir()) == []
