//! The calendar JSON form, read strictly: unknown keys, duplicate keys and wrong types are
//! errors that name their place in the document, because a typo silently ignored is a wrong
//! business-hours number later.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::{check_date, CalendarSpec, WallInterval};
use crate::error::{Error, Result};
use crate::tz::Zone;

/// A JSON value that keeps object keys in order and duplicates, so they can be reported.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn kind(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => format!("boolean {b}"),
            Json::Number(n) => format!("number {n}"),
            Json::String(s) => format!("string {s:?}"),
            Json::Array(_) => "an array".into(),
            Json::Object(_) => "an object".into(),
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> std::result::Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> std::result::Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Json, E> {
        Ok(Json::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<Json, E> {
        Ok(Json::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<Json, E> {
        Ok(Json::Number(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Json, E> {
        Ok(Json::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Json, A::Error> {
        let mut entries = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Json>()? {
            entries.push((k, v));
        }
        Ok(Json::Object(entries))
    }
}

const ROOT_FIELDS: &str = "timezone, name, week, holidays, overrides, closures";
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Parses the calendar JSON form.
pub(crate) fn parse(text: &str) -> Result<CalendarSpec> {
    let value: Json = serde_json::from_str(text).map_err(|e| Error::InvalidJson {
        message: e.to_string(),
    })?;
    spec_from_value(&value)
}

pub(crate) fn spec_from_value(value: &Json) -> Result<CalendarSpec> {
    let root = object(value, "calendar")?;
    let mut timezone = None;
    let mut spec = CalendarSpec::new(Zone::UTC);
    for (key, value) in root {
        match key.as_str() {
            "timezone" => {
                let name = string(value, "timezone")?;
                timezone = Some(name.parse::<Zone>()?);
            }
            "name" => {
                spec.name = match value {
                    Json::Null => None,
                    v => Some(string(v, "name")?.to_owned()),
                }
            }
            "week" => {
                for (day, value) in object(value, "week")? {
                    let path = format!("week.{day}");
                    let Some(index) = WEEKDAYS.iter().position(|d| d == day) else {
                        return Err(Error::UnknownWeekday {
                            path: "week".into(),
                            key: day.clone(),
                        });
                    };
                    spec.week[index] = intervals(value, &path)?;
                }
            }
            "holidays" => {
                for (i, value) in array(value, "holidays")?.iter().enumerate() {
                    let path = format!("holidays[{i}]");
                    spec.holidays.insert(date(string(value, &path)?, &path)?);
                }
            }
            "overrides" => spec.overrides = dated_intervals(value, "overrides")?,
            "closures" => spec.closures = dated_intervals(value, "closures")?,
            other => {
                return Err(Error::UnknownField {
                    path: "calendar".into(),
                    field: other.to_owned(),
                    expected: ROOT_FIELDS,
                })
            }
        }
    }
    spec.timezone = timezone.ok_or(Error::MissingField {
        path: "calendar".into(),
        field: "timezone",
    })?;
    Ok(spec)
}

/// An object's entries, refusing duplicate keys.
fn object<'a>(value: &'a Json, path: &str) -> Result<&'a [(String, Json)]> {
    let Json::Object(entries) = value else {
        return Err(wrong(value, path, "an object"));
    };
    let mut seen = BTreeSet::new();
    for (key, _) in entries {
        if !seen.insert(key.as_str()) {
            return Err(Error::DuplicateKey {
                path: path.to_owned(),
                key: key.clone(),
            });
        }
    }
    Ok(entries)
}

fn array<'a>(value: &'a Json, path: &str) -> Result<&'a [Json]> {
    match value {
        Json::Array(items) => Ok(items),
        other => Err(wrong(other, path, "an array")),
    }
}

fn string<'a>(value: &'a Json, path: &str) -> Result<&'a str> {
    match value {
        Json::String(s) => Ok(s),
        other => Err(wrong(other, path, "a string")),
    }
}

fn wrong(value: &Json, path: &str, expected: &'static str) -> Error {
    Error::InvalidType {
        path: path.to_owned(),
        expected,
        found: value.kind(),
    }
}

fn intervals(value: &Json, path: &str) -> Result<Vec<WallInterval>> {
    let mut out = Vec::new();
    for (i, item) in array(value, path)?.iter().enumerate() {
        let path = format!("{path}[{i}]");
        match array(item, &path)? {
            [s, e] => out.push(WallInterval::parse_at(
                string(s, &format!("{path}[0]"))?,
                string(e, &format!("{path}[1]"))?,
                &path,
            )?),
            _ => {
                return Err(Error::InvalidType {
                    path,
                    expected: "a [start, end] pair of \"HH:MM\" strings",
                    found: item.kind(),
                })
            }
        }
    }
    Ok(out)
}

fn dated_intervals(value: &Json, path: &str) -> Result<BTreeMap<NaiveDate, Vec<WallInterval>>> {
    let mut out = BTreeMap::new();
    for (key, value) in object(value, path)? {
        let day = date(key, &format!("{path} key"))?;
        let ivs = intervals(value, &format!("{path}.{key}"))?;
        if out.insert(day, ivs).is_some() {
            // Two spellings of one date cannot happen with the strict format, but never merge silently.
            return Err(Error::DuplicateKey {
                path: path.to_owned(),
                key: key.clone(),
            });
        }
    }
    Ok(out)
}

/// A strict `YYYY-MM-DD` date in the supported range.
fn date(text: &str, path: &str) -> Result<NaiveDate> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let num = |r: std::ops::Range<usize>| text.get(r).and_then(|s| s.parse::<u32>().ok());
    let parsed = (b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(0..4)
        && digits(5..7)
        && digits(8..10))
    .then(|| NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?))
    .flatten();
    let day = parsed.ok_or_else(|| Error::InvalidDate {
        path: path.to_owned(),
        value: text.to_owned(),
    })?;
    check_date(day, path)?;
    Ok(day)
}

