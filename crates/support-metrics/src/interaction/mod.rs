//! Interactions (tickets, chats, calls) and their event timelines: the input of every ticket
//! metric.
//!
//! The canonical form is an [`Interaction`] with an ordered list of [`Event`]s. A flat summary
//! row (one line per interaction, as help-desk exports give it) is the second way in, see
//! [`summary`]; an event log (one row per event, as process-mining tools export it) the third,
//! see [`event_log`]. Everything here is plain data with serde, so the JSON form below is also
//! the Python and JS form.
//!
//! ```
//! use support_metrics::interaction::{Interaction, EventKind, Status};
//! let it = Interaction::from_json(r#"{
//!   "id": "T-1", "channel": "email", "created_at": "2026-03-02T09:00:00+01:00",
//!   "customer_id": "C-7", "priority": "high", "tags": ["billing"],
//!   "events": [
//!     {"type": "customer_message", "at": "2026-03-02T09:00:00+01:00"},
//!     {"type": "agent_reply", "at": "2026-03-02T09:45:00+01:00", "actor": "ana"},
//!     {"type": "status_change", "status": "solved", "at": "2026-03-02T10:00:00+01:00"}
//!   ]
//! }"#)?;
//! assert_eq!(it.events[2].kind, EventKind::StatusChange { status: Status::Solved });
//! let err = Interaction::from_json(r#"{"id":"T-2","channel":"fax","created_at":"2026-03-02T09:00:00Z"}"#)
//!     .unwrap_err();
//! assert_eq!(err.code(), "unknown_channel");
//! # Ok::<(), support_metrics::Error>(())
//! ```

mod event_json;
pub mod event_log;
pub mod measures;
pub mod summary;
pub mod table;

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::hash::FxSet;
use crate::quality::{DataQuality, Finding};

pub use event_log::{
    read_event_log_csv, Activity, EventLogColumns, EventLogMapping, UnknownActivities,
};
pub use measures::{Elapsed, FirstResponseStart, MeasureOptions, Measures};
pub use summary::{
    merge_summary_parts, read_summary_csv, read_summary_csv_chunk, read_summary_csv_in_parts,
    read_summary_csv_part, read_summary_jsonl, write_summary_csv, ReadOptions, SummaryBatch,
    SummaryMerger, SummaryPart, SummaryRow, COLUMNS, PARALLEL_BYTES, REQUIRED_COLUMNS,
};
pub use table::{InteractionRows, RowScratch, SummaryTable};

/// Where an interaction came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Channel {
    /// Email.
    Email,
    /// Live chat.
    Chat,
    /// Voice.
    Phone,
    /// Public social media (posts, comments).
    Social,
    /// Messaging apps (WhatsApp, Messenger, in-app messaging).
    Messenger,
    /// A web or help-centre form.
    WebForm,
    /// Anything else.
    Other,
}

impl Channel {
    /// Every channel, in declaration order.
    pub const ALL: [Channel; 7] = [
        Channel::Email,
        Channel::Chat,
        Channel::Phone,
        Channel::Social,
        Channel::Messenger,
        Channel::WebForm,
        Channel::Other,
    ];

    /// The snake_case name used in JSON and CSV.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Chat => "chat",
            Channel::Phone => "phone",
            Channel::Social => "social",
            Channel::Messenger => "messenger",
            Channel::WebForm => "web_form",
            Channel::Other => "other",
        }
    }
}

impl FromStr for Channel {
    type Err = Error;
    /// Reads a snake_case channel name (exact, lower case).
    fn from_str(s: &str) -> Result<Channel> {
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| Error::UnknownChannel {
                value: s.to_string(),
            })
    }
}

/// The status of a ticket, Zendesk's standard status model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// Created, not yet touched by an agent. Every interaction starts here.
    New,
    /// An agent owes the customer something.
    Open,
    /// Waiting for the customer.
    Pending,
    /// Waiting for a third party.
    OnHold,
    /// Resolved; the customer may still reopen it.
    Solved,
    /// Final; nothing changes after it.
    Closed,
}

impl Status {
    /// Every status, in declaration order.
    pub const ALL: [Status; 6] = [
        Status::New,
        Status::Open,
        Status::Pending,
        Status::OnHold,
        Status::Solved,
        Status::Closed,
    ];

