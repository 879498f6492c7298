"""Vectorized business seconds for 1M rows of a pandas DataFrame: support_metrics against the
Rust core alone and against a careful vectorized pandas/numpy implementation.

    python bindings/python/bench/bench_calendar.py [--rows 1000000] [--repeat 5]

The calendar is the one of the criterion bench (`benches/`, docs/calendars.md "Performance"):
Europe/Berlin, Mon-Fri 09:00-13:00 and 14:00-18:00, with holidays; the pairs lie in 2026, the
reply 0 to 72 hours after the creation. Both implementations start from the same loaded
DataFrame (tz-aware UTC columns) and must give the same numbers on every row. Prints the
figures and the ratios; the criterion figure for the core is about 30 ns per pair here.
"""

from __future__ import annotations

import argparse
import time
from typing import Callable, List, Tuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from support_metrics import BusinessCalendar

HOLIDAYS = ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14", "2026-05-25",
            "2026-10-03", "2026-12-25", "2026-12-26"]
SHIFTS = [("09:00", "13:00"), ("14:00", "18:00")]
ZONE = "Europe/Berlin"
CRITERION_NS_PER_PAIR = 30.0  # docs/calendars.md, "business durations, 1M random pairs"

F64 = npt.NDArray[np.float64]


def calendar() -> BusinessCalendar:
    day = "[" + ", ".join(f'["{a}", "{b}"]' for a, b in SHIFTS) + "]"
    week = ", ".join(f'"{d}": {day}' for d in ["mon", "tue", "wed", "thu", "fri"])
    holidays = ", ".join(f'"{h}"' for h in HOLIDAYS)
    return BusinessCalendar.from_json(f'{{"timezone": "{ZONE}", "week": {{{week}}}, "holidays": [{holidays}]}}')


def data(rows: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    lo = pd.Timestamp("2026-01-01T00:00Z").value
    hi = pd.Timestamp("2026-12-29T00:00Z").value
    created = rng.integers(lo, hi, rows) // 10**9 * 10**9
    replied = created + rng.integers(0, 72 * 3600, rows) * 10**9
    return pd.DataFrame({
        "created": pd.to_datetime(created, utc=True),
        "replied": pd.to_datetime(replied, utc=True),
    })


def numpy_business_seconds(created: "pd.Series[pd.Timestamp]", replied: "pd.Series[pd.Timestamp]") -> F64:
    """The best vectorized pandas/numpy version we know: the open intervals of every date in
    range as UTC int64 with cumulative open time, then two searchsorted lookups per pair."""
    days = pd.date_range("2025-12-31", "2027-01-02", freq="D")
    days = days[(days.day_of_week < 5) & ~days.isin(pd.to_datetime(HOLIDAYS))]
    starts, ends = [], []
    for open_at, close_at in SHIFTS:
        starts.append((days + pd.Timedelta(open_at + ":00")).tz_localize(ZONE).tz_convert("UTC").as_unit("ns").asi8)
        ends.append((days + pd.Timedelta(close_at + ":00")).tz_localize(ZONE).tz_convert("UTC").as_unit("ns").asi8)
    s = np.concatenate(starts)
    e = np.concatenate(ends)
    order = np.argsort(s)
    s, e = s[order], e[order]
    cum = np.concatenate([[0], np.cumsum(e - s)])  # open time before interval i

    def cum_at(t: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        i = np.searchsorted(e, t, side="right")  # first interval ending after t
        i_clip = np.minimum(i, len(s) - 1)
        inside = np.clip(t - s[i_clip], 0, e[i_clip] - s[i_clip])
        result: npt.NDArray[np.int64] = cum[i] + np.where(i < len(s), inside, 0)
        return result

    a: npt.NDArray[np.int64] = created.dt.tz_convert(None).to_numpy().astype("datetime64[ns]").view(np.int64)
    b: npt.NDArray[np.int64] = replied.dt.tz_convert(None).to_numpy().astype("datetime64[ns]").view(np.int64)
    result: F64 = (cum_at(b) - cum_at(a)) / 1e9
    return result


def best(repeat: int, *fs: Callable[[], F64]) -> List[Tuple[float, F64]]:
    """The best time of each function over `repeat` rounds, run in turn within each round so
    that all see the same machine load (this machine is shared)."""
    times: List[List[float]] = [[] for _ in fs]
    outs: List[F64] = [np.empty(0) for _ in fs]
    for _ in range(repeat):
        for i, f in enumerate(fs):
            t0 = time.perf_counter()
            outs[i] = f()
            times[i].append(time.perf_counter() - t0)
    return [(min(t), o) for t, o in zip(times, outs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    cal = calendar()
    df = data(args.rows)
    cal.business_seconds(df["created"].iloc[:10], df["replied"].iloc[:10])  # compile 2026 once

    raw_a = df["created"].array.tz_convert(None).to_numpy().astype("datetime64[ns]").view(np.int64)
    raw_b = df["replied"].array.tz_convert(None).to_numpy().astype("datetime64[ns]").view(np.int64)
    (t_py, ours), (t_core, _), (t_np, theirs) = best(
        args.repeat,
        lambda: cal.business_seconds(df["created"], df["replied"]),
        lambda: cal._cal.business_seconds_batch(raw_a, raw_b)[0],
        lambda: numpy_business_seconds(df["created"], df["replied"]),
    )
    np.testing.assert_array_equal(ours, theirs)
    n = args.rows
    print(f"rows: {n}, calendar: {ZONE} split shift with {len(HOLIDAYS)} holidays, best of {args.repeat}")
    print(f"support_metrics from the DataFrame : {t_py * 1e3:8.1f} ms  ({t_py / n * 1e9:5.1f} ns/pair)")
    print(f"native call on int64 arrays        : {t_core * 1e3:8.1f} ms  ({t_core / n * 1e9:5.1f} ns/pair)")
    print(f"criterion figure of the core        : {CRITERION_NS_PER_PAIR * n / 1e6:8.1f} ms  ({CRITERION_NS_PER_PAIR:5.1f} ns/pair)")
    print(f"vectorized pandas/numpy            : {t_np * 1e3:8.1f} ms  ({t_np / n * 1e9:5.1f} ns/pair)")
    print(f"ratio Python / native call         : {t_py / t_core:5.2f}x")
    print(f"ratio Python / criterion           : {t_py / n * 1e9 / CRITERION_NS_PER_PAIR:5.2f}x")
    print(f"speed-up over pandas/numpy         : {t_np / t_py:5.2f}x  (same numbers on all {n} rows)")


if __name__ == "__main__":
    main()
