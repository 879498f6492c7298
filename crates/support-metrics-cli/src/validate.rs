//! `support-metrics validate`: reads input files through the core's readers and reports what
//! is wrong with them (rows read, rows rejected, every finding with its position); it computes
//! no metric.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use support_metrics::quality::{DataQuality, Finding, Severity};
use support_metrics::survey::{SurveyConfig, Surveys};

use crate::calendar::calendar_from;
use crate::cli::ValidateArgs;
use crate::fail::{Failure, Place, EXIT_DATA, EXIT_OK};
use crate::io::{open_csv, read_file, Input, Output};
use crate::policies::{is_toml, policies_from};
use crate::summary::{self, is_jsonl};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Interactions,
    Events,
    Surveys,
    Calendar,
    Policies,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Interactions => "interactions",
            Kind::Events => "events",
            Kind::Surveys => "surveys",
            Kind::Calendar => "calendar",
            Kind::Policies => "policies",
        }
    }
}

/// One finding, placed in its file.
struct Item {
    failure: Failure,
    /// `rejected`, `suspicious`, or `invalid` (the whole file).
    severity: &'static str,
    id: Option<String>,
    field: Option<String>,
}

/// What validation found in one file.
struct Report {
    path: String,
    kind: Kind,
    /// Rows read and rejected; `None` for documents and files that could not be read as rows.
    rows: Option<(u64, u64)>,
    items: Vec<Item>,
}

pub fn run(a: &ValidateArgs) -> Result<u8, Failure> {
    let files: Vec<(Kind, &PathBuf)> = [
        (Kind::Interactions, a.interactions.as_ref()),
        (Kind::Events, a.events.as_ref()),
        (Kind::Surveys, a.surveys.as_ref()),
        (Kind::Calendar, a.calendar.as_ref()),
        (Kind::Policies, a.policies.as_ref()),
    ]
    .into_iter()
    .filter_map(|(k, p)| p.map(|p| (k, p)))
    .collect();
    // Every file is read first: one that cannot be read stops everything (exit 4); one that
    // is not UTF-8 text is an invalid file like any other.
    let mut inputs = Vec::new();
    for (kind, path) in &files {
        match read_file(path) {
            Ok(input) => inputs.push((*kind, path.as_path(), Ok(input))),
            Err(f) if f.exit == EXIT_DATA && !a.strict => {
                inputs.push((*kind, path.as_path(), Err(f)));
            }
            Err(f) => return Err(f),
        }
    }
    let mut reports = Vec::new();
    for (kind, path, input) in &inputs {
        reports.push(match input {
            Ok(input) => check(*kind, path, input, a)?,
            Err(f) => Report {
                path: path.display().to_string(),
                kind: *kind,
                rows: None,
                items: vec![Item {
                    failure: f.clone(),
                    severity: "invalid",
                    id: None,
                    field: None,
                }],
            },
        });
    }
    let mut out = Output::new(None)?;
    if a.json {
        let files: Vec<Value> = reports.iter().map(report_json).collect();
        out.line(&json!({ "files": files }).to_string())?;
    } else {
        for r in &reports {
            for item in &r.items {
                out.line(&item.failure.to_string())?;
            }
            let summary = match (r.rows, r.items.is_empty()) {
                (Some((read, rejected)), _) => {
                    let s = if read == 1 { "" } else { "s" };
                    format!("{read} row{s} read, {rejected} rejected")
                }
                (None, true) => "valid".to_string(),
                (None, false) => "invalid".to_string(),
            };
            out.line(&format!("{}: {}: {summary}", r.path, r.kind.name()))?;
        }
    }
    out.flush()?;
    let bad = reports
        .iter()
        .flat_map(|r| &r.items)
        .any(|i| i.severity != "suspicious");
    Ok(if bad { EXIT_DATA } else { EXIT_OK })
}

