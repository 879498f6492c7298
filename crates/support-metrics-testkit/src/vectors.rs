//! The shared golden vectors (`crates/support-metrics/tests/vectors/*.json`) and the one
//! partial matcher every runner uses (the rules are in `tests/vectors/README.md`, "How a runner
//! works"). The Python and JS suites implement the same ~40 lines.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

/// Every vector file, by name, embedded at compile time.
pub const FILES: &[(&str, &str)] = &[
    (
        "api.json",
        include_str!("../../support-metrics/tests/vectors/api.json"),
    ),
    (
        "calendar.json",
        include_str!("../../support-metrics/tests/vectors/calendar.json"),
    ),
    (
        "catalogue.json",
        include_str!("../../support-metrics/tests/vectors/catalogue.json"),
    ),
    (
        "contact_centre.json",
        include_str!("../../support-metrics/tests/vectors/contact_centre.json"),
    ),
    (
        "csv.json",
        include_str!("../../support-metrics/tests/vectors/csv.json"),
    ),
    (
        "event_log.json",
        include_str!("../../support-metrics/tests/vectors/event_log.json"),
    ),
    (
        "erlang.json",
        include_str!("../../support-metrics/tests/vectors/erlang.json"),
    ),
    (
        "qa.json",
        include_str!("../../support-metrics/tests/vectors/qa.json"),
    ),
    (
        "state.json",
        include_str!("../../support-metrics/tests/vectors/state.json"),
    ),
    (
        "report.json",
        include_str!("../../support-metrics/tests/vectors/report.json"),
    ),
    (
        "stats.json",
        include_str!("../../support-metrics/tests/vectors/stats.json"),
    ),
    (
        "survey.json",
        include_str!("../../support-metrics/tests/vectors/survey.json"),
    ),
    (
        "targets.json",
        include_str!("../../support-metrics/tests/vectors/targets.json"),
    ),
    (
        "tickets.json",
        include_str!("../../support-metrics/tests/vectors/tickets.json"),
    ),
];

/// How close two numbers must be: `|got − want| <= max(absolute, relative · |want|)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance {
    /// The absolute allowance.
    pub absolute: f64,
    /// The allowance relative to the expected value.
    pub relative: f64,
}

/// One case, ready to call.
#[derive(Debug, Clone)]
pub struct Case {
    /// The file it comes from.
    pub file: &'static str,
    /// Its unique name.
    pub name: String,
    /// The operation.
    pub op: String,
    /// The arguments, with the case's `calendar` folded in as `args.calendar`.
    pub args: Value,
    /// The expected answer, or `Err(code)` for an expected error.
    pub expect: Result<Value, String>,
    /// The file's tolerance.
    pub tolerance: Tolerance,
}

/// Parses a vector file.
///
/// # Panics
/// On a malformed vector file: that is a bug of the test data, reported loudly.
#[must_use]
pub fn parse(file: &'static str, text: &str) -> Vec<Case> {
    let doc: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{file}: {e}"));
    assert_eq!(doc["format"], 1, "{file}: unknown vector format");
    let t = &doc["tolerance"];
    let tolerance = Tolerance {
        absolute: t["absolute"].as_f64().expect("tolerance.absolute"),
        relative: t["relative"].as_f64().expect("tolerance.relative"),
    };
    let cases = doc["cases"].as_array().expect("cases");
    cases
        .iter()
        .map(|c| {
            let name = c["name"].as_str().expect("name").to_owned();
            for key in c.as_object().expect("a case is an object").keys() {
                assert!(
                    ["name", "calendar", "op", "args", "expect", "checked"].contains(&key.as_str()),
                    "{file}/{name}: unknown key {key}"
                );
            }
            assert!(
                !c["checked"].as_str().unwrap_or_default().trim().is_empty(),
                "{file}/{name}: no `checked` derivation"
            );
            let mut args = c.get("args").cloned().unwrap_or(Value::Object(Map::new()));
            if let Some(cal) = c.get("calendar") {
                args.as_object_mut()
                    .unwrap_or_else(|| panic!("{file}/{name}: args is not an object"))
                    .insert("calendar".into(), cal.clone());
            }
            let expect = match expected_error(&c["expect"]) {
                Some(code) => Err(code.to_owned()),
                None => Ok(c["expect"].clone()),
            };
            Case {
                file,
                op: c["op"].as_str().expect("op").to_owned(),
                name,
                args,
                expect,
                tolerance,
            }
        })
        .collect()
}

/// Every case of every file.
#[must_use]
pub fn all() -> Vec<Case> {
    FILES.iter().flat_map(|(f, t)| parse(f, t)).collect()
}

/// Every error code a case expects: the call's own (`{"error": code}`) and those of rows and
/// findings inside a successful answer (`"error"` and `"code"` strings).
#[must_use]
pub fn codes(case: &Case) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    match (k.as_str(), x) {
                        ("error" | "code", Value::String(s)) => out.push(s.clone()),
                        _ => walk(x, out),
                    }
                }
            }
            Value::Array(xs) => xs.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    match &case.expect {
        Err(code) => out.push(code.clone()),
        Ok(v) => walk(v, &mut out),
    }
    out
}

/// The code of an expected error: `{"error": "<code>"}` and nothing else.
#[must_use]
pub fn expected_error(expect: &Value) -> Option<&str> {
    match expect {
        Value::Object(m) if m.len() == 1 => m.get("error")?.as_str(),
        _ => None,
    }
}

fn instant(v: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(v)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Checks `got` against the partial expectation `want`; each disagreement is pushed to `out`
/// with its path.
pub fn matches(got: &Value, want: &Value, tol: Tolerance, path: &str, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                let gv = g.get(k).unwrap_or(&Value::Null);
                matches(gv, wv, tol, &format!("{path}.{k}"), out);
            }
        }
        (Value::Array(w), Value::Array(g)) if w.len() == g.len() => {
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                matches(gv, wv, tol, &format!("{path}[{i}]"), out);
            }
        }
        (Value::Number(w), Value::Number(g)) => {
            let (w, g) = (
                w.as_f64().unwrap_or(f64::NAN),
                g.as_f64().unwrap_or(f64::NAN),
            );
            let close = (g - w).abs() <= tol.absolute.max(tol.relative * w.abs());
            if !close {
                out.push(format!("{path}: expected {w:e}, got {g:e}"));
            }
        }
        (Value::String(w), Value::String(g))
            if w == g || instant(w).is_some_and(|t| Some(t) == instant(g)) => {}
        (w, g) if w == g => {}
        (w, g) => out.push(format!("{path}: expected {w}, got {g}")),
    }
}

/// Runs `case` through `call` (any language's entry point, as a Rust closure) and says what
/// disagrees; empty when the case passes.
pub fn check<F>(case: &Case, call: F) -> Vec<String>
where
    F: FnOnce(&str, &Value) -> Result<Value, String>,
{
    let got = call(&case.op, &case.args);
    let mut out = Vec::new();
    match (&case.expect, got) {
        (Err(code), Err(got)) if *code == got => {}
        (Err(code), Err(got)) => out.push(format!("expected error {code}, got error {got}")),
        (Err(code), Ok(v)) => out.push(format!("expected error {code}, got {v}")),
        (Ok(_), Err(e)) => out.push(format!("unexpected error {e}")),
        (Ok(want), Ok(v)) => matches(&v, want, case.tolerance, "", &mut out),
    }
    out
}
