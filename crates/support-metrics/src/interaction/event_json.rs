//! The serde form of [`Event`] and [`EventKind`], written by hand.
//!
//! Why: derived, `EventKind` is an internally tagged enum (`"type"`) flattened into `Event`, so
//! serde buffers every event into its generic `Content` tree and reads it a second time: about
//! 8 KB of the WebAssembly module gzipped, for one small record. This reads the keys once. The
//! form is the derived one, which the tests keep as the reference: `at`, `actor` when known,
//! `type` and the kind's own fields (`status`; `assignee` and `group` when known; `tier`;
//! `into`). Keys a kind does not use are ignored, whatever their values, as derived.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::{Event, EventKind, Status, EVENT_TYPES};

/// The keys of an event; `Other` is any key the form does not use.
enum Key {
    At,
    Actor,
    Type,
    Status,
    Assignee,
    Group,
    Tier,
    Into,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "at" => Key::At,
                    "actor" => Key::Actor,
                    "type" => Key::Type,
                    "status" => Key::Status,
                    "assignee" => Key::Assignee,
                    "group" => Key::Group,
                    "tier" => Key::Tier,
                    "into" => Key::Into,
                    _ => Key::Other,
                })
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

/// Reads an event (`event`: `at` and `actor` are its keys) or a bare event kind (they are
/// ignored). The kind's fields are kept as JSON values until `type` says which ones it uses.
struct EventVisitor {
    event: bool,
}

/// What the map held.
#[derive(Default)]
struct Read {
    at: Option<DateTime<Utc>>,
    actor: Option<Option<String>>,
    kind: Option<Value>,
    status: Option<Value>,
    assignee: Option<Value>,
    group: Option<Value>,
    tier: Option<Value>,
    into: Option<Value>,
}

fn once<T, E: de::Error>(slot: &mut Option<T>, name: &'static str, v: T) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(v);
    Ok(())
}

/// A required field of the kind, from its kept value.
fn required<T: de::DeserializeOwned, E: de::Error>(
    v: Option<Value>,
    name: &'static str,
) -> Result<T, E> {
    let v = v.ok_or_else(|| E::missing_field(name))?;
    T::deserialize(v).map_err(E::custom)
}

/// An optional field (`null` or absent: none).
fn optional<E: de::Error>(v: Option<Value>) -> Result<Option<String>, E> {
    match v {
        None => Ok(None),
        Some(v) => Option::<String>::deserialize(v).map_err(E::custom),
    }
}

impl Read {
    fn kind<E: de::Error>(self) -> Result<EventKind, E> {
        // The tag is a name. (Derived, a flattened event also took a variant's index, `"type":
        // 5`, where a bare kind did not; an index is refused here in both.)
        let kind = match self.kind.ok_or_else(|| E::missing_field("type"))? {
            Value::String(s) => s,
            other => {
                return Err(E::custom(format!(
                    "invalid type: {other}, expected a string"
                )))
            }
        };
        Ok(match kind.as_str() {
            "customer_message" => EventKind::CustomerMessage,
            "agent_reply" => EventKind::AgentReply,
            "internal_note" => EventKind::InternalNote,
            "bot_message" => EventKind::BotMessage,
            "bot_handoff" => EventKind::BotHandoff,
            "status_change" => EventKind::StatusChange {
                status: required::<Status, E>(self.status, "status")?,
            },
            "assignment" => EventKind::Assignment {
                assignee: optional(self.assignee)?,
                group: optional(self.group)?,
            },
            "escalation" => EventKind::Escalation {
                tier: required(self.tier, "tier")?,
            },
            "merge" => EventKind::Merge {
                into: required(self.into, "into")?,
            },
            "spam" => EventKind::Spam,
            other => return Err(E::unknown_variant(other, &EVENT_TYPES)),
        })
    }
}

impl<'de> Visitor<'de> for EventVisitor {
    type Value = (Option<DateTime<Utc>>, Option<String>, EventKind);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.event {
            "an event object"
        } else {
            "an event kind object"
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut r = Read::default();
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::At if self.event => once(&mut r.at, "at", map.next_value()?)?,
                Key::Actor if self.event => once(&mut r.actor, "actor", map.next_value()?)?,
                Key::Type => once(&mut r.kind, "type", map.next_value()?)?,
                Key::Status => once(&mut r.status, "status", map.next_value()?)?,
                Key::Assignee => once(&mut r.assignee, "assignee", map.next_value()?)?,
                Key::Group => once(&mut r.group, "group", map.next_value()?)?,
                Key::Tier => once(&mut r.tier, "tier", map.next_value()?)?,
                Key::Into => once(&mut r.into, "into", map.next_value()?)?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let (at, actor) = (r.at.take(), r.actor.take().flatten());
        Ok((at, actor, r.kind()?))
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Event, D::Error> {
        let (at, actor, kind) = d.deserialize_map(EventVisitor { event: true })?;
        let at = at.ok_or_else(|| de::Error::missing_field("at"))?;
        Ok(Event { at, actor, kind })
    }
}

impl<'de> Deserialize<'de> for EventKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<EventKind, D::Error> {
        Ok(d.deserialize_map(EventVisitor { event: false })?.2)
    }
}

