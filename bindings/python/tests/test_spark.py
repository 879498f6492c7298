"""support_metrics.spark on a local Spark cluster: 2 executor processes, at least 4 partitions.

Every result must equal the single-machine call on the same rows, bit for bit (exact
statistics and counts; findings compared as multisets, since partitions come in any order):
the shared vectors whose inputs are tables, a generated 100k-interaction data set, groups, the
sketch for large groups, tickets and surveys alone. Skipped, with the reason, only when Java or
PySpark is absent (``scripts/python.sh`` installs PySpark; Java 17+ comes from the system).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from typing import Any, Dict, Iterator, List, Optional

import pandas as pd
import pytest

import support_metrics as sm

if shutil.which("java") is None:
    pytest.skip(
        "Java is absent: the Spark tests need Java 17+ (apt-get install openjdk-17-jre-headless)",
        allow_module_level=True,
    )
pyspark = pytest.importorskip("pyspark", reason="PySpark is absent: pip install 'support-metrics[spark]'")

from pyspark.sql import DataFrame, SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

from support_metrics import spark as sms  # noqa: E402
from test_api_vectors import CASES, Case, match  # noqa: E402


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    s = (
        SparkSession.builder.master(os.environ.get("SM_SPARK_MASTER", "local-cluster[2,1,1024]"))
        .appName("support-metrics-tests")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def frame(spark: SparkSession, csv_text: str) -> DataFrame:
    """A CSV text as a Spark DataFrame of strings (every cell as written)."""
    pdf = pd.read_csv(io.StringIO(csv_text), dtype=str, keep_default_na=False)
    return spark.createDataFrame(pdf).repartition(5)


def empty_interactions(spark: SparkSession) -> DataFrame:
    return spark.createDataFrame([], "id string, channel string, created_at string")


def normalized(r: Any) -> Dict[str, Any]:
    """The answer as plain data, findings without their line (a DataFrame has none) and
    sorted (partitions report them in any order)."""
    d: Dict[str, Any] = json.loads(json.dumps(r.to_dict() if hasattr(r, "to_dict") else r))
    for key in ("data_quality", "quality"):
        q = d.get(key)
        if isinstance(q, dict) and "findings" in q:
            for f in q["findings"]:
                f["line"] = None
            q["findings"].sort(key=lambda f: json.dumps(f, sort_keys=True))
    return d


def demo(n: int, seed: int) -> sm.Result:
    return sm.demo_data(interactions=n, seed=seed)


def with_tenant(pdf: pd.DataFrame, column: str) -> pd.DataFrame:
    """A tenant per row from the id (two tenants, and rows of a third)."""
    out = pdf.copy()
    out["tenant"] = [("acme", "globex", "initech")[sum(map(ord, str(x))) % 3] for x in pdf[column]]
    return out


# -- the shared vectors whose inputs are tables ------------------------------------------------


def malformed_lines(c: Case) -> List[int]:
    """The lines of the case's CSV text that a table cannot hold (fewer or more fields than
    the header: the core's `invalid_csv` findings)."""
    answer = sm.call(c.op, **c.args).to_dict()
    q = answer.get("data_quality") or answer.get("quality") or {}
    return [int(f["line"]) for f in q.get("findings", []) if f["code"] == "invalid_csv"]


def without_lines(text: str, lines: List[int]) -> str:
    return "".join(l for i, l in enumerate(text.splitlines(keepends=True), start=1) if i not in lines)


def table_cases() -> List[Case]:
    """The vectors of `report` and `survey_report` whose inputs are CSV text, so a table:
    not those expecting an error (about the text itself, or options checked before any row),
    not those with event objects, not those whose text has a malformed row."""
    out = []
    for c in CASES:
        a = c.args
        if c.error is not None or "interactions" in a or "surveys" in a or "responses" in a:
            continue
        if c.op == "report" and ("summary_csv" in a or "surveys_csv" in a):
            out.append(c)
        if c.op == "survey_report" and "csv" in a:
            out.append(c)
    return out


TABLE_CASES = table_cases()


def test_the_shared_vectors_have_table_cases() -> None:
    assert len([c for c in TABLE_CASES if c.op == "report"]) >= 3
    assert len([c for c in TABLE_CASES if c.op == "survey_report"]) >= 3


