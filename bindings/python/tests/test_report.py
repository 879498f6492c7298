"""``report`` and ``demo_data`` from Python: tables of summary rows and survey answers (pandas,
polars, Arrow) give exactly the report of the CSV text they were read from, naive datetimes are
refused, missing columns are the core's ``missing_column``; and the example
``examples/python/report_from_csv.py`` prints the report's own KPIs."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from typing import Any, Dict, List, Optional, Tuple

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import support_metrics as sm
from support_metrics import _api, _native

from conftest import ROOT, VECTORS

NAT = np.iinfo(np.int64).min  # numpy's NaT as int64

EXAMPLE = ROOT / "examples" / "python" / "report_from_csv.py"


def vector(name: str) -> Dict[str, Any]:
    doc = json.loads((VECTORS / "report.json").read_text(encoding="utf-8"))
    case: Dict[str, Any] = next(c for c in doc["cases"] if c["name"] == name)
    return case


SMALL = vector("small_desk")
CALENDAR: Dict[str, Any] = SMALL["calendar"]
SUMMARY_CSV: str = SMALL["args"]["summary_csv"]
SURVEYS_CSV: str = SMALL["args"]["surveys_csv"]
OPTIONS: Dict[str, Any] = SMALL["args"]["options"]
SUMMARY_INSTANTS = ["created_at", "first_response_at", "resolved_at"]


def from_text() -> sm.Result:
    return sm.report(calendar=CALENDAR, summary_csv=SUMMARY_CSV, surveys_csv=SURVEYS_CSV, options=OPTIONS)


def frames(parse_instants: bool = True) -> "tuple[pd.DataFrame, pd.DataFrame]":
    """The small_desk CSV files as pandas reads them (ids as text; instants as aware datetimes
    when ``parse_instants``, else as the text of the file)."""
    its = pd.read_csv(io.StringIO(SUMMARY_CSV), dtype={"id": str, "customer_id": str})
    surveys = pd.read_csv(io.StringIO(SURVEYS_CSV), dtype={"interaction_id": str})
    if parse_instants:
        for c in SUMMARY_INSTANTS:
            its[c] = pd.to_datetime(its[c], format="ISO8601")
        surveys["responded_at"] = pd.to_datetime(surveys["responded_at"], format="ISO8601")
    return its, surveys


def test_the_vector_holds_through_text() -> None:
    r = from_text()
    assert r.tickets.interactions == 4 and r.surveys.answers == 4
    assert [f.code for f in r.data_quality.findings] == ["score_out_of_scale", "unknown_interaction"]


@pytest.mark.parametrize("parse_instants", [True, False], ids=["datetimes", "text"])
def test_pandas_frames_give_the_report_of_the_csv_text(parse_instants: bool) -> None:
    its, surveys = frames(parse_instants)
    if parse_instants:
        assert isinstance(its["created_at"].dtype, pd.DatetimeTZDtype)
    got = sm.report(calendar=CALENDAR, interactions=its, surveys=surveys, options=OPTIONS)
    assert got == from_text()
    # The reader's findings are the file's: the rejected NPS 11 is on line 7 either way.
    assert got.data_quality.findings[0].line == 7
    assert sm.call("report", calendar=CALENDAR, interactions=its, surveys=surveys, options=OPTIONS) == got


def test_polars_and_arrow_tables_give_the_same_report() -> None:
    its, surveys = frames()
    want = from_text()
    assert sm.report(calendar=CALENDAR, interactions=pl.from_pandas(its), surveys=pl.from_pandas(surveys), options=OPTIONS) == want
    arrow = pa.Table.from_pandas(its, preserve_index=False)
    assert sm.report(calendar=CALENDAR, interactions=arrow, surveys_csv=SURVEYS_CSV, options=OPTIONS) == want
    assert sm.report(calendar=CALENDAR, interactions=arrow.to_batches()[0], surveys_csv=SURVEYS_CSV, options=OPTIONS) == want


def test_pandas_columns_with_gaps_and_other_zones() -> None:
    """A count column with a gap is float64 in pandas (1.0, NaN): written as ``1`` and empty.
    Instants in another zone are the same instants; the whole report is unchanged."""
    its, surveys = frames()
    its.loc[2, "agent_replies"] = None
    assert its["agent_replies"].dtype == "float64"
    for c in SUMMARY_INSTANTS:
        its[c] = its[c].dt.tz_convert("Europe/Moscow")
    text = SUMMARY_CSV.replace("c,email,bo,normal,c1,2026-03-03T09:00:00Z,,,0,", "c,email,bo,normal,c1,2026-03-03T09:00:00Z,,,,")
    want = sm.report(calendar=CALENDAR, summary_csv=text, surveys_csv=SURVEYS_CSV, options=OPTIONS)
    assert sm.report(calendar=CALENDAR, interactions=its, surveys=surveys, options=OPTIONS) == want
    csv_text = _api.table_csv(its, "interactions")
    assert csv_text.splitlines()[3].startswith("c,email,bo,normal,c1,2026-03-03T12:00:00+03:00,,,,false")


def test_naive_datetimes_are_refused() -> None:
    its, surveys = frames()
    naive = its.copy()
    naive["first_response_at"] = naive["first_response_at"].dt.tz_localize(None)
    with pytest.raises(sm.InputError) as e:
        sm.report(calendar=CALENDAR, interactions=naive, options=OPTIONS)
    assert e.value.code == "naive_datetime"
    assert str(e.value).startswith("interactions[0].first_response_at: Timestamp('2026-03-02 09:10:00') has no time zone")
    naive_surveys = surveys.assign(responded_at=surveys["responded_at"].dt.tz_localize(None))
    with pytest.raises(sm.InputError, match=r"^surveys\[0\]\.responded_at: .* has no time zone") as e:
        sm.report(calendar=CALENDAR, interactions=its, surveys=naive_surveys, options=OPTIONS)
    assert e.value.code == "naive_datetime"
    with pytest.raises(sm.InputError, match="naive_datetime|has no time zone"):
        sm.report(calendar=CALENDAR, interactions=pl.from_pandas(naive), options=OPTIONS)


def test_naive_text_is_the_readers_finding_as_in_the_file() -> None:
    """Text is handed over as it is: a naive timestamp in text is the core's row finding."""
    its, _ = frames(parse_instants=False)
    its.loc[1, "created_at"] = "2026-03-02T16:00:00"
    r = sm.report(calendar=CALENDAR, interactions=its)
    assert r.tickets.interactions == 3
    finding = r.data_quality.findings[0]
    assert (finding.code, finding.line, finding.column, finding.id) == ("invalid_timestamp", 3, "created_at", "b")


