"""Python values to Unix nanoseconds and back: datetimes, numpy, pandas, polars, Arrow.

Only conversion happens here. Instants become ``int64`` Unix nanoseconds with ``NaT``
(``i64::MIN``) for missing; naive values are read as wall times of ``tz`` by the core
(``resolve_local``), so a naive column and a calendar agree on every DST change. pandas, polars
and pyarrow are never imported unless the caller passed one of their objects.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any, Optional, Union

import numpy as np
import numpy.typing as npt

from . import _errors, _native

MISSING = _native.MISSING_NS
_EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_EPOCH = dt.datetime(1970, 1, 1)
_UNIT_NS = {"s": 10**9, "ms": 10**6, "us": 10**3, "ns": 1}

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


def _input_error(code: str, message: str) -> _errors.InputError:
    return _errors.InputError(message, code)


def _naive(what: str, value: object) -> _errors.InputError:
    return _input_error(
        "naive_datetime",
        f"{what}: {value!r} has no time zone; pass aware values (UTC or with an offset), "
        "or tz='Area/City' to read them as wall times of that zone",
    )


def _module(value: object) -> str:
    return type(value).__module__.split(".", 1)[0]


def _localize(local: I64, tz: str, what: str) -> I64:
    try:
        values, rows = _native.resolve_local(tz, np.ascontiguousarray(local, dtype=np.int64))
    except _native.CoreError as e:
        raise _errors.from_core(e) from None
    if rows:
        _errors.raise_rows([(r, c, f, f"{what}: {m}") for r, c, f, m in rows])
    return values


def _td_ns(delta: dt.timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 10**9 + delta.microseconds * 1_000


_I64_MAX = 2**63 - 1


def _in_i64(ns: int, what: str, value: object) -> int:
    """Python integers are unbounded; instants beyond int64 nanoseconds (1677..2262) cannot be
    handed over, and all of them lie outside the core's range (1900..2100) anyway."""
    if -_I64_MAX <= ns <= _I64_MAX:
        return ns
    raise _errors.ValueRangeError(
        f"{what}: instant {value} is outside the supported range "
        "1900-01-01T00:00:00Z to 2100-01-01T00:00:00Z",
        "out_of_range",
    )


def is_scalar(value: object) -> bool:
    """True for one instant (a datetime, a pandas Timestamp, a numpy datetime64, RFC 3339 text)."""
    return isinstance(value, (dt.datetime, np.datetime64, str))


def instant(value: object, tz: Optional[str], what: str) -> int:
    """One instant as Unix nanoseconds."""
    if isinstance(value, str):
        # The shared text format: RFC 3339 with an offset, read by the core's own parser.
        try:
            return int(_native.parse_instant(value, what))
        except _native.CoreError as e:
            raise _errors.from_core(e) from None
    if _module(value) == "pandas" and isinstance(value, dt.datetime):
        ns = int(getattr(value, "value"))
        aware = value.tzinfo is not None
        if ns == MISSING:
            raise _input_error("missing_value", f"{what}: NaT is not an instant")
        if aware:
            return ns
        if tz is None:
            raise _naive(what, value)
        return int(_localize(np.array([ns], dtype=np.int64), tz, what)[0])
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            return _in_i64(_td_ns(value - _EPOCH_UTC), what, value)
        if tz is None:
            raise _naive(what, value)
        local = np.array([_in_i64(_td_ns(value - _EPOCH), what, value)], dtype=np.int64)
        return int(_localize(local, tz, what)[0])
    if isinstance(value, np.datetime64):
        return int(instants(np.array([value]), tz, what)[0]) if not np.isnat(value) else _nat(what)
    raise _input_error(
        "unsupported_type",
        f"{what}: expected an aware datetime, a pandas Timestamp, a numpy datetime64 or RFC 3339 text, "
        f"found {type(value).__name__}",
    )


