//! Event logs: one row per event — a case id, an activity, a timestamp and optionally a
//! resource — as process-mining tools and help-desk audit trails export them, read into
//! [`Interaction`]s through an [`EventLogMapping`] that says what each activity means.
//!
//! The mapping names the columns (defaults `case_id`, `activity`, `timestamp`, `resource`;
//! optional case-attribute columns) and maps every activity name to an event of the
//! interaction model ([`EventKind`]), to `create` (the case's creation) or to `ignore`. An
//! activity the mapping does not name is a `rejected` finding (`unknown_activity`), never
//! silently dropped, unless the mapping says `"unknown_activities": "ignore"`. Timestamps are
//! RFC 3339 with an offset, or local times in the mapping's `timezone` (and
//! `timestamp_format`), as process-mining exports write them. The full rules are in
//! `docs/metrics.md` ("Event logs").
//!
//! ```
//! use support_metrics::interaction::{read_event_log_csv, EventLogMapping, EventKind, ReadOptions};
//! let mapping = EventLogMapping::from_json(r#"{
//!   "columns": {"case_id": "Case ID", "activity": "Activity",
//!               "timestamp": "Complete Timestamp", "resource": "Resource"},
//!   "default_channel": "web_form",
//!   "activities": {
//!     "Assign seriousness": "ignore",
//!     "Take in charge ticket": "agent_reply",
//!     "Resolve ticket": {"type": "status_change", "status": "solved"}
//!   }
//! }"#)?;
//! // Rows in any order: each case's events are sorted by time (ties keep the input order).
//! let log = "Case ID,Activity,Resource,Complete Timestamp\n\
//!            Case 1,Resolve ticket,Value 2,2026-03-02T11:00:00Z\n\
//!            Case 1,Assign seriousness,Value 1,2026-03-02T09:00:00Z\n\
//!            Case 1,Take in charge ticket,Value 2,2026-03-02T09:30:00Z\n\
//!            Case 2,DUPLICATE,Value 1,2026-03-02T10:00:00Z\n\
//!            Case 2,Assign seriousness,Value 1,2026-03-02 10:00:00\n";
//! let batch = read_event_log_csv(log, &mapping, &ReadOptions::default())?;
//! let it = &batch.interactions[0];
//! // Created at the case's first row (an ignored activity still dates the case).
//! assert_eq!((it.id.as_str(), it.created_at.to_rfc3339()), ("Case 1", "2026-03-02T09:00:00+00:00".into()));
//! assert_eq!(it.events[0].kind, EventKind::AgentReply);
//! assert_eq!(it.assignee.as_deref(), Some("Value 2")); // the first agent reply's resource
//! // Case 2 has no good row: an unmapped activity and a timestamp without an offset.
//! let found: Vec<_> = batch.quality.findings.iter()
//!     .map(|f| (f.line, f.column.as_deref(), f.code.as_str())).collect();
//! assert_eq!(found, [(Some(5), Some("Activity"), "unknown_activity"),
//!                    (Some(6), Some("Complete Timestamp"), "invalid_timestamp")]);
//! assert_eq!((batch.quality.rows_read, batch.quality.rows_rejected), (5, 2));
//! # Ok::<(), support_metrics::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::{parse_instant, Channel, EventKind, Interaction, ReadOptions, Status, SummaryBatch};
use super::{Event, EVENT_TYPES};
use crate::csv::{CsvReader, Header, Record};
use crate::error::{Error, Result};
use crate::hash::FxMap;
use crate::quality::Finding;
use crate::tz::Zone;

/// The `source` of the event-log reader's findings.
pub const SOURCE: &str = "event_log";

/// What the activities a mapping does not name become.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnknownActivities {
    /// Each such row is a `rejected` finding (`unknown_activity`). The default.
    #[default]
    Reject,
    /// Such rows are treated like `ignore`d activities: read, dated, no event.
    Ignore,
}

/// What one activity of the log means.
///
/// JSON: `"create"`, `"ignore"`, an event type without fields as a string
/// (`"customer_message"`, `"agent_reply"`, `"internal_note"`, `"bot_message"`,
/// `"bot_handoff"`, `"assignment"`, `"spam"`), or an event object without `at`
/// (`{"type": "status_change", "status": "solved"}`, `{"type": "escalation", "tier": "2"}`,
/// `{"type": "merge", "into": "T-9"}`, `{"type": "assignment", "group": "2nd line"}`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Activity {
    /// The case's creation: its time is the interaction's `created_at`; no event.
    Create,
    /// Read and dropped: no event (the row still dates the case and gives its attributes).
    Ignore,
    /// This event, at the row's time, with the row's resource as its actor (an `assignment`
    /// without an `assignee` assigns to the row's resource).
    Event(EventKind),
}