@pytest.mark.parametrize("case", TABLE_CASES, ids=lambda c: c.id)
def test_shared_vector_through_spark(spark: SparkSession, case: Case) -> None:
    a = dict(case.args)
    bad = malformed_lines(case)
    if bad:
        # A table cannot hold a malformed row: compare the rest with the single machine.
        key = "csv" if case.op == "survey_report" else "surveys_csv"
        a[key] = without_lines(a[key], bad)
    got: Any
    if case.op == "report":
        its = frame(spark, a["summary_csv"]) if "summary_csv" in a else empty_interactions(spark)
        answers = frame(spark, a["surveys_csv"]) if "surveys_csv" in a else None
        got = sms.report(
            its,
            a["calendar"],
            surveys=answers,
            policies=a.get("policies"),
            options=a.get("options"),
            quantiles="exact",
        )
    else:
        got = sms.survey_report(
            frame(spark, a["csv"]), config=a.get("config"), options=a.get("options"), sent=a.get("sent")
        )
    assert all(f["line"] is None for f in normalized(got).get("data_quality", {}).get("findings", []))
    if not bad:
        out: List[str] = []
        match(normalized(got), normalized(case.expect), case.tolerance, "", out)
        assert not out, "\n".join(out)
    # And the vector's single-machine answer, in full.
    single = sm.call(case.op, **a)
    assert normalized(got) == normalized(single)


# -- the shared vectors of record reports (contacts, agent states, QA reviews) ------------------


def records_frame(spark: SparkSession, records: List[Dict[str, Any]]) -> DataFrame:
    """Records as a DataFrame with one column per field (an absent field is null; a dict is a
    map column), types inferred from the values."""
    from pyspark.sql import types as T

    def spark_type(values: List[Any]) -> Any:
        vs = [v for v in values if v is not None]
        if vs and all(isinstance(v, dict) for v in vs):
            inner = [x for v in vs for x in v.values()]
            return T.MapType(T.StringType(), spark_type(inner), True)
        if vs and all(isinstance(v, bool) for v in vs):
            return T.BooleanType()
        if vs and all(isinstance(v, int) and not isinstance(v, bool) for v in vs):
            return T.LongType()
        if vs and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vs):
            return T.DoubleType()
        return T.StringType()

    names: List[str] = []
    for r in records:
        names += [k for k in r if k not in names]
    types = [spark_type([r.get(k) for r in records]) for k in names]
    schema = T.StructType([T.StructField(k, t, True) for k, t in zip(names, types)])
    def cell(v: Any, t: Any) -> Any:
        if v is None:
            return None
        if isinstance(t, T.DoubleType):
            return float(v)
        if isinstance(t, T.MapType):
            return {k: cell(x, t.valueType) for k, x in v.items()}
        return v

    rows = [tuple(cell(r.get(k), t) for k, t in zip(names, types)) for r in records]
    return spark.createDataFrame(rows, schema).repartition(4)


RECORD_OPS = {"queue_report": "records", "agent_report": "states", "internal_quality": "reviews"}
RECORD_CASES = [
    c
    for c in CASES
    if c.op in RECORD_OPS and c.error is None and len(c.args.get(RECORD_OPS[c.op], [])) > 0
]


def test_the_shared_vectors_have_record_cases() -> None:
    assert {c.op for c in RECORD_CASES} == set(RECORD_OPS)


@pytest.mark.parametrize("case", RECORD_CASES, ids=lambda c: c.id)
def test_shared_record_vector_through_spark(spark: SparkSession, case: Case) -> None:
    a = case.args
    df = records_frame(spark, a[RECORD_OPS[case.op]])
    got: Any
    if case.op == "queue_report":
        got = sms.queue_report(df, a["options"], stats=a.get("stats"))
    elif case.op == "agent_report":
        got = sms.agent_report(
            df, a["timezone"], interval=a.get("interval"), shrinkage_reasons=a.get("shrinkage_reasons")
        )
    else:
        got = sms.internal_quality(df, a["scorecard"], grouping=a.get("grouping"), options=a.get("options"))
    g = normalized(got)
    exp = normalized(case.expect)
    out: List[str] = []
    match(g, exp, case.tolerance, "", out)
    assert not out, "\n".join(out)


# -- generated data ------------------------------------------------------------------------------


def single_report(d: sm.Result, summary: pd.DataFrame, surveys: Optional[pd.DataFrame], options: Any) -> Any:
    return sm.report(
        calendar=d["calendar"],
        policies=d["policies"],
        options=options,
        interactions=summary,
        surveys=surveys,
    )


