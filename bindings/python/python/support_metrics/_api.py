"""Every operation of the core through its one JSON boundary: ``call(op, **args)``.

Only conversion happens here. Python values become the shared JSON arguments (the format of the
test vectors: RFC 3339 instants with an offset, ``"NaN"`` / ``"Infinity"`` / ``"-Infinity"``
for non-finite numbers, documents as objects, record tables as arrays of objects), the core's
``api::call_json`` computes, and its JSON answer comes back as plain Python values with every
object as an immutable :class:`Result`. pandas, polars and pyarrow are never imported here: their
objects are recognized by their module and read through their own methods.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import functools
import io
import json
import keyword
import math
import os
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    NamedTuple,
    Optional,
    Protocol,
    Tuple,
    Union,
)

import numpy as np

from . import _convert, _errors, _native

if TYPE_CHECKING:
    from . import BusinessCalendar

__all__ = [
    "call",
    "ops",
    "Operation",
    "Result",
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
]

#: One instant: an aware ``datetime`` (a pandas ``Timestamp`` is one), a numpy ``datetime64``
#: (UTC) or RFC 3339 text with an offset (read by the core's parser). Naive values need ``tz=``
#: where a calendar method offers it; the operations of :func:`call` refuse them.
Instant = Union[dt.datetime, np.datetime64, str]

#: A column of instants (a list, a numpy array, a pandas or polars Series, ...); ``None``,
#: ``NaT`` and nulls are missing.
Instants = Iterable[Optional[Instant]]

#: A count: a whole number, a Python or numpy integer.
Count = Union[int, "np.integer[Any]"]

#: A number: a Python or numpy float or integer.
Number = Union[float, "np.floating[Any]", "np.integer[Any]"]

#: An amount of seconds: a number or a ``timedelta``.
Seconds = Union[Number, dt.timedelta]

#: Numbers: a list, a numpy array, a pandas or polars Series.
Numbers = Iterable[Number]

#: A JSON document: its object (a dict or any mapping) or its text.
Document = Union[Mapping[str, Any], str]


class Table(Protocol):
    """A table of records: a pandas or polars ``DataFrame`` or a pyarrow ``Table``."""

    @property
    def columns(self) -> Any: ...


#: Records: a list of dicts, or a table whose rows are records (a missing cell is an absent
#: field).
Records = Union[Iterable[Mapping[str, Any]], Table]

#: A partial state: its bytes, or their base64 text (what the ``*_state`` operations answer).
StateLike = Union[bytes, str]

#: A calendar: a :class:`BusinessCalendar`, its JSON document as a dict, or its text.
CalendarLike = Union["BusinessCalendar", Mapping[str, Any], str]

_NON_FINITE = {math.inf: "Infinity", -math.inf: "-Infinity"}


class Result(Mapping[str, Any]):
    """An object answered by the core: an immutable mapping whose keys are also attributes.

    Nested objects are ``Result`` too, arrays are lists, numbers, text, booleans and ``None``
    stay as they are (instants stay RFC 3339 text). ``to_dict()`` gives plain dicts and lists,
    the answer's JSON form. A key named like a mapping method (``keys``, ``values``, ``items``,
    ``get``, ``to_dict``) is read by subscription: ``r["values"]``.

    >>> r = Result({"value": 0.5, "interval": {"lower": 0.25, "upper": 0.75}})
    >>> r.value, r.interval.upper, r["interval"]["lower"]
    (0.5, 0.75, 0.25)
    >>> r
    Result(value=0.5, interval=Result(lower=0.25, upper=0.75))
    >>> r.to_dict()
    {'value': 0.5, 'interval': {'lower': 0.25, 'upper': 0.75}}
    >>> r.value = 1.0
    Traceback (most recent call last):
    ...
    AttributeError: Result is immutable
    """

    __slots__ = ("_data",)
    _data: Dict[str, Any]

    def __init__(self, data: Mapping[str, Any] = {}, /) -> None:
        object.__setattr__(self, "_data", {k: _wrap(v) for k, v in data.items()})

    @classmethod
    def _own(cls, data: Dict[str, Any]) -> Result:
        """Takes a dict whose nested values are already wrapped (the JSON object hook)."""
        r = cls.__new__(cls)
        object.__setattr__(r, "_data", data)
        return r

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_data":
            raise AttributeError(name)
        try:
            return self._data[name]
        except KeyError:
            raise AttributeError(f"this Result has no field {name!r}; its fields: {', '.join(self._data)}") from None

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Result is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Result is immutable")

    def __dir__(self) -> List[str]:
        return sorted(set(super().__dir__()) | {k for k in self._data if k.isidentifier()})

    def __reduce__(self) -> Tuple[Any, ...]:
        return (Result, (self.to_dict(),))

    def __repr__(self) -> str:
        if all(k.isidentifier() and not keyword.iskeyword(k) for k in self._data):
            return "Result(" + ", ".join(f"{k}={_short(v)}" for k, v in self._data.items()) + ")"
        return "Result({" + ", ".join(f"{k!r}: {_short(v)}" for k, v in self._data.items()) + "})"

    def to_dict(self) -> Dict[str, Any]:
        """The answer's JSON form: plain dicts, lists and scalars (a deep copy)."""
        return {k: _plain(v) for k, v in self._data.items()}