impl Serialize for Activity {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Activity::Create => s.serialize_str("create"),
            Activity::Ignore => s.serialize_str("ignore"),
            Activity::Event(kind) => match kind {
                EventKind::CustomerMessage
                | EventKind::AgentReply
                | EventKind::InternalNote
                | EventKind::BotMessage
                | EventKind::BotHandoff
                | EventKind::Spam
                | EventKind::Assignment {
                    assignee: None,
                    group: None,
                } => s.serialize_str(kind.name()),
                other => other.serialize(s),
            },
        }
    }
}

impl<'de> Deserialize<'de> for Activity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Activity, D::Error> {
        let v = Value::deserialize(d)?;
        activity_from("activity", &v).map_err(de::Error::custom)
    }
}

impl Activity {
    /// Reads one activity meaning from its JSON form; `name` (the activity) names it in
    /// errors as `activities.NAME`.
    ///
    /// ```
    /// use support_metrics::interaction::{Activity, EventKind, Status};
    /// let v = serde_json::json!({"type": "status_change", "status": "pending"});
    /// let a = Activity::from_value("Wait", &v)?;
    /// assert_eq!(a, Activity::Event(EventKind::StatusChange { status: Status::Pending }));
    /// let err = Activity::from_value("Wait", &serde_json::json!("status_change")).unwrap_err();
    /// assert_eq!(err.code(), "invalid_value");
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn from_value(name: &str, v: &Value) -> Result<Activity> {
        activity_from(&format!("activities.{name}"), v)
    }
}

const MEANINGS: &str = "create, ignore, an event type (customer_message, agent_reply, \
                        internal_note, bot_message, bot_handoff, assignment, spam) or an event \
                        object such as {\"type\": \"status_change\", \"status\": \"solved\"}";

fn activity_from(path: &str, v: &Value) -> Result<Activity> {
    let invalid = |value: &str, expected: &'static str| Error::InvalidValue {
        field: path.to_string(),
        value: value.to_string(),
        expected,
    };
    match v {
        Value::String(s) => Ok(match s.as_str() {
            "create" => Activity::Create,
            "ignore" => Activity::Ignore,
            "customer_message" => Activity::Event(EventKind::CustomerMessage),
            "agent_reply" => Activity::Event(EventKind::AgentReply),
            "internal_note" => Activity::Event(EventKind::InternalNote),
            "bot_message" => Activity::Event(EventKind::BotMessage),
            "bot_handoff" => Activity::Event(EventKind::BotHandoff),
            "assignment" => Activity::Event(EventKind::Assignment {
                assignee: None,
                group: None,
            }),
            "spam" => Activity::Event(EventKind::Spam),
            "status_change" | "escalation" | "merge" => {
                return Err(invalid(
                    s,
                    "an object with the event's fields: {\"type\": \"status_change\", \
                     \"status\": \"solved\"}, {\"type\": \"escalation\", \"tier\": \"2\"} or \
                     {\"type\": \"merge\", \"into\": \"ID\"}",
                ))
            }
            _ => return Err(invalid(s, MEANINGS)),
        }),
        Value::Object(m) => {
            let ty = match m.get("type") {
                Some(Value::String(t)) => t.as_str(),
                Some(other) => {
                    return Err(Error::InvalidType {
                        path: format!("{path}.type"),
                        expected: "an event type",
                        found: crate::api::json_kind(other).to_string(),
                    })
                }
                None => {
                    return Err(Error::InvalidValue {
                        field: path.to_string(),
                        value: Value::Object(m.clone()).to_string(),
                        expected: "an event object with a `type`",
                    })
                }
            };
            let (allowed, expected): (&[&str], &'static str) = match ty {
                "status_change" => (&["type", "status"], "type, status"),
                "assignment" => (&["type", "assignee", "group"], "type, assignee, group"),
                "escalation" => (&["type", "tier"], "type, tier"),
                "merge" => (&["type", "into"], "type, into"),
                t if EVENT_TYPES.contains(&t) => (&["type"], "type"),
                t => {
                    return Err(Error::InvalidValue {
                        field: format!("{path}.type"),
                        value: t.to_string(),
                        expected: "an event type: customer_message, agent_reply, internal_note, \
                                   bot_message, bot_handoff, status_change, assignment, \
                                   escalation, merge or spam",
                    })
                }
            };
            if let Some(k) = m.keys().find(|k| !allowed.contains(&k.as_str())) {
                return Err(Error::UnknownField {
                    path: path.to_string(),
                    field: k.clone(),
                    expected,
                });
            }
            if let Some(Value::String(s)) = m.get("status") {
                Status::from_str(s)?;
            }
            crate::api::from_json_value::<EventKind>(v)
                .map(Activity::Event)
                .map_err(|e| Error::InvalidJson {
                    message: format!("{path}: {e}"),
                })
        }
        other => Err(Error::InvalidType {
            path: path.to_string(),
            expected: "an activity meaning: a string or an event object",
            found: crate::api::json_kind(other).to_string(),
        }),
    }
}

