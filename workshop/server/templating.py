"""The phones' templates and front-end files, as the server renders and serves them.

Templates escape everything they are given (autoescape): untrusted text is stored verbatim and
escaped where it becomes HTML. The script and stylesheet are compressed once, when the process
starts, and served under names that carry a hash of their content: a browser keeps them for a
year without asking again, and a new version is a new name.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from workshop import web

IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes
    media_type: str
    etag: str


class Assets:
    """The front-end files of one folder, by content-hashed name (``phone.3f9a1c2b7d.js``)."""

    def __init__(self, folder: Path, prefix: str = "/assets/") -> None:
        self.prefix = prefix
        self.files: dict[str, Asset] = {}
        self.urls: dict[str, str] = {}
        for path in sorted(folder.iterdir()):
            body = path.read_bytes()
            digest = hashlib.sha256(body).hexdigest()[:10]
            name = f"{path.stem}.{digest}{path.suffix}"
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            media = (
                f"{kind}; charset=utf-8"
                if kind.startswith("text/") or "javascript" in kind
                else kind
            )
            self.files[name] = Asset(body, gzip.compress(body, 9, mtime=0), media, f'"{digest}"')
            self.urls[path.name] = prefix + name

    def url(self, name: str) -> str:
        return self.urls[name]

    def text(self, name: str) -> Markup:
        """A file's text, to inline in a page (our own script: it holds no ``</script``)."""
        body = self.files[self.urls[name].removeprefix(self.prefix)].body.decode("utf-8")
        assert "</script" not in body.lower()
        return Markup(body)

    async def serve(self, request: Request) -> Response:
        asset = self.files.get(request.path_params["name"])
        if asset is None:
            return Response(status_code=404)
        headers = {"Cache-Control": IMMUTABLE, "ETag": asset.etag, "Vary": "Accept-Encoding"}
        if request.headers.get("if-none-match") == asset.etag:
            return Response(status_code=304, headers=headers)
        if "gzip" in request.headers.get("accept-encoding", ""):
            headers["Content-Encoding"] = "gzip"
            return Response(asset.gzipped, media_type=asset.media_type, headers=headers)
        return Response(asset.body, media_type=asset.media_type, headers=headers)


def field_id(name: str) -> str:
    """An element id for a form field's name (``rating.career`` -> ``f-rating-career``)."""
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)


@functools.cache
def assets() -> Assets:
    return Assets(web.STATIC)


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(web.TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["field_id"] = field_id
    env.globals["asset"] = assets().url
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def fragment(macro: str, *args: Any) -> str:
    """One of `fragments.html`'s parts, alone (a save's reply carries the parts that change)."""
    module = environment().get_template("fragments.html").module
    return str(getattr(module, macro)(*args)).strip()
