"""The KPI scorecard from DataFrames against the report from the same rows' CSV texts."""

from __future__ import annotations

import io
from typing import Any, Dict

import pandas as pd
import pytest

import support_metrics as sm

TICKETS = ["interactions", "first_response_time", "full_resolution_time", "resolution_rate", "backlog"]


def frames(demo: Any) -> Any:
    t = pd.read_csv(io.StringIO(demo["summary_csv"]), dtype={"id": str, "customer_id": str})
    s = pd.read_csv(io.StringIO(demo["surveys_csv"]), dtype={"interaction_id": str})
    for c in ["created_at", "first_response_at", "resolved_at"]:
        t[c] = pd.to_datetime(t[c], utc=True, format="ISO8601")
    s["responded_at"] = pd.to_datetime(s["responded_at"], utc=True, format="ISO8601")
    return t, s


def same_tickets(a: Dict[str, Any], b: Dict[str, Any]) -> None:
    for k in TICKETS:
        assert a[k] == b[k], k
    assert a["sla"] == [x for x in b["sla"] if x["metric"] in ("first_reply", "resolution")]


def test_scorecard_is_the_reports_figures() -> None:
    demo = sm.demo_data(interactions=3000, seed=5)
    t, s = frames(demo)
    # Faults: a repeated id, an unknown channel, an answer about no interaction.
    t.loc[7, "id"] = t.loc[3, "id"]
    t.loc[9, "channel"] = "fax"
    s.loc[4, "interaction_id"] = "nope"
    opts = {"tickets": {"measures": {"as_of": demo["as_of"]}}, "by": ["agent", "channel", "topic"]}
    card = sm.kpi_scorecard(calendar=demo["calendar"], interactions=t, surveys=s,
                        policies=demo["policies"], options=opts).to_dict()
    report = sm.report(calendar=demo["calendar"], interactions=t, surveys=s,
                       policies=demo["policies"], options=opts).to_dict()
    same_tickets(card["tickets"], report["tickets"])
    assert card["surveys"] == report["surveys"]
    assert card["excluded"] == report["excluded"]
    assert card["data_quality"]["rows_rejected"] == report["data_quality"]["rows_rejected"] == 2
    for a, b in zip(card["breakdowns"], report["breakdowns"]):
        assert [r["key"] for r in a["rows"]] == [r["key"] for r in b["rows"]]
        for x, y in zip(a["rows"], b["rows"]):
            assert x["surveys"] == y["surveys"]
            if y["tickets"] is not None:
                same_tickets(x["tickets"], y["tickets"])


def test_scorecard_errors() -> None:
    demo = sm.demo_data(interactions=50, seed=1)
    t, _ = frames(demo)
    opts = {"tickets": {"measures": {"as_of": demo["as_of"]}}}
    with pytest.raises(sm.InputError) as e:
        sm.kpi_scorecard(calendar=demo["calendar"], interactions=t.drop(columns=["channel"]), options=opts)
    assert e.value.code == "missing_column" and "channel" in str(e.value)
    with pytest.raises(sm.SupportMetricsError) as e2:
        sm.kpi_scorecard(calendar=demo["calendar"], interactions=t, options={})
    assert e2.value.code == "invalid_argument"
    naive = t.assign(created_at=t["created_at"].dt.tz_localize(None))
    with pytest.raises(sm.InputError):
        sm.kpi_scorecard(calendar=demo["calendar"], interactions=naive, options=opts)