/// Writes `type` and the kind's fields into a map.
fn kind_entries<M: SerializeMap>(m: &mut M, kind: &EventKind) -> Result<(), M::Error> {
    m.serialize_entry("type", kind.name())?;
    match kind {
        EventKind::StatusChange { status } => m.serialize_entry("status", status.as_str()),
        EventKind::Assignment { assignee, group } => {
            if let Some(a) = assignee {
                m.serialize_entry("assignee", a)?;
            }
            if let Some(g) = group {
                m.serialize_entry("group", g)?;
            }
            Ok(())
        }
        EventKind::Escalation { tier } => m.serialize_entry("tier", tier),
        EventKind::Merge { into } => m.serialize_entry("into", into),
        EventKind::CustomerMessage
        | EventKind::AgentReply
        | EventKind::InternalNote
        | EventKind::BotMessage
        | EventKind::BotHandoff
        | EventKind::Spam => Ok(()),
    }
}

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("at", &self.at)?;
        if let Some(a) = &self.actor {
            m.serialize_entry("actor", a)?;
        }
        kind_entries(&mut m, &self.kind)?;
        m.end()
    }
}

impl Serialize for EventKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        kind_entries(&mut m, self)?;
        m.end()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    /// The derived form, as it was: the reference.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case", tag = "type")]
    enum RefKind {
        CustomerMessage,
        AgentReply,
        InternalNote,
        BotMessage,
        BotHandoff,
        StatusChange {
            status: Status,
        },
        Assignment {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            assignee: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            group: Option<String>,
        },
        Escalation {
            tier: String,
        },
        Merge {
            into: String,
        },
        Spam,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    struct RefEvent {
        at: DateTime<Utc>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        actor: Option<String>,
        #[serde(flatten)]
        kind: RefKind,
    }

    fn value() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            Just(json!(5)),
            Just(json!(true)),
            Just(json!([])),
            Just(json!({})),
            Just(json!("")),
            Just(json!("solved")),
            Just(json!("pending")),
            Just(json!("bogus")),
            Just(json!("2026-03-02T10:00:00Z")),
            Just(json!("2026-03-02T10:00:00+03:00")),
            Just(json!("ana")),
        ]
    }

    fn object() -> impl Strategy<Value = Value> {
        let keys = [
            "at", "actor", "type", "status", "assignee", "group", "tier", "into", "other",
        ];
        let types = EVENT_TYPES.iter().map(|t| json!(t)).collect::<Vec<_>>();
        (
            proptest::collection::vec((0..keys.len(), value()), 0..8),
            proptest::option::of(proptest::sample::select(types)),
            proptest::option::of(proptest::sample::select(vec![
                json!("2026-03-02T10:00:00Z"),
                json!("not a time"),
            ])),
        )
            .prop_map(move |(entries, ty, at)| {
                let mut m = serde_json::Map::new();
                for (k, v) in entries {
                    m.insert(keys[k].to_string(), v);
                }
                if let Some(t) = ty {
                    m.insert("type".into(), t);
                }
                if let Some(a) = at {
                    m.insert("at".into(), a);
                }
                Value::Object(m)
            })
    }

    /// The same text gives the same result as the derived form, accepted or refused, and the
    /// same JSON back.
    fn same(v: &Value) {
        let text = v.to_string();
        if v.get("type").is_some_and(Value::is_number) {
            // The one deliberate difference: a variant index as the tag is refused.
            assert!(serde_json::from_str::<Event>(&text).is_err());
            assert!(serde_json::from_str::<EventKind>(&text).is_err());
            return;
        }
        same_as::<Event, RefEvent>(&text);
        same_as::<EventKind, RefKind>(&text);
    }

    fn same_as<M, R>(text: &str)
    where
        M: de::DeserializeOwned + Serialize + fmt::Debug,
        R: de::DeserializeOwned + Serialize + fmt::Debug,
    {
        let mine = serde_json::from_str::<M>(text);
        let reference = serde_json::from_str::<R>(text);
        assert_eq!(
            mine.is_ok(),
            reference.is_ok(),
            "{text}: {mine:?} {reference:?}"
        );
        if let (Ok(m), Ok(r)) = (mine, reference) {
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                serde_json::to_string(&r).unwrap()
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]
        #[test]
        fn as_derived(v in object()) {
            same(&v);
        }
    }

    #[test]
    fn as_derived_by_hand() {
        for v in [
            json!({"at": "2026-03-02T10:00:00Z", "type": "agent_reply", "actor": "ana"}),
            json!({"at": "2026-03-02T10:00:00Z", "type": "status_change", "status": "solved"}),
            json!({"at": "2026-03-02T10:00:00Z", "type": "status_change"}),
            json!({"at": "2026-03-02T10:00:00Z", "type": "agent_reply", "status": 5}),
            json!({"at": "2026-03-02T10:00:00Z", "type": "assignment", "assignee": null}),
            json!({"at": "2026-03-02T10:00:00Z", "type": "assignment", "group": "t2"}),
            json!({"at": "2026-03-02T10:00:00Z", "type": "escalation", "tier": 2}),
            json!({"at": "2026-03-02T10:00:00Z", "type": "merge", "into": "T9"}),
            json!({"at": "2026-03-02T10:00:00Z", "type": "nope"}),
            json!({"at": "2026-03-02T10:00:00Z"}),
            json!({"type": "spam"}),
            json!({"at": null, "type": "spam"}),
            json!({"at": "2026-03-02T10:00:00Z", "actor": null, "type": "spam"}),
            json!({"at": "2026-03-02T10:00:00Z", "actor": 3, "type": "spam"}),
            json!([1, 2]),
            json!("spam"),
        ] {
            same(&v);
        }
        // Key order of the derived form.
        let e = Event::new(
            "2026-03-02T10:00:00Z".parse().unwrap(),
            EventKind::Assignment {
                assignee: Some("ana".into()),
                group: None,
            },
        )
        .actor("bo");
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"at":"2026-03-02T10:00:00Z","actor":"bo","type":"assignment","assignee":"ana"}"#
        );
    }
}
