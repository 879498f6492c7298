//! Event logs (`interaction::event_log`): the row order of a log does not matter, and a log
//! written from interactions reads back to them.

use proptest::prelude::*;
use serde_json::Value;
use support_metrics::interaction::{
    read_event_log_csv, EventLogMapping, Interaction, ReadOptions, SummaryBatch,
};
use support_metrics_testkit::vectors;

/// The help-desk log and mapping of the `helpdesk_log` vector (`tests/vectors/event_log.json`).
fn helpdesk() -> (String, EventLogMapping) {
    let case = vectors::all()
        .into_iter()
        .find(|c| c.file == "event_log.json" && c.name == "helpdesk_log")
        .unwrap();
    let text = case.args["text"].as_str().unwrap().to_string();
    let mapping = EventLogMapping::from_json(&case.args["mapping"].to_string()).unwrap();
    (text, mapping)
}

fn read(text: &str, mapping: &EventLogMapping) -> SummaryBatch {
    read_event_log_csv(text, mapping, &ReadOptions::default()).unwrap()
}

/// A finding without its line: (id, column, code).
type Found = (Option<String>, Option<String>, String);

/// The interactions by id, and the findings as (id, column, code), sorted: what must not
/// depend on the order of the rows (lines and the order of cases do).
fn canonical(b: &SummaryBatch) -> (Vec<Interaction>, Vec<Found>) {
    let mut its = b.interactions.clone();
    its.sort_by(|x, y| x.id.cmp(&y.id));
    let mut f: Vec<_> = b
        .quality
        .findings
        .iter()
        .map(|f| (f.id.clone(), f.column.clone(), f.code.clone()))
        .collect();
    f.sort();
    (its, f)
}

#[test]
fn the_vector_log_reads_as_documented() {
    let (text, mapping) = helpdesk();
    let b = read(&text, &mapping);
    let ids: Vec<&str> = b.interactions.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["Case 2", "Case 1", "Case 3", "Case 4", "Case 6"]);
    assert_eq!((b.quality.rows_read, b.quality.rows_rejected), (27, 7));
    // The rejected case's finding names the line of the event at fault too.
    let f = &b.quality.findings[2];
    assert_eq!((f.line, f.code.as_str()), (Some(23), "invalid_transition"));
    assert!(
        f.message.ends_with("(event 2 is on line 26)"),
        "{}",
        f.message
    );
    // Every interaction is valid and its events are in time order.
    for it in &b.interactions {
        it.validate().unwrap();
    }
}

/// An interaction written as event-log rows: a `create` row, then one row per event with its
/// actor; case attributes on every row.
fn rows_of(it: &Interaction) -> Vec<String> {
    let cell = |s: &Option<String>| s.clone().unwrap_or_default();
    let mut out = vec![format!(
        "{},create,{},,{},{}",
        it.id,
        it.created_at.to_rfc3339(),
        it.channel.as_str(),
        cell(&it.priority)
    )];
    for e in &it.events {
        let activity = match e.kind.name() {
            "status_change" => serde_json::to_value(&e.kind).unwrap()["status"]
                .as_str()
                .unwrap()
                .to_string(),
            other => other.to_string(),
        };
        out.push(format!(
            "{},{activity},{},{},{},{}",
            it.id,
            e.at.to_rfc3339(),
            cell(&e.actor),
            it.channel.as_str(),
            cell(&it.priority)
        ));
    }
    out
}

const ROUND_TRIP_MAPPING: &str = r#"{
  "columns": {"channel": "channel", "priority": "priority"},
  "activities": {
    "create": "create", "customer_message": "customer_message", "agent_reply": "agent_reply",
    "internal_note": "internal_note", "open": {"type": "status_change", "status": "open"},
    "pending": {"type": "status_change", "status": "pending"},
    "solved": {"type": "status_change", "status": "solved"}
  }
}"#;