def test_scorecard_column_forms() -> None:
    """Instants in any unit and Arrow text whose null rows hold bytes give the scorecard of the
    same table in nanoseconds and plain text; an instant past int64 nanoseconds is a rejected
    row, as in the report."""
    pa = pytest.importorskip("pyarrow")
    demo = sm.demo_data(interactions=400, seed=8)
    t, s = frames(demo)
    opts = {"tickets": {"measures": {"as_of": demo["as_of"]}}, "by": ["agent", "topic"]}
    t["agent"] = t["agent"].astype(object)
    t.loc[[2, 5, 11], "agent"] = None

    def card(frame: Any, answers: Any) -> Dict[str, Any]:
        out: Dict[str, Any] = sm.kpi_scorecard(calendar=demo["calendar"], interactions=frame,
                                               surveys=answers, policies=demo["policies"],
                                               options=opts).to_dict()
        return out

    base = t.copy()
    for c in ["created_at", "first_response_at", "resolved_at"]:
        base[c] = base[c].astype("datetime64[ns, UTC]")
    want = card(base, s)
    assert want["tickets"]["interactions"] == 400
    for unit in ["s", "ms", "us"]:
        other = base.copy()
        for c in ["created_at", "first_response_at", "resolved_at"]:
            other[c] = other[c].astype(f"datetime64[{unit}, UTC]")
        assert card(other, s) == want, unit

    # The agents as Arrow text whose null rows hold bytes ("ghost"): nulls, not agents.
    missing = [bool(pd.isna(v)) for v in base["agent"]]
    cells = ["ghost" if m else str(v) for v, m in zip(base["agent"], missing)]
    data = "".join(cells).encode()
    offsets = [0]
    for c in cells:
        offsets.append(offsets[-1] + len(c.encode()))
    bitmap = pa.array([not m for m in missing], type=pa.bool_()).buffers()[1]
    arr = pa.Array.from_buffers(pa.large_string(), len(cells),
                                [bitmap, pa.py_buffer(pa.array(offsets, pa.int64()).to_numpy().tobytes()),
                                 pa.py_buffer(data)], null_count=sum(missing))
    assert arr.null_count >= 3 and arr.buffers()[2].to_pybytes().count(b"ghost") == sum(missing)
    ghosts = base.copy()
    ghosts["agent"] = pd.Series(pd.arrays.ArrowExtensionArray(arr))
    assert card(ghosts, s) == want
    agents = [r["key"] for r in want["breakdowns"][0]["rows"]]
    assert None in agents and "ghost" not in agents

    # Every text column as Arrow chunks of uneven sizes, as pyarrow's CSV reader gives them
    # (slices: an empty one, one row, the rest; the agents' holding "ghost" nulls, the ids as
    # 32-bit-offset strings): read in place, chunk by chunk, the same scorecard.
    def chunked(arr: Any) -> Any:
        cuts = [0, 0, 1, 150, len(arr)]
        return pa.chunked_array([arr.slice(a, b - a) for a, b in zip(cuts, cuts[1:])], type=arr.type)

    pieces = ghosts.copy()
    pieces["agent"] = pd.Series(pd.arrays.ArrowExtensionArray(chunked(arr)))
    for c in ["id", "channel", "group", "topic", "priority"]:
        typ = pa.string() if c == "id" else pa.large_string()
        values = pa.array(base[c].tolist(), type=typ, from_pandas=True)
        pieces[c] = pd.Series(pd.arrays.ArrowExtensionArray(chunked(values)))
    kinds = {name: kind for name, kind, _ in sm._api._scorecard_columns(pieces, "interactions")}
    assert kinds["agent"] == kinds["id"] == kinds["topic"] == "text_chunks", kinds
    assert card(pieces, s) == want

    # An instant past 2262 (seconds can say it, int64 nanoseconds cannot): a rejected row.
    late = base.copy()
    late["resolved_at"] = late["resolved_at"].astype("datetime64[s, UTC]")
    late.loc[3, "resolved_at"] = pd.Timestamp("2300-01-01", tz="UTC").as_unit("s")
    got = card(late, s)
    assert got["data_quality"]["rows_rejected"] == 1
    finding = got["data_quality"]["findings"][0]
    assert (finding["line"], finding["column"]) == (4, "resolved_at")
    assert got["tickets"]["interactions"] == 399


