"""deploy/nginx.conf, made to run on this machine: the same file, with its machine-specific
values (the compose network's `app`, the container's folders, port 80) swapped for a test's.
Each value swapped must be in the file, so the file cannot drift away from what is tested."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from tests.support.paths import ROOT

SHIPPED = ROOT / "deploy" / "nginx.conf"
#: How deploy/nginx.conf was written (a test checks it still is).
SHIPPED_COMMAND = (
    "config",
    "--backend",
    "app:8866",
    "--front-end",
    "/srv/workshop/frontend",
    "--error-log",
    "stderr",
)
FRONT_END_PARTS = ("cdn", "static", "assets")


def installed_front_end() -> dict[str, Path]:
    """This installation's front-end folders (asked of a fresh interpreter: Solara must be
    configured before it is imported, which this process must not do)."""
    script = (
        "import json; from workshop.server.settings import configure; configure('');"
        "from workshop.server.nginx import front_end_folders; c, s = front_end_folders();"
        "print(json.dumps([str(c), str(s), str(s.parent / 'assets')]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return dict(zip(FRONT_END_PARTS, map(Path, json.loads(done.stdout)), strict=True))


def render_shipped(folder: Path, port: int, backends: Sequence[str]) -> Path:
    """deploy/nginx.conf for nginx on 127.0.0.1:`port` in front of `backends`, with its files
    and logs under `folder`; returns the configuration's path."""
    front = folder / "frontend"
    front.mkdir(parents=True)
    for part, source in installed_front_end().items():
        (front / part).symlink_to(source, target_is_directory=True)
    servers = "\n        ".join(f"server {b} max_fails=0;" for b in backends)
    swaps = {
        "server app:8866 max_fails=0;": servers,
        "listen 80;": f"listen 127.0.0.1:{port};",
        "/srv/workshop/frontend": str(front),
        "/var/cache/nginx": str(folder),
        "error_log stderr warn;": f"error_log {folder}/error.log warn;",
        "worker_processes auto;": "worker_processes 1;",
    }
    text = SHIPPED.read_text(encoding="utf-8")
    for old, new in swaps.items():
        assert old in text, f"deploy/nginx.conf no longer has {old!r}; update tests/support"
        text = text.replace(old, new)
    config = folder / "nginx.conf"
    config.write_text(text, encoding="utf-8")
    return config
