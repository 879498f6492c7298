//! Every shared golden vector (`tests/vectors/*.json`) through the one operation boundary,
//! [`support_metrics::api::call`], exactly as the Python, JS and CLI suites run them; and the
//! coverage both ways: every operation has vectors, every vector names an operation, every
//! error code is produced by some vector.

use std::collections::BTreeSet;

use serde_json::json;
use support_metrics::quality::FINDING_CODES;
use support_metrics::{api, Error};
use support_metrics_testkit::vectors;

#[test]
fn every_vector_through_api_call() {
    let cases = vectors::all();
    assert!(cases.len() >= 800, "only {} cases", cases.len());
    let mut names = BTreeSet::new();
    let mut failures = Vec::new();
    for case in &cases {
        assert!(
            names.insert((case.file, case.name.clone())),
            "{}: duplicate case name {}",
            case.file,
            case.name
        );
        let diffs = vectors::check(case, |op, args| {
            api::call(op, args).map_err(|e| e.code().to_owned())
        });
        if !diffs.is_empty() {
            failures.push(format!("{}/{}: {}", case.file, case.name, diffs.join("; ")));
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
fn call_json_agrees_with_call() {
    for case in vectors::all().iter().step_by(7) {
        let a = api::call(&case.op, &case.args).map(|v| v.to_string());
        let b = api::call_json(&case.op, &case.args.to_string());
        match (a, b) {
            (Ok(x), Ok(y)) => assert_eq!(x, y, "{}", case.name),
            (Err(x), Err(y)) => assert_eq!(x.code(), y.code(), "{}", case.name),
            (x, y) => panic!("{}: {x:?} vs {y:?}", case.name),
        }
    }
}

/// Threads change no answer: every vector through `call_with` on three threads, and the
/// report of a summary CSV large enough to be read and reported in parts.
#[test]
fn call_with_threads_agrees_with_call() {
    for case in vectors::all().iter().step_by(3) {
        let a = api::call(&case.op, &case.args);
        let b = api::call_with(&case.op, &case.args, 3);
        match (a, b) {
            (Ok(x), Ok(y)) => assert_eq!(x, y, "{}", case.name),
            (Err(x), Err(y)) => assert_eq!(x.to_string(), y.to_string(), "{}", case.name),
            (x, y) => panic!("{}: {x:?} vs {y:?}", case.name),
        }
    }
    let d = support_metrics::demo::demo(&support_metrics::demo::DemoOptions {
        interactions: support_metrics::report::PARALLEL_INTERACTIONS as u64 + 2_000,
        seed: 9,
    })
    .unwrap();
    let mut text = support_metrics::interaction::write_summary_csv(&d.interactions);
    // A row repeated far from its first copy, and a bad one: findings through both paths.
    let first = text.lines().nth(1).unwrap().to_string();
    text.push_str(&first);
    text.push_str("\nX1,chat,,,,,,yesterday\n");
    assert!(text.len() >= support_metrics::interaction::PARALLEL_BYTES);
    let args = json!({
        "calendar": serde_json::from_str::<serde_json::Value>(&d.calendar).unwrap(),
        "policies": serde_json::from_str::<serde_json::Value>(&d.policies).unwrap(),
        "summary_csv": text,
        "surveys_csv": support_metrics::survey::write_surveys_csv(&d.surveys),
        "options": {"tickets": {"measures": {"as_of": support_metrics::calendar::format_instant(d.as_of)}}},
    });
    let one = api::call("report", &args).unwrap();
    assert_eq!(
        one["data_quality"]["rows_rejected"], 2,
        "{}",
        one["data_quality"]
    );
    // Any count, however large, is at most MAX_THREADS threads.
    for threads in [2, 3, usize::MAX] {
        assert_eq!(
            api::call_with("report", &args, threads).unwrap(),
            one,
            "{threads} threads"
        );
    }
}

#[test]
fn coverage_both_ways() {
    let cases = vectors::all();
    let ops: BTreeSet<&str> = api::OPS.iter().map(|o| o.name).collect();
    // Only a case that expects `unknown_operation` may name no operation.
    let used: BTreeSet<&str> = cases
        .iter()
        .filter(|c| c.expect != Err("unknown_operation".into()))
        .map(|c| c.op.as_str())
        .collect();
    let unknown: Vec<_> = used.difference(&ops).collect();
    assert!(unknown.is_empty(), "vectors name unknown ops: {unknown:?}");
    let untested: Vec<_> = ops.difference(&used).collect();
    assert!(untested.is_empty(), "ops without vectors: {untested:?}");
    assert_eq!(ops.len(), api::OPS.len(), "duplicate op names");
    let codes: BTreeSet<String> = cases.iter().flat_map(vectors::codes).collect();
    let missing: Vec<_> = Error::CODES
        .iter()
        .filter(|c| !codes.contains(**c))
        .collect();
    assert!(
        missing.is_empty(),
        "error codes without a vector: {missing:?}"
    );
    for code in &codes {
        assert!(
            Error::CODES.contains(&code.as_str()) || FINDING_CODES.contains(&code.as_str()),
            "unknown code {code}"
        );
    }
}

#[test]
fn bad_arguments_are_typed_errors() {
    let code = |op: &str, args: serde_json::Value| api::call(op, &args).unwrap_err().code();
    assert_eq!(code("nope", json!({})), "unknown_operation");
    assert_eq!(code("erlang_b", json!([])), "invalid_type");
    assert_eq!(code("erlang_b", json!({"agents": 2})), "missing_field");
    assert_eq!(
        code(
            "erlang_b",
            json!({"agents": 2, "traffic_erlangs": 1, "x": 1})
        ),
        "unknown_field"
    );
    assert_eq!(
        code("erlang_b", json!({"agents": "2", "traffic_erlangs": 1})),
        "invalid_type"
    );
    assert_eq!(
        code(
            "rate",
            json!({"numerator": 1, "denominator": 2, "options": {"level": "x"}})
        ),
        "invalid_json"
    );
    assert_eq!(
        code(
            "is_open",
            json!({"calendar": {"timezone": "UTC"}, "at": "2026-01-01T00:00:00"})
        ),
        "invalid_timestamp"
    );
    assert!(api::call_json("rate", "{").is_err());
    for op in api::OPS {
        // Every op refuses an empty argument object with a typed error, unless all its
        // arguments are optional; none panics.
        let r = api::call(op.name, &json!({}));
        if op.args().any(|(_, required)| required) {
            assert!(r.is_err(), "{} accepted no arguments", op.name);
        }
    }
}
