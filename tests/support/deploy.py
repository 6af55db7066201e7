"""deploy/nginx.conf, made to run on this machine: the same file, with its machine-specific
values (the compose network's `app`, the container's folders, port 80) swapped for a test's.
Each value swapped must be in the file, so the file cannot drift away from what is tested."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tests.support.paths import ROOT

SHIPPED = ROOT / "deploy" / "nginx.conf"
#: How deploy/nginx.conf was written (a test checks it still is).
SHIPPED_COMMAND = ("config", "--backend", "app:8866", "--error-log", "stderr")


def render_shipped(folder: Path, port: int, backends: Sequence[str]) -> Path:
    """deploy/nginx.conf for nginx on 127.0.0.1:`port` in front of `backends`, with its files
    and logs in `folder` (one `workshop.server.nginx.make_folder` made, which nginx's workers
    can reach); returns the configuration's path."""
    servers = "\n        ".join(f"server {b} max_fails=0;" for b in backends)
    swaps = {
        "server app:8866 max_fails=0;": servers,
        "listen 80;": f"listen 127.0.0.1:{port};",
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
