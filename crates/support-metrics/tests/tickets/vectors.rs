//! The golden vectors of `tests/vectors/tickets.json` (format: `tests/vectors/README.md`,
//! section "tickets.json"). Expectations are partial: every key given must match, keys not
//! given are not checked; arrays must have the same length; instants compare as instants.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use support_metrics::interaction::{
    read_summary_csv, read_summary_jsonl, validate_batch, Interaction, MeasureOptions, Measures,
    ReadOptions,
};
use support_metrics::metrics::{ticket_report, TicketOptions};
use support_metrics::quality::DataQuality;
use support_metrics::sla::SlaPolicies;
use support_metrics::{BusinessCalendar, Error};

pub const VECTORS: &str = include_str!("../vectors/tickets.json");

fn instant(v: &Value) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(v.as_str()?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// `expect` is a subset of `got`.
fn matches(expect: &Value, got: &Value, path: &str, out: &mut Vec<String>) {
    match (expect, got) {
        (Value::Object(e), Value::Object(g)) => {
            for (k, v) in e {
                matches(
                    v,
                    g.get(k).unwrap_or(&Value::Null),
                    &format!("{path}.{k}"),
                    out,
                );
            }
        }
        (Value::Array(e), Value::Array(g)) if e.len() == g.len() => {
            for (i, (a, b)) in e.iter().zip(g).enumerate() {
                matches(a, b, &format!("{path}[{i}]"), out);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (Value::String(_), Value::String(_))
            if instant(expect).is_some() && instant(expect) == instant(got) => {}
        (a, b) if a == b => {}
        _ => out.push(format!("{path}: expected {expect}, got {got}")),
    }
}

fn batch(ids: Vec<&str>, q: &DataQuality) -> Value {
    json!({
        "interactions": ids,
        "rows_read": q.rows_read,
        "rows_rejected": q.rows_rejected,
        "findings": q.findings.iter().map(|f| json!({"line": f.line, "column": f.column, "id": f.id, "code": f.code})).collect::<Vec<_>>(),
    })
}

fn run(case: &Value) -> Result<Value, Error> {
    let args = &case["args"];
    let cal = || BusinessCalendar::from_json(&case["calendar"].to_string());
    let text = || args["text"].as_str().expect("text");
    let read_opts = || ReadOptions::default().strict(args["strict"].as_bool().unwrap_or(false));
    let interactions = || -> Result<Vec<Interaction>, Error> {
        args["interactions"]
            .as_array()
            .expect("interactions")
            .iter()
            .map(|v| Interaction::from_json(&v.to_string()))
            .collect()
    };
    Ok(match case["op"].as_str().expect("op") {
        "read_summary_csv" => {
            let b = read_summary_csv(text(), &read_opts())?;
            batch(
                b.interactions.iter().map(|i| i.id.as_str()).collect(),
                &b.quality,
            )
        }
        "read_summary_jsonl" => {
            let b = read_summary_jsonl(text(), &read_opts())?;
            batch(
                b.interactions.iter().map(|i| i.id.as_str()).collect(),
                &b.quality,
            )
        }
        "interaction_from_json" => {
            Interaction::from_json(text())?;
            Value::Bool(true)
        }
        "validate_batch" => {
            let its: Vec<Interaction> =
                serde_json::from_value(args["interactions"].clone()).expect("interactions");
            let b = validate_batch(its, args["strict"].as_bool().unwrap_or(false))?;
            batch(
                b.interactions.iter().map(|i| i.id.as_str()).collect(),
                &b.quality,
            )
        }
        "measures" => {
            let it = Interaction::from_json(&args["interaction"].to_string())?;
            let opts = MeasureOptions::from_json(&args["options"].to_string())?;
            serde_json::to_value(Measures::compute(&it, &cal()?, &opts)?).expect("json")
        }
        "sla_evaluate" => {
            let p = SlaPolicies::from_json(&args["policies"].to_string())?;
            let it = Interaction::from_json(&args["interaction"].to_string())?;
            let as_of = instant(&args["as_of"]).expect("as_of");
            serde_json::to_value(p.evaluate(&it, &cal()?, as_of)?).expect("json")
        }
        "sla_policies_from_json" => {
            SlaPolicies::from_json(text())?;
            Value::Bool(true)
        }
        "ticket_report" => {
            let policies = match args.get("policies") {
                Some(p) => Some(SlaPolicies::from_json(&p.to_string())?),
                None => None,
            };
            let opts = TicketOptions::from_json(&args["options"].to_string())?;
            serde_json::to_value(ticket_report(
                &interactions()?,
                &cal()?,
                policies.as_ref(),
                &opts,
            )?)
            .expect("json")
        }
        other => panic!("unknown op `{other}`"),
    })
}

#[test]
fn ticket_vectors() {
    let doc: Value = serde_json::from_str(VECTORS).expect("tickets.json is JSON");
    assert_eq!(doc["format"], 1, "unknown vector format");
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 40, "only {} vectors", cases.len());
    let mut failures = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    for case in cases {
        let name = case["name"].as_str().expect("name");
        assert!(names.insert(name), "duplicate vector name {name}");
        assert!(
            !case["checked"].as_str().unwrap_or("").trim().is_empty(),
            "{name}: no derivation"
        );
        for key in case.as_object().expect("object").keys() {
            assert!(
                ["name", "calendar", "op", "args", "expect", "checked"].contains(&key.as_str()),
                "{name}: unknown key {key}"
            );
        }
        let expect = &case["expect"];
        let want_error = expect
            .as_object()
            .filter(|o| o.len() == 1)
            .and_then(|o| o.get("error"))
            .and_then(Value::as_str);
        match (want_error, run(case)) {
            (Some(code), Err(e)) if e.code() == code => {}
            (Some(code), got) => {
                failures.push(format!("{name}: expected error {code}, got {got:?}"))
            }
            (None, Ok(got)) => {
                let mut out = Vec::new();
                matches(expect, &got, name, &mut out);
                failures.extend(out);
            }
            (None, Err(e)) => failures.push(format!("{name}: unexpected error {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