    /// The snake_case name used in JSON.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Open => "open",
            Status::Pending => "pending",
            Status::OnHold => "on_hold",
            Status::Solved => "solved",
            Status::Closed => "closed",
        }
    }

    /// True for `solved` and `closed`.
    #[must_use]
    pub fn is_resolved(self) -> bool {
        matches!(self, Status::Solved | Status::Closed)
    }
}

impl FromStr for Status {
    type Err = Error;
    /// Reads a snake_case status name (exact, lower case).
    fn from_str(s: &str) -> Result<Status> {
        Status::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| Error::UnknownStatus {
                value: s.to_string(),
            })
    }
}

/// Who opened an interaction. Zendesk measures first reply differently for agent-created
/// tickets (see [`MeasureOptions::agent_created_second_reply`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Party {
    /// The customer wrote, called or chatted in.
    #[default]
    Customer,
    /// An agent opened it (on the customer's behalf, or proactively).
    Agent,
    /// A bot or automation opened it.
    Bot,
}

/// What happened. JSON: an object with `type` (the snake_case name) and the kind's fields
/// (serde by hand, `event_json`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventKind {
    /// A public message from the customer.
    CustomerMessage,
    /// A public reply by a human agent (the only event that answers the customer).
    AgentReply,
    /// A private note; never a reply.
    InternalNote,
    /// A message sent by a bot or automation; never a human reply.
    BotMessage,
    /// The bot hands the conversation to a human queue.
    BotHandoff,
    /// The ticket status changes.
    StatusChange {
        /// The new status.
        status: Status,
    },
    /// The interaction is assigned or transferred.
    Assignment {
        /// The new assignee, if any.
        assignee: Option<String>,
        /// The new group, if any.
        group: Option<String>,
    },
    /// Escalated to another support tier.
    Escalation {
        /// The tier, as the source names it (`"2"`, `"engineering"`).
        tier: String,
    },
    /// Merged into another interaction; it takes part in no metric afterwards.
    Merge {
        /// The id of the interaction it was merged into.
        into: String,
    },
    /// Marked as spam; it takes part in no metric.
    Spam,
}

impl EventKind {
    /// The snake_case `type` name.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::CustomerMessage => "customer_message",
            EventKind::AgentReply => "agent_reply",
            EventKind::InternalNote => "internal_note",
            EventKind::BotMessage => "bot_message",
            EventKind::BotHandoff => "bot_handoff",
            EventKind::StatusChange { .. } => "status_change",
            EventKind::Assignment { .. } => "assignment",
            EventKind::Escalation { .. } => "escalation",
            EventKind::Merge { .. } => "merge",
            EventKind::Spam => "spam",
        }
    }
}

const EVENT_TYPES: [&str; 10] = [
    "customer_message",
    "agent_reply",
    "internal_note",
    "bot_message",
    "bot_handoff",
    "status_change",
    "assignment",
    "escalation",
    "merge",
    "spam",
];

/// One event of a timeline. JSON: `at`, `actor` when known, and the kind's `type` and fields
/// beside them (serde by hand, `event_json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it (an agent, customer or bot id), when known.
    pub actor: Option<String>,
    /// What happened.
    pub kind: EventKind,
}

impl Event {
    /// An event without an actor.
    #[must_use]
    pub fn new(at: DateTime<Utc>, kind: EventKind) -> Event {
        Event {
            at,
            actor: None,
            kind,
        }
    }

    /// The same event with an actor.
    #[must_use]
    pub fn actor(mut self, actor: impl Into<String>) -> Event {
        self.actor = Some(actor.into());
        self
    }
}

/// Figures a summary row reports directly instead of events; they take precedence over what
/// the (synthesized, partial) timeline would give. `None` = not reported.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reported {
    /// Public agent replies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_replies: Option<u32>,
    /// Reopens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reopens: Option<u32>,
    /// Escalated at least once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalated: Option<bool>,
    /// The customer's waiting time, calendar seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_seconds: Option<f64>,
    /// Agent handling (work) time, calendar seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle_seconds: Option<f64>,
    /// Time on hold, calendar seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_seconds: Option<f64>,
    /// The customer left before being served.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abandoned: Option<bool>,
}

