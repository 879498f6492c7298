#!/usr/bin/env python3
"""Checks that pandas_report.py computes the Rust report's figures, figure by figure.

Runs `support-metrics report --json` and pandas_report.py on the same files (or reads the JSON
each already wrote: --rust-json, --pandas-json), then compares every figure the pandas script
computes with the same field of the core's Report: counts exactly, floats within 1e-9
relative (math.isclose, rel_tol 1e-9, abs_tol 1e-12 for values at or near 0), a missing value
(null) only with null. Every group key must be present on both sides. Prints a table of both
and every mismatch; exit status 1 on any mismatch, 2 when a run fails.

    python benches/report/compare.py --data /tmp/support-metrics-report-bench/data-20000-2026
    python benches/report/compare.py --rust-json r.json --pandas-json p.json
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from typing import Any, Iterator

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
AS_OF = "2026-12-31T21:00:00Z"
REL_TOL = 1e-9
ABS_TOL = 1e-12

Figure = tuple[str, Any, Any]  # (name, rust, pandas)


# --------------------------------------------------------------- the Rust report's fields


def rate(r: dict[str, Any] | None) -> dict[str, Any]:
    """A `stats::Rate` in the pandas script's shape."""
    if r is None:
        return {}
    iv = r.get("interval") or {}
    return {"numerator": r["numerator"], "denominator": r["denominator"], "value": r["value"],
            "lower": iv.get("lower"), "upper": iv.get("upper")}


def durations(d: dict[str, Any]) -> dict[str, Any]:
    s = d.get("summary") or {}
    return {"count": d["count"], "excluded": d["excluded"], "mean": s.get("mean"),
            "median": s.get("median"), "p90": s.get("p90")}


