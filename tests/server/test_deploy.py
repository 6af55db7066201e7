"""deploy/: the nginx config nginx accepts, a compose file with the room's three services and no
secret in it, and a Dockerfile that builds what compose names."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

import pytest
import yaml

from tests.support.deploy import SHIPPED, SHIPPED_COMMAND, render_shipped
from tests.support.paths import ROOT
from workshop.server.nginx import main as nginx_main
from workshop.server.nginx import make_folder

DEPLOY = ROOT / "deploy"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_the_shipped_config_is_the_templates_rendering(capsys: pytest.CaptureFixture[str]) -> None:
    """One template for `serve --workers` and deploy/: regenerate the file with
    `python -m workshop.server.nginx` and the arguments in SHIPPED_COMMAND."""
    assert nginx_main(list(SHIPPED_COMMAND)) == 0
    assert SHIPPED.read_text(encoding="utf-8") == capsys.readouterr().out


def test_the_shipped_config_keeps_the_rooms_rules() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    # Sticky on Solara's session cookie, never on the address a venue's NAT shares.
    assert "hash $workshop_browser consistent;" in text
    assert "solara-session-id=" in text
    assert "ip_hash" not in text and "hash $remote_addr" not in text
    # WebSockets pass; the client's address is replaced, not appended to.
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in text
    assert "$proxy_add_x_forwarded_for" not in text
    # No access log (a link may hold a resume code).
    assert re.findall(r"access_log [^;]+;", text) == ["access_log off;"]
    # The front end's files are cached once, compressed, for everyone: never per cookie, and
    # never compressed again per request (gzip on them cost nginx more CPU than the app).
    files = text[text.index("location ~ ^/(_solara/cdn|static|assets)/") :]
    files = files[: files.index("}")]
    for rule in ("proxy_cache workshop_files;", 'proxy_set_header Cookie "";',
                 "proxy_set_header Accept-Encoding gzip;", "gunzip on;"):  # fmt: skip
        assert rule in files, rule
    assert "javascript" not in text[text.index("gzip_types") :].split(";")[0]
    # The phones' event stream reaches them as each event is sent, not when a buffer fills.
    events = text[text.index("location = /events") :]
    events = events[: events.index("}")]
    for rule in ("proxy_buffering off;", "proxy_cache off;", 'proxy_set_header Connection "";'):
        assert rule in events, rule


def test_nginx_accepts_the_shipped_config(nginx: str) -> None:
    folder = make_folder()
    try:
        config = render_shipped(folder, 8, ["127.0.0.1:9", "127.0.0.1:10"])
        checked = subprocess.run(
            [nginx, "-t", "-p", str(folder), "-c", str(config)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        shutil.rmtree(folder)
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_compose_runs_nginx_replicas_of_the_app_and_postgresql(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"nginx", "app", "postgres"}
    app = services["app"]
    assert app["deploy"]["replicas"] >= 2
    assert app["command"][:3] == ["workshop", "serve", "--replica"]
    assert "ports" not in app and "ports" not in services["postgres"]  # nginx is the door
    assert services["nginx"]["ports"] == ["${WORKSHOP_PORT:-80}:80"]
    assert services["app"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_compose_holds_no_secret(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(compose["secrets"]) == {"db_password", "db_url"}
    for secret in compose["secrets"].values():
        assert set(secret) == {"file"} and secret["file"].startswith("./secrets/")
    assert "secrets/" in (DEPLOY / ".gitignore").read_text(encoding="utf-8").split()
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD_FILE"].startswith("/run/secrets/")
    assert services["app"]["environment"]["WORKSHOP_DB_FILE"] == "/run/secrets/db_url"
    for name, service in services.items():
        environment = service.get("environment", {})
        assert "POSTGRES_PASSWORD" not in environment, name
        assert "WORKSHOP_DB" not in environment, name
        words = " ".join(map(str, [*environment.values(), *service.get("command", [])]))
        assert "postgresql://" not in words and "--db" not in words, name


def test_the_dockerfile_builds_the_images_compose_names(compose: dict[str, Any]) -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    stages = re.findall(r"^FROM \S+ AS (\S+)$", dockerfile, flags=re.MULTILINE)
    for name in ("app", "nginx"):
        build = compose["services"][name]["build"]
        assert (build["context"], build["dockerfile"]) == ("..", "deploy/Dockerfile")
        assert build["target"] in stages
    assert "COPY deploy/nginx.conf /etc/nginx/nginx.conf" in dockerfile
    assert "--from=" not in dockerfile  # nginx caches the front end; it needs no copy
    assert "pip install ." in dockerfile
    # What the Dockerfile copies from the checkout, its ignore file lets through.
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()
    for copied in re.findall(r"^COPY (?!--from)(.+) \S+$", dockerfile, flags=re.MULTILINE):
        for path in copied.split():
            assert f"!{path}" in ignore, path
