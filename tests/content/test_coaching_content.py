"""The coaching content: the shipped default, and a trainer's mistakes reported as FILE:LINE."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from workshop.content.coaching import CoachingContent
from workshop.content.coaching_files import check_coaching_content, load_coaching_content
from workshop.content.coaching_keys import FIELDS
from workshop.errors import ContentError

DEFAULT = ROOT / "data" / "en"


@pytest.fixture(scope="module")
def coaching_content() -> CoachingContent:
    return load_coaching_content(DEFAULT)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the shipped coaching files a test may break."""
    for name in ("competencies.yaml", "coaching.yaml"):
        shutil.copy(DEFAULT / name, tmp_path / name)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_default_has_21_competencies_in_three_groups(coaching_content: CoachingContent) -> None:
    groups = {g.name: len(g.competencies) for g in coaching_content.groups}
    assert groups == {"Will to Sell": 5, "Sales DNA": 6, "Tactical Selling": 10}
    assert len(coaching_content.competencies) == 21
    assert all(c.good for c in coaching_content.competencies)


def test_default_cadence_scale_and_call_length(coaching_content: CoachingContent) -> None:
    assert coaching_content.calls_per_week == 3
    assert (coaching_content.call_length.min, coaching_content.call_length.max) == (10, 15)
    assert coaching_content.milestones == (50, 100)
    assert coaching_content.scale.min < coaching_content.scale.max
    assert set(coaching_content.labels) == set(FIELDS)


def test_default_checks_clean() -> None:
    assert check_coaching_content(DEFAULT) == []


def test_the_count_comes_from_the_file(folder: Path) -> None:
    path = folder / "competencies.yaml"
    text = path.read_text(encoding="utf-8")
    # Keep Will to Sell only: a trainer's shorter list loads as it is.
    cut = text.index("  - id: sales_dna")
    path.write_text(text[:cut], encoding="utf-8")
    # The demo calls on the competencies cut away move to one that is kept.
    kept = ("desire", "commitment", "outlook", "motivation", "responsibility")
    coaching = folder / "coaching.yaml"
    coaching.write_text(
        re.sub(
            r"competency: (\w+)",
            lambda m: m.group(0) if m.group(1) in kept else "competency: outlook",
            coaching.read_text(encoding="utf-8"),
        ),
        encoding="utf-8",
    )
    content = load_coaching_content(folder)
    assert len(content.competencies) == 5
    assert [g.name for g in content.groups] == ["Will to Sell"]


