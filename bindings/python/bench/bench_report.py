"""The report from pandas DataFrames through ``support_metrics``, against the Rust core on the
same data and the vectorized pandas + numpy implementation of the same metrics, in one run.

    python bindings/python/bench/bench_report.py [--n 1000000] [--seed 2026] [--runs 3]

Issue 6, item 9. The data is the demo generator's (``support_metrics.demo_data``, the same as
``support-metrics generate``: a Moscow help desk, a split-shift calendar with holidays, four SLA
policies), written once under ``$BENCH_DIR`` (default /tmp/support-metrics-report-bench). Both
sides start from the same loaded DataFrames (``pandas.read_csv`` with the pyarrow engine,
instants as aware UTC datetimes; loading is not timed):

- **pandas**: ``benches/report/pandas_report.py`` (business-hours FRT and resolution time,
  SLA states and compliance, CSAT / NPS / CES, by agent, channel and priority), its stages
  after reading, the reads served from the loaded frames;
- **support_metrics**: ``support_metrics.report(interactions=df, surveys=sv, ...)``, the call
  a notebook makes (the tables become the core's CSV text, the core reads and reports it on the
  machine's cores);
- **Rust**: the same core operation from the CSV texts already in memory
  (``support_metrics.report(summary_csv=..., surveys_csv=...)``: the Python side only passes
  the texts), and, when ``target/release/support-metrics`` exists, the command line on the
  files (process start, file reading and JSON output included);
- **the KPI scorecard** (issue 6's stages and nothing else): ``support_metrics.kpi_scorecard(
  interactions=df, surveys=sv, ...)``, the frames' columns handed to the core in place, and the
  core's own call on those columns already converted (``_native.kpi_scorecard``: the Rust
  time of issue 6's ≤ 1.3× target).

The pandas figures are checked against the report figure by figure (benches/report/compare.py),
the DataFrame call against the call on the texts (equal answers), and the scorecard's figures
against the report's of the same names, before any time is printed. Times are medians of
``--runs`` runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from types import ModuleType
from typing import Any, Callable, Dict, List, Optional, Tuple

import pandas as pd

import support_metrics as sm

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
REPORT_BENCH = os.path.join(ROOT, "benches", "report")


def module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, os.path.join(REPORT_BENCH, f"{name}.py"))
    assert spec is not None and spec.loader is not None
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def data_dir(n: int, seed: int) -> Dict[str, Any]:
    """The generated files (written once per size and seed) and the report's as-of instant."""
    base = os.environ.get("BENCH_DIR", "/tmp/support-metrics-report-bench")
    path = os.path.join(base, f"data-{n}-seed{seed}")
    names = {"interactions": "interactions.csv", "surveys": "surveys.csv",
             "calendar": "calendar.json", "policies": "policies.json"}
    files = {k: os.path.join(path, f) for k, f in names.items()}
    demo = None
    if not all(os.path.exists(f) for f in files.values()):
        demo = sm.demo_data(interactions=n, seed=seed)
        tmp = f"{path}.tmp.{os.getpid()}"
        os.makedirs(tmp, exist_ok=True)
        texts = {"interactions": demo["summary_csv"], "surveys": demo["surveys_csv"],
                 "calendar": demo["calendar"], "policies": demo["policies"]}
        for k, text in texts.items():
            with open(os.path.join(tmp, names[k]), "w", encoding="utf-8") as f:
                f.write(text)
        os.makedirs(base, exist_ok=True)
        if not os.path.exists(path):
            os.replace(tmp, path)
    as_of = demo["as_of"] if demo else sm.demo_data(interactions=1, seed=seed)["as_of"]
    return {"files": files, "as_of": as_of}