@pytest.mark.parametrize("column", ["id", "channel", "created_at"])
def test_missing_summary_column_is_the_cores_error(column: str) -> None:
    its, _ = frames()
    with pytest.raises(sm.FormatError) as from_table:
        sm.report(calendar=CALENDAR, interactions=its.drop(columns=[column]))
    text = _api.table_csv(its.drop(columns=[column]), "interactions")
    with pytest.raises(sm.FormatError) as from_file:
        sm.report(calendar=CALENDAR, summary_csv=text)
    assert from_table.value.code == from_file.value.code == "missing_column"
    assert str(from_table.value) == str(from_file.value) and column in str(from_table.value)


@pytest.mark.parametrize("column", ["interaction_id", "kind", "score", "responded_at"])
def test_missing_survey_column_is_the_cores_error(column: str) -> None:
    its, surveys = frames()
    with pytest.raises(sm.FormatError) as e:
        sm.report(calendar=CALENDAR, interactions=its, surveys=surveys.drop(columns=[column]))
    assert e.value.code == "missing_column" and column in str(e.value)


def test_empty_tables() -> None:
    its, surveys = frames()
    r = sm.report(calendar=CALENDAR, interactions=its.iloc[:0], surveys=surveys.iloc[:0])
    assert r.tickets.interactions == 0 and r.surveys.answers == 0
    assert r == sm.report(calendar=CALENDAR)
    # No columns at all is an empty file, as for the core's reader.
    assert sm.report(calendar=CALENDAR, interactions=pd.DataFrame(), surveys=pd.DataFrame()) == r
    assert _api.table_csv(pd.DataFrame(), "interactions") == ""


