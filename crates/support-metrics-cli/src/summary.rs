//! Interactions from a summary file (CSV, or JSON Lines for `.jsonl` / `.ndjson`) through the
//! core's `read_summary_csv` (in parts on the machine's cores) / `read_summary_jsonl`, and the
//! file positions of their findings.

use std::path::Path;

use support_metrics::csv::Header;
use support_metrics::interaction::{
    read_summary_csv, read_summary_csv_in_parts, read_summary_jsonl, ReadOptions, SummaryBatch,
    SummaryTable, REQUIRED_COLUMNS,
};
use support_metrics::quality::Finding;

use crate::fail::{split_json_position, Failure};
use crate::io::{field_position, open_csv, Input};

/// True when `path` names a JSON Lines file (`.jsonl` or `.ndjson`, any case).
pub fn is_jsonl(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

/// A summary file read by the core, with what is needed to place its findings.
pub struct Summary {
    pub batch: SummaryBatch,
    /// The CSV header, `None` for JSON Lines.
    header: Option<Header>,
}

/// Reads the summary rows of `input`. A malformed CSV or a missing column is a failure placed
/// in the file; with `strict` so is the first bad row, placed at its row (found again by a
/// lenient read, since the core's strict error does not carry the line).
pub fn read(input: &Input, jsonl: bool, strict: bool) -> Result<Summary, Failure> {
    let header = if jsonl {
        None
    } else {
        // The header first, for a `missing_column` on the header's line and the positions
        // of the columns findings name.
        Some(open_csv(input, &REQUIRED_COLUMNS)?.1)
    };
    let opts = ReadOptions::default().strict(strict);
    let result = if jsonl {
        read_summary_jsonl(&input.text, &opts)
    } else if strict {
        read_summary_csv(&input.text, &opts)
    } else {
        // Large texts are read on the machine's cores (exactly the one-thread read).
        read_summary_csv_in_parts(&input.text, crate::io::threads())
    };
    let summary = |batch| Summary {
        batch,
        header: header.clone(),
    };
    match result {
        Ok(batch) => Ok(summary(batch)),
        Err(e) if strict => {
            let lenient = if jsonl {
                read_summary_jsonl(&input.text, &ReadOptions::default())
            } else {
                read_summary_csv(&input.text, &ReadOptions::default())
            };
            let first = lenient.ok().and_then(|b| {
                let s = summary(b);
                s.batch
                    .quality
                    .findings
                    .first()
                    .filter(|f| f.code == e.code())
                    .map(|f| s.place(input, f))
            });
            Err(match first {
                Some(f) => f,
                None => Failure::core(&e, Some(&input.name)),
            })
        }
        Err(e) => Err(Failure::core(&e, Some(&input.name))),
    }
}

impl Summary {
    /// A finding as a failure at its line and column of `input`.
    pub fn place(&self, input: &Input, f: &Finding) -> Failure {
        place(input, self.header.as_ref(), f)
    }
}

/// Reads the summary CSV `input` as a table (the core builds each interaction when the report
/// reads it, see `SummaryTable`), on the machine's cores, with its findings placed in the
/// file. A malformed CSV or a missing column is a failure placed in the file.
pub fn read_table(input: &Input) -> Result<(SummaryTable<'_>, Vec<Failure>), Failure> {
    let header = open_csv(input, &REQUIRED_COLUMNS)?.1;
    let table = SummaryTable::read(&input.text, crate::io::threads())
        .map_err(|e| Failure::core(&e, Some(&input.name)))?;
    let placed = table
        .quality()
        .findings
        .iter()
        .map(|f| place(input, Some(&header), f))
        .collect();
    Ok((table, placed))
}

/// A finding of a CSV (with its `header`) or JSON Lines file as a failure at its line and
/// column: the position a JSON error carries in its message, else the field the finding names
/// (or a ragged row's first missing or extra field), else the row's first column.
pub fn place(input: &Input, header: Option<&Header>, f: &Finding) -> Failure {
    let (mut message, mut column, mut field_number) = (f.message.clone(), None, None);
    if f.code == "invalid_csv" {
        // A row with another number of fields than the header: `CSV line L, column C:
        // reason`, where C is the 1-based number of the first missing or extra field.
        if let Some((pos, reason)) = f.message.split_once(": ") {
            field_number = pos
                .rsplit_once("column ")
                .and_then(|(_, c)| c.parse::<usize>().ok());
            message = reason.to_string();
        }
    } else if f.code == "invalid_json" {
        if let Some((text, _, c)) = split_json_position(&f.message) {
            message = text;
            column = Some(c);
        }
    }
    let failure = Failure::data(message, &f.code);
    let Some(line) = f.line else {
        return failure.in_file(&input.name);
    };
    let named = f.column.clone().or_else(|| {
        // A reply or resolution before creation names its field in the message.
        (f.code == "event_before_creation")
            .then(|| {
                ["first_response_at", "resolved_at"]
                    .into_iter()
                    .find(|c| f.message.contains(&format!("`: {c} at ")))
                    .map(str::to_string)
            })
            .flatten()
    });
    let index = match (header, named, field_number) {
        (_, _, Some(n)) => n.checked_sub(1),
        (Some(h), Some(name), None) => h.position(&name),
        _ => None,
    };
    let (line, column) = match (column, index) {
        (Some(c), _) => (line, c),
        (None, Some(i)) if header.is_some() => match field_position(&input.text, line, i) {
            // A field the row does not have (too few fields): just past the row's end.
            (l, 1) if i > 0 => (l, end_of_line(&input.text, l)),
            p => p,
        },
        _ => (line, 1),
    };
    failure.at(&input.name, line, column)
}

/// The 1-based column just past the end of `line` of `text` (a byte-order mark not counted).
fn end_of_line(text: &str, line: u64) -> u64 {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let usize_line = usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX);
    text.lines()
        .nth(usize_line)
        .map_or(1, |l| l.trim_end_matches('\r').chars().count() as u64 + 1)
}