/// The columns of an event log, by their header names. Every key is optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct EventLogColumns {
    /// The case (interaction) id. Default `case_id`; required.
    pub case_id: String,
    /// The activity name. Default `activity`; required.
    pub activity: String,
    /// When the event happened, RFC 3339 with an offset. Default `timestamp`; required.
    pub timestamp: String,
    /// Who did it: the event's actor. `None` (default): the column `resource` when the header
    /// has one; a column named here is required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The case's channel (`email`, `chat`, ...). Named columns are required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The case's priority.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// The case's group (team, queue).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The case's topic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// The case's customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// The case's creation instant (used when no `create` activity dates it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Columns kept as the case's custom attributes, under their column names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<String>,
}

impl Default for EventLogColumns {
    fn default() -> Self {
        EventLogColumns {
            case_id: "case_id".into(),
            activity: "activity".into(),
            timestamp: "timestamp".into(),
            resource: None,
            channel: None,
            priority: None,
            group: None,
            topic: None,
            customer_id: None,
            created_at: None,
            attributes: Vec::new(),
        }
    }
}

/// How to read an event log: its columns, case defaults, and what each activity means. The
/// JSON form is the Python, JS and command-line form (see the [module docs](self)).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct EventLogMapping {
    /// The column names.
    #[serde(default)]
    pub columns: EventLogColumns,
    /// The channel of a case without a channel value (no column, or empty). When this is
    /// `None` too, the channel is `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_channel: Option<Channel>,
    /// The priority of a case without a priority value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_priority: Option<String>,
    /// The group of a case without a group value or a grouped assignment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_group: Option<String>,
    /// The topic of a case without a topic value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_topic: Option<String>,
    /// Activity name (exact text of the activity column) → what it means.
    #[serde(deserialize_with = "activities_map")]
    pub activities: BTreeMap<String, Activity>,
    /// What an activity not in [`activities`](Self::activities) becomes. Default `reject`.
    #[serde(default)]
    pub unknown_activities: UnknownActivities,
    /// The IANA zone of timestamps written without an offset (process-mining exports such as
    /// the BPI Challenge help-desk log write `2012/10/09 14:50:17.000`). Without it such a
    /// timestamp is an `invalid_timestamp` finding: local times are never guessed. Local
    /// times resolve as in calendars: one in a DST gap moves forward by the gap, an ambiguous
    /// one is its first occurrence. Timestamps with an offset are read as they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// The `strftime` format (chrono's) of timestamps without an offset. Default: any of
    /// `2026-03-02 09:30:00`, `2026/03/02 09:30:00` and `2026-03-02T09:30:00`, with optional
    /// fractional seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp_format: Option<String>,
}

/// The formats of local timestamps tried when the mapping names none.
const LOCAL_FORMATS: [&str; 3] = [
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y/%m/%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
];

