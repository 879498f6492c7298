"""The calendar's shared golden vectors (``calendar.json``) through the ``BusinessCalendar``
methods, every case, same expectations. (Every vector file, this one included, also runs
through ``support_metrics.call`` and the generated functions: ``test_api_vectors.py``.)

Instants are compared as instants (Unix nanoseconds), seconds with ``==``, errors by code.
Every case with instants is run twice: through the scalar call with pandas Timestamps (exact
nanoseconds) and through the vectorized call on a one-row ``datetime64[ns]`` column.
"""

from __future__ import annotations

import json
import math
from typing import Any, Dict, List, Optional

import numpy as np
import pandas as pd
import pytest

import support_metrics as sm
from support_metrics import BusinessCalendar

from conftest import VECTORS

DOC = json.loads((VECTORS / "calendar.json").read_text(encoding="utf-8"))
CASES: List[Dict[str, Any]] = DOC["cases"]
KEYS = {"name", "calendar", "op", "args", "expect", "checked"}


def ts(text: str) -> pd.Timestamp:
    t = pd.Timestamp(text)
    assert t.tzinfo is not None, f"vector instant without offset: {text}"
    return t.as_unit("ns")


def ns(value: Any) -> Optional[int]:
    return None if value is None else int(pd.Timestamp(value).as_unit("ns").value)


def seconds(value: Any) -> float:
    return float({"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}.get(value, value))


def column(texts: List[Optional[str]]) -> "np.ndarray[Any, Any]":
    return np.array([np.datetime64("NaT", "ns") if t is None else np.datetime64(ts(t).tz_convert(None), "ns") for t in texts], dtype="datetime64[ns]")


def text_only(case: Dict[str, Any]) -> bool:
    """Cases whose instants are deliberately not RFC 3339 with an offset: only text can carry them."""
    expect = case["expect"]
    return isinstance(expect, dict) and expect.get("error") == "invalid_timestamp"


def run(case: Dict[str, Any], as_text: bool = False) -> Any:
    op, args = case["op"], case["args"]

    def at(text: str) -> Any:
        """An instant as a pandas Timestamp, or as the vector's own RFC 3339 text."""
        return text if as_text else ts(text)

    if op == "validate_calendar":
        BusinessCalendar.from_json(args["text"])
        return True
    cal = BusinessCalendar.from_json(json.dumps(case["calendar"]))
    if op == "business_seconds":
        return cal.business_seconds(at(args["start"]), at(args["end"]))
    if op == "add_business_seconds":
        return ns(cal.add_business_seconds(at(args["start"]), seconds(args["seconds"])))
    if op == "is_open":
        return cal.is_open(at(args["at"]))
    if op == "next_open":
        return ns(cal.next_open(at(args["at"])))
    if op == "next_close":
        return ns(cal.next_close(at(args["at"])))
    if op == "open_intervals":
        return [[ns(i.start), ns(i.end)] for i in cal.open_intervals(at(args["from"]), at(args["to"]))]
    if op == "business_seconds_batch":
        values = cal.business_seconds(column(args["starts"]), column(args["ends"]), errors="coerce")
        _, rows = cal._cal.business_seconds_batch(column(args["starts"]).view("i8"), column(args["ends"]).view("i8"))
        return {
            "values": [None if math.isnan(v) else v for v in values.tolist()],
            "errors": [{"row": r, "error": code} for r, code, _, _ in rows],
        }
    raise AssertionError(f"unknown op {op}")


def expected(case: Dict[str, Any]) -> Any:
    op, e = case["op"], case["expect"]
    if op in ("add_business_seconds", "next_open", "next_close"):
        return ns(e)
    if op == "open_intervals":
        return [[ns(a), ns(b)] for a, b in e]
    return e


def test_format_is_known() -> None:
    assert DOC["format"] == 1
    assert len(CASES) >= 100
    for case in CASES:
        assert set(case) <= KEYS, case["name"]


@pytest.mark.parametrize("as_text", [False, True], ids=["timestamps", "text"])
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_vector(case: Dict[str, Any], as_text: bool) -> None:
    if text_only(case) and not as_text:
        pytest.skip("a malformed timestamp cannot be a pandas Timestamp; the text run covers it")
    expect = case["expect"]
    if isinstance(expect, dict) and set(expect) == {"error"}:
        with pytest.raises(sm.SupportMetricsError) as info:
            run(case, as_text)
        assert info.value.code == expect["error"], str(info.value)
        return
    assert run(case, as_text) == expected(case)


VECTORIZABLE = [c for c in CASES if c["op"] in ("business_seconds", "add_business_seconds")]


@pytest.mark.parametrize("case", VECTORIZABLE, ids=[c["name"] for c in VECTORIZABLE])
def test_vector_as_one_row_column(case: Dict[str, Any]) -> None:
    """The vectorized call gives the same answer, or the same error code with row 0."""
    if text_only(case):
        pytest.skip("a datetime64 column cannot hold malformed text; the scalar text run covers it")
    cal = BusinessCalendar.from_json(json.dumps(case["calendar"]))
    args, expect = case["args"], case["expect"]
    start = column([args["start"]])

    def call() -> "np.ndarray[Any, Any]":
        if case["op"] == "business_seconds":
            return cal.business_seconds(start, column([args["end"]]))
        return cal.add_business_seconds(start, np.array([seconds(args["seconds"])]))

    if isinstance(expect, dict):
        if expect["error"] == "invalid_duration" and math.isnan(seconds(args["seconds"])):
            # In a float column NaN is pandas' missing marker: missing in, missing out.
            assert np.isnat(call()[0])
            return
        with pytest.raises(sm.SupportMetricsError) as info:
            call()
        assert (info.value.code, info.value.row) == (expect["error"], 0)
        return
    out = call()
    if case["op"] == "business_seconds":
        assert out.tolist() == [expect]
    else:
        assert int(out.view("i8")[0]) == ns(expect)


def test_every_code_is_known_to_python() -> None:
    """The codes the vectors expect are codes of the core."""
    used = {c["expect"]["error"] for c in CASES if isinstance(c["expect"], dict) and "error" in c["expect"]}
    assert used <= set(sm.CODES)

