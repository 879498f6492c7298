//! The golden vectors of `tests/vectors/csv.json`: the shared CSV reader.

use serde_json::{json, Value};
use support_metrics::csv::{CsvReader, Header, Record};
use support_metrics::Result;

pub const VECTORS: &str = include_str!("vectors/csv.json");

fn run(op: &str, args: &Value) -> Result<Value> {
    let text = args["text"].as_str().expect("text");
    let mut reader = CsvReader::new(text);
    let mut rec = Record::default();
    match op {
        "read_csv" => {
            let (mut records, mut lines) = (Vec::new(), Vec::new());
            while reader.read(&mut rec)? {
                records.push(rec.iter().map(Value::from).collect::<Vec<_>>());
                lines.push(rec.line());
            }
            Ok(json!({"records": records, "lines": lines}))
        }
        "read_csv_header" => {
            assert!(reader.read(&mut rec)?, "a header line");
            let header = Header::new(&rec)?;
            let mut positions = Vec::new();
            for name in args["require"].as_array().expect("require") {
                positions.push(header.require(name.as_str().expect("a name"))?);
            }
            Ok(json!({"positions": positions}))
        }
        other => panic!("unknown op {other}"),
    }
}

#[test]
fn csv_vectors() {
    let doc: Value = serde_json::from_str(VECTORS).expect("csv.json is JSON");
    assert_eq!(doc["format"], 1);
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 10);
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let got = run(case["op"].as_str().expect("op"), &case["args"]);
        match (case["expect"].get("error").and_then(Value::as_str), got) {
            (Some(code), Err(e)) => assert_eq!(e.code(), code, "{name}: {e}"),
            (Some(code), Ok(v)) => panic!("{name}: expected error {code}, got {v}"),
            (None, Ok(v)) => assert_eq!(v, case["expect"], "{name}"),
            (None, Err(e)) => panic!("{name}: unexpected error {e}"),
        }
    }
}
