"""Every core error code reachable from Python raises its family's class with `.code` and the
core's message; bad Python input raises InputError naming the argument and row; nothing panics."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from typing import Any, Callable, Dict, Type

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import support_metrics as sm
from support_metrics import BusinessCalendar

from conftest import VECTORS

UTC = dt.timezone.utc
WEEK = BusinessCalendar.from_json('{"timezone": "UTC", "week": {"mon": [["09:00", "17:00"]]}}')
T = dt.datetime(2026, 3, 2, 9, tzinfo=UTC)

# The family of each code, as crates/support-metrics/src/error.rs documents it.
FAMILY: Dict[str, Type[sm.SupportMetricsError]] = {
    "invalid_json": sm.FormatError,
    "invalid_type": sm.FormatError,
    "unknown_field": sm.FormatError,
    "missing_field": sm.FormatError,
    "duplicate_key": sm.FormatError,
    "invalid_csv": sm.FormatError,
    "missing_column": sm.FormatError,
    "unknown_time_zone": sm.CalendarError,
    "unknown_weekday": sm.CalendarError,
    "invalid_time": sm.CalendarError,
    "empty_interval": sm.CalendarError,
    "invalid_date": sm.CalendarError,
    "no_working_time": sm.CalendarError,
    "out_of_range": sm.ValueRangeError,
    "end_before_start": sm.ValueRangeError,
    "invalid_duration": sm.ValueRangeError,
    "length_mismatch": sm.ValueRangeError,
    # Codes of the ticket, survey, statistics and contact-centre modules and of the operation
    # boundary.
    "invalid_level": sm.ValueRangeError,
    "count_exceeds_total": sm.ValueRangeError,
    "invalid_argument": sm.ValueRangeError,
    "score_out_of_scale": sm.ValueRangeError,
    "non_integer_score": sm.ValueRangeError,
    "invalid_score": sm.ValueRangeError,
    "invalid_weight": sm.ValueRangeError,
    "all_not_applicable": sm.ValueRangeError,
    "unknown_definition": sm.ValueRangeError,
    "invalid_scale": sm.ValueRangeError,
    "invalid_rate": sm.ValueRangeError,
    "invalid_target": sm.ValueRangeError,
    "unstaffable": sm.ValueRangeError,
    "invalid_record": sm.ValueRangeError,
    "invalid_timestamp": sm.FormatError,
    "unknown_channel": sm.FormatError,
    "unknown_status": sm.FormatError,
    "invalid_value": sm.FormatError,
    "unknown_activity": sm.FormatError,
    "events_out_of_order": sm.ValueRangeError,
    "event_before_creation": sm.ValueRangeError,
    "invalid_transition": sm.ValueRangeError,
    "duplicate_id": sm.ValueRangeError,
    "invalid_sla_policy": sm.ValueRangeError,
    "invalid_state": sm.FormatError,
    "state_version": sm.FormatError,
    "state_mismatch": sm.ValueRangeError,
    "unknown_operation": sm.ValueRangeError,
}


def j(text: str) -> Callable[[], object]:
    return lambda: BusinessCalendar.from_json(text)


def via_call(op: str, args: Dict[str, Any]) -> Callable[[], object]:
    return lambda: sm.call(op, **args)


def vector_triggers() -> Dict[str, Callable[[], object]]:
    """For each code, the first shared vector case that expects it, through ``sm.call``."""
    out: Dict[str, Callable[[], object]] = {}
    for path in sorted(VECTORS.glob("*.json")):
        for c in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            e = c["expect"]
            if isinstance(e, dict) and set(e) == {"error"} and e["error"] not in out:
                args: Dict[str, Any] = {**c.get("args", {}), **({"calendar": c["calendar"]} if "calendar" in c else {})}
                out[e["error"]] = via_call(c["op"], args)
    return out


# The calendar's codes through its methods; every other code through the operation of a vector
# case that expects it (every code has one).
TRIGGERS: Dict[str, Callable[[], object]] = {
    **vector_triggers(),
    "invalid_json": j('{"timezone":'),
    "invalid_type": j("[]"),
    "unknown_field": j('{"timezone": "UTC", "holiday": []}'),
    "missing_field": j("{}"),
    "duplicate_key": j('{"timezone": "UTC", "timezone": "UTC"}'),
    "unknown_time_zone": lambda: BusinessCalendar.always_open("Mars/Olympus"),
    "unknown_weekday": j('{"timezone": "UTC", "week": {"monday": []}}'),
    "invalid_time": j('{"timezone": "UTC", "week": {"mon": [["09:00", "25:00"]]}}'),
    "empty_interval": j('{"timezone": "UTC", "week": {"mon": [["09:00", "09:00"]]}}'),
    "invalid_date": j('{"timezone": "UTC", "holidays": ["2026-02-30"]}'),
    "no_working_time": lambda: BusinessCalendar.from_json('{"timezone": "UTC"}').add_business_seconds(T, 1),
    "out_of_range": lambda: WEEK.is_open(dt.datetime(1899, 12, 31, tzinfo=UTC)),
    "end_before_start": lambda: WEEK.business_seconds(T, T - dt.timedelta(seconds=1)),
    "invalid_duration": lambda: WEEK.add_business_seconds(T, -1.0),
    "length_mismatch": lambda: WEEK.business_seconds(np.array([T], dtype=object), np.array([], dtype=object)),
    "invalid_timestamp": lambda: WEEK.is_open("2026-03-02T09:00:00"),
}


def test_every_core_code_is_accounted_for() -> None:
    assert set(sm.CODES) == set(FAMILY)
    assert set(TRIGGERS) == set(sm.CODES)


@pytest.mark.parametrize("code", sorted(TRIGGERS))
def test_code_maps_to_its_family(code: str) -> None:
    with pytest.raises(sm.SupportMetricsError) as info:
        TRIGGERS[code]()
    err = info.value
    assert err.code == code
    assert type(err) is FAMILY[code]
    assert isinstance(err, ValueError)
    assert err.row is None or code == "length_mismatch"
    assert str(err) and "panic" not in str(err).lower()
    again = pickle.loads(pickle.dumps(err))
    assert (type(again), again.code, str(again)) == (type(err), err.code, str(err))


def test_core_message_is_kept() -> None:
    with pytest.raises(sm.CalendarError) as info:
        BusinessCalendar.from_json('{"timezone":"UTC","week":{"mon":[["09:00","25:00"]]}}')
    assert str(info.value) == "week.mon[0][1]: invalid wall-clock time `25:00`: hour must be 00 to 24"


def test_unknown_family_falls_back_to_the_root() -> None:
    from support_metrics import _errors

    err = _errors.error("some_new_code", "some_new_family", "message")
    assert type(err) is sm.SupportMetricsError and err.code == "some_new_code"


def test_row_errors_name_the_row() -> None:
    starts = np.array(["2026-03-02T09:00", "2026-03-02T12:00", "2026-03-02T13:00"], dtype="datetime64[ns]")
    ends = np.array(["2026-03-02T10:00", "2026-03-02T11:00", "2026-03-02T11:00"], dtype="datetime64[ns]")
    with pytest.raises(sm.ValueRangeError) as info:
        WEEK.business_seconds(starts, ends)
    assert info.value.row == 1
    assert str(info.value).startswith("row 1 (and 1 more rows): end 2026-03-02T11:00:00Z is before start")
    assert np.isnan(WEEK.business_seconds(starts, ends, errors="coerce")[1:]).all()


def test_naive_inputs_are_refused_unless_tz_is_given() -> None:
    naive = dt.datetime(2026, 3, 2, 10)
    with pytest.raises(sm.InputError) as info:
        WEEK.is_open(naive)
    assert info.value.code == "naive_datetime" and "tz=" in str(info.value)
    assert WEEK.is_open(naive, tz="UTC")
    # Europe/Berlin: 10:00 CET is 09:00Z, open.
    assert WEEK.is_open(dt.datetime(2026, 3, 2, 10), tz="Europe/Berlin")
    assert not WEEK.is_open(dt.datetime(2026, 3, 2, 9, 30), tz="Europe/Berlin")
    with pytest.raises(sm.CalendarError) as bad_zone:
        WEEK.is_open(naive, tz="Europe/Atlantis")
    assert bad_zone.value.code == "unknown_time_zone"


@pytest.mark.parametrize(
    "value",
    [1_772_442_000, None, 1.5, object()],
)
def test_unsupported_scalars(value: object) -> None:
    with pytest.raises(sm.InputError) as info:
        WEEK.is_open(value)  # type: ignore[arg-type]
    assert info.value.code == "unsupported_type"
    assert str(info.value).startswith("t: ")


def test_rfc3339_text_is_an_instant() -> None:
    """Text in the shared RFC 3339 format is read by the core's parser, offset required."""
    assert WEEK.is_open("2026-03-02T12:00:00+03:00") is True
    assert WEEK.business_seconds("2026-03-02T09:00:00Z", "2026-03-02T10:30:00+01:00") == 1800.0
    with pytest.raises(sm.FormatError) as info:
        WEEK.is_open("2026-03-02 09:00")
    assert info.value.code == "invalid_timestamp" and "t: invalid timestamp" in str(info.value)


