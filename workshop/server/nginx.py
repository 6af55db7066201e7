"""nginx in front of several server processes: the facilitator's pages sticky by browser, the
phones' anywhere, front-end files from nginx.

The big screen and the remote live in one process each (a Solara virtual kernel), so their
browser must always reach the same process: nginx hashes Solara's session cookie to pick it,
not the client's address, which a venue's Wi-Fi shares between every phone. The phones' pages
keep no state in any process, so they need no stickiness: without that cookie, requests are
spread. Their event stream (``/events``) is passed on unbuffered.

The front end's files (a few megabytes a phone with an empty cache asks for) are compressed once
by a server process, which keeps them compressed in memory (`workshop.server.static`), and then
kept by nginx in its cache: from the second request on, nginx serves them itself, with no
compression per request. (Compressing them per request, as `gzip on` alone would, cost nginx
more CPU than a server process spends on an attendee.) So nginx needs no copy of the files, and
the same configuration serves one machine or several.

One template serves `workshop serve --workers` (written to a temporary folder) and deploy/ (its
nginx.conf is this template's rendering, and a test keeps it so). For servers on other machines:

    python -m workshop.server.nginx config --backend 10.0.0.11:8866 --backend 10.0.0.12:8866
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

#: The cookie nginx keeps a browser's pages on one process by (Solara's own).
STICKY_COOKIE = "solara-session-id"
#: Request headers nginx never passes on: with them a client could choose the root path of every
#: page's scripts, or pass itself off as another host or address (the server drops them too).
UNTRUSTED = (
    "Script-Name",
    "X-Script-Name",
    "Forwarded",
    "X-Forwarded-Host",
    "X-Forwarded-Prefix",
    "X-Forwarded-Port",
    "X-Forwarded-Server",
    "X-Real-IP",
)
#: A response header saying whether nginx served a file from its cache (HIT) or fetched it.
CACHE_HEADER = "X-Workshop-Cache"

TEMPLATE = """\
# Written by `python -m workshop.server.nginx` (and `workshop serve --workers`); see
# deploy/README.md. The facilitator's pages sticky by Solara's session cookie, never by address;
# the phones' pages go to any process.
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
    # Pages and messages are small; the front end's files come compressed from the cache.
    gzip on;
    gzip_comp_level 1;
    gzip_types application/json;
    client_max_body_size 64k;
    # A client that trickles its request headers or body is dropped, not waited for, and an
    # idle kept-alive connection is let go soon (the server's own is shorter still).
    client_header_timeout 10s;
    client_body_timeout 10s;
    keepalive_timeout 15s;
    # Clients' own copies of these are dropped (see UNTRUSTED); nginx ignores any header
    # spelled with underscores.
    underscores_in_headers off;
    proxy_cache_path {folder}/files levels=1:2 keys_zone=workshop_files:4m max_size=1g
                     inactive=30d use_temp_path=off;

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
        # The front end's files: compressed once by a server process, then served from nginx's
        # cache. One copy per file, gzip (nginx unzips it for the rare client without gzip).
        location ~ ^/(_solara/cdn|static|assets)/ {{
            proxy_pass http://workshop;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
{untrusted}
            proxy_set_header Cookie "";
            proxy_set_header Accept-Encoding gzip;
            proxy_ignore_headers Vary Set-Cookie;
            proxy_hide_header Set-Cookie;
            proxy_cache workshop_files;
            proxy_cache_key $uri$is_args$args;
            proxy_cache_lock on;
            proxy_cache_valid 200 30d;
            gunzip on;
            add_header {cache_header} $upstream_cache_status;
        }}
        # The phones follow the room by Server-Sent Events: each event must reach the phone as
        # it is sent, not when a buffer fills. Any process answers any phone.
        location = /events {{
            proxy_pass http://workshop;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
{untrusted}
            proxy_buffering off;
            proxy_cache off;
            proxy_read_timeout 3600s;
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
{untrusted}
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
    error_log: str | None = None,
    processes: str = "auto",
) -> str:
    """nginx's configuration for the room: `listen` is ``[ADDRESS:]PORT`` and `backends` are
    the server processes' ``HOST:PORT`` (a name with several addresses is several servers).
    `folder` holds nginx's pid, cache and temporary files, and its error log unless
    `error_log` names another (``stderr`` in a container)."""
    servers = "\n".join(f"        server {b} max_fails=0;" for b in backends)
    return TEMPLATE.format(
        folder=folder,
        error_log=error_log or f"{folder}/error.log",
        processes=processes,
        listen=listen,
        servers=servers,
        cookie=STICKY_COOKIE,
        cache_header=CACHE_HEADER,
        untrusted="\n".join(f'            proxy_set_header {h} "";' for h in UNTRUSTED),
    )


def make_folder() -> Path:
    """A new folder for nginx's configuration, pid, log, cache and temporary files.

    nginx started as root runs its workers as an unprivileged user, which must reach the cache
    inside: the folder may be passed through (0711) but not listed by others, and the log
    (which may name a resume code) and the configuration stay the owner's alone.
    """
    folder = Path(tempfile.mkdtemp(prefix="workshop-nginx-"))
    folder.chmod(0o711)
    for private in ("error.log", "nginx.conf"):
        (folder / private).touch(mode=0o600)
    return folder


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
        help="nginx's pid, cache and temporary files (default /var/cache/nginx)",
    )
    conf.add_argument("--error-log", help="the error log (default FOLDER/error.log; or stderr)")
    conf.add_argument("--processes", default="auto", help="nginx worker processes (default auto)")
    args = parser.parse_args(argv)
    text = config(Path(args.folder), args.listen, args.backend, args.error_log, args.processes)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