def test_a_table_and_its_csv_argument_together_are_refused() -> None:
    its, surveys = frames()
    with pytest.raises(sm.InputError, match=r"^interactions: .* not both") as e:
        sm.report(calendar=CALENDAR, interactions=its, summary_csv=SUMMARY_CSV)
    assert e.value.code == "unsupported_type"
    with pytest.raises(sm.InputError, match=r"^surveys: "):
        sm.report(calendar=CALENDAR, surveys=surveys, surveys_csv=SURVEYS_CSV)


def test_nested_cells_are_refused_with_a_pointer_to_objects() -> None:
    table = pd.DataFrame({"id": ["a"], "channel": ["chat"], "created_at": ["2026-03-02T09:00:00Z"], "events": [[{"at": "x"}]]})
    with pytest.raises(sm.InputError, match=r"^interactions\[0\]\.events: .*list of dicts") as e:
        sm.report(calendar=CALENDAR, interactions=table)
    assert e.value.code == "unsupported_type"


def test_objects_still_go_as_objects() -> None:
    """A list of dicts is interactions with events and survey responses (the objects case)."""
    case = vector("objects_and_sla")
    args = case["args"]
    r = sm.report(calendar=case["calendar"], **args)
    assert r.kpis[0].value == 2 and r.tickets.interactions == 2


def test_quoting_round_trips() -> None:
    """Text with commas, quotes and line breaks crosses the CSV as the same text."""
    its, surveys = frames()
    its.loc[0, "agent"] = 'ana "the, best"\nsecond line'
    surveys["comment"] = ["ok, fine", None, "", 'said "no"', None, None, None]
    r = sm.report(calendar=CALENDAR, interactions=its, surveys=surveys, options=OPTIONS)
    assert [g.key for g in r.breakdowns[0].rows] == ["ana", 'ana "the, best"\nsecond line', "bo"]
    assert r == sm.report(calendar=CALENDAR, summary_csv=_api.table_csv(its, "i"), surveys=None, surveys_csv=_api.table_csv(surveys, "s"), options=OPTIONS)


def test_demo_data_is_deterministic_and_reads_back() -> None:
    d = sm.demo_data(interactions=300, seed=7)
    assert d == sm.demo_data(interactions=300, seed=7) and d != sm.demo_data(interactions=300, seed=8)
    assert set(d) == {"calendar", "policies", "as_of", "summary_csv", "surveys_csv"}
    assert sm.BusinessCalendar.from_json(d.calendar).timezone == "Europe/Moscow"
    its = pd.read_csv(io.StringIO(d.summary_csv), dtype={"id": str, "customer_id": str})
    assert len(its) == 300 and its["created_at"].str.startswith("2026-1").all()
    options = {"tickets": {"measures": {"as_of": pd.Timestamp(d.as_of)}}}
    want = sm.report(calendar=d.calendar, summary_csv=d.summary_csv, surveys_csv=d.surveys_csv, policies=d.policies, options=options)
    for c in SUMMARY_INSTANTS:
        its[c] = pd.to_datetime(its[c], format="ISO8601")
    surveys = pd.read_csv(io.StringIO(d.surveys_csv), dtype={"interaction_id": str})
    got = sm.report(calendar=d.calendar, interactions=its, surveys=surveys, policies=d.policies, options=options)
    assert got == want and got.tickets.interactions == 300
    assert {k.name for k in got.kpis} >= {"sla_first_reply", "csat", "nps"}


def test_demo_data_refuses_a_size_out_of_range() -> None:
    with pytest.raises(sm.SupportMetricsError) as e:
        sm.demo_data(interactions=10**9)
    assert e.value.code == "invalid_argument"


# -- the example ------------------------------------------------------------------------------------