@pytest.mark.parametrize(
    ("file", "old", "new", "needle", "expected"),
    [
        (
            "competencies.yaml",
            "      - id: closing\n",
            "      - id: qualifying  # was closing\n",
            "# was closing",
            "duplicate competency id 'qualifying'",
        ),
        (
            "competencies.yaml",
            'name: "Closing"',
            'name: "qualifying"',
            'name: "qualifying"',
            "duplicate competency name 'qualifying'",
        ),
        (
            "competencies.yaml",
            "      - id: closing\n",
            "      - id: Closing Deals\n",
            "id: Closing Deals",
            "id of lower-case letters",
        ),
        (
            "competencies.yaml",
            '        name: "Closing"\n',
            '        name: "Closing"\n        colour: red\n',
            "colour: red",
            "unknown key",
        ),
        (
            "coaching.yaml",
            "  calls_per_week: 3",
            "  calls_per_week: several",
            "calls_per_week: several",
            "expected a whole number",
        ),
        (
            "coaching.yaml",
            "  max: 15",
            "  max: 5",
            "  max: 5",
            "expected at least 'call_minutes.min'",
        ),
        (
            "coaching.yaml",
            "milestones: [50, 100]",
            "milestones: [100, 50]",
            "milestones: [100, 50]",
            "expected increasing numbers",
        ),
        (
            "coaching.yaml",
            'rep_added: "{rep} added."',
            'rep_added: "{name} added."',
            "rep_added:",
            "unknown fill-in {name}",
        ),
        (
            "coaching.yaml",
            'no_fixes: "No fixes yet."',
            'no_fixes: "No fixes {yet."',
            "no_fixes:",
            "unmatched {",
        ),
        (
            "coaching.yaml",
            "    - competency: money_talk",
            "    - competency: money_talks",
            "competency: money_talks",
            "names a competency that does not exist",
        ),
        (
            "coaching.yaml",
            '  words: "Words"\n',
            '  words: "Words"\n  posture: "Posture"\n',
            "posture:",
            "unknown key 'adjustments.posture'",
        ),
        # The one-fix rule's words: a trainer's own joiner, completer and verbs, checked.
        (
            "coaching.yaml",
            "  joiners: [and, then, and then, also, and also, plus]",
            "  joiners: [and, Then, and then, also, and also, plus]",
            "joiners: [and, Then",
            "'one_fix.joiners' expected lower-case words",
        ),
        (
            "coaching.yaml",
            '[stop, stop talking, stop there, "wait ...",',
            '[stop, stop talking, stop there, "... wait",',
            '"... wait"',
            "may end a completer with ' ...'",
        ),
        (
            "coaching.yaml",
            "one_fix:\n  # A phrase",
            "one_fix:\n  colour: red\n  # A phrase",
            "colour: red",
            "unknown key 'one_fix.colour'",
        ),
        # Plural forms: only for a label with a {count}, in the language's forms, 'other' too.
        (
            "coaching.yaml",
            '  no_fixes: "No fixes yet."',
            '  no_fixes:\n    one: "No fix"\n    other: "No fixes yet."',
            '    one: "No fix"',
            "'labels.no_fixes' has no {count}",
        ),
        (
            "coaching.yaml",
            '    one: "{rep}\'s calls ({count} fix)"\n    other: "{rep}\'s calls ({count} fixes)"',
            '    one: "{rep}\'s calls ({count} fix)"',
            '    one: "{rep}\'s calls ({count} fix)"',
            "'labels.history_heading' expected its 'other' form",
        ),
        (
            "coaching.yaml",
            '    one: "{rep}\'s calls ({count} fix)"',
            '    few: "{rep}\'s calls ({count} fix)"',
            '    few: "',
            "unknown key 'labels.history_heading.few'",
        ),
        (
            "coaching.yaml",
            "language: en",
            "language: klingon",
            "language: klingon",
            "'language' expected a language code",
        ),
        (
            "coaching.yaml",
            '  manager: "Manager"',
            '  manager: "Manager"\n  vp: "VP"',
            '  vp: "VP"',
            "unknown key 'roles.vp'",
        ),
        (
            "competencies.yaml",
            "        - id: rep_first\n",
            "        - id: closing  # was rep_first\n",
            "# was rep_first",
            "duplicate competency id 'closing'",
        ),
    ],
)
def test_mistakes_name_file_and_line(
    folder: Path, file: str, old: str, new: str, needle: str, expected: str
) -> None:
    edit(folder / file, old, new)
    problems = check_coaching_content(folder)
    hits = [p for p in problems if expected in p.message]
    assert hits, [str(p) for p in problems]
    assert hits[0].file == str(folder / file)
    assert hits[0].line == line_of(folder / file, needle)
    with pytest.raises(ContentError) as raised:
        load_coaching_content(folder)
    assert f"{file}:{hits[0].line}:" in str(raised.value)


def test_missing_file_is_named(folder: Path) -> None:
    (folder / "competencies.yaml").unlink()
    with pytest.raises(ContentError) as raised:
        load_coaching_content(folder)
    assert str(raised.value).startswith(f"{folder / 'competencies.yaml'}:1: ")
    assert "competencies.yaml in" in str(raised.value)


def test_a_missing_label_is_an_error(folder: Path) -> None:
    edit(folder / "coaching.yaml", '  save_fix: "Save the fix"\n', "")
    problems = check_coaching_content(folder)
    assert any("missing key 'labels.save_fix'" in p.message for p in problems)


def test_too_few_competencies_for_a_radar(folder: Path) -> None:
    (folder / "competencies.yaml").write_text(
        'title: "Mini"\ngroups:\n  - id: g\n    name: "G"\n    competencies:\n'
        '      - id: a\n        name: "A"\n        good: "a"\n',
        encoding="utf-8",
    )
    problems = check_coaching_content(folder)
    assert any("expected at least 3 competencies in all, got 1" in p.message for p in problems)