def sla(tickets: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for metric in ("first_reply", "resolution"):
        found = next((x for x in tickets.get("sla", []) if x["metric"] == metric), None)
        if found is None:  # no outcome at all: the pandas side has zero counts
            out[metric] = {"met": 0, "breached": 0, "active": 0, "paused": 0, "numerator": 0,
                           "denominator": 0, "value": None, "lower": None, "upper": None}
        else:
            c = found["counts"]
            out[metric] = {"met": c["met"], "breached": c["breached"], "active": c["active"],
                           "paused": c["paused"], **rate(found["compliance"])}
    return out


def csat(c: dict[str, Any]) -> dict[str, Any]:
    iv = c.get("interval") or {}
    return {"responses": c["responses"], "good": c["good"], "numerator": c["good"],
            "denominator": c["responses"], "value": c["value"],
            "lower": iv.get("lower"), "upper": iv.get("upper")}


def nps(e: dict[str, Any]) -> dict[str, Any]:
    iv = e.get("interval") or {}
    return {"count": e["count"], **e["counts"], "value": e["value"],
            "lower": iv.get("lower"), "upper": iv.get("upper")}


def ces(c: dict[str, Any]) -> dict[str, Any]:
    m = c["mean"]
    iv = m.get("interval") or {}
    return {"count": m["count"], "mean": m["mean"], "std_dev": m["std_dev"],
            "lower": iv.get("lower"), "upper": iv.get("upper")}


def breakdown(report: dict[str, Any], dimension: str) -> list[dict[str, Any]]:
    for b in report["breakdowns"]:
        if b["dimension"] == dimension:
            return list(b["rows"])
    raise SystemExit(f"the Rust report has no breakdown by {dimension} (is --by set?)")


def rust_figures(r: dict[str, Any]) -> dict[str, Any]:
    """The Rust Report's fields, in the shape pandas_report.py prints."""
    t = r["tickets"]

    def ticket_rows(dimension: str) -> list[dict[str, Any]]:
        return [{"key": row["key"], "interactions": row["tickets"]["interactions"],
                 "first_response": durations(row["tickets"]["first_response_time"]),
                 "full_resolution": durations(row["tickets"]["full_resolution_time"]),
                 "resolution_rate": rate(row["tickets"]["resolution_rate"])}
                for row in breakdown(r, dimension) if row["tickets"] is not None]

    return {
        "interactions": t["interactions"],
        "first_response": durations(t["first_response_time"]),
        "full_resolution": durations(t["full_resolution_time"]),
        "resolution_rate": rate(t["resolution_rate"]),
        "sla": sla(t),
        "by_agent": ticket_rows("agent"),
        "by_channel": ticket_rows("channel"),
        "sla_by_priority": [{"key": row["key"], **sla(row["tickets"])}
                            for row in breakdown(r, "priority") if row["tickets"] is not None],
        "surveys": {"answers": r["surveys"]["answers"], "superseded": r["surveys"]["superseded"],
                    "csat": csat(r["surveys"]["csat"]), "nps": nps(r["surveys"]["nps"]),
                    "ces": ces(r["surveys"]["ces"])},
        "surveys_by_agent": [{"key": row["key"], "csat": csat(row["surveys"]["csat"]),
                              "nps": nps(row["surveys"]["nps"])}
                             for row in breakdown(r, "agent") if row["surveys"] is not None],
        "excluded": dict(r["excluded"]),
    }


# --------------------------------------------------------------------- comparison


def walk(name: str, rust: Any, pandas: Any) -> Iterator[Figure]:
    """Pairs every leaf the pandas side has with the Rust side's value at the same place;
    group lists are matched by key."""
    if isinstance(pandas, dict):
        for k, v in pandas.items():
            if isinstance(rust, dict) and k not in rust:
                if k in ("interactions_rejected", "surveys_rejected"):
                    continue  # reader findings; the core reports them in data_quality
                yield (f"{name}.{k}", "(absent)", v)
                continue
            yield from walk(f"{name}.{k}" if name else k, (rust or {}).get(k), v)
    elif isinstance(pandas, list):
        r_rows = {row["key"]: row for row in rust or []}
        p_rows = {row["key"]: row for row in pandas}
        for key in sorted(set(r_rows) | set(p_rows), key=lambda k: (k is not None, k or "")):
            label = f"{name}[{'None' if key is None else key}]"
            if key not in r_rows or key not in p_rows:
                yield (label, "(row)" if key in r_rows else "(absent)",
                       "(row)" if key in p_rows else "(absent)")
                continue
            row = {k: v for k, v in p_rows[key].items() if k != "key"}
            yield from walk(label, r_rows[key], row)
    else:
        yield (name, rust, pandas)


def same(rust: Any, pandas: Any) -> bool:
    if rust is None or pandas is None or isinstance(rust, str) or isinstance(pandas, str):
        return rust == pandas
    if isinstance(rust, bool) or isinstance(pandas, bool):
        return bool(rust) == bool(pandas)
    if isinstance(rust, int) or isinstance(pandas, int):  # a count: exactly, and an integer
        return isinstance(rust, int) and isinstance(pandas, int) and rust == pandas
    if isinstance(rust, (int, float)) and isinstance(pandas, (int, float)):
        return math.isclose(float(rust), float(pandas), rel_tol=REL_TOL, abs_tol=ABS_TOL)
    return bool(rust == pandas)


def show(x: Any) -> str:
    if isinstance(x, float):
        return repr(x)
    return "null" if x is None else str(x)


def compare(rust_report: dict[str, Any], pandas_out: dict[str, Any], quiet: bool) -> int:
    rust = rust_figures(rust_report)
    pandas = {k: v for k, v in pandas_out.items() if k not in ("timing", "as_of")}
    figures = list(walk("", rust, pandas))
    bad = [f for f in figures if not same(f[1], f[2])]
    width = max(len(f[0]) for f in figures)
    if not quiet:
        print(f"{'figure':<{width}}  {'rust':>24}  {'pandas':>24}  ok")
        for name, r, p in figures:
            mark = "" if same(r, p) else "MISMATCH"
            print(f"{name:<{width}}  {show(r):>24}  {show(p):>24}  {mark or 'ok'}")
    if bad:
        print(f"\n{len(bad)} MISMATCH(ES) of {len(figures)} figures:")
        for name, r, p in bad:
            print(f"  {name}: rust {show(r)}  pandas {show(p)}")
        return 1
    print(f"compare: all {len(figures)} figures agree (counts exactly, floats within "
          f"{REL_TOL:g} relative)")
    return 0


# --------------------------------------------------------------------------- runs


def run_json(cmd: list[str]) -> dict[str, Any]:
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        print(f"compare: `{' '.join(cmd)}` failed with status {p.returncode}", file=sys.stderr)
        sys.exit(2)
    return json.loads(p.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", help="directory with interactions.csv, surveys.csv, calendar.json, "
                    "policies.json (from `support-metrics generate`)")
    ap.add_argument("--as-of", default=AS_OF)
    ap.add_argument("--cli", default=os.path.join(ROOT, "target", "release", "support-metrics"),
                    help="the support-metrics binary (default: target/release/support-metrics)")
    ap.add_argument("--python", default=sys.executable, help="python with pandas and numpy")
    ap.add_argument("--rust-json", help="use this Rust report JSON instead of running the CLI")
    ap.add_argument("--pandas-json", help="use this pandas_report.py output instead of running it")
    ap.add_argument("--quiet", action="store_true", help="print only mismatches and the verdict")
    args = ap.parse_args()
    if (args.rust_json is None or args.pandas_json is None) and args.data is None:
        ap.error("--data is needed unless both --rust-json and --pandas-json are given")
    files = {}
    if args.data:
        files = {k: os.path.join(args.data, f) for k, f in (
            ("interactions", "interactions.csv"), ("surveys", "surveys.csv"),
            ("calendar", "calendar.json"), ("policies", "policies.json"))}
    flags = [x for k, v in files.items() for x in (f"--{k}", v)] + ["--as-of", args.as_of]
    if args.rust_json:
        with open(args.rust_json, encoding="utf-8") as f:
            rust = json.load(f)
    else:
        rust = run_json([args.cli, "report", *flags, "--json"])
    if args.pandas_json:
        with open(args.pandas_json, encoding="utf-8") as f:
            pandas = json.load(f)
    else:
        pandas = run_json([args.python, os.path.join(HERE, "pandas_report.py"), *flags])
    if rust.get("as_of") and pandas.get("as_of"):
        import datetime as dt

        def instant(s: str) -> dt.datetime:
            return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))

        if instant(rust["as_of"]) != instant(pandas["as_of"]):
            print(f"compare: as_of differs: rust {rust['as_of']}, pandas {pandas['as_of']}")
            return 1
    return compare(rust, pandas, args.quiet)


if __name__ == "__main__":
    sys.exit(main())
