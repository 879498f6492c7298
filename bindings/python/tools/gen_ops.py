"""Writes ``python/support_metrics/_ops.py``: one keyword-only function per core operation.

The operations come from the compiled module (``_native.ops()``, the core's
``support_metrics::api::OPS``); the Python types of their arguments and answers come from the
tables below. An operation or argument the tables do not know is still generated, typed
``Any``, so a new core operation needs only a rerun::

    python bindings/python/tools/gen_ops.py        # after `pip install ./bindings/python`

``tests/test_ops_module.py`` regenerates the text and fails when the committed file differs.
"""

from __future__ import annotations

import keyword
import pathlib
import sys
import textwrap
from typing import Dict, List, Sequence, Tuple

OUT = pathlib.Path(__file__).resolve().parents[1] / "python" / "support_metrics" / "_ops.py"

# The Python type of an argument, by name; (op, name) entries override it for one operation.
ARG_TYPES: Dict[str, str] = {
    "calendar": "CalendarLike",
    "text": "str",
    "start": "Instant",
    "end": "Instant",
    "at": "Instant",
    "from": "Instant",
    "to": "Instant",
    "as_of": "Instant",
    "seconds": "Seconds",
    "starts": "Instants",
    "ends": "Instants",
    "require": "Sequence[str]",
    "numerator": "Count",
    "denominator": "Count",
    "options": "Mapping[str, Any]",
    "values": "Numbers",
    "x": "Number",
    "p": "Number",
    "t": "Number",
    "df": "Number",
    "q": "Number",
    "promoters": "Count",
    "passives": "Count",
    "detractors": "Count",
    "method": "str",
    "x_a": "Count",
    "n_a": "Count",
    "x_b": "Count",
    "n_b": "Count",
    "p_values": "Numbers",
    "strict": "bool",
    "interaction": "Document",
    "interactions": "Records",
    "policies": "Document",
    "by": "Mapping[str, Any]",
    "rank_by": "str",
    "min_count": "Count",
    "period": "str",
    "timezone": "str",
    "days": "Count",
    "same_topic": "bool",
    "config": "Mapping[str, Any]",
    "csv": "str",
    "responses": "Records",
    "sent": "Count",
    "name": "str",
    "scale": "Mapping[str, Any]",
    "what": "str",
    "score": "Number",
    "scorecard": "Sequence[Mapping[str, Any]]",
    "review": "Mapping[str, Any]",
    "reviews": "Records",
    "grouping": "Mapping[str, Any]",
    "metric": "str",
    "target": "Mapping[str, Any]",
    "value": "Number",
    "interval": "str",
    "new": "Count",
    "thresholds": "Mapping[str, Any]",
    "kind": "str",
    "agents": "Number",
    "traffic_erlangs": "Number",
    "aht_seconds": "Number",
    "threshold_seconds": "Number",
    "patience_seconds": "Number",
    "forecast": "Records",
    "records": "Records",
    "record": "Mapping[str, Any]",
    "stats": "Mapping[str, Any]",
    "states": "Records",
    "shrinkage_reasons": "Iterable[str]",
    "summary_csv": "str",
    "mapping": "Document",
    "event_log": "str",
    "event_mapping": "Document",
    "surveys": "Records",
    "surveys_csv": "str",
    "seed": "Count",
    "part": "str",
    "lines": "bool",
    "state": "StateLike",
}
OP_ARG_TYPES: Dict[Tuple[str, str], str] = {
    ("retention", "start"): "Iterable[str]",
    ("retention", "end"): "Iterable[str]",
    ("retention_from_counts", "start"): "Count",
    ("retention_from_counts", "end"): "Count",
    ("nps_difference", "a"): "Mapping[str, Count]",
    ("nps_difference", "b"): "Mapping[str, Count]",
    ("welch_t_test", "a"): "Numbers",
    ("welch_t_test", "b"): "Numbers",
    ("beta_quantile", "a"): "Number",
    ("beta_quantile", "b"): "Number",
    ("target_status", "interval"): "Mapping[str, Any]",
    ("csat_drop", "previous"): "Sequence[Count]",
    ("csat_drop", "current"): "Sequence[Count]",
    ("rate_spike", "previous"): "Sequence[Count]",
    ("rate_spike", "current"): "Sequence[Count]",
    ("first_response_slowdown", "previous"): "Numbers",
    ("first_response_slowdown", "current"): "Numbers",
    ("nps_drop", "previous"): "Mapping[str, Count]",
    ("nps_drop", "current"): "Mapping[str, Count]",
    ("erlang_a", "agents"): "Count",
    ("demo_data", "interactions"): "Count",
    ("merge_states", "states"): "Sequence[StateLike]",
}
# What an operation answers (objects are `Result`s); `Any` when the table does not say.
RETURNS: Dict[str, str] = {
    "report_state": "str",
    "queue_state": "str",
    "agent_state": "str",
    "qa_state": "str",
    "ticket_state": "str",
    "survey_state": "str",
    "merge_states": "str",
    "finish_state": "Result",
    "state_info": "Result",
    "validate_calendar": "bool",
    "business_seconds": "float",
    "add_business_seconds": "str",
    "is_open": "bool",
    "next_open": "Optional[str]",
    "next_close": "Optional[str]",
    "open_intervals": "List[List[str]]",
    "business_seconds_batch": "Result",
    "read_csv": "Result",
    "read_csv_header": "Result",
    "rate": "Result",
    "mean_estimate": "Result",
    "normal_cdf": "Optional[float]",
    "normal_sf": "Optional[float]",
    "normal_quantile": "Optional[float]",
    "student_t_sf": "Optional[float]",
    "student_t_quantile": "Optional[float]",
    "beta_quantile": "Optional[float]",
    "nps_estimate": "Result",
    "nps_difference": "Result",
    "proportion_difference": "Result",
    "welch_t_test": "Result",
    "benjamini_hochberg": "List[float]",
    "quantile_interval": "Result",
    "read_summary_csv": "Result",
    "read_summary_jsonl": "Result",
    "read_event_log": "Result",
    "validate_interaction": "bool",
    "validate_interactions": "Result",
    "interaction_measures": "Result",
    "validate_sla_policies": "bool",
    "evaluate_sla": "Result",
    "ticket_report": "Result",
    "ticket_breakdown": "List[Result]",
    "agent_ranking": "List[Result]",
    "volume_by_period": "List[Result]",
    "backlog": "int",
    "repeat_contacts": "List[Optional[bool]]",
    "survey_report": "Result",
    "parse_csat_definition": "str",
    "validate_score": "int",
    "score_review": "Result",
    "internal_quality": "Result",
    "default_target": "Result",
    "target_status": "str",
    "retention": "Result",
    "retention_from_counts": "Result",
    "csat_drop": "Result",
    "first_response_slowdown": "Result",
    "nps_drop": "Result",
    "rate_spike": "Result",
    "erlang_b": "float",
    "erlang_c": "float",
    "erlang_c_metrics": "Result",
    "agents_needed": "Result",
    "staffing_plan": "Result",
    "erlang_a": "Result",
    "queue_report": "Result",
    "validate_queue_record": "bool",
    "agent_report": "Result",
    "report": "Result",
    "kpi_scorecard": "Result",
    "demo_data": "Result",
}

