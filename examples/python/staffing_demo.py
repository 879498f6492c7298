"""Agents per half hour for a morning's forecast, and the service a planned head count gives.

    python examples/python/staffing_demo.py

Every call below is a core operation reached through its generated function
(``support_metrics.staffing_plan``, ``support_metrics.erlang_c_metrics``): the same numbers as
the Rust crate, the browser and the command line.
"""

from __future__ import annotations

import pandas as pd

import support_metrics as sm

FORECAST = pd.DataFrame(
    {
        "interval": ["09:00", "09:30", "10:00", "10:30"],
        "calls": [100, 180, 360, 240],
        "aht_seconds": [180.0, 200.0, 240.0, 240.0],
    }
)
TARGET = {"service_level": 0.8, "threshold_seconds": 20, "shrinkage": 0.3}


def main() -> pd.DataFrame:
    # A DataFrame is a list of records to the core; extra columns are not its business.
    plan = sm.staffing_plan(forecast=FORECAST[["calls", "aht_seconds"]], interval="30m", target=TARGET)
    if plan.errors:
        raise ValueError(plan.errors)
    out = FORECAST.copy()
    out["agents"] = [row.agents for row in plan["values"]]
    out["scheduled"] = [row.scheduled_agents for row in plan["values"]]
    # What 52 agents on the phones would give at the 10:00 peak (360 calls x 240 s / 1800 s).
    peak = sm.erlang_c_metrics(agents=52, traffic_erlangs=360 * 240 / 1800, aht_seconds=240, threshold_seconds=20)
    out.attrs["service_level_with_52_at_peak"] = peak.service_level
    return out


if __name__ == "__main__":
    table = main()
    print(table.to_string(index=False))
    print(f"service level with 52 agents at 10:00: {table.attrs['service_level_with_52_at_peak']:.1%}")
