"""The scale-out bench of issue 9: ``support_metrics.spark.report`` on local Spark against the
single-machine Python call ``support_metrics.report``, on the same generated files, in one run.

    .cache/py/bin/python benches/spark/bench.py                 # 1M interactions
    .cache/py/bin/python benches/spark/bench.py --n 10000000    # 10M (sketch: above exact_limit)
    .cache/py/bin/python benches/spark/bench.py --n 1000000 --partitions 4,8,16 --groups 1,10,100

Data: ``support-metrics generate`` (the demo quarter: Europe/Moscow split-shift calendar with
holidays, SLA policies, surveys), written once per size under $BENCH_DIR (default
/tmp/support-metrics-spark-bench), never into the repository. Each line printed is one
measured configuration; the single-machine line is the baseline, and every Spark result is
checked to equal the single-machine report of the same rows (findings compared without lines,
as a multiset) before its time is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import time
from typing import Any, Dict, List

import support_metrics as sm

ROOT = pathlib.Path(__file__).resolve().parents[2]
AS_OF = "2026-12-31T21:00:00Z"


def generate(n: int, seed: int) -> pathlib.Path:
    base = pathlib.Path(os.environ.get("BENCH_DIR", "/tmp/support-metrics-spark-bench"))
    out = base / f"n{n}-s{seed}"
    if not (out / "surveys.csv").exists():
        out.mkdir(parents=True, exist_ok=True)
        cli = ROOT / "target" / "release" / "support-metrics"
        if not cli.exists():
            subprocess.run(["cargo", "build", "--release", "-q", "-p", "support-metrics-cli"], cwd=ROOT, check=True)
        subprocess.run([str(cli), "generate", "--n", str(n), "--seed", str(seed), "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    return out


def normalized(r: Any) -> Dict[str, Any]:
    d: Dict[str, Any] = json.loads(json.dumps(r.to_dict() if hasattr(r, "to_dict") else r))
    q = d["data_quality"]
    for f in q["findings"]:
        f["line"] = None
    q["findings"].sort(key=lambda f: json.dumps(f, sort_keys=True))
    return d


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--partitions", default="8", help="comma-separated partition counts")
    p.add_argument("--groups", default="1", help="comma-separated tenant counts (1: no group_by)")
    p.add_argument("--master", default="local[2]")
    p.add_argument("--driver-memory", default="6g")
    p.add_argument("--no-check", action="store_true", help="skip the single-machine baseline and check")
    a = p.parse_args()

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    from support_metrics import spark as sms

    d = generate(a.n, a.seed)
    calendar = (d / "calendar.json").read_text()
    policies = (d / "policies.json").read_text()
    quantiles = "exact" if a.n <= sms.EXACT_LIMIT else "sketch"
    options = {"tickets": {"measures": {"as_of": AS_OF}, "quantiles": quantiles}}
    print(f"data: {a.n:,} interactions ({(d / 'interactions.csv').stat().st_size / 1e6:.0f} MB), "
          f"{sum(1 for _ in open(d / 'surveys.csv')) - 1:,} survey answers; quantiles {quantiles}", flush=True)

    want = None
    baseline = None
    if not a.no_check:
        t0 = time.perf_counter()
        summary = (d / "interactions.csv").read_text()
        surveys = (d / "surveys.csv").read_text()
        t1 = time.perf_counter()
        want = sm.report(calendar=calendar, policies=policies, options=options, summary_csv=summary, surveys_csv=surveys)
        t2 = time.perf_counter()
        baseline = t2 - t0
        print(f"single machine  sm.report(summary_csv, surveys_csv): {baseline:7.2f} s "
              f"(read {t1 - t0:.2f} s + report {t2 - t1:.2f} s)", flush=True)
        del summary, surveys

    spark = (
        SparkSession.builder.master(a.master)
        .config("spark.driver.memory", a.driver_memory)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    strings = lambda path: spark.read.option("header", True).option("inferSchema", False).csv(str(path))  # noqa: E731
    its = strings(d / "interactions.csv")
    ans = strings(d / "surveys.csv")
    # Warm-up: JVM, Python workers, the native module in each worker.
    sms.report(its.limit(1000), calendar, policies=policies, options=options, partitions=2)

    rows: List[str] = []
    for groups in [int(x) for x in a.groups.split(",")]:
        for parts in [int(x) for x in a.partitions.split(",")]:
            keys: List[str] = []
            i, s = its, ans
            if groups > 1:
                tenant = (F.abs(F.hash(F.col("customer_id"))) % groups).cast("string")
                i = its.withColumn("tenant", tenant)
                owner = i.select(F.col("id").alias("interaction_id"), "tenant")
                s = ans.join(owner, on="interaction_id", how="left").fillna({"tenant": "0"})
                keys = ["tenant"]
            t0 = time.perf_counter()
            got = sms.report(i, calendar, surveys=s, policies=policies, options=options, group_by=keys, partitions=parts, quantiles=quantiles)
            dt = time.perf_counter() - t0
            ok = ""
            if want is not None and groups == 1:
                assert normalized(got) == normalized(want), "Spark and single-machine reports differ"
                ok = "equal to single machine"
            elif groups > 1:
                assert isinstance(got, dict) and len(got) == groups
                total = sum(r["tickets"]["interactions"] for r in got.values())
                if want is not None:
                    assert total == want["tickets"]["interactions"]
                ok = f"{len(got)} reports, interactions add up"
            ratio = f" = {dt / baseline:.2f}x single machine" if baseline else ""
            line = f"spark {a.master} partitions={parts:<3} groups={groups:<4} {dt:7.2f} s{ratio}  ({ok})"
            rows.append(line)
            print(line, flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
