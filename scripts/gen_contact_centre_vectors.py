#!/usr/bin/env python3
"""Write crates/support-metrics/tests/vectors/contact_centre.json.

The script only builds the *inputs* (lists of records that would be tedious to type); every
expected value is typed by hand below, with its arithmetic in the case's `checked` text. Run it
with any Python 3 (no packages needed):

    python3 scripts/gen_contact_centre_vectors.py
"""

import json
import os
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "crates", "support-metrics", "tests", "vectors", "contact_centre.json")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def iso(t):
    return t.isoformat().replace("+00:00", "Z")


def rec(offset_s, wait_s, outcome, queue="support", agent=None, talk=0, hold=0, acw=0,
        transfers=0, rid=None, channel="call"):
    offered = T0 + timedelta(seconds=offset_s)
    r = {"queue": queue, "offered_at": iso(offered), "channel": channel}
    if rid:
        r["id"] = rid
    if agent:
        r["agent"] = agent
    at = iso(offered + timedelta(seconds=wait_s))
    if outcome == "answered":
        r["answered_at"] = at
    else:
        r["abandoned_at"] = at
    r.update(talk_seconds=talk, hold_seconds=hold, after_call_work_seconds=acw, transfers=transfers)
    return r


def kpis(contacts, offered, answered, abandoned, short_abandoned, sl_ignored, sl_against, sl_for,
         asa, att, abandonment_rate, abandonment_rate_with_short, aht, hold_rate, transfer_rate):
    """The expected KPIs in the answer's JSON form (only the keys derived: a rate's `value`,
    a mean's `mean`; their intervals come from the stats functions, checked in stats.json)."""
    rate = lambda v: dict(value=v)  # noqa: E731
    mean = lambda v: dict(mean=v)  # noqa: E731
    return dict(contacts=contacts, offered=offered, answered=answered, abandoned=abandoned,
                short_abandoned=short_abandoned,
                service_level=dict(abandons_ignored=rate(sl_ignored),
                                   abandons_counted_against=rate(sl_against),
                                   abandons_counted_for=rate(sl_for)),
                asa_seconds=mean(asa), average_time_to_abandon_seconds=mean(att),
                abandonment_rate=rate(abandonment_rate),
                abandonment_rate_with_short=rate(abandonment_rate_with_short),
                aht_seconds=mean(aht), hold_rate=rate(hold_rate),
                transfer_rate=rate(transfer_rate))


def opts(threshold=20, short=0, interval="30m", tz="UTC"):
    return dict(threshold_seconds=threshold, short_abandon_seconds=short, interval=interval,
                timezone=tz)


cases = []


def case(name, op, args, expect, checked):
    cases.append(dict(name=name, op=op, args=args, expect=expect, checked=checked))


# 1. Cisco's published service-level example.
cisco = ([rec(i * 10, 5, "answered", talk=100) for i in range(70)]
         + [rec(700 + i * 10, 12, "abandoned") for i in range(10)]
         + [rec(800 + i * 10, 40, "answered", talk=100) for i in range(15)]
         + [rec(950 + i * 10, 60, "abandoned") for i in range(5)])
case("cisco_service_level_example", "queue_report",
     dict(records=cisco, options=opts(interval="60m")),
     dict(total=kpis(100, 100, 85, 15, 0, 70 / 90, 0.70, 0.80, 950 / 85, 28.0, 0.15, 0.15, 100.0,
                     0.0, 0.0)),
     "Cisco Unified ICM/CCE reporting guide, 'Service Level Formulas' example: 70 answered within "
     "the threshold (ServiceLevelCalls), 10 abandoned within it (ServiceLevelAband), 20 past it "
     "(here 15 answered at 40 s and 5 abandoned at 60 s), 100 offered: ignored 70/(100-10) = "
     "77.8%, negative 70/100 = 70%, positive (70+10)/100 = 80%. ASA = (70*5 + 15*40)/85 = "
     "950/85; time to abandon = (10*12 + 5*60)/15 = 28; abandonment 15/100; AHT 100 (talk only).")