fn arb_interaction(id: usize) -> impl Strategy<Value = Interaction> {
    let kinds = prop_oneof![
        Just(r#"{"type": "customer_message"}"#),
        Just(r#"{"type": "agent_reply", "actor": "ana"}"#),
        Just(r#"{"type": "agent_reply", "actor": "bo"}"#),
        Just(r#"{"type": "internal_note", "actor": "bo"}"#),
        Just(r#"{"type": "status_change", "status": "open"}"#),
        Just(r#"{"type": "status_change", "status": "pending"}"#),
        Just(r#"{"type": "status_change", "status": "solved"}"#),
    ];
    (
        0u32..5000,
        proptest::collection::vec((kinds, 0u32..600), 0..7),
        prop_oneof![Just("email"), Just("chat"), Just("phone")],
        proptest::option::of(prop_oneof![Just("high"), Just("low")]),
    )
        .prop_map(move |(start, events, channel, priority)| {
            let t0 = 1_772_442_000 + i64::from(start) * 60; // from 2026-03-02T09:00:00Z
            let mut at = t0;
            let events: Vec<Value> = events
                .into_iter()
                .map(|(kind, gap)| {
                    at += i64::from(gap) * 60 + 1; // strictly increasing: no ties
                    let mut v: Value = serde_json::from_str(kind).unwrap();
                    v["at"] = Value::String(
                        chrono::DateTime::from_timestamp(at, 0)
                            .unwrap()
                            .to_rfc3339(),
                    );
                    v
                })
                .collect();
            let mut v = serde_json::json!({
                "id": format!("T{id}"),
                "channel": channel,
                "created_at": chrono::DateTime::from_timestamp(t0, 0).unwrap().to_rfc3339(),
                "events": events,
            });
            if let Some(p) = priority {
                v["priority"] = Value::String(p.to_string());
            }
            Interaction::from_json(&v.to_string()).unwrap()
        })
}

fn arb_batch() -> impl Strategy<Value = Vec<Interaction>> {
    (0usize..6).prop_flat_map(|n| (0..n).map(arb_interaction).collect::<Vec<_>>())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any order of the help-desk log's rows reads to the same interactions and findings.
    #[test]
    fn row_order_does_not_matter(seed in any::<u64>()) {
        let (text, mapping) = helpdesk();
        let mut lines: Vec<&str> = text.lines().collect();
        let header = lines.remove(0);
        // A seeded Fisher-Yates shuffle.
        let mut s = seed;
        for i in (1..lines.len()).rev() {
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let j = usize::try_from((s >> 33) % (i as u64 + 1)).unwrap();
            lines.swap(i, j);
        }
        let shuffled = format!("{header}\n{}\n", lines.join("\n"));
        let (a, b) = (read(&text, &mapping), read(&shuffled, &mapping));
        prop_assert_eq!(canonical(&a), canonical(&b));
        prop_assert_eq!(
            (a.quality.rows_read, a.quality.rows_rejected),
            (b.quality.rows_read, b.quality.rows_rejected)
        );
    }

    /// Interactions written as an event log (a create row and a row per event) read back to
    /// themselves, with the assignee the first reply's actor.
    #[test]
    fn interactions_round_trip_through_an_event_log(its in arb_batch()) {
        let mapping = EventLogMapping::from_json(ROUND_TRIP_MAPPING).unwrap();
        let mut text = String::from("case_id,activity,timestamp,resource,channel,priority\n");
        for it in &its {
            for row in rows_of(it) {
                text.push_str(&row);
                text.push('\n');
            }
        }
        let b = read(&text, &mapping);
        prop_assert!(b.quality.is_clean(), "{:?}", b.quality);
        let want: Vec<Interaction> = its
            .into_iter()
            .map(|mut it| {
                it.assignee = it
                    .events
                    .iter()
                    .find(|e| e.kind.name() == "agent_reply")
                    .and_then(|e| e.actor.clone());
                it
            })
            .collect();
        prop_assert_eq!(b.interactions, want);
    }
}
