//! The golden vectors of `tests/vectors/calendar.json` (format: `tests/vectors/README.md`).
//!
//! Every case runs against the engine; every successful calendar answer is also checked against
//! the naive reference of `support-metrics-testkit`, so a wrong hand derivation cannot hide
//! behind a matching engine bug (or the other way round).

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};
use support_metrics::{BusinessCalendar, Error};
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

/// An instant argument, read by the core's own parser so that a malformed one is the
/// `invalid_timestamp` error every binding reports.
fn arg(args: &Value, key: &str) -> Result<DateTime<Utc>, Error> {
    let text = args[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` must be an RFC 3339 string"));
    support_metrics::calendar::parse_instant(key, text)
}

/// Runs one case on the engine: the canonical answer, or the error.
fn run(case: &Value) -> Result<Value, Error> {
    let op = case["op"].as_str().expect("op");
    let args = &case["args"];
    if op == "from_json" {
        return BusinessCalendar::from_json(args["text"].as_str().expect("text"))
            .map(|_| Value::Bool(true));
    }
    let cal = BusinessCalendar::from_json(&case["calendar"].to_string())?;
    Ok(match op {
        "business_seconds" => {
            canon_seconds(cal.business_seconds(arg(args, "start")?, arg(args, "end")?)?)
        }
        "add_business_seconds" => {
            canon_instant(cal.add_business_seconds(arg(args, "start")?, seconds(&args["seconds"]))?)
        }
        "is_open" => Value::Bool(cal.is_open(arg(args, "at")?)?),
        "next_open" => canon_optional(cal.next_open(arg(args, "at")?)?),
        "next_close" => canon_optional(cal.next_close(arg(args, "at")?)?),
        "open_intervals" => canon_intervals(
            cal.open_intervals(arg(args, "from")?, arg(args, "to")?)?
                .map(|iv| (iv.start, iv.end)),
        ),
        "business_seconds_batch" => {
            let column = |key: &str| -> Vec<Option<DateTime<Utc>>> {
                args[key]
                    .as_array()
                    .expect("a column")
                    .iter()
                    .map(optional_instant)
                    .collect()
            };
            let out = cal.business_seconds_batch(&column("starts"), &column("ends"))?;
            json!({
                "values": out.values.iter().map(|v| v.map_or(Value::Null, canon_seconds)).collect::<Vec<_>>(),
                "errors": out.errors.iter().map(|e| json!({"row": e.row, "error": e.error.code()})).collect::<Vec<_>>(),
            })
        }
        other => panic!("unknown op `{other}`"),
    })
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

#[test]
fn golden_vectors() {
    let mut failures = Vec::new();
    let cases = cases();
    for case in &cases {
        let name = case["name"].as_str().expect("name");
        let op = case["op"].as_str().expect("op");
        let expect = &case["expect"];
        let got = run(case);
        match (expected_error(expect), &got) {
            (Some(code), Err(e)) if e.code() == code => {}
            (Some(code), _) => {
                failures.push(format!("{name}: expected error `{code}`, got {got:?}"))
            }
            (None, Ok(v)) => {
                let want = canon_expect(op, expect);
                if *v != want {
                    failures.push(format!("{name}: expected {want}, engine gave {v}"));
                }
                if let Some(r) = run_reference(case) {
                    if r != want {
                        failures.push(format!("{name}: expected {want}, reference gave {r}"));
                    }
                }
            }
            (None, Err(e)) => failures.push(format!("{name}: expected {expect}, got error {e}")),
        }
    }
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
            op != "from_json",
            "{name}: `calendar` goes with every op but from_json"
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

#[test]
fn every_error_code_has_a_vector() {
    let cases = cases();
    let covered: std::collections::BTreeSet<&str> = cases
        .iter()
        .filter_map(|c| expected_error(&c["expect"]))
        .collect();
    let batch_codes = cases
        .iter()
        .flat_map(|c| c["expect"]["errors"].as_array().into_iter().flatten());
    let covered: std::collections::BTreeSet<&str> = covered
        .into_iter()
        .chain(batch_codes.filter_map(|e| e["error"].as_str()))
        .collect();
    // Codes of the other vector files count too.
    let others: Vec<Value> = [
        crate::csv::VECTORS,
        crate::stats::VECTORS,
        crate::tickets::vectors::VECTORS,
        crate::survey::VECTORS,
        crate::qa::VECTORS,
        crate::erlang::VECTORS,
        crate::contact_centre::VECTORS,
        crate::targets::VECTORS,
    ]
    .iter()
    .flat_map(|text| {
        let doc: Value = serde_json::from_str(text).expect("vector file is JSON");
        doc["cases"].as_array().cloned().unwrap_or_default()
    })
    .collect();
    let covered: std::collections::BTreeSet<&str> = covered
        .into_iter()
        .chain(others.iter().filter_map(|c| expected_error(&c["expect"])))
        .collect();
    let missing: Vec<&&str> = Error::CODES
        .iter()
        .filter(|c| !covered.contains(**c))
        .collect();
    assert!(missing.is_empty(), "no vector for error codes {missing:?}");
    for code in &covered {
        assert!(
            Error::CODES.contains(code),
            "vector uses unknown error code {code}"
        );
    }
}
