//! The golden vectors of `tests/vectors/calendar.json` against the naive reference of
//! `support-metrics-testkit` (the engine runs every vector through `api::call` in
//! `tests/api.rs`), so a wrong hand derivation cannot hide behind a matching engine bug.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};
use support_metrics::BusinessCalendar;
use support_metrics_testkit::gen::{dt, ns};
use support_metrics_testkit::reference;

const VECTORS: &str = include_str!("vectors/calendar.json");

fn cases() -> Vec<Value> {
    let doc: Value = serde_json::from_str(VECTORS).expect("calendar.json is valid JSON");
    assert_eq!(doc["format"], 1, "unknown vector format");
    doc["cases"]
        .as_array()
        .expect("`cases` is an array")
        .clone()
}

fn instant(v: &Value) -> DateTime<Utc> {
    let text = v
        .as_str()
        .unwrap_or_else(|| panic!("expected an RFC 3339 string, found {v}"));
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("bad RFC 3339 `{text}`: {e}"))
        .with_timezone(&Utc)
}

fn optional_instant(v: &Value) -> Option<DateTime<Utc>> {
    (!v.is_null()).then(|| instant(v))
}

fn seconds(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().expect("a finite number"),
        Value::String(s) if s == "NaN" => f64::NAN,
        Value::String(s) if s == "Infinity" => f64::INFINITY,
        Value::String(s) if s == "-Infinity" => f64::NEG_INFINITY,
        other => panic!("bad seconds {other}"),
    }
}

/// One instant in the canonical form answers are compared in.
fn canon_instant(t: DateTime<Utc>) -> Value {
    Value::String(t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

fn canon_optional(t: Option<DateTime<Utc>>) -> Value {
    t.map_or(Value::Null, canon_instant)
}

fn canon_intervals(spans: impl IntoIterator<Item = (DateTime<Utc>, DateTime<Utc>)>) -> Value {
    Value::Array(
        spans
            .into_iter()
            .map(|(s, e)| json!([canon_instant(s), canon_instant(e)]))
            .collect(),
    )
}

fn canon_seconds(x: f64) -> Value {
    json!(x)
}

/// A successful expectation in canonical form.
fn canon_expect(op: &str, expect: &Value) -> Value {
    match op {
        "business_seconds" => canon_seconds(expect.as_f64().expect("a number")),
        "add_business_seconds" => canon_instant(instant(expect)),
        "next_open" | "next_close" => canon_optional(optional_instant(expect)),
        "open_intervals" => canon_intervals(
            expect
                .as_array()
                .expect("an array of pairs")
                .iter()
                .map(|p| (instant(&p[0]), instant(&p[1]))),
        ),
        "business_seconds_batch" => {
            let values = expect["values"].as_array().expect("values").iter();
            json!({
                "values": values.map(|v| if v.is_null() { Value::Null } else { canon_seconds(v.as_f64().expect("a number")) }).collect::<Vec<_>>(),
                "errors": expect["errors"],
            })
        }
        _ => expect.clone(),
    }
}

/// The reference's answer for a successful calendar case, when it has one for the op.
fn run_reference(case: &Value) -> Option<Value> {
    let op = case["op"].as_str()?;
    let args = &case["args"];
    let cal = BusinessCalendar::from_json(&case["calendar"].to_string()).ok()?;
    let spec = cal.spec();
    let at = |key: &str| ns(instant(&args[key]));
    Some(match op {
        "business_seconds" => {
            let nanos = reference::business_nanos(spec, at("start"), at("end"));
            canon_seconds(nanos as f64 / 1e9)
        }
        "add_business_seconds" => {
            let amount = (seconds(&args["seconds"]) * 1e9).round() as i64;
            canon_instant(dt(reference::add_business_nanos(
                spec,
                at("start"),
                amount,
            )?))
        }
        "is_open" => Value::Bool(reference::is_open(spec, at("at"))),
        "next_open" => canon_optional(reference::next_open(spec, at("at")).map(dt)),
        "next_close" => canon_optional(reference::next_close(spec, at("at")).map(dt)),
        "open_intervals" => canon_intervals(
            reference::open_intervals(spec, at("from"), at("to"))
                .into_iter()
                .map(|(s, e)| (dt(s), dt(e))),
        ),
        _ => return None,
    })
}

fn expected_error(expect: &Value) -> Option<&str> {
    match expect.as_object() {
        Some(o) if o.len() == 1 => o.get("error").and_then(Value::as_str),
        _ => None,
    }
}

/// Every successful calendar vector agrees with the naive reference too (the engine's answers
/// are checked against the same expectations by `tests/api.rs`), so a wrong hand derivation and
/// an engine bug cannot cover each other.
#[test]
fn reference_agrees_with_calendar_vectors() {
    let mut failures = Vec::new();
    let cases = cases();
    let mut checked = 0;
    for case in &cases {
        let name = case["name"].as_str().expect("name");
        let op = case["op"].as_str().expect("op");
        let expect = &case["expect"];
        if expected_error(expect).is_some() {
            continue;
        }
        if let Some(r) = run_reference(case) {
            checked += 1;
            let want = canon_expect(op, expect);
            if r != want {
                failures.push(format!("{name}: expected {want}, reference gave {r}"));
            }
        }
    }
    assert!(
        checked >= 50,
        "only {checked} cases checked against the reference"
    );
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn vectors_are_well_formed() {
    let cases = cases();
    assert!(cases.len() >= 40, "only {} vectors", cases.len());
    let mut names = std::collections::BTreeSet::new();
    for case in &cases {
        let name = case["name"].as_str().expect("every case has a name");
        assert!(names.insert(name), "duplicate vector name {name}");
        let checked = case["checked"].as_str().unwrap_or_default();
        assert!(
            !checked.trim().is_empty(),
            "{name}: no `checked` derivation"
        );
        let op = case["op"].as_str().unwrap_or_default();
        assert_eq!(
            case.get("calendar").is_some(),
            op != "validate_calendar",
            "{name}: `calendar` goes with every op but validate_calendar"
        );
        let keys: Vec<&String> = case.as_object().expect("an object").keys().collect();
        for key in keys {
            assert!(
                ["name", "calendar", "op", "args", "expect", "checked"].contains(&key.as_str()),
                "{name}: unknown key {key}"
            );
        }
    }
}
