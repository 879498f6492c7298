"""Business-hours first response times from a pandas DataFrame.

    python examples/python/calendar_demo.py

A Moscow support desk with a lunch break and a holiday; tickets created and first answered at
various times. Prints each ticket's first response time in business hours and whether it met
a 4-business-hour target. (The full report from CSV files: ``report_from_csv.py``.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from support_metrics import BusinessCalendar

CALENDAR = BusinessCalendar.from_json("""{
    "name": "Moscow desk",
    "timezone": "Europe/Moscow",
    "week": {"mon": [["09:00", "13:00"], ["14:00", "18:00"]],
             "tue": [["09:00", "13:00"], ["14:00", "18:00"]],
             "wed": [["09:00", "13:00"], ["14:00", "18:00"]],
             "thu": [["09:00", "13:00"], ["14:00", "18:00"]],
             "fri": [["09:00", "13:00"], ["14:00", "17:00"]]},
    "holidays": ["2026-03-09"]
}""")

TICKETS = pd.DataFrame(
    {
        "ticket": ["T-1", "T-2", "T-3", "T-4", "T-5"],
        "created": ["2026-03-02 12:30", "2026-03-05 16:45", "2026-03-06 16:00", "2026-03-07 11:00", "2026-03-10 09:00"],
        "first_reply": ["2026-03-02 15:10", "2026-03-06 10:00", "2026-03-10 10:30", "2026-03-10 09:05", None],
    }
)


def main() -> pd.DataFrame:
    df = TICKETS.copy()
    # The export holds Moscow wall times: make them aware before asking for business time.
    for col in ("created", "first_reply"):
        df[col] = pd.to_datetime(df[col]).dt.tz_localize("Europe/Moscow")
    df["frt_business_h"] = CALENDAR.business_seconds(df["created"], df["first_reply"]) / 3600
    df["frt_calendar_h"] = (df["first_reply"] - df["created"]).dt.total_seconds() / 3600
    due = CALENDAR.add_business_seconds(df["created"], np.full(len(df), 4 * 3600.0))
    df["due"] = pd.to_datetime(due, utc=True).tz_convert("Europe/Moscow")
    df["met_4h"] = (df["first_reply"] <= df["due"]).where(df["first_reply"].notna())
    return df


if __name__ == "__main__":
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print(f"{CALENDAR!r}\n")
        print(main().round({"frt_business_h": 2, "frt_calendar_h": 2}).to_string(index=False))