# A paragraph added to an operation's docstring: how Python values stand for its arguments,
# where that goes beyond the common conversion of `call`.
NOTES: Dict[str, str] = {
    "report": (
        "A table (a pandas or polars DataFrame, a pyarrow Table) as ``interactions`` is summary "
        "rows (the columns of the summary CSV) and as ``surveys`` survey answers (the columns of "
        "the surveys CSV): the binding writes it as that CSV and the core's reader reads it, so a "
        "table and the file give the same report, data-quality findings included (a finding's "
        "line is the row's position + 2). A list of dicts is read as objects (interactions with "
        "their events, survey responses). An event log is ``event_log`` (its text) with "
        "``event_mapping``, read as by :func:`read_event_log`."
    ),
    "kpi_scorecard": (
        "Tables (pandas or polars DataFrames, pyarrow Tables) as ``interactions`` and "
        "``surveys`` go to the core as columns, in place where they can be (Arrow text, int64 "
        "instants, float64 scores), and are not written as CSV: the fast path of issue 6. Their "
        "columns are those of the summary CSV and the surveys CSV; instants must be aware. A "
        "finding's line is then the row's position, from 1. With a table of interactions, "
        "``surveys`` must be a table too (or omitted). Every figure equals the :func:`report`'s "
        "of the same name on the same rows."
    ),
    "read_event_log": (
        "``mapping`` is the event mapping as a dict (its JSON form; a TOML file read with "
        "``tomllib`` gives that dict) or as JSON text; ``text`` is the event log CSV's text. "
        "Answers ``interactions`` (objects with their events) and ``quality`` (rows read, rows "
        "rejected, each finding with its line and column)."
    ),
    "demo_data": (
        "Answers ``calendar`` and ``policies`` (JSON text), ``as_of``, ``summary_csv`` and "
        "``surveys_csv``: pass them on to :func:`report`, or read the CSV text with pandas."
    ),
}