def printed_table(out: str, title: str) -> List[List[str]]:
    """The whitespace-separated rows of the table printed under ``title`` (header first)."""
    lines = out.splitlines()
    start = lines.index(title) + 1
    rows: List[List[str]] = []
    for line in lines[start:]:
        if not line.strip():
            break
        rows.append(line.split())
    return rows


def fmt(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.6g}"


def test_example_prints_the_reports_kpis(tmp_path: Any) -> None:
    """Run as a script on the demo data set: every printed KPI and agent figure is the value of
    the report computed here from the same CSV text, and the plot is a PNG."""
    plot = tmp_path / "report.png"
    run = subprocess.run(
        [sys.executable, str(EXAMPLE), "--plot", str(plot)], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    d = sm.demo_data()
    r = sm.report(
        calendar=d.calendar,
        summary_csv=d.summary_csv,
        surveys_csv=d.surveys_csv,
        policies=d.policies,
        options={"tickets": {"measures": {"as_of": d.as_of}}},
    )
    kpis = printed_table(run.stdout, "KPIs")
    assert kpis[0][:4] == ["kpi", "unit", "value", "lower"]
    assert [row[0] for row in kpis[1:]] == [k.name for k in r.kpis]
    for row, k in zip(kpis[1:], r.kpis):
        lower = None if k.interval is None else k.interval.lower
        upper = None if k.interval is None else k.interval.upper
        assert row[1:6] == [k.unit, fmt(k.value), fmt(lower), fmt(upper), str(k.n)], k.name
        assert row[-1] == (k.status or "-"), k.name
    agents = printed_table(run.stdout, "CSAT and NPS by agent")
    rows = next(b for b in r.breakdowns if b.dimension == "agent").rows
    assert [row[0] for row in agents[1:]] == [g.key or "-" for g in rows]
    for row, g in zip(agents[1:], rows):
        csat = None if g.surveys is None else g.surveys.csat
        nps = None if g.surveys is None else g.surveys.nps
        assert row[2] == fmt(None if csat is None else csat.value), g.key
        assert row[3] == str(0 if csat is None else csat.responses), g.key
        assert row[4] == fmt(None if nps is None else nps.value), g.key
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"plot: {plot}" in run.stdout


def load_example() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("report_from_csv", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_on_files_and_without_matplotlib(tmp_path: Any, monkeypatch: Any, capsys: Any) -> None:
    """Paths as arguments (the small_desk files); without matplotlib the plot is skipped with a
    message and the tables are still printed."""
    (tmp_path / "summary.csv").write_text(SUMMARY_CSV, encoding="utf-8")
    (tmp_path / "surveys.csv").write_text(SURVEYS_CSV, encoding="utf-8")
    (tmp_path / "calendar.json").write_text(json.dumps(CALENDAR), encoding="utf-8")
    example = load_example()
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    out = example.main(
        [
            str(tmp_path / "summary.csv"),
            str(tmp_path / "surveys.csv"),
            str(tmp_path / "calendar.json"),
            "--as-of",
            "2026-03-10T00:00:00Z",
            "--plot",
            str(tmp_path / "r.png"),
        ]
    )
    printed = capsys.readouterr().out
    assert "matplotlib is not installed" in printed and not (tmp_path / "r.png").exists()
    want = sm.report(calendar=CALENDAR, summary_csv=SUMMARY_CSV, surveys_csv=SURVEYS_CSV, options={"tickets": OPTIONS["tickets"]})
    assert out.report == want
    assert out.kpis.set_index("kpi").loc["csat", "value"] == 1.0
    assert out.agents.set_index("agent").loc["bo", "nps"] == 100.0


# -- a pandas table as CSV text, a column at a time ---------------------------------------------


def _mixed_frame() -> pd.DataFrame:
    """Every column kind the column-wise writer handles, with missing cells, text that needs
    quoting, floats whole and not, infinities, instants with micro- and nanoseconds, in zones
    across a DST change and with a local mean time offset that is not whole minutes."""
    n = 6
    texts: List[Optional[str]] = [
        "2026-03-29T00:59:59Z",
        "2026-03-29T01:00:00.5Z",
        "2026-10-25T00:30:00.000001Z",
        "1900-01-01T12:00:00.123456789Z",
        None,
        "2026-12-31T23:59:59.0000001Z",
    ]
    instants = pd.DatetimeIndex([pd.NaT if t is None else pd.Timestamp(t) for t in texts]).as_unit("ns")
    return pd.DataFrame(
        {
            "id": ["a", "b,c", 'say "hi"', "line\nbreak", "", "f"],
            "flag": [True, False, True, True, False, False],
            "maybe": pd.array([True, None, False, True, None, False], dtype="boolean"),
            "count": [0, 1, -2, 3, 2**40, 5],
            "gap": pd.array([1, None, 3, None, 5, 6], dtype="Int64"),
            "x": [1.0, 2.5, float("nan"), float("inf"), -float("inf"), 2.0**60],
            "text": pd.array(["u", None, "w", "x", None, "z"], dtype="string"),
            "cat": pd.Categorical(["p", "q", None, "p", "q", "p"]),
            "obj": [None, 1, True, "t", 2.0, float("nan")],
            "utc": instants,
            "berlin": instants.tz_convert("Europe/Berlin"),
            "amsterdam": instants.tz_convert("Europe/Amsterdam"),
            "us": instants.tz_convert("America/New_York").as_unit("us").floor("us"),
        },
        index=range(10, 10 + n),
    )


def test_table_csv_by_columns_is_the_row_by_row_text() -> None:
    """The column-wise writer gives the very text of the cell-by-cell one, for every column
    kind it handles (the row-by-row path stays the reference and the fallback)."""
    df = _mixed_frame()
    assert _api._pandas_cells(df, list(df.columns)) is not None
    text = _api.table_csv(df, "t")
    assert text == _api._csv_by_rows(df, "t")
    # Arrow-backed columns (``dtype_backend="pyarrow"``), aware timestamps included.
    arrow = df.drop(columns=["obj", "cat"]).convert_dtypes(dtype_backend="pyarrow")
    assert str(arrow["berlin"].dtype).startswith("timestamp[ns, tz=Europe/Berlin]")
    assert _api._pandas_cells(arrow, list(arrow.columns)) is not None
    assert _api.table_csv(arrow, "t") == _api._csv_by_rows(arrow, "t")
    # polars and pyarrow tables of the same columns take the same path, with the same text as
    # their own cell-by-cell path (polars writes nanosecond instants with nine digits).
    for table in (pl.from_pandas(arrow), pa.Table.from_pandas(arrow), pa.Table.from_pandas(arrow).to_batches()[0]):
        assert _api._table_cells(table) is not None, type(table)
        assert _api.table_csv(table, "t") == _api._csv_by_rows(table, "t"), type(table)
    # Without the text that needs quoting, the rows are joined rather than written: the same.
    plain = df.drop(columns=["id"])
    assert not any(map(_api._needs_quotes, _api._pandas_cells(plain, list(plain.columns)) or [["a,b"]]))
    assert _api.table_csv(plain, "t") == _api._csv_by_rows(plain, "t")
    # ... and written in Rust from the columns in place: the same text again, for pandas,
    # Arrow-backed, polars and pyarrow tables; a cell that needs quoting sends it back.
    plain["flags"] = pd.Series([True, None, False, float("nan"), True, False], dtype=object, index=plain.index)
    plain_arrow = plain.drop(columns=["obj", "cat", "flags"]).convert_dtypes(dtype_backend="pyarrow")
    sliced = pa.Table.from_pandas(plain_arrow).slice(2, 3)  # Arrow offsets that do not start at 0
    for table in (plain, plain_arrow, plain_arrow.iloc[1:], pl.from_pandas(plain_arrow), pa.Table.from_pandas(plain_arrow), sliced):
        assert _native_text(table) == _api._csv_by_rows(table, "t"), type(table)
        assert _api.table_csv(table, "t") == _api._csv_by_rows(table, "t"), type(table)
    kinds = [k for k, _, _ in _api._native_columns(plain) or []]
    assert kinds == ["flag", "flag", "int", "int", "float", "arrow", "joined", "joined", "instant", "instant", "instant", "instant", "flag"]
    assert _native_text(df) is None
    # Spot checks against hand-written cells: Amsterdam's 1900 offset (+00:19:32) is not whole
    # minutes, so that instant is written in UTC; the others keep their zone's offset.
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]

    def cell(r: int, c: str) -> str:
        return rows[r + 1][header.index(c)]

    assert cell(0, "berlin") == "2026-03-29T01:59:59+01:00"
    assert cell(1, "berlin") == "2026-03-29T03:00:00.500000+02:00"
    assert cell(3, "utc") == "1900-01-01T12:00:00.123456789+00:00"
    assert cell(3, "amsterdam") == "1900-01-01T12:00:00.123456789+00:00"
    assert cell(2, "amsterdam") == "2026-10-25T02:30:00.000001+02:00"
    assert cell(5, "utc") == "2026-12-31T23:59:59.000000100+00:00"
    assert cell(4, "utc") == "" and cell(1, "maybe") == "" and cell(1, "gap") == ""
    assert [cell(r, "x") for r in range(6)] == ["1", "2.5", "", "Infinity", "-Infinity", "1.152921504606847e+18"]
    assert [cell(r, "obj") for r in range(6)] == ["", "1", "true", "t", "2", ""]
    assert cell(1, "id") == "b,c" and cell(3, "id") == "line\nbreak"


def test_native_text_in_parts_is_the_one_pass_text() -> None:
    """From 100,000 rows the Rust writer writes parts of the rows on threads (each joined
    column's cursor found first): the text is that of its halves written in one pass each, and
    a cell that needs quoting in the last rows still sends the table back."""
    df = _mixed_frame().drop(columns=["id"])
    df["flags"] = pd.Series([True, None, False, float("nan"), True, False], dtype=object, index=df.index)
    big = pd.concat([df] * 20_001, ignore_index=True)
    big["obj"] = [None if i % 7 == 0 else f"o{i}" for i in range(len(big))]
    assert len(big) > 120_000
    half = len(big) // 2
    whole = _native_text(big)
    first, second = _native_text(big.iloc[:half]), _native_text(big.iloc[half:])
    assert whole is not None and first is not None and second is not None
    head, _, rest = second.partition("\n")
    assert head + "\n" + rest == second and whole == first + rest
    big.loc[len(big) - 1, "obj"] = "a,b"
    assert _native_text(big) is None


def test_table_csv_falls_back_to_rows_for_other_columns() -> None:
    """Naive datetimes and durations have no column-wise form: the row-by-row writer takes the
    whole table, so errors still name the first bad cell in row order."""
    df = _mixed_frame()
    df["late"] = pd.to_timedelta([1, 2, 3, 4, 5, 6], unit="s")
    assert _api._pandas_cells(df, list(df.columns)) is None
    assert _api.table_csv(df, "t") == _api._csv_by_rows(df, "t")
    # Instants past nanoseconds' range (the core reports them as out of range) are written in
    # their own unit, not wrapped through nanoseconds.
    far_instants = pd.Series(pd.to_datetime(["2500-01-01", "2026-01-01"]).as_unit("s")).dt.tz_localize("UTC")
    far = pd.DataFrame({"a": ["x", "y"], "t": far_instants})
    assert _api._pandas_cells(far, ["a", "t"]) is not None
    assert _api.table_csv(far, "t") == _api._csv_by_rows(far, "t")
    assert _api.table_csv(far, "t").splitlines()[1] == "x,2500-01-01T00:00:00+00:00"
    naive = pd.DataFrame({"a": ["x", "y"], "b": [pd.Timestamp("2026-01-01"), None], "c": [object(), 1]})
    with pytest.raises(sm.InputError) as e:
        _api.table_csv(naive, "t")
    assert e.value.code == "naive_datetime" and str(e.value).startswith("t[0].b: ")


@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(-(2**62), 2**62)),
            st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
            st.one_of(st.none(), st.text(max_size=6)),
            st.one_of(
                st.none(),
                st.integers(-2_208_988_800 * 10**9, 4_102_444_799 * 10**9),
                # whole seconds, microseconds and hundreds of nanoseconds, not only nanoseconds
                st.integers(-2_208_988_800, 4_102_444_799).map(lambda x: x * 10**9),
                st.integers(-2_208_988_800 * 10**6, 4_102_444_799 * 10**6).map(lambda x: x * 1000),
                st.integers(-2_208_988_800 * 10**7, 4_102_444_799 * 10**7).map(lambda x: x * 100),
            ),
            st.sampled_from(["UTC", "Europe/Moscow", "America/St_Johns", "Asia/Kathmandu", "Europe/Dublin"]),
        ),
        max_size=12,
    ),
    st.sampled_from(["s", "ms", "us", "ns"]),
)
@settings(max_examples=150, deadline=None)
def test_table_csv_columns_equal_rows_for_any_values(cells: List[Any], unit: str) -> None:
    """Any ints, floats, text and instants (from 1900 to 2100 in any of pandas' units, in zones
    with half-hour and 45-minute offsets and old local mean times), missing or not: the
    column-wise text is the row-by-row text."""
    zone = cells[0][4] if cells else "UTC"
    df = pd.DataFrame(
        {
            "i": pd.array([c[0] for c in cells], dtype="Int64"),
            "f": pd.Series([c[1] for c in cells], dtype="float64"),
            "s": pd.Series([c[2] for c in cells], dtype="object"),
            "t": pd.Series(
                np.array([NAT if c[3] is None else c[3] for c in cells], dtype=np.int64).view("datetime64[ns]")
            )
            .dt.floor(unit)
            .dt.as_unit(unit)
            .dt.tz_localize("UTC")
            .dt.tz_convert(zone),
        }
    )
    assert _api._pandas_cells(df, list(df.columns)) is not None
    assert _api.table_csv(df, "t") == _api._csv_by_rows(df, "t")
    native = _native_text(df)
    if cells and not any(c[2] is not None and any(ch in c[2] for ch in ',"\r\n') for c in cells):
        assert native == _api._csv_by_rows(df, "t")


