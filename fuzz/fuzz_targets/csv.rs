//! The CSV reader: arbitrary text never panics and every error has a known code; and records
//! written out by a minimal RFC 4180 writer read back exactly, with the right line numbers.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use support_metrics::csv::{CsvReader, Header, Record};
use support_metrics::Error;

#[derive(Arbitrary, Debug)]
struct Input {
    raw: String,
    records: Vec<Vec<String>>,
    crlf: bool,
}

/// Quotes a field when it must be (or when it is the only, empty field, which would otherwise
/// be a blank line).
fn write_field(out: &mut String, field: &str, alone: bool) {
    let needs = field.is_empty() && alone
        || field.starts_with('\u{feff}')
        || field.contains(['"', ',', '\n'])
        || field.contains("\r\n")
        || field.ends_with('\r');
    if needs {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

fuzz_target!(|input: Input| {
    // 1. Anything: no panic, known codes, increasing lines.
    let mut reader = CsvReader::new(&input.raw);
    let mut rec = Record::default();
    let mut last_line = 0;
    loop {
        match reader.read(&mut rec) {
            Ok(true) => {
                assert!(rec.line() > last_line, "lines go forward");
                last_line = rec.line();
                assert!(!rec.is_empty());
                let _ = Header::new(&rec);
            }
            Ok(false) => break,
            Err(e) => {
                assert!(Error::CODES.contains(&e.code()));
                assert!(!e.to_string().is_empty());
                break;
            }
        }
    }

    // 2. Round trip of written records.
    let records: Vec<&Vec<String>> = input
        .records
        .iter()
        .filter(|r| !r.is_empty())
        .take(50)
        .collect();
    let mut text = String::new();
    let mut lines = Vec::new();
    let mut line = 1u64;
    for r in &records {
        lines.push(line);
        for (i, f) in r.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            write_field(&mut text, f, r.len() == 1);
        }
        line += r
            .iter()
            .map(|f| f.matches('\n').count() as u64)
            .sum::<u64>()
            + 1;
        text.push_str(if input.crlf { "\r\n" } else { "\n" });
    }
    let mut reader = CsvReader::new(&text);
    for (want, want_line) in records.iter().zip(&lines) {
        assert!(
            reader.read(&mut rec).expect("written CSV reads back"),
            "a record"
        );
        let got: Vec<String> = rec.iter().map(str::to_string).collect();
        assert_eq!(&got, *want, "text {text:?}");
        assert_eq!(rec.line(), *want_line, "line of {want:?} in {text:?}");
    }
    assert!(!reader.read(&mut rec).expect("no trailing garbage"));
});