def _wrap(v: Any) -> Any:
    if isinstance(v, Result):
        return v
    if isinstance(v, Mapping):
        return Result(v)
    if isinstance(v, list):
        return [_wrap(x) for x in v]
    return v


def _plain(v: Any) -> Any:
    if isinstance(v, Result):
        return v.to_dict()
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _short(v: Any, limit: int = 6) -> str:
    """A readable repr: long arrays show their first items and how many more there are."""
    if isinstance(v, list):
        items = [_short(x, limit) for x in v[:limit]]
        if len(v) > limit:
            items.append(f"... {len(v) - limit} more")
        return "[" + ", ".join(items) + "]"
    return repr(v)


class Operation(NamedTuple):
    """One operation of the core: its name, module, arguments (``?`` marks an optional one) and
    what it answers."""

    name: str
    area: str
    args_text: str
    summary: str

    @property
    def args(self) -> List[Tuple[str, bool]]:
        """The arguments as ``(name, required)`` pairs, in order.

        >>> Operation("rate", "stats", "numerator, denominator, options?", "").args
        [('numerator', True), ('denominator', True), ('options', False)]
        """
        return [(a[:-1], False) if a.endswith("?") else (a, True) for a in self.args_text.split(", ") if a]


def ops() -> List[Operation]:
    """Every operation of :func:`call`, in the core's order; each is also a function of this
    package with the same name.

    >>> next(op for op in ops() if op.name == "erlang_c")
    Operation(name='erlang_c', area='erlang', args_text='agents, traffic_erlangs', summary='Erlang C probability of waiting')
    """
    return [Operation(*op) for op in _native.ops()]


def call(op: str, /, **args: Any) -> Any:
    """Calls the core operation ``op`` with its named arguments; see :func:`ops` for the list.

    Arguments are converted to the shared JSON form (see ``docs/python.md``): aware datetimes,
    pandas Timestamps and numpy ``datetime64`` become RFC 3339 text, non-finite floats
    ``"NaN"`` / ``"Infinity"`` / ``"-Infinity"``, numpy scalars and arrays Python numbers and
    lists, DataFrames and Arrow tables lists of records (a missing value is an absent field), a
    :class:`BusinessCalendar` its JSON document. An argument that is ``None`` is omitted, and a
    trailing underscore escapes a Python keyword (``from_=`` is ``from``). The answer's objects
    are :class:`Result` mappings; errors raise :class:`SupportMetricsError` subclasses by family.

    >>> call("erlang_c", agents=2, traffic_erlangs=1.0)
    0.33333333333333...
    >>> call("rate", numerator=3, denominator=4).value
    0.75
    >>> call("erlang_c", agents=2, traffic_erlangs=float("nan"))
    Traceback (most recent call last):
    ...
    support_metrics._errors.ValueRangeError: ...
    """
    return _call(op, {(k[:-1] if k.endswith("_") and keyword.iskeyword(k[:-1]) else k): v for k, v in args.items()})


#: String arguments at least this long cross to the core beside the JSON text.
_TEXT_ASIDE = 1 << 16


def _call(op: str, args: Mapping[str, Any]) -> Any:
    """``call`` with the arguments under their core names (the generated functions use it)."""
    if op == "kpi_scorecard" and _table_columns(args.get("interactions")) is not None:
        return _kpi_scorecard_tables(args)
    args = _tables_as_csv(op, args)
    # Long texts (CSV files) go beside the JSON, not escaped into it and read back.
    texts: List[Tuple[str, Union[str, _native.CsvText]]] = [
        (name, v if isinstance(v, _native.CsvText) else str.__str__(v))
        for name, v in args.items()
        if isinstance(v, _native.CsvText) or (isinstance(v, str) and len(v) >= _TEXT_ASIDE)
    ]
    aside = {name for name, _ in texts}
    payload = {name: to_json(value, name) for name, value in args.items() if value is not None and name not in aside}
    text = json.dumps(payload, allow_nan=False, ensure_ascii=False, separators=(",", ":"))
    try:
        answer = _native.call(op, text, texts or None)
    except _native.CoreError as e:
        raise _errors.from_core(e) from None
    return json.loads(answer, object_hook=Result._own)


#: Arguments where a table stands for the rows of a CSV file the core reads: (operation,
#: argument) -> the argument of that CSV's text. A table there (pandas or polars DataFrame,
#: pyarrow Table) is written as the CSV (see :func:`table_csv`) and read by the core's own
#: reader, so a table and the file give the same answer, findings included.
CSV_TABLES: Dict[Tuple[str, str], str] = {
    ("report", "interactions"): "summary_csv",
    ("report", "surveys"): "surveys_csv",
    ("report_state", "interactions"): "summary_csv",
    ("report_state", "surveys"): "surveys_csv",
    ("ticket_state", "interactions"): "summary_csv",
    # Answers as a table beside interactions as CSV text (a table of interactions takes the
    # columns path, `_kpi_scorecard_tables`).
    ("kpi_scorecard", "surveys"): "surveys_csv",
}


