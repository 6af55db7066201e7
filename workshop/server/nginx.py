"""nginx in front of several server processes: sticky by browser, static files served by nginx.

Every page lives in one process (its virtual kernel), so a browser must always reach the same
process. nginx hashes Solara's session cookie to pick it: not the client's address, which a
venue's Wi-Fi shares between every phone. The front end's files are read from disk by nginx
itself, compressed and cached by browsers, so the Python processes only serve pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

#: The cookie nginx keeps a browser's pages on one process by (Solara's own).
STICKY_COOKIE = "solara-session-id"

TEMPLATE = """\
# Written by `workshop serve --workers`; see deploy/README.md for running it by hand.
worker_processes 1;
error_log {folder}/error.log warn;
pid {folder}/nginx.pid;
events {{ worker_connections 8192; }}

http {{
    # Addresses and URLs are nobody's business (and a link may hold a resume code).
    access_log off;
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
    map $http_cookie $workshop_browser {{
        "~*(?:^|;\\s*){cookie}=(?<browser>[^;]+)" $browser;
        default "";
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
) -> str:
    """nginx's configuration for the room: `listen` is ``ADDRESS:PORT``, `backends` are the
    server processes' ``HOST:PORT``, and `cdn`/`static` are the front end's folders."""
    servers = "\n".join(f"        server {b} max_fails=0;" for b in backends)
    return TEMPLATE.format(
        folder=folder,
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
