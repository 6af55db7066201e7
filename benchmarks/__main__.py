"""Run every benchmark module, print a table, and write benchmarks/results.json.

Each `benchmarks/bench_*.py` defines ``run() -> list[Row]``. A row measures one figure beside
its baseline, taken in the same run, so the ratio means something on a noisy shared machine.

    python -m benchmarks                      # everything, full size (make bench)
    python -m benchmarks --quick              # smaller rooms and fewer rounds (BENCH_QUICK=1)
    python -m benchmarks bench_join_storm     # only the modules named

The machine's load average is recorded beside each module's figures: other work on a shared
machine moves the tails.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
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
    parser.add_argument(
        "--quick", action="store_true", help="smaller rooms and fewer rounds (BENCH_QUICK=1)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        os.environ["BENCH_QUICK"] = "1"
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if args.only:
        unknown = sorted(set(args.only) - set(names))
        if unknown:
            parser.error(f"no benchmark named {', '.join(unknown)}; there are {', '.join(names)}")
        names = [n for n in names if n in args.only]
    rows: list[Row] = []
    failed: list[str] = []
    runs: list[dict[str, object]] = []
    for name in names:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        started, load = time.perf_counter(), os.getloadavg()[0]
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            rows.extend(module.run())
        except Exception:  # one broken benchmark must not hide the others
            traceback.print_exc()
            failed.append(name)
            continue
        took = time.perf_counter() - started
        runs.append({"module": name, "seconds": round(took, 1),
                     "load_before": load, "load_after": os.getloadavg()[0]})  # fmt: skip
        print(f"  {name} took {took:.1f} s (load average {load:.1f} before, "
              f"{os.getloadavg()[0]:.1f} after)", file=sys.stderr)  # fmt: skip
    print_table(rows)
    if failed:
        print(f"\nfailed to run: {', '.join(failed)}")
    Path(args.out).write_text(
        json.dumps(
            {
                "machine": {
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "cpus": os.cpu_count(),
                },
                "quick": os.environ.get("BENCH_QUICK") == "1",
                "runs": runs,
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
