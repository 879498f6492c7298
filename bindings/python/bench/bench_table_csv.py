"""A table of summary rows to the core's CSV text: the column-wise writer against the
cell-by-cell one it replaced, on the same pandas, polars and pyarrow tables in one run.

    python bindings/python/bench/bench_table_csv.py [--rows 1000000] [--seed 2026]

The rows are the built-in demo data (``support_metrics.demo_data``: a Moscow help desk, the
same generator as ``support-metrics generate``), read with ``pandas.read_csv`` with the three
instant columns parsed as aware UTC datetimes, as a notebook would; the polars and pyarrow
tables are made from that DataFrame. Both writers must give the same text; the script prints
both times and the ratio for each library.
"""

from __future__ import annotations

import argparse
import io
import time
from typing import Any, Callable, Tuple

import pandas as pd
import polars as pl
import pyarrow as pa

import support_metrics as sm
from support_metrics import _api

INSTANTS = ["created_at", "first_response_at", "resolved_at"]


def timed(f: Callable[[], str]) -> Tuple[str, float]:
    t = time.perf_counter()
    text = f()
    return text, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2026)
    a = ap.parse_args()
    demo = sm.demo_data(interactions=a.rows, seed=a.seed)
    df = pd.read_csv(io.StringIO(demo["summary_csv"]))
    for c in INSTANTS:
        df[c] = pd.to_datetime(df[c], utc=True)
    print(f"{len(df):,} summary rows, {len(df.columns)} columns")
    tables: Tuple[Tuple[str, Any], ...] = (
        ("pandas", df),
        ("polars", pl.from_pandas(df)),
        ("pyarrow", pa.Table.from_pandas(df, preserve_index=False)),
    )
    print(f"{'table':8} {'column-wise':>12} {'cell by cell':>13} {'ratio':>7}")
    for name, table in tables:
        by_columns, columns_s = timed(lambda: _api.table_csv(table, "interactions"))
        by_cells, cells_s = timed(lambda: _api._csv_by_rows(table, "interactions"))
        assert by_columns == by_cells, f"{name}: the two writers disagree"
        print(f"{name:8} {columns_s:10.2f} s {cells_s:11.2f} s {cells_s / columns_s:6.1f}x")


if __name__ == "__main__":
    main()
