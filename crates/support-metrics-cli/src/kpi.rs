//! `support-metrics kpi-scorecard`: reads the summary CSV and the surveys CSV (or generates the
//! demo), calls the core's `kpi::scorecard_of` once and prints its `KpiScorecard` as a table or
//! JSON. Every number shown is a field of that one object.

use support_metrics::interaction::write_summary_csv;
use support_metrics::kpi::{scorecard_of, AnswerInput, InteractionInput, KpiScorecard, KpiTickets};
use support_metrics::report::{ReportOptions, SurveyFigures};
use support_metrics::sla::{SlaMetric, SlaPolicies};
use support_metrics::stats::Rate;
use support_metrics::survey::write_surveys_csv;

use crate::calendar::calendar_from;
use crate::cli::KpiArgs;
use crate::fail::{Failure, EXIT_OK};
use crate::io::{read_file, Output};
use crate::policies::{is_toml, policies_from};
use crate::report::{base_options, core, demo_set, duration, thousands};

pub fn run(a: &KpiArgs) -> Result<u8, Failure> {
    let mut o = options(a)?;
    let (summary, surveys, cal, policies, title) = if a.demo {
        let (d, cal, policies, title) = demo_set(a.demo_size, a.seed, &mut o)?;
        (
            write_summary_csv(&d.interactions),
            Some(write_surveys_csv(&d.surveys)),
            cal,
            Some(policies),
            title,
        )
    } else {
        let path = a.interactions.as_ref().ok_or_else(|| {
            Failure::data("--interactions is required (or --demo)", "invalid_argument")
        })?;
        let interactions = read_file(path)?;
        let surveys = a.surveys.as_ref().map(|p| read_file(p)).transpose()?;
        let cal_path = a.calendar.as_ref().ok_or_else(|| {
            Failure::data("--calendar is required (or --demo)", "invalid_argument")
        })?;
        let cal = calendar_from(&read_file(cal_path)?)?;
        let policies = match &a.policies {
            Some(p) => Some(policies_from(&read_file(p)?, is_toml(p))?),
            None => None,
        };
        let title = format!("KPI scorecard of {}", interactions.name);
        (
            interactions.text,
            surveys.map(|s| s.text),
            cal,
            policies,
            title,
        )
    };
    let card = scorecard_of(
        &cal,
        policies.as_ref(),
        InteractionInput::Csv(&summary),
        surveys.as_deref().map(AnswerInput::Csv),
        &o,
        crate::io::threads(),
    )
    .map_err(|e| core(&e))?;
    let mut out = Output::new(a.output.as_ref())?;
    if a.json {
        let text = serde_json::to_string(&card)
            .map_err(|e| Failure::data(e.to_string(), "invalid_json"))?;
        out.line(&text)?;
    } else {
        for line in table(&card, &title, &policies) {
            out.line(&line)?;
        }
    }
    out.flush()?;
    Ok(EXIT_OK)
}

/// The report's options: `--options` (or the defaults), then each flag given.
fn options(a: &KpiArgs) -> Result<ReportOptions, Failure> {
    base_options(&a.definitions)
}

fn share(r: &Rate) -> String {
    r.value
        .map_or_else(|| "–".to_string(), |v| format!("{:.1}%", v * 100.0))
}

fn seconds(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), duration)
}

fn sla(t: &KpiTickets, metric: SlaMetric) -> String {
    t.sla
        .iter()
        .find(|s| s.metric == metric)
        .map_or_else(|| "–".to_string(), |s| share(&s.compliance))
}

/// One line of figures: volume, medians, resolution, SLA, surveys.
fn cells(t: Option<&KpiTickets>, s: Option<&SurveyFigures>) -> Vec<String> {
    let mut row = match t {
        Some(t) => vec![
            thousands(t.interactions as f64),
            seconds(t.first_response_time.summary.map(|x| x.median)),
            seconds(t.full_resolution_time.summary.map(|x| x.median)),
            share(&t.resolution_rate),
            thousands(t.backlog as f64),
            sla(t, SlaMetric::FirstReply),
            sla(t, SlaMetric::Resolution),
        ],
        None => vec!["–".to_string(); 7],
    };
    match s {
        Some(s) => {
            row.push(
                s.csat
                    .value
                    .map_or_else(|| "–".to_string(), |v| format!("{:.1}%", v * 100.0)),
            );
            row.push(
                s.nps
                    .value
                    .map_or_else(|| "–".to_string(), |v| format!("{v:+.1}")),
            );
        }
        None => row.extend(["–".to_string(), "–".to_string()]),
    }
    row
}

fn table(card: &KpiScorecard, title: &str, policies: &Option<SlaPolicies>) -> Vec<String> {
    let header = [
        "",
        "interactions",
        "FRT median",
        "resolution median",
        "resolved",
        "backlog",
        "SLA first reply",
        "SLA resolution",
        "CSAT",
        "NPS",
    ];
    let mut out = vec![
        title.to_string(),
        format!(
            "as of {} ({} time{})",
            support_metrics::calendar::format_instant(card.as_of),
            match card.time {
                support_metrics::sla::TimeBasis::Calendar => "calendar",
                _ => "business",
            },
            if policies.is_some() {
                ""
            } else {
                ", no SLA policies"
            }
        ),
        String::new(),
    ];
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut all = vec!["all".to_string()];
    all.extend(cells(Some(&card.tickets), Some(&card.surveys)));
    rows.push(all);
    for b in &card.breakdowns {
        let name = serde_json::to_value(&b.dimension)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| "group".to_string());
        for r in &b.rows {
            let mut row = vec![format!("{name}: {}", r.key.as_deref().unwrap_or("(none)"))];
            row.extend(cells(r.tickets.as_ref(), r.surveys.as_ref()));
            rows.push(row);
        }
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|k| {
            rows.iter()
                .filter_map(|r| r.get(k))
                .map(|c| c.chars().count())
                .chain([header.get(k).map_or(0, |h| h.chars().count())])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<String>| -> String {
        cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(k, (c, w))| {
                if k == 0 {
                    format!("{c:<w$}")
                } else {
                    format!("{c:>w$}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    out.push(line(header.iter().map(|h| h.to_string()).collect()));
    for r in rows {
        out.push(line(r));
    }
    let q = &card.data_quality;
    out.push(String::new());
    out.push(format!(
        "data quality: {} rows read, {} rejected, {} findings; left out after as_of: {} interactions, {} answers",
        thousands(q.rows_read as f64),
        thousands(q.rows_rejected as f64),
        thousands(q.findings.len() as f64),
        thousands(card.excluded.interactions_after_as_of as f64),
        thousands(card.excluded.surveys_after_as_of as f64),
    ));
    for f in q.findings.iter().take(20) {
        let at = f.line.map_or_else(String::new, |l| format!(":{l}"));
        out.push(format!("  {}{at}: {} [{}]", f.source, f.message, f.code));
    }
    if q.findings.len() > 20 {
        out.push(format!(
            "  ... and {} more (--json lists every one)",
            q.findings.len() - 20
        ));
    }
    out
}
