#!/usr/bin/env python3
"""The report's headline figures with pandas + numpy, from the same files as the Rust CLI.

The baseline of issue 8, item 5: an idiomatic, careful, vectorized pandas + numpy script that
computes, from interactions.csv (summary rows), surveys.csv, calendar.json and policies.json,

- business-hours first response time (FRT) and full resolution time: count, excluded, mean,
  median and p90, overall and by agent and by channel; the resolution rate;
- SLA first_reply and resolution states as of --as-of (met / breached / active) and
  compliance met / (met + breached) with its Wilson interval, overall and by priority;
- CSAT (top box), NPS and CES with their intervals overall, and CSAT and NPS by agent,

and prints them as JSON (compare.py checks them against `support-metrics report --json`).

Definitions mirror the Rust core (crates/support-metrics/src; docs/metrics.md):

- Business time. The calendar's open intervals over the data's span are built once, in UTC
  (weekly hours, holidays, date overrides, closures; wall times resolved with the "compatible"
  DST rule, i.e. Python's fold=0: a time in a gap moves forward by the gap, an ambiguous time is
  its first occurrence). With the cumulative business time at each interval start, the business
  time before any instant is one np.searchsorted; a span is a difference of two; a deadline
  ("the latest instant x >= start with business(start, x) == target") is one searchsorted on
  the cumulative ends. Everything is in int64 nanoseconds, as in the core.
- A summary row is an interaction with a first agent reply at first_response_at and a solve at
  resolved_at. Events after as_of are ignored; interactions created after as_of are left out.
  FRT = business(created_at, first_response_at); full resolution = business(created_at,
  resolved_at) when resolved (at or before as_of); resolution rate = resolved / all.
- SLA. The first policy whose conditions all hold applies (priority, channel, group lists; an
  empty list matches anything; summary rows have no tags). first_reply stops at the earlier of
  the first reply and the resolution, resolution at the resolution. Met: stopped at or before
  the deadline; breached: stopped after it, or still running with as_of past it; active: still
  running before it. (That is the core's elapsed <= target, see docs/metrics.md "Deadline".)
- Surveys. Answers given after as_of are left out; a row that fails the scale checks is
  rejected. One answer is kept per (interaction, kind): the greatest (responded_at, score, has a
  non-blank comment, topic, agent), blanks lowest, where topic and agent are the answer's own
  when non-blank, else its interaction's. CSAT top box = share of answers >= 4 on 1-5 (Wilson
  interval); NPS = 100 (p - d) with promoters 9-10 and detractors 0-6 (adjusted Wald interval);
  CES = mean on 1-7 with its Student t interval. By agent: answers about a known interaction
  only (the others count in the totals).
- Percentiles are numpy's linear interpolation; Wilson and adjusted Wald use z = Phi^-1(0.975).

Timing: "work_seconds" covers everything after the imports (reading the files included);
"script_seconds" is from the first line of the script (imports included). /usr/bin/time gives
the process total.
"""

from __future__ import annotations

import time

_T_START = time.perf_counter()

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
from statistics import NormalDist  # noqa: E402
from typing import Any  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

_T_IMPORTED = time.perf_counter()

NS = 1_000_000_000
NAT = np.iinfo(np.int64).min  # numpy's NaT as int64
LEVEL = 0.95
Z = NormalDist().inv_cdf(0.5 + 0.5 * LEVEL)
SCALES = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7), "csi": (1, 10)}
CSAT_GOOD_MIN = 4  # top box on 1-5: 4 and 5 are good (docs/metrics.md, CSAT)
STRING_COLUMNS = ["id", "channel", "agent", "group", "topic", "priority"]
TIME_COLUMNS = ["created_at", "first_response_at", "resolved_at"]
CHANNELS = ["email", "chat", "phone", "social", "messenger", "web_form", "other"]
SURVEY_TEXT = ["interaction_id", "kind", "comment", "topic", "agent"]
LAST_DAY = dt.date(2099, 12, 31)  # the core's supported calendar dates end here


# --------------------------------------------------------------------------- calendar


