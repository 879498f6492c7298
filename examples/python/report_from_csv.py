"""The quality report of a help desk from its CSV exports, with pandas: KPIs, CSAT and NPS by
agent, and a plot.

    python examples/python/report_from_csv.py                     # the demo data set
    python examples/python/report_from_csv.py summary.csv surveys.csv calendar.json \\
        [--policies policies.json] [--as-of 2027-01-01T00:00:00+03:00] [--plot report.png]

Without paths it writes the core's demo data set (a Moscow help desk, Q4 2026:
``support_metrics.demo_data()``) to a temporary folder and reads it from there like any export.
The files are the summary CSV (``id,channel,agent,...,created_at,first_response_at,...``), the
surveys CSV (``interaction_id,kind,score,responded_at[,comment,topic,agent]``) and the calendar
JSON (docs/calendars.md). pandas reads them; ``support_metrics.report`` takes the DataFrames as
they are (every figure is computed by the Rust core, the same as the command line's ``report``
and the browser's). ``--plot`` draws CSAT by agent, the weekly trend, the first-response
histogram and the weekday x hour volume to a PNG with matplotlib, when it is installed.
"""

from __future__ import annotations

import argparse
import pathlib
import tempfile
from typing import Any, List, NamedTuple, Optional, Sequence

import pandas as pd

import support_metrics as sm

SUMMARY_TEXT = ["id", "channel", "agent", "group", "topic", "priority", "customer_id"]
SUMMARY_INSTANTS = ["created_at", "first_response_at", "resolved_at"]
SURVEYS_TEXT = ["interaction_id", "kind", "comment", "topic", "agent"]
COMPARATORS = {"at_least": ">=", "at_most": "<=", "below": "<"}
# RFC 3339 text ends with its offset: `Z` or `+03:00`.
OFFSET = r"(?:[Zz]|[+-]\d\d:\d\d)$"


class Output(NamedTuple):
    report: sm.Result
    kpis: pd.DataFrame
    agents: pd.DataFrame
    plot: Optional[pathlib.Path]


def read_instants(column: "pd.Series[Any]") -> "pd.Series[Any]":
    """RFC 3339 text as aware datetimes. Text without an offset becomes naive datetimes, which
    support_metrics refuses (``naive_datetime``) rather than guess their zone."""
    present = column.dropna().astype(str)
    aware = bool(present.str.contains(OFFSET).all())
    return pd.to_datetime(column, format="ISO8601", utc=aware)


def read_interactions(path: pathlib.Path) -> pd.DataFrame:
    # Ids and names stay text (`0042` is not 42); counts, seconds and flags are read by pandas.
    df = pd.read_csv(path, dtype={c: str for c in SUMMARY_TEXT})
    for c in SUMMARY_INSTANTS:
        if c in df.columns:
            df[c] = read_instants(df[c])
    return df


def read_surveys(path: pathlib.Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype={c: str for c in SURVEYS_TEXT})
    if "responded_at" in df.columns:
        df["responded_at"] = read_instants(df["responded_at"])
    return df


def kpi_table(report: sm.Result) -> pd.DataFrame:
    """One row per KPI: its value, 95% interval, observations, target and status."""
    rows = []
    for k in report.kpis:
        target = k.target
        rows.append(
            {
                "kpi": k.name,
                "unit": k.unit,
                "value": k.value,
                "lower": None if k.interval is None else k.interval.lower,
                "upper": None if k.interval is None else k.interval.upper,
                "n": k.n,
                "target": None if target is None else f"{COMPARATORS[target.comparator]}{target.threshold:g}",
                "status": k.status,
            }
        )
    df = pd.DataFrame(rows)
    for c in ("value", "lower", "upper"):
        df[c] = df[c].astype("float64")
    return df


def agent_table(report: sm.Result) -> pd.DataFrame:
    """CSAT and NPS by agent (the report's agent breakdown), with each one's interactions."""
    breakdown = next(b for b in report.breakdowns if b.dimension == "agent")
    rows = []
    for g in breakdown.rows:
        s = g.surveys
        rows.append(
            {
                "agent": g.key,
                "interactions": 0 if g.tickets is None else g.tickets.interactions,
                "csat": None if s is None else s.csat.value,
                "csat_n": 0 if s is None else s.csat.responses,
                "nps": None if s is None else s.nps.value,
                "nps_n": 0 if s is None else s.nps.count,
            }
        )
    df = pd.DataFrame(rows)
    for c in ("csat", "nps"):
        df[c] = df[c].astype("float64")
    return df


def show(title: str, df: pd.DataFrame) -> None:
    print(title)
    print(df.fillna({c: "-" for c in df.columns if df[c].dtype == object}).to_string(
        index=False, na_rep="-", float_format=lambda x: f"{x:.6g}"
    ))
    print()