/// An instant of the log: RFC 3339 with an offset, or (with a zone) a local time in the
/// mapping's zone and format, resolved by the calendar's rule (`resolve_local_ns_batch`).
fn instant(
    field: &str,
    text: &str,
    zone: Option<Zone>,
    format: Option<&str>,
) -> Result<DateTime<Utc>> {
    let offset_error = match parse_instant(field, text) {
        Ok(t) => return Ok(t),
        Err(e) => e,
    };
    let Some(tz) = zone else {
        return Err(offset_error);
    };
    let t = text.trim();
    let local = match format {
        Some(f) => NaiveDateTime::parse_from_str(t, f).ok(),
        None => LOCAL_FORMATS
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok()),
    };
    let Some(ns) = local.and_then(|l| l.and_utc().timestamp_nanos_opt()) else {
        return Err(offset_error);
    };
    let mut out = crate::calendar::resolve_local_ns_batch(tz, &[ns]);
    match (out.values.first().copied().flatten(), out.errors.pop()) {
        (Some(utc), _) => Ok(DateTime::from_timestamp_nanos(utc)),
        (None, Some(e)) => Err(e.error),
        (None, None) => Err(offset_error),
    }
}

/// The activities map, refusing an activity named twice (JSON readers disagree on which
/// meaning would win).
fn activities_map<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<BTreeMap<String, Activity>, D::Error> {
    struct Unique;
    impl<'de> Visitor<'de> for Unique {
        type Value = BTreeMap<String, Activity>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object from activity names to their meanings")
        }
        fn visit_map<A: MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(name) = map.next_key::<String>()? {
                let v: Value = map.next_value()?;
                let meaning =
                    activity_from(&format!("activities.{name}"), &v).map_err(de::Error::custom)?;
                if out.insert(name.clone(), meaning).is_some() {
                    return Err(de::Error::custom(format!(
                        "activities: `{name}` is mapped twice"
                    )));
                }
            }
            Ok(out)
        }
    }
    d.deserialize_map(Unique)
}

impl EventLogMapping {
    /// Reads the JSON form. A wrong activity meaning is `invalid_value` (or `unknown_status`,
    /// `unknown_field`, `invalid_type`) naming `activities.NAME`, an unknown channel
    /// `unknown_channel`; unknown keys, a missing `activities` and an activity mapped twice are
    /// `invalid_json`.
    ///
    /// ```
    /// use support_metrics::interaction::EventLogMapping;
    /// let m = EventLogMapping::from_json(r#"{"activities": {"Reply": "agent_reply"}}"#)?;
    /// assert_eq!(m.columns.case_id, "case_id");
    /// let err = EventLogMapping::from_json(r#"{"activities": {"Reply": "answer"}}"#).unwrap_err();
    /// assert_eq!(err.code(), "invalid_value");
    /// assert!(err.to_string().starts_with("activities.Reply: invalid value `answer`"));
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<EventLogMapping> {
        let v: Value = serde_json::from_str(text).map_err(|e| Error::InvalidJson {
            message: e.to_string(),
        })?;
        let Some(obj) = v.as_object() else {
            return Err(Error::InvalidType {
                path: String::new(),
                expected: "an event mapping object",
                found: crate::api::json_kind(&v).to_string(),
            });
        };
        // The typed errors first; serde then reads what they let through.
        if let Some(Value::String(c)) = obj.get("default_channel") {
            Channel::from_str(c)?;
        }
        if let Some(Value::Object(acts)) = obj.get("activities") {
            for (name, meaning) in acts {
                Activity::from_value(name, meaning)?;
            }
        }
        // From the text (not the value), so a key given twice is still seen.
        crate::json::from_str(text).map_err(|e| Error::InvalidJson {
            message: e.to_string(),
        })
    }

    /// The columns an event log must have for this mapping, in the mapping's order: the case
    /// id, activity and timestamp columns, and every optional column the mapping names.
    #[must_use]
    pub fn required_columns(&self) -> Vec<&str> {
        let c = &self.columns;
        let mut out = vec![
            c.case_id.as_str(),
            c.activity.as_str(),
            c.timestamp.as_str(),
        ];
        for name in [
            &c.resource,
            &c.channel,
            &c.priority,
            &c.group,
            &c.topic,
            &c.customer_id,
            &c.created_at,
        ]
        .into_iter()
        .flatten()
        {
            out.push(name);
        }
        out.extend(c.attributes.iter().map(String::as_str));
        out
    }
}

/// Column positions of an event log's header.
struct Columns {
    /// The zone of local timestamps, when the mapping names one.
    zone: Option<Zone>,
    case_id: usize,
    activity: usize,
    timestamp: usize,
    resource: Option<usize>,
    channel: Option<usize>,
    priority: Option<usize>,
    group: Option<usize>,
    topic: Option<usize>,
    customer_id: Option<usize>,
    created_at: Option<usize>,
    attributes: Vec<(String, usize)>,
}

