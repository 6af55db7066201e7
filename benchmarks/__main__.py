"""Run every benchmark module, print a table, and write benchmarks/results.json.

Each `benchmarks/bench_*.py` defines ``run() -> list[Row]``. A row measures one figure beside
its baseline, taken in the same run, so the ratio means something on a noisy shared machine.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
import traceback
from pathlib import Path

from benchmarks.rows import Row

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("only", nargs="*", help="run only these modules (e.g. bench_store)")
    parser.add_argument("--out", default=str(HERE / "results.json"))
    args = parser.parse_args(argv)
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if args.only:
        names = [n for n in names if n in args.only]
    rows: list[Row] = []
    failed: list[str] = []
    for name in names:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            rows.extend(module.run())
        except Exception:  # one broken benchmark must not hide the others
            traceback.print_exc()
            failed.append(name)
            continue
        print(f"  {name} took {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print_table(rows)
    if failed:
        print(f"\nfailed to run: {', '.join(failed)}")
    Path(args.out).write_text(
        json.dumps(
            {
                "machine": {"python": platform.python_version(), "platform": platform.platform()},
                "rows": [r.as_dict() for r in rows],
                "failed": failed,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nwrote {args.out}")
    return 0 if not failed and all(r.passed is not False for r in rows) else 1


def print_table(rows: list[Row]) -> None:
    header = ("figure", "value", "baseline", "ratio", "target", "ok")
    table = [header] + [r.cells() for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for i, row in enumerate(table):
        print("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)))
        if i == 0:
            print("  ".join("-" * w for w in widths))


if __name__ == "__main__":
    raise SystemExit(main())
