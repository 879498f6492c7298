//! Interactions from an event log CSV (one row per event) through the core's
//! `read_event_log_csv`, with the event mapping read from JSON, or from TOML (when the name ends
//! in `.toml`) turned into the same JSON as `policies.rs` does; the file positions of the
//! findings.

use std::path::Path;

use support_metrics::csv::Header;
use support_metrics::interaction::{
    read_event_log_csv, EventLogMapping, ReadOptions, SummaryBatch,
};
use support_metrics::quality::Finding;
use support_metrics::Error;

use crate::fail::{split_json_position, Failure};
use crate::io::{open_csv, parse_json, read_file, Input};
use crate::policies::{is_toml, locate_toml, toml_to_json_text};
use crate::summary;

/// An event log read by the core, with its header to place the findings.
pub struct Events {
    pub batch: SummaryBatch,
    header: Header,
}

impl Events {
    /// A finding as a failure at its line and column of `input`.
    pub fn place(&self, input: &Input, f: &Finding) -> Failure {
        summary::place(input, Some(&self.header), f)
    }
}

/// The event mapping of `input`: TOML when `toml`, JSON otherwise. Errors are placed at the
/// value their path names where it can be found (`activities.Wait`).
pub fn mapping_from(input: &Input, toml: bool) -> Result<EventLogMapping, Failure> {
    if !toml {
        parse_json(input)?;
        return EventLogMapping::from_json(&input.text)
            .map_err(|e| Failure::core_in(&e, &input.name, &input.text));
    }
    let json = toml_to_json_text(input)?;
    EventLogMapping::from_json(&json).map_err(|e| {
        // A position serde_json gives would be one in the converted JSON: left out.
        let mut f = Failure::core(&e, Some(&input.name));
        if let Error::InvalidJson { message } = &e {
            let text = split_json_position(message).map_or(message.clone(), |(m, _, _)| m);
            f.message = format!("invalid event mapping: {text}");
        }
        f.place = None;
        match locate_toml(&input.text, &e) {
            Some((line, column)) => f.at(&input.name, line, column),
            None => f.in_file(&input.name),
        }
    })
}

/// The mapping file at `path` (JSON, or TOML for `.toml`).
pub fn mapping_file(path: &Path) -> Result<EventLogMapping, Failure> {
    mapping_from(&read_file(path)?, is_toml(path))
}

/// Reads the event log `input` through `mapping`. A malformed CSV or a missing column is a
/// failure placed in the file (a missing column on the header's line); with `strict` so is
/// the first finding, at its line and column.
pub fn read(input: &Input, mapping: &EventLogMapping, strict: bool) -> Result<Events, Failure> {
    let (_, header, _) = open_csv(input, &mapping.required_columns())?;
    let batch = read_event_log_csv(&input.text, mapping, &ReadOptions::default())
        .map_err(|e| Failure::core(&e, Some(&input.name)))?;
    let events = Events { batch, header };
    if strict {
        if let Some(f) = events.batch.quality.findings.first() {
            return Err(events.place(input, f));
        }
    }
    Ok(events)
}