def read(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def same_as_report(card: Dict[str, Any], report: Dict[str, Any]) -> None:
    """The scorecard's figures equal the report's of the same names (which the pandas figures
    are checked against): totals, survey figures, every breakdown row."""
    names = ["interactions", "first_response_time", "full_resolution_time", "resolution_rate"]

    def tickets(a: Dict[str, Any], b: Dict[str, Any], where: str) -> None:
        for k in names:
            assert a[k] == b[k], f"scorecard and report differ: {where} {k}"
        sla = [x for x in b["sla"] if x["metric"] in ("first_reply", "resolution")]
        assert a["sla"] == sla and a["backlog"] == b["backlog"], f"scorecard and report differ: {where} sla"

    tickets(card["tickets"], report["tickets"], "total")
    assert card["surveys"] == report["surveys"], "scorecard and report differ: surveys"
    for a, b in zip(card["breakdowns"], report["breakdowns"], strict=True):
        assert [r["key"] for r in a["rows"]] == [r["key"] for r in b["rows"]]
        for x, y in zip(a["rows"], b["rows"]):
            assert x["surveys"] == y["surveys"], f"scorecard and report differ: {a['dimension']} {x['key']}"
            if x["tickets"] is None:
                assert y["tickets"] is None
            else:
                tickets(x["tickets"], y["tickets"], f"{a['dimension']} {x['key']}")


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    d = data_dir(a.n, a.seed)
    files, as_of = d["files"], d["as_of"]
    pr, compare = module("pandas_report"), module("compare")

    # The loaded DataFrames, shared by both sides: the interactions as a notebook reads them
    # (``pd.read_csv``: text, numbers and flags with the dtypes pyarrow infers), the answers with
    # pandas_report's reader; pyarrow parses the instants as aware UTC.
    t = time.perf_counter()
    interactions = pd.read_csv(files["interactions"], engine="pyarrow")
    surveys = pr.read_csv(files["surveys"], "pyarrow", pr.SURVEY_TEXT)
    for frame, cols in ((interactions, pr.TIME_COLUMNS), (surveys, ["responded_at"])):
        for c in cols:
            if not isinstance(frame[c].dtype, pd.DatetimeTZDtype):
                frame[c] = pd.to_datetime(frame[c], utc=True, format="ISO8601")
    calendar = read(files["calendar"])
    policies = json.loads(read(files["policies"]))
    print(f"{len(interactions):,} interactions, {len(surveys):,} survey answers, loaded in "
          f"{time.perf_counter() - t:.2f} s (not timed below)")

    # pandas: the script's own stages, its reads served from the loaded frames.
    loaded: Dict[str, pd.DataFrame] = {files["interactions"]: interactions, files["surveys"]: surveys}

    def served(path: str, engine: str, text: List[str], usecols: Optional[List[str]] = None) -> pd.DataFrame:
        frame = loaded[path]  # a shallow copy: the script may add columns to it
        return frame[usecols] if usecols is not None else frame.copy(deep=False)

    setattr(pr, "read_csv", served)
    args = argparse.Namespace(interactions=files["interactions"], surveys=files["surveys"],
                              calendar=files["calendar"], policies=files["policies"],
                              as_of=as_of, engine="pyarrow")
    reads = ("read_interactions", "read_surveys")
    options = {"tickets": {"measures": {"as_of": as_of}}}
    summary_csv, surveys_csv = read(files["interactions"]), read(files["surveys"])
    cli = os.path.join(ROOT, "target", "release", "support-metrics")
    cmd = [cli, "report", "--interactions", files["interactions"], "--surveys", files["surveys"],
           "--calendar", files["calendar"], "--policies", files["policies"], "--as-of", as_of, "--json"]

    def pandas_run() -> Dict[str, Any]:
        pr.STAGES.clear()
        out: Dict[str, Any] = pr.report(args)
        return out

    def frames_run() -> sm.Result:
        return sm.report(calendar=calendar, interactions=interactions, surveys=surveys,
                         policies=policies, options=options)

    def core_run() -> sm.Result:
        return sm.report(calendar=calendar, summary_csv=summary_csv, surveys_csv=surveys_csv,
                         policies=policies, options=options)

    # The scorecard: the same figures straight from the frames' columns (issue 6's stages),
    # and the core's own call on those columns already converted (the Rust time).
    cal_text = calendar
    pol_text = json.dumps(policies)
    opts_text = json.dumps({"tickets": {"measures": {"as_of": as_of}}})

    def card_run() -> sm.Result:
        return sm.kpi_scorecard(calendar=calendar, interactions=interactions, surveys=surveys,
                            policies=policies, options=options)

    columns = (sm._api._scorecard_columns(interactions, "interactions"),
               sm._api._scorecard_columns(surveys, "surveys"))

    def native_run() -> str:
        return str(sm._native.kpi_scorecard(cal_text, pol_text, opts_text, columns[0], columns[1]))

    def cli_run() -> None:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)

    # One untimed round (first touches of memory, the calendar's compiled years), then the
    # timed rounds, each tool in turn so that the host's speed drifts alike for all.
    pandas_out, frames, core, card = pandas_run(), frames_run(), core_run(), card_run()
    native_run()
    times: Dict[str, List[float]] = {"pandas": [], "frames": [], "core": [], "cli": [],
                                     "card": [], "native": []}
    for r in range(a.runs):
        pandas_run()
        times["pandas"].append(sum(v for k, v in pr.STAGES.items() if k not in reads))
        # The scorecard's two calls in turn: the call right after the report's (which frees
        # about a gigabyte) pays 30-40 ms more to the allocator and the kernel's page faults.
        pair: List[Tuple[str, Callable[[], Any]]] = [("card", card_run), ("native", native_run)]
        runs: List[Tuple[str, Callable[[], Any]]] = [("frames", frames_run), ("core", core_run),
                                                     *(pair if r % 2 == 0 else pair[::-1])]
        if os.path.exists(cli):
            runs.append(("cli", cli_run))
        for name, run in runs:
            t = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - t)
    stages = dict(pr.STAGES)

    # The same numbers.
    assert frames.to_dict() == core.to_dict(), "the DataFrame call and the text call disagree"
    same_as_report(card.to_dict(), core.to_dict())
    if compare.compare(core.to_dict(), pandas_out, quiet=True) != 0:
        print("pandas_report and the report disagree: no times printed", file=sys.stderr)
        return 1

    t_frames, t_core = statistics.median(times["frames"]), statistics.median(times["core"])
    t_cli = statistics.median(times["cli"]) if times["cli"] else None
    frame_runs, core_runs, pandas_runs = times["frames"], times["core"], times["pandas"]
    t_pandas = statistics.median(pandas_runs)
    print("\nmedian of", a.runs, "runs (seconds):")
    print(f"  pandas + numpy, stages after reading     {t_pandas:7.3f}   "
          + ", ".join(f"{k} {v:.3f}" for k, v in stages.items() if k not in reads))
    print(f"  support_metrics.report(DataFrames)        {t_frames:7.3f}   runs {', '.join(f'{x:.3f}' for x in frame_runs)}")
    print(f"  Rust core, same call from the CSV texts   {t_core:7.3f}   runs {', '.join(f'{x:.3f}' for x in core_runs)}")
    print(f"  (pandas runs {', '.join(f'{x:.3f}' for x in pandas_runs)})")
    if t_cli is not None:
        print(f"  support-metrics report (CLI, the files)   {t_cli:7.3f}")
    t_card, t_native = statistics.median(times["card"]), statistics.median(times["native"])
    print(f"  support_metrics.kpi_scorecard(DataFrames) {t_card:7.3f}   runs {', '.join(f'{x:.3f}' for x in times['card'])}")
    print(f"  the core's scorecard on ready columns   {t_native:7.3f}   runs {', '.join(f'{x:.3f}' for x in times['native'])}")
    print("\nratios:")
    print(f"  DataFrame call / Rust core from text      {t_frames / t_core:6.2f}x   (target <= 1.3x)")
    if t_cli is not None:
        print(f"  DataFrame call / CLI on the files         {t_frames / t_cli:6.2f}x")
    print(f"  pandas / DataFrame call                   {t_pandas / t_frames:6.2f}x")
    print(f"  scorecard call / the core on its columns  {t_card / t_native:6.2f}x   (target <= 1.3x)")
    print(f"  pandas / scorecard call                   {t_pandas / t_card:6.2f}x   (target >= 20x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