def _tables_as_csv(op: str, args: Mapping[str, Any]) -> Mapping[str, Any]:
    """``args`` with each table of :data:`CSV_TABLES` moved to its CSV argument as text."""
    out: Optional[Dict[str, Any]] = None
    for name, value in args.items():
        target = CSV_TABLES.get((op, name))
        if target is None or _table_columns(value) is None:
            continue
        if args.get(target) is not None:
            raise _input_error(
                "unsupported_type",
                f"{name}: a table here is the rows of {target}; pass the rows either as a table "
                f"in {name}= or as text in {target}=, not both",
            )
        if out is None:
            out = dict(args)
        del out[name]
        out[target] = _table_text(value, name)
    return args if out is None else out


#: The scorecard's columns: (name, kind, required) per table (docs/python.md, "Scorecard").
_SCORECARD_COLUMNS = {
    "interactions": [("id", "text", True), ("channel", "text", True), ("agent", "text", False),
                     ("group", "text", False), ("topic", "text", False), ("priority", "text", False),
                     ("created_at", "instant", True), ("first_response_at", "instant", False),
                     ("resolved_at", "instant", False)],
    "surveys": [("interaction_id", "text", True), ("kind", "text", True), ("score", "number", True),
                ("responded_at", "instant", True), ("comment", "text", False), ("topic", "text", False),
                ("agent", "text", False)],
}


def _scorecard_columns(value: Any, what: str) -> List[Tuple[str, str, Any]]:
    """A table's scorecard columns for ``_native.kpi_scorecard``, in place where they can be:
    Arrow text as its offsets, bytes and validity bitmap (other text as the CSV path's cells),
    aware pandas instants as their own unit's int64 ticks (others as int64 Unix ns; ``NaT``
    missing), scores as float64 (``NaN`` missing)."""
    frame = _pandas_view(value)
    if frame is None:
        raise _input_error(
            "unsupported_type",
            f"{what}: expected a pandas or polars DataFrame or a pyarrow Table, found {type(value).__name__}",
        )
    out: List[Tuple[str, str, Any]] = []
    for name, kind, required in _SCORECARD_COLUMNS[what]:
        if name not in frame.columns:
            if required:
                raise _input_error("missing_column", f"{what}: missing required column `{name}`")
            continue
        series = frame[name]
        if kind == "instant":
            units = _aware_units(series)
            if units is not None:
                # The column's own ticks and their nanoseconds: the core's side scales them.
                out.append((name, "instant_units", units))
            else:
                out.append((name, kind, _convert.instants(series, None, f"{what}.{name}")))
        elif kind == "number":
            out.append((name, kind, _convert.numbers(series, f"{what}.{name}")))
        else:
            arrow = series.dtype.kind in "OU" or hasattr(series.dtype, "pyarrow_dtype") or str(series.dtype) == "str"
            raw = _arrow_text_with_nulls(series) if arrow else None
            if raw is not None:
                # One chunk as it is; more as the list of their buffers (read in place).
                out.append((name, "text_nulls", raw[0]) if len(raw) == 1 else (name, "text_chunks", raw))
                continue
            text = _arrow_text(series) if arrow else None
            if text is None:
                cells = _pandas_column_cells(series)
                if cells is None:
                    raise _input_error("unsupported_type", f"{what}.{name}: expected text, found {series.dtype}")
                import pandas as pd

                text = _arrow_text(pd.Series(cells, dtype=object))
                if text is None:
                    raise _input_error("unsupported_type", f"{what}.{name}: reading text needs pyarrow installed")
            out.append((name, kind, (text[1], text[2])))
    return out


def _kpi_scorecard_tables(args: Mapping[str, Any]) -> Any:
    """``kpi_scorecard`` of a table of interactions (and of answers): the tables' columns go to
    the core's scorecard in place (``_native.kpi_scorecard``), not through CSV text."""
    surveys = args.get("surveys")
    if surveys is not None and _table_columns(surveys) is None:
        raise _input_error(
            "unsupported_type",
            "surveys: with a table of interactions, pass the answers as a table too "
            "(or both as CSV text in summary_csv= and surveys_csv=)",
        )
    for name in ("summary_csv", "surveys_csv"):
        if args.get(name) is not None:
            raise _input_error(
                "unsupported_type",
                f"{name}: with a table of interactions, pass every input as a table",
            )
    calendar = args.get("calendar")
    cal = calendar if isinstance(calendar, str) else json.dumps(to_json(calendar, "calendar"))
    policies = args.get("policies")
    pol = None
    if policies is not None:
        pol = policies if isinstance(policies, str) else json.dumps(to_json(policies, "policies"))
    options = args.get("options")
    opts = json.dumps(to_json(options if options is not None else {}, "options"), allow_nan=False)
    columns = _scorecard_columns(args.get("interactions"), "interactions")
    answers = None if surveys is None else _scorecard_columns(surveys, "surveys")
    try:
        answer = _native.kpi_scorecard(cal, pol, opts, columns, answers)
    except _native.CoreError as e:
        raise _errors.from_core(e) from None
    return json.loads(answer, object_hook=Result._own)


# -- Python values to the shared JSON form ------------------------------------------------------


def _input_error(code: str, message: str) -> _errors.InputError:
    return _errors.InputError(message, code)


def _module(value: object) -> str:
    return type(value).__module__.split(".", 1)[0]


