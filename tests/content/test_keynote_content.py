"""The content loader: the default set, the anatomy of an error, and plugging in more files."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from workshop.content.base import ContentFile, default_content_dir
from workshop.content.check import check_content
from workshop.content.keynote import CONTENT_FILES, FILES, KeynoteContent, load_content
from workshop.content.reader import MAX_FILE_BYTES, Map
from workshop.content.settings import LABEL_KEYS, LABELS_ADDED
from workshop.errors import ContentError, Problem, WorkshopError
from workshop.shipped import content_dir


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A private copy of the default content set, to break."""
    root = tmp_path / "content"
    root.mkdir()
    for name in FILES:
        shutil.copyfile(content_dir() / name, root / name)
    return root


def mutate(root: Path, name: str, old: str, new: str) -> int:
    """Replace the first line equal to `old` in file `name`; return its 1-based line number."""
    path = root / name
    lines = path.read_text(encoding="utf-8").split("\n")
    index = lines.index(old)
    lines[index] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def errors_of(root: Path) -> list[Problem]:
    return [p for p in check_content(root) if p.severity == "error"]


# --- the default set


def test_the_default_set_has_no_problem_at_all() -> None:
    assert check_content(content_dir()) == []


def dataclass_instances(value: object) -> Iterator[object]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        for f in dataclasses.fields(value):
            yield from dataclass_instances(getattr(value, f.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from dataclass_instances(item)


def test_the_default_set_loads_into_frozen_dataclasses(content: KeynoteContent) -> None:
    instances = list(dataclass_instances(content))
    kinds = {type(i).__name__ for i in instances}
    assert {"KeynoteContent", "Settings", "Limits", "DoOverContext", "Category", "Channel"} <= kinds
    assert {"Scale", "BalanceRule", "BalanceContent", "ImpactContent", "MenuContent"} <= kinds
    for instance in instances:
        field = dataclasses.fields(instance)[0].name  # type: ignore[arg-type]
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(instance, field, None)
    for value in (content.do_over.contexts, content.balance.categories, content.menu.ingredients):
        assert isinstance(value, tuple)


def test_the_default_set_is_the_keynote(content: KeynoteContent) -> None:
    assert content.source == content_dir()
    assert set(content.settings.labels) == set(LABEL_KEYS) | set(LABELS_ADDED)
    assert (content.balance.scale.min, content.balance.scale.max) == (1, 8)
    assert len(content.balance.categories) == 8
    assert {c.group for c in content.balance.categories} == {"professional", "personal"}
    assert all(len(content.balance.finders[c.id]) >= 3 for c in content.balance.categories)
    assert "Think positive, take action!" in content.menu.mantra_examples
    assert content.do_over.nothing_word == "Nothing"
    assert list(content.parts) == list(FILES)
    assert content.part("menu.yaml", type(content.menu)) is content.menu


def test_a_part_of_the_wrong_kind_is_refused(content: KeynoteContent) -> None:
    with pytest.raises(KeyError, match=r"'menu\.yaml' expected to give Settings"):
        content.part("menu.yaml", type(content.settings))
    with pytest.raises(KeyError, match=r"'nowhere\.yaml'"):
        content.part("nowhere.yaml", str)


def test_default_content_dir_follows_workshop_content(
    copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WORKSHOP_CONTENT", raising=False)
    assert default_content_dir() == content_dir()
    mutate(copy, "session.yaml", 'title: "Do Over"', 'title: "Do It Again"')
    monkeypatch.setenv("WORKSHOP_CONTENT", str(copy))
    assert default_content_dir() == copy
    assert load_content().settings.title == "Do It Again"


# --- the anatomy of an error: file, line, key, what was expected, what came


@pytest.mark.parametrize(
    ("name", "old", "new", "key", "expected", "got"),
    [
        (
            "balance.yaml",
            "  max: 8",
            "  max: eight",
            "'scale.max'",
            "a whole number",
            "the text 'eight'",
        ),
        (
            "menu.yaml",
            "max_ingredients: 5",
            "max_ingredients: 50",
            "'max_ingredients'",
            "from 1 to 20",
            "50",
        ),
        (
            "session.yaml",
            "  text_max_chars: 2000",
            "  text_max_chars: 0",
            "'limits.text_max_chars'",
            "from 1 to 100000",
            "0",
        ),
        (
            "session.yaml",
            "  anonymity_k: 5",
            "  anonymity_k: 1",
            "'room.anonymity_k'",
            "from 2 to 1000",
            "1",
        ),
        (
            "session.yaml",
            '  saved: "Saved"',
            '  saved: ""',
            "'labels.saved'",
            "text",
            "an empty value",
        ),
        ("session.yaml", "language: en", "language: [en]", "'language'", "text", "a list"),
        (
            "do_over.yaml",
            'nothing_word: "Nothing"',
            "nothing_word: ~",
            "'nothing_word'",
            "text",
            "nothing",
        ),
        (
            "do_over.yaml",
            "    optional: true",
            "    optional: 1",
            "'contexts[3].optional'",
            "true or false",
            "the number 1",
        ),
        (
            "balance.yaml",
            "    group: professional",
            "    group: Professional",
            "'categories[1].group'",
            "professional or personal",
            "'Professional'",
        ),
        (
            "impact.yaml",
            "  - id: giving",
            "  - id: Giving back",
            "'channels[3].id'",
            "a channel id of lower-case letters",
            "'Giving back'",
        ),
        (
            "balance.yaml",
            "  below_mean_by: 2",
            "  below_mean_by: two",
            "'out_of_balance.below_mean_by'",
            "a number",
            "the text 'two'",
        ),
        (
            "impact.yaml",
            'whom_prompt: "Whose life will you impact?"',
            "whom_prompt: [a, b]",
            "'whom_prompt'",
            "text",
            "a list",
        ),
    ],
)
def test_an_error_names_file_line_key_expectation_and_value(
    copy: Path, name: str, old: str, new: str, key: str, expected: str, got: str
) -> None:
    line = mutate(copy, name, old, new)
    problems = errors_of(copy)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.file == str(copy / name)
    assert problem.line == line
    assert problem.message == f"{key} expected {expected}, got {got}" or (
        problem.message.startswith(f"{key} expected {expected}")
        and f", got {got}" in problem.message
    )
    assert str(problem) == f"{copy / name}:{line}: {problem.message}"


def test_a_misspelt_key_is_named_with_a_suggestion_and_the_missing_one_reported(
    copy: Path,
) -> None:
    line = mutate(copy, "session.yaml", '  saved: "Saved"', '  svaed: "Saved"')
    problems = errors_of(copy)
    assert [p.message for p in problems if p.line == line] == [
        "unknown key 'labels.svaed' (did you mean 'saved'?); expected one of: "
        + ", ".join(sorted((*LABEL_KEYS, *LABELS_ADDED)))
    ]
    missing = [p for p in problems if p.line != line]
    assert [p.message for p in missing] == ["missing key 'labels.saved' (expected it in 'labels')"]


def test_a_duplicate_names_both_places(copy: Path) -> None:
    first = mutate(copy, "impact.yaml", "  - id: coaching", "  - id: coaching")
    again = mutate(copy, "impact.yaml", "  - id: giving", "  - id: coaching")
    problems = errors_of(copy)
    assert [(p.line, p.message) for p in problems] == [
        (
            again,
            f"duplicate channel id 'coaching': expected each once, got it again after line {first}",
        )
    ]


def test_optional_texts_may_be_left_empty(copy: Path) -> None:
    subtitle = 'subtitle: "If you had it to do over again, what would you do differently?"'
    mutate(copy, "session.yaml", subtitle, 'subtitle: ""')
    mutate(copy, "balance.yaml", '  low_label: "Needs attention"', "  low_label:")
    assert check_content(copy) == []
    assert load_content(copy).settings.subtitle == ""


def test_a_long_prompt_is_a_warning_and_the_set_still_loads(copy: Path) -> None:
    long = "Think of one recent call or session. " * 6
    line = mutate(
        copy,
        "do_over.yaml",
        '    prompt: "Think of one recent call or session. If you had it to do over again?"',
        f'    prompt: "{long}"',
    )
    problems = check_content(copy)
    assert [(p.line, p.severity) for p in problems] == [(line, "warning")]
    assert problems[0].message.startswith(f"'contexts[3].prompt' is {len(long)} characters")
    assert load_content(copy).do_over.contexts[2].prompt == long


def test_a_description_cut_short_is_a_warning_where_its_siblings_end_as_sentences(
    copy: Path,
) -> None:
    """Issue 20: "Hitting your numbers and being proud of how" reached every phone."""
    line = mutate(
        copy,
        "balance.yaml",
        '    description: "Hitting your numbers and being proud of how you do it."',
        '    description: "Hitting your numbers and being proud of how"',
    )
    problems = check_content(copy)
    assert [(p.line, p.severity) for p in problems] == [(line, "warning")]
    assert "'categories[2].description' ends without the closing punctuation" in (
        problems[0].message
    )
    assert "(…being proud of how)" in problems[0].message
    channel = mutate(
        copy,
        "impact.yaml",
        '    description: "The energy you bring into every room."',
        '    description: "The energy you bring into every"',
    )
    assert [p.line for p in check_content(copy)] == [line, channel]


@pytest.mark.parametrize(
    "ending",
    [
        "you do it.",
        "you do it!",
        "you do it?",
        "you do it…",
        "you “do it.”",
        "you do it.)",
    ],
)
def test_a_description_may_end_with_any_closing_punctuation(copy: Path, ending: str) -> None:
    mutate(
        copy,
        "balance.yaml",
        '    description: "Hitting your numbers and being proud of how you do it."',
        f"    description: '{ending}'",
    )
    assert check_content(copy) == []


def test_descriptions_written_without_full_stops_are_fine(copy: Path) -> None:
    """The rule compares siblings: a set that ends none of them with a full stop is a style."""
    text = (copy / "balance.yaml").read_text(encoding="utf-8")
    (copy / "balance.yaml").write_text(text.replace('."\n', '"\n'), encoding="utf-8")
    assert "." not in load_content(copy).balance.categories[0].description
    assert check_content(copy) == []


def test_every_problem_is_reported_in_one_run_in_file_order(copy: Path) -> None:
    mutate(copy, "menu.yaml", "max_ingredients: 5", "max_ingredients: 0")
    mutate(copy, "session.yaml", "  anonymity_k: 5", "  anonymity_k: 1")
    mutate(copy, "balance.yaml", "  max: 8", "  max: 80000")
    (copy / "impact.yaml").write_text("")
    problems = check_content(copy)
    assert [Path(p.file).name for p in problems] == [
        "session.yaml",
        "balance.yaml",
        "impact.yaml",
        "menu.yaml",
    ]
    with pytest.raises(ContentError) as caught:
        load_content(copy)
    assert caught.value.problems == tuple(problems)
    assert str(caught.value).splitlines() == [str(p) for p in problems]
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, WorkshopError)


def test_every_message_is_one_line(copy: Path) -> None:
    (copy / "menu.yaml").write_text("a: [1,\n  b: 'x\n")
    (copy / "impact.yaml").write_text("title: \x07\n")
    problems = check_content(copy)
    assert len(problems) == 2
    assert all("\n" not in str(p) for p in problems)


# --- the folder itself


def test_a_missing_folder_is_reported_as_a_problem(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    assert check_content(missing) == [
        Problem(
            str(missing), 1, "expected a folder of content files, got a path that does not exist"
        )
    ]


def test_a_file_where_the_folder_should_be_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "session.yaml"
    shutil.copyfile(content_dir() / "session.yaml", path)
    [problem] = check_content(path)
    assert (problem.file, problem.line) == (str(path), 1)
    assert problem.message == "expected a folder of content files, got a file"
    with pytest.raises(ContentError):
        load_content(path)


def test_a_huge_file_is_refused_before_it_is_parsed(copy: Path) -> None:
    with (copy / "menu.yaml").open("a") as handle:
        handle.write("#" * MAX_FILE_BYTES + "\n")
    [problem] = check_content(copy)
    assert problem.file == str(copy / "menu.yaml")
    assert problem.message.startswith(f"expected a content file under {MAX_FILE_BYTES} bytes")


# --- more files plug in as (file name, reader) pairs


@dataclass(frozen=True)
class Greeting:
    text: str
    repeat: int


def read_greeting(doc: Map) -> Greeting:
    doc.check_keys(("text", "repeat"))
    return Greeting(doc.text("text"), doc.integer("repeat", default=1, low=1, high=3))


WITH_GREETING = (*CONTENT_FILES, ContentFile("greeting.yaml", read_greeting))


def test_a_plugged_in_file_is_read_and_reachable_from_the_content(copy: Path) -> None:
    (copy / "greeting.yaml").write_text('text: "Hello"\nrepeat: 2\n')
    assert check_content(copy, WITH_GREETING) == []
    content = load_content(copy, WITH_GREETING)
    assert content.part("greeting.yaml", Greeting) == Greeting("Hello", 2)


def test_a_plugged_in_files_problems_are_reported_after_the_others(copy: Path) -> None:
    (copy / "greeting.yaml").write_text('text: "Hello"\nrepeat: 9\nextra: 1\n')
    mutate(copy, "menu.yaml", "max_ingredients: 5", "max_ingredients: 0")
    problems = check_content(copy, WITH_GREETING)
    assert [(Path(p.file).name, p.line) for p in problems] == [
        ("menu.yaml", problems[0].line),
        ("greeting.yaml", 2),
        ("greeting.yaml", 3),
    ]
    assert problems[1].message == "'repeat' expected from 1 to 3, got 9"
    with pytest.raises(ContentError):
        load_content(copy, WITH_GREETING)


def test_a_required_plugged_in_file_must_exist_and_an_optional_one_need_not(copy: Path) -> None:
    [problem] = check_content(copy, WITH_GREETING)
    assert problem.file == str(copy / "greeting.yaml")
    assert problem.message.startswith("expected a file greeting.yaml")
    optional = (*CONTENT_FILES, ContentFile("greeting.yaml", read_greeting, required=False))
    assert check_content(copy, optional) == []
    assert "greeting.yaml" not in load_content(copy, optional).parts


def test_the_default_files_are_the_five_exercises_and_session() -> None:
    assert FILES == ("session.yaml", "do_over.yaml", "balance.yaml", "impact.yaml", "menu.yaml")
