"""The time-to-interactive baseline: a one-button page on the room's own server application.

Everything but the page is the room's: the same Starlette app (its doors, compressed and cached
front-end files, settings), the same uvicorn settings, the same room environment. Only Solara's
app is swapped, from the attendee app to `benchmarks._one_widget_page`.

    python -m benchmarks._one_widget --port N     # with the room's WORKSHOP_* environment
"""

from __future__ import annotations

import argparse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks._one_widget")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    from benchmarks._solara_root import serve

    serve(
        "benchmarks._one_widget_page",
        args.port,
        "One button",
        f"Serving one button on port {args.port}",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
