"""Columns from numpy, pandas, polars, Arrow and lists give the same numbers; missing in gives
missing out; naive columns need tz=; the laws hold (hypothesis)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, List, Optional, Sequence

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import support_metrics as sm
from support_metrics import BusinessCalendar

UTC = dt.timezone.utc
# Berlin, Mon-Fri 09:00-13:00 and 14:00-18:00: a split shift across DST changes.
CAL = BusinessCalendar.from_json(
    '{"timezone": "Europe/Berlin", "week": {'
    + ", ".join(f'"{d}": [["09:00", "13:00"], ["14:00", "18:00"]]' for d in ["mon", "tue", "wed", "thu", "fri"])
    + '}, "holidays": ["2026-04-03"]}'
)
STARTS = ["2026-03-02T07:30:00Z", None, "2026-03-27T16:00:00Z", "2026-04-02T12:00:00.5Z"]
ENDS = ["2026-03-02T12:45:00Z", "2026-03-02T12:45:00Z", "2026-03-30T08:00:00Z", "2026-04-06T07:00:00Z"]
# By hand (Berlin local = UTC+1 until 2026-03-29 02:00, then UTC+2):
#  row 0: Mon 08:30-13:45 CET: 09:00-13:00 (4 h) + 14:00-... no, 13:45 < 14:00: 4 h = 14400 s
#  row 1: missing start
#  row 2: Fri 27 Mar 17:00 CET -> Mon 30 Mar 10:00 CEST: Fri 17:00-18:00 (1 h) + Mon 09:00-10:00 (1 h) = 7200 s
#  row 3: Thu 2 Apr 14:00:00.5 CEST -> Mon 6 Apr 09:00 CEST: Thu 14:00:00.5-18:00 (14399.5 s),
#         Fri 3 Apr holiday, weekend, Mon 09:00 = 0: 14399.5 s
EXPECT = [14400.0, math.nan, 7200.0, 14399.5]


def utc(texts: Sequence[Optional[str]]) -> "pd.Series[pd.Timestamp]":
    return pd.Series([pd.NaT if t is None else pd.Timestamp(t) for t in texts], dtype="datetime64[ns, UTC]")


def same(got: "np.ndarray[Any, Any]", expect: List[float]) -> None:
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, np.array(expect))


def test_numpy_datetime64_is_utc() -> None:
    s = np.array([np.datetime64("NaT") if t is None else np.datetime64(t[:-1]) for t in STARTS], dtype="datetime64[ns]")
    e = np.array([np.datetime64(t[:-1]) for t in ENDS if t], dtype="datetime64[ns]")
    same(CAL.business_seconds(s, e), EXPECT)
    # Other units are converted exactly, NaT kept.
    same(CAL.business_seconds(s.astype("datetime64[ms]"), e.astype("datetime64[s]")), EXPECT)


def test_pandas_aware_series_and_index() -> None:
    s = pd.Series(utc(STARTS))
    e = pd.DatetimeIndex(utc(ENDS)).tz_convert("America/New_York")
    same(CAL.business_seconds(s, e), EXPECT)
    same(CAL.business_seconds(s.dt.as_unit("ns"), pd.Series(e).dt.as_unit("s")), EXPECT[:3] + [14399.5])
    df = pd.DataFrame({"created": s, "replied": e})
    same(CAL.business_seconds(df["created"], df["replied"]), EXPECT)


def test_pandas_naive_needs_tz() -> None:
    s = pd.Series(utc(STARTS)).dt.tz_convert("Europe/Berlin").dt.tz_localize(None)
    e = pd.Series(utc(ENDS)).dt.tz_convert("Europe/Berlin").dt.tz_localize(None)
    with pytest.raises(sm.InputError) as info:
        CAL.business_seconds(s, e)
    assert info.value.code == "naive_datetime" and str(info.value).startswith("start: ")
    same(CAL.business_seconds(s, e, tz="Europe/Berlin"), EXPECT)


def test_polars() -> None:
    s = pl.Series([None if t is None else dt.datetime.fromisoformat(t[:-1]) for t in STARTS], dtype=pl.Datetime("us", "UTC"))
    e = pl.Series([dt.datetime.fromisoformat(t[:-1]) for t in ENDS if t], dtype=pl.Datetime("ns", "UTC"))
    same(CAL.business_seconds(s, e), EXPECT)
    with pytest.raises(sm.InputError):
        CAL.business_seconds(s.dt.replace_time_zone(None), e)
    naive = s.dt.convert_time_zone("Europe/Berlin").dt.replace_time_zone(None)
    same(CAL.business_seconds(naive, e.dt.convert_time_zone("Asia/Tokyo"), tz="Europe/Berlin"), EXPECT)


def test_pyarrow_arrays_chunked_and_capsules() -> None:
    starts = [None if t is None else dt.datetime.fromisoformat(t[:-1]).replace(tzinfo=UTC) for t in STARTS]
    ends = [dt.datetime.fromisoformat(t[:-1]).replace(tzinfo=UTC) for t in ENDS if t]
    s = pa.array(starts, type=pa.timestamp("us", tz="UTC"))
    e = pa.chunked_array([ends[:2], ends[2:]], type=pa.timestamp("ms", tz="Europe/Berlin"))
    same(CAL.business_seconds(s, e), EXPECT)

    class Capsule:
        """An Arrow producer that is not pyarrow: only the PyCapsule interface."""

        def __init__(self, arr: Any) -> None:
            self.arr = arr

        def __arrow_c_array__(self, requested_schema: Any = None) -> Any:
            return self.arr.__arrow_c_array__(requested_schema)

    same(CAL.business_seconds(Capsule(s), Capsule(e.combine_chunks())), EXPECT)
    with pytest.raises(sm.InputError):
        CAL.business_seconds(pa.array([1, 2]), pa.array([1, 2]))


def test_lists_of_datetimes() -> None:
    s = [None if t is None else pd.Timestamp(t).to_pydatetime() for t in STARTS]
    e = [pd.Timestamp(t).to_pydatetime() for t in ENDS if t]
    same(CAL.business_seconds(s, e), EXPECT)


def test_add_business_seconds_columns() -> None:
    s = pd.Series(utc(STARTS))
    secs = pd.Series([3600.0, 60.0, None, 0.5])
    out = CAL.add_business_seconds(s, secs)
    assert out.dtype == np.dtype("datetime64[ns]")
    # row 0: Mon 08:30 CET + 1 h -> opens 09:00, due 10:00 CET = 09:00Z; rows 1-2 missing;
    # row 3: Thu 14:00:00.5 CEST + 0.5 s = 14:00:01 CEST = 12:00:01Z.
    expect = np.array(["2026-03-02T09:00:00", "NaT", "NaT", "2026-04-02T12:00:01"], dtype="datetime64[ns]")
    np.testing.assert_array_equal(out, expect)
    assert str(pd.to_datetime(out, utc=True).dtype) == "datetime64[ns, UTC]"
    nullable = pd.Series([3600.0, 60.0, None, 0.5], dtype="Float64")
    np.testing.assert_array_equal(CAL.add_business_seconds(s, nullable), expect)
    np.testing.assert_array_equal(CAL.add_business_seconds(s, pl.Series([3600.0, 60.0, None, 0.5])), expect)
    np.testing.assert_array_equal(CAL.add_business_seconds(s, pa.array([3600.0, 60.0, None, 0.5])), expect)


# --- laws -------------------------------------------------------------------------------------

LO = int(pd.Timestamp("2025-01-01T00:00Z").value)
HI = int(pd.Timestamp("2028-01-01T00:00Z").value)
instants = st.integers(min_value=LO, max_value=HI)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(instants, instants), min_size=1, max_size=40))
def test_vectorized_equals_scalar(pairs: List[Any]) -> None:
    s = np.array([a for a, _ in pairs], dtype=np.int64).view("datetime64[ns]")
    e = np.array([b for _, b in pairs], dtype=np.int64).view("datetime64[ns]")
    vec = CAL.business_seconds(s, e, errors="coerce")
    for i, (a, b) in enumerate(pairs):
        ta, tb = pd.Timestamp(a, tz="UTC"), pd.Timestamp(b, tz="UTC")
        if b < a:
            assert math.isnan(vec[i])
            with pytest.raises(sm.ValueRangeError):
                CAL.business_seconds(ta, tb)
        else:
            assert vec[i] == CAL.business_seconds(ta, tb)
    amounts = np.array([abs(b - a) / 1e9 % 400_000 for a, b in pairs])
    due = CAL.add_business_seconds(s, amounts)
    for i, (a, _) in enumerate(pairs):
        assert int(due.view("i8")[i]) == pd.Timestamp(CAL.add_business_seconds(pd.Timestamp(a, tz="UTC"), float(amounts[i]))).value


@settings(max_examples=100, deadline=None)
@given(st.lists(instants, min_size=3, max_size=3))
def test_durations_add_up(v: List[int]) -> None:
    a, b, c = sorted(pd.Timestamp(x, tz="UTC") for x in v)
    ab, bc, ac = CAL.business_seconds(a, b), CAL.business_seconds(b, c), CAL.business_seconds(a, c)
    assert math.isclose(ab + bc, ac, rel_tol=0, abs_tol=1e-6)


def test_far_instants_in_coarse_units_are_out_of_range_not_wrapped() -> None:
    far = np.array(["3000-01-01", "2026-03-02T10:00", "NaT", "1000-01-01"], dtype="datetime64[s]")
    ends = np.array(["2026-03-02T10:00"] * 4, dtype="datetime64[s]")
    out = CAL.business_seconds(far, ends, errors="coerce")
    assert np.isnan(out).tolist() == [True, False, True, True]
    with pytest.raises(sm.ValueRangeError) as info:
        CAL.business_seconds(far, ends)
    assert (info.value.code, info.value.row) == ("out_of_range", 0)
    objects = np.array([np.datetime64("NaT"), None, pd.NaT, pd.Timestamp("2026-03-02T09:00Z")], dtype=object)
    assert np.isnan(CAL.business_seconds(objects, ends[:4])).tolist() == [True, True, True, False]


def test_pyarrow_map_columns_are_mappings() -> None:
    """A record's mapping field (QA ratings) as an Arrow map column: the same answer as dicts;
    a key absent from a row's map stays absent (a struct column would make it null)."""
    card = [
        {"id": "greeting", "category": "tone", "weight": 1, "scale": {"min": 0, "max": 4}},
        {"id": "solution", "category": "accuracy", "weight": 3, "scale": {"min": 0, "max": 4}},
    ]
    reviews = [
        {"review_id": "r1", "agent": "ana", "reviewed_at": "2026-03-02T10:00:00Z", "ratings": {"greeting": 4, "solution": 2}},
        {"review_id": "r2", "agent": "bo", "reviewed_at": "2026-03-03T10:00:00Z", "ratings": {"solution": 3}},
    ]
    table = pa.table(
        {
            "review_id": ["r1", "r2"],
            "agent": ["ana", "bo"],
            "reviewed_at": ["2026-03-02T10:00:00Z", "2026-03-03T10:00:00Z"],
            "ratings": pa.array(
                [[("greeting", 4), ("solution", 2)], [("solution", 3)]], type=pa.map_(pa.string(), pa.int64())
            ),
        }
    )
    want = sm.internal_quality(scorecard=card, reviews=reviews)
    assert sm.internal_quality(scorecard=card, reviews=table) == want
    assert want["rows"]