impl Columns {
    fn new(header: &Header, m: &EventLogMapping) -> Result<Columns> {
        let c = &m.columns;
        let opt = |name: &Option<String>| name.as_deref().map(|n| header.require(n)).transpose();
        let zone = match &m.timezone {
            Some(name) => Some(name.parse::<Zone>()?),
            None => None,
        };
        Ok(Columns {
            zone,
            case_id: header.require(&c.case_id)?,
            activity: header.require(&c.activity)?,
            timestamp: header.require(&c.timestamp)?,
            resource: match &c.resource {
                Some(name) => Some(header.require(name)?),
                None => header.position("resource"),
            },
            channel: opt(&c.channel)?,
            priority: opt(&c.priority)?,
            group: opt(&c.group)?,
            topic: opt(&c.topic)?,
            customer_id: opt(&c.customer_id)?,
            created_at: opt(&c.created_at)?,
            attributes: c
                .attributes
                .iter()
                .map(|n| header.require(n).map(|i| (n.clone(), i)))
                .collect::<Result<_>>()?,
        })
    }
}

/// One good row of a case.
struct Row {
    at: DateTime<Utc>,
    line: u64,
    activity: RowKind,
    actor: Option<String>,
    /// Case attributes the row carries (most rows carry none: boxed to keep rows small).
    attrs: Option<Box<RowAttrs>>,
}

enum RowKind {
    Create,
    Ignore,
    Event(EventKind),
}

#[derive(Default)]
struct RowAttrs {
    channel: Option<Channel>,
    priority: Option<String>,
    group: Option<String>,
    topic: Option<String>,
    customer_id: Option<String>,
    created_at: Option<DateTime<Utc>>,
    attributes: Vec<(String, String)>,
}

impl RowAttrs {
    fn is_empty(&self) -> bool {
        self.channel.is_none()
            && self.priority.is_none()
            && self.group.is_none()
            && self.topic.is_none()
            && self.customer_id.is_none()
            && self.created_at.is_none()
            && self.attributes.is_empty()
    }
}

struct Case {
    id: String,
    rows: Vec<Row>,
}

/// A rejected row or case: its line (for the order of findings), its finding, and the error
/// (what `strict` returns).
type Rejection = (u64, Finding, Error);

