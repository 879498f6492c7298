//! One JSON operation boundary over the whole core: `call("business_seconds", {...})`.
//!
//! Why: the Python and JavaScript packages and the command line must give the same numbers from
//! the same code, and a calculation written twice is a bug. So every public operation is named
//! here once, with named JSON arguments and a JSON answer (the core types' serde form). The
//! bindings only convert their values to and from JSON and call [`call`] or [`call_json`]; the
//! shared test vectors (`tests/vectors/*.json`) are run through this one entry point in every
//! language, so the three cannot drift.
//!
//! Arguments follow the shared formats: instants are RFC 3339 text with an offset, numbers are
//! JSON numbers (or `"NaN"`, `"Infinity"`, `"-Infinity"` where a non-finite value must be
//! expressible to be refused), calendars and policies are their JSON documents. Unknown
//! argument names are refused (`unknown_field`), never ignored. Bulk columnar work (millions of
//! rows) has its own typed entry points that skip JSON; this boundary is for everything else.
//!
//! ```
//! use serde_json::json;
//! use support_metrics::api;
//!
//! let cal = json!({"timezone": "UTC", "week": {"mon": [["09:00", "17:00"]]}});
//! let got = api::call("business_seconds", &json!({
//!     "calendar": cal, "start": "2026-03-02T08:00:00Z", "end": "2026-03-02T10:30:00Z"
//! }))?;
//! assert_eq!(got, json!(5400.0));
//! let err = api::call("erlang_c", &json!({"agents": 2, "traffic_erlangs": -1})).unwrap_err();
//! assert_eq!(err.code(), "invalid_rate");
//! assert_eq!(api::call("nope", &json!({})).unwrap_err().code(), "unknown_operation");
//! # Ok::<(), support_metrics::Error>(())
//! ```

mod args;
mod ops;
mod states;

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};

pub use ops::OPS;

/// One operation: its name, the module it belongs to, its arguments and what it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Op {
    /// The operation's name, the same in every language (snake_case; camelCase in JS).
    pub name: &'static str,
    /// The core module it calls (`calendar`, `stats`, `survey`, ...).
    pub area: &'static str,
    /// Its argument names in order, comma separated; a trailing `?` marks an optional one.
    pub args_text: &'static str,
    /// One line on what it answers.
    pub summary: &'static str,
}

impl Op {
    /// The arguments as `(name, required)` pairs, in order.
    pub fn args(&self) -> impl Iterator<Item = (&'static str, bool)> {
        self.args_text
            .split(", ")
            .filter(|a| !a.is_empty())
            .map(|a| match a.strip_suffix('?') {
                Some(name) => (name, false),
                None => (a, true),
            })
    }

    fn accepts(&self, key: &str) -> bool {
        self.args().any(|(name, _)| name == key)
    }
}

/// The operation called `name`, if there is one.
#[must_use]
pub fn find(name: &str) -> Option<&'static Op> {
    OPS.iter().find(|op| op.name == name)
}

/// Calls the operation `op` with its named arguments (a JSON object); the answer is the
/// result's JSON form.
///
/// Errors: `unknown_operation` for a name not in [`OPS`]; `unknown_field`, `missing_field`,
/// `invalid_type` or `invalid_json` (naming the argument) for arguments that do not fit; and
/// otherwise the operation's own typed errors.
pub fn call(op: &str, args: &Value) -> Result<Value> {
    call_with(op, args, 1)
}

/// [`call`] allowed to use up to `threads` threads for large inputs (the `report` operation
/// reads a large `summary_csv` and computes the report in parts: exactly the one-thread
/// answer). The core never asks the machine how many cores it has; bindings that can start
/// threads pass the machine's count, the others 1.
pub fn call_with(op: &str, args: &Value, threads: usize) -> Result<Value> {
    let found = find(op).ok_or_else(|| Error::UnknownOperation {
        name: op.chars().take(80).collect(),
    })?;
    let a = args::Args::new(found, args)?.threads(threads);
    ops::dispatch(found.name, &a)
}

/// [`call`] with the arguments and the answer as JSON text, for bindings that pass strings.
pub fn call_json(op: &str, args: &str) -> Result<String> {
    call_json_texts(op, args, Vec::new(), 1)
}

