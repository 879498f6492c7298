//! `support-metrics call`: the core's one JSON operation boundary (`api::call`), for one call
//! or for JSON Lines requests.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde_json::{json, Map, Value};
use support_metrics::{api, Error};

use crate::cli::CallArgs;
use crate::fail::{split_json_position, Failure, EXIT_OK};
use crate::io::{parse_json, read_file, read_stdin, Input, Output};

pub fn run(a: &CallArgs) -> Result<u8, Failure> {
    if a.jsonl {
        return jsonl(a.input.as_deref());
    }
    let op = a.op.as_deref().unwrap_or_default();
    if api::find(op).is_none() {
        // Before reading stdin, so that a typo does not wait for input.
        return Err(unknown_op(op));
    }
    let input = match a.args.as_deref() {
        None | Some("-") => read_stdin()?,
        Some(s) => match s.strip_prefix('@') {
            Some(path) => read_file(Path::new(path))?,
            None => Input {
                name: "<args>".into(),
                text: s.to_string(),
            },
        },
    };
    let args = parse_json(&input)?;
    let answer =
        api::call(op, &args).map_err(|e| Failure::core_in(&e, &input.name, &input.text))?;
    let text = if a.pretty {
        serde_json::to_string_pretty(&answer).unwrap_or_else(|_| answer.to_string())
    } else {
        answer.to_string()
    };
    let mut out = Output::new(None)?;
    out.line(&text)?;
    out.flush()?;
    Ok(EXIT_OK)
}

fn unknown_op(op: &str) -> Failure {
    let e = Error::UnknownOperation {
        name: op.chars().take(80).collect(),
    };
    let mut f = Failure::core(&e, None);
    f.message = format!(
        "unknown operation `{}`: `support-metrics ops` lists them",
        op.chars().take(80).collect::<String>()
    );
    f
}

/// Answers every request line of the input, in order, one line each.
fn jsonl(input: Option<&Path>) -> Result<u8, Failure> {
    let (name, mut reader): (String, Box<dyn BufRead>) = match input {
        Some(p) => {
            let name = p.display().to_string();
            let f = File::open(p).map_err(|e| Failure::io(&name, "read the file", &e))?;
            (name, Box::new(BufReader::new(f)))
        }
        None => ("<stdin>".into(), Box::new(std::io::stdin().lock())),
    };
    let mut out = Output::new(None)?;
    let mut buf = Vec::new();
    let mut line = 0u64;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Failure::io(&name, "read", &e))?;
        if n == 0 {
            break;
        }
        line += 1;
        if let Some(reply) = answer(&buf, line) {
            out.line(&ordered(&reply))?;
            // One answer per request as soon as it is known, so a caller can converse.
            out.flush()?;
        }
    }
    out.flush()?;
    Ok(EXIT_OK)
}

/// The answer line to one request line; `None` for a blank line.
fn answer(bytes: &[u8], line: u64) -> Option<Value> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => {
            let e = Error::InvalidValue {
                field: format!("line {line}"),
                value: String::from_utf8_lossy(bytes).chars().take(40).collect(),
                expected: "UTF-8 text",
            };
            return Some(error_line(Value::Null, &e, line));
        }
    };
    let text = text.trim_end_matches(['\n', '\r']);
    if text.trim().is_empty() {
        return None;
    }
    let (id, request) = request(text, line);
    let result = request.and_then(|(op, args)| api::call(&op, &args));
    Some(match result {
        Ok(v) => json!({"id": id, "ok": v}),
        Err(e) => error_line(id, &e, line),
    })
}

/// Reads `{"id"?, "op", "args"?}` into its id and, unless it is malformed, its operation and
/// arguments; a malformed request is an error naming its line.
fn request(text: &str, line: u64) -> (Value, Result<(String, Value), Error>) {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let message = e.to_string();
            let message = match split_json_position(&message) {
                Some((m, _, c)) => format!("line {line}, column {}: {m}", c.max(1)),
                None => format!("line {line}: {message}"),
            };
            return (Value::Null, Err(Error::InvalidJson { message }));
        }
    };
    let Value::Object(mut m) = value else {
        let e = Error::InvalidType {
            path: format!("line {line}"),
            expected: "a request object {\"id\", \"op\", \"args\"}",
            found: support_metrics::api::json_kind(&value).to_string(),
        };
        return (Value::Null, Err(e));
    };
    let id = m.remove("id").unwrap_or(Value::Null);
    if let Some(key) = m.keys().find(|k| *k != "op" && *k != "args") {
        let e = Error::UnknownField {
            path: format!("line {line}"),
            field: key.clone(),
            expected: "id, op, args",
        };
        return (id, Err(e));
    }
    let op = match m.remove("op") {
        Some(Value::String(s)) => s,
        None => {
            let e = Error::MissingField {
                path: format!("line {line}"),
                field: "op",
            };
            return (id, Err(e));
        }
        Some(other) => {
            let e = Error::InvalidType {
                path: format!("line {line}: op"),
                expected: "an operation name (a string)",
                found: support_metrics::api::json_kind(&other).to_string(),
            };
            return (id, Err(e));
        }
    };
    let args = m.remove("args").unwrap_or(Value::Object(Map::new()));
    (id, Ok((op, args)))
}

/// An answer line with `id` first, then `ok` or `error` (`code`, `family`, `message`, `line`),
/// for people reading it; the JSON is the same in any order.
fn ordered(reply: &Value) -> String {
    let id = reply.get("id").unwrap_or(&Value::Null);
    match (reply.get("ok"), reply.get("error")) {
        (Some(ok), _) => format!("{{\"id\":{id},\"ok\":{ok}}}"),
        (None, Some(e)) => {
            let field = |k: &str| e.get(k).unwrap_or(&Value::Null).to_string();
            format!(
                "{{\"id\":{id},\"error\":{{\"code\":{},\"family\":{},\"message\":{},\"line\":{}}}}}",
                field("code"),
                field("family"),
                field("message"),
                field("line")
            )
        }
        (None, None) => reply.to_string(),
    }
}

fn error_line(id: Value, e: &Error, line: u64) -> Value {
    json!({"id": id, "error": {
        "code": e.code(), "family": e.family(), "message": e.to_string(), "line": line
    }})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_lines_name_their_line() {
        let r = answer(b"{\"op\": \"erlang_b\",", 7).unwrap_or_default();
        assert_eq!(r["error"]["code"], "invalid_json");
        assert!(r["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("line 7, column"));
        let r = answer(b"[1]\n", 2).unwrap_or_default();
        assert_eq!(r["error"]["code"], "invalid_type");
        let r = answer(b"{\"id\": 5, \"opp\": 1}", 3).unwrap_or_default();
        assert_eq!(r["id"], 5);
        assert_eq!(r["error"]["code"], "unknown_field");
        assert_eq!(answer(b"  \r\n", 4), None);
        let r = answer(b"\xff\n", 9).unwrap_or_default();
        assert_eq!(r["error"]["line"], 9);
    }
}
