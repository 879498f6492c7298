"""Every case of every shared vector file (``crates/support-metrics/tests/vectors/*.json``, read
by glob so a new file is picked up), run through the package's public entry points with the
matcher of the vectors README ("How a runner works"):

- ``support_metrics.call(op, **args)`` with the arguments as the JSON gives them;
- the generated function of the same name (``support_metrics.business_seconds(...)``);
- for the calendar operations, once more with every instant argument as a pandas ``Timestamp``
  (nanoseconds and offset kept) and, where it holds the instant exactly, a ``datetime``, to
  prove the conversion of Python instants.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import keyword
import re
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Tuple

import pandas as pd
import pytest

import support_metrics as sm

from conftest import VECTORS


class Tolerance(NamedTuple):
    absolute: float
    relative: float


class Case(NamedTuple):
    file: str
    name: str
    op: str
    args: Dict[str, Any]
    expect: Any
    tolerance: Tolerance

    @property
    def id(self) -> str:
        return f"{self.file[:-5]}:{self.name}"

    @property
    def error(self) -> Optional[str]:
        return expected_error(self.expect)


def expected_error(expect: Any) -> Optional[str]:
    """The code of an expected error: ``{"error": "<code>"}`` and nothing else."""
    if isinstance(expect, dict) and len(expect) == 1 and isinstance(expect.get("error"), str):
        return str(expect["error"])
    return None


def load() -> List[Case]:
    cases: List[Case] = []
    for path in sorted(VECTORS.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["format"] == 1, f"{path.name}: unknown vector format {doc['format']!r}"
        tol = Tolerance(float(doc["tolerance"]["absolute"]), float(doc["tolerance"]["relative"]))
        for c in doc["cases"]:
            args = dict(c.get("args", {}))
            if "calendar" in c:
                args["calendar"] = c["calendar"]
            cases.append(Case(path.name, c["name"], c["op"], args, c["expect"], tol))
    return cases


CASES = load()
OP_NAMES = {op.name for op in sm.ops()}

# -- the matcher (vectors README, "How a runner works", step 4) ----------------------------------

_RFC3339 = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d\d):(\d\d))"
)


def instant_ns(text: str) -> Optional[int]:
    """An RFC 3339 instant as exact Unix nanoseconds, or None when the text is not one."""
    m = _RFC3339.fullmatch(text)
    if m is None:
        return None
    y, mo, d, h, mi, s = (int(g) for g in m.groups()[:6])
    try:
        local = dt.datetime(y, mo, d, h, mi, min(s, 59))
    except ValueError:
        return None
    offset = 0 if m.group(8) else (int(m.group(10)) * 60 + int(m.group(11))) * (1 if m.group(9) == "+" else -1)
    seconds = (local - dt.datetime(1970, 1, 1)) // dt.timedelta(seconds=1) + max(s - 59, 0) - offset * 60
    return seconds * 10**9 + int((m.group(7) or "").ljust(9, "0"))


def is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def match(got: Any, want: Any, tol: Tolerance, path: str, out: List[str]) -> None:
    """Appends each disagreement of ``got`` with the partial expectation ``want`` to ``out``."""
    if isinstance(want, dict) and isinstance(got, Mapping):
        for k, w in want.items():
            match(got.get(k), w, tol, f"{path}.{k}", out)
    elif isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        for i, (g, w) in enumerate(zip(got, want)):
            match(g, w, tol, f"{path}[{i}]", out)
    elif is_number(want) and is_number(got):
        w, g = float(want), float(got)
        if not abs(g - w) <= max(tol.absolute, tol.relative * abs(w)):
            out.append(f"{path}: expected {w!r}, got {g!r}")
    elif isinstance(want, str) and isinstance(got, str):
        if want != got and (instant_ns(want) is None or instant_ns(want) != instant_ns(got)):
            out.append(f"{path}: expected {want!r}, got {got!r}")
    elif not (type(want) is type(got) and want == got) and not (want is None and got is None):
        out.append(f"{path}: expected {want!r}, got {got!r}")


def check(case: Case, run: Any) -> None:
    """Runs ``run()`` and checks its answer or error against the case."""
    code = case.error
    if code is not None:
        with pytest.raises(sm.SupportMetricsError) as info:
            got = run()
            pytest.fail(f"expected error {code}, got {got!r}")
        assert info.value.code == code, f"expected error {code}, got {info.value.code}: {info.value}"
        return
    got = run()
    out: List[str] = []
    match(got, case.expect, case.tolerance, "", out)
    assert not out, "\n".join(out)


def py_kwargs(args: Mapping[str, Any]) -> Dict[str, Any]:
    """The arguments as Python keywords: a keyword name gets a trailing underscore."""
    return {(k + "_" if keyword.iskeyword(k) else k): v for k, v in args.items()}


# -- the runs -------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_vector_through_call(case: Case) -> None:
    check(case, lambda: sm.call(case.op, **case.args))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_vector_through_named_function(case: Case) -> None:
    if case.op not in OP_NAMES:
        # No such operation: no such function (the core answers unknown_operation to `call`).
        assert case.error == "unknown_operation"
        assert not hasattr(sm, case.op)
        return
    function = getattr(sm, case.op)
    kwargs = py_kwargs(case.args)
    try:
        inspect.signature(function).bind(**kwargs)
    except TypeError as e:
        # An argument the operation does not declare, or a required one left out: the Python
        # signature refuses it before the core can (which answers unknown_field / missing_field).
        assert case.error in ("unknown_field", "missing_field"), f"{case.op}: {e}"
        with pytest.raises(TypeError):
            function(**kwargs)
        return
    check(case, lambda: function(**kwargs))


INSTANT_ARGS = {"start", "end", "at", "from", "to", "as_of"}
CALENDAR_OPS = {"business_seconds", "add_business_seconds", "is_open", "next_open", "next_close", "open_intervals"}


def as_timestamps(args: Mapping[str, Any], exact_datetime: bool) -> Tuple[Dict[str, Any], int]:
    """The instant arguments as pandas Timestamps (or datetimes, when ``exact_datetime`` and one
    holds the instant exactly); text that is not an instant pandas can hold stays text."""
    out, converted = dict(args), 0
    for k in INSTANT_ARGS & set(args):
        text = args[k]
        if not isinstance(text, str) or instant_ns(text) is None:
            continue
        try:
            t = pd.Timestamp(text)
        except (ValueError, OverflowError):
            continue
        if exact_datetime:
            if t.nanosecond or not 1 <= t.year <= 9999:
                continue
            out[k] = t.to_pydatetime()
        else:
            out[k] = t
        converted += 1
    return out, converted


TIMED = [c for c in CASES if c.op in CALENDAR_OPS and c.error != "invalid_timestamp"]


@pytest.mark.parametrize("exact_datetime", [False, True], ids=["timestamps", "datetimes"])
@pytest.mark.parametrize("case", TIMED, ids=[c.id for c in TIMED])
def test_calendar_vector_with_python_instants(case: Case, exact_datetime: bool) -> None:
    args, converted = as_timestamps(case.args, exact_datetime)
    if not converted:
        pytest.skip("no instant argument that this Python type holds exactly")
    check(case, lambda: sm.call(case.op, **py_kwargs(args)))
    check(case, lambda: getattr(sm, case.op)(**py_kwargs(args)))


def test_python_instants_are_really_exercised() -> None:
    """At least the handful the brief asks for: most calendar cases run with Python instants."""
    converted = [c for c in TIMED if as_timestamps(c.args, True)[1]]
    assert len(converted) >= 50


def test_vector_files_and_operations_agree() -> None:
    """Every file is read, every case names an operation of the package, every operation has
    at least one case, and case names are unique within a file."""
    files = {c.file for c in CASES}
    assert files == {p.name for p in VECTORS.glob("*.json")} and len(files) >= 9
    named = {c.op for c in CASES if c.error != "unknown_operation"}
    assert named <= OP_NAMES
    assert OP_NAMES <= named
    for f in files:
        in_file = [c.name for c in CASES if c.file == f]
        assert len(in_file) == len(set(in_file)), f


def test_every_expected_code_is_a_core_code() -> None:
    assert {c.error for c in CASES if c.error} <= set(sm.CODES)


# -- the matcher itself -----------------------------------------------------------------------------


def test_matcher_follows_the_readme() -> None:
    tol = Tolerance(1e-9, 1e-9)

    def ok(got: Any, want: Any, t: Tolerance = tol) -> bool:
        out: List[str] = []
        match(got, want, t, "", out)
        return not out

    assert ok({"a": 1, "b": 2}, {"a": 1})  # keys the expectation omits are not checked
    assert ok({"a": 1}, {"a": 1, "b": None})  # an absent key counts as null
    assert not ok({"a": 1}, {"b": 0})
    assert not ok([1, 2], [1])  # same length
    assert ok(1.0 + 5e-10, 1.0) and not ok(1.0 + 5e-9, 1.0)
    assert ok(2e9 + 1, 2e9) and not ok(2e9 + 10, 2e9)
    assert not ok(1.0 + 1e-15, 1.0, Tolerance(0, 0))
    assert ok("2026-03-29T03:30:00+02:00", "2026-03-29T01:30:00Z")
    assert not ok("2026-03-29T03:30:00.000000001+02:00", "2026-03-29T01:30:00Z")
    assert not ok("abc", "abd")
    assert not ok(True, 1) and not ok(1, True) and ok(None, None) and not ok(0, None)
    assert instant_ns("1970-01-01T00:00:01.5Z") == 1_500_000_000
    assert instant_ns("2026-03-02T12:00:00+03:00") == int(pd.Timestamp("2026-03-02T09:00:00Z").value)
    assert instant_ns("2026-03-02 12:00") is None