def _number(x: float) -> Union[float, str]:
    if math.isnan(x):
        return "NaN"
    return _NON_FINITE.get(x, float(x))


def _rfc3339(value: dt.datetime, what: str) -> str:
    """An aware datetime (pandas Timestamps keep their nanoseconds) as RFC 3339 text."""
    offset = value.utcoffset()
    if offset is None:
        raise _input_error(
            "naive_datetime",
            f"{what}: {value!r} has no time zone; pass an aware datetime (UTC or with an "
            "offset) or RFC 3339 text with an offset such as '2026-03-02T12:30:00+03:00'",
        )
    if offset.microseconds or offset.seconds % 60:
        # RFC 3339 offsets are whole minutes (historical local mean times are not): say it in UTC.
        value = value.astimezone(dt.timezone.utc)
    return value.isoformat()


def _datetime64(value: np.datetime64) -> Optional[str]:
    """A numpy datetime64 (a UTC instant) as RFC 3339 text; NaT is missing."""
    if np.isnat(value):
        return None
    unit, _ = np.datetime_data(value.dtype)
    if unit not in ("s", "ms", "us", "ns"):
        # Coarser units are read to the second; finer ones to the nanosecond (RFC 3339 in the
        # core has up to nine fractional digits).
        value = value.astype("datetime64[ns]" if unit in ("ps", "fs", "as") else "datetime64[s]")
    return str(np.datetime_as_string(value, timezone="UTC"))


def _timedelta_seconds(value: dt.timedelta) -> float:
    ns = getattr(value, "value", None) if _module(value) == "pandas" else None
    if isinstance(ns, int):
        return ns / 1e9
    return (value.days * 86_400 + value.seconds) + value.microseconds / 1e6


def _is_missing(v: Any) -> bool:
    """A missing cell of a table: None, NaN, NaT, pandas NA."""
    if v is None:
        return True
    if isinstance(v, (float, np.floating)):
        return bool(v != v)
    if isinstance(v, (np.datetime64, np.timedelta64)):
        return bool(np.isnat(v))
    return _module(v) == "pandas" and type(v).__name__ in ("NaTType", "NAType")


def _records(rows: List[Dict[str, Any]], what: str) -> List[Dict[str, Any]]:
    return [
        {str(k): to_json(v, f"{what}[{i}].{k}") for k, v in row.items() if not _is_missing(v)}
        for i, row in enumerate(rows)
    ]


# chrono's format (polars formats with it): RFC 3339 with nine fractional digits.
_NS_FORMAT = "%Y-%m-%dT%H:%M:%S%.9f%:z"


def _polars_ns(dtype: Any) -> bool:
    """An aware polars nanosecond Datetime: Python datetimes would drop its nanoseconds, so it
    is formatted as text by polars instead (naive ones go as datetimes, to be refused)."""
    import polars as pl

    return isinstance(dtype, pl.Datetime) and dtype.time_unit == "ns" and dtype.time_zone is not None


def _table_rows(value: Any) -> Optional[List[Dict[str, Any]]]:
    """The rows of a pandas or polars DataFrame or a pyarrow Table / RecordBatch, or None."""
    mod, name = _module(value), type(value).__name__
    if mod == "pandas" and name == "DataFrame":
        rows: List[Dict[str, Any]] = value.to_dict("records")
        return rows
    if mod == "polars" and name == "DataFrame":
        import polars as pl

        exact = [c for c, t in value.schema.items() if _polars_ns(t)]
        if exact:
            value = value.with_columns([pl.col(c).dt.to_string(_NS_FORMAT) for c in exact])
        return list(value.to_dicts())
    if mod == "pyarrow" and name in ("Table", "RecordBatch"):
        out: List[Dict[str, Any]] = value.to_pylist()
        # A map column comes out as (key, value) pairs; a record's mapping field is a dict.
        maps = [f.name for f in value.schema if type(f.type).__name__ == "MapType"]
        for row in out:
            for m in maps:
                if row.get(m) is not None:
                    row[m] = dict(row[m])
        return out
    return None


def _table_columns(value: Any) -> Optional[List[Any]]:
    """The column names of a table :func:`_table_rows` reads, or None for anything else."""
    mod, name = _module(value), type(value).__name__
    if mod in ("pandas", "polars") and name == "DataFrame":
        return list(value.columns)
    if mod == "pyarrow" and name in ("Table", "RecordBatch"):
        return list(value.schema.names)
    return None


def _csv_field(value: Any, what: str) -> str:
    """One cell as CSV text: the shared JSON form of the value, written as the core's CSV
    readers read it (a missing cell is empty, a flag ``true`` / ``false``, a whole float such
    as a count in a pandas column with gaps is written without its ``.0``)."""
    if _is_missing(value):
        return ""
    v = to_json(value, what)
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return _float_text(v)
    if isinstance(v, str):
        return v
    raise _input_error(
        "unsupported_type",
        f"{what}: a cell of a table of CSV rows holds one value, found {type(value).__name__}; "
        "pass nested values (interaction events, CSI attribute ratings) as a list of dicts",
    )