# 2. Short abandons, boundaries, AHT, hold and transfer rates, agent and queue breakdowns.
small = [
    rec(0, 10, "answered", agent="ana", talk=100, acw=20, rid="c1"),
    rec(60, 45, "answered", agent="ana", talk=300, hold=30, acw=60, transfers=1, rid="c2"),
    rec(120, 20, "answered", agent="ben", talk=200, acw=40, rid="c3", queue="sales",
        channel="chat"),
    rec(180, 15, "abandoned", rid="c4"),
    rec(240, 3, "abandoned", rid="c5"),
    rec(300, 5, "abandoned", rid="c6", queue="sales"),
    rec(360, 30, "abandoned", rid="c7", channel="callback"),
]
case("short_abandons_and_breakdowns", "queue_report",
     dict(records=small, options=opts(threshold=20, short=5)),
     dict(total=kpis(7, 6, 3, 4, 1, 0.5, 1 / 3, 2 / 3, 25.0, 50 / 3, 0.5, 4 / 7, 250.0, 1 / 3,
                     1 / 3),
          by_queue={
              "support": kpis(5, 4, 2, 3, 1, 1 / 3, 0.25, 0.5, 27.5, 22.5, 0.5, 0.6, 255.0, 0.5, 0.5),
              "sales": kpis(2, 2, 1, 1, 0, 1.0, 0.5, 1.0, 20.0, 5.0, 0.5, 0.5, 240.0, 0.0, 0.0)},
          by_agent={
              "ana": kpis(2, 2, 2, 0, 0, 0.5, 0.5, 0.5, 27.5, None, 0.0, 0.0, 255.0, 0.5, 0.5),
              "ben": kpis(1, 1, 1, 0, 0, 1.0, 1.0, 1.0, 20.0, None, 0.0, 0.0, 240.0, 0.0, 0.0)}),
     "Threshold 20 s (a wait of exactly 20 s is within), short abandons below 5 s (a 5 s abandon "
     "is not short). Waits: answered 10, 45, 20; abandoned 15, 3 (short), 5, 30. Offered = 7-1 = "
     "6; answered within: 10, 20 -> 2; abandoned within: 15, 5 -> 2. SL ignored 2/(6-2), "
     "against 2/6, for 4/6. Abandonment 3/6 and 4/7 with short. ASA (10+45+20)/3 = 25; time to "
     "abandon (15+5+30)/3; AHT (120 + 390 + 240)/3 = 250; held 1/3 (c2), transferred 1/3 (c2). "
     "support = c1,c2,c4,c5,c7: offered 4, within 1 answered (c1) + 1 abandoned (c4): ignored 1/(4-1), "
     "against 1/4, for 2/4; abandons 2/4 and 3/5; ASA 27.5; time to abandon (15+30)/2; AHT "
     "(120+390)/2. sales = c3,c6: within 1+1: ignored 1/1, against 1/2, for 2/2; ASA 20; time "
     "to abandon 5; AHT 240. ana = c1,c2; ben = c3 (abandons have no agent).")

# 3. Intervals on the local clock.
kolkata = [
    dict(queue="q", offered_at="2026-03-02T03:29:59Z", answered_at="2026-03-02T03:30:09Z"),
    dict(queue="q", offered_at="2026-03-02T03:30:00Z", answered_at="2026-03-02T03:30:30Z"),
    dict(queue="q", offered_at="2026-03-02T04:29:00Z", abandoned_at="2026-03-02T04:29:40Z"),
]
case("intervals_kolkata_60m", "queue_report",
     dict(records=kolkata, options=opts(interval="60m", tz="Asia/Kolkata")),
     dict(by_interval=[
         dict(local_start="2026-03-02T08:00:00+05:30",
              kpis=kpis(1, 1, 1, 0, 0, 1.0, 1.0, 1.0, 10.0, None, 0.0, 0.0, 0.0, 0.0, 0.0)),
         dict(local_start="2026-03-02T09:00:00+05:30",
              kpis=kpis(2, 2, 1, 1, 0, 0.0, 0.0, 0.0, 30.0, 40.0, 0.5, 0.5, 0.0, 0.0, 0.0))]),
     "IST = UTC+05:30: 03:29:59Z is 08:59:59 IST (the 08:00 hour), 03:30:00Z is 09:00 IST and "
     "04:29Z is 09:59 IST (the 09:00 hour). The intervals are by offered_at. 09:00 hour: one "
     "answered after 30 s (> 20 s threshold) and one abandoned after 40 s: SL 0/2 every way, "
     "ignored 0/(2-0).")
berlin = [
    dict(queue="q", offered_at="2026-10-25T00:20:00Z", answered_at="2026-10-25T00:20:05Z"),
    dict(queue="q", offered_at="2026-10-25T01:20:00Z", answered_at="2026-10-25T01:20:05Z"),
]
case("intervals_berlin_fall_back", "queue_report",
     dict(records=berlin, options=opts(interval="30m", tz="Europe/Berlin")),
     dict(by_interval=[
         dict(local_start="2026-10-25T02:00:00+02:00",
              kpis=kpis(1, 1, 1, 0, 0, 1.0, 1.0, 1.0, 5.0, None, 0.0, 0.0, 0.0, 0.0, 0.0)),
         dict(local_start="2026-10-25T02:00:00+01:00",
              kpis=kpis(1, 1, 1, 0, 0, 1.0, 1.0, 1.0, 5.0, None, 0.0, 0.0, 0.0, 0.0, 0.0))]),
     "Berlin falls back at 2026-10-25 03:00 CEST to 02:00 CET: 00:20Z is 02:20 CEST and 01:20Z "
     "02:20 CET, two different local 02:00 intervals, kept apart by their offsets.")

