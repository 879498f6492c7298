"""``support_metrics.call`` and the generated functions: Python values converted to the shared
JSON (instants, non-finite numbers, numpy, DataFrames and Arrow tables), ``Result`` answers,
errors by family, and laws that hold whichever way an operation is reached."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pathlib
import pickle
from typing import Any, Dict, List

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import support_metrics as sm
from support_metrics import BusinessCalendar, Result, _api

UTC = dt.timezone.utc
CAL: Dict[str, Any] = {
    "timezone": "Europe/Berlin",
    "week": {d: [["09:00", "12:30"], ["13:30", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
    "holidays": ["2026-04-03"],
}
STATES: List[Dict[str, Any]] = [
    {"agent": "ana", "state": "available", "start": "2026-03-02T09:00:00Z", "end": "2026-03-02T09:10:00Z"},
    {"agent": "ana", "state": "talking", "start": "2026-03-02T09:10:00Z", "end": "2026-03-02T09:40:00Z"},
    {"agent": "ana", "state": "not_ready", "start": "2026-03-02T09:40:00Z", "end": "2026-03-02T10:00:00Z", "reason": "break"},
    {"agent": "ben", "state": "talking", "start": "2026-03-02T09:00:00Z", "end": "2026-03-02T09:30:00Z"},
]


# -- conversion of arguments ----------------------------------------------------------------------


def test_instants_become_rfc3339_with_their_offset() -> None:
    msk = dt.timezone(dt.timedelta(hours=3))
    assert _api.to_json(dt.datetime(2026, 3, 2, 12, 30, tzinfo=msk), "at") == "2026-03-02T12:30:00+03:00"
    assert _api.to_json(dt.datetime(2026, 3, 2, 9, 0, 0, 250, tzinfo=UTC), "at") == "2026-03-02T09:00:00.000250+00:00"
    ts = pd.Timestamp("2026-03-02T12:30:00.123456789+03:00")
    assert _api.to_json(ts, "at") == "2026-03-02T12:30:00.123456789+03:00"
    assert _api.to_json(np.datetime64("2026-03-02T09:00:00.000000001", "ns"), "at") == "2026-03-02T09:00:00.000000001Z"
    assert _api.to_json(np.datetime64("2026-03-02", "D"), "at") == "2026-03-02T00:00:00Z"
    assert _api.to_json(np.datetime64("NaT"), "at") is None and _api.to_json(pd.NaT, "at") is None
    # An offset of seconds (historical local mean time) is not RFC 3339: it is said in UTC.
    lmt = dt.timezone(dt.timedelta(hours=2, minutes=30, seconds=17))
    assert _api.to_json(dt.datetime(1900, 6, 1, 12, tzinfo=lmt), "at") == "1900-06-01T09:29:43+00:00"


def test_nanoseconds_reach_the_core() -> None:
    cal = BusinessCalendar.always_open()
    start = pd.Timestamp("2026-03-02T09:00:00Z")
    end = start + pd.Timedelta(nanoseconds=1500)
    assert sm.business_seconds(calendar=cal, start=start, end=end) == 1.5e-6
    assert sm.business_seconds(calendar=cal, start=start.to_datetime64(), end=end.to_datetime64()) == 1.5e-6


def test_naive_datetimes_are_refused_naming_the_argument() -> None:
    with pytest.raises(sm.InputError) as info:
        sm.is_open(calendar=CAL, at=dt.datetime(2026, 3, 2, 10))
    assert info.value.code == "naive_datetime" and str(info.value).startswith("at: ")
    with pytest.raises(sm.InputError) as info:
        sm.call("business_seconds", calendar=CAL, start=pd.Timestamp("2026-03-02 10:00"), end="2026-03-02T12:00:00Z")
    assert info.value.code == "naive_datetime" and str(info.value).startswith("start: ")
    with pytest.raises(sm.InputError) as info:
        sm.agent_report(states=[{**STATES[0], "start": dt.datetime(2026, 3, 2, 9)}], timezone="UTC")
    assert str(info.value).startswith("states[0].start: ")
    # Text without an offset is the core's to refuse, with its own code.
    with pytest.raises(sm.FormatError) as bad:
        sm.is_open(calendar=CAL, at="2026-03-02T10:00:00")
    assert bad.value.code == "invalid_timestamp"


def test_non_finite_floats_are_spelled_for_the_core() -> None:
    assert _api.to_json([float("nan"), float("inf"), -float("inf"), np.float32("nan"), 1.5], "x") == [
        "NaN", "Infinity", "-Infinity", "NaN", 1.5,
    ]
    # NaN reaches the operation and gets its own code, exactly as the text "NaN" does.
    with pytest.raises(sm.ValueRangeError) as a:
        sm.erlang_b(agents=float("nan"), traffic_erlangs=1.0)
    with pytest.raises(sm.ValueRangeError) as b:
        sm.call("erlang_b", agents="NaN", traffic_erlangs=1)
    assert a.value.code == b.value.code == "invalid_rate"
    with pytest.raises(sm.ValueRangeError) as c:
        sm.add_business_seconds(calendar=CAL, start="2026-03-02T09:00:00Z", seconds=float("inf"))
    assert c.value.code == "invalid_duration"


def test_numpy_values_become_python_values() -> None:
    got = _api.to_json({"n": np.int64(3), "x": np.float64(0.5), "b": np.bool_(True), "s": np.str_("a"), "a": np.arange(3)}, "args")
    assert got == {"n": 3, "x": 0.5, "b": True, "s": "a", "a": [0, 1, 2]}
    assert [type(v) for v in got.values()] == [int, float, bool, str, list]
    assert sm.rate(numerator=np.int64(45), denominator=np.uint32(50)).value == 0.9
    assert sm.mean_estimate(values=np.array([1.0, 2.0, 3.0])).mean == 2.0
    assert sm.mean_estimate(values=pd.Series([1.0, 2.0, 3.0])).mean == 2.0


def test_other_python_values() -> None:
    assert _api.to_json(pathlib.Path("data") / "summary.csv", "path") == str(pathlib.Path("data") / "summary.csv")
    assert _api.to_json(dt.date(2026, 4, 3), "day") == "2026-04-03"
    assert _api.to_json(dt.timedelta(minutes=1, microseconds=5), "s") == 60.000005
    assert _api.to_json(pd.Timedelta(nanoseconds=1500), "s") == 1.5e-6
    assert _api.to_json(np.timedelta64(90, "s"), "s") == 90.0
    assert _api.to_json(("a", {"b"}), "x") == ["a", ["b"]]
    # A calendar object is its JSON document; a Result its JSON form.
    cal = BusinessCalendar.from_json(json.dumps(CAL))
    assert _api.to_json(cal, "calendar") == cal.to_dict()
    at = dt.datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert sm.is_open(calendar=cal, at=at) is sm.is_open(calendar=CAL, at=at) is sm.is_open(calendar=json.dumps(CAL), at=at) is True
    rate = sm.rate(numerator=3, denominator=4)
    assert sm.target_status(target={"metric": "fcr", "comparator": "at_least", "threshold": 0.7}, value=rate.value, interval=rate.interval) in (
        "met", "missed", "not_significantly_different",
    )
    # Sets of ids (retention) go as sorted lists.
    assert sm.retention(start={"a", "b", "c", "d"}, end={"b", "c", "d", "e"}).rate.value == 0.75


def test_unsupported_values_name_their_path() -> None:
    with pytest.raises(sm.InputError) as info:
        sm.call("rate", numerator=1, denominator=2, options={"level": object()})
    assert info.value.code == "unsupported_type" and str(info.value).startswith("options.level: ")
    with pytest.raises(sm.InputError) as keys:
        sm.call("rate", numerator=1, denominator=2, options={1: 2})
    assert keys.value.code == "unsupported_type" and str(keys.value).startswith("options: ")


def test_none_omits_an_argument_and_keywords_are_escaped() -> None:
    assert sm.call("rate", numerator=1, denominator=4, options=None) == sm.rate(numerator=1, denominator=4)
    with pytest.raises(sm.FormatError) as info:
        sm.call("erlang_b", agents=2, traffic_erlangs=None)
    assert info.value.code == "missing_field"
    at, to = "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z"
    assert sm.call("open_intervals", calendar=CAL, from_=at, to=to) == sm.call("open_intervals", calendar=CAL, **{"from": at, "to": to})
    assert sm.open_intervals(calendar=CAL, from_=at, to=to) == [
        ["2026-03-02T08:00:00Z", "2026-03-02T11:30:00Z"],
        ["2026-03-02T12:30:00Z", "2026-03-02T16:00:00Z"],
    ]


def test_unknown_operations_and_arguments() -> None:
    with pytest.raises(sm.ValueRangeError) as info:
        sm.call("erlangc", agents=2, traffic_erlangs=1)
    assert info.value.code == "unknown_operation"
    with pytest.raises(sm.FormatError) as field:
        sm.call("erlang_c", agents=2, traffic_erlangs=1, trafic=1)
    assert field.value.code == "unknown_field" and "trafic" in str(field.value)
    with pytest.raises(TypeError):
        sm.erlang_c(agents=2, traffic_erlangs=1, trafic=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        sm.erlang_c(2, 1)  # type: ignore[call-arg]


def test_long_texts_beside_the_json_are_the_same_call() -> None:
    """CSV texts of 64 KiB and more cross beside the JSON text: the same answers and errors as
    inside it, also for a text where the operation expects another type."""
    from support_metrics import _native

    demo = sm.demo_data(interactions=1500, seed=4)
    text = demo["summary_csv"] + "X1,chat,,,,,,yesterday\n"
    assert len(text) >= _api._TEXT_ASIDE
    inside = json.loads(_native.call("read_summary_csv", json.dumps({"text": text})))
    aside = json.loads(_native.call("read_summary_csv", "{}", [("text", text)]))
    assert aside == inside and inside["quality"]["rows_rejected"] == 1
    assert sm.read_summary_csv(text=text).to_dict() == inside
    args = {"calendar": demo["calendar"], "policies": demo["policies"], "summary_csv": demo["summary_csv"],
            "surveys_csv": demo["surveys_csv"], "options": {"tickets": {"measures": {"as_of": demo["as_of"]}}}}
    assert len(demo["surveys_csv"]) < _api._TEXT_ASIDE <= len(demo["summary_csv"])
    whole = json.loads(_native.call("report", json.dumps(args)))
    assert sm.report(**args).to_dict() == whole
    with pytest.raises(sm.FormatError) as info:
        sm.call("erlang_c", agents=2, traffic_erlangs="1" * _api._TEXT_ASIDE)
    assert info.value.code == "invalid_type"


# -- tables of records ------------------------------------------------------------------------------


def agent_frame() -> pd.DataFrame:
    df = pd.DataFrame(STATES)
    df["start"] = pd.to_datetime(df["start"], utc=True)
    df["end"] = pd.to_datetime(df["end"], utc=True)
    return df


def test_dataframes_are_records_with_missing_values_absent() -> None:
    want = sm.agent_report(states=STATES, interval="30m", timezone="UTC", shrinkage_reasons=["break"])
    df = agent_frame()
    assert df["reason"].isna().sum() == 3  # NaN in pandas: an absent field, not "NaN"
    records = _api.to_json(df, "states")
    assert records[0] == {"agent": "ana", "state": "available", "start": "2026-03-02T09:00:00+00:00", "end": "2026-03-02T09:10:00+00:00"}
    assert records[2]["reason"] == "break"
    assert sm.agent_report(states=df, interval="30m", timezone="UTC", shrinkage_reasons=["break"]) == want
    assert sm.agent_report(states=pl.from_pandas(df), interval="30m", timezone="UTC", shrinkage_reasons=["break"]) == want
    assert sm.agent_report(states=pa.Table.from_pandas(df), interval="30m", timezone="UTC", shrinkage_reasons=["break"]) == want
    assert want.total.shrinkage is not None


def test_a_forecast_frame_plans_staff() -> None:
    target = {"service_level": 0.8, "threshold_seconds": 20}
    frame = pd.DataFrame({"calls": [100, 360, 50], "aht_seconds": [180.0, 240.0, 0.0]})
    plan = sm.staffing_plan(forecast=frame, interval="30m", target=target)
    assert [None if v is None else v.agents for v in plan["values"]] == [14, 54, None]
    assert [(e.row, e.error) for e in plan.errors] == [(2, "invalid_argument")]
    records = [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]
    assert sm.staffing_plan(forecast=records, interval="30m", target=target) == plan


def test_naive_timestamps_in_a_frame_name_the_cell() -> None:
    df = agent_frame()
    df["start"] = df["start"].dt.tz_localize(None)
    with pytest.raises(sm.InputError) as info:
        sm.agent_report(states=df, timezone="UTC")
    assert info.value.code == "naive_datetime" and str(info.value).startswith("states[0].start: ")


def test_table_instants_keep_their_nanoseconds() -> None:
    at = pd.Timestamp("2026-03-02T12:00:00.000000001+03:00")
    want = [{"at": "2026-03-02T12:00:00.000000001+03:00"}, {}]
    assert _api.to_json(pd.DataFrame({"at": [at, pd.NaT]}), "t") == want
    arrow = pa.table({"at": pa.array([at, None], type=pa.timestamp("ns", tz="UTC"))})
    assert _api.to_json(arrow, "t") == [{"at": "2026-03-02T09:00:00.000000001+00:00"}, {}]
    polars = pl.DataFrame({"at": pl.Series([at.value, None]).cast(pl.Datetime("ns", "UTC"))})
    assert _api.to_json(polars, "t") == [{"at": "2026-03-02T09:00:00.000000001+00:00"}, {}]
    assert _api.to_json(polars["at"], "t") == ["2026-03-02T09:00:00.000000001+00:00", None]


def test_columns_are_lists_with_missing_values_null() -> None:
    starts = pd.to_datetime(pd.Series(["2026-03-02 08:00", None]), utc=True)
    ends = pl.Series(["2026-03-02T10:00:00Z", "2026-03-02T10:00:00Z"])
    out = sm.business_seconds_batch(calendar={"timezone": "UTC", "week": {"mon": [["09:00", "17:00"]]}}, starts=starts, ends=ends)
    assert out.to_dict() == {"values": [3600.0, None], "errors": []}
    assert _api.to_json(pa.array([1, None, 3]), "x") == [1, None, 3]


# -- answers ------------------------------------------------------------------------------------------


def test_result_is_an_immutable_mapping_with_attributes() -> None:
    r = sm.rate(numerator=45, denominator=50)
    assert isinstance(r, Result) and r.value == r["value"] == 0.9
    assert r.interval.lower < 0.9 < r.interval.upper and isinstance(r.interval, Result)
    assert set(r) >= {"numerator", "denominator", "value", "interval"} and len(r) == len(r.to_dict())
    assert "value" in r and "nope" not in r and r.get("nope") is None
    with pytest.raises(AttributeError, match="immutable"):
        r.value = 1.0
    with pytest.raises(AttributeError):
        del r.value
    with pytest.raises(TypeError):
        r["value"] = 1.0
    with pytest.raises(AttributeError, match="no field 'nope'"):
        r.nope
    assert "interval" in dir(r)


def test_result_repr_and_to_dict() -> None:
    r = sm.rate(numerator=1, denominator=4, options={"min_n": 1})
    assert repr(r).startswith("Result(") and "value=0.25" in repr(r) and "interval=Result(level=0.95" in repr(r)
    d = r.to_dict()
    assert type(d) is dict and type(d["interval"]) is dict and d == r
    assert json.loads(json.dumps(d)) == d
    long = Result({"xs": list(range(20)), "Sales EU": 1})
    assert repr(long) == "Result({'xs': [0, 1, 2, 3, 4, 5, ... 14 more], 'Sales EU': 1})"
    # A key named like a mapping method is read by subscription.
    plan = Result({"values": [1], "errors": []})
    assert plan["values"] == [1] and callable(plan.values) and plan.errors == []


def test_result_pickles_copies_and_compares() -> None:
    r = sm.erlang_c_metrics(agents=3, traffic_erlangs=2.0, aht_seconds=180, threshold_seconds=20)
    for again in (pickle.loads(pickle.dumps(r)), copy.copy(r), copy.deepcopy(r)):
        assert again == r and isinstance(again, Result)
    assert r == r.to_dict() and r != {**r.to_dict(), "occupancy": 0.0}


def test_undefined_answers_are_none_not_nan() -> None:
    # No responses: CSAT has no value (null in JSON, None here), never NaN.
    report = sm.survey_report(responses=[])
    assert report.csat_top_box.value is None
    assert sm.rate(numerator=0, denominator=0).value is None


def test_errors_keep_code_family_and_message() -> None:
    with pytest.raises(sm.CalendarError) as info:
        sm.business_seconds(calendar={"timezone": "Mars/Olympus"}, start="2026-03-02T09:00:00Z", end="2026-03-02T10:00:00Z")
    assert (info.value.code, info.value.family) == ("unknown_time_zone", "calendar")
    assert "Mars/Olympus" in str(info.value) and isinstance(info.value, ValueError)


# -- laws ---------------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6), st.sampled_from(["wilson", "jeffreys", "clopper_pearson"]))
def test_rate_through_call_equals_the_named_function(k: int, extra: int, method: str) -> None:
    options = {"proportion_method": method}
    assert sm.call("rate", numerator=k, denominator=k + extra, options=options) == sm.rate(
        numerator=k, denominator=k + extra, options=options
    )


WEEK = BusinessCalendar.from_json(json.dumps(CAL))
T0 = dt.datetime(2026, 3, 1, tzinfo=UTC)
offsets = st.integers(min_value=0, max_value=40 * 86_400)


@settings(max_examples=200, deadline=None)
@given(offsets, offsets, offsets)
def test_business_seconds_add_over_a_split_point(a: int, b: int, c: int) -> None:
    x, m, y = (T0 + dt.timedelta(seconds=s) for s in sorted((a, b, c)))
    whole = sm.business_seconds(calendar=WEEK, start=x, end=y)
    assert whole == sm.business_seconds(calendar=WEEK, start=x, end=m) + sm.business_seconds(calendar=WEEK, start=m, end=y)
    # The generic call and the calendar method agree.
    assert whole == sm.call("business_seconds", calendar=CAL, start=x, end=y) == WEEK.business_seconds(x, y)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
OP_ARGS = {op.name: [a for a, _ in op.args] for op in sm.ops()}


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(sorted(OP_ARGS)), st.data())
def test_any_arguments_are_an_answer_or_a_typed_error(op: str, data: st.DataObject) -> None:
    """Random JSON-like values for an operation's arguments (and a stray one): never a panic, a
    crash or a NaN; an answer or a typed error of the package."""
    names = OP_ARGS[op] + ["stray"]
    args = data.draw(st.dictionaries(st.sampled_from(names), JSON, max_size=len(names)))
    try:
        got = sm.call(op, **args)
    except sm.SupportMetricsError as e:
        assert e.code in sm.CODES or isinstance(e, sm.InputError)
    else:
        json.dumps(_api._plain(got), allow_nan=False)  # no NaN or infinity in an answer


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_is_an_answer_or_a_typed_error(agents: float, traffic: float) -> None:
    try:
        got = sm.erlang_b(agents=agents, traffic_erlangs=traffic)
    except sm.SupportMetricsError as e:
        assert e.code in sm.CODES
    else:
        assert got is None or 0.0 <= got <= 1.0
