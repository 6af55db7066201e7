"""The attendee's phone page as it was before issue 17: the widget app (`LiveApp`) in a Solara
virtual kernel, served at ``/`` by the room's own application. The baseline of
`bench_phone_weight`.

    python -m benchmarks._solara_phone --port N     # with the room's WORKSHOP_* environment
"""

from __future__ import annotations

import argparse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks._solara_phone")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    from benchmarks._solara_root import serve

    serve(
        "benchmarks._solara_phone_page",
        args.port,
        "Solara phone page",
        f"Serving the Solara phone page on port {args.port}",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
