#!/usr/bin/env python3
"""Summarizes the `/usr/bin/time -v` files of run.sh: per tool, the median wall time, the
maximum resident set size, user and system time of each run; the pandas script's own timing
(work after imports); the ratio; and the issue's targets (Rust: <= 0.8 s wall, <= 1 GB).

    python summarize.py RUN_DIR   # reads RUN_DIR/{rust,pandas}-N.time and pandas-N.json
"""

from __future__ import annotations

import glob
import json
import os
import re
import statistics
import sys
from typing import Any

TARGET_WALL = 0.8  # seconds (issue 8, item 5)
TARGET_RSS = 1024 ** 3  # bytes: 1 GB, read as 1 GiB


def parse_time(path: str) -> dict[str, Any]:
    """The fields of one `/usr/bin/time -v` report."""
    text = open(path, encoding="utf-8").read()

    def field(label: str) -> str:
        m = re.search(rf"^\s*{re.escape(label)}: (.*)$", text, re.M)
        if m is None:
            raise SystemExit(f"{path}: no `{label}` (not a /usr/bin/time -v report?)")
        return m.group(1).strip()

    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    status = int(field("Exit status"))
    return {
        "wall": wall,
        "user": float(field("User time (seconds)")),
        "sys": float(field("System time (seconds)")),
        "rss": int(field("Maximum resident set size (kbytes)")) * 1024,
        "status": status,
    }


def mib(b: float) -> str:
    return f"{b / 2**20:,.0f} MiB"


def main() -> int:
    run = sys.argv[1]
    rows = {}
    for tool in ("rust", "pandas"):
        files = sorted(glob.glob(os.path.join(run, f"{tool}-*.time")))
        if not files:
            raise SystemExit(f"{run}: no {tool}-*.time files")
        rows[tool] = [parse_time(f) for f in files]
    work = []
    for f in sorted(glob.glob(os.path.join(run, "pandas-*.json"))):
        with open(f, encoding="utf-8") as fh:
            work.append(json.load(fh)["timing"])

    print(f"{'tool':<8} {'runs':>4} {'median wall':>12} {'walls (s)':<24} {'max RSS':>10} "
          f"{'median user+sys':>16}")
    med = {}
    for tool, rs in rows.items():
        if any(r["status"] != 0 for r in rs):
            print(f"{tool}: a run failed (exit status {[r['status'] for r in rs]})")
            return 1
        med[tool] = statistics.median(r["wall"] for r in rs)
        cpu = statistics.median(r["user"] + r["sys"] for r in rs)
        walls = ", ".join(f"{r['wall']:.2f}" for r in rs)
        print(f"{tool:<8} {len(rs):>4} {med[tool]:>10.2f} s {walls:<24} "
              f"{mib(max(r['rss'] for r in rs)):>10} {cpu:>14.2f} s")
    if work:
        w = statistics.median(t["work_seconds"] for t in work)
        i = statistics.median(t["import_seconds"] for t in work)
        print(f"pandas script, median of its own timers: {w:.2f} s of work after imports "
              f"+ {i:.2f} s of imports (engine {work[0]['engine']}, pandas {work[0]['pandas']}, "
              f"numpy {work[0]['numpy']})")
        stages = {k: statistics.median(t["stages"][k] for t in work) for k in work[0]["stages"]}
        print("  stages (median s): " + ", ".join(f"{k} {v:.2f}" for k, v in stages.items()))
    ratio = med["pandas"] / med["rust"]
    print(f"ratio pandas / rust (median wall): {ratio:.2f} "
          f"(rust {'faster' if ratio > 1 else 'slower'}: {max(ratio, 1 / ratio):.2f}x)")
    rss = max(r["rss"] for r in rows["rust"])
    print(f"rust against the targets: wall {med['rust']:.2f} s "
          f"({'<=' if med['rust'] <= TARGET_WALL else '>'} {TARGET_WALL} s), peak RSS {mib(rss)} "
          f"({'<=' if rss <= TARGET_RSS else '>'} 1 GiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