# 4. Bad records are counted, not dropped.
bad = [
    dict(id="ok", queue="q", offered_at="2026-03-02T09:00:00Z", answered_at="2026-03-02T09:00:10Z"),
    dict(id="both", queue="q", offered_at="2026-03-02T09:00:00Z",
         answered_at="2026-03-02T09:00:10Z", abandoned_at="2026-03-02T09:00:20Z"),
    dict(id="neither", queue="q", offered_at="2026-03-02T09:00:00Z"),
    dict(id="early", queue="q", offered_at="2026-03-02T09:00:00Z",
         answered_at="2026-03-02T08:59:59Z"),
    dict(id="negative", queue="q", offered_at="2026-03-02T09:00:00Z",
         answered_at="2026-03-02T09:00:10Z", talk_seconds=-5),
    dict(id="nan", queue="q", offered_at="2026-03-02T09:00:00Z",
         answered_at="2026-03-02T09:00:10Z", hold_seconds="NaN"),
]
case("bad_records_are_findings", "queue_report",
     dict(records=bad, options=opts()),
     dict(total=kpis(1, 1, 1, 0, 0, 1.0, 1.0, 1.0, 10.0, None, 0.0, 0.0, 0.0, 0.0, 0.0),
          quality=dict(rows_read=6, rows_rejected=5,
                       findings=[dict(id="both", column=None, code="invalid_record"),
                                 dict(id="neither", column=None, code="invalid_record"),
                                 dict(id="early", column="answered_at", code="end_before_start"),
                                 dict(id="negative", column="talk_seconds",
                                      code="invalid_argument"),
                                 dict(id="nan", column="hold_seconds",
                                      code="invalid_argument")])),
     "Only `ok` is valid; the others are rejected with their codes and columns, in input order.")
case("empty_input", "queue_report", dict(records=[], options=opts()),
     dict(total=kpis(0, 0, 0, 0, 0, None, None, None, None, None, None, None, None, None, None)),
     "No contacts: every rate and mean is undefined (null), never 0 or NaN.")
for name, record, code in [
    ("record_both_outcomes", bad[1], "invalid_record"),
    ("record_no_outcome", bad[2], "invalid_record"),
    ("record_answered_before_offered", bad[3], "end_before_start"),
    ("record_negative_talk", bad[4], "invalid_argument"),
    ("record_nan_hold", bad[5], "invalid_argument"),
]:
    case(name, "validate_queue_record", dict(record=record), dict(error=code),
         "See bad_records_are_findings.")
case("record_before_1900", "validate_queue_record",
     dict(record=dict(queue="q", offered_at="1899-12-31T23:59:59Z",
                      answered_at="1900-01-01T00:00:05Z")),
     dict(error="out_of_range"),
     "Instants must lie in 1900-01-01T00:00Z ..= 2100-01-01T00:00Z, like the calendar's.")
case("record_valid", "validate_queue_record", dict(record=bad[0]), True, "A plain answered call.")
case("options_negative_threshold", "queue_report",
     dict(records=[], options=opts(threshold=-1)), dict(error="invalid_argument"),
     "A threshold below zero.")
case("options_negative_short_abandon", "queue_report",
     dict(records=[], options=opts(short=-1)), dict(error="invalid_argument"),
     "A short-abandon threshold below zero.")
case("options_unknown_zone", "queue_report",
     dict(records=[], options=opts(tz="Mars/Olympus")), dict(error="unknown_time_zone"),
     "Not an IANA zone.")


# 5. Agent states.
def st(agent, state, a, b, reason=None):
    d = dict(agent=agent, state=state, start=a, end=b)
    if reason:
        d["reason"] = reason
    return d


def tk(logged_in, available, talking, acw, not_ready, occ, util, shrink):
    return dict(logged_in_seconds=logged_in, available_seconds=available, talking_seconds=talking,
                after_call_work_seconds=acw, not_ready_seconds=not_ready, occupancy=occ,
                utilisation=util, shrinkage=shrink)