def _nat(what: str) -> int:
    raise _input_error("missing_value", f"{what}: NaT is not an instant")


def _numpy_instants(arr: npt.NDArray[Any], tz: Optional[str], what: str, aware: bool) -> I64:
    """A datetime64 array (UTC when ``aware``, else wall times of ``tz``) as int64 ns."""
    unit, _ = np.datetime_data(arr.dtype)
    if unit not in _UNIT_NS:
        arr = arr.astype("datetime64[ns]")
        unit = "ns"
    raw = _unit_ints(arr.view(np.int64), unit)
    if not aware:
        if tz is None:
            raise _naive(what, "a naive datetime column")
        raw = _localize(raw, tz, what)
    return np.ascontiguousarray(raw, dtype=np.int64)


def _unit_ints(raw: I64, unit: str) -> I64:
    if unit == "ns":
        return raw
    factor = _UNIT_NS[unit]
    missing = raw == MISSING
    # Values too large for int64 nanoseconds (beyond 1677..2262) are pinned to the int64 ends,
    # which the core refuses as out of range, rather than wrapped around into the range.
    limit = np.iinfo(np.int64).max // factor
    out = np.clip(raw, -limit, limit) * factor
    out[raw > limit] = np.iinfo(np.int64).max
    out[(raw < -limit) & ~missing] = MISSING + 1
    out[missing] = MISSING
    return out


def instants(values: object, tz: Optional[str], what: str) -> I64:
    """A column of instants as a contiguous int64 array of Unix ns, NaT for missing."""
    mod = _module(values)
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise _input_error("unsupported_type", f"{what}: expected a 1-D array, found {values.ndim}-D")
        if values.dtype.kind == "M":
            # numpy datetime64 carries no zone: UTC, unless tz= names the zone of its wall times.
            return _numpy_instants(values, tz, what, aware=tz is None)
        if values.dtype.kind == "O":
            return _objects(values, tz, what)
        raise _input_error(
            "unsupported_type", f"{what}: expected datetime64 values, found dtype {values.dtype}"
        )
    if mod == "pandas":
        dtype = getattr(values, "dtype", None)
        zone = getattr(dtype, "tz", None)
        if zone is not None:
            # tz-aware: dropping the zone keeps the UTC datetime64 data (a view, no copy).
            utc = getattr(values, "array").tz_convert(None).to_numpy()
            return _numpy_instants(utc, None, what, aware=True)
        if getattr(dtype, "kind", None) == "M":
            return _numpy_instants(getattr(values, "array").to_numpy(), tz, what, aware=False)
        if getattr(dtype, "kind", None) == "O":
            return _objects(np.asarray(values, dtype=object), tz, what)
        raise _input_error("unsupported_type", f"{what}: expected datetimes, found dtype {dtype}")
    if mod == "polars":
        import polars as pl

        dtype = getattr(values, "dtype", None)
        if not isinstance(dtype, pl.Datetime):
            raise _input_error("unsupported_type", f"{what}: expected pl.Datetime, found {dtype}")
        physical: Any = getattr(values, "to_physical")()
        if physical.null_count():
            physical = physical.fill_null(MISSING)
        raw = physical.to_numpy()  # a view of the buffer when there are no nulls
        raw = _unit_ints(np.asarray(raw, dtype=np.int64), str(dtype.time_unit))
        if dtype.time_zone is None:
            if tz is None:
                raise _naive(what, "a polars Datetime column without time_zone")
            raw = _localize(raw, tz, what)
        return np.ascontiguousarray(raw)
    if mod == "pyarrow" or hasattr(values, "__arrow_c_array__") or hasattr(values, "__arrow_c_stream__"):
        return _arrow_instants(values, tz, what)
    if isinstance(values, (list, tuple)):
        return _objects(np.array(values, dtype=object), tz, what)
    raise _input_error(
        "unsupported_type",
        f"{what}: expected a column of instants (numpy, pandas, polars, pyarrow, a list), "
        f"found {type(values).__name__}",
    )


