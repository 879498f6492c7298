"""The same metrics over a PySpark DataFrame, exactly: ``support_metrics.spark``.

Each partition computes a partial *state* of its rows with the core (``report_state``,
``ticket_state``, ``survey_state``: versioned bytes), the states of a group are merged
(``merge_states``) and the merged state is finished on the driver (``finish_state``). Merging
is exact, so every number equals the single-machine call on the group's rows (see
``docs/scale-out.md``). Nothing is computed here: this module only moves rows and bytes.

The rows go to the core as the shared CSV formats: timestamp columns are written as RFC 3339
text by Spark, each partition's Arrow batch as CSV by pyarrow, and the core's readers read it,
so a Spark DataFrame and the file give the same report, data-quality findings included, but
for their ``line``: a DataFrame has no lines, so a finding's ``line`` is null and its ``id``
names the row.

Where rows must meet, Spark brings them together: the interactions of one customer (repeat
contacts, the ``no_repeat_contact_within`` FCR preset) and the answers about one interaction
with that interaction (the re-rating rule, the join for breakdowns) are hashed to one partition.

PySpark (with Java 17+) is needed only to call this module: ``pip install
support-metrics[spark]``.
"""

from __future__ import annotations

import copy
import io
import json
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Iterable,
    Iterator,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)

from . import _ops
from ._api import CalendarLike, Document, Result, _input_error, to_json

if TYPE_CHECKING:  # pragma: no cover - types only
    import pyarrow as pa
    from pyspark.sql import DataFrame

__all__ = [
    "report",
    "report_states",
    "ticket_report",
    "survey_report",
    "queue_report",
    "agent_report",
    "internal_quality",
    "GroupKey",
    "Quantiles",
]

#: A group's key: the values of the ``group_by`` columns, in their order.
GroupKey = Tuple[Any, ...]

#: How duration percentiles are computed: ``"exact"`` (every value kept), ``"sketch"`` (bounded
#: memory, 1% relative error, see docs/metrics.md), or ``"auto"``: exact for groups of at most
#: ``exact_limit`` interactions and the sketch above, unless the options say.
Quantiles = Literal["auto", "exact", "sketch"]

#: The default ``exact_limit``: above it, a group's exact state (8 bytes per duration, several
#: durations per interaction and breakdown) would cost more than a gigabyte to merge.
EXACT_LIMIT = 1_000_000

_STATE = "_sm_state"
_KIND = "_sm_kind"
_KEY = "_sm_key"


def _text(doc: Optional[Union[CalendarLike, Document]]) -> Optional[str]:
    """A calendar, policies or options document as JSON text (what travels to executors)."""
    if doc is None:
        return None
    if isinstance(doc, str):
        return doc
    own = getattr(doc, "to_json", None)
    if callable(own):
        return str(own())
    return json.dumps(to_json(doc, "document"))


def _calendar_text(calendar: CalendarLike) -> str:
    text = _text(calendar)
    if text is None:
        raise _input_error("invalid_argument", "calendar: a calendar is required")
    return text


def _check_frame(df: Any, what: str, needs: Sequence[str]) -> None:
    if type(df).__module__.split(".")[0] != "pyspark" or not hasattr(df, "mapInArrow"):
        raise _input_error(
            "unsupported_type",
            f"{what}: expected a PySpark DataFrame, found {type(df).__name__}",
        )
    missing = [c for c in needs if c not in df.columns]
    if missing:
        raise _input_error(
            "missing_column",
            f"{what}: missing column(s) {', '.join(missing)} (has {', '.join(df.columns)})",
        )


def _refuse_naive(df: "DataFrame", skip: Sequence[str] = ()) -> "DataFrame":
    """Refuses TIMESTAMP_NTZ columns (no time zone: an instant cannot be known). TIMESTAMP
    columns reach the partitions as zoned Arrow timestamps, written as RFC 3339 by :func:`_csv`."""
    from pyspark.sql.types import TimestampNTZType

    for f in df.schema.fields:
        if f.name not in skip and isinstance(f.dataType, TimestampNTZType):
            raise _input_error(
                "naive_datetime",
                f"column {f.name}: TIMESTAMP_NTZ has no time zone; convert it with "
                "to_utc_timestamp(col, zone) first",
            )
    return df