D = "2026-03-02T"
states = [
    st("ana", "available", D + "09:00:00Z", D + "09:10:00Z"),
    st("ana", "talking", D + "09:10:00Z", D + "09:40:00Z"),
    st("ana", "after_call_work", D + "09:40:00Z", D + "09:50:00Z"),
    st("ana", "not_ready", D + "09:50:00Z", D + "10:00:00Z", "break"),
    st("ana", "not_ready", D + "10:00:00Z", D + "10:20:00Z", "training"),
    st("ana", "talking", D + "10:20:00Z", D + "10:50:00Z"),
    st("ben", "available", D + "09:00:00Z", D + "10:00:00Z"),
    st("ben", "talking", D + "10:00:00Z", D + "09:59:00Z"),
]
M = 60.0
case("agent_states_breakdown", "agent_report",
     dict(states=states, interval="30m", timezone="UTC", shrinkage_reasons=["break"]),
     dict(total=tk(170 * M, 70 * M, 60 * M, 10 * M, 30 * M, 70 / 140, 70 / 170, 10 / 170),
          by_agent={"ana": tk(110 * M, 10 * M, 60 * M, 10 * M, 30 * M, 70 / 80, 70 / 110, 10 / 110),
                    "ben": tk(60 * M, 60 * M, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)},
          by_interval=[
              dict(local_start="2026-03-02T09:00:00+00:00",
                   kpis=tk(60 * M, 40 * M, 20 * M, 0.0, 0.0, 20 / 60, 20 / 60, 0.0)),
              dict(local_start="2026-03-02T09:30:00+00:00",
                   kpis=tk(60 * M, 30 * M, 10 * M, 10 * M, 10 * M, 20 / 50, 20 / 60, 10 / 60)),
              dict(local_start="2026-03-02T10:00:00+00:00",
                   kpis=tk(30 * M, 0.0, 10 * M, 0.0, 20 * M, 1.0, 10 / 30, 0.0)),
              dict(local_start="2026-03-02T10:30:00+00:00",
                   kpis=tk(20 * M, 0.0, 20 * M, 0.0, 0.0, 1.0, 1.0, 0.0))],
          quality=dict(rows_read=8, rows_rejected=1,
                       findings=[dict(id="ben", column="end", code="end_before_start")])),
     "Minutes: available 10 (ana) + 60 (ben) = 70, talking 30 + 30 = 60, ACW 10, not ready 10 "
     "break + 20 training; logged in 170. Occupancy (60+10)/(60+10+70) = 0.5; utilisation "
     "70/170; shrinkage counts only `break`: 10/170. ana: 70/(70+10), 70/110, 10/110. The "
     "talking interval 09:10-09:40 splits 20/10 across the 09:00 and 09:30 intervals, training "
     "10:00-10:20 and talking 10:20-10:50 split 10/20 across 10:00 and 10:30. ben's last state "
     "ends before it starts: rejected.")
case("agent_states_all_reasons_count", "agent_report",
     dict(states=states[:6], interval="60m", timezone="UTC", shrinkage_reasons=None),
     dict(total=tk(110 * M, 10 * M, 60 * M, 10 * M, 30 * M, 70 / 80, 70 / 110, 30 / 110)),
     "Without a reason list every not-ready minute is shrinkage: 30/110.")
case("agent_states_empty", "agent_report",
     dict(states=[], interval="15m", timezone="UTC", shrinkage_reasons=None),
     dict(total=tk(0.0, 0.0, 0.0, 0.0, 0.0, None, None, None)),
     "No logged-in time: every ratio undefined.")
case("agent_state_longer_than_31_days_is_rejected", "agent_report",
     dict(states=[st("ana", "available", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"),
                  st("ana", "available", "2026-04-01T00:00:00Z", "2026-05-02T00:00:01Z")],
          interval="60m", timezone="UTC"),
     dict(total=dict(logged_in_seconds=2678400.0, available_seconds=2678400.0),
          quality=dict(rows_read=2, rows_rejected=1,
                       findings=[dict(column="end", code="invalid_value", id="ana",
                                      severity="rejected")])),
     "March 2026 is exactly 31 days (2,678,400 s): accepted, split into 744 hourly slices. The "
     "second interval, April 1 to May 2 00:00:01, is 31 days and 1 s: rejected (invalid_value "
     "on end), so one record can never cost millions of slices (the fuzzer's 67-year interval).")

doc = {
    "source": "Hand-derived from the definitions in docs/metrics.md (Contact centre) and Cisco's "
              "published service-level example; inputs built by "
              "scripts/gen_contact_centre_vectors.py, expectations typed by hand there. Numbers "
              "compare with a relative tolerance of 1e-9 (absolute 1e-12 near zero).",
    "format": 1,
    "tolerance": {"absolute": 1e-12, "relative": 1e-9},
    "cases": cases,
}
with open(OUT, "w") as fh:
    json.dump(doc, fh, indent=1)
    fh.write("\n")
print(f"wrote {len(cases)} cases to {OUT}")
