"""environment.yml mirrors pyproject.toml: the same dependencies with the same bounds."""

from __future__ import annotations

import re
import tomllib

import yaml

from tests.support.paths import ROOT

#: What environment.yml may list beyond pyproject: the interpreter and pip itself.
CONDA_ONLY = {"python", "pip"}
#: Packages conda-forge does not carry: installed by pip, between --no-deps and the toolkit.
PIP_ONLY = {"manimgx-fonts", "noto-cjk-sans-jp-regular", "axe-playwright-python"}


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
    listed += [line for line in _pip_section(env) if not line.startswith("-")]
    return {name: spec for name, spec in map(_split, listed) if name not in CONDA_ONLY}


def _pip_section(env: dict[str, list[object]]) -> list[str]:
    sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert len(sections) == 1
    return [str(line) for line in sections[0]]


def test_every_dependency_is_mirrored_with_the_same_bounds() -> None:
    assert conda_requirements() == pyproject_requirements()


def test_environment_installs_the_toolkit_itself_without_pulling_pip_copies() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = _pip_section(env)
    assert pip[0] == "--no-deps" and pip[-1] == "-e ."
    assert {_split(line)[0] for line in pip[1:-1]} == PIP_ONLY
    conda = {_split(d)[0] for d in env["dependencies"] if isinstance(d, str)}
    assert not conda & PIP_ONLY, "a pip-only package is also asked of conda"
    assert "conda-forge" in env["channels"]


def test_the_python_floor_matches() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    floor = project["requires-python"].removeprefix(">=")
    assert f"python>={floor}" in env["dependencies"]