def test_bad_columns_name_the_argument_and_row() -> None:
    with pytest.raises(sm.InputError) as info:
        WEEK.business_seconds(np.arange(3), np.arange(3))
    assert info.value.code == "unsupported_type" and str(info.value).startswith("start: ")
    with pytest.raises(sm.InputError) as info:
        WEEK.business_seconds([T, dt.datetime(2026, 3, 2)], [T, T])
    assert (info.value.code, info.value.row) == ("naive_datetime", 1)
    assert str(info.value).startswith("start[1]: ")
    with pytest.raises(sm.InputError) as info:
        WEEK.add_business_seconds([T], ["one hour"])
    assert info.value.code == "unsupported_type" and str(info.value).startswith("seconds: ")
    with pytest.raises(sm.InputError):
        WEEK.business_seconds([T], [T], errors="ignore")  # type: ignore[call-overload]
    with pytest.raises(sm.InputError):
        WEEK.business_seconds(np.zeros((1, 1), dtype="datetime64[ns]"), np.zeros((1, 1), dtype="datetime64[ns]"))
    with pytest.raises(sm.InputError) as info:
        WEEK.is_open(np.datetime64("NaT"))
    assert info.value.code == "missing_value"


def test_results_and_calendars_are_immutable() -> None:
    with pytest.raises(AttributeError):
        WEEK.timezone = "UTC"  # type: ignore[misc]
    interval = WEEK.open_intervals(T, T + dt.timedelta(hours=1))[0]
    with pytest.raises(AttributeError):
        interval.start = T  # type: ignore[misc]
    assert repr(interval).startswith("OpenInterval(start=datetime.datetime(2026, 3, 2, 9, 0")
    assert pickle.loads(pickle.dumps(WEEK)) == WEEK
    assert hash(WEEK) == hash(BusinessCalendar.from_json(WEEK.to_json()))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80) | st.from_regex(r'\{"timezone": ?"[A-Za-z/_]{0,12}"(, ?"week": ?\{"(mon|tue|x)": ?\[\["[0-9:]{0,8}", ?"[0-9:]{0,8}"\]\]\})?\}', fullmatch=True))
