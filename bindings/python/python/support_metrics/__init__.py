"""Customer-support metrics on business calendars that are right to the second.

The Python face of the Rust core ``support-metrics``: the same numbers as the Rust crate and the
browser, from datetimes, numpy, pandas, polars or Arrow columns.

>>> import datetime as dt
>>> from support_metrics import BusinessCalendar
>>> cal = BusinessCalendar.from_json('''{"timezone": "Europe/Berlin",
...     "week": {"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]]}}''')
>>> utc = dt.timezone.utc
>>> created = dt.datetime(2026, 3, 2, 15, 0, tzinfo=utc)   # Monday 16:00 in Berlin
>>> replied = dt.datetime(2026, 3, 3, 9, 0, tzinfo=utc)    # Tuesday 10:00 in Berlin
>>> cal.business_seconds(created, replied)
7200.0
>>> cal.add_business_seconds(created, 4 * 3600)           # a 4-hour target: Tuesday 12:00
datetime.datetime(2026, 3, 3, 11, 0, tzinfo=datetime.timezone.utc)

Every operation of the core is also a keyword-only function of the same name (the list is
:func:`ops`), and :func:`call` reaches any of them by name; objects come back as :class:`Result`:

>>> import support_metrics as sm
>>> sm.business_seconds(calendar=cal, start=created, end=replied)
7200.0
>>> sm.erlang_c_metrics(agents=3, traffic_erlangs=2.0, aht_seconds=180, threshold_seconds=20).occupancy
0.6666666666666666
>>> sm.call("rate", numerator=45, denominator=50).value
0.9
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any, Dict, List, Literal, Optional, Protocol, Union, overload

import numpy as np
import numpy.typing as npt

from . import _api, _convert, _errors, _native
from ._api import (
    CalendarLike,
    StateLike,
    Count,
    Document,
    Instant,
    Instants,
    Number,
    Numbers,
    Operation,
    Records,
    Result,
    Seconds,
    Table,
    call,
    ops,
)
from ._errors import (
    CalendarError,
    FormatError,
    InputError,
    SupportMetricsError,
    ValueRangeError,
)

__all__ = [
    "BusinessCalendar",
    "OpenInterval",
    "SupportMetricsError",
    "FormatError",
    "CalendarError",
    "ValueRangeError",
    "InputError",
    "CODES",
    "Instant",
    "Instants",
    "Count",
    "Number",
    "Seconds",
    "Numbers",
    "Document",
    "Records",
    "Table",
    "CalendarLike",
    "StateLike",
    "Column",
    "call",
    "ops",
    "Operation",
    "Result",
    "Errors",
    "__version__",
]

__version__: str = _native.VERSION

#: Every stable error code of the core (``Error::CODES``).
CODES: tuple[str, ...] = tuple(_native.CODES)

#: What a vectorized call does with a row that fails: ``"raise"`` the first failure (with its
#: row), or ``"coerce"`` it to a missing value (NaN or NaT), like ``pandas.to_datetime``.
Errors = Literal["raise", "coerce"]


class _Sized(Protocol):
    def __len__(self) -> int: ...


class _ArrowArray(Protocol):
    def __arrow_c_array__(self, requested_schema: Any = None) -> Any: ...


class _ArrowStream(Protocol):
    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any: ...


#: A column: a numpy array, a pandas Series or DatetimeIndex, a polars Series, a pyarrow Array or
#: ChunkedArray, any Arrow PyCapsule producer, a list. Read at run time by its type (see
#: ``docs/python.md``).
Column = Union[_Sized, _ArrowArray, _ArrowStream]


@dataclasses.dataclass(frozen=True)
class OpenInterval:
    """One open interval ``[start, end)`` of a calendar, in UTC."""

    start: dt.datetime
    end: dt.datetime

    def to_dict(self) -> Dict[str, str]:
        """The interval as RFC 3339 strings, as in the shared JSON vectors.

        >>> import datetime as dt
        >>> utc = dt.timezone.utc
        >>> OpenInterval(dt.datetime(2026, 3, 2, 9, tzinfo=utc), dt.datetime(2026, 3, 2, 17, tzinfo=utc)).to_dict()
        {'start': '2026-03-02T09:00:00+00:00', 'end': '2026-03-02T17:00:00+00:00'}
        """
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def _core(call: Any, *args: Any) -> Any:
    try:
        return call(*args)
    except _native.CoreError as e:
        raise _errors.from_core(e) from None


def _pandas(*values: object) -> bool:
    return any(_convert._module(v) == "pandas" for v in values)


def _rows(values: Any, rows: List[Any], errors: Errors) -> Any:
    if errors not in ("raise", "coerce"):
        raise InputError(f"errors must be 'raise' or 'coerce', not {errors!r}", "unsupported_type")
    if rows and errors == "raise":
        _errors.raise_rows(rows)
    return values


class BusinessCalendar:
    """A business calendar: an IANA time zone, a weekly schedule, holidays, overrides, closures.

    Immutable and cheap to share; build it with :meth:`from_json` (the format of
    ``docs/calendars.md``) or :meth:`always_open`. Every answer comes from the Rust core.

    >>> cal = BusinessCalendar.from_json('{"timezone": "UTC", "name": "desk", "week": {"mon": [["09:00", "17:00"]]}}')
    >>> cal
    BusinessCalendar(name='desk', timezone='UTC')
    >>> cal.timezone, cal.name
    ('UTC', 'desk')
    """

    __slots__ = ("_cal",)
    _cal: _native.Calendar

    def __init__(self, native: _native.Calendar) -> None:
        """Use :meth:`from_json` or :meth:`always_open`."""
        object.__setattr__(self, "_cal", native)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("BusinessCalendar is immutable")

    @classmethod
    def from_json(cls, text: str) -> BusinessCalendar:
        """Reads the calendar JSON form shared by every language.

        >>> BusinessCalendar.from_json('{"timezone": "Mars/Olympus"}')
        Traceback (most recent call last):
        ...
        support_metrics._errors.CalendarError: unknown time zone `Mars/Olympus`: use an IANA name such as `Europe/Berlin` or `UTC`
        """
        if not isinstance(text, str):
            raise InputError(f"text: expected a JSON string, found {type(text).__name__}", "unsupported_type")
        return cls(_core(_native.Calendar.from_json, text))

    @classmethod
    def always_open(cls, tz: str = "UTC") -> BusinessCalendar:
        """A calendar open around the clock: business time equals elapsed time.

        >>> BusinessCalendar.always_open("Asia/Tokyo").timezone
        'Asia/Tokyo'
        """
        return cls(_core(_native.Calendar.always_open, tz))

    def to_json(self) -> str:
        """The canonical JSON form; :meth:`from_json` reads it back to an equal calendar."""
        return self._cal.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The canonical JSON form as a dict.

        >>> BusinessCalendar.from_json('{"timezone": "UTC", "week": {"mon": [["09:00", "17:00"]]}}').to_dict()["week"]["mon"]
        [['09:00', '17:00']]
        """
        result: Dict[str, Any] = json.loads(self._cal.to_json())
        return result

    @property
    def timezone(self) -> str:
        """The IANA name of the zone the schedule is read in."""
        return self._cal.timezone

    @property
    def name(self) -> Optional[str]:
        """The calendar's name, if it has one."""
        return self._cal.name

    def __repr__(self) -> str:
        return f"BusinessCalendar(name={self.name!r}, timezone={self.timezone!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BusinessCalendar) and self._cal == other._cal

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __reduce__(self) -> Any:
        return (BusinessCalendar.from_json, (self.to_json(),))

    # Text is `Sized` like a column; at run time a str is always one instant (checked first).
    @overload
    def business_seconds(  # type: ignore[overload-overlap]
        self, start: Instant, end: Instant, *, tz: Optional[str] = None
    ) -> float: ...

    @overload
    def business_seconds(
        self, start: Column, end: Column, *, tz: Optional[str] = None, errors: Errors = "raise"
    ) -> npt.NDArray[np.float64]: ...

    def business_seconds(
        self, start: Any, end: Any, *, tz: Optional[str] = None, errors: Errors = "raise"
    ) -> Any:
        """Business seconds in ``[start, end)``: a float for two instants, a float64 array for
        two columns (NaN where an input is missing, or where a row failed with ``errors="coerce"``).

        ``tz`` names the zone of naive inputs (read as wall times there); without it naive
        inputs are refused.

        >>> import datetime as dt, numpy as np
        >>> cal = BusinessCalendar.from_json('{"timezone": "UTC", "week": {"mon": [["09:00", "17:00"]]}}')
        >>> cal.business_seconds(dt.datetime(2026, 3, 2, 8, tzinfo=dt.timezone.utc),
        ...                      dt.datetime(2026, 3, 2, 10, tzinfo=dt.timezone.utc))
        3600.0
        >>> starts = np.array(["2026-03-02T08:00", "NaT", "2026-03-02T12:00"], dtype="datetime64[ns]")
        >>> ends = np.array(["2026-03-02T10:00", "2026-03-02T10:00", "2026-03-02T10:00"], dtype="datetime64[ns]")
        >>> cal.business_seconds(starts, ends, errors="coerce")
        array([3600.,   nan,   nan])
        >>> cal.business_seconds(starts, ends)
        Traceback (most recent call last):
        ...
        support_metrics._errors.ValueRangeError: row 2: end 2026-03-02T10:00:00Z is before start 2026-03-02T12:00:00Z
        """
        if _convert.is_scalar(start) and _convert.is_scalar(end):
            a = _convert.instant(start, tz, "start")
            b = _convert.instant(end, tz, "end")
            return float(_core(self._cal.business_seconds, a, b))
        starts = _convert.instants(start, tz, "start")
        ends = _convert.instants(end, tz, "end")
        values, rows = _core(self._cal.business_seconds_batch, starts, ends)
        return _rows(values, rows, errors)

    @overload
    def add_business_seconds(
        self, start: Instant, seconds: Union[float, dt.timedelta], *, tz: Optional[str] = None
    ) -> dt.datetime: ...

    @overload
    def add_business_seconds(
        self, start: Column, seconds: Column, *, tz: Optional[str] = None, errors: Errors = "raise"
    ) -> npt.NDArray[np.datetime64]: ...

    def add_business_seconds(
        self, start: Any, seconds: Any, *, tz: Optional[str] = None, errors: Errors = "raise"
    ) -> Any:
        """The deadline: the latest instant ``x >= start`` with ``seconds`` of business time in
        ``[start, x)``. For columns, a ``datetime64[ns]`` array of UTC instants (NaT where an input
        is missing: NaT, None or a NaN amount); ``pandas.to_datetime(out, utc=True)`` makes it
        ``datetime64[ns, UTC]``.

        A scalar answer is an aware UTC ``datetime``, floored to the microsecond, or an exact
        pandas ``Timestamp`` when ``start`` is one.

        >>> import datetime as dt
        >>> cal = BusinessCalendar.from_json('{"timezone": "UTC", "week": {"mon": [["09:00", "17:00"]]}}')
        >>> cal.add_business_seconds(dt.datetime(2026, 3, 2, 16, tzinfo=dt.timezone.utc), 7200)
        datetime.datetime(2026, 3, 9, 10, 0, tzinfo=datetime.timezone.utc)
        """
        if _convert.is_scalar(start):
            a = _convert.instant(start, tz, "start")
            secs = _convert.seconds(seconds, "seconds")
            ns = _core(self._cal.add_business_seconds, a, secs)
            return _convert.to_datetime(ns, _pandas(start))
        starts = _convert.instants(start, tz, "start")
        amounts = _convert.numbers(seconds, "seconds")
        values, rows = _core(self._cal.add_business_seconds_batch, starts, amounts)
        return _rows(values, rows, errors).view("datetime64[ns]")

    def is_open(self, t: Instant, *, tz: Optional[str] = None) -> bool:
        """True when the calendar is open at ``t`` (intervals are ``[start, end)``).

        >>> import datetime as dt
        >>> cal = BusinessCalendar.from_json('{"timezone": "Europe/Berlin", "week": {"mon": [["09:00", "17:00"]]}}')
        >>> cal.is_open(dt.datetime(2026, 3, 2, 9, 0), tz="Europe/Berlin")
        True
        """
        return bool(_core(self._cal.is_open, _convert.instant(t, tz, "t")))

    def next_open(self, t: Instant, *, tz: Optional[str] = None) -> Optional[dt.datetime]:
        """The earliest instant ``>= t`` at which the calendar is open, or ``None`` before 2100.

        >>> import datetime as dt
        >>> cal = BusinessCalendar.from_json('{"timezone": "UTC", "week": {"mon": [["09:00", "17:00"]]}}')
        >>> cal.next_open(dt.datetime(2026, 3, 2, 18, tzinfo=dt.timezone.utc))
        datetime.datetime(2026, 3, 9, 9, 0, tzinfo=datetime.timezone.utc)
        """
        ns = _core(self._cal.next_open, _convert.instant(t, tz, "t"))
        return None if ns is None else _convert.to_datetime(ns, _pandas(t))

    def next_close(self, t: Instant, *, tz: Optional[str] = None) -> Optional[dt.datetime]:
        """The earliest instant ``>= t`` at which the calendar is closed, or ``None`` when it
        stays open to 2100 (a 24/7 calendar).

        >>> import datetime as dt
        >>> BusinessCalendar.always_open().next_close(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)) is None
        True
        """
        ns = _core(self._cal.next_close, _convert.instant(t, tz, "t"))
        return None if ns is None else _convert.to_datetime(ns, _pandas(t))

    def open_intervals(
        self, start: Instant, end: Instant, *, tz: Optional[str] = None
    ) -> List[OpenInterval]:
        """The maximal open intervals meeting ``[start, end)``, clipped to it, in order.

        >>> import datetime as dt
        >>> cal = BusinessCalendar.from_json('{"timezone": "UTC", "week": {"mon": [["09:00", "12:00"], ["12:00", "17:00"]]}}')
        >>> [i.to_dict() for i in cal.open_intervals(dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc),
        ...                                          dt.datetime(2026, 3, 3, tzinfo=dt.timezone.utc))]
        [{'start': '2026-03-02T09:00:00+00:00', 'end': '2026-03-02T17:00:00+00:00'}]
        """
        a = _convert.instant(start, tz, "start")
        b = _convert.instant(end, tz, "end")
        like = _pandas(start, end)
        return [
            OpenInterval(_convert.to_datetime(s, like), _convert.to_datetime(e, like))
            for s, e in _core(self._cal.open_intervals, a, b)
        ]


# One keyword-only function per core operation (generated; after BusinessCalendar, which their
# types name).
from . import _ops  # noqa: E402
from ._ops import *  # noqa: E402,F401,F403

__all__ += _ops.__all__