def table_csv(value: Any, what: str) -> str:
    """A table (pandas or polars DataFrame, pyarrow Table) as CSV text: a header of its column
    names, then one line per row with each cell in the shared JSON form (so an aware datetime
    is RFC 3339 text with its offset and a naive one is refused with ``naive_datetime``, naming
    ``what[row].column``). Nothing is checked or computed here: the core's CSV reader does it,
    and its findings name line ``row + 2`` (the header is line 1).

    >>> import datetime as dt
    >>> import pandas as pd
    >>> df = pd.DataFrame({"id": ["a", "b"], "agent_replies": [1, None], "escalated": [True, False],
    ...                    "created_at": [dt.datetime(2026, 3, 2, 9, tzinfo=dt.timezone.utc)] * 2})
    >>> print(table_csv(df, "interactions"), end="")
    id,agent_replies,escalated,created_at
    a,1,true,2026-03-02T09:00:00+00:00
    b,,false,2026-03-02T09:00:00+00:00
    """
    text = _table_text(value, what)
    return text if isinstance(text, str) else str(text)


def _table_text(value: Any, what: str) -> Union[str, _native.CsvText]:
    """:func:`table_csv`, with the text the Rust writer gives left in Rust (a
    ``_native.CsvText`` that ``_native.call`` moves into the core without a copy)."""
    columns = _table_columns(value)
    if columns and len(columns) > 1:
        native = _native_columns(value)
        if native is not None:
            head = io.StringIO()
            csv.writer(head, lineterminator="\n").writerow([str(c) for c in columns])
            text = _native.csv_text(head.getvalue(), native)
            if text is not None:
                return text
    cells = None if not columns else _table_cells(value)
    if columns and cells is not None:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([str(c) for c in columns])
        if len(columns) > 1 and not any(map(_needs_quotes, cells)):
            # No cell the writer would quote: joining is the same text, several times faster.
            out.write("".join(map("%s\n".__mod__, map(",".join, zip(*cells)))))
        else:
            writer.writerows(zip(*cells))
        return out.getvalue()
    return _csv_by_rows(value, what)


def _needs_quotes(cells: List[str]) -> bool:
    """Whether the csv writer quotes any of a column's cells (a delimiter, a quote or a line
    break in it), checked on the joined column at C speed."""
    text = "\x00".join(cells)
    return any(ch in text for ch in ',"\r\n')


def _csv_by_rows(value: Any, what: str) -> str:
    """:func:`table_csv` cell by cell, row by row: every kind of table, and the errors that name
    the first bad cell in row order (also the reference the column-wise form is tested against)."""
    columns = _table_columns(value)
    rows = _table_rows(value)
    if columns is None or rows is None:
        raise _input_error(
            "unsupported_type",
            f"{what}: expected a pandas or polars DataFrame or a pyarrow Table, found {type(value).__name__}",
        )
    if not columns:
        return ""  # an empty file
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([str(c) for c in columns])
    for i, row in enumerate(rows):
        writer.writerow([_csv_field(row.get(c), f"{what}[{i}].{c}") for c in columns])
    return out.getvalue()


def _table_cells(value: Any) -> Optional[List[List[str]]]:
    """The cells of any table, column by column (:func:`_pandas_cells`): polars and pyarrow
    tables are first viewed as pandas with Arrow-backed columns (polars' nanosecond instants as
    the text the cell-by-cell path writes for them). None when that view is not available
    (pandas or pyarrow not installed, a type pandas cannot hold): the caller goes cell by cell."""
    value = _pandas_view(value)
    columns = None if value is None else _table_columns(value)
    return None if columns is None else _pandas_cells(value, columns)


def _native_columns(value: Any) -> Optional[List[Tuple[str, Any, Any]]]:
    """A table's columns as ``_native.csv_text`` takes them (its ``(kind, values, extra)``
    triples), so that the rows are written in Rust: numbers, flags and Arrow or plain text in
    place, other kinds as their :func:`_pandas_column_cells` joined by line breaks. None when
    some column has no such form, when a cell holds a line break, or for an empty table: the
    caller then writes the cells in Python."""
    frame = _pandas_view(value)
    if frame is None or not frame.columns.is_unique or len(frame) == 0:
        return None
    out: List[Tuple[str, Any, Any]] = []
    for c in frame.columns:
        series = frame[c]
        column = _native_column(series)
        if column is None:
            cells = _pandas_column_cells(series)
            if cells is None:
                return None
            joined = "\n".join(cells)
            if joined.count("\n") != len(cells) - 1:
                return None  # a line break in a cell: it needs quoting
            column = ("joined", joined, None)
        out.append(column)
    return out