@given(
    st.lists(
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=True),
            # short binary fractions, whose exact decimal expansions make ties between two
            # shortest strings
            st.builds(
                lambda k, e: k * 2.0**e,
                st.one_of(st.integers(1, 64), st.integers(2**50, 2**53)),
                st.integers(-60, -1),
            ),
        ),
        min_size=1,
        max_size=30,
    )
)
@settings(max_examples=200, deadline=None)
def test_native_floats_are_python_floats(xs: List[float]) -> None:
    """Floats written in Rust are Python's: ``repr`` (the shortest digits that read back, in
    Python's layout), whole ones under 2^53 without ``.0``, NaN missing, infinities spelled."""
    df = pd.DataFrame({"f": pd.Series(xs, dtype="float64"), "g": pd.Series(xs, dtype="float64") * 1e-7})
    assert _native_text(df) == _api._csv_by_rows(df, "t")


def test_native_text_of_a_large_table() -> None:
    """A quarter of a million rows: the same text as the Python column-wise writer (itself
    checked against the cell-by-cell one above), dates changing from row to row."""
    n = 250_003
    rng = np.random.default_rng(5)
    at = pd.Series(rng.integers(0, 3 * 10**16, n)).astype("datetime64[ns]").dt.tz_localize("UTC")
    df = pd.DataFrame({
        "id": [f"T{i}" for i in range(n)],
        "count": rng.integers(-5, 10**6, n),
        "x": np.where(rng.random(n) < 0.2, np.nan, rng.normal(0, 1e4, n)),
        "berlin": at.dt.tz_convert("Europe/Berlin"),
        "flag": rng.random(n) < 0.5,
    })
    cells = _api._pandas_cells(df, list(df.columns))
    assert cells is not None
    want = "id,count,x,berlin,flag\n" + "".join(",".join(row) + "\n" for row in zip(*cells))
    assert _native_text(df) == want