/// [`call_with`] with the arguments and the answer as JSON text, and some string arguments
/// passed beside that text as `(name, text)` pairs that take the place of those names in it:
/// the same call as with the texts inside the JSON, without escaping a 100 MB CSV into JSON
/// and reading it back.
///
/// ```
/// use support_metrics::api::{call_json, call_json_texts};
/// let csv = "id,channel,created_at\n1,chat,2026-03-02T09:00:00Z\n".to_string();
/// let inside = serde_json::json!({"text": csv}).to_string();
/// assert_eq!(
///     call_json_texts("read_summary_csv", "{}", vec![("text".into(), csv)], 1)?,
///     call_json("read_summary_csv", &inside)?
/// );
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn call_json_texts(
    op: &str,
    args: &str,
    texts: Vec<(String, String)>,
    threads: usize,
) -> Result<String> {
    let mut value: Value = serde_json::from_str(args).map_err(|e| Error::InvalidJson {
        message: e.to_string(),
    })?;
    if let Value::Object(map) = &mut value {
        for (name, text) in texts {
            map.insert(name, Value::String(text));
        }
    }
    let answer = call_with(op, &value, threads)?;
    Ok(answer.to_string())
}

/// What kind of JSON value `v` is ("a string", "an array", ...), for `invalid_type` messages
/// here, in the interaction reader and in the command line.
#[must_use]
pub fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value's JSON form. Non-finite floats become `null` (serde_json's rule), which is also what
/// an undefined metric is, so no NaN ever crosses the boundary.
///
/// Written as text and read back: every type then has one serializer, serde_json's text one
/// (which the command line and the fingerprints need anyway), instead of a second one into
/// `Value` (about 60 KB of the WebAssembly module). `Value` keeps its keys sorted either way.
pub(crate) fn to_json<T: serde::Serialize>(x: &T) -> Result<Value> {
    text_to_json(serde_json::to_string(x))
}

/// The second half of [`to_json`], not generic: one copy for all types.
fn text_to_json(text: serde_json::Result<String>) -> Result<Value> {
    let invalid = |e: serde_json::Error| Error::InvalidJson {
        message: e.to_string(),
    };
    serde_json::from_str(&text.map_err(invalid)?).map_err(invalid)
}

/// Reads a core type from a parsed JSON value through its text, so that every type has one
/// deserializer, serde_json's text one (which the documents' `from_json` readers use), instead
/// of a second one from `Value` (about 70 KB of the WebAssembly module). The message is
/// serde's, without the position in that text (which is not the caller's).
pub(crate) fn from_json_value<T: serde::de::DeserializeOwned>(
    v: &Value,
) -> std::result::Result<T, String> {
    crate::json::from_str(&v.to_string()).map_err(without_position)
}

/// serde_json's message without the position it appends (not generic: one copy for all types).
fn without_position(e: serde_json::Error) -> String {
    let m = e.to_string();
    let at = format!(" at line {} column {}", e.line(), e.column());
    m.strip_suffix(&at)
        .map_or_else(|| m.clone(), str::to_string)
}

/// Deserializes a float from a JSON number or from `"NaN"`, `"Infinity"`, `"-Infinity"`, so
/// that a record with a non-finite value reaches its validation (and gets that error's code)
/// instead of failing as malformed JSON.
pub(crate) fn lenient_f64<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<f64, D::Error> {
    let v = Value::deserialize(d)?;
    args::number(&v).ok_or_else(|| {
        serde::de::Error::custom(format!("expected a number, found {}", args::kind(&v)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_value_through_its_text_reads_as_the_value_would() {
        assert_eq!(from_json_value::<Vec<u32>>(&json!([1, 2])), Ok(vec![1, 2]));
        // serde's message, without a position in a text the caller never saw.
        assert_eq!(
            from_json_value::<u32>(&json!("x")),
            Err("invalid type: string \"x\", expected u32".to_string())
        );
        assert_eq!(
            from_json_value::<Vec<u32>>(&json!([1, -1])),
            Err("invalid value: integer `-1`, expected u32".to_string())
        );
    }
}
