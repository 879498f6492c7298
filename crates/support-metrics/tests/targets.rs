//! The golden vectors of `tests/vectors/targets.json` (hand-derived).

use serde_json::{json, Value};
use support_metrics::stats::{Moments, NpsCounts, StatsOptions};
use support_metrics::targets::{self, Metric, SignalThresholds, Target};
use support_metrics::Result;

pub const VECTORS: &str = include_str!("vectors/targets.json");

fn pair(v: &Value) -> (u64, u64) {
    (
        v[0].as_u64().expect("a count"),
        v[1].as_u64().expect("a total"),
    )
}

fn moments(v: &Value) -> Moments {
    let xs: Vec<f64> = serde_json::from_value(v.clone()).expect("numbers");
    Moments::of(&xs)
}

fn run(op: &str, a: &Value) -> Result<Value> {
    let opts = StatsOptions::default();
    let th = SignalThresholds::default();
    let from = |k: &str| -> NpsCounts { serde_json::from_value(a[k].clone()).expect("counts") };
    Ok(match op {
        "default_target" => {
            let m: Metric = serde_json::from_value(a["metric"].clone()).expect("metric");
            json!(Target::default_for(m))
        }
        "target_status" => {
            let t: Target = serde_json::from_value(a["target"].clone()).expect("target");
            let iv = serde_json::from_value(a["interval"].clone()).expect("interval");
            json!(t.status(a["value"].as_f64(), Option::as_ref(&iv)))
        }
        "retention" => {
            let s: Vec<String> = serde_json::from_value(a["start"].clone()).expect("ids");
            let e: Vec<String> = serde_json::from_value(a["end"].clone()).expect("ids");
            json!(targets::retention(&s, &e, &opts)?)
        }
        "retention_counts" => {
            let u = |k: &str| a[k].as_u64().expect("a count");
            json!(targets::retention_from_counts(
                u("start"),
                u("end"),
                u("new"),
                &opts
            )?)
        }
        "csat_drop" => json!(targets::csat_drop(
            pair(&a["previous"]),
            pair(&a["current"]),
            &th,
            &opts
        )?),
        "first_response_slowdown" => json!(targets::first_response_slowdown(
            &moments(&a["previous"]),
            &moments(&a["current"]),
            &th,
            &opts
        )?),
        "nps_drop" => json!(targets::nps_drop(
            &from("previous"),
            &from("current"),
            &th,
            &opts
        )?),
        "rate_spike" => json!(targets::rate_spike(
            serde_json::from_value(a["kind"].clone()).expect("kind"),
            pair(&a["previous"]),
            pair(&a["current"]),
            &th,
            &opts
        )?),
        other => panic!("unknown op {other}"),
    })
}

#[test]
fn targets_vectors() {
    let doc: Value = serde_json::from_str(VECTORS).expect("targets.json is JSON");
    assert_eq!(doc["format"], 1);
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 25);
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().expect("name");
        assert!(!case["checked"].as_str().unwrap_or_default().is_empty());
        let want = &case["expect"];
        let got = run(case["op"].as_str().expect("op"), &case["args"]);
        match (want.get("error").and_then(Value::as_str), got) {
            (Some(code), Err(e)) if e.code() == code => {}
            (Some(code), got) => failures.push(format!("{name}: expected {code}, got {got:?}")),
            (None, Ok(v)) => {
                let mut diffs = Vec::new();
                crate::survey::subset(&v, want, "", &mut diffs);
                if !diffs.is_empty() {
                    failures.push(format!("{name}: {}", diffs.join("; ")));
                }
            }
            (None, Err(e)) => failures.push(format!("{name}: unexpected error {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
