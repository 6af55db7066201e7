"""One server process of several (`workshop serve --workers N`): serves the room that the
environment names, on a loopback port, behind nginx."""

from __future__ import annotations

import argparse
import asyncio
import os

from workshop.content.keynote import load_content
from workshop.server.serve import run_server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workshop.server.worker")
    parser.add_argument("--ip", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    title = load_content(os.environ.get("WORKSHOP_CONTENT")).settings.title
    asyncio.run(run_server(title, args.ip, args.port, announce=None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
