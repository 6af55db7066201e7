"""The front end's files, served so that a room joining at once costs the server little.

A phone joining with an empty cache downloads a few megabytes of JavaScript. Compressing each
file once (not once per request) and letting browsers keep it is most of what a cold join costs
the app process; behind nginx, nginx serves these files itself (see `deploy/`).
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

#: Types worth compressing (fonts and images are compressed already).
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
#: Files larger than this are served as they are, not held in memory (none of the front end's
#: are).
LARGEST = 16 * 1024 * 1024


class CompressedFiles(StaticFiles):
    """Static files with long cache lifetimes, gzip-compressed once and kept in memory.

    `immutable` marks files whose path carries their version (``@10.1.1/...``), which browsers
    may keep for a year without asking again.
    """

    def __init__(self, directory: Path, immutable: bool = False) -> None:
        super().__init__(directory=directory, follow_symlink=False)
        self.cache_control = (
            "public, max-age=31536000, immutable" if immutable else "public, max-age=86400"
        )
        self._compressed: dict[str, tuple[bytes, str]] = {}
        self._lock = threading.Lock()
        #: Compressed answers by request path, once a path was found: the front end's files do
        #: not change while the server runs, so a second phone asking skips the file lookup
        #: (a thread, a realpath and a stat) altogether.
        self._ready: dict[str, tuple[bytes, str, str]] = {}

    async def get_response(self, path: str, scope: Scope) -> Response:
        ready = self._ready.get(path)
        if ready is not None and "gzip" in Headers(scope=scope).get("accept-encoding", ""):
            return self._gzip_response(*ready, scope)
        response = await super().get_response(path, scope)
        if response.status_code not in (200, 304):
            return response
        response.headers["Cache-Control"] = self.cache_control
        if not isinstance(response, FileResponse) or response.status_code != 200:
            return response
        accepts = Headers(scope=scope).get("accept-encoding", "")
        kind = mimetypes.guess_type(str(response.path))[0] or ""
        size = Path(response.path).stat().st_size
        if "gzip" not in accepts or not kind.startswith(COMPRESSIBLE) or size > LARGEST:
            return response
        body, etag = self._gzipped(Path(response.path))
        media_type = response.media_type or kind
        self._ready[path] = (body, etag, media_type)
        return self._gzip_response(body, etag, media_type, scope)

    def _gzip_response(self, body: bytes, etag: str, media_type: str, scope: Scope) -> Response:
        headers = {
            "Content-Encoding": "gzip",
            "Cache-Control": self.cache_control,
            "ETag": etag,
            "Vary": "Accept-Encoding",
        }
        if Headers(scope=scope).get("if-none-match") == etag:
            del headers["Content-Encoding"]
            return Response(status_code=304, headers=headers)
        return Response(body, media_type=media_type, headers=headers)

    def _gzipped(self, path: Path) -> tuple[bytes, str]:
        key = str(path)
        with self._lock:
            found = self._compressed.get(key)
        if found is not None:
            return found
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        stat = path.stat()
        entry = (body, f'"gz-{stat.st_mtime_ns:x}-{stat.st_size:x}"')
        with self._lock:
            self._compressed[key] = entry
        return entry