def test_workshop_validate_checks_the_coaching_files(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from workshop.cli import main

    for name in ("session.yaml", "do_over.yaml", "balance.yaml", "impact.yaml", "menu.yaml"):
        shutil.copy(DEFAULT / name, folder / name)
    assert main(["validate", str(folder)]) == 0
    edit(folder / "coaching.yaml", "  calls_per_week: 3", "  calls_per_week: lots")
    assert main(["validate", str(folder)]) == 1
    line = line_of(folder / "coaching.yaml", "calls_per_week: lots")
    assert f"{folder / 'coaching.yaml'}:{line}: 'cadence.calls_per_week'" in capsys.readouterr().out


def test_a_keynote_only_content_set_needs_no_coaching_files(folder: Path) -> None:
    from workshop.content.check import check_content

    for name in ("session.yaml", "do_over.yaml", "balance.yaml", "impact.yaml", "menu.yaml"):
        shutil.copy(DEFAULT / name, folder / name)
    (folder / "competencies.yaml").unlink()
    (folder / "coaching.yaml").unlink()
    assert [p for p in check_content(folder) if p.severity == "error"] == []


def test_workshop_validate_checks_demo_calls_against_the_competencies(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A competency renamed in competencies.yaml leaves the demo calls naming the old id: each
    file alone is fine, together they are not, and validate says where."""
    from workshop.cli import main

    for name in ("session.yaml", "do_over.yaml", "balance.yaml", "impact.yaml", "menu.yaml"):
        shutil.copy(DEFAULT / name, folder / name)
    edit(folder / "competencies.yaml", "      - id: money_talk", "      - id: talks_money")
    assert main(["validate", str(folder)]) == 1
    lines = (folder / "coaching.yaml").read_text(encoding="utf-8").splitlines()
    where = [n for n, text in enumerate(lines, start=1) if "competency: money_talk" in text]
    calls = [n for n, text in enumerate(lines, start=1) if text.startswith("    - competency:")]
    assert len(where) == 4
    assert capsys.readouterr().out.splitlines() == [
        f"{folder / 'coaching.yaml'}:{line}: 'demo.calls[{calls.index(line) + 1}].competency' "
        "names a competency that does not exist: 'money_talk'; expected an id from "
        "competencies.yaml"
        for line in where
    ]
    with pytest.raises(ContentError) as raised:
        load_coaching_content(folder)
    first = calls.index(where[0]) + 1
    assert f"coaching.yaml:{where[0]}: 'demo.calls[{first}].competency'" in str(raised.value)


def test_an_older_set_without_the_chain_still_loads_with_warnings(folder: Path) -> None:
    """A trainer's set written before the roles, the new labels and the verbs: it loads, in
    English for what it lacks, and validate names each thing to add."""
    text = (folder / "coaching.yaml").read_text(encoding="utf-8")
    for key in ("roles", "one_fix"):
        start = text.index(f"\n{key}:")
        end = text.index("\n\n", start + 1)
        text = text[:start] + text[end:]
    start = text.index("  # People: roles and coaches.")
    end = text.index("\n\n", start)
    text = text[:start] + text[end + 1 :]
    (folder / "coaching.yaml").write_text(text, encoding="utf-8")
    content = load_coaching_content(folder)
    assert content.roles == {"director": "director", "manager": "manager", "rep": "rep"}
    assert content.label("person") == "Person"  # its English wording, until translated
    problems = check_coaching_content(folder)
    assert {p.severity for p in problems} == {"warning"}
    said = " ".join(p.message for p in problems)
    assert "'roles' is missing" in said and "'labels.person' is missing" in said


def test_an_ambiguous_word_that_is_no_verb_is_a_warning(folder: Path) -> None:
    edit(
        folder / "coaching.yaml", "  ambiguous:\n    [answer,", "  ambiguous:\n    [dance, answer,"
    )
    problems = check_coaching_content(folder)
    [warned] = [p for p in problems if "'dance'" in p.message]
    assert warned.severity == "warning" and "not in 'one_fix.verbs'" in warned.message
    assert load_coaching_content(folder).fix_words.ambiguous[0] == "dance"
