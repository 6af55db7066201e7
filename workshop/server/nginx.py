"""nginx in front of several server processes: sticky by browser, static files served by nginx.

Every page lives in one process (its virtual kernel), so a browser must always reach the same
process. nginx hashes Solara's session cookie to pick it: not the client's address, which a
venue's Wi-Fi shares between every phone. The front end's files are read from disk by nginx
itself, compressed and cached by browsers, so the Python processes only serve pages.

One template serves `workshop serve --workers` (written to a temporary folder) and deploy/ (its
nginx.conf is this template's rendering, and a test keeps it so). For servers on other machines:

    python -m workshop.server.nginx config --backend 10.0.0.11:8866 --backend 10.0.0.12:8866
    python -m workshop.server.nginx front-end /srv/workshop/frontend   # the files, copied
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

#: The cookie nginx keeps a browser's pages on one process by (Solara's own).
STICKY_COOKIE = "solara-session-id"

TEMPLATE = """\
# Written by `python -m workshop.server.nginx` (and `workshop serve --workers`); see
# deploy/README.md. Sticky by Solara's session cookie, never by address.
worker_processes {processes};
# nginx names the request line, query string and all, on an upstream error: keep this log as
# private as the database.
error_log {error_log} warn;
pid {folder}/nginx.pid;
events {{ worker_connections 8192; }}

http {{
    # Addresses and URLs are nobody's business (and a link may hold a resume code).
    access_log off;
    server_tokens off;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    types {{
        text/html html; text/css css; application/javascript js; application/json json map;
        image/svg+xml svg; image/png png; font/woff woff; font/woff2 woff2; font/ttf ttf;
        application/vnd.ms-fontobject eot;
    }}
    default_type application/octet-stream;
    sendfile on;
    gzip on;
    gzip_comp_level 5;
    gzip_types text/css application/javascript application/json image/svg+xml;
    client_max_body_size 64k;

    # A browser's pages all go to the process holding them: hashed on Solara's session cookie.
    # A first page load has no cookie yet, and any process may answer it (the page lives where
    # its websocket goes, with the cookie that load set): those are spread, not all on one.
    map $http_cookie $workshop_browser {{
        "~*(?:^|;\\s*){cookie}=(?<browser>[^;]+)" $browser;
        default $request_id;
    }}
    map $http_upgrade $workshop_connection {{
        default upgrade;
        "" close;
    }}
    upstream workshop {{
        hash $workshop_browser consistent;
{servers}
    }}

    server {{
        listen {listen};
        # The front end's files, from the installed packages: versioned paths never change.
        location /_solara/cdn/ {{
            alias {cdn}/;
            expires 365d;
            add_header Cache-Control "public, immutable";
        }}
        location /static/assets/ {{
            alias {assets}/;
            expires 1d;
        }}
        location /static/ {{
            alias {static}/;
            expires 1d;
        }}
        location / {{
            proxy_pass http://workshop;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $workshop_connection;
            proxy_set_header Host $http_host;
            # Replaced, not appended: a client cannot pass itself off as another address.
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 3600s;
            proxy_send_timeout 3600s;
        }}
    }}
}}
"""


def config(
    folder: Path,
    listen: str,
    backends: Sequence[str],
    cdn: Path,
    static: Path,
    error_log: str | None = None,
    processes: str = "1",
) -> str:
    """nginx's configuration for the room: `listen` is ``[ADDRESS:]PORT``, `backends` are the
    server processes' ``HOST:PORT`` (a name with several addresses is several servers), and
    `cdn`/`static` are the front end's folders. `folder` holds nginx's pid and temporary files,
    and its error log unless `error_log` names another (``stderr`` in a container)."""
    servers = "\n".join(f"        server {b} max_fails=0;" for b in backends)
    return TEMPLATE.format(
        folder=folder,
        error_log=error_log or f"{folder}/error.log",
        processes=processes,
        listen=listen,
        servers=servers,
        cookie=STICKY_COOKIE,
        cdn=cdn,
        assets=static.parent / "assets",
        static=static,
    )


def front_end_folders() -> tuple[Path, Path]:
    """Where the installed front end is: Solara's asset cache (solara-assets) and its static
    folder. Solara must be configured (`settings.configure`) before this is called."""
    from solara.server import server as solara_server
    from solara.server import settings as solara_settings

    return Path(solara_settings.assets.proxy_cache_dir), Path(solara_server.solara_static)


#: Where `copy_front_end` puts each folder, and where `config` finds it under `--front-end`.
FRONT_END_PARTS = ("cdn", "static", "assets")


def copy_front_end(destination: Path) -> Path:
    """Copy the installed front end's files to `destination` (cdn/, static/, assets/), for an
    nginx on a machine or in a container without the toolkit installed."""
    from workshop.server.settings import configure

    configure("")
    cdn, static = front_end_folders()
    for part, source in zip(FRONT_END_PARTS, (cdn, static, static.parent / "assets"), strict=True):
        shutil.copytree(
            source,
            destination / part,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    return destination


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m workshop.server.nginx",
        description="nginx in front of the room's server processes (see deploy/README.md)",
    )
    sub = parser.add_subparsers(dest="what", required=True)
    conf = sub.add_parser("config", help="print an nginx.conf for the room")
    conf.add_argument(
        "--backend",
        action="append",
        required=True,
        metavar="HOST:PORT",
        help="a server process (workshop serve --replica); repeat for each",
    )
    conf.add_argument("--listen", default="80", help="nginx's [ADDRESS:]PORT (default 80)")
    conf.add_argument(
        "--folder",
        default="/var/cache/nginx",
        help="nginx's pid and temporary files (default /var/cache/nginx)",
    )
    conf.add_argument("--error-log", help="the error log (default FOLDER/error.log; or stderr)")
    conf.add_argument("--processes", default="auto", help="nginx worker processes (default auto)")
    conf.add_argument(
        "--front-end",
        metavar="DIR",
        help="the folder 'front-end' filled (default: this installation's own)",
    )
    copy = sub.add_parser("front-end", help="copy the front end's files to a folder for nginx")
    copy.add_argument("destination", metavar="DIR")
    args = parser.parse_args(argv)
    if args.what == "front-end":
        print(f"copied the front end's files to {copy_front_end(Path(args.destination))}")
        return 0
    if args.front_end:
        cdn, static = Path(args.front_end) / "cdn", Path(args.front_end) / "static"
    else:
        from workshop.server.settings import configure

        configure("")
        cdn, static = front_end_folders()
    folder = Path(args.folder)
    text = config(folder, args.listen, args.backend, cdn, static, args.error_log, args.processes)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