/// Serializes a spec in the canonical JSON form.
pub(crate) struct SpecRef<'a>(pub &'a CalendarSpec);

struct Intervals<'a>(&'a [WallInterval]);

impl Serialize for Intervals<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for iv in self.0 {
            seq.serialize_element(&[iv.start().to_string(), iv.end().to_string()])?;
        }
        seq.end()
    }
}

struct Dated<'a>(&'a BTreeMap<NaiveDate, Vec<WallInterval>>);

impl Serialize for Dated<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (d, ivs) in self.0 {
            map.serialize_entry(&d.to_string(), &Intervals(ivs))?;
        }
        map.end()
    }
}

struct Week<'a>(&'a [Vec<WallInterval>; 7]);

impl Serialize for Week<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(7))?;
        for (day, ivs) in WEEKDAYS.iter().zip(self.0) {
            map.serialize_entry(day, &Intervals(ivs))?;
        }
        map.end()
    }
}

impl Serialize for SpecRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let spec = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("timezone", spec.timezone.name())?;
        if let Some(name) = &spec.name {
            map.serialize_entry("name", name)?;
        }
        map.serialize_entry("week", &Week(&spec.week))?;
        let holidays: Vec<String> = spec.holidays.iter().map(NaiveDate::to_string).collect();
        map.serialize_entry("holidays", &holidays)?;
        map.serialize_entry("overrides", &Dated(&spec.overrides))?;
        map.serialize_entry("closures", &Dated(&spec.closures))?;
        map.end()
    }
}

pub(crate) fn to_string(spec: &CalendarSpec) -> String {
    // Serializing plain strings and maps into a String cannot fail.
    serde_json::to_string(&SpecRef(spec)).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn code(text: &str) -> &'static str {
        parse(text).map(|_| "ok").unwrap_or_else(|e| e.code())
    }

    #[test]
    fn rejects_bad_input_with_codes() {
        assert_eq!(code(r#"{"timezone":"UTC"}"#), "ok");
        assert_eq!(code(r#"{"timezone":"UTC""#), "invalid_json");
        assert_eq!(code(r#"[]"#), "invalid_type");
        assert_eq!(code(r#"{}"#), "missing_field");
        assert_eq!(code(r#"{"timezone":"UTC","holiday":[]}"#), "unknown_field");
        assert_eq!(
            code(r#"{"timezone":"UTC","timezone":"UTC"}"#),
            "duplicate_key"
        );
        assert_eq!(
            code(r#"{"timezone":"Europe/Atlantis"}"#),
            "unknown_time_zone"
        );
        assert_eq!(
            code(r#"{"timezone":"UTC","week":{"monday":[]}}"#),
            "unknown_weekday"
        );
        assert_eq!(
            code(r#"{"timezone":"UTC","week":{"mon":[["09:00"]]}}"#),
            "invalid_type"
        );
        assert_eq!(
            code(r#"{"timezone":"UTC","week":{"mon":[["09:00","24:30"]]}}"#),
            "invalid_time"
        );
        assert_eq!(
            code(r#"{"timezone":"UTC","week":{"mon":[["24:00","06:00"]]}}"#),
            "invalid_time"
        );
        assert_eq!(
            code(r#"{"timezone":"UTC","week":{"mon":[["09:00","09:00"]]}}"#),
            "empty_interval"
        );
        assert_eq!(
            code(r#"{"timezone":"UTC","week":{"mon":[["09:00",9]]}}"#),
            "invalid_type"
        );
        assert_eq!(
            code(r#"{"timezone":"UTC","holidays":["2026-02-30"]}"#),
            "invalid_date"
        );
        assert_eq!(
            code(r#"{"timezone":"UTC","holidays":["2026-1-1"]}"#),
            "invalid_date"
        );
        assert_eq!(
            code(r#"{"timezone":"UTC","holidays":["2100-01-01"]}"#),
            "out_of_range"
        );
        assert_eq!(
            code(r#"{"timezone":"UTC","overrides":{"01/02/2026":[]}}"#),
            "invalid_date"
        );
        assert_eq!(
            code(r#"{"timezone":"UTC","overrides":{"2026-01-02":[],"2026-01-02":[]}}"#),
            "duplicate_key"
        );
        assert_eq!(
            code(r#"{"timezone":"UTC","closures":{"2026-01-02":[["14:00","13:00"]]}}"#),
            "ok"
        );
    }

    #[test]
    fn messages_name_the_place() {
        let err = parse(
            r#"{"timezone":"UTC","overrides":{"2026-01-02":[["09:00","10:00"],["10:00","7pm"]]}}"#,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "overrides.2026-01-02[1][1]: invalid wall-clock time `7pm`: expected HH:MM or HH:MM:SS"
        );
        let err = parse(r#"{"timezone":"UTC","week":{"mon":"9-5"}}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "week.mon: expected an array, found string \"9-5\""
        );
    }

    #[test]
    fn round_trips() {
        let text = r#"{"timezone":"Europe/Moscow","name":"Moscow desk","week":{"mon":[["09:00","13:00"],["14:00","18:00"]],"sat":[],"sun":[["22:00","06:00:30"]]},"holidays":["2026-01-01","2026-01-02"],"overrides":{"2026-11-01":[["09:00","18:00"]],"2026-12-31":[]},"closures":{"2026-06-10":[["14:00","16:00"]]}}"#;
        let spec = parse(text).unwrap();
        let again = parse(&to_string(&spec)).unwrap();
        assert_eq!(spec, again);
        assert_eq!(to_string(&spec), to_string(&again));
    }
}
