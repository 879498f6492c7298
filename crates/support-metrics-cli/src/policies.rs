//! SLA policies from a file: JSON, or TOML (when the name ends in `.toml`) turned into the
//! same JSON and handed to the core's `SlaPolicies::from_json`, so the core's validation and
//! error codes apply unchanged. A TOML syntax error is the command line's own `invalid_toml`,
//! at the line and column toml gives.

use std::path::Path;

use serde_json::{Map, Number, Value};
use support_metrics::sla::SlaPolicies;
use support_metrics::Error;

use toml::de::{DeArray, DeTable, DeValue};

use crate::fail::{split_json_position, Failure};
use crate::io::{parse_json, Input};
use crate::locate::{parse_path, target, Seg};

/// True when `path` names a TOML file (`.toml`, any case).
pub fn is_toml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// The policies of `input`, TOML when `toml`, JSON otherwise.
pub fn policies_from(input: &Input, toml: bool) -> Result<SlaPolicies, Failure> {
    if !toml {
        parse_json(input)?;
        return SlaPolicies::from_json(&input.text)
            .map_err(|e| Failure::core_in(&e, &input.name, &input.text));
    }
    let json = toml_to_json_text(input)?;
    SlaPolicies::from_json(&json).map_err(|e| {
        let f = core_in_toml(&e, &input.name);
        match locate_toml(&input.text, &e) {
            Some((line, column)) => f.at(&input.name, line, column),
            None => f,
        }
    })
}

/// The TOML document of `input` as JSON text.
pub fn toml_to_json_text(input: &Input) -> Result<String, Failure> {
    let table: toml::Table = toml::from_str(&input.text).map_err(|e| {
        let message = format!("invalid TOML: {}", e.message().trim_end());
        let f = Failure::data(message, "invalid_toml");
        match e.span() {
            Some(span) => {
                let (line, column) = position(&input.text, span.start);
                f.at(&input.name, line, column)
            }
            None => f.in_file(&input.name),
        }
    })?;
    let value = Value::Object(table.iter().map(|(k, v)| (k.clone(), json(v))).collect());
    Ok(value.to_string())
}

/// A core error about policies read from TOML: the position serde_json gives refers to the
/// JSON made from the TOML, not to the file, so it is left out.
fn core_in_toml(e: &Error, file: &str) -> Failure {
    let mut f = Failure::core(e, Some(file));
    if let Error::InvalidJson { message } = e {
        let text = split_json_position(message).map_or(message.clone(), |(m, _, _)| m);
        f.message = format!("invalid policies: {text}");
    }
    f.place = None;
    f.in_file(file)
}

/// The line and column in the TOML `text` of the value (or key) a core error names by its
/// path (`policies[1]`, `policies[0].targets[1].seconds`), when it can be found.
pub fn locate_toml(text: &str, e: &Error) -> Option<(u64, u64)> {
    let (path, key) = target(e)?;
    let segs = parse_path(path)?;
    let root = DeTable::parse(text).ok()?;
    let mut span = root.span();
    let mut table = Some(root.get_ref());
    let mut array = None;
    for seg in &segs {
        let value = match seg {
            Seg::Key(k) => table?.iter().find(|(name, _)| name.get_ref() == k)?.1,
            Seg::Index(i) => array.and_then(|a: &DeArray<'_>| a.get(*i))?,
        };
        span = value.span();
        (table, array) = match value.get_ref() {
            DeValue::Table(t) => (Some(t), None),
            DeValue::Array(a) => (None, Some(a)),
            _ => (None, None),
        };
    }
    if let Some(key) = key {
        span = table?
            .iter()
            .find(|(name, _)| name.get_ref() == key)?
            .0
            .span();
    }
    Some(position(text, span.start))
}

/// One TOML value as JSON: datetimes as their text, non-finite floats as text (which the
/// core then refuses as a wrong type, since JSON has no such numbers).
fn json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::Number((*i).into()),
        toml::Value::Float(x) => {
            Number::from_f64(*x).map_or_else(|| Value::String(x.to_string()), Value::Number)
        }
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), json(v)))
                .collect::<Map<String, Value>>(),
        ),
    }
}

/// The 1-based line and column (characters) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> (u64, u64) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() as u64 + 1;
    let last = before.rfind('\n').map_or(before, |i| &before[i + 1..]);
    (line, last.chars().count() as u64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_becomes_the_same_json() {
        let input = Input {
            name: "p.toml".into(),
            text: "[[policies]]\nname = \"a\"\n[[policies.targets]]\nmetric = \"first_reply\"\nseconds = 60\n".into(),
        };
        let v: Value = serde_json::from_str(&toml_to_json_text(&input).unwrap_or_default())
            .unwrap_or_default();
        assert_eq!(
            v,
            serde_json::json!({"policies": [{"name": "a", "targets": [{"metric": "first_reply", "seconds": 60}]}]})
        );
        let bad = Input {
            name: "p.toml".into(),
            text: "[[policies]]\nname = \"a\nx = 1\n".into(),
        };
        let f = toml_to_json_text(&bad).err();
        assert_eq!(f.map(|f| f.code), Some("invalid_toml".to_string()));
        assert!(is_toml(Path::new("a/b.TOML")) && !is_toml(Path::new("b.json")));
        assert_eq!(position("ab\ncé\nx", 6), (2, 3));
    }
}