def _wall_seconds(text: str) -> int:
    """`HH:MM` or `HH:MM:SS` as seconds of the day (24:00 is 86400)."""
    parts = [int(p) for p in text.split(":")]
    h, m, s = (parts + [0])[:3]
    return h * 3600 + m * 60 + s


def _local_to_utc_ns(day: dt.date, seconds: int, tz: ZoneInfo) -> int:
    """A wall time on `day` (seconds of the day, 86400 = next midnight) as UTC nanoseconds.

    fold=0 is the "compatible" rule of the core: a time in a DST gap is read with the offset in
    force before it (so it moves forward by the gap), an ambiguous time is its first occurrence.
    """
    day = day + dt.timedelta(days=seconds // 86400)
    seconds %= 86400
    local = dt.datetime(
        day.year, day.month, day.day, seconds // 3600, seconds // 60 % 60, seconds % 60,
        tzinfo=tz,
    )
    return int(local.timestamp()) * NS


def _resolve(day: dt.date, pairs: list[list[str]], tz: ZoneInfo) -> list[tuple[int, int]]:
    """The intervals of one local date in UTC ns; overnight (end <= start) ends the next day."""
    out = []
    for a, b in pairs:
        sa, sb = _wall_seconds(a), _wall_seconds(b)
        if sb <= sa:
            sb += 86400
        start, end = _local_to_utc_ns(day, sa, tz), _local_to_utc_ns(day, sb, tz)
        if end > start:  # an interval that collapses in a DST gap is dropped
            out.append((start, end))
    return out


def _union(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(intervals):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _subtract(opened: list[tuple[int, int]], closed: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for s, e in opened:
        for cs, ce in closed:
            if ce <= s or cs >= e:
                continue
            if cs > s:
                out.append((s, cs))
            s = max(s, ce)
            if s >= e:
                break
        if s < e:
            out.append((s, e))
    return out


class BusinessClock:
    """A calendar's open time over the local dates [first_day, last_day] as sorted, disjoint
    UTC intervals with cumulative business nanoseconds, queried with np.searchsorted."""

    def __init__(self, cal: dict[str, Any], first_day: dt.date, last_day: dt.date) -> None:
        tz = ZoneInfo(cal["timezone"])
        week = cal.get("week", {})
        names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        holidays = set(cal.get("holidays", []))
        overrides = cal.get("overrides", {})
        opened: list[tuple[int, int]] = []
        day = first_day
        while day <= last_day:
            key = day.isoformat()
            if key in overrides:  # an override beats a holiday
                pairs = overrides[key]
            elif key in holidays:
                pairs = []
            else:
                pairs = week.get(names[day.weekday()], [])
            opened += _resolve(day, pairs, tz)
            day += dt.timedelta(days=1)
        closed = []
        for key, pairs in cal.get("closures", {}).items():
            closed += _resolve(dt.date.fromisoformat(key), pairs, tz)
        spans = _subtract(_union(opened), _union(closed))
        self.cal, self.first_day, self.last_day = cal, first_day, last_day
        self.starts = np.array([s for s, _ in spans], dtype=np.int64)
        self.ends = np.array([e for _, e in spans], dtype=np.int64)
        lengths = self.ends - self.starts
        self.cum_end = np.cumsum(lengths)  # business ns before each interval's end
        self.cum = self.cum_end - lengths  # business ns before each interval's start

    def before(self, t: np.ndarray) -> np.ndarray:
        """Business ns from the first day to each instant t (int64 ns, no NaT)."""
        k = np.searchsorted(self.starts, t, side="right") - 1
        kk = np.maximum(k, 0)
        inside = self.cum[kk] + np.minimum(t, self.ends[kk]) - self.starts[kk]
        return np.where(k >= 0, inside, 0)

    def add(self, start: np.ndarray, amount_ns: int) -> np.ndarray | None:
        """The latest instant x >= start with business(start, x) == amount (docs/calendars.md
        2.4): the target runs out inside interval k at starts[k] + (target - cum[k]), or, when
        it runs out exactly at a closing, at the next opening. None when the open time built is
        too short for some row."""
        target = self.before(start) + amount_ns
        k = np.searchsorted(self.cum_end, target, side="right")
        if len(k) and k.max() >= len(self.starts):
            return None
        return self.starts[k] + (target - self.cum[k])

    def deadlines(self, start: np.ndarray, amount_ns: int) -> tuple[BusinessClock, np.ndarray]:
        """`add`, extending the dates built (same first day, so `before` keeps its values)
        until every deadline fits; returns the clock used."""
        clock = self
        while True:
            out = clock.add(start, amount_ns)
            if out is not None:
                return clock, out
            if clock.last_day >= LAST_DAY:
                raise SystemExit("an SLA deadline falls after the supported range (no working time)")
            grow = max(4 * (clock.last_day - clock.first_day), dt.timedelta(days=366))
            clock = BusinessClock(clock.cal, clock.first_day, min(clock.last_day + grow, LAST_DAY))


# --------------------------------------------------------------------------- statistics


def to_seconds(ns: np.ndarray) -> np.ndarray:
    """Non-negative int64 ns as float seconds, the way the core converts."""
    return (ns // NS).astype(np.float64) + (ns % NS).astype(np.float64) / 1e9


def wilson(x: int, n: int) -> dict[str, Any]:
    if n == 0:
        return {"numerator": 0, "denominator": 0, "value": None, "lower": None, "upper": None}
    p = x / n
    z2 = Z * Z
    denom = 1.0 + z2 / n
    center = (p + z2 / (2.0 * n)) / denom
    half = Z * math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denom
    lower = 0.0 if x == 0 else center - half
    upper = 1.0 if x == n else center + half
    return {
        "numerator": int(x), "denominator": int(n), "value": p,
        "lower": min(max(lower, 0.0), 1.0), "upper": min(max(upper, 0.0), 1.0),
    }


def nps(promoters: int, passives: int, detractors: int) -> dict[str, Any]:
    """NPS in points with the adjusted Wald interval (stats/nps.rs)."""
    n = promoters + passives + detractors
    out: dict[str, Any] = {
        "count": int(n), "promoters": int(promoters), "passives": int(passives),
        "detractors": int(detractors), "value": None, "lower": None, "upper": None,
    }
    if n == 0:
        return out
    out["value"] = 100.0 * (promoters / n - detractors / n)
    nn = n + 3.0
    p, d = (promoters + 0.75) / nn, (detractors + 0.75) / nn
    var = max(p + d - (p - d) ** 2, 0.0)
    half = Z * math.sqrt(var / nn)
    out["lower"] = max(100.0 * ((p - d) - half), -100.0)
    out["upper"] = min(100.0 * ((p - d) + half), 100.0)
    return out


_GL_X, _GL_W = np.polynomial.legendre.leggauss(200)


def t_ppf(p: float, df: float) -> float:
    """Student t quantile without scipy. With x = sqrt(df) tan(theta), the t CDF is
    1/2 + J(theta) / (2 J(pi/2)), J(a) = integral of cos(u)^(df - 1) over [0, a]; J is
    evaluated by Gauss-Legendre quadrature (the integrand is negligible, < e^-72 relative,
    past 12 / sqrt(df - 1)) and J(theta) / J(pi/2) = 2p - 1 solved by Newton from the normal
    quantile (J is concave, so Newton climbs to the root). About 1e-15 relative against
    mpmath for df from 1 to 1e6 (checked at 1, 2, 3, 5, 10, 30, 100, 1229, 6e4, 1e6)."""
    if p < 0.5:
        return -t_ppf(1.0 - p, df)

    def j(a: float) -> float:
        u = 0.5 * a * (_GL_X + 1.0)
        # cos^(df-1) as exp((df-1)/2 log1p(-sin^2)): no cancellation for small u, large df
        log_cos = 0.5 * np.log1p(-np.square(np.sin(u)))
        return 0.5 * a * float(np.dot(_GL_W, np.exp((df - 1.0) * log_cos)))

    top = math.pi / 2 if df <= 1.0 else min(math.pi / 2, 12.0 / math.sqrt(df - 1.0))
    total = j(top)
    goal = (2.0 * p - 1.0) * total
    theta = math.atan(NormalDist().inv_cdf(p) / math.sqrt(df))
    for _ in range(100):
        step = (goal - j(theta)) / math.cos(theta) ** (df - 1.0)
        theta += step
        if abs(step) <= 1e-16 * theta:
            break
    return math.sqrt(df) * math.tan(theta)


def mean_estimate(values: pd.Series) -> dict[str, Any]:
    n = int(values.count())
    out: dict[str, Any] = {"count": n, "mean": None, "std_dev": None, "lower": None, "upper": None}
    if n == 0:
        return out
    out["mean"] = float(values.mean())
    if n > 1:
        sd = float(values.std(ddof=1))
        half = t_ppf(0.5 + 0.5 * LEVEL, n - 1.0) * sd / math.sqrt(n)
        out.update(std_dev=sd, lower=out["mean"] - half, upper=out["mean"] + half)
    return out


def duration_stats(seconds: np.ndarray, total: int) -> dict[str, Any]:
    n = len(seconds)
    if n == 0:
        return {"count": 0, "excluded": total, "mean": None, "median": None, "p90": None}
    median, p90 = np.quantile(seconds, [0.5, 0.9])  # numpy's linear interpolation
    return {
        "count": n, "excluded": total - n, "mean": float(seconds.mean()),
        "median": float(median), "p90": float(p90),
    }


def key_of(k: Any) -> str | None:
    return None if k is None or k is pd.NA or (isinstance(k, float) and math.isnan(k)) else str(k)


# --------------------------------------------------------------------------- reading


def utc_ns(col: pd.Series) -> np.ndarray:
    """A column of RFC 3339 instants as int64 UTC ns (NaT for blanks and bad values)."""
    if not isinstance(col.dtype, pd.DatetimeTZDtype):
        col = pd.to_datetime(col, utc=True, format="ISO8601", errors="coerce")
    return col.dt.as_unit("ns").array.asi8


def read_csv(path: str, engine: str, text: list[str], usecols: list[str] | None = None
             ) -> pd.DataFrame:
    """Only the empty field is missing (the core's rule): "NA" or "null" are values. `text`
    columns are strings even when every field is blank. With the pyarrow engine, RFC 3339
    columns come back as datetime64[s, UTC]; with the C engine `utc_ns` parses them."""
    if usecols is None:
        with open(path, encoding="utf-8") as f:
            header = f.readline().rstrip("\r\n").split(",")
    else:
        header = usecols
    return pd.read_csv(path, engine=engine, usecols=usecols, keep_default_na=False,
                       na_values=[""], dtype={c: "str" for c in text if c in header})


def blank(col: pd.Series) -> pd.Series:
    """Missing or only whitespace (the core's "blank as None")."""
    return col.isna() | (col.str.strip() == "")


def by_key(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows sorted by key, None first (the core's breakdown order)."""
    return sorted(rows, key=lambda r: (r["key"] is not None, r["key"] or ""))


# --------------------------------------------------------------------------- the report

STAGES: dict[str, float] = {}
_last = [0.0]


def lap(stage: str) -> None:
    """Records the seconds since the previous lap under `stage`."""
    now = time.perf_counter()
    STAGES[stage] = now - _last[0]
    _last[0] = now


def report(args: argparse.Namespace) -> dict[str, Any]:
    _last[0] = time.perf_counter()
    as_of = int(pd.Timestamp(args.as_of).tz_convert("UTC").as_unit("ns").value)
    with open(args.calendar, encoding="utf-8") as f:
        cal = json.load(f)
    with open(args.policies, encoding="utf-8") as f:
        policies = json.load(f)["policies"]

    # ---- Interactions.
    every = read_csv(args.interactions, args.engine, STRING_COLUMNS, STRING_COLUMNS + TIME_COLUMNS)
    created, first_reply, resolved_at = (utc_ns(every[c]) for c in TIME_COLUMNS)
    ids = pd.Index(every["id"])
    lap("read_interactions")
    # Rows the core's reader rejects: no id, no creation instant, an unknown channel, an event
    # before the creation, a repeated id (the later rows).
    ok = (created != NAT) & ((first_reply == NAT) | (first_reply >= created)) \
        & ((resolved_at == NAT) | (resolved_at >= created)) & every["id"].notna().to_numpy() \
        & every["channel"].isin(CHANNELS).to_numpy()
    if not ids.is_unique:
        ok &= ~ids.duplicated(keep="first")
    rejected = int((~ok).sum())
    after_as_of = ok & (created > as_of)
    keep = ok & ~after_as_of
    df = every.loc[keep].reset_index(drop=True) if not keep.all() else every
    created, first_reply, resolved_at = created[keep], first_reply[keep], resolved_at[keep]
    n = len(df)
    if n == 0:
        raise SystemExit("no interactions at or before --as-of")

    tz = cal["timezone"]
    first_day = pd.Timestamp(int(created.min()), tz="UTC").tz_convert(tz).date()
    last = max(as_of, int(first_reply.max()), int(resolved_at.max()), int(created.max()))
    last_day = pd.Timestamp(last, tz="UTC").tz_convert(tz).date()
    clock = BusinessClock(cal, first_day - dt.timedelta(days=2),
                          min(last_day + dt.timedelta(days=60), LAST_DAY))

    # Events after as_of are ignored.
    answered = (first_reply != NAT) & (first_reply <= as_of)
    resolved = (resolved_at != NAT) & (resolved_at <= as_of)
    b_created = clock.before(created)
    frt = np.full(n, np.nan)
    frt[answered] = to_seconds(clock.before(first_reply[answered]) - b_created[answered])
    res = np.full(n, np.nan)
    res[resolved] = to_seconds(clock.before(resolved_at[resolved]) - b_created[resolved])
    df = df.assign(frt=frt, resolution=res, resolved=resolved)
    lap("business_time")

    # ---- SLA: the first matching policy, then each target's state as of as_of.
    policy = np.full(n, -1)
    for i, p in reversed(list(enumerate(policies))):  # assigned last to first: the first wins
        m = p.get("match", {})
        hit = np.ones(n, dtype=bool)
        for field in ("priority", "channel", "group"):
            if m.get(field):
                hit &= df[field].isin(m[field]).to_numpy()
        if m.get("tags_any") or m.get("tags_all"):
            hit[:] = False  # summary rows have no tags
        policy[hit] = i
    # first_reply stops at the first reply or the resolution, whichever is first.
    stops = {
        "first_reply": np.where(answered & (~resolved | (first_reply <= resolved_at)),
                                first_reply, np.where(resolved, resolved_at, NAT)),
        "resolution": np.where(resolved, resolved_at, NAT),
    }
    states = {}
    for metric, stop in stops.items():
        state = np.zeros(n, dtype=np.int8)  # 0 no target, 1 met, 2 breached, 3 active, 4 paused
        for i, p in enumerate(policies):
            rows = np.flatnonzero(policy == i)
            target = next((t for t in p["targets"] if t["metric"] == metric), None)
            if target is None or len(rows) == 0:
                continue
            stopped = stop[rows] != NAT
            if "new" in target.get("pause", []):  # the clock never runs on a summary row
                state[rows] = np.where(stopped, 1, 4)
                continue
            amount = int(round(target["seconds"] * NS))
            if target.get("time", "business") == "calendar":
                deadline = created[rows] + amount
            else:
                clock, deadline = clock.deadlines(created[rows], amount)
            end = np.where(stopped, stop[rows], as_of)
            state[rows] = np.where(end > deadline, 2, np.where(stopped, 1, 3))
        for code, name in ((1, "met"), (2, "breached"), (3, "active"), (4, "paused")):
            states[f"{metric}_{name}"] = state == code
    df = df.assign(**states)
    lap("sla")
    sla_columns = list(states)

    def sla_figures(sums: pd.Series) -> dict[str, Any]:
        out = {}
        for metric in stops:
            met, breached = int(sums[f"{metric}_met"]), int(sums[f"{metric}_breached"])
            out[metric] = {"met": met, "breached": breached,
                           "active": int(sums[f"{metric}_active"]),
                           "paused": int(sums[f"{metric}_paused"]), **wilson(met, met + breached)}
        return out

    def ticket_breakdown(by: str) -> list[dict[str, Any]]:
        g = df.groupby(by, dropna=False, sort=True)
        table = pd.concat([
            g.agg(interactions=("frt", "size"), frt_count=("frt", "count"),
                  frt_mean=("frt", "mean"), res_count=("resolution", "count"),
                  res_mean=("resolution", "mean"), resolved=("resolved", "sum")),
            g[["frt", "resolution"]].median().add_suffix("_median"),
            g[["frt", "resolution"]].quantile(0.9).add_suffix("_p90"),
        ], axis=1)
        rows = []
        for k, r in zip(table.index, table.to_dict("records")):
            total = int(r["interactions"])
            row: dict[str, Any] = {"key": key_of(k), "interactions": total}
            for name, pre, col in (("first_response", "frt", "frt"),
                                   ("full_resolution", "res", "resolution")):
                c = int(r[f"{pre}_count"])
                row[name] = {
                    "count": c, "excluded": total - c,
                    "mean": float(r[f"{pre}_mean"]) if c else None,
                    "median": float(r[f"{col}_median"]) if c else None,
                    "p90": float(r[f"{col}_p90"]) if c else None,
                }
            row["resolution_rate"] = wilson(int(r["resolved"]), total)
            rows.append(row)
        return by_key(rows)

    by_priority = df.groupby("priority", dropna=False, sort=True)[sla_columns].sum()
    out: dict[str, Any] = {
        "as_of": args.as_of,
        "interactions": n,
        "first_response": duration_stats(frt[answered], n),
        "full_resolution": duration_stats(res[resolved], n),
        "resolution_rate": wilson(int(resolved.sum()), n),
        "sla": sla_figures(df[sla_columns].sum()),
        "by_agent": ticket_breakdown("agent"),
        "by_channel": ticket_breakdown("channel"),
        "sla_by_priority": by_key([{"key": key_of(k), **sla_figures(r)}
                                   for k, r in by_priority.iterrows()]),
    }

    lap("ticket_figures")

    # ---- Surveys: answers given after as_of are left out, bad rows rejected.
    s = read_csv(args.surveys, args.engine, SURVEY_TEXT)
    lap("read_surveys")
    for c in ("comment", "topic", "agent"):
        if c not in s:
            s[c] = pd.Series(pd.NA, index=s.index, dtype="str")
    responded = utc_ns(s["responded_at"])
    late = (responded != NAT) & (responded > as_of)
    s = s.loc[~late].assign(responded_at=responded[~late],
                            kind=s["kind"].str.strip(), interaction_id=s["interaction_id"].str.strip())
    score = pd.to_numeric(s["score"], errors="coerce")
    is_kind = [s["kind"].eq(k).to_numpy() for k in SCALES]
    lo = np.select(is_kind, [v[0] for v in SCALES.values()], np.nan)
    hi = np.select(is_kind, [v[1] for v in SCALES.values()], np.nan)
    valid = (np.isfinite(score) & (score == np.floor(score)) & (score >= lo) & (score <= hi)
             & (s["responded_at"] != NAT) & ~blank(s["interaction_id"]))
    s = s.loc[valid].assign(score=score[valid].astype(np.int64))
    # Each answer's interaction (every interaction read, those after as_of too, as the core).
    ref = every if ok.all() else every.loc[ok]
    pos = (ids if ok.all() else pd.Index(ref["id"])).get_indexer(s["interaction_id"])
    known = pos >= 0
    at = np.maximum(pos, 0)
    joined = ref["agent"].take(at).set_axis(s.index).where(known)
    s["agent_key"] = s["agent"].where(~blank(s["agent"]), joined)
    s["known"] = known

    # One answer per (interaction, kind), the greatest (responded_at, score, has a comment,
    # topic, agent), blanks lowest: only the groups with several answers need sorting.
    dup = s.duplicated(["interaction_id", "kind"], keep=False).to_numpy()
    kept = ~dup
    if dup.any():
        d = s.loc[dup]
        joined_topic = ref["topic"].take(at[dup]).set_axis(d.index).where(known[dup])
        d = d.assign(topic_key=d["topic"].where(~blank(d["topic"]), joined_topic),
                     has_comment=~blank(d["comment"]))
        d = d.sort_values(["responded_at", "score", "has_comment", "topic_key", "agent_key"],
                          na_position="first", kind="stable")
        winners = d.drop_duplicates(["interaction_id", "kind"], keep="last")
        kept[s.index.get_indexer(winners.index)] = True
    lap("survey_join_dedupe")

    def csat_figures(good: int, responses: int) -> dict[str, Any]:
        return {"responses": int(responses), "good": int(good), **wilson(int(good), int(responses))}

    kind, score = s["kind"], s["score"]
    flags = s[["agent_key", "known"]].assign(
        csat=kept & (kind == "csat"),
        good=kept & (kind == "csat") & (score >= CSAT_GOOD_MIN),
        nps=kept & (kind == "nps"),
        promoter=kept & (kind == "nps") & (score >= 9),
        detractor=kept & (kind == "nps") & (score <= 6),
    )
    counts = ["csat", "good", "nps", "promoter", "detractor"]
    t = flags[counts].sum()
    out["surveys"] = {
        # CSI answers are in no CSAT/NPS/CES figure, and not counted as answers by the core.
        "answers": int((kept & (kind != "csi")).sum()),
        "superseded": int((~kept).sum()),  # answers set aside by a re-rating
        "csat": csat_figures(t["good"], t["csat"]),
        "nps": nps(int(t["promoter"]), int(t["nps"] - t["promoter"] - t["detractor"]),
                   int(t["detractor"])),
        "ces": mean_estimate(score[kept & (kind == "ces")].astype(np.float64)),
    }
    # By agent: the answers about a known interaction (a group per agent seen, kept or not).
    per_agent = flags[flags["known"]].groupby("agent_key", dropna=False, sort=True)[counts].sum()
    out["surveys_by_agent"] = by_key([
        {"key": key_of(k),
         "csat": csat_figures(r["good"], r["csat"]),
         "nps": nps(int(r["promoter"]), int(r["nps"] - r["promoter"] - r["detractor"]),
                    int(r["detractor"]))}
        for k, r in per_agent.iterrows()
    ])
    out["excluded"] = {"interactions_after_as_of": int(after_as_of.sum()),
                       "surveys_after_as_of": int(late.sum()),
                       "interactions_rejected": rejected,
                       "surveys_rejected": int((~valid).sum())}
    lap("survey_figures")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--interactions", required=True)
    ap.add_argument("--surveys", required=True)
    ap.add_argument("--calendar", required=True)
    ap.add_argument("--policies", required=True)
    ap.add_argument("--as-of", required=True, help="RFC 3339 instant, e.g. 2026-12-31T21:00:00Z")
    ap.add_argument("--engine", choices=["pyarrow", "c"], default=None,
                    help="pandas.read_csv engine (default: pyarrow when installed, else c)")
    ap.add_argument("--output", help="write the JSON here instead of stdout")
    args = ap.parse_args()
    if args.engine is None:
        try:
            import pyarrow  # noqa: F401
            args.engine = "pyarrow"
        except ImportError:
            args.engine = "c"
    t0 = time.perf_counter()
    out = report(args)
    t1 = time.perf_counter()
    out["timing"] = {
        "engine": args.engine,
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "import_seconds": _T_IMPORTED - _T_START,
        "work_seconds": t1 - t0,
        "script_seconds": t1 - _T_START,
        "stages": STAGES,
    }
    text = json.dumps(out, indent=1, allow_nan=False)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")
    print(f"pandas_report: work {t1 - t0:.3f} s after imports, {t1 - _T_START:.3f} s with imports "
          f"(engine {args.engine})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