def _arrow_instants(values: object, tz: Optional[str], what: str) -> I64:
    """pyarrow arrays and any object with the Arrow PyCapsule interface (read through pyarrow)."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover - needs an environment without pyarrow
        raise _input_error(
            "unsupported_type", f"{what}: reading an Arrow object needs pyarrow installed"
        ) from None
    arr: Any = values
    if not isinstance(arr, (pa.Array, pa.ChunkedArray)):
        arr = pa.chunked_array(arr) if hasattr(arr, "__arrow_c_stream__") else pa.array(arr)
    typ = arr.type
    if not pa.types.is_timestamp(typ):
        raise _input_error("unsupported_type", f"{what}: expected an Arrow timestamp, found {typ}")
    ints = pc.fill_null(arr.cast(pa.int64()), MISSING)
    raw = _unit_ints(np.asarray(ints.to_numpy(), dtype=np.int64), typ.unit)
    if typ.tz is None:
        if tz is None:
            raise _naive(what, "an Arrow timestamp column without a time zone")
        raw = _localize(raw, tz, what)
    return np.ascontiguousarray(raw)


def _objects(values: npt.NDArray[Any], tz: Optional[str], what: str) -> I64:
    """Element by element: None and NaT are missing; a bad element names its row."""
    out = np.empty(len(values), dtype=np.int64)
    for i, v in enumerate(values):
        if (
            v is None
            or (isinstance(v, float) and v != v)
            or (isinstance(v, np.datetime64) and np.isnat(v))
            or (_module(v) == "pandas" and str(v) == "NaT")
        ):
            out[i] = MISSING
            continue
        try:
            out[i] = instant(v, tz, f"{what}[{i}]")
        except _errors.SupportMetricsError as e:
            e.row = i
            raise
    return out


def numbers(values: object, what: str) -> F64:
    """A column of seconds as float64 with NaN for missing (pandas' marker in float columns)."""
    mod = _module(values)
    if mod == "polars":
        import polars as pl

        values = values.cast(pl.Float64).fill_null(float("nan")).to_numpy()  # type: ignore[attr-defined]
    elif mod == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        values = pc.fill_null(values.cast(pa.float64()), float("nan")).to_numpy()  # type: ignore[attr-defined]
    elif mod == "pandas":
        values = getattr(values, "to_numpy")(dtype=np.float64, na_value=np.nan)
    elif isinstance(values, (list, tuple)):
        values = [np.nan if v is None else v for v in values]
    try:
        arr = np.asarray(values)
        if arr.dtype.kind not in "fiu":
            raise TypeError
        arr = np.ascontiguousarray(arr, dtype=np.float64)
    except (TypeError, ValueError):
        raise _input_error(
            "unsupported_type", f"{what}: expected numbers of seconds, found {type(values).__name__}"
        ) from None
    if arr.ndim != 1:
        raise _input_error("unsupported_type", f"{what}: expected a 1-D column")
    return arr


def seconds(value: Union[float, dt.timedelta], what: str) -> float:
    """One amount of seconds (a number or a timedelta)."""
    if isinstance(value, dt.timedelta):
        return _td_ns(value) / 1e9
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return float(value)
    raise _input_error(
        "unsupported_type", f"{what}: expected seconds as a number or a timedelta, found {type(value).__name__}"
    )


def to_datetime(ns: int, like_pandas: bool) -> dt.datetime:
    """Unix ns as an aware UTC datetime: a pandas Timestamp (exact) when the caller used
    pandas, else a datetime floored to the microsecond (a reply on the microsecond grid is on
    time exactly when it is before the floored deadline)."""
    if like_pandas and "pandas" in sys.modules:
        import pandas as pd

        return pd.Timestamp(ns, unit="ns", tz="UTC")
    return _EPOCH_UTC + dt.timedelta(microseconds=ns // 1_000)