def test_100k_generated_interactions_equal_the_single_machine_report(spark: SparkSession) -> None:
    d = demo(100_000, 7)
    summary = pd.read_csv(io.StringIO(d["summary_csv"]), dtype=str, keep_default_na=False)
    surveys = pd.read_csv(io.StringIO(d["surveys_csv"]), dtype=str, keep_default_na=False)
    options = {"tickets": {"measures": {"as_of": d["as_of"]}}}
    want = sm.report(
        calendar=d["calendar"],
        policies=d["policies"],
        options=options,
        summary_csv=d["summary_csv"],
        surveys_csv=d["surveys_csv"],
    )
    its = spark.createDataFrame(summary).repartition(6)
    ans = spark.createDataFrame(surveys).repartition(6)
    got = sms.report(its, d["calendar"], surveys=ans, policies=d["policies"], options=options, partitions=8)
    assert normalized(got) == normalized(want)
    assert isinstance(got, sm.Result)
    assert got["tickets"]["interactions"] == 100_000 - want["excluded"]["interactions_after_as_of"]
    assert got["tickets"]["first_response_time"]["exact"] is True


def test_groups_equal_the_single_machine_report_of_each_group(spark: SparkSession) -> None:
    d = demo(3_000, 11)
    summary = with_tenant(pd.read_csv(io.StringIO(d["summary_csv"]), dtype=str, keep_default_na=False), "id")
    surveys = with_tenant(
        pd.read_csv(io.StringIO(d["surveys_csv"]), dtype=str, keep_default_na=False), "interaction_id"
    )
    options = {"tickets": {"measures": {"as_of": d["as_of"]}, "fcr": {"no_repeat_contact_within": {"days": 7}}}}
    got = sms.report(
        spark.createDataFrame(summary),
        d["calendar"],
        surveys=spark.createDataFrame(surveys),
        policies=d["policies"],
        options=options,
        group_by=["tenant"],
    )
    assert isinstance(got, dict)
    assert sorted(got) == [("acme",), ("globex",), ("initech",)]
    for (tenant,), r in got.items():
        mine = summary[summary.tenant == tenant].drop(columns="tenant")
        theirs = surveys[surveys.tenant == tenant].drop(columns="tenant")
        assert normalized(r) == normalized(single_report(d, mine, theirs, options)), tenant


def test_timestamp_columns_in_any_session_zone(spark: SparkSession) -> None:
    d = demo(800, 4)
    summary = pd.read_csv(io.StringIO(d["summary_csv"]), dtype=str, keep_default_na=False)
    options = {"tickets": {"measures": {"as_of": d["as_of"]}}}
    want = single_report(d, summary, None, options)
    df = spark.createDataFrame(summary)
    for c in ("created_at", "first_response_at", "resolved_at"):
        df = df.withColumn(c, F.to_timestamp(F.when(F.col(c) != "", F.col(c))))
    old = spark.conf.get("spark.sql.session.timeZone")
    try:
        spark.conf.set("spark.sql.session.timeZone", "America/New_York")
        got = sms.report(df, d["calendar"], policies=d["policies"], options=options)
    finally:
        spark.conf.set("spark.sql.session.timeZone", old or "UTC")
    assert normalized(got) == normalized(want)


def test_large_groups_use_the_sketch_and_equal_the_single_machine_sketch(spark: SparkSession) -> None:
    d = demo(2_000, 5)
    summary = with_tenant(pd.read_csv(io.StringIO(d["summary_csv"]), dtype=str, keep_default_na=False), "id")
    options = {"tickets": {"measures": {"as_of": d["as_of"]}}}
    sizes = summary.tenant.value_counts()
    limit = int(sizes.min())  # the smallest group stays exact, the others use the sketch
    got = sms.report(
        spark.createDataFrame(summary),
        d["calendar"],
        policies=d["policies"],
        options=options,
        group_by=["tenant"],
        exact_limit=limit,
    )
    assert isinstance(got, dict)
    for (tenant,), r in got.items():
        mine = summary[summary.tenant == tenant].drop(columns="tenant")
        sketch = int(sizes[tenant]) > limit
        mode = {"tickets": {"measures": {"as_of": d["as_of"]}, "quantiles": "sketch" if sketch else "exact"}}
        want = single_report(d, mine, None, mode)
        assert normalized(r) == normalized(want), tenant
        assert r["tickets"]["first_response_time"]["exact"] is (not sketch)
        if sketch:
            exact = single_report(d, mine, None, options)["tickets"]["first_response_time"]["summary"]
            approx = r["tickets"]["first_response_time"]["summary"]
            # Count, mean, min and max stay exact; percentiles within the documented 1% of an
            # order statistic next to numpy's interpolated one.
            for k in ("count", "min", "max"):
                assert approx[k] == exact[k]
            assert approx["mean"] == pytest.approx(exact["mean"], rel=1e-12)
            assert approx["median"] == pytest.approx(exact["median"], rel=0.05)