def plot(report: sm.Result, agents: pd.DataFrame, path: pathlib.Path) -> Optional[pathlib.Path]:
    """CSAT by agent, the weekly trend, the first-response histogram, the volume heatmap."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(f"matplotlib is not installed: no plot written to {path} (pip install matplotlib)")
        return None
    fig, ((a, b), (c, d)) = plt.subplots(2, 2, figsize=(13, 8.5))
    fig.suptitle(f"Quality report ({report.tickets.interactions} interactions, as of {report.as_of or 'now'})")

    rated = agents.dropna(subset=["csat"])
    a.bar(rated["agent"].fillna("-"), rated["csat"] * 100, color="#4c78a8")
    csat = next(k for k in report.kpis if k.name == "csat")
    if csat.target is not None:
        a.axhline(csat.target.threshold * 100, color="#e45756", linestyle="--", label="target")
        a.legend()
    a.set_title("CSAT by agent, %")
    a.tick_params(axis="x", rotation=45)

    weeks = [p.period for p in report.trend]
    volume = [0 if p.tickets is None else p.tickets.interactions for p in report.trend]
    b.bar(weeks, volume, color="#9ecae9")
    b.set_title("Interactions and CSAT by ISO week")
    b.tick_params(axis="x", rotation=90)
    weekly_csat = [None if p.surveys is None else p.surveys.csat.value for p in report.trend]
    b2 = b.twinx()
    b2.plot(weeks, [float("nan") if v is None else v * 100 for v in weekly_csat], color="#f58518", marker="o")
    b2.set_ylabel("CSAT, %")

    h = report.first_response_histogram
    labels = [f"<{e / 3600:g}h" for e in h.edges] + [f">={h.edges[-1] / 3600:g}h"]
    c.bar(labels, h.counts, color="#54a24b")
    c.set_title(f"First response, {report.time} time ({h.excluded} without one)")

    im = d.imshow(report.volume_heatmap, aspect="auto", cmap="Blues")
    d.set_yticks(range(7), ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
    d.set_xlabel(f"hour ({report.timezone})")
    d.set_title("Interactions created, weekday x hour")
    fig.colorbar(im, ax=d)

    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def main(argv: Optional[Sequence[str]] = None) -> Output:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("paths", nargs="*", metavar="FILE", help="summary CSV, surveys CSV, calendar JSON (default: the demo)")
    parser.add_argument("--policies", type=pathlib.Path, help="SLA policies JSON (needs --as-of)")
    parser.add_argument("--as-of", help="RFC 3339 instant the report is as of, e.g. 2027-01-01T00:00:00+03:00")
    parser.add_argument("--plot", type=pathlib.Path, help="write a PNG of the report here (needs matplotlib)")
    args = parser.parse_args(argv)
    if len(args.paths) not in (0, 3):
        parser.error("give the three files (summary CSV, surveys CSV, calendar JSON) or none for the demo")

    with tempfile.TemporaryDirectory() as tmp:
        policies: Optional[str] = None
        as_of: Optional[str] = args.as_of
        if args.paths:
            summary, surveys, calendar = (pathlib.Path(p) for p in args.paths)
        else:
            demo = sm.demo_data()
            folder = pathlib.Path(tmp)
            summary, surveys, calendar = folder / "summary.csv", folder / "surveys.csv", folder / "calendar.json"
            summary.write_text(demo.summary_csv, encoding="utf-8")
            surveys.write_text(demo.surveys_csv, encoding="utf-8")
            calendar.write_text(demo.calendar, encoding="utf-8")
            policies, as_of = demo.policies, as_of or demo.as_of
            print(f"demo data set written to {folder} and read back from there")
        if args.policies is not None:
            policies = args.policies.read_text(encoding="utf-8")
        interactions = read_interactions(summary)
        answers = read_surveys(surveys)
        options = {} if as_of is None else {"tickets": {"measures": {"as_of": pd.Timestamp(as_of)}}}
        report = sm.report(
            calendar=calendar.read_text(encoding="utf-8"),
            interactions=interactions,
            surveys=answers,
            policies=policies,
            options=options,
        )

    quality = report.data_quality
    print(
        f"{report.tickets.interactions} interactions, {report.surveys.answers} survey answers; "
        f"as of {report.as_of or '-'}; {report.time} time in {report.timezone}; "
        f"{quality.rows_rejected} of {quality.rows_read} rows rejected, {len(quality.findings)} findings"
    )
    print()
    kpis, agents = kpi_table(report), agent_table(report)
    show("KPIs", kpis)
    show("CSAT and NPS by agent", agents)
    written = None if args.plot is None else plot(report, agents, args.plot)
    if written is not None:
        print(f"plot: {written}")
    return Output(report, kpis, agents, written)


if __name__ == "__main__":
    main()
