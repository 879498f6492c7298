"""A pandas DataFrame of summary rows to the core's CSV text: the column-wise writer against the
cell-by-cell one it replaced, on the same DataFrame in one run.

    python bindings/python/bench/bench_table_csv.py [--rows 1000000] [--seed 2026]

The rows are the built-in demo data (``support_metrics.demo_data``: a Moscow help desk, the
same generator as ``support-metrics generate``), read with ``pandas.read_csv`` and with the
three instant columns parsed as aware UTC datetimes, as a notebook would. Both writers must give
the same text; the script prints both times and the ratio.
"""

from __future__ import annotations

import argparse
import io
import time

import pandas as pd

import support_metrics as sm
from support_metrics import _api

INSTANTS = ["created_at", "first_response_at", "resolved_at"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2026)
    a = ap.parse_args()
    demo = sm.demo_data(interactions=a.rows, seed=a.seed)
    df = pd.read_csv(io.StringIO(demo["summary_csv"]))
    for c in INSTANTS:
        df[c] = pd.to_datetime(df[c], utc=True)
    print(f"{len(df):,} summary rows, {len(df.columns)} columns")

    t = time.perf_counter()
    by_columns = _api.table_csv(df, "interactions")
    columns_s = time.perf_counter() - t
    t = time.perf_counter()
    by_cells = _api._csv_by_rows(df, "interactions")
    cells_s = time.perf_counter() - t
    assert by_columns == by_cells, "the two writers disagree"
    print(f"column-wise:  {columns_s:8.2f} s")
    print(f"cell by cell: {cells_s:8.2f} s")
    print(f"ratio:        {cells_s / columns_s:8.1f}x (same text, {len(by_columns):,} characters)")


if __name__ == "__main__":
    main()
