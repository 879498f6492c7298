//! `support-metrics sla`: every interaction's SLA targets as of an instant, through the core's
//! `SlaPolicies::evaluate`, as CSV.

use chrono::{DateTime, Utc};
use support_metrics::calendar::{format_instant, parse_instant};
use support_metrics::sla::TargetOutcome;

use crate::calendar::calendar_from;
use crate::cli::SlaArgs;
use crate::fail::{Failure, EXIT_DATA, EXIT_OK};
use crate::io::{read_file, Output};
use crate::policies::{is_toml, policies_from};
use crate::summary::{self, is_jsonl};

const COLUMNS: [&str; 12] = [
    "id",
    "policy",
    "metric",
    "time",
    "state",
    "target_seconds",
    "elapsed_seconds",
    "deadline",
    "remaining_seconds",
    "breached_at",
    "overshoot_seconds",
    "cycles",
];

pub fn run(a: &SlaArgs) -> Result<u8, Failure> {
    // The core never reads the clock; `--as-of now` is the one explicit way to use it.
    let as_of: DateTime<Utc> = if a.as_of == "now" {
        DateTime::<Utc>::from(std::time::SystemTime::now())
    } else {
        parse_instant("--as-of", &a.as_of).map_err(|e| Failure::core(&e, None))?
    };
    let cal = calendar_from(&read_file(&a.calendar)?)?;
    let policies = policies_from(&read_file(&a.policies)?, is_toml(&a.policies))?;
    let input = read_file(&a.interactions)?;
    let s = summary::read(&input, is_jsonl(&a.interactions), false)?;
    for f in &s.batch.quality.findings {
        eprintln!("{}", s.place(&input, f));
    }
    let mut bad = s.batch.quality.rows_rejected;
    let mut out = Output::new(a.output.as_ref())?;
    out.csv(&COLUMNS)?;
    for it in &s.batch.interactions {
        match policies.evaluate(it, &cal, as_of) {
            Ok(ev) => {
                let policy = ev.policy.unwrap_or_default();
                if ev.targets.is_empty() {
                    let mut row = vec![it.id.clone(), policy.clone()];
                    row.resize(COLUMNS.len(), String::new());
                    out.csv(&row)?;
                }
                for t in &ev.targets {
                    out.csv(&cells(&it.id, &policy, t))?;
                }
            }
            Err(e) => {
                // An instant the calendar cannot place (out of its range, no working time).
                bad += 1;
                let mut f = Failure::core(&e, None).in_file(&input.name);
                f.message = format!("interaction `{}`: {}", it.id, f.message);
                eprintln!("{f}");
            }
        }
    }
    out.flush()?;
    if bad == 0 {
        return Ok(EXIT_OK);
    }
    let f = Failure::data(
        format!(
            "{bad} of {} rows rejected or not evaluated (reported above)",
            s.batch.quality.rows_read
        ),
        "row_errors",
    )
    .in_file(&input.name);
    eprintln!("{f}");
    Ok(if a.allow_row_errors {
        EXIT_OK
    } else {
        EXIT_DATA
    })
}

/// A serde enum's snake_case name (`first_reply`, `business`, `met`).
fn name(v: serde_json::Result<serde_json::Value>) -> String {
    v.ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn cells(id: &str, policy: &str, t: &TargetOutcome) -> Vec<String> {
    let instant = |t: Option<DateTime<Utc>>| t.map(format_instant).unwrap_or_default();
    let number = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
    vec![
        id.to_string(),
        policy.to_string(),
        name(serde_json::to_value(t.metric)),
        name(serde_json::to_value(t.time)),
        name(serde_json::to_value(t.state)),
        t.target_seconds.to_string(),
        t.elapsed_seconds.to_string(),
        instant(t.deadline),
        number(t.remaining_seconds),
        instant(t.breached_at),
        number(t.overshoot_seconds),
        t.cycles.to_string(),
    ]
}
