//! Tickets: the interaction model, per-interaction measures, SLA evaluation and the catalogue.
//! Expectations are derived by hand (arithmetic in the comments) or by the simple reference
//! code in `sla.rs`, built on the calendar reference of `support-metrics-testkit`.

mod accumulators;
mod event_log;
mod input;
mod measures;
mod sla;

use chrono::{DateTime, Utc};
use support_metrics::BusinessCalendar;

/// An RFC 3339 instant.
pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("bad RFC 3339 `{text}`: {e}"))
        .with_timezone(&Utc)
}

/// Mon-Fri 09:00-17:00 UTC. 2026-03-02 is a Monday.
pub fn office() -> BusinessCalendar {
    BusinessCalendar::from_json(
        r#"{"timezone":"UTC","week":{"mon":[["09:00","17:00"]],"tue":[["09:00","17:00"]],
            "wed":[["09:00","17:00"]],"thu":[["09:00","17:00"]],"fri":[["09:00","17:00"]]}}"#,
    )
    .unwrap()
}

/// The worked example of docs/metrics.md ("Tickets"): replies, a pending stretch, a
/// resolution, a reopen with an escalation, a second resolution.
pub const WORKED: &str = r#"{
  "id": "T-1", "channel": "email", "created_at": "2026-03-02T16:00:00Z", "customer_id": "C-1",
  "priority": "high", "tags": ["billing"],
  "events": [
    {"type": "customer_message", "at": "2026-03-02T16:00:00Z"},
    {"type": "bot_message", "at": "2026-03-02T16:30:00Z"},
    {"type": "agent_reply", "at": "2026-03-03T09:30:00Z", "actor": "ana"},
    {"type": "status_change", "status": "pending", "at": "2026-03-03T09:30:00Z"},
    {"type": "customer_message", "at": "2026-03-03T11:00:00Z"},
    {"type": "status_change", "status": "open", "at": "2026-03-03T11:00:00Z"},
    {"type": "internal_note", "at": "2026-03-03T12:00:00Z", "actor": "bo"},
    {"type": "agent_reply", "at": "2026-03-03T13:00:00Z", "actor": "bo"},
    {"type": "status_change", "status": "solved", "at": "2026-03-03T13:00:00Z"},
    {"type": "customer_message", "at": "2026-03-04T10:00:00Z"},
    {"type": "status_change", "status": "open", "at": "2026-03-04T10:00:00Z"},
    {"type": "escalation", "tier": "2", "at": "2026-03-04T10:00:00Z"},
    {"type": "agent_reply", "at": "2026-03-04T15:00:00Z", "actor": "bo"},
    {"type": "status_change", "status": "solved", "at": "2026-03-04T15:30:00Z"}
  ]
}"#;