def test_ticket_and_survey_reports_equal_the_single_calls(spark: SparkSession) -> None:
    d = demo(1_500, 8)
    summary = pd.read_csv(io.StringIO(d["summary_csv"]), dtype=str, keep_default_na=False)
    options = {"measures": {"as_of": d["as_of"]}}
    by = {"dimensions": ["channel", "priority"]}
    got = sms.ticket_report(
        spark.createDataFrame(summary), d["calendar"], policies=d["policies"], options=options, by=by
    )
    its = sm.read_summary_csv(text=d["summary_csv"])["interactions"]
    want = sm.ticket_report(calendar=d["calendar"], interactions=its, policies=d["policies"], options=options)
    rows = sm.ticket_breakdown(
        calendar=d["calendar"], interactions=its, policies=d["policies"], options=options, by=by
    )
    g = normalized(got)
    assert g["report"] == normalized(want)
    assert g["breakdown"] == json.loads(json.dumps([r.to_dict() if hasattr(r, "to_dict") else r for r in rows]))
    assert g["quality"]["rows_read"] == 1_500

    surveys = with_tenant(pd.read_csv(io.StringIO(d["surveys_csv"]), dtype=str, keep_default_na=False), "interaction_id")
    by_tenant = sms.survey_report(spark.createDataFrame(surveys), group_by=["tenant"])
    assert isinstance(by_tenant, dict)
    for (tenant,), r in by_tenant.items():
        mine = surveys[surveys.tenant == tenant].drop(columns="tenant")
        text = mine.to_csv(index=False)
        assert normalized(r) == normalized(sm.survey_report(csv=text)), tenant


# -- bad input ------------------------------------------------------------------------------------


def test_states_of_other_calendars_never_merge(spark: SparkSession) -> None:
    d = demo(300, 2)
    df = frame(spark, d["summary_csv"])
    options = {"tickets": {"measures": {"as_of": d["as_of"]}}}
    a = sms.report_states(df, d["calendar"], policies=d["policies"], options=options).collect()
    cal = json.loads(d["calendar"]) if isinstance(d["calendar"], str) else dict(d["calendar"])
    cal["holidays"] = ["2026-02-23"]
    b = sms.report_states(df, cal, policies=d["policies"], options=options).collect()
    states = [bytes(a[0]["_sm_state"]), bytes(b[0]["_sm_state"])]
    with pytest.raises(sm.ValueRangeError) as info:
        sm.merge_states(states=states)
    assert info.value.code == "state_mismatch"
    # One run's states merge, as bytes too.
    merged = sm.merge_states(states=[bytes(r["_sm_state"]) for r in a])
    assert sm.state_info(state=merged)["kind"] == "report"
    with pytest.raises(sm.FormatError) as bad:
        sm.finish_state(state=bytes(a[0]["_sm_state"])[:-1])
    assert bad.value.code == "invalid_state"


def test_repeated_ids_are_refused_unless_asked(spark: SparkSession) -> None:
    d = demo(200, 3)
    text = d["summary_csv"]
    first_row = text.splitlines()[1]
    df = frame(spark, text + first_row + "\n")
    with pytest.raises(sm.SupportMetricsError) as info:
        sms.report(df, d["calendar"])
    assert info.value.code == "duplicate_id"
    assert "dropDuplicates" in str(info.value)


def test_no_rows_give_the_report_of_no_data(spark: SparkSession) -> None:
    cal = {"timezone": "UTC", "week": {"mon": [["09:00", "17:00"]]}}
    got = sms.report(empty_interactions(spark), cal)
    assert isinstance(got, sm.Result)
    assert normalized(got) == normalized(sm.report(calendar=cal))
    assert got["tickets"]["interactions"] == 0
    assert sms.report(empty_interactions(spark), cal, group_by=["channel"]) == {}


def test_not_a_spark_dataframe_is_refused() -> None:
    with pytest.raises(sm.SupportMetricsError) as info:
        sms.report(pd.DataFrame({"id": ["a"]}), {"timezone": "UTC"})  # type: ignore[arg-type]
    assert info.value.code == "unsupported_type"


def test_missing_columns_are_named(spark: SparkSession) -> None:
    df = spark.createDataFrame([("a",)], "id string")
    with pytest.raises(sm.SupportMetricsError) as info:
        sms.report(df, {"timezone": "UTC"})
    assert info.value.code == "missing_column"
    assert "channel" in str(info.value)
