//! Reading an operation's JSON arguments into the core's types, with typed errors that name
//! the argument (`args.start`, `args.options`), never a panic.

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::Op;
use crate::calendar::parse_instant;
use crate::error::{Error, Result};
use crate::BusinessCalendar;

/// The arguments of one call, checked against the operation's declared names.
pub(crate) struct Args<'a> {
    map: &'a Map<String, Value>,
    /// Threads the operation may use for large inputs (`call_with`).
    pub(crate) threads: usize,
}

/// A short description of a JSON value's type, for `invalid_type` messages.
pub(crate) fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) if s.chars().count() <= 40 => format!("string \"{s}\""),
        other => super::json_kind(other).into(),
    }
}

fn invalid(name: &str, expected: &'static str, found: &Value) -> Error {
    Error::InvalidType {
        path: format!("args.{name}"),
        expected,
        found: kind(found),
    }
}

/// A number, or one of the strings `"NaN"`, `"Infinity"`, `"-Infinity"` that stand for the
/// float values JSON cannot spell (so that bad input can be written at all).
pub(crate) fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => match s.as_str() {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            _ => None,
        },
        _ => None,
    }
}

impl<'a> Args<'a> {
    /// Checks that `args` is an object whose keys `op` declares.
    pub(crate) fn new(op: &'static Op, args: &'a Value) -> Result<Args<'a>> {
        let map = match args {
            Value::Object(m) => m,
            other => {
                return Err(Error::InvalidType {
                    path: "args".into(),
                    expected: "an object of named arguments",
                    found: kind(other),
                })
            }
        };
        for key in map.keys() {
            if !op.accepts(key) {
                return Err(Error::UnknownField {
                    path: format!("{}(args)", op.name),
                    field: key.clone(),
                    expected: op.args_text,
                });
            }
        }
        Ok(Args { map, threads: 1 })
    }

    /// Allows up to `threads` threads.
    pub(crate) fn threads(mut self, threads: usize) -> Args<'a> {
        self.threads = threads;
        self
    }

    /// The argument, or `None` when absent or `null`.
    pub(crate) fn opt(&self, name: &'static str) -> Option<&'a Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    /// The argument, or a `missing_field` error.
    pub(crate) fn req(&self, name: &'static str) -> Result<&'a Value> {
        self.opt(name).ok_or(Error::MissingField {
            path: "args".into(),
            field: name,
        })
    }

    pub(crate) fn f64(&self, name: &'static str) -> Result<f64> {
        let v = self.req(name)?;
        number(v).ok_or_else(|| invalid(name, "a number", v))
    }

    pub(crate) fn f64s(&self, name: &'static str) -> Result<Vec<f64>> {
        let v = self.req(name)?;
        let items = v
            .as_array()
            .ok_or_else(|| invalid(name, "an array of numbers", v))?;
        items
            .iter()
            .map(|x| number(x).ok_or_else(|| invalid(name, "an array of numbers", x)))
            .collect()
    }

    pub(crate) fn u64(&self, name: &'static str) -> Result<u64> {
        let v = self.req(name)?;
        v.as_u64()
            .ok_or_else(|| invalid(name, "a whole number, zero or more", v))
    }

    pub(crate) fn u32(&self, name: &'static str) -> Result<u32> {
        let v = self.req(name)?;
        v.as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| invalid(name, "a whole number from 0 to 4294967295", v))
    }

    pub(crate) fn bool_or(&self, name: &'static str, default: bool) -> Result<bool> {
        match self.opt(name) {
            None => Ok(default),
            Some(v) => v.as_bool().ok_or_else(|| invalid(name, "true or false", v)),
        }
    }

    pub(crate) fn str(&self, name: &'static str) -> Result<&'a str> {
        let v = self.req(name)?;
        v.as_str().ok_or_else(|| invalid(name, "a string", v))
    }

    /// An RFC 3339 instant with an offset (`invalid_timestamp` otherwise).
    pub(crate) fn instant(&self, name: &'static str) -> Result<DateTime<Utc>> {
        parse_instant(name, self.str(name)?)
    }

    /// An optional column of instants; `null` is a missing row.
    pub(crate) fn instants(&self, name: &'static str) -> Result<Vec<Option<DateTime<Utc>>>> {
        let v = self.req(name)?;
        let items = v
            .as_array()
            .ok_or_else(|| invalid(name, "an array of RFC 3339 instants or null", v))?;
        items
            .iter()
            .map(|x| match x {
                Value::Null => Ok(None),
                Value::String(s) => parse_instant(name, s).map(Some),
                other => Err(invalid(
                    name,
                    "an array of RFC 3339 instants or null",
                    other,
                )),
            })
            .collect()
    }

    /// Any serde type of the core, from its JSON form.
    pub(crate) fn de<T: DeserializeOwned>(&self, name: &'static str) -> Result<T> {
        de_value(name, self.req(name)?)
    }

    /// As [`de`](Self::de), the type's default when absent.
    pub(crate) fn de_or_default<T: DeserializeOwned + Default>(
        &self,
        name: &'static str,
    ) -> Result<T> {
        match self.opt(name) {
            None => Ok(T::default()),
            Some(v) => de_value(name, v),
        }
    }

    /// A document the core reads with its own strict reader: given as the JSON value itself or
    /// as its text (so that duplicate keys and broken JSON can be passed at all).
    pub(crate) fn text_of(&self, name: &'static str) -> Result<String> {
        Ok(match self.req(name)? {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }

    /// The `calendar` argument, read by [`BusinessCalendar::from_json`].
    pub(crate) fn calendar(&self) -> Result<BusinessCalendar> {
        BusinessCalendar::from_json(&self.text_of("calendar")?)
    }
}

pub(crate) fn de_value<T: DeserializeOwned>(name: &str, v: &Value) -> Result<T> {
    super::from_json_value(v).map_err(|e| invalid_json(name, &e))
}

/// The error of an argument that does not read as its type (not generic: one copy).
fn invalid_json(name: &str, e: &str) -> Error {
    Error::InvalidJson {
        message: format!("args.{name}: {e}"),
    }
}
