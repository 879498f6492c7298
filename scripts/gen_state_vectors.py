"""Writes crates/support-metrics/tests/vectors/state.json: the shared vectors of partial states.

Two kinds of expectation:

- *finishing* cases: a state of some parts of a hand-checked case of report.json or
  survey.json, merged and finished, must give that case's hand-checked answer (copied here
  from the case, never from an implementation);
- *golden bytes* cases: the base64 of states computed by this library version. They pin the
  format: a later version that cannot read them, or reads them differently, fails these cases
  instead of misreading a stored state (bump `state::FORMAT_VERSION` and keep a reader).

Run after `pip install ./bindings/python` (scripts/python.sh); rerun only on a deliberate
format change:

    .cache/py/bin/python scripts/gen_state_vectors.py
"""

from __future__ import annotations

import base64
import json
import pathlib
from typing import Any, Dict, List

import support_metrics as sm

ROOT = pathlib.Path(__file__).resolve().parents[1]
VECTORS = ROOT / "crates" / "support-metrics" / "tests" / "vectors"


def case(doc: Dict[str, Any], name: str) -> Dict[str, Any]:
    return next(c for c in doc["cases"] if c["name"] == name)


def args_of(c: Dict[str, Any]) -> Dict[str, Any]:
    a = dict(c["args"])
    if "calendar" in c:
        a["calendar"] = c["calendar"]
    return a


