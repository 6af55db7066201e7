"""Property: whatever is in the content files, the loader reports problems and never crashes.

Content is mutated from the default set (random YAML values put into random keys, random
lines inserted, files truncated, replaced by random bytes or by random YAML documents).
`check_content` must never raise, and `load_content` may raise only `ContentError`, with the
same errors `check_content` found.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.content.check import check_content
from workshop.content.keynote import FILES, load_content
from workshop.errors import ContentError
from workshop.shipped import content_dir

# No example database: nothing is written into the working tree, and each run is fresh.
FUZZ = settings(
    max_examples=40,
    deadline=3000,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

KEY_LINE = re.compile(r"^(\s*(?:- )?[A-Za-z_][A-Za-z0-9_]*:)")

#: Hand-picked YAML that has broken loaders before: tags, aliases, merge keys, odd numbers.
TRICKY = st.sampled_from(
    [
        "!!int x",
        "!!bool maybe",
        "!!float one",
        "!!timestamp soon",
        "!!binary ???",
        "!!python/object:os.system echo",
        "!custom value",
        "*undefined",
        "&a [*a]",
        "&a {k: *a}",
        "<<: {a: 1}",
        "{<<: [1]}",
        "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]",
        "{",
        "[",
        "'",
        '"',
        "|",
        ">-",
        "- x",
        "? [a, b]",
        "%TAG",
        "@x",
        "`x",
        "~",
        "...",
        "---",
        "\t",
        "0x1F",
        "0o17",
        "1_000",
        "1e400",
        "-1e400",
        ".nan",
        "9" * 5000,
        "2024-13-45",
        "2024-05-01",
        "12:30:00",
        "no",
        "yes",
        "on",
        "null",
        "''",
        '""',
        "\u00a0",
        "\ufeff",
        "\x85",
        "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    ]
)

SCALARS = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.text(max_size=30),
)
TREES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8) | st.integers(-5, 5), inner, max_size=4)
    ),
    max_leaves=12,
)


def as_yaml(value: object) -> str:
    return yaml.safe_dump(value, default_flow_style=True, width=10**6, allow_unicode=True)


VALUES = st.one_of(TRICKY, TREES.map(lambda v: as_yaml(v).removesuffix("\n...\n").strip()))


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the default content; each example rewrites one file and puts it back."""
    path = tmp_path_factory.mktemp("fuzz") / "content"
    path.mkdir()
    for name in FILES:
        shutil.copyfile(content_dir() / name, path / name)
    return path


class Swapped:
    """Put `data` in place of file `name` for one example, then restore the default."""

    def __init__(self, root: Path, name: str, data: bytes) -> None:
        self.path = root / name
        self.data = data

    def __enter__(self) -> Path:
        self.path.write_bytes(self.data)
        return self.path.parent

    def __exit__(self, *exc: object) -> None:
        shutil.copyfile(content_dir() / self.path.name, self.path)


def assert_reported_never_raised(root: Path) -> None:
    problems = check_content(root)
    for problem in problems:
        assert problem.severity in ("error", "warning")
        assert isinstance(problem.line, int) and problem.line >= 1
        assert problem.file.startswith(str(root))
        assert problem.message.strip()
        assert "\n" not in problem.message and "\r" not in problem.message
    errors = [p for p in problems if p.severity == "error"]
    try:
        content = load_content(root)
    except ContentError as exc:
        assert list(exc.problems) == errors
    else:
        assert errors == []
        assert content.source == root


def default_lines(name: str) -> list[str]:
    return (content_dir() / name).read_text(encoding="utf-8").split("\n")


def key_lines(name: str) -> list[int]:
    return [i for i, line in enumerate(default_lines(name)) if KEY_LINE.match(line)]


@FUZZ
@given(name=st.sampled_from(FILES), data=st.data())
def test_random_values_in_random_keys(root: Path, name: str, data: st.DataObject) -> None:
    lines = default_lines(name)
    for _ in range(data.draw(st.integers(1, 3), label="how many keys")):
        index = data.draw(st.sampled_from(key_lines(name)), label="line")
        match = KEY_LINE.match(lines[index])
        assert match is not None
        lines[index] = f"{match.group(1)} {data.draw(VALUES, label='value')}"
    with Swapped(root, name, "\n".join(lines).encode("utf-8")) as content:
        assert_reported_never_raised(content)


@FUZZ
@given(
    name=st.sampled_from(FILES),
    where=st.integers(min_value=0),
    line=st.one_of(VALUES, st.text(max_size=40)),
    indent=st.sampled_from(["", "  ", "    ", "\t", " - "]),
)
def test_random_lines_inserted(root: Path, name: str, where: int, line: str, indent: str) -> None:
    lines = default_lines(name)
    lines.insert(where % (len(lines) + 1), indent + line)
    with Swapped(root, name, "\n".join(lines).encode("utf-8", "surrogatepass")) as content:
        assert_reported_never_raised(content)


@FUZZ
@given(name=st.sampled_from(FILES), cut=st.floats(min_value=0, max_value=1))
def test_truncated_files(root: Path, name: str, cut: float) -> None:
    data = (content_dir() / name).read_bytes()
    # Cutting bytes, not characters: a cut inside '…' leaves half a UTF-8 sequence.
    with Swapped(root, name, data[: int(len(data) * cut)]) as content:
        assert_reported_never_raised(content)


@FUZZ
@given(name=st.sampled_from(FILES), data=st.binary(max_size=400))
def test_random_bytes(root: Path, name: str, data: bytes) -> None:
    with Swapped(root, name, data) as content:
        assert_reported_never_raised(content)


@FUZZ
@given(name=st.sampled_from(FILES), tree=TREES)
def test_random_yaml_documents(root: Path, name: str, tree: object) -> None:
    text = yaml.safe_dump(tree, allow_unicode=True)
    with Swapped(root, name, text.encode("utf-8", "surrogatepass")) as content:
        assert_reported_never_raised(content)


def structures() -> Iterator[str]:
    """Well-formed documents of the right top-level shape with every value of the wrong kind."""
    for value in ("[]", "{}", "~", "1", "x", "[[1]]", "{a: {b: {c: 1}}}"):
        for name in FILES:
            keys = sorted(
                {
                    m.group(1).strip(" -:")
                    for line in default_lines(name)
                    if (m := KEY_LINE.match(line))
                }
            )
            yield name + "\n" + "".join(f"{key}: {value}\n" for key in keys)


@pytest.mark.parametrize("case", list(structures()), ids=lambda c: c.split("\n", 1)[0])
def test_every_key_with_the_wrong_kind_of_value(root: Path, case: str) -> None:
    name, text = case.split("\n", 1)
    with Swapped(root, name, text.encode("utf-8")) as content:
        assert_reported_never_raised(content)
