"""environment.yml mirrors pyproject.toml: the same dependencies with the same bounds."""

from __future__ import annotations

import re
import tomllib

import yaml

from tests.support.paths import ROOT

#: What environment.yml may list beyond pyproject: the interpreter and pip itself.
CONDA_ONLY = {"python", "pip"}


def _split(requirement: str) -> tuple[str, str]:
    # An extra (psycopg[binary]) picks pip wheels; conda's package of the same name has them.
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[a-z0-9,\-]+\])?\s*(.*)$", requirement)
    assert match, f"cannot read requirement {requirement!r}"
    name = re.sub(r"[-_.]+", "-", match[1]).lower()
    spec = ",".join(sorted(part.strip() for part in match[2].split(",") if part.strip()))
    return name, spec


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        wanted.extend(extra)
    return dict(_split(r) for r in wanted)


def conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed = [d for d in env["dependencies"] if isinstance(d, str)]
    return {name: spec for name, spec in map(_split, listed) if name not in CONDA_ONLY}


def test_every_dependency_is_mirrored_with_the_same_bounds() -> None:
    assert conda_requirements() == pyproject_requirements()


def test_environment_installs_the_toolkit_itself_without_pulling_pip_copies() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert pip_sections == [["--no-deps", "-e ."]]
    assert "conda-forge" in env["channels"]


def test_the_python_floor_matches() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    floor = project["requires-python"].removeprefix(">=")
    assert f"python>={floor}" in env["dependencies"]