/// Validates one file. With `--strict`, the first bad row (or a bad file) is the error.
fn check(kind: Kind, path: &Path, input: &Input, a: &ValidateArgs) -> Result<Report, Failure> {
    let strict = a.strict;
    let mut report = Report {
        path: input.name.clone(),
        kind,
        rows: None,
        items: Vec::new(),
    };
    let outcome = match kind {
        // A lenient check of a summary CSV reads it as a table: the same findings, without
        // building every interaction.
        Kind::Interactions if !strict && !is_jsonl(path) => {
            summary::read_table(input).map(|(table, placed)| {
                let q = table.quality();
                let items = placed.into_iter().zip(&q.findings).map(|(p, f)| item(p, f));
                (quality_rows(q), items.collect())
            })
        }
        Kind::Interactions => summary::read(input, is_jsonl(path), strict).map(|s| {
            let q = &s.batch.quality;
            let items = q.findings.iter().map(|f| item(s.place(input, f), f));
            (quality_rows(q), items.collect())
        }),
        Kind::Events => events(input, a.event_map.as_deref(), strict),
        Kind::Surveys => surveys(input, strict),
        Kind::Calendar => calendar_from(input).map(|_| (None, Vec::new())),
        Kind::Policies => policies_from(input, is_toml(path)).map(|_| (None, Vec::new())),
    };
    match outcome {
        Ok((rows, items)) => {
            report.rows = rows;
            report.items = items;
        }
        Err(f) if strict || f.exit != EXIT_DATA => return Err(f),
        Err(f) => report.items.push(Item {
            failure: f,
            severity: "invalid",
            id: None,
            field: None,
        }),
    }
    Ok(report)
}

type Checked = (Option<(u64, u64)>, Vec<Item>);

fn quality_rows(q: &DataQuality) -> Option<(u64, u64)> {
    Some((q.rows_read, q.rows_rejected))
}

fn item(failure: Failure, f: &Finding) -> Item {
    Item {
        failure,
        severity: match f.severity {
            Severity::Rejected => "rejected",
            _ => "suspicious",
        },
        id: f.id.clone(),
        field: f.column.clone(),
    }
}

/// An event log through its mapping (`--event-map`, required with `--events`): an invalid
/// mapping makes the log `invalid`, with the mapping's error at its place.
fn events(input: &Input, map: Option<&Path>, strict: bool) -> Result<Checked, Failure> {
    let Some(map) = map else {
        return Err(Failure::data(
            "--events needs --event-map",
            "invalid_argument",
        ));
    };
    let mapping = crate::events::mapping_file(map)?;
    let e = crate::events::read(input, &mapping, strict)?;
    let q = &e.batch.quality;
    let items = q.findings.iter().map(|f| item(e.place(input, f), f));
    Ok((quality_rows(q), items.collect()))
}

/// The surveys CSV through the core's `Surveys::push_csv` (default config). It has no strict
/// mode: with `strict` its first rejected row is the error.
fn surveys(input: &Input, strict: bool) -> Result<Checked, Failure> {
    let (_, header, _) = open_csv(input, &["interaction_id", "kind", "score", "responded_at"])?;
    let mut s = Surveys::new(SurveyConfig::default()).map_err(|e| Failure::core(&e, None))?;
    let q = s
        .push_csv(&input.text)
        .map_err(|e| Failure::core(&e, Some(&input.name)))?;
    let items: Vec<Item> = q
        .findings
        .iter()
        .map(|f| item(summary::place(input, Some(&header), f), f))
        .collect();
    if strict {
        if let Some(first) = items.into_iter().find(|i| i.severity == "rejected") {
            return Err(first.failure);
        }
        return Ok((quality_rows(&q), Vec::new()));
    }
    Ok((quality_rows(&q), items))
}

fn report_json(r: &Report) -> Value {
    let findings: Vec<Value> = r
        .items
        .iter()
        .map(|i| {
            let (line, column) = match &i.failure.place {
                Some(Place { line, column, .. }) => (*line, *column),
                None => (None, None),
            };
            json!({
                "line": line,
                "column": column,
                "field": i.field,
                "id": i.id,
                "severity": i.severity,
                "code": i.failure.code,
                "message": i.failure.message,
            })
        })
        .collect();
    let (rows_read, rows_rejected) = match r.rows {
        Some((a, b)) => (Some(a), Some(b)),
        None => (None, None),
    };
    json!({
        "path": r.path,
        "kind": r.kind.name(),
        "rows_read": rows_read,
        "rows_rejected": rows_rejected,
        "findings": findings,
    })
}
