//! Reading and validating interactions: typed errors and counted findings.

use support_metrics::interaction::{
    read_summary_csv, read_summary_jsonl, validate_batch, Channel, Event, EventKind, Interaction,
    ReadOptions, Status,
};

use super::at;

fn code(json: &str) -> String {
    Interaction::from_json(json).unwrap_err().code().to_string()
}

#[test]
fn json_errors_have_codes() {
    let base = r#""id":"T","channel":"chat","created_at":"2026-03-02T10:00:00Z""#;
    assert_eq!(
        code(r#"{"id":"T","channel":"fax","created_at":"2026-03-02T10:00:00Z"}"#),
        "unknown_channel"
    );
    assert_eq!(
        code(r#"{"id":"T","channel":"chat","created_at":"2026-03-02T10:00:00"}"#),
        "invalid_timestamp"
    );
    assert_eq!(
        code(&format!(
            r#"{{{base},"events":[{{"type":"status_change","status":"waiting","at":"2026-03-02T11:00:00Z"}}]}}"#
        )),
        "unknown_status"
    );
    assert_eq!(
        code(&format!(
            r#"{{{base},"events":[{{"type":"call","at":"2026-03-02T11:00:00Z"}}]}}"#
        )),
        "invalid_value"
    );
    assert_eq!(
        code(&format!(
            r#"{{{base},"events":[{{"type":"agent_reply","at":"2026-03-02T09:00:00Z"}}]}}"#
        )),
        "event_before_creation"
    );
    assert_eq!(
        code(&format!(
            r#"{{{base},"events":[{{"type":"agent_reply","at":"2026-03-02T12:00:00Z"}},{{"type":"agent_reply","at":"2026-03-02T11:00:00Z"}}]}}"#
        )),
        "events_out_of_order"
    );
    assert_eq!(
        code(&format!(
            r#"{{{base},"events":[{{"type":"status_change","status":"closed","at":"2026-03-02T12:00:00Z"}},{{"type":"status_change","status":"open","at":"2026-03-02T13:00:00Z"}}]}}"#
        )),
        "invalid_transition"
    );
    assert_eq!(
        code(&format!(
            r#"{{{base},"events":[{{"type":"status_change","status":"open","at":"2026-03-02T12:00:00Z"}},{{"type":"status_change","status":"new","at":"2026-03-02T13:00:00Z"}}]}}"#
        )),
        "invalid_transition"
    );
    assert_eq!(
        code(&format!(r#"{{{base},"colour":"red"}}"#)),
        "invalid_json"
    );
    assert_eq!(code("[1]"), "invalid_type");
    // The message names the value and the fix.
    let e =
        Interaction::from_json(r#"{"id":"T","channel":"chat","created_at":"2026-03-02 10:00"}"#)
            .unwrap_err();
    assert_eq!(e.to_string(), "created_at: invalid timestamp `2026-03-02 10:00`: expected RFC 3339 with an offset, such as 2026-03-02T09:30:00Z or 2026-03-02T12:30:00+03:00");
}

#[test]
fn json_round_trip() {
    let mut it = Interaction::new("T", Channel::WebForm, at("2026-03-02T10:00:00+03:00"));
    it.events.push(
        Event::new(
            at("2026-03-02T08:00:00Z"),
            EventKind::Assignment {
                assignee: Some("ana".into()),
                group: None,
            },
        )
        .actor("router"),
    );
    it.events.push(Event::new(
        at("2026-03-02T08:00:00Z"),
        EventKind::StatusChange {
            status: Status::OnHold,
        },
    ));
    let text = serde_json::to_string(&it).unwrap();
    assert!(
        text.contains(r#""type":"assignment","assignee":"ana""#),
        "{text}"
    );
    assert!(text.contains(r#""status":"on_hold""#), "{text}");
    assert_eq!(Interaction::from_json(&text).unwrap(), it);
    assert_eq!(it.agent(), Some("ana"));
}

#[test]
fn batches_count_every_rejection() {
    let t = at("2026-03-02T10:00:00Z");
    let mut bad = Interaction::new("B", Channel::Chat, t);
    bad.events.push(Event::new(
        at("2026-03-02T09:00:00Z"),
        EventKind::AgentReply,
    ));
    let all = vec![
        Interaction::new("A", Channel::Chat, t),
        bad,
        Interaction::new("A", Channel::Email, t),
    ];
    let b = validate_batch(all.clone(), false).unwrap();
    assert_eq!(
        (
            b.interactions.len(),
            b.quality.rows_read,
            b.quality.rows_rejected
        ),
        (1, 3, 2)
    );
    let found: Vec<_> = b
        .quality
        .findings
        .iter()
        .map(|f| (f.line, f.id.as_deref(), f.code.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (Some(2), Some("B"), "event_before_creation"),
            (Some(3), Some("A"), "duplicate_id")
        ]
    );
    assert_eq!(
        validate_batch(all, true).unwrap_err().code(),
        "event_before_creation"
    );
}

#[test]
fn summary_csv_findings() {
    let csv = "id,channel,agent,group,topic,priority,customer_id,created_at,first_response_at,resolved_at,agent_replies,reopens,escalated,wait_seconds,handle_seconds,hold_seconds,abandoned,plan\n\
        1,email,ana,g,t,high,c1,2026-03-02T10:00:00+01:00,2026-03-02T10:30:00+01:00,,1,0,false,,,,,gold\n\
        2,chat,ana,,,,,2026-03-02T10:00:00Z,2026-03-02T09:59:00Z,,,,,,,,,\n\
        3,chat,ana,,,,,2026-03-02T10:00:00Z,,,-1,,,,,,,\n\
        4,chat,ana,,,,,2026-03-02T10:00:00Z,,,,,,,-5,,,\n\
        5,chat,ana,,,,,2026-03-02T10:00:00Z,,,,,maybe,,,,,\n\
        1,chat,ana,,,,,2026-03-02T10:00:00Z,,,,,,,,,,\n\
        6,chat\n\
        7,sms,ana,,,,,2026-03-02T10:00:00Z,,,,,,,,,,\n";
    let b = read_summary_csv(csv, &ReadOptions::default()).unwrap();
    assert_eq!(b.interactions.len(), 1);
    assert_eq!(
        b.interactions[0].attributes.get("plan").map(String::as_str),
        Some("gold")
    );
    assert_eq!(b.interactions[0].created_at, at("2026-03-02T09:00:00Z"));
    let found: Vec<_> = b
        .quality
        .findings
        .iter()
        .map(|f| (f.line.unwrap(), f.column.as_deref(), f.code.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (3, None, "event_before_creation"),
            (4, Some("agent_replies"), "invalid_value"),
            (5, Some("handle_seconds"), "invalid_duration"),
            (6, Some("escalated"), "invalid_value"),
            (7, Some("id"), "duplicate_id"),
            (8, None, "invalid_csv"),
            (9, Some("channel"), "unknown_channel"),
        ]
    );
    assert_eq!((b.quality.rows_read, b.quality.rows_rejected), (8, 7));
    // Structural problems are errors even when not strict.
    assert_eq!(
        read_summary_csv("id,channel\n1,chat\n", &ReadOptions::default())
            .unwrap_err()
            .code(),
        "missing_column"
    );
    assert_eq!(
        read_summary_csv("id,channel,created_at\n\"1,chat\n", &ReadOptions::default())
            .unwrap_err()
            .code(),
        "invalid_csv"
    );
    assert!(read_summary_csv("", &ReadOptions::default())
        .unwrap()
        .interactions
        .is_empty());
}

#[test]
fn summary_jsonl() {
    let text = "{\"id\":\"1\",\"channel\":\"chat\",\"created_at\":\"2026-03-02T10:00:00Z\",\"agent_replies\":2}\n\n\
                {\"id\":\"2\",\"channel\":\"chat\",\"created_at\":\"2026-03-02T10:00:00\"}\n\
                {\"id\":\"3\",\"channel\":\"pigeon\",\"created_at\":\"2026-03-02T10:00:00Z\"}\n\
                not json\n";
    let b = read_summary_jsonl(text, &ReadOptions::default()).unwrap();
    assert_eq!(b.interactions.len(), 1);
    let found: Vec<_> = b
        .quality
        .findings
        .iter()
        .map(|f| (f.line.unwrap(), f.code.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (3, "invalid_timestamp"),
            (4, "unknown_channel"),
            (5, "invalid_json")
        ]
    );
}