def main() -> None:
    report = json.loads((VECTORS / "report.json").read_text(encoding="utf-8"))
    survey = json.loads((VECTORS / "survey.json").read_text(encoding="utf-8"))
    desk = case(report, "small_desk")
    da = args_of(desk)
    tickets = sm.call("report_state", **da, part="tickets")
    answers = sm.call("report_state", **da, part="surveys")
    whole = sm.call("report_state", **da)
    merged = sm.call("merge_states", states=[tickets, answers])
    info = sm.call("state_info", state=merged).to_dict()
    daily = case(report, "calendar_time_by_channel_daily_in_moscow")

    rate = case(survey, "response_rate")
    ra = args_of(rate)
    lines = ra["csv"].splitlines(keepends=True)
    half = 1 + (len(lines) - 1) // 2
    first = sm.call("survey_state", config=ra["config"], csv="".join(lines[:half]), sent=ra["sent"])
    second = sm.call("survey_state", config=ra["config"], csv=lines[0] + "".join(lines[half:]))

    other_cal = dict(desk["calendar"])
    other_cal["holidays"] = ["2026-03-03"]
    other = sm.call("report_state", **{**da, "calendar": other_cal}, part="tickets")

    raw = bytearray(base64.b64decode(merged))
    newer = bytes(raw[:4]) + bytes([2, 0]) + bytes(raw[6:])
    damaged = bytearray(raw)
    damaged[len(damaged) // 2] ^= 0x10
    cut = bytes(raw[:-3])

    def b64(b: bytes) -> str:
        return base64.b64encode(b).decode("ascii")

    via = "finished through merge_states and finish_state; the expectation is the hand-checked answer of"
    cases: List[Dict[str, Any]] = [
        {
            "name": "small_desk_tickets_and_surveys_finish_to_the_report",
            "op": "finish_state",
            "args": {"state": merged},
            "expect": desk["expect"],
            "checked": f"report_state(small_desk, part tickets) and (part surveys) merged, {via} report.json small_desk (same lines: each part read the whole text).",
        },
        {
            "name": "one_state_of_everything_finishes_to_the_report",
            "op": "finish_state",
            "args": {"state": whole},
            "expect": desk["expect"],
            "checked": f"report_state(small_desk) (part all), {via} report.json small_desk.",
        },
        {
            "name": "daily_moscow_state_finishes_to_the_report",
            "op": "finish_state",
            "args": {"state": sm.call("report_state", **args_of(daily))},
            "expect": daily["expect"],
            "checked": f"report_state of report.json calendar_time_by_channel_daily_in_moscow, {via} that case.",
        },
        {
            "name": "survey_halves_merge_to_the_survey_report",
            "op": "merge_states",
            "args": {"states": [first, second]},
            "expect": sm.call("merge_states", states=[first, second]),
            "checked": "Golden bytes: survey_state of the two halves of survey.json response_rate (the sent count with the first half), merged.",
        },
        {
            "name": "survey_halves_finish_to_the_survey_report",
            "op": "finish_state",
            "args": {"state": sm.call("merge_states", states=[second, first])},
            "expect": rate["expect"],
            "checked": "The halves merged in the other order, finished: the hand-checked answer of survey.json response_rate (answers 4 of 10 sent, ...).",
        },
        {
            "name": "report_state_tickets_golden_bytes",
            "op": "report_state",
            "args": {**desk["args"], "part": "tickets"},
            "calendar": desk["calendar"],
            "expect": tickets,
            "checked": "Golden bytes of format version 1 (pins the encoding: a change must bump the version).",
        },
        {
            "name": "report_state_surveys_golden_bytes",
            "op": "report_state",
            "args": {**desk["args"], "part": "surveys"},
            "calendar": desk["calendar"],
            "expect": answers,
            "checked": "Golden bytes of format version 1.",
        },
        {
            "name": "merge_golden_bytes",
            "op": "merge_states",
            "args": {"states": [tickets, answers]},
            "expect": merged,
            "checked": "Golden bytes: the merge of the two states above, in that order.",
        },
        {
            "name": "ticket_state_golden_bytes",
            "op": "ticket_state",
            "args": {"summary_csv": desk["args"]["summary_csv"], "options": desk["args"]["options"]["tickets"], "lines": False},
            "calendar": desk["calendar"],
            "expect": sm.call(
                "ticket_state",
                calendar=desk["calendar"],
                summary_csv=desk["args"]["summary_csv"],
                options=desk["args"]["options"]["tickets"],
                lines=False,
            ),
            "checked": "Golden bytes of format version 1 (findings without lines).",
        },
        {
            "name": "survey_state_golden_bytes",
            "op": "survey_state",
            "args": {"config": ra["config"], "csv": "".join(lines[:half]), "sent": ra["sent"]},
            "expect": first,
            "checked": "Golden bytes of format version 1: the first half of survey.json response_rate.",
        },
        {
            "name": "ticket_state_finishes_to_the_catalogue",
            "op": "finish_state",
            "args": {
                "state": sm.call(
                    "ticket_state",
                    calendar=desk["calendar"],
                    summary_csv=desk["args"]["summary_csv"],
                    options=desk["args"]["options"]["tickets"],
                )
            },
            "expect": {"report": {"interactions": 4, "first_response_time": {"count": 3, "excluded": 1}}, "quality": {"rows_read": 4, "rows_rejected": 0}},
            "checked": "small_desk's four interactions (a, b, c, d; c unanswered as of 2026-03-10): 4 counted, 3 first responses, 1 excluded, no rejected row.",
        },
        {
            "name": "state_info_reads_the_header",
            "op": "state_info",
            "args": {"state": merged},
            "expect": {"kind": "report", "version": 1, "fingerprint": info["fingerprint"], "bytes": info["bytes"], "payload_bytes": info["payload_bytes"]},
            "checked": "The header of the merged small_desk state: kind report, format 1; fingerprint and sizes pinned (golden).",
        },
        {
            "name": "states_of_another_calendar_do_not_merge",
            "op": "merge_states",
            "args": {"states": [tickets, other]},
            "expect": {"error": "state_mismatch"},
            "checked": "The second state's calendar has a holiday the first's has not: other fingerprints.",
        },
        {
            "name": "states_of_other_kinds_do_not_merge",
            "op": "merge_states",
            "args": {"states": [tickets, first]},
            "expect": {"error": "state_mismatch"},
            "checked": "A report state and a survey state.",
        },
        {
            "name": "no_states",
            "op": "merge_states",
            "args": {"states": []},
            "expect": {"error": "invalid_argument"},
            "checked": "Nothing to merge.",
        },
        {
            "name": "not_base64",
            "op": "finish_state",
            "args": {"state": "not a state!"},
            "expect": {"error": "invalid_state"},
            "checked": "A space and `!` are not base64.",
        },
        {
            "name": "foreign_bytes",
            "op": "state_info",
            "args": {"state": b64(b'{"json": true}')},
            "expect": {"error": "invalid_state"},
            "checked": "Bytes that do not start with SMST.",
        },
        {
            "name": "damaged_state",
            "op": "finish_state",
            "args": {"state": b64(bytes(damaged))},
            "expect": {"error": "invalid_state"},
            "checked": "One bit of the merged state flipped in the middle: the checksum no longer matches.",
        },
        {
            "name": "cut_state",
            "op": "merge_states",
            "args": {"states": [b64(cut)]},
            "expect": {"error": "invalid_state"},
            "checked": "The merged state without its last 3 bytes.",
        },
        {
            "name": "newer_format_version",
            "op": "finish_state",
            "args": {"state": b64(newer)},
            "expect": {"error": "state_version"},
            "checked": "The merged state with format version 2 in its header: refused before anything else is read.",
        },
        {
            "name": "unknown_part",
            "op": "report_state",
            "args": {"part": "everything"},
            "calendar": desk["calendar"],
            "expect": {"error": "invalid_argument"},
            "checked": "part is all, tickets or surveys.",
        },
    ]
    # Contact-centre and QA states: halves of hand-checked cases, merged in reverse order.
    contact = json.loads((VECTORS / "contact_centre.json").read_text(encoding="utf-8"))
    qa = json.loads((VECTORS / "qa.json").read_text(encoding="utf-8"))
    for doc_, name, op, state_op, key in [
        (contact, "cisco_service_level_example", "queue_report", "queue_state", "records"),
        (contact, "short_abandons_and_breakdowns", "queue_report", "queue_state", "records"),
        (contact, "agent_states_breakdown", "agent_report", "agent_state", "states"),
        (qa, "iqs_per_agent_month_berlin", "internal_quality", "qa_state", "reviews"),
        (qa, "iqs_per_agent", "internal_quality", "qa_state", "reviews"),
    ]:
        c = case(doc_, name)
        a = args_of(c)
        items = a[key]
        mid = len(items) // 2
        halves = [sm.call(state_op, **{**a, key: items[:mid]}), sm.call(state_op, **{**a, key: items[mid:]})]
        cases.append({
            "name": f"{name}_halves_finish_to_{op}",
            "op": "finish_state",
            "args": {"state": sm.call("merge_states", states=halves[::-1])},
            "expect": c["expect"],
            "checked": f"{state_op} of the two halves of {c['name']} ({len(items)} {key}), merged in reverse order, finished: the hand-checked answer of that case.",
        })
        if name in ("cisco_service_level_example", "agent_states_breakdown", "iqs_per_agent"):
            cases.append({
                "name": f"{state_op}_golden_bytes",
                "op": state_op,
                "args": {**c["args"], key: items[:mid]},
                **({"calendar": c["calendar"]} if "calendar" in c else {}),
                "expect": halves[0],
                "checked": f"Golden bytes of format version 1: the first half of {c['name']}.",
            })
    cisco = args_of(case(contact, "cisco_service_level_example"))
    stricter = {**cisco, "options": {**cisco["options"], "threshold_seconds": cisco["options"]["threshold_seconds"] + 10}}
    cases.append({
        "name": "queue_states_of_other_thresholds_do_not_merge",
        "op": "merge_states",
        "args": {"states": [sm.call("queue_state", **cisco), sm.call("queue_state", **stricter)]},
        "expect": {"error": "state_mismatch"},
        "checked": "Service-level thresholds 10 s apart: other fingerprints.",
    })

    doc = {
        "source": "scripts/gen_state_vectors.py: finishing cases expect the hand-checked answers of report.json and survey.json; golden-bytes cases pin format version 1",
        "format": 1,
        "tolerance": report["tolerance"],
        "cases": cases,
    }
    (VECTORS / "state.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases")


if __name__ == "__main__":
    main()