def test_any_text_is_a_calendar_or_a_typed_error(text: str) -> None:
    try:
        BusinessCalendar.from_json(text)
    except sm.SupportMetricsError as e:
        assert e.code in sm.CODES and type(e) is FAMILY[e.code]


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(2**63), max_value=2**63 - 1), st.integers(min_value=-(2**63), max_value=2**63 - 1), st.floats(allow_nan=True, allow_infinity=True))
def test_any_nanoseconds_are_an_answer_or_a_typed_error(a: int, b: int, secs: float) -> None:
    starts, ends = np.array([a], dtype=np.int64), np.array([b], dtype=np.int64)
    WEEK.business_seconds(starts.view("datetime64[ns]"), ends.view("datetime64[ns]"), errors="coerce")
    WEEK.add_business_seconds(starts.view("datetime64[ns]"), np.array([secs]), errors="coerce")
    try:
        WEEK.add_business_seconds(np.datetime64(a, "ns"), secs)
    except sm.SupportMetricsError as e:
        assert e.code in sm.CODES or isinstance(e, sm.InputError)


def test_instants_beyond_int64_nanoseconds_are_out_of_range() -> None:
    for far in (dt.datetime(9999, 1, 1, tzinfo=UTC), dt.datetime(1, 1, 1, tzinfo=UTC)):
        with pytest.raises(sm.ValueRangeError) as info:
            WEEK.is_open(far)
        assert info.value.code == "out_of_range" and str(info.value).startswith("t: instant ")
        with pytest.raises(sm.ValueRangeError):
            WEEK.business_seconds([far], [T])
    with pytest.raises(sm.ValueRangeError):
        WEEK.is_open(dt.datetime(9999, 1, 1), tz="UTC")