HEADER = '''\
"""One keyword-only function per operation of the core, generated by ``tools/gen_ops.py`` from
``_native.ops()``; do not edit (``tests/test_ops_module.py`` fails when this file drifts).

Each function converts its arguments like :func:`support_metrics.call` and answers the same; an
optional argument left ``None`` is omitted, so the core applies its default.
"""

# fmt: off
from __future__ import annotations

from typing import Any, Iterable, List, Mapping, Optional, Sequence, cast

from ._api import (
    CalendarLike,
    Count,
    Document,
    Instant,
    Instants,
    Number,
    Numbers,
    Records,
    Result,
    Seconds,
    StateLike,
    _call,
)

__all__ = [
'''


def py_name(arg: str) -> str:
    """The Python parameter name of an argument: a keyword gets a trailing underscore."""
    return arg + "_" if keyword.iskeyword(arg) else arg


def args_of(args_text: str) -> List[Tuple[str, bool]]:
    return [(a[:-1], False) if a.endswith("?") else (a, True) for a in args_text.split(", ") if a]


def render(ops: Sequence[Tuple[str, str, str, str]]) -> str:
    """The text of ``_ops.py`` for these operations (name, area, args_text, summary)."""
    out = [HEADER]
    out += [f'    "{name}",\n' for name, _, _, _ in ops]
    out.append("]\n")
    for name, area, args_text, summary in ops:
        args = args_of(args_text)
        params = []
        for arg, required in args:
            typ = OP_ARG_TYPES.get((name, arg), ARG_TYPES.get(arg, "Any"))
            params.append(f"{py_name(arg)}: {typ}" if required else f"{py_name(arg)}: Optional[{typ}] = None")
        ret = RETURNS.get(name, "Any")
        signature = f"def {name}(*, {', '.join(params)}) -> {ret}:" if params else f"def {name}() -> {ret}:"
        described = ", ".join(
            (f"``{a}`` (as ``{py_name(a)}``)" if py_name(a) != a else f"``{a}``") + ("" if req else " (optional)")
            for a, req in args
        )
        doc = [
            f"    \"\"\"{summary[:1].upper()}{summary[1:]}.",
            "",
            f"    Arguments: {described}." if args else "    No arguments.",
            f"    The core operation ``{name}`` (area ``{area}``): ``call(\"{name}\", ...)``.",
        ]
        if name in NOTES:
            doc += [""] + textwrap.wrap(NOTES[name], 96, initial_indent="    ", subsequent_indent="    ")
        doc.append("    \"\"\"")
        mapping = ", ".join(f'"{a}": {py_name(a)}' for a, _ in args)
        body = f'    return cast("{ret}", _call("{name}", {{{mapping}}}))'
        out.append("\n\n" + signature + "\n" + "\n".join(doc) + "\n" + body + "\n")
    return "".join(out)


def main() -> int:
    from support_metrics import _native

    text = render(_native.ops())
    if OUT.exists() and OUT.read_text(encoding="utf-8") == text:
        print(f"{OUT} is up to date")
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
