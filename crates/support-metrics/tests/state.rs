//! States as bytes: every kind round-trips exactly; damaged, cut, foreign or newer bytes are
//! refused (never misread, never a panic); a report computed as partition states — split the
//! way the Spark module splits (interactions by customer, answers by interaction with their
//! interaction) — merges in any order to exactly the single-pass report.

use proptest::prelude::*;
use serde_json::{json, Value};
use support_metrics::api;
use support_metrics::demo::{demo, DemoOptions};
use support_metrics::interaction::SummaryRow;
use support_metrics::metrics::{
    CatalogueAccumulator, DurationAccumulator, QuantileMode, QuantileSketch, TicketOptions,
};
use support_metrics::quality::DataQuality;
use support_metrics::report::{report, ReportData, ReportOptions, ReportPlan, ReportState};
use support_metrics::sla::SlaPolicies;
use support_metrics::state::{self, Fingerprint, State};
use support_metrics::stats::Moments;
use support_metrics::survey::{SurveyConfig, SurveyTally, Surveys};
use support_metrics::BusinessCalendar;

fn round_trip<T: State + PartialEq + std::fmt::Debug>(x: &T) {
    let fp = Fingerprint::of(&["t"]);
    let bytes = state::to_bytes(x, fp).unwrap();
    let (back, fp2) = state::from_bytes::<T>(&bytes).unwrap();
    assert_eq!(&back, x);
    assert_eq!(fp2, fp);
}

#[test]
fn every_kind_round_trips() {
    let d = demo(&DemoOptions {
        interactions: 300,
        seed: 5,
    })
    .unwrap();
    let its: Vec<_> = d
        .interactions
        .iter()
        .map(SummaryRow::to_interaction)
        .collect::<Result<_, _>>()
        .unwrap();
    let cal = BusinessCalendar::from_json(&d.calendar).unwrap();
    let pol = SlaPolicies::from_json(&d.policies).unwrap();
    for mode in [QuantileMode::Exact, QuantileMode::Sketch] {
        let opts = TicketOptions::default().as_of(d.as_of).quantiles(mode);
        let by = support_metrics::metrics::BreakdownOptions::default()
            .dimensions(vec![support_metrics::metrics::Dimension::Agent]);
        let acc: CatalogueAccumulator = support_metrics::metrics::accumulate_catalogue(
            &its,
            &cal,
            Some(&pol),
            &opts,
            Some(&by),
        )
        .unwrap();
        round_trip(&acc);
        round_trip(&acc.total);
        round_trip(&acc.total.first_response);
        round_trip(&acc.total.resolved);
    }
    let mut sketch = QuantileSketch::default();
    for x in [0.0, 1e-12, 1.0, 59.5, 1e9] {
        sketch.push(x).unwrap();
    }
    round_trip(&sketch);
    round_trip(&Moments::of(&[1.0, 2.5, -3.0]));
    let mut s = Surveys::new(SurveyConfig::default()).unwrap();
    let mut tally = SurveyTally::default();
    for r in &d.surveys {
        if let Ok(score) = s.check(r) {
            tally.push(r.kind, score);
        }
        let _ = s.push(r);
    }
    round_trip(&s);
    round_trip(&tally);
    let q = support_metrics::interaction::read_summary_csv(
        "id,channel,created_at\n,email,2026-01-01T00:00:00Z\n",
        &Default::default(),
    )
    .unwrap()
    .quality;
    assert_eq!(q.rows_rejected, 1);
    round_trip(&q);
}

fn sample_state() -> Vec<u8> {
    let mut d = DurationAccumulator::new(QuantileMode::Exact);
    for x in [1.0, 2.0, 3.5] {
        d.push(Some(x));
    }
    d.push(None);
    state::to_bytes(&d, Fingerprint::of(&["x"])).unwrap()
}