/// Reads an event log CSV through `mapping` (see the [module docs](self) and
/// `docs/metrics.md`, "Event logs").
///
/// Rows are grouped by case id; a case's events are its rows sorted by timestamp (rows with
/// equal timestamps keep their input order), so the input may be in any order. Each case
/// becomes one interaction, validated with [`Interaction::validate`]; interactions come in the
/// order of their cases' first good rows.
///
/// A row with a bad value (another number of fields than the header, an empty case id, an
/// unknown activity, an empty or bad timestamp, a bad channel or `created_at` value) is a
/// `rejected` finding naming its line, column and code, and is left out of its case. A case
/// whose interaction is invalid (an event before its creation, a status change after
/// `closed`) is one `rejected` finding at the case's first line, and all its rows count as
/// rejected. Findings are in line order. A CSV syntax error and a missing column are errors.
/// With [`ReadOptions::strict`] the first finding's error is the error.
pub fn read_event_log_csv(
    text: &str,
    mapping: &EventLogMapping,
    opts: &ReadOptions,
) -> Result<SummaryBatch> {
    let mut reader = CsvReader::new(text);
    let mut rec = Record::default();
    let mut batch = SummaryBatch::default();
    if !reader.read(&mut rec)? {
        return Ok(batch);
    }
    let header = Header::new(&rec)?;
    let cols = Columns::new(&header, mapping)?;
    let names = header.names();
    let mut cases: Vec<Case> = Vec::new();
    let mut index: FxMap<String, usize> = FxMap::default();
    let mut rejected: Vec<Rejection> = Vec::new();
    while reader.read(&mut rec)? {
        batch.quality.rows_read += 1;
        let line = rec.line();
        let id = rec.get(cols.case_id).filter(|s| !s.is_empty());
        let row = if rec.len() != names.len() {
            Err((
                None,
                Error::InvalidCsv {
                    line,
                    column: rec.len().min(names.len()) as u64 + 1,
                    reason: "the row has a different number of fields than the header",
                },
            ))
        } else if id.is_none() {
            Err((
                Some(cols.case_id),
                Error::InvalidValue {
                    field: mapping.columns.case_id.clone(),
                    value: String::new(),
                    expected: "a non-empty case id",
                },
            ))
        } else {
            read_row(&rec, line, &cols, mapping)
        };
        match (row, id) {
            (Ok(row), Some(id)) => {
                let k = match index.get(id) {
                    Some(&k) => k,
                    None => {
                        index.insert(id.to_string(), cases.len());
                        cases.push(Case {
                            id: id.to_string(),
                            rows: Vec::new(),
                        });
                        cases.len() - 1
                    }
                };
                if let Some(case) = cases.get_mut(k) {
                    case.rows.push(row);
                }
            }
            // (Not reached: a row without a case id is an error above.)
            (Ok(_), None) => {}
            (Err((column, e)), id) => {
                let column = column.and_then(|i| names.get(i)).map(String::as_str);
                let f = Finding::rejected(SOURCE, Some(line), id, column, &e);
                rejected.push((line, f, e));
            }
        }
    }
    batch.interactions.reserve(cases.len());
    let mut extra_rejected = 0u64;
    for case in cases {
        let n = case.rows.len() as u64;
        let first_line = case.rows.first().map_or(0, |r| r.line);
        match build(case, mapping) {
            Ok(it) => batch.interactions.push(it),
            Err(c) => {
                let CaseError { id, error, at } = *c;
                let mut f = Finding::rejected(SOURCE, Some(first_line), Some(&id), None, &error);
                if let Some((index, line)) = at {
                    f.message = format!("{} (event {index} is on line {line})", f.message);
                }
                rejected.push((first_line, f, error));
                extra_rejected += n.saturating_sub(1);
            }
        }
    }
    rejected.sort_by_key(|(line, _, _)| *line);
    if opts.strict {
        if let Some((_, _, e)) = rejected.into_iter().next() {
            return Err(e);
        }
        return Ok(batch);
    }
    for (_, f, _) in rejected {
        batch.quality.push(f);
    }
    batch.quality.rows_rejected += extra_rejected;
    Ok(batch)
}

type RowError = (Option<usize>, Error);

/// One row's values, or its first bad value (checked in the order activity, timestamp,
/// channel, `created_at`; the case id is checked before).
fn read_row(
    rec: &Record,
    line: u64,
    cols: &Columns,
    m: &EventLogMapping,
) -> std::result::Result<Row, RowError> {
    let field = |i: Option<usize>| i.and_then(|i| rec.get(i)).filter(|s| !s.is_empty());
    let text = |i: Option<usize>| field(i).map(str::to_string);
    let activity_text = rec.get(cols.activity).unwrap_or("");
    let activity = match m.activities.get(activity_text) {
        Some(Activity::Create) => RowKind::Create,
        Some(Activity::Ignore) => RowKind::Ignore,
        Some(Activity::Event(kind)) => RowKind::Event(kind.clone()),
        None if m.unknown_activities == UnknownActivities::Ignore => RowKind::Ignore,
        None => {
            return Err((
                Some(cols.activity),
                Error::UnknownActivity {
                    activity: activity_text.to_string(),
                },
            ))
        }
    };
    let stamp = rec.get(cols.timestamp).unwrap_or("");
    let format = m.timestamp_format.as_deref();
    let at = instant(&m.columns.timestamp, stamp, cols.zone, format)
        .map_err(|e| (Some(cols.timestamp), e))?;
    let mut attrs = RowAttrs {
        channel: field(cols.channel)
            .map(Channel::from_str)
            .transpose()
            .map_err(|e| (cols.channel, e))?,
        priority: text(cols.priority),
        group: text(cols.group),
        topic: text(cols.topic),
        customer_id: text(cols.customer_id),
        created_at: None,
        attributes: Vec::new(),
    };
    if let (Some(s), Some(name)) = (field(cols.created_at), &m.columns.created_at) {
        attrs.created_at =
            Some(instant(name, s, cols.zone, format).map_err(|e| (cols.created_at, e))?);
    }
    for (name, i) in &cols.attributes {
        if let Some(v) = field(Some(*i)) {
            attrs.attributes.push((name.clone(), v.to_string()));
        }
    }
    Ok(Row {
        at,
        line,
        activity,
        actor: text(cols.resource),
        attrs: (!attrs.is_empty()).then(|| Box::new(attrs)),
    })
}

