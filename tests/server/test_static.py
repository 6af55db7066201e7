"""The front end's files: compressed once, cached by browsers, and nothing outside the folder."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from workshop.server.static import CompressedFiles

SCRIPT = "console.log('a front end');\n" * 500


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    (tmp_path / "app.js").write_text(SCRIPT, encoding="utf-8")
    (tmp_path / "font.woff2").write_bytes(b"\x00wOF2" * 100)
    (tmp_path / "served").mkdir()
    for name in ("app.js", "font.woff2"):
        (tmp_path / name).rename(tmp_path / "served" / name)
    (tmp_path / "secret.txt").write_text("not for the web", encoding="utf-8")
    folder = tmp_path / "served"
    app = Starlette(routes=[Mount("/cdn", app=CompressedFiles(folder, immutable=True))])
    return TestClient(app)


def test_scripts_are_sent_compressed_and_cached_for_a_year(client: TestClient) -> None:
    response = client.get("/cdn/app.js", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert "immutable" in response.headers["cache-control"]
    assert "max-age=31536000" in response.headers["cache-control"]
    assert response.text == SCRIPT  # the client decompressed it
    raw = client.get(
        "/cdn/app.js", headers={"Accept-Encoding": "gzip"}, extensions={"decode": False}
    )
    assert len(raw.headers["etag"]) > 4


def test_the_compressed_file_is_made_once(client: TestClient, tmp_path: Path) -> None:
    files = next(r.app for r in client.app.routes if hasattr(r, "app"))  # type: ignore[attr-defined]
    assert isinstance(files, CompressedFiles)
    for _ in range(5):
        client.get("/cdn/app.js", headers={"Accept-Encoding": "gzip"})
    assert list(files._compressed) == [str(tmp_path / "served" / "app.js")]
    body, _etag = files._compressed[str(tmp_path / "served" / "app.js")]
    assert gzip.decompress(body).decode() == SCRIPT
    assert len(body) < len(SCRIPT) / 10


def test_fonts_and_clients_without_gzip_get_the_file_as_it_is(client: TestClient) -> None:
    font = client.get("/cdn/font.woff2", headers={"Accept-Encoding": "gzip"})
    assert font.status_code == 200 and "content-encoding" not in font.headers
    assert "max-age" in font.headers["cache-control"]
    plain = client.get("/cdn/app.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.text == SCRIPT


@pytest.mark.parametrize("path", ["/cdn/../secret.txt", "/cdn/%2e%2e/secret.txt", "/cdn/nope.js"])
def test_nothing_outside_the_folder_is_served(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404


def test_a_file_found_once_is_answered_without_looking_it_up_again(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = client.get("/cdn/app.js", headers={"Accept-Encoding": "gzip"})
    files = next(r.app for r in client.app.routes if hasattr(r, "app"))  # type: ignore[attr-defined]

    def no_lookup(_path: str) -> tuple[str, None]:
        raise AssertionError("the file was looked up again")

    monkeypatch.setattr(files, "lookup_path", no_lookup)
    again = client.get("/cdn/app.js", headers={"Accept-Encoding": "gzip"})
    assert again.status_code == 200 and again.text == SCRIPT
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["content-type"] == first.headers["content-type"]
    unchanged = client.get(
        "/cdn/app.js",
        headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["etag"]},
    )
    assert unchanged.status_code == 304 and unchanged.content == b""
    # A path never found is not remembered: it is looked up (and refused) every time.
    with pytest.raises(AssertionError, match="looked up again"):
        client.get("/cdn/nope.js", headers={"Accept-Encoding": "gzip"})