def _csv(table: "pa.Table") -> str:
    """An Arrow table as CSV text in the shared format (pyarrow's writer, C++ speed)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    cols = []
    for name in table.column_names:
        col = table.column(name)
        if pa.types.is_timestamp(col.type):
            if col.type.tz is None:
                raise _input_error("naive_datetime", f"column {name}: a timestamp without a time zone")
            utc = pc.cast(col, pa.timestamp("us", tz="UTC"))
            col = pc.strftime(utc, format="%Y-%m-%dT%H:%M:%SZ")
        elif pa.types.is_floating(col.type):
            # Whole floats (counts in a column with gaps) without ".0", as the binding writes.
            ints = pc.cast(col, pa.int64(), safe=False)
            whole = pc.equal(pc.cast(ints, col.type), col)
            col = pc.if_else(whole, pc.cast(ints, pa.string()), pc.cast(col, pa.string()))
        cols.append(col)
    out = io.BytesIO()
    pacsv.write_csv(
        pa.table(cols, names=table.column_names),
        out,
        pacsv.WriteOptions(quoting_style="needed"),
    )
    return out.getvalue().decode("utf-8")


def _groups(table: "pa.Table", keys: Sequence[str]) -> Iterator[Tuple[GroupKey, "pa.Table"]]:
    """The table's rows by the values of ``keys`` (null is a key value of its own)."""
    import pyarrow.compute as pc

    if not keys:
        yield (), table
        return
    uniq = table.select(list(keys)).group_by(list(keys), use_threads=False).aggregate([])
    for row in uniq.to_pylist():
        mask = None
        for k in keys:
            v = row[k]
            m = pc.is_null(table.column(k)) if v is None else pc.equal(table.column(k), v)
            m = pc.fill_null(m, False)
            mask = m if mask is None else pc.and_(mask, m)
        yield tuple(row[k] for k in keys), table.filter(mask)


def _state_batches(
    keys: Sequence[str],
    schema: "pa.Schema",
    states: Iterable[Tuple[GroupKey, str]],
) -> Iterator["pa.RecordBatch"]:
    import base64

    import pyarrow as pa

    for key, text in states:
        arrays = [pa.array([v], type=schema.field(k).type) for k, v in zip(keys, key)]
        arrays.append(pa.array([base64.b64decode(text)], type=pa.binary()))
        yield pa.RecordBatch.from_arrays(arrays, schema=schema)