/// One customer interaction (a ticket, chat, call or conversation) with its timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interaction {
    /// Unique within a batch.
    pub id: String,
    /// Where it came in.
    pub channel: Channel,
    /// When it was created (the clock start of most measures).
    pub created_at: DateTime<Utc>,
    /// Who opened it.
    #[serde(default)]
    pub opened_by: Party,
    /// The customer, for repeat-contact metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// The agent the interaction is attributed to. When absent, the last assignee named by an
    /// `assignment` event is used (see [`Interaction::agent`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// The team or queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The subject category (`billing`, `login`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Free tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The priority, as the source names it (`low`, `urgent`, `P1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// Custom attributes (plan, region, `converted`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// The timeline, in time order.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Figures reported by a summary row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<Reported>,
}

impl Interaction {
    /// An interaction with no events and no optional fields.
    #[must_use]
    pub fn new(id: impl Into<String>, channel: Channel, created_at: DateTime<Utc>) -> Interaction {
        Interaction {
            id: id.into(),
            channel,
            created_at,
            opened_by: Party::Customer,
            customer_id: None,
            assignee: None,
            group: None,
            topic: None,
            tags: Vec::new(),
            priority: None,
            attributes: BTreeMap::new(),
            events: Vec::new(),
            reported: None,
        }
    }

    /// Reads and [validates](Self::validate) one interaction in its JSON form. Unknown channels
    /// and statuses, timestamps without an offset and unknown event types get their own error
    /// codes rather than a generic JSON error.
    pub fn from_json(text: &str) -> Result<Interaction> {
        let value: Value = serde_json::from_str(text).map_err(|e| Error::InvalidJson {
            message: e.to_string(),
        })?;
        let it = Interaction::from_value(value)?;
        it.validate()?;
        Ok(it)
    }

    /// Reads one interaction from a parsed JSON value (not validated).
    pub(crate) fn from_value(value: Value) -> Result<Interaction> {
        precheck(&value)?;
        crate::api::from_json_value(&value).map_err(|message| Error::InvalidJson { message })
    }

    /// The agent the interaction is attributed to: `assignee`, else the last assignee of an
    /// `assignment` event.
    #[must_use]
    pub fn agent(&self) -> Option<&str> {
        self.assignee.as_deref().or_else(|| {
            self.events.iter().rev().find_map(|e| match &e.kind {
                EventKind::Assignment {
                    assignee: Some(a), ..
                } => Some(a.as_str()),
                _ => None,
            })
        })
    }

    /// True when an event marks it as spam.
    #[must_use]
    pub fn is_spam(&self) -> bool {
        self.events.iter().any(|e| e.kind == EventKind::Spam)
    }

    /// True when it was merged into another interaction.
    #[must_use]
    pub fn is_merged(&self) -> bool {
        self.events
            .iter()
            .any(|e| matches!(e.kind, EventKind::Merge { .. }))
    }

    /// Checks the timeline: events in time order (equal instants keep their given order), none
    /// before creation, no status change after `closed` and no return to `new`, reported
    /// durations finite and non-negative.
    ///
    /// ```
    /// use support_metrics::interaction::{Channel, Event, EventKind, Interaction};
    /// let t = |s: &str| s.parse().unwrap();
    /// let mut it = Interaction::new("T-1", Channel::Chat, t("2026-03-02T09:00:00Z"));
    /// it.events.push(Event::new(t("2026-03-02T08:59:00Z"), EventKind::AgentReply));
    /// assert_eq!(it.validate().unwrap_err().code(), "event_before_creation");
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut previous: Option<DateTime<Utc>> = None;
        let mut status = Status::New;
        for (index, e) in self.events.iter().enumerate() {
            if e.at < self.created_at {
                return Err(Error::EventBeforeCreation {
                    id: self.id.clone(),
                    what: format!("event {index} ({})", e.kind.name()),
                    at: rfc3339(e.at),
                    created_at: rfc3339(self.created_at),
                });
            }
            if let Some(p) = previous {
                if e.at < p {
                    return Err(Error::EventsOutOfOrder {
                        id: self.id.clone(),
                        index,
                        at: rfc3339(e.at),
                        previous: rfc3339(p),
                    });
                }
            }
            previous = Some(e.at);
            if let EventKind::StatusChange { status: next } = e.kind {
                if status == Status::Closed {
                    return Err(Error::InvalidTransition {
                        id: self.id.clone(),
                        index,
                        reason: "a status change after `closed` (closed is final; a follow-up is a new interaction)",
                    });
                }
                if next == Status::New && status != Status::New {
                    return Err(Error::InvalidTransition {
                        id: self.id.clone(),
                        index,
                        reason: "a return to `new` (once changed, a status never goes back to new)",
                    });
                }
                status = next;
            }
        }
        if let Some(r) = &self.reported {
            for (name, v) in [
                ("wait_seconds", r.wait_seconds),
                ("handle_seconds", r.handle_seconds),
                ("hold_seconds", r.hold_seconds),
            ] {
                if let Some(x) = v {
                    if !(x.is_finite() && x >= 0.0) {
                        return Err(Error::InvalidDuration {
                            value: format!("{name} = {x}"),
                        });
                    }
                }
            }
        }
        Ok(())
    }
}

