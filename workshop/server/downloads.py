"""The facilitator's downloads: the results and the session report, made when asked and sent as
a file the browser saves, so one click on the remote downloads it. Only for a signed-in
facilitator's browser; nothing is left in the server's folder."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from workshop.server.pages import FACILITATOR_COOKIE
from workshop.server.phone import plain_page
from workshop.server.runtime import runtime


def _export_bytes(folder: Path) -> bytes:
    from workshop.reports.results import export_results

    current = runtime()
    path = folder / f"results-{current.session_code}.xlsx"
    export_results(current.store, current.content, current.session_code, path)
    return path.read_bytes()


def _report_bytes(folder: Path) -> bytes:
    from workshop.reports.session_report import write_session_report

    current = runtime()
    path = folder / f"report-{current.session_code}.pdf"
    write_session_report(current.store, current.content, current.live, current.session_code, path)
    return path.read_bytes()


#: What is made, its file name and its type, by the last part of the download's path.
DOWNLOADS: dict[str, tuple[Callable[[Path], bytes], str, str]] = {
    "export.xlsx": (
        _export_bytes,
        "results-{code}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "report.pdf": (_report_bytes, "report-{code}.pdf", "application/pdf"),
}


async def download(request: Request) -> Response:
    """The results or the session report, for the facilitator's browser only."""
    from starlette.concurrency import run_in_threadpool

    current = runtime()
    if not current.facilitator(request.cookies.get(FACILITATOR_COOKIE)):
        return plain_page(current, current.live.label("facilitator_only"), 403)
    make, name, mime = DOWNLOADS[request.url.path.rsplit("/", 1)[-1]]
    with tempfile.TemporaryDirectory(prefix="workshop-download-") as folder:
        body = await run_in_threadpool(make, Path(folder))
    filename = name.format(code=current.session_code)
    return Response(
        body,
        media_type=mime,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