def test_native_text_refuses_bad_columns_without_crashing() -> None:
    """The Rust writer's own input checks: errors, never a crash or a panic message."""
    ints = np.arange(3, dtype=np.int64)
    cases: List[Tuple[List[Tuple[str, Any, Any]], type]] = [
        ([("int", ints, None), ("int", np.arange(2, dtype=np.int64), None)], ValueError),
        ([("int", ints, np.ones(2, dtype=bool))], ValueError),
        ([("int", ints[::2], None)], ValueError),  # not contiguous
        ([("nope", ints, None)], ValueError),
        ([("int", ints.astype(np.float64), None)], TypeError),
        ([("arrow", np.array([0, 2, 1, 3]), np.frombuffer(b"abc", np.uint8))], ValueError),
        ([("arrow", np.array([0, 1, 9]), np.frombuffer(b"abc", np.uint8))], ValueError),
        ([("arrow", np.array([0, 1]), np.frombuffer(b"\xff", np.uint8))], ValueError),
        ([("instant", ints, (ints, np.ones(3, dtype=bool), 7))], ValueError),
        ([("instant", ints, None)], ValueError),
    ]
    for columns, error in cases:
        with pytest.raises(error):
            _native.csv_text("h\n", columns)
    # Values at the edges are written or sent back, never a crash.
    extreme = np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max, 0], dtype=np.int64)
    present = np.ones(3, dtype=bool)
    assert _native.csv_text("h\n", [("instant", extreme, (extreme, present, 1))]) is None
    text = _native.csv_text("h\n", [("instant", np.zeros(3, np.int64), (extreme, present, 10**9)), ("int", extreme, None)])
    assert text is not None and str(text).splitlines()[1].startswith("1970-01-01T00:00:00-")
    # Object columns of bytes or mixed values keep the Python writer's cells (bytes as base64).
    odd = pd.DataFrame({"b": pd.Series([b"ab", None, b"c"], dtype=object), "m": pd.Series(["x", 1, None], dtype=object),
                        "e": pd.Series([None, None, None], dtype=object), "n": [1, 2, 3]})
    assert _native_text(odd) == _api._csv_by_rows(odd, "t")
    assert _native_text(odd).splitlines()[1].startswith("YWI=,x,,1")  # type: ignore[union-attr]
    # A cut through a character: the table goes back to the Python writer.
    assert _native.csv_text("h\n", [("arrow", np.array([0, 1]), np.frombuffer("é".encode(), np.uint8))]) is None