/// Interactions that passed validation, with the findings of those that did not.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    /// The valid interactions, in input order.
    pub interactions: Vec<Interaction>,
    /// Rows read and rejected, with a finding per rejection.
    pub quality: DataQuality,
}

/// Validates a batch of interactions: each one with [`Interaction::validate`], and ids unique
/// (the second and later holders of an id are rejected). Rejected interactions become
/// `rejected` findings (source `interactions`, `line` = 1-based position); with `strict` the
/// first problem is returned as the error instead.
///
/// ```
/// use support_metrics::interaction::{validate_batch, Channel, Interaction};
/// let t = "2026-03-02T09:00:00Z".parse().unwrap();
/// let batch = validate_batch(vec![Interaction::new("A", Channel::Email, t),
///                                 Interaction::new("A", Channel::Chat, t)], false)?;
/// assert_eq!((batch.interactions.len(), batch.quality.rows_rejected), (1, 1));
/// assert_eq!(batch.quality.findings[0].code, "duplicate_id");
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn validate_batch(interactions: Vec<Interaction>, strict: bool) -> Result<Batch> {
    let mut batch = Batch::default();
    let mut seen = FxSet::<String>::default();
    seen.reserve(interactions.len());
    for (i, it) in interactions.into_iter().enumerate() {
        batch.quality.rows_read += 1;
        let check = it.validate().and_then(|()| {
            if seen.contains(&it.id) {
                Err(Error::DuplicateId { id: it.id.clone() })
            } else {
                Ok(())
            }
        });
        match check {
            Ok(()) => {
                seen.insert(it.id.clone());
                batch.interactions.push(it);
            }
            Err(e) if strict => return Err(e),
            Err(e) => batch.quality.push(Finding::rejected(
                "interactions",
                Some(i as u64 + 1),
                Some(&it.id),
                None,
                &e,
            )),
        }
    }
    Ok(batch)
}

// One parser and one formatter for every RFC 3339 instant, shared with the bindings.
pub(crate) use crate::calendar::{parse_instant, rfc3339};

/// Typed errors for the values serde would only call "invalid JSON".
fn precheck(v: &Value) -> Result<()> {
    let Some(obj) = v.as_object() else {
        return Err(Error::InvalidType {
            path: String::new(),
            expected: "an object",
            found: crate::api::json_kind(v).to_string(),
        });
    };
    if let Some(Value::String(c)) = obj.get("channel") {
        Channel::from_str(c)?;
    }
    if let Some(Value::String(t)) = obj.get("created_at") {
        parse_instant("created_at", t)?;
    }
    if let Some(Value::Array(events)) = obj.get("events") {
        for (i, e) in events.iter().enumerate() {
            if let Some(Value::String(t)) = e.get("at") {
                parse_instant(&format!("events[{i}].at"), t)?;
            }
            if let Some(Value::String(ty)) = e.get("type") {
                if !EVENT_TYPES.contains(&ty.as_str()) {
                    return Err(Error::InvalidValue {
                        field: format!("events[{i}].type"),
                        value: ty.clone(),
                        expected: "an event type: customer_message, agent_reply, internal_note, \
                                   bot_message, bot_handoff, status_change, assignment, \
                                   escalation, merge or spam",
                    });
                }
            }
            if let Some(Value::String(s)) = e.get("status") {
                Status::from_str(s)?;
            }
        }
    }
    Ok(())
}
