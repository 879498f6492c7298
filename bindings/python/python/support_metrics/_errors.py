"""The exception hierarchy: one class per error family of the core.

The core gives every error a stable ``code`` and a ``family`` (``Error::family()`` in Rust);
``_BY_FAMILY`` maps a family to its class, so a new family needs one class and one entry, and a
new code of a known family needs nothing here.
"""

from __future__ import annotations

from typing import Dict, NoReturn, Optional, Sequence, Tuple, Type

from . import _native

__all__ = [
    "SupportMetricsError",
    "FormatError",
    "CalendarError",
    "ValueRangeError",
    "InputError",
]


class SupportMetricsError(ValueError):
    """Every error of ``support_metrics``; ``.code`` is the core's stable code.

    ``str(err)`` is the core's message (prefixed with the row or column when one is known),
    ``.row`` the zero-based row of a vectorized call that failed, or ``None``.
    """

    family = ""

    def __init__(self, message: str, code: str, row: Optional[int] = None) -> None:
        super().__init__(message)
        self.code = code
        self.row = row

    def __reduce__(self) -> Tuple[object, ...]:
        return (type(self), (str(self), self.code, self.row))


class FormatError(SupportMetricsError):
    """A document is not well formed for its format: JSON, types, fields (family ``format``)."""

    family = "format"


class CalendarError(SupportMetricsError):
    """A calendar definition is invalid or cannot answer (family ``calendar``)."""

    family = "calendar"


class ValueRangeError(SupportMetricsError):
    """An argument is out of range or inconsistent (family ``value``)."""

    family = "value"


class InputError(SupportMetricsError):
    """A Python value the package cannot read (family ``input``, Python only).

    Codes: ``naive_datetime`` (a datetime or column without a time zone and no ``tz=``),
    ``unsupported_type`` (a type or dtype that is not an instant, a number or a column of them),
    ``missing_value`` (``None`` or ``NaT`` where a scalar call needs a value).
    """

    family = "input"


_BY_FAMILY: Dict[str, Type[SupportMetricsError]] = {
    cls.family: cls for cls in (FormatError, CalendarError, ValueRangeError, InputError)
}


def error(code: str, family: str, message: str, row: Optional[int] = None) -> SupportMetricsError:
    """The exception for a core error; an unknown family falls back to the root class."""
    return _BY_FAMILY.get(family, SupportMetricsError)(message, code, row)


def from_core(err: _native.CoreError) -> SupportMetricsError:
    """Maps the native ``CoreError(code, family, message)``."""
    code, family, message = err.args
    return error(code, family, message)


def raise_rows(rows: Sequence[Tuple[int, str, str, str]]) -> NoReturn:
    """Raises the first failed row of a vectorized call, naming its row."""
    row, code, family, message = rows[0]
    more = f" (and {len(rows) - 1} more rows)" if len(rows) > 1 else ""
    raise error(code, family, f"row {row}{more}: {message}", row)