#[test]
fn the_header_says_what_the_state_is() {
    let b = sample_state();
    assert_eq!(&b[..4], b"SMST");
    let h = state::header(&b).unwrap();
    assert_eq!(h.kind, "duration");
    assert_eq!(h.version, state::FORMAT_VERSION);
    assert_eq!(h.bytes, b.len() as u64);
    // Payload: mode (1) + 3 values (1 + 24) + empty sketch (1 + 1) + i128 (16) + 2 options
    // (2) + excluded (1).
    assert_eq!(h.payload_bytes, 1 + 25 + 2 + 16 + 2 + 1);
    assert_eq!(h.fingerprint, Fingerprint::of(&["x"]).to_hex());
}

#[test]
fn another_kind_or_a_newer_version_is_refused() {
    let b = sample_state();
    let e = state::from_bytes::<QuantileSketch>(&b).unwrap_err();
    assert_eq!(e.code(), "state_mismatch");
    assert!(e.to_string().contains("a `duration` state"), "{e}");
    let mut newer = b.clone();
    newer[4] = 2;
    let e = state::from_bytes::<DurationAccumulator>(&newer).unwrap_err();
    assert_eq!(e.code(), "state_version");
    assert!(e.to_string().contains("version 2"), "{e}");
    assert_eq!(
        state::from_bytes::<DurationAccumulator>(b"{\"json\": true}")
            .unwrap_err()
            .code(),
        "invalid_state"
    );
    assert_eq!(
        state::from_bytes::<DurationAccumulator>(&[])
            .unwrap_err()
            .code(),
        "invalid_state"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any one changed byte is caught (the checksum, or the header checks before it).
    #[test]
    fn any_changed_byte_is_refused(pos in any::<prop::sample::Index>(), flip in 1u8..=255) {
        let mut b = sample_state();
        let i = pos.index(b.len());
        b[i] ^= flip;
        prop_assert!(state::from_bytes::<DurationAccumulator>(&b).is_err());
    }

    /// Any cut is caught.
    #[test]
    fn any_cut_is_refused(pos in any::<prop::sample::Index>()) {
        let b = sample_state();
        let i = pos.index(b.len());
        prop_assert!(state::from_bytes::<DurationAccumulator>(&b[..i]).is_err());
    }

    /// Arbitrary bytes, with or without a valid envelope around them, never panic.
    #[test]
    fn arbitrary_payloads_never_panic(payload in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = state::from_bytes::<CatalogueAccumulator>(&payload);
        let _ = state::from_bytes::<ReportState>(&payload);
        // A valid envelope around garbage: the checksum passes, the decoders must refuse.
        for kind in ["report", "duration", "catalogue_accumulator", "survey_accumulator"] {
            let b = state::seal(kind, Fingerprint(0), &payload);
            let _ = state::from_bytes::<ReportState>(&b);
            let _ = state::from_bytes::<DurationAccumulator>(&b);
            let _ = state::from_bytes::<CatalogueAccumulator>(&b);
            let _ = state::from_bytes::<Surveys>(&b);
        }
    }
}

struct Data {
    calendar: Value,
    policies: Value,
    options: Value,
    summary: Vec<String>,
    header: String,
    surveys: Vec<String>,
    surveys_header: String,
}

fn data(n: u64, seed: u64) -> Data {
    let d = demo(&DemoOptions {
        interactions: n,
        seed,
    })
    .unwrap();
    let v = api::call("demo_data", &json!({"interactions": n, "seed": seed})).unwrap();
    let lines = |k: &str| -> (String, Vec<String>) {
        let text = v[k].as_str().unwrap();
        let mut it = text.lines().map(str::to_string);
        (it.next().unwrap(), it.collect())
    };
    let (header, summary) = lines("summary_csv");
    let (surveys_header, surveys) = lines("surveys_csv");
    Data {
        calendar: v["calendar"].clone(),
        policies: v["policies"].clone(),
        options: json!({"tickets": {"measures": {"as_of": d.as_of.to_rfc3339()}}}),
        summary,
        header,
        surveys,
        surveys_header,
    }
}

/// The CSV's field `k` of a line (the demo's fields hold no commas or quotes).
fn field(line: &str, k: usize) -> &str {
    line.split(',').nth(k).unwrap_or("")
}

fn bucket(key: &str, parts: usize, salt: u64) -> usize {
    (Fingerprint::of(&[key]).0 ^ salt) as usize % parts
}

fn call(op: &str, args: Value) -> Value {
    api::call(op, &args).unwrap_or_else(|e| panic!("{op}: {e}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// The Spark module's plan: ticket shares of the interactions split by customer, survey
    /// shares of the answers split by interaction (each part with the interactions its
    /// answers name), states merged in any grouping and order: exactly the one-pass report.
    #[test]
    fn partition_states_merge_to_the_report(
        n in 1u64..160,
        seed in any::<u64>(),
        parts in 1usize..5,
        salt in any::<u64>(),
        reverse in any::<bool>(),
    ) {
        let d = data(n, seed);
        let customer = d.header.split(',').position(|c| c == "customer_id").unwrap();
        let iid = d.surveys_header.split(',').position(|c| c == "interaction_id").unwrap();
        let whole = call("report", json!({
            "calendar": d.calendar, "policies": d.policies, "options": d.options,
            "summary_csv": format!("{}\n{}\n", d.header, d.summary.join("\n")),
            "surveys_csv": format!("{}\n{}\n", d.surveys_header, d.surveys.join("\n")),
        }));
        let csv = |header: &str, rows: Vec<&String>| {
            let mut t = format!("{header}\n");
            for r in rows { t.push_str(r); t.push('\n'); }
            t
        };
        let mut states = Vec::new();
        for p in 0..parts {
            let mine: Vec<&String> = d.summary.iter()
                .filter(|l| bucket(field(l, customer), parts, salt) == p).collect();
            states.push(call("report_state", json!({
                "calendar": d.calendar, "policies": d.policies, "options": d.options,
                "summary_csv": csv(&d.header, mine), "part": "tickets",
            })));
            let answers: Vec<&String> = d.surveys.iter()
                .filter(|l| bucket(field(l, iid), parts, !salt) == p).collect();
            let ids: std::collections::HashSet<&str> = answers.iter().map(|l| field(l, iid)).collect();
            let theirs: Vec<&String> = d.summary.iter().filter(|l| ids.contains(field(l, 0))).collect();
            states.push(call("report_state", json!({
                "calendar": d.calendar, "policies": d.policies, "options": d.options,
                "summary_csv": csv(&d.header, theirs),
                "surveys_csv": csv(&d.surveys_header, answers), "part": "surveys",
            })));
        }
        if reverse { states.reverse(); }
        // Merge in two levels (as executors, then the driver, would).
        let half = states.len() / 2;
        let a = call("merge_states", json!({"states": states[..half.max(1)]}));
        let merged = if half.max(1) < states.len() {
            let b = call("merge_states", json!({"states": states[half.max(1)..]}));
            call("merge_states", json!({"states": [b, a]}))
        } else { a };
        let mut got = call("finish_state", json!({"state": merged}));
        let mut want = whole;
        // Findings come in partition order; the multiset is what must agree.
        for r in [&mut got, &mut want] {
            let f = r["data_quality"]["findings"].as_array_mut().unwrap();
            f.sort_by_key(|x| x.to_string());
        }
        prop_assert_eq!(got, want);
    }
}

#[test]
fn ticket_and_survey_states_merge_to_the_single_calls() {
    let d = data(400, 9);
    let csv = |rows: &[String]| format!("{}\n{}\n", d.header, rows.join("\n"));
    let opts = json!({"measures": {"as_of": d.options["tickets"]["measures"]["as_of"]}});
    let by = json!({"dimensions": ["channel"]});
    let customer = d
        .header
        .split(',')
        .position(|c| c == "customer_id")
        .unwrap();
    let (a, b): (Vec<String>, Vec<String>) = d
        .summary
        .iter()
        .cloned()
        .partition(|l| bucket(field(l, customer), 2, 1) == 0);
    let st = |rows: &[String]| {
        call(
            "ticket_state",
            json!({"calendar": d.calendar, "policies": d.policies, "options": opts,
                   "summary_csv": csv(rows), "by": by}),
        )
    };
    let merged = call("merge_states", json!({"states": [st(&a), st(&b)]}));
    let got = call("finish_state", json!({ "state": merged }));
    let its = call("read_summary_csv", json!({"text": csv(&d.summary)}))["interactions"].clone();
    let report = call(
        "ticket_report",
        json!({"calendar": d.calendar, "policies": d.policies, "options": opts, "interactions": its}),
    );
    let breakdown = call(
        "ticket_breakdown",
        json!({"calendar": d.calendar, "policies": d.policies, "options": opts, "interactions": its, "by": by}),
    );
    assert_eq!(got["report"], report);
    assert_eq!(got["breakdown"], breakdown);
    assert_eq!(got["quality"]["rows_read"], 400);

    // Answers split anyhow (re-ratings of one interaction in different parts included).
    let text = |rows: &[String]| format!("{}\n{}\n", d.surveys_header, rows.join("\n"));
    let (x, y): (Vec<String>, Vec<String>) = d
        .surveys
        .iter()
        .cloned()
        .enumerate()
        .partition(|(i, _)| i % 3 == 0)
        .map_pair();
    let sv =
        |rows: &[String], sent: u64| call("survey_state", json!({"csv": text(rows), "sent": sent}));
    let merged = call(
        "merge_states",
        json!({"states": [sv(&y, 700), sv(&x, 300)]}),
    );
    let whole = call(
        "survey_report",
        json!({"csv": text(&d.surveys), "sent": 1000}),
    );
    let mut got = call("finish_state", json!({ "state": merged }));
    let mut want = whole;
    for r in [&mut got, &mut want] {
        let f = r["quality"]["findings"].as_array_mut().unwrap();
        f.sort_by_key(|x| x.to_string());
    }
    assert_eq!(got, want);
}

trait MapPair {
    fn map_pair(self) -> (Vec<String>, Vec<String>);
}

impl MapPair for (Vec<(usize, String)>, Vec<(usize, String)>) {
    fn map_pair(self) -> (Vec<String>, Vec<String>) {
        (
            self.0.into_iter().map(|p| p.1).collect(),
            self.1.into_iter().map(|p| p.1).collect(),
        )
    }
}

#[test]
fn states_of_other_definitions_or_kinds_do_not_merge() {
    let d = data(50, 2);
    let csv = format!("{}\n{}\n", d.header, d.summary.join("\n"));
    let st = |cal: &Value, part: &str| {
        call(
            "report_state",
            json!({"calendar": cal, "policies": d.policies, "options": d.options,
                   "summary_csv": csv, "part": part}),
        )
    };
    let a = st(&d.calendar, "tickets");
    let mut other_cal: Value = match &d.calendar {
        Value::String(t) => serde_json::from_str(t).unwrap(),
        v => v.clone(),
    };
    other_cal["holidays"] = json!(["2026-02-23"]);
    let b = st(&other_cal, "tickets");
    let code = |v: Value| api::call("merge_states", &v).unwrap_err().code();
    assert_eq!(code(json!({"states": [a, b]})), "state_mismatch");
    let s = call("survey_state", json!({}));
    assert_eq!(code(json!({"states": [a, s]})), "state_mismatch");
    assert_eq!(code(json!({"states": []})), "invalid_argument");
    assert_eq!(code(json!({"states": ["not base64!"]})), "invalid_state");
    // The header of a report state, through the operations.
    let info = call("state_info", json!({ "state": a }));
    assert_eq!(info["kind"], "report");
    assert_eq!(info["version"], 1);
    // A plan's fingerprint is the operations' fingerprint.
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
    let cal = BusinessCalendar::from_json(&text(&d.calendar)).unwrap();
    let pol = SlaPolicies::from_json(&text(&d.policies)).unwrap();
    let opts = ReportOptions::from_json(&d.options.to_string()).unwrap();
    let q = DataQuality::default();
    let data = ReportData {
        interactions: &[],
        surveys: &[],
        quality: &q,
    };
    let plan = ReportPlan::new(data, &cal, Some(&pol), &opts).unwrap();
    assert_eq!(info["fingerprint"], plan.fingerprint().to_hex());
    // And an empty state finishes to the report of nothing.
    let empty = plan.state(vec![], None).unwrap();
    assert_eq!(
        empty.finish().unwrap(),
        report(&data, &cal, Some(&pol), &opts).unwrap()
    );
}
