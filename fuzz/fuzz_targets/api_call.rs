//! The JSON operation boundary (`api::call_json`), the parser every binding and the CLI feed:
//! any operation name and argument text never panics, every error carries a known code, an
//! answer is valid JSON, and `call` on the parsed value agrees with `call_json` on the text.
//!
//! Input: the operation's name on the first line (or, when it is a number, the index of an
//! operation in `api::OPS`, so the fuzzer reaches every operation quickly), then the
//! arguments' JSON text.

#![no_main]

use libfuzzer_sys::fuzz_target;
use support_metrics::{api, Error};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (head, args) = text.split_once('\n').unwrap_or((text, "{}"));
    let op = match head.trim().parse::<usize>() {
        Ok(i) => api::OPS[i % api::OPS.len()].name,
        Err(_) => head,
    };
    let by_text = api::call_json(op, args);
    match &by_text {
        Ok(answer) => {
            let v: serde_json::Value = serde_json::from_str(answer).expect("an answer is JSON");
            drop(v);
        }
        Err(e) => assert!(
            Error::CODES.contains(&e.code()),
            "unknown code {}",
            e.code()
        ),
    }
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(args) {
        let by_value = api::call(op, &value).map(|v| v.to_string());
        match (&by_text, &by_value) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(a), Err(b)) => assert_eq!(a.code(), b.code()),
            (a, b) => panic!("call_json {a:?} but call {b:?}"),
        }
    }
});