def _native_column(series: Any) -> Optional[Tuple[str, Any, Any]]:
    """One pandas column in place for ``_native.csv_text`` (numbers, flags, text), or None."""
    import pandas as pd

    dtype = series.dtype
    kind = getattr(dtype, "kind", "O")
    arrow = getattr(dtype, "pyarrow_dtype", None)
    if isinstance(dtype, pd.DatetimeTZDtype):
        return _instant_column(series)
    if arrow is not None and getattr(arrow, "tz", None) is not None:
        utc = _arrow_instants(series, arrow)
        return None if utc is None else _instant_column(utc)
    missing = series.isna().to_numpy(dtype=bool)
    valid = ~missing if missing.any() else None
    if kind == "O" and pd.api.types.infer_dtype(series, skipna=True) == "boolean":
        # Flags with gaps (an object column of True, False and None or NaN).
        values = np.zeros(len(series), dtype=bool)
        values[~missing] = series.to_numpy(dtype=object)[~missing].astype(bool)
        return ("flag", values, valid)
    if kind == "b":
        return ("flag", np.ascontiguousarray(series.to_numpy(dtype=bool, na_value=False)), valid)
    if kind == "i" or (kind == "u" and getattr(dtype, "itemsize", 8) < 8):
        return ("int", np.ascontiguousarray(series.to_numpy(dtype=np.int64, na_value=0)), valid)
    if kind == "f":
        return ("float", np.ascontiguousarray(series.to_numpy(dtype=np.float64, na_value=np.nan)), None)
    if isinstance(dtype, pd.StringDtype) or str(arrow) in ("string", "large_string") or kind == "U":
        return _arrow_text(series)
    if kind == "O" and pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):
        # Only text (bytes, numbers or mixed objects are written by `_csv_field` in Python).
        return _arrow_text(series)
    return None


def _instant_column(series: Any) -> Optional[Tuple[str, Any, Any]]:
    """An aware datetime column for ``_native.csv_text``: the wall-clock ticks and offsets of
    :func:`_aware_datetime_cells` (local time with its offset; UTC when the offset is not whole
    minutes), which the Rust side lays out as that function does. None for units it has no
    form for."""
    clock = _wall_clock(series)
    if clock is None:
        return None
    wall, offset, missing, per_second = clock
    return ("instant", np.ascontiguousarray(wall, dtype=np.int64), (np.ascontiguousarray(offset, dtype=np.int64), ~missing, per_second))