def test_native_floats_at_the_layout_edges() -> None:
    """Where ``repr`` switches between positional and exponent form, and other edges."""
    xs = [0.5, -0.5, 123.456, 0.1, 1e-4, 1.5e-4, 1e-5, 1.5e-5, 1e16, 1.5e16, 2.0**53, 2.0**53 + 2,
          2.0**53 - 1, 1234567890123456.7, 123456789012345.6, 1e22, 5e-324, 1.7976931348623157e308,
          -0.0, 3.0, -7.0, 2.5e-3, 1 / 3, float("nan"), float("inf"), -float("inf"), 9.999999999999999e15,
          # exactly halfway between two shortest strings: Python takes the even one when both read
          # back (.2 of .2/.3), the one that reads back below a power of two (...063 of 062/063)
          2.0**49 + 0.25, 2.0**-24]
    df = pd.DataFrame({"f": xs, "g": [-x for x in xs]})
    text = _native_text(df)
    assert text == _api._csv_by_rows(df, "t")
    assert text is not None and "1.5e-05,-1.5e-05\n" in text and "1e+16,-1e+16\n" in text


def _native_text(table: Any) -> Optional[str]:
    """The Rust writer's text of a table (None when it sends the table back)."""
    columns = _api._native_columns(table)
    if columns is None:
        return None
    head = ",".join(str(c) for c in _api._table_columns(table) or []) + "\n"
    text = _native.csv_text(head, columns)
    return None if text is None else str(text)
