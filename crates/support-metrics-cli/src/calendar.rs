//! `support-metrics calendar`: business seconds, deadlines and opening hours from the core's
//! `BusinessCalendar`, for one pair of instants or every row of a CSV.

use chrono::{DateTime, Utc};
use serde_json::json;
use support_metrics::calendar::{format_instant, parse_instant};
use support_metrics::csv::Record;
use support_metrics::{BusinessCalendar, Error};

use crate::cli::CalendarArgs;
use crate::fail::{row_errors_exit, Failure, EXIT_OK};
use crate::io::{
    error_cell, field_position, open_csv, parse_json, ragged, read_file, Input, Output,
};

pub fn run(a: &CalendarArgs) -> Result<u8, Failure> {
    let cal = load_calendar(a)?;
    if let Some(path) = &a.input {
        return pairs_csv(a, &cal, path);
    }
    let mut out = Output::new(None)?;
    let text = if let Some(at) = &a.at {
        let t = instant("--at", at)?;
        let open = cal.is_open(t).map_err(core)?;
        let next_open = cal.next_open(t).map_err(core)?.map(format_instant);
        // The close ending the current opening, or, when closed, the next opening's (the
        // core's `next_close` of a closed instant is that instant itself).
        let closes_from = if open {
            Some(t)
        } else {
            cal.next_open(t).map_err(core)?
        };
        let next_close = match closes_from {
            Some(from) => cal.next_close(from).map_err(core)?.map(format_instant),
            None => None,
        };
        if a.json {
            json!({"at": format_instant(t), "is_open": open, "next_open": next_open,
                   "next_close": next_close})
            .to_string()
        } else {
            let none = || "none".to_string();
            format!(
                "open: {open}\nnext_open: {}\nnext_close: {}",
                next_open.unwrap_or_else(none),
                next_close.unwrap_or_else(none)
            )
        }
    } else {
        let start = instant("--start", a.start.as_deref().unwrap_or_default())?;
        if let Some(seconds) = a.add {
            let due = format_instant(cal.add_business_seconds(start, seconds).map_err(core)?);
            if a.json {
                json!({"start": format_instant(start), "seconds": seconds, "deadline": due})
                    .to_string()
            } else {
                due
            }
        } else {
            let end = instant("--end", a.end.as_deref().unwrap_or_default())?;
            let secs = cal.business_seconds(start, end).map_err(core)?;
            if a.json {
                json!({"start": format_instant(start), "end": format_instant(end),
                       "business_seconds": secs})
                .to_string()
            } else {
                secs.to_string()
            }
        }
    };
    out.line(&text)?;
    out.flush()?;
    Ok(EXIT_OK)
}

fn core(e: Error) -> Failure {
    Failure::core(&e, None)
}

fn instant(option: &str, text: &str) -> Result<DateTime<Utc>, Failure> {
    parse_instant(option, text).map_err(core)
}

/// The calendar document: a JSON syntax error at its line and column, an invalid calendar
/// with the core's message (which names the place in the document).
fn load_calendar(a: &CalendarArgs) -> Result<BusinessCalendar, Failure> {
    calendar_from(&read_file(&a.calendar)?)
}

/// A calendar from a JSON document already read: a syntax error at its line and column, an
/// invalid calendar at the line and column of the value the core's message names.
pub fn calendar_from(input: &Input) -> Result<BusinessCalendar, Failure> {
    parse_json(input)?;
    BusinessCalendar::from_json(&input.text)
        .map_err(|e| Failure::core_in(&e, &input.name, &input.text))
}

/// One input row: its line, its texts, and its error when it could not be read.
struct Row {
    line: u64,
    start: String,
    end: String,
    error: Option<(usize, Error)>,
}

/// Business seconds for every `start,end` row, through the core's batch form.
fn pairs_csv(
    a: &CalendarArgs,
    cal: &BusinessCalendar,
    path: &std::path::Path,
) -> Result<u8, Failure> {
    let input = read_file(path)?;
    let (mut reader, header, cols) = open_csv(&input, &["start", "end"])?;
    let (si, ei) = (cols[0], cols[1]);
    let mut rec = Record::default();
    let (mut rows, mut starts, mut ends) = (Vec::new(), Vec::new(), Vec::new());
    while reader
        .read(&mut rec)
        .map_err(|e| Failure::core(&e, Some(&input.name)))?
    {
        let mut row = Row {
            line: rec.line(),
            start: rec.get(si).unwrap_or_default().trim().to_string(),
            end: rec.get(ei).unwrap_or_default().trim().to_string(),
            error: None,
        };
        let (mut s, mut e) = (None, None);
        if let Some(err) = ragged(&rec, &header) {
            row.error = Some((rec.len().min(header.names().len()), err));
        } else {
            match read_instant("start", &row.start) {
                Ok(t) => s = t,
                Err(err) => row.error = Some((si, err)),
            }
            match read_instant("end", &row.end) {
                Ok(t) => e = t,
                Err(err) if row.error.is_none() => row.error = Some((ei, err)),
                Err(_) => {}
            }
            if row.error.is_some() {
                (s, e) = (None, None);
            }
        }
        starts.push(s);
        ends.push(e);
        rows.push(row);
    }
    let batch = cal.business_seconds_batch(&starts, &ends).map_err(core)?;
    for re in batch.errors {
        if let Some(row) = rows.get_mut(re.row) {
            if row.error.is_none() {
                let col = if re.error.code() == "end_before_start" {
                    ei
                } else {
                    si
                };
                row.error = Some((col, re.error));
            }
        }
    }
    let mut out = Output::new(a.output.as_ref())?;
    out.csv(&["start", "end", "business_seconds", "error"])?;
    let mut bad = 0usize;
    for (i, row) in rows.iter().enumerate() {
        let shown =
            |text: &str, t: Option<DateTime<Utc>>| t.map_or(text.to_string(), format_instant);
        let value = batch
            .values
            .get(i)
            .copied()
            .flatten()
            .filter(|_| row.error.is_none())
            .map(|v| v.to_string())
            .unwrap_or_default();
        let cell = match &row.error {
            Some((col, e)) => {
                bad += 1;
                let (line, column) = field_position(&input.text, row.line, *col);
                eprintln!("{}", Failure::core(e, None).at(&input.name, line, column));
                error_cell(e)
            }
            None => String::new(),
        };
        out.csv(&[
            &shown(&row.start, starts[i]),
            &shown(&row.end, ends[i]),
            &value,
            &cell,
        ])?;
    }
    out.flush()?;
    Ok(row_errors_exit(
        bad,
        rows.len(),
        &input.name,
        a.allow_row_errors,
    ))
}

/// An empty field is a missing instant; anything else must be RFC 3339 with an offset.
fn read_instant(column: &str, text: &str) -> Result<Option<DateTime<Utc>>, Error> {
    if text.is_empty() {
        Ok(None)
    } else {
        parse_instant(column, text).map(Some)
    }
}