def _wall_clock(series: Any) -> Optional[Tuple[Any, Any, Any, int]]:
    """An aware datetime column as ``Timestamp.isoformat()`` shows it, in numbers: the wall-clock
    ticks (local time; UTC where the offset is not whole minutes, as RFC 3339 needs), the offset
    in seconds (0 there), the missing cells and the ticks per second of the column's own unit
    (converting to nanoseconds would wrap instants past 2262). None for other units."""
    utc = series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
    local = series.dt.tz_localize(None).to_numpy()
    unit, count = np.datetime_data(utc.dtype)
    per_second = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}.get(unit)
    if per_second is None or count != 1 or local.dtype != utc.dtype:
        return None
    missing = np.isnat(utc)
    u, loc = utc.view(np.int64), local.view(np.int64)
    offset = np.where(missing, 0, (loc - u) // per_second)
    whole = offset % 60 == 0
    wall = np.where(missing, 0, np.where(whole, loc, u))
    return wall, np.where(whole, offset, 0), missing, per_second


def _arrow_text(series: Any) -> Optional[Tuple[str, Any, Any]]:
    """A column of text (missing cells aside) as Arrow offsets and UTF-8 bytes, or None (no
    pyarrow, or cells that are not text: the caller writes them as :func:`_csv_field` does)."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        if hasattr(series.array, "__arrow_array__"):
            arr = _large_text(series.array.__arrow_array__())
        else:
            arr = pa.array(series.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)
        if arr is None:
            return None
        arr = pc.fill_null(arr, "")
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
    except Exception:  # noqa: BLE001 - not text (or no pyarrow): the cells are written in Python
        return None
    offsets, data = _string_buffers(arr)
    return ("arrow", offsets, data)


def _large_text(arr: Any) -> Any:
    """An Arrow string array (chunks joined) as large_string, or None when it is not text."""
    import pyarrow as pa

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_string(arr.type):
        arr = arr.cast(pa.large_string())
    return arr if pa.types.is_large_string(arr.type) else None


def _string_buffers(arr: Any) -> Tuple[Any, Any]:
    """A large_string Arrow array's offsets (its own rows') and UTF-8 bytes, as numpy views."""
    buffers = arr.buffers()
    offsets = np.frombuffer(buffers[1], dtype=np.int64)[arr.offset : arr.offset + len(arr) + 1]
    data = np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] is not None else np.zeros(0, np.uint8)
    return np.ascontiguousarray(offsets), data


def _aware_units(series: Any) -> Optional[Tuple[Any, int]]:
    """An aware pandas datetime column as its UTC ticks (int64, ``NaT`` as int64's minimum, a
    view: no copy) and the nanoseconds of a tick; None for any other column."""
    zone = getattr(series.dtype, "tz", None)
    if zone is None or _module(series) != "pandas":
        return None
    utc = series.array.tz_convert(None).to_numpy()
    unit, count = np.datetime_data(utc.dtype)
    factor = _convert._UNIT_NS.get(unit)
    if factor is None or count != 1:
        return None
    return np.ascontiguousarray(utc.view(np.int64)), factor


def _arrow_text_with_nulls(series: Any) -> Optional[List[Tuple[Any, Any, Any, int]]]:
    """An Arrow-backed text column as it is, chunk by chunk (not joined: that would copy every
    text): each chunk's offsets, UTF-8 bytes, and validity bitmap (None without nulls) with
    the bit of its first row. The core's side reads a null as a missing text. None when the
    column is not Arrow text (the caller converts it)."""
    if not hasattr(series.array, "__arrow_array__"):
        return None
    try:
        import pyarrow as pa

        arr = series.array.__arrow_array__()
        chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
        pieces = [_large_text(c) for c in chunks] if chunks else [_large_text(arr)]
    except Exception:  # noqa: BLE001 - not Arrow text: the caller's other paths
        return None
    out: List[Tuple[Any, Any, Any, int]] = []
    for piece in pieces:
        if piece is None:
            return None
        offsets, data = _string_buffers(piece)
        bitmap = piece.buffers()[0]
        has_nulls = piece.null_count > 0 and bitmap is not None
        validity = np.frombuffer(bitmap, dtype=np.uint8) if has_nulls else None
        out.append((offsets, data, validity, piece.offset))
    return out


def _pandas_view(value: Any) -> Any:
    """A pandas DataFrame as it is; a polars or pyarrow table as a pandas view of its Arrow
    columns (polars' nanosecond instants as the text the cell-by-cell path writes for them);
    None for anything else or when the view fails."""
    mod, name = _module(value), type(value).__name__
    try:
        if mod == "polars" and name == "DataFrame":
            import polars as pl

            exact = [c for c, t in value.schema.items() if _polars_ns(t)]
            if exact:
                value = value.with_columns([pl.col(c).dt.to_string(_NS_FORMAT) for c in exact])
            value = value.to_pandas(use_pyarrow_extension_array=True)
        elif mod == "pyarrow" and name in ("Table", "RecordBatch"):
            import pandas as pd

            value = value.to_pandas(types_mapper=pd.ArrowDtype)
    except Exception:  # noqa: BLE001 - any failure of the view only means the exact slow path
        return None
    return value if _module(value) == "pandas" and type(value).__name__ == "DataFrame" else None


def _pandas_cells(value: Any, columns: List[Any]) -> Optional[List[List[str]]]:
    """The cells of a pandas DataFrame, column by column, exactly as :func:`_csv_field` writes
    them row by row, but a column at a time (a million rows in seconds instead of a minute).
    None when some column has no whole-column form here (naive datetimes, durations, mixed
    objects, repeated column names): the caller then writes cell by cell, which also names the
    first bad cell in row order."""
    if _module(value) != "pandas" or type(value).__name__ != "DataFrame":
        return None
    if not value.columns.is_unique:
        return None
    out: List[List[str]] = []
    for c in columns:
        cells = _pandas_column_cells(value[c])
        if cells is None:
            return None
        out.append(cells)
    return out


def _float_text(x: float) -> str:
    """A finite float cell: a whole one (a count in a column with gaps) without its ``.0``."""
    return str(int(x)) if x.is_integer() and abs(x) < 2**53 else repr(x)


def _whole_or_repr(x: float) -> str:
    """A float cell as :func:`_csv_field` writes it (NaN is missing; infinities are spelled)."""
    if x != x:
        return ""
    if x in _NON_FINITE:
        return str(_NON_FINITE[x])
    return _float_text(x)


def _pandas_column_cells(series: Any) -> Optional[List[str]]:
    """One pandas column's CSV cells, or None when its dtype has no whole-column form."""
    import pandas as pd

    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        return _aware_datetime_cells(series)
    arrow = getattr(dtype, "pyarrow_dtype", None)
    if arrow is not None and getattr(arrow, "tz", None) is not None and getattr(arrow, "unit", None):
        instants = _arrow_instants(series, arrow)
        return None if instants is None else _aware_datetime_cells(instants)
    kind = getattr(dtype, "kind", "O")
    # Python scalars; missing cells are None, NaN, NaT or pd.NA (an object array converts
    # Arrow-backed columns ten times faster than Series.tolist).
    values = series.to_numpy(dtype=object).tolist()
    if kind == "b":
        return ["" if v is None or v is pd.NA else ("true" if v else "false") for v in values]
    if kind in "iu":
        return ["" if v is None or v is pd.NA else str(int(v)) for v in values]
    if kind == "f":
        return ["" if v is None or v is pd.NA else _whole_or_repr(float(v)) for v in values]
    if kind in "OSU" or isinstance(dtype, (pd.StringDtype, pd.CategoricalDtype)):
        # Text, or objects of any kind: text as it is, anything else as `_csv_field` writes it.
        try:
            return [v if type(v) is str else _csv_field(v, "") for v in values]
        except _errors.InputError:
            return None  # the caller's cell-by-cell pass names the first bad cell in row order
    return None  # naive datetimes, durations: cell by cell


def _arrow_instants(series: Any, arrow: Any) -> Any:
    """An Arrow-backed aware timestamp column (``dtype_backend="pyarrow"``, polars, pyarrow) as
    a numpy-backed one of the same instants and zone, through their integer values; None
    without a unit."""
    if not getattr(arrow, "unit", None):
        return None
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    ticks = pc.fill_null(series.array.__arrow_array__().cast(pa.int64()), np.iinfo(np.int64).min)
    utc = pd.DatetimeIndex(ticks.to_numpy().view(f"datetime64[{arrow.unit}]")).tz_localize("UTC")
    return pd.Series(utc.tz_convert(arrow.tz))


def _aware_datetime_cells(series: Any) -> Optional[List[str]]:
    """An aware datetime column's cells as ``Timestamp.isoformat()`` writes them (local time with
    its offset; six fractional digits when there are microseconds, nine with nanoseconds; UTC
    when the offset is not whole minutes), computed with numpy: each cell is its date's text,
    its second of the day's text and its offset's text, looked up in small tables."""
    clock = _wall_clock(series)
    if clock is None:
        return None
    wall, offset, missing, per_second = clock
    secs = wall // per_second
    days = secs // 86_400
    first, last = (int(days.min()), int(days.max())) if len(days) else (0, 0)
    # Years 1000-9999 only (four digits; the core's range is 1900-2100 anyway), in a table of
    # days of a sensible size.
    if first < -354_285 or last > 2_932_896 or last - first > 1_000_000:
        return None
    dates = np.datetime_as_string(np.arange(first, last + 1).astype("datetime64[D]")).astype(object)
    cells = dates[days - first] + _clock_texts()[secs - days * 86_400]
    fraction = (wall - secs * per_second) * (10**9 // per_second)  # nanoseconds
    if np.any(fraction != 0):
        at = np.flatnonzero(fraction)
        digits = [f".{f:09d}" if f % 1000 else f".{f // 1000:06d}" for f in fraction[at].tolist()]
        cells[at] += np.array(digits, dtype=object)
    kinds, which = np.unique(offset, return_inverse=True)
    names = []
    for o in kinds.tolist():
        sign, a = ("-", -o) if o < 0 else ("+", o)
        names.append(f"{sign}{a // 3600:02d}:{a % 3600 // 60:02d}")
    cells += np.array(names, dtype=object)[which.reshape(-1)]
    cells[missing] = ""
    out: List[str] = cells.tolist()
    return out


@functools.lru_cache(maxsize=1)
def _clock_texts() -> Any:
    """``Thh:mm:ss`` for each second of a day, as an object array (built once)."""
    return np.array([f"T{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}" for s in range(86_400)], dtype=object)


def _column(value: Any) -> Optional[List[Any]]:
    """The values of a pandas Series / Index, a polars Series or a pyarrow Array, or None."""
    mod, name = _module(value), type(value).__name__
    if mod == "pandas" and (name == "Series" or name.endswith("Index")):
        return list(value.array)
    if mod == "polars" and name == "Series":
        if _polars_ns(value.dtype):
            value = value.dt.to_string(_NS_FORMAT)
        return list(value.to_list())
    if mod == "pyarrow" and name.endswith("Array"):
        return list(value.to_pylist())
    return None


def to_json(value: Any, what: str) -> Any:
    """``value`` in the shared JSON form (JSON-serializable Python values); ``what`` names the
    argument in errors (``start``, ``interactions[3].created_at``).

    >>> import datetime as dt
    >>> to_json({"at": dt.datetime(2026, 3, 2, 9, tzinfo=dt.timezone.utc), "x": float("inf")}, "args")
    {'at': '2026-03-02T09:00:00+00:00', 'x': 'Infinity'}
    >>> to_json(dt.datetime(2026, 3, 2, 9), "start")
    Traceback (most recent call last):
    ...
    support_metrics._errors.InputError: start: datetime.datetime(2026, 3, 2, 9, 0) has no time zone; ...
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return str.__str__(value)  # a plain str, also for subclasses (numpy.str_, enums)
    if isinstance(value, (bytes, bytearray, memoryview)):
        # Bytes are a partial state: they cross the operations' JSON boundary as base64.
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, dt.datetime):
        if _is_missing(value):
            return None
        return _rfc3339(value, what)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return None if _is_missing(value) else _number(_timedelta_seconds(value))
    if isinstance(value, np.generic):
        if isinstance(value, np.datetime64):
            return _datetime64(value)
        if isinstance(value, np.timedelta64):
            return None if np.isnat(value) else _number(value / np.timedelta64(1, "ns") / 1e9)
        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, np.integer):
            return int(value)
        if isinstance(value, np.floating):
            return _number(float(value))
        if isinstance(value, np.str_):
            return str(value)
    if isinstance(value, Mapping):
        out: Dict[str, Any] = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise _input_error(
                    "unsupported_type", f"{what}: object keys must be text, found {type(k).__name__} {k!r}"
                )
            out[k] = to_json(v, f"{what}.{k}")
        return out
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    from . import BusinessCalendar

    if isinstance(value, BusinessCalendar):
        return value.to_dict()
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return to_json(value[()], what)
        return [to_json(v, f"{what}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, (list, tuple)):
        return [to_json(v, f"{what}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, (set, frozenset)):
        items = [to_json(v, what) for v in value]
        try:
            return sorted(items)
        except TypeError:
            return items
    rows = _table_rows(value)
    if rows is not None:
        return _records(rows, what)
    column = _column(value)
    if column is not None:
        return [None if _is_missing(v) else to_json(v, f"{what}[{i}]") for i, v in enumerate(column)]
    if _module(value) == "pandas" and _is_missing(value):
        return None
    raise _input_error(
        "unsupported_type",
        f"{what}: cannot pass a {type(value).__module__}.{type(value).__name__} to the core; use "
        "numbers, text, booleans, aware datetimes, lists, dicts, DataFrames or Arrow tables",
    )