/// Why a case has no interaction: its id, the error, and the index and line of the event at
/// fault when one is.
struct CaseError {
    id: String,
    error: Error,
    at: Option<(usize, u64)>,
}

/// A case's interaction, validated.
fn build(mut case: Case, m: &EventLogMapping) -> std::result::Result<Interaction, Box<CaseError>> {
    // Stable: rows with equal timestamps keep their input order.
    case.rows.sort_by_key(|r| r.at);
    let attrs = || case.rows.iter().filter_map(|r| r.attrs.as_deref());
    let first_text = |get: fn(&RowAttrs) -> &Option<String>| attrs().find_map(|a| get(a).clone());
    let created_at = case
        .rows
        .iter()
        .find(|r| matches!(r.activity, RowKind::Create))
        .map(|r| r.at)
        .or_else(|| attrs().find_map(|a| a.created_at))
        .or_else(|| case.rows.first().map(|r| r.at));
    let Some(created_at) = created_at else {
        // Not reached: a case exists only once it has a good row.
        return Err(Box::new(CaseError {
            id: case.id.clone(),
            error: Error::InvalidValue {
                field: m.columns.case_id.clone(),
                value: case.id,
                expected: "a case with at least one event",
            },
            at: None,
        }));
    };
    let channel = attrs()
        .find_map(|a| a.channel)
        .or(m.default_channel)
        .unwrap_or(Channel::Other);
    let mut it = Interaction::new(case.id.clone(), channel, created_at);
    it.priority = first_text(|a| &a.priority).or_else(|| m.default_priority.clone());
    it.topic = first_text(|a| &a.topic).or_else(|| m.default_topic.clone());
    it.customer_id = first_text(|a| &a.customer_id);
    let column_group = first_text(|a| &a.group);
    for a in attrs() {
        for (k, v) in &a.attributes {
            it.attributes.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    let mut lines = Vec::new();
    for r in case.rows {
        let RowKind::Event(mut kind) = r.activity else {
            continue;
        };
        if let EventKind::Assignment { assignee, .. } = &mut kind {
            if assignee.is_none() {
                assignee.clone_from(&r.actor);
            }
        }
        it.events.push(Event {
            at: r.at,
            actor: r.actor,
            kind,
        });
        lines.push(r.line);
    }
    let assigned = |want_group: bool| {
        it.events.iter().rev().find_map(|e| match &e.kind {
            EventKind::Assignment { assignee, group } => {
                if want_group {
                    group.clone()
                } else {
                    assignee.clone()
                }
            }
            _ => None,
        })
    };
    it.assignee = assigned(false).or_else(|| {
        it.events
            .iter()
            .find(|e| e.kind == EventKind::AgentReply)
            .and_then(|e| e.actor.clone())
    });
    it.group = column_group
        .or_else(|| assigned(true))
        .or_else(|| m.default_group.clone());
    match it.validate() {
        Ok(()) => Ok(it),
        Err(e) => {
            let index = match &e {
                Error::InvalidTransition { index, .. } => Some(*index),
                Error::EventBeforeCreation { .. } => {
                    it.events.iter().position(|x| x.at < it.created_at)
                }
                _ => None,
            };
            let at = index.and_then(|i| lines.get(i).map(|l| (i, *l)));
            Err(Box::new(CaseError {
                id: it.id,
                error: e,
                at,
            }))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn mapping() -> EventLogMapping {
        EventLogMapping::from_json(
            r#"{"activities": {"open": "create", "reply": "agent_reply", "note": "ignore",
                "take": {"type": "assignment", "group": "L2"},
                "solve": {"type": "status_change", "status": "solved"},
                "close": {"type": "status_change", "status": "closed"}}}"#,
        )
        .unwrap()
    }

    #[test]
    fn mapping_json_round_trip_and_errors() {
        let m = mapping();
        let text = serde_json::to_string(&m).unwrap();
        assert_eq!(EventLogMapping::from_json(&text).unwrap(), m);
        assert!(text.contains(r#""reply":"agent_reply""#), "{text}");
        assert!(
            text.contains(r#""take":{"type":"assignment","group":"L2"}"#),
            "{text}"
        );
        let code = |t: &str| EventLogMapping::from_json(t).unwrap_err().code();
        assert_eq!(
            code(r#"{"activities": {"a": "escalation"}}"#),
            "invalid_value"
        );
        assert_eq!(
            code(r#"{"activities": {"a": {"type": "status_change", "status": "done"}}}"#),
            "unknown_status"
        );
        assert_eq!(
            code(r#"{"activities": {"a": {"type": "spam", "tier": "2"}}}"#),
            "unknown_field"
        );
        assert_eq!(
            code(r#"{"activities": {"a": {"type": "reply"}}}"#),
            "invalid_value"
        );
        assert_eq!(code(r#"{"activities": {"a": 3}}"#), "invalid_type");
        assert_eq!(
            code(r#"{"activities": {"a": {"type": "escalation"}}}"#),
            "invalid_json"
        );
        assert_eq!(
            code(r#"{"activities": {}, "default_channel": "fax"}"#),
            "unknown_channel"
        );
        assert_eq!(code(r#"{"activities": {}, "colums": {}}"#), "invalid_json");
        assert_eq!(code(r#"{}"#), "invalid_json");
        assert_eq!(code(r#"[]"#), "invalid_type");
        let twice = EventLogMapping::from_json(r#"{"activities": {"a": "spam", "a": "ignore"}}"#)
            .unwrap_err();
        assert!(twice.to_string().contains("`a` is mapped twice"), "{twice}");
    }

    #[test]
    fn cases_are_sorted_dated_and_attributed() {
        let log = "case_id,activity,timestamp,resource\n\
                   A,solve,2026-03-02T11:00:00Z,bo\n\
                   B,reply,2026-03-02T10:00:00Z,cy\n\
                   A,take,2026-03-02T09:10:00Z,bo\n\
                   A,note,2026-03-02T08:00:00Z,\n\
                   A,open,2026-03-02T09:00:00Z,\n\
                   A,reply,2026-03-02T09:30:00Z,ana\n";
        // A's note at 08:00 precedes its creation at 09:00, but an ignored row adds no event.
        let b = read_event_log_csv(log, &mapping(), &ReadOptions::default()).unwrap();
        assert!(b.quality.is_clean(), "{:?}", b.quality);
        let a = &b.interactions[0];
        assert_eq!(
            a.created_at,
            parse_instant("t", "2026-03-02T09:00:00Z").unwrap()
        );
        let kinds: Vec<_> = a.events.iter().map(|e| e.kind.name()).collect();
        assert_eq!(kinds, ["assignment", "agent_reply", "status_change"]);
        // The last assignment wins over the first reply; the assignment's group is the group.
        assert_eq!(
            (a.assignee.as_deref(), a.group.as_deref()),
            (Some("bo"), Some("L2"))
        );
        assert_eq!(a.channel, Channel::Other);
        let bb = &b.interactions[1];
        assert_eq!((bb.id.as_str(), bb.assignee.as_deref()), ("B", Some("cy")));
    }

    #[test]
    fn invalid_cases_are_one_finding_and_all_their_rows() {
        let log = "case_id,activity,timestamp\n\
                   A,open,2026-03-02T09:00:00Z\n\
                   A,close,2026-03-02T10:00:00Z\n\
                   A,solve,2026-03-02T11:00:00Z\n\
                   B,open,2026-03-02T09:00:00Z\n\
                   ,reply,2026-03-02T09:00:00Z\n";
        let b = read_event_log_csv(log, &mapping(), &ReadOptions::default()).unwrap();
        assert_eq!(b.interactions.len(), 1);
        assert_eq!((b.quality.rows_read, b.quality.rows_rejected), (5, 4));
        let f: Vec<_> = b
            .quality
            .findings
            .iter()
            .map(|f| {
                (
                    f.line,
                    f.id.as_deref(),
                    f.column.as_deref(),
                    f.code.as_str(),
                )
            })
            .collect();
        assert_eq!(
            f,
            [
                (Some(2), Some("A"), None, "invalid_transition"),
                (Some(6), None, Some("case_id"), "invalid_value"),
            ]
        );
        assert!(b.quality.findings[0]
            .message
            .ends_with("(event 1 is on line 4)"));
        let err = read_event_log_csv(log, &mapping(), &ReadOptions::default().strict(true));
        assert_eq!(err.unwrap_err().code(), "invalid_transition");
        let missing = read_event_log_csv("case_id,activity\n", &mapping(), &ReadOptions::default());
        assert_eq!(missing.unwrap_err().code(), "missing_column");
    }
}
