"""The toolkit works installed, far from its checkout: shipped content and notebooks travel with it.

A wheel is built from the checkout and installed into a fresh virtual environment, whose only
link to this one is a path to the dependencies (so nothing is downloaded). The `workshop`
command then runs from a folder outside the checkout.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import tomllib
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from tests.support.serving import serving


def test_every_package_and_shipped_folder_is_listed() -> None:
    """pyproject lists packages by hand (data/ and notebooks/ install inside workshop): a new
    package or content set left off the list would be missing from an install."""
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    on_disk = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "workshop").rglob("__init__.py")
    }
    on_disk |= {"workshop.shipped.content", "workshop.shipped.notebooks"}
    on_disk |= {
        f"workshop.shipped.content.{p.name}"
        for p in (ROOT / "data").iterdir()
        if p.is_dir() and (p / "session.yaml").exists()
    }
    on_disk |= {
        f"workshop.shipped.notebooks.{p.name}"
        for p in (ROOT / "notebooks").iterdir()
        if p.is_dir() and any(p.glob("*.ipynb"))
    }
    assert listed == on_disk


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh virtual environment with the toolkit's wheel installed; yields its bin folder."""
    where = tmp_path_factory.mktemp("installed")
    wheels = where / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        cwd=where,
    )
    venv = where / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    (wheel,) = wheels.glob("workshop-*.whl")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    # The dependencies come from this environment: a path, not a copy and not a download.
    inner = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    outer = sysconfig.get_paths()["purelib"]
    (Path(inner) / "outer-dependencies.pth").write_text(outer + "\n", encoding="utf-8")
    yield venv / "bin"


def _run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
    return subprocess.run(
        [str(bin_dir / "workshop"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


def test_the_installed_package_is_not_the_checkout(installed: Path, tmp_path: Path) -> None:
    found = subprocess.run(
        [
            str(installed / "python"),
            "-c",
            "import workshop.shipped as s; print(s.__file__); print(s.content_dir())",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    ).stdout.splitlines()
    assert all(not line.startswith(str(ROOT)) for line in found), found
    assert all(str(installed.parent) in line for line in found), found


def test_validate_checks_the_shipped_content(installed: Path, tmp_path: Path) -> None:
    result = _run(installed, "validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "content is valid" in result.stderr
    spanish = _run(
        installed, "init", "mine", "--from", str(_shipped(installed, "es", tmp_path)), cwd=tmp_path
    )
    assert spanish.returncode == 0, spanish.stderr
    assert _run(installed, "validate", "mine", cwd=tmp_path).returncode == 0


def _shipped(installed: Path, name: str, cwd: Path) -> Path:
    out = subprocess.run(
        [
            str(installed / "python"),
            "-c",
            f"from workshop.shipped import content_dir; print(content_dir({name!r}))",
        ],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=True,
    )
    return Path(out.stdout.strip())


def test_demo_fills_a_room(installed: Path, tmp_path: Path) -> None:
    result = _run(installed, "demo", "--db", "room.db", "--attendees", "12", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "added 12 demo attendees" in result.stdout
    assert (tmp_path / "room.db").exists()


def test_serve_serves_the_join_page(installed: Path, tmp_path: Path) -> None:
    command = [str(installed / "workshop")]
    # Jupyter's data and config files (the widgets' front-end extension) install beside the
    # dependencies, which this environment borrows by path.
    prefix = Path(sys.prefix)
    env = {
        "JUPYTER_PATH": str(prefix / "share" / "jupyter"),
        "JUPYTER_CONFIG_PATH": str(prefix / "etc" / "jupyter"),
    }
    with (
        serving(tmp_path, command=command, env=env) as server,
        urllib.request.urlopen(server.join_url, timeout=60) as page,
    ):
        assert page.status == 200
        html = page.read().decode("utf-8")
        # The join form from the package's templates, and its stylesheet from its static files.
        assert 'action="/join"' in html
        stylesheet = re.search(r'href="(/assets/phone\.[0-9a-f]+\.css)"', html)
        assert stylesheet, html[:400]
        with urllib.request.urlopen(server.base_url + stylesheet[1], timeout=60) as css:
            assert css.status == 200 and b".scale" in css.read()