def _per_group(
    keys: Sequence[str],
    schema: "pa.Schema",
    state_of: Callable[[GroupKey, "pa.Table"], str],
) -> Callable[[Iterator["pa.RecordBatch"]], Iterator["pa.RecordBatch"]]:
    """The function `mapInArrow` runs on each partition: its rows by group, one core state
    call per group (``state_of(key, rows)``), one output row ``(key..., state bytes)`` each."""

    def run(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        table = _collect(batches)
        if table is None:
            return
        out = [(key, state_of(key, rows)) for key, rows in _groups(table, keys)]
        yield from _state_batches(keys, schema, out)

    return run


def _state_schema(df: "DataFrame", keys: Sequence[str]) -> Tuple[Any, "pa.Schema"]:
    """The Spark schema and the Arrow schema of ``(keys..., _sm_state binary)``."""
    import pyarrow as pa
    from pyspark.sql.pandas.types import to_arrow_type
    from pyspark.sql.types import BinaryType, StructField, StructType

    fields = [df.schema[k] for k in keys] + [StructField(_STATE, BinaryType(), False)]
    spark_schema = StructType(fields)
    arrow = pa.schema([pa.field(f.name, to_arrow_type(f.dataType)) for f in fields])
    return spark_schema, arrow


def _collect(batches: Iterator["pa.RecordBatch"]) -> Optional["pa.Table"]:
    import pyarrow as pa

    got = list(batches)
    if not got:
        return None
    table = pa.Table.from_batches(got)
    return table if table.num_rows else None


def _options_by_group(
    interactions: "DataFrame",
    keys: Sequence[str],
    options: Optional[Document],
    quantiles: Quantiles,
    exact_limit: int,
    path: Sequence[str],
) -> Tuple[str, Dict[GroupKey, str]]:
    """The options' JSON for every group: the default, and the groups that differ (those
    above ``exact_limit`` in ``auto`` mode, which use the sketch)."""
    doc: Dict[str, Any] = {}
    if isinstance(options, str):
        doc = json.loads(options)
    elif options is not None:
        doc = copy.deepcopy(dict(options))

    def with_mode(mode: str) -> str:
        d = copy.deepcopy(doc)
        node = d
        for p in path:
            node = node.setdefault(p, {})
        node["quantiles"] = mode
        return json.dumps(d)

    node: Any = doc
    for p in path:
        node = node.get(p, {}) if isinstance(node, dict) else {}
    given = isinstance(node, dict) and "quantiles" in node
    if quantiles in ("exact", "sketch"):
        return with_mode(quantiles), {}
    if given:
        return json.dumps(doc), {}
    if quantiles != "auto":
        raise _input_error(
            "invalid_argument", f"quantiles: expected auto, exact or sketch, found {quantiles!r}"
        )
    big: Dict[GroupKey, str] = {}
    sketch = with_mode("sketch")
    counts = interactions.groupBy(*keys).count() if keys else interactions.groupBy().count()
    for row in counts.collect():
        if row["count"] > exact_limit:
            big[tuple(row[k] for k in keys)] = sketch
    return with_mode("exact"), big


def _merged(states: "DataFrame", keys: Sequence[str]) -> Dict[GroupKey, str]:
    """Merges the states of each group on the executors; the merged states come to the
    driver as base64 text."""
    import base64

    import pandas as pd

    def merge(pdf: pd.DataFrame) -> pd.DataFrame:
        texts = [base64.b64encode(bytes(b)).decode("ascii") for b in pdf[_STATE]]
        merged = _ops.merge_states(states=texts)
        row = {k: [pdf[k].iloc[0]] for k in keys}
        row[_STATE] = [base64.b64decode(merged)]
        return pd.DataFrame(row)

    out: Dict[GroupKey, str] = {}
    if keys:
        rows = states.groupBy(*keys).applyInPandas(merge, schema=states.schema).collect()
    else:
        # One group: merge on the driver in chunks (no shuffle of one key to one task).
        rows = states.collect()
        texts = [base64.b64encode(bytes(r[_STATE])).decode("ascii") for r in rows]
        if texts:
            out[()] = _ops.merge_states(states=texts)
        return out
    for r in rows:
        out[tuple(r[k] for k in keys)] = base64.b64encode(bytes(r[_STATE])).decode("ascii")
    return out


def _check_ids(interactions: "DataFrame", keys: Sequence[str]) -> None:
    """Refuses repeated interaction ids within a group (``duplicate_id``): a file has a first
    row, a DataFrame has no order to say which of two rows is the one to keep."""
    from pyspark.sql import functions as F

    dup = (
        interactions.groupBy(*keys, "id")
        .count()
        .filter(F.col("count") > 1)
        .limit(5)
        .collect()
    )
    if dup:
        ids = ", ".join(repr(r["id"]) for r in dup)
        raise _input_error(
            "duplicate_id",
            f"interactions: id(s) {ids} appear more than once in a group; a DataFrame has no row "
            "order to say which is first, so deduplicate it (dropDuplicates) or pass check_ids=False "
            "to count every row",
        )


def _finish(
    merged: Dict[GroupKey, str], keys: Sequence[str], empty: Callable[[], str]
) -> Union[Result, Dict[GroupKey, Result]]:
    """The finished answers by group key; without groups the one answer (of an empty state,
    ``empty()``, when there were no rows: the single call's answer for no data)."""
    if not keys and () not in merged:
        merged[()] = empty()
    answers = {k: _ops.finish_state(state=v) for k, v in sorted(merged.items(), key=lambda kv: repr(kv[0]))}
    return answers if keys else answers[()]


def report_states(
    interactions: "DataFrame",
    calendar: CalendarLike,
    *,
    surveys: Optional["DataFrame"] = None,
    policies: Optional[Document] = None,
    options: Optional[Document] = None,
    group_by: Sequence[str] = (),
    quantiles: Quantiles = "auto",
    exact_limit: int = EXACT_LIMIT,
    partitions: Optional[int] = None,
    check_ids: bool = True,
) -> "DataFrame":
    """The report's partial states as a Spark DataFrame ``(group_by..., _sm_state)``: one row
    per partition and group with rows (not yet merged). :func:`report` merges and finishes
    them; use this to keep states (as bytes) and merge them later, also with states of other
    runs under the same definitions.

    ``interactions`` has the summary CSV's columns (``id``, ``channel``, ``created_at``, ...;
    timestamps as TIMESTAMP or RFC 3339 text) and the ``group_by`` columns; ``surveys`` the
    surveys CSV's columns (``interaction_id``, ``kind``, ``score``, ``responded_at``, ...) and
    the same ``group_by`` columns.
    """
    keys = list(group_by)
    _check_frame(interactions, "interactions", ["id", "channel", "created_at", *keys])
    if surveys is not None:
        _check_frame(surveys, "surveys", ["interaction_id", "kind", "score", "responded_at", *keys])
    if check_ids:
        _check_ids(interactions, keys)
    cal = _calendar_text(calendar)
    pol = _text(policies)
    default, special = _options_by_group(
        interactions, keys, options, quantiles, exact_limit, ("tickets",)
    )
    n = partitions or max(4, interactions.rdd.getNumPartitions())
    ddl, arrow_schema = _state_schema(interactions, keys)
    has_customer = "customer_id" in interactions.columns
    its = _refuse_naive(interactions, keys)

    def tickets(key: GroupKey, rows: "pa.Table") -> str:
        return _ops.report_state(
            calendar=cal,
            policies=pol,
            options=json.loads(special.get(key, default)),
            summary_csv=_csv(rows.drop_columns(keys)),
            part="tickets",
            lines=False,
        )

    by = [*keys, "customer_id"] if has_customer else [*keys, "id"]
    states = its.repartition(n, *by).mapInArrow(_per_group(keys, arrow_schema, tickets), ddl)
    if surveys is None:
        return states

    from pyspark.sql import functions as F

    answered = surveys.select(*keys, F.col("interaction_id").alias("id")).distinct()
    joined = its.join(answered, on=[*keys, "id"], how="left_semi")
    i_cols = [c for c in its.columns if c not in keys]
    s = _refuse_naive(surveys, keys)
    s_cols = [c for c in s.columns if c not in keys]
    both = joined.select(
        *keys,
        F.col("id").cast("string").alias(_KEY),
        F.lit("i").alias(_KIND),
        *[F.col(c).alias("i_" + c) for c in i_cols],
    ).unionByName(
        s.select(
            *keys,
            F.col("interaction_id").cast("string").alias(_KEY),
            F.lit("s").alias(_KIND),
            *[F.col(c).alias("s_" + c) for c in s_cols],
        ),
        allowMissingColumns=True,
    )

    def answers(key: GroupKey, rows: "pa.Table") -> str:
        import pyarrow.compute as pc

        kind = rows.column(_KIND)
        i_rows = rows.filter(pc.equal(kind, "i")).select(["i_" + c for c in i_cols])
        s_rows = rows.filter(pc.equal(kind, "s")).select(["s_" + c for c in s_cols])
        return _ops.report_state(
            calendar=cal,
            policies=pol,
            options=json.loads(special.get(key, default)),
            summary_csv=_csv(i_rows.rename_columns(i_cols)),
            surveys_csv=_csv(s_rows.rename_columns(s_cols)),
            part="surveys",
            lines=False,
        )

    survey_states = both.repartition(n, *keys, _KEY).mapInArrow(
        _per_group(keys, arrow_schema, answers), ddl
    )
    return states.unionByName(survey_states)


def report(
    interactions: "DataFrame",
    calendar: CalendarLike,
    *,
    surveys: Optional["DataFrame"] = None,
    policies: Optional[Document] = None,
    options: Optional[Document] = None,
    group_by: Sequence[str] = (),
    quantiles: Quantiles = "auto",
    exact_limit: int = EXACT_LIMIT,
    partitions: Optional[int] = None,
    check_ids: bool = True,
) -> Union[Result, Dict[GroupKey, Result]]:
    """The quality report of a Spark DataFrame of interactions (and one of survey answers):
    exactly :func:`support_metrics.report` of the same rows, computed by the executors.

    Without ``group_by`` the answer is one report; with it, a dict from each group's key (the
    tuple of its ``group_by`` values) to the report of that group's rows. ``options`` are the
    report's options; ``quantiles`` chooses exact percentiles or the sketch (see
    :data:`Quantiles`). The calendar and policies travel to the executors as JSON text.
    """
    keys = list(group_by)
    states = report_states(
        interactions,
        calendar,
        surveys=surveys,
        policies=policies,
        options=options,
        group_by=keys,
        quantiles=quantiles,
        exact_limit=exact_limit,
        partitions=partitions,
        check_ids=check_ids,
    )
    return _finish(
        _merged(states, keys),
        keys,
        lambda: _ops.report_state(
            calendar=_calendar_text(calendar),
            policies=_text(policies),
            options=None if options is None else json.loads(_text(options) or "{}"),
        ),
    )


def ticket_report(
    interactions: "DataFrame",
    calendar: CalendarLike,
    *,
    policies: Optional[Document] = None,
    options: Optional[Document] = None,
    by: Optional[Mapping[str, Any]] = None,
    group_by: Sequence[str] = (),
    quantiles: Quantiles = "auto",
    exact_limit: int = EXACT_LIMIT,
    partitions: Optional[int] = None,
    check_ids: bool = True,
) -> Union[Result, Dict[GroupKey, Result]]:
    """The ticket catalogue of a Spark DataFrame of interactions: ``{"report": ...,
    "breakdown": ... (with ``by``), "quality": ...}``, where ``report`` is exactly
    :func:`support_metrics.ticket_report` of the same rows and ``breakdown`` exactly
    :func:`support_metrics.ticket_breakdown`."""
    keys = list(group_by)
    _check_frame(interactions, "interactions", ["id", "channel", "created_at", *keys])
    if check_ids:
        _check_ids(interactions, keys)
    cal, pol = _calendar_text(calendar), _text(policies)
    default, special = _options_by_group(interactions, keys, options, quantiles, exact_limit, ())
    n = partitions or max(4, interactions.rdd.getNumPartitions())
    ddl, arrow_schema = _state_schema(interactions, keys)
    # Through JSON on the driver: a `by` the core cannot read fails here, not in an executor,
    # and the executors get a plain copy.
    by_args: Dict[str, Any] = {} if by is None else {"by": json.loads(json.dumps(dict(by)))}

    def tickets(key: GroupKey, rows: "pa.Table") -> str:
        return _ops.ticket_state(
            calendar=cal,
            policies=pol,
            options=json.loads(special.get(key, default)),
            summary_csv=_csv(rows.drop_columns(keys)),
            lines=False,
            **by_args,
        )

    split = [*keys, "customer_id"] if "customer_id" in interactions.columns else [*keys, "id"]
    states = (
        _refuse_naive(interactions, keys)
        .repartition(n, *split)
        .mapInArrow(_per_group(keys, arrow_schema, tickets), ddl)
    )
    return _finish(
        _merged(states, keys),
        keys,
        lambda: _ops.ticket_state(calendar=cal, policies=pol, options=json.loads(default), **by_args),
    )


def survey_report(
    surveys: "DataFrame",
    *,
    config: Optional[Mapping[str, Any]] = None,
    options: Optional[Mapping[str, Any]] = None,
    sent: Union[None, int, Mapping[GroupKey, int]] = None,
    group_by: Sequence[str] = (),
    partitions: Optional[int] = None,
) -> Union[Result, Dict[GroupKey, Result]]:
    """Every survey metric of a Spark DataFrame of answers: exactly
    :func:`support_metrics.survey_report` of the same rows (answers need no co-location: the
    state keeps one answer per interaction and kind, and merging applies the re-rating rule).
    ``sent`` is the surveys sent (for the response rate): a number, or with ``group_by`` a
    number per group key; it joins the merge as a state of its own."""
    keys = list(group_by)
    _check_frame(surveys, "surveys", ["interaction_id", "kind", "score", "responded_at", *keys])
    n = partitions or max(4, surveys.rdd.getNumPartitions())
    ddl, arrow_schema = _state_schema(surveys, keys)
    cfg = None if config is None else dict(config)
    opts = None if options is None else dict(options)

    def answers(key: GroupKey, rows: "pa.Table") -> str:
        return _ops.survey_state(
            config=cfg, options=opts, csv=_csv(rows.drop_columns(keys)), lines=False
        )

    states = (
        _refuse_naive(surveys, keys)
        .repartition(n, *keys)
        .mapInArrow(_per_group(keys, arrow_schema, answers), ddl)
    )
    merged = _merged(states, keys)
    if sent is not None:
        per_group: Mapping[GroupKey, int]
        if isinstance(sent, Mapping):
            per_group = sent
        elif keys:
            raise _input_error(
                "invalid_argument", "sent: with group_by, give the surveys sent per group key"
            )
        else:
            per_group = {(): int(sent)}
        for key, count in per_group.items():
            extra = _ops.survey_state(config=cfg, options=opts, sent=count)
            merged[key] = _ops.merge_states(states=[merged[key], extra]) if key in merged else extra
    return _finish(merged, keys, lambda: _ops.survey_state(config=cfg, options=opts))


def _records_report(
    df: "DataFrame",
    what: str,
    needs: Sequence[str],
    group_by: Sequence[str],
    partitions: Optional[int],
    state_of: Callable[[Any], str],
) -> Union[Result, Dict[GroupKey, Result]]:
    """A report of record objects (contacts, agent states, reviews): any split merges, so the
    partitions are Spark's own (or ``partitions`` of them)."""
    keys = list(group_by)
    _check_frame(df, what, [*needs, *keys])
    ddl, arrow_schema = _state_schema(df, keys)
    src = _refuse_naive(df, keys)
    if partitions:
        src = src.repartition(partitions, *keys) if keys else src.repartition(partitions)

    def run(key: GroupKey, rows: "pa.Table") -> str:
        # The table itself: the binding reads its rows as records (a null cell is an absent
        # field, a map column a dict).
        return state_of(rows.drop_columns(keys))

    states = src.mapInArrow(_per_group(keys, arrow_schema, run), ddl)
    return _finish(_merged(states, keys), keys, lambda: state_of([]))


def queue_report(
    records: "DataFrame",
    options: Mapping[str, Any],
    *,
    stats: Optional[Mapping[str, Any]] = None,
    group_by: Sequence[str] = (),
    partitions: Optional[int] = None,
) -> Union[Result, Dict[GroupKey, Result]]:
    """Queue KPIs of a Spark DataFrame of contact records (the fields of
    :func:`support_metrics.queue_report`'s records): its answer for the same rows. Counts merge
    exactly; means (answer wait, handle time) to floating rounding (Chan's parallel formula)."""
    opts, so = dict(options), None if stats is None else dict(stats)
    return _records_report(
        records,
        "records",
        ["offered_at"],
        group_by,
        partitions,
        lambda rs: _ops.queue_state(records=rs, options=opts, stats=so),
    )


def agent_report(
    states: "DataFrame",
    timezone: str,
    *,
    interval: Optional[str] = None,
    shrinkage_reasons: Optional[Iterable[str]] = None,
    group_by: Sequence[str] = (),
    partitions: Optional[int] = None,
) -> Union[Result, Dict[GroupKey, Result]]:
    """Agent-time KPIs of a Spark DataFrame of agent-state intervals: the answer of
    :func:`support_metrics.agent_report` for the same rows."""
    reasons = None if shrinkage_reasons is None else sorted(shrinkage_reasons)
    return _records_report(
        states,
        "states",
        ["agent", "state", "start", "end"],
        group_by,
        partitions,
        lambda rs: _ops.agent_state(
            states=rs, timezone=timezone, interval=interval, shrinkage_reasons=reasons
        ),
    )


def internal_quality(
    reviews: "DataFrame",
    scorecard: Sequence[Mapping[str, Any]],
    *,
    grouping: Optional[Mapping[str, Any]] = None,
    options: Optional[Mapping[str, Any]] = None,
    group_by: Sequence[str] = (),
    partitions: Optional[int] = None,
) -> Union[Result, Dict[GroupKey, Result]]:
    """The internal quality score of a Spark DataFrame of QA reviews (``ratings`` a map or
    struct column): the answer of :func:`support_metrics.internal_quality` for the same rows."""
    card = [dict(c) for c in scorecard]
    grp = None if grouping is None else dict(grouping)
    opts = None if options is None else dict(options)
    return _records_report(
        reviews,
        "reviews",
        ["ratings"],
        group_by,
        partitions,
        lambda rs: _ops.qa_state(scorecard=card, reviews=rs, grouping=grp, options=opts),
    )