def test_native_columns_refuse_bad_buffers() -> None:
    """The native call's column forms refuse what they cannot read, with an error, never a
    crash: a validity bitmap too short for its rows (or starting past any bit), a tick of no
    nanoseconds."""
    import json

    import numpy as np

    demo = sm.demo_data(interactions=10, seed=1)
    opts = json.dumps({"tickets": {"measures": {"as_of": demo["as_of"]}}})
    pol = json.dumps(demo["policies"]) if not isinstance(demo["policies"], str) else demo["policies"]
    cal = demo["calendar"] if isinstance(demo["calendar"], str) else json.dumps(demo["calendar"])
    offsets = np.array([0, 1, 2, 3], dtype=np.int64)
    ids = ("id", "text", (offsets, np.frombuffer(b"abc", dtype=np.uint8)))
    created = np.array([0, 0, 0], dtype=np.int64)

    def call(channel: Any, instant: Any) -> Any:
        return sm._native.kpi_scorecard(cal, pol, opts, [ids, channel, instant], None)

    chat = np.frombuffer(b"chatchatchat", dtype=np.uint8)
    chat_offsets = np.array([0, 4, 8, 12], dtype=np.int64)
    short = np.zeros(0, dtype=np.uint8)
    for bitmap, first in [(short, 0), (np.array([7], dtype=np.uint8), 2**63)]:
        with pytest.raises(ValueError, match="validity bitmap"):
            call(("channel", "text_nulls", (chat_offsets, chat, bitmap, first)),
                 ("created_at", "instant_units", (created, 10**9)))
    with pytest.raises(ValueError, match="ns per tick"):
        call(("channel", "text", (chat_offsets, chat)), ("created_at", "instant_units", (created, 0)))
    out = json.loads(call(("channel", "text_nulls", (chat_offsets, chat, np.array([7], dtype=np.uint8), 0)),
                          ("created_at", "instant_units", (created, 10**9))))
    assert out["tickets"]["interactions"] == 3
    # Sixteen rows, the last eight null but holding bytes (a whole byte of the bitmap null):
    # emptied, so rejected for their missing channel.
    ids16 = ("id", "text", (np.arange(17, dtype=np.int64), np.frombuffer(b"abcdefghijklmnop", dtype=np.uint8)))
    chats = (np.arange(17, dtype=np.int64) * 4, np.frombuffer(b"chat" * 16, dtype=np.uint8))
    for bits, kept in [([0xFF, 0x00], 8), ([0xFF, 0xFF], 16), ([0x7F, 0xFF], 15)]:
        channel = ("channel", "text_nulls", (*chats, np.array(bits, dtype=np.uint8), 0))
        zero = ("created_at", "instant", np.zeros(16, dtype=np.int64))
        out = json.loads(sm._native.kpi_scorecard(cal, pol, opts, [ids16, channel, zero], None))
        assert out["tickets"]["interactions"] == kept, bits
    # In chunks: a chunk's bitmap too short, a chunk's offsets past its text, and chunks read.
    one = (np.array([0, 4], dtype=np.int64), np.frombuffer(b"chat", dtype=np.uint8), None, 0)
    two = (np.array([0, 4, 8], dtype=np.int64), np.frombuffer(b"chatchat", dtype=np.uint8), short, 0)
    with pytest.raises(ValueError, match="validity bitmap"):
        call(("channel", "text_chunks", [one, two]), ("created_at", "instant", created))
    past = (np.array([0, 4, 9], dtype=np.int64), np.frombuffer(b"chatchat", dtype=np.uint8), None, 0)
    with pytest.raises(ValueError, match="offsets"):
        call(("channel", "text_chunks", [one, past]), ("created_at", "instant", created))
    fine = (np.array([0, 4, 8], dtype=np.int64), np.frombuffer(b"chatchat", dtype=np.uint8), None, 0)
    out = json.loads(call(("channel", "text_chunks", [one, fine]), ("created_at", "instant", created)))
    assert out["tickets"]["interactions"] == 3
