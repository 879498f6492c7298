//! `support-metrics report`: reads the inputs (or generates the demo), calls the core's
//! `report::report` once and renders its `Report` as a table, JSON, CSV or HTML. Every number
//! shown is a field of that one object.

use std::path::Path;

use chrono::{DateTime, Utc};
use support_metrics::calendar::{format_instant, parse_instant};
use support_metrics::demo::{self, DemoData, DemoOptions};
use support_metrics::interaction::{Interaction, InteractionRows, SummaryRow, SummaryTable};
use support_metrics::metrics::{Dimension, FcrPreset, Period, TicketReport};
use support_metrics::quality::DataQuality;
use support_metrics::report::{
    report_rows_in_parts, sla_kpi_name, Kpi, Report, ReportOptions, ReportPlan, ReportRows,
    ReportState, SurveyFigures, Unit,
};
use support_metrics::sla::{SlaPolicies, TimeBasis};
use support_metrics::state;
use support_metrics::stats::Interval;
use support_metrics::survey::{read_surveys_csv, CsatDefinition, SurveyResponse};
use support_metrics::{BusinessCalendar, Error};

use crate::calendar::calendar_from;
use crate::cli::{Definitions, ReportArgs};
use crate::fail::{Failure, EXIT_OK};
use crate::io::{open_csv, parse_json, read_file, Output};
use crate::policies::{is_toml, policies_from};
use crate::progress::Progress;
use crate::summary::{self, is_jsonl};

/// The surveys CSV's required columns.
const SURVEY_COLUMNS: [&str; 4] = ["interaction_id", "kind", "score", "responded_at"];

/// Everything the report is computed from, and how to place each finding in its file.
struct Inputs<'t> {
    interactions: Vec<Interaction>,
    /// A summary CSV's interactions, read as a table of the text (instead of `interactions`).
    table: Option<SummaryTable<'t>>,
    surveys: Vec<SurveyResponse>,
    calendar: BusinessCalendar,
    policies: Option<SlaPolicies>,
    quality: DataQuality,
    /// The readers' findings placed at FILE:LINE:COLUMN while the texts were at hand (the
    /// texts are dropped before the report: a million-row file is 100+ MB).
    placed: Vec<Failure>,
    /// The surveys file's name, for the report's own findings.
    surveys_name: Option<String>,
    title: String,
}

pub fn run(a: &ReportArgs) -> Result<u8, Failure> {
    if !a.from_states.is_empty() {
        return from_states(a);
    }
    let mut opts = options(a)?;
    let sizes = [&a.interactions, &a.events, &a.surveys].map(|p| {
        p.as_ref()
            .and_then(|p| std::fs::metadata(p).ok())
            .map_or(0, |m| m.len())
    });
    let mut progress = Progress::new(sizes.iter().sum());
    // The summary CSV's text, which the table of its rows reads from.
    let mut text = None;
    let inputs = if a.demo {
        demo_inputs(a, &mut opts)?
    } else {
        file_inputs(a, &opts, &mut progress, &mut text)?
    };
    progress.phase(3, "computing the report");
    let slice = inputs.interactions.as_slice();
    let data = ReportRows {
        interactions: match &inputs.table {
            Some(t) => t,
            None => &slice,
        },
        surveys: &inputs.surveys,
        quality: &inputs.quality,
    };
    let mut r = match &a.save_state {
        // On the machine's cores: exactly what `report` gives.
        None => report_rows_in_parts(
            &data,
            &inputs.calendar,
            inputs.policies.as_ref(),
            &opts,
            crate::io::threads(),
        ),
        Some(path) => save_state(
            path,
            &data,
            &inputs.calendar,
            inputs.policies.as_ref(),
            &opts,
        )?,
    }
    .map_err(|e| Failure::core(&e, None))?;
    // The report's own findings (answers about unknown interactions) name the surveys file;
    // they follow the readers' findings.
    let own = r
        .data_quality
        .findings
        .get_mut(inputs.placed.len()..)
        .unwrap_or_default();
    let mut placed = inputs.placed.clone();
    for f in own {
        if let (Some(name), "surveys") = (&inputs.surveys_name, f.source.as_str()) {
            f.source.clone_from(name);
        }
        placed.push(Failure::data(f.message.clone(), &f.code).in_file(&f.source));
    }
    let result = render(a, &r, &inputs.title, &placed, &mut progress);
    // The process ends after this: handing a million interactions back to the allocator one
    // by one would only cost time (the system takes the memory back at exit).
    std::mem::forget(inputs);
    std::mem::forget(text);
    result
}

/// Writes the report: `--html`, then the table, `--json` or `--csv` (stdout or `--output`);
/// with `--strict`, the first finding is the error instead.
fn render(
    a: &ReportArgs,
    r: &Report,
    title: &str,
    placed: &[Failure],
    progress: &mut Progress,
) -> Result<u8, Failure> {
    let findings: Vec<String> = placed.iter().map(ToString::to_string).collect();
    if a.strict {
        if let Some(first) = placed.first() {
            let mut f = first.clone();
            f.message = format!(
                "{} ({} finding(s) in all; --strict)",
                f.message,
                findings.len()
            );
            return Err(f);
        }
    }
    progress.phase(4, "writing");
    if let Some(path) = &a.html {
        let page = crate::html::page(r, title, &findings);
        let name = path.display().to_string();
        std::fs::write(path, page).map_err(|e| Failure::io(&name, "write the file", &e))?;
    }
    if a.output.is_none() {
        // The report goes to stdout, maybe the same terminal.
        progress.clear();
    }
    let mut out = Output::new(a.output.as_ref())?;
    if a.json {
        let text =
            serde_json::to_string(r).map_err(|e| Failure::data(e.to_string(), "invalid_json"))?;
        out.line(&text)?;
    } else if a.csv {
        for row in csv_rows(r) {
            out.csv(&row)?;
        }
    } else if a.html.is_none() || a.output.is_some() {
        for line in table(r, title, &findings) {
            out.line(&line)?;
        }
    }
    out.flush()?;
    Ok(EXIT_OK)
}

/// The report's state of these inputs, written to `path` (the versioned bytes of
/// `support_metrics::state`), and the report it finishes to.
fn save_state(
    path: &std::path::Path,
    data: &ReportRows<'_>,
    cal: &BusinessCalendar,
    policies: Option<&SlaPolicies>,
    opts: &ReportOptions,
) -> Result<Result<Report, Error>, Failure> {
    let plan = match ReportPlan::of_rows(*data, cal, policies, opts) {
        Ok(p) => p,
        Err(e) => return Ok(Err(e)),
    };
    let state = plan
        .tickets(0..data.interactions.len())
        .and_then(|t| plan.state(vec![t], Some(plan.surveys()?)));
    let state = match state {
        Ok(s) => s,
        Err(e) => return Ok(Err(e)),
    };
    let bytes = state::to_bytes(&state, plan.fingerprint()).map_err(|e| core(&e))?;
    let name = path.display().to_string();
    std::fs::write(path, bytes).map_err(|e| Failure::io(&name, "write the file", &e))?;
    Ok(state.finish())
}

/// `--from-states`: the report of the merged state files.
fn from_states(a: &ReportArgs) -> Result<u8, Failure> {
    let mut bytes = Vec::with_capacity(a.from_states.len());
    for p in &a.from_states {
        let name = p.display().to_string();
        bytes.push(std::fs::read(p).map_err(|e| Failure::io(&name, "read the file", &e))?);
    }
    let (merged, _) = state::merge_bytes::<ReportState>(&bytes).map_err(|e| core(&e))?;
    let r = merged.finish().map_err(|e| core(&e))?;
    let placed: Vec<Failure> = r
        .data_quality
        .findings
        .iter()
        .map(|f| Failure::data(f.message.clone(), &f.code).in_file(&f.source))
        .collect();
    let title = format!("{} merged state file(s)", a.from_states.len());
    render(a, &r, &title, &placed, &mut Progress::new(0))
}

pub(crate) fn core(e: &Error) -> Failure {
    Failure::core(e, None)
}

/// The report options: `--options` (or the defaults), then each flag given.
fn options(a: &ReportArgs) -> Result<ReportOptions, Failure> {
    let mut o = base_options(&a.definitions)?;
    if let Some(p) = &a.period {
        o.period = match p.as_str() {
            "day" => Some(Period::Day),
            "week" => Some(Period::IsoWeek),
            "month" => Some(Period::Month),
            "quarter" => Some(Period::Quarter),
            "none" => None,
            other => return Err(usage("--period", other, "day, week, month, quarter, none")),
        };
    }
    if let Some(tz) = &a.tz {
        o.timezone = Some(tz.clone());
    }
    if let Some(f) = &a.fcr {
        o.tickets.fcr = fcr(f)?;
    }
    Ok(o)
}

/// `--options` (the report's options as JSON, or the defaults) with the flags `report` and
/// `kpi-scorecard` share: `--as-of`, `--by`, `--time`, `--csat`.
pub(crate) fn base_options(d: &Definitions) -> Result<ReportOptions, Failure> {
    let mut o = match d.options.as_deref() {
        Some(path) => {
            let input = read_file(path)?;
            parse_json(&input)?;
            ReportOptions::from_json(&input.text)
                .map_err(|e| Failure::core_in(&e, &input.name, &input.text))?
        }
        None => ReportOptions::default(),
    };
    if let Some(t) = &d.as_of {
        o.tickets.measures.as_of = Some(as_of(t)?);
    }
    if let Some(by) = &d.by {
        o.by = by
            .iter()
            .filter(|d| !d.trim().is_empty())
            .map(|d| dimension(d.trim()))
            .collect::<Result<_, _>>()?;
    }
    if let Some(t) = &d.time {
        o.tickets.time = named(t).ok_or_else(|| usage("--time", t, "business, calendar"))?;
    }
    if let Some(c) = &d.csat {
        o.csat = CsatDefinition::parse(c).map_err(|e| core(&e))?;
    }
    Ok(o)
}

fn usage(option: &str, value: &str, expected: &str) -> Failure {
    Failure::data(
        format!("{option}: unknown value `{value}` (expected {expected})"),
        "invalid_argument",
    )
}

fn as_of(text: &str) -> Result<DateTime<Utc>, Failure> {
    // The core never reads the clock; `--as-of now` is the one explicit way to use it.
    if text == "now" {
        return Ok(DateTime::<Utc>::from(std::time::SystemTime::now()));
    }
    parse_instant("--as-of", text).map_err(|e| core(&e))
}

/// A core enum from its snake_case name (the serde form every language uses), so the command
/// line keeps no second list of the names.
fn named<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
}

fn dimension(d: &str) -> Result<Dimension, Failure> {
    if let Some(name) = d.strip_prefix("attr:").filter(|n| !n.is_empty()) {
        return Ok(Dimension::Attribute(name.to_string()));
    }
    named(d).ok_or_else(|| {
        usage(
            "--by",
            d,
            "agent, channel, group, topic, priority, attr:NAME",
        )
    })
}

fn fcr(name: &str) -> Result<FcrPreset, Failure> {
    let expected = "zendesk_one_touch, one_public_reply, no_customer_followup, \
                    closed_once_one_agent, no_repeat_contact_within:DAYS";
    let preset = match name.strip_prefix("no_repeat_contact_within:") {
        Some(days) => days
            .parse::<u32>()
            .ok()
            .map(|days| FcrPreset::NoRepeatContactWithin { days }),
        None => named(name),
    };
    preset.ok_or_else(|| usage("--fcr", name, expected))
}

/// The demo data set of `--demo` (its calendar, policies and a title), its end of quarter
/// as `as_of` unless one was given: `report` and `kpi-scorecard` read it alike.
pub(crate) fn demo_set(
    size: u64,
    seed: u64,
    opts: &mut ReportOptions,
) -> Result<(DemoData, BusinessCalendar, SlaPolicies, String), Failure> {
    let d = demo::demo(&DemoOptions {
        interactions: size,
        seed,
    })
    .map_err(|e| core(&e))?;
    if opts.tickets.measures.as_of.is_none() {
        opts.tickets.measures.as_of = Some(d.as_of);
    }
    let calendar = BusinessCalendar::from_json(&d.calendar).map_err(|e| core(&e))?;
    let policies = demo::policies().map_err(|e| core(&e))?;
    let title = format!("Demo help desk (Moscow), Q4 2026: {size} interactions, seed {seed}");
    Ok((d, calendar, policies, title))
}

fn demo_inputs(a: &ReportArgs, opts: &mut ReportOptions) -> Result<Inputs<'static>, Failure> {
    let (d, calendar, policies, title) = demo_set(a.demo_size, a.seed, opts)?;
    let interactions = d
        .interactions
        .into_iter()
        .map(SummaryRow::into_interaction)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| core(&e))?;
    Ok(Inputs {
        interactions,
        table: None,
        surveys: d.surveys,
        calendar,
        policies: Some(policies),
        quality: DataQuality::default(),
        placed: Vec::new(),
        surveys_name: None,
        title,
    })
}

/// Reads the files; a summary CSV's text is kept in `text` for the table of its rows.
fn file_inputs<'t>(
    a: &ReportArgs,
    opts: &ReportOptions,
    progress: &mut Progress,
    text: &'t mut Option<crate::io::Input>,
) -> Result<Inputs<'t>, Failure> {
    let (Some(ipath), Some(cpath)) = (a.interactions.as_ref().or(a.events.as_ref()), &a.calendar)
    else {
        return Err(Failure::data(
            "--interactions (or --events) and --calendar are required without --demo",
            "invalid_argument",
        ));
    };
    let calendar = calendar_from(&read_file(cpath)?)?;
    let policies = match &a.policies {
        Some(p) => Some(policies_from(&read_file(p)?, is_toml(p))?),
        None => None,
    };
    let mapping = a
        .event_map
        .as_deref()
        .map(crate::events::mapping_file)
        .transpose()?;
    // The surveys file is read and parsed on a thread of its own while the interactions are
    // read: the interactions' file read and the end of its parse use one core. Errors keep the
    // one-thread order: the interactions' first.
    std::thread::scope(|s| {
        let surveys = a.surveys.as_ref().map(|path| {
            let h = std::thread::Builder::new().spawn_scoped(s, || read_surveys(path, opts));
            // No thread (the system refused one): read the surveys after the interactions.
            h.map_err(|_| path)
        });
        let read = interactions_input(a, ipath, mapping.as_ref(), progress, text);
        let surveys =
            match surveys {
                None => None,
                Some(Ok(h)) => Some(h.join().unwrap_or_else(|_| {
                    Err(Failure::data("reading the surveys stopped", "internal"))
                })),
                Some(Err(path)) => Some(read_surveys(path, opts)),
            };
        let (mut quality, interactions, table, mut placed, title) = read?;
        let mut responses = Vec::new();
        let mut surveys_name = None;
        if let Some(read) = surveys {
            progress.phase(2, "reading surveys");
            let read = read?;
            placed.extend(read.placed);
            quality.merge(read.quality);
            responses = read.responses;
            surveys_name = Some(read.name);
        }
        Ok(Inputs {
            interactions,
            table,
            surveys: responses,
            calendar,
            policies,
            quality,
            placed,
            surveys_name,
            title,
        })
    })
}

/// What the surveys file gives: its answers, findings (placed at their lines) and name.
struct SurveysRead {
    responses: Vec<SurveyResponse>,
    quality: DataQuality,
    placed: Vec<Failure>,
    name: String,
}

fn read_surveys(path: &Path, opts: &ReportOptions) -> Result<SurveysRead, Failure> {
    let sin = read_file(path)?;
    let (_, header, _) = open_csv(&sin, &SURVEY_COLUMNS)?;
    let mut b = read_surveys_csv(&sin.text, &opts.surveys, &Default::default())
        .map_err(|e| Failure::core_in(&e, &sin.name, &sin.text))?;
    let mut placed = Vec::with_capacity(b.quality.findings.len());
    for f in &mut b.quality.findings {
        placed.push(summary::place(&sin, Some(&header), f));
        f.source.clone_from(&sin.name);
    }
    Ok(SurveysRead {
        responses: b.responses,
        quality: b.quality,
        placed,
        name: sin.name,
    })
}

/// The interactions read (objects, or the table of a summary CSV whose text goes into
/// `text`), their findings, placed findings and the report's title.
type InteractionsRead<'t> = (
    DataQuality,
    Vec<Interaction>,
    Option<SummaryTable<'t>>,
    Vec<Failure>,
    String,
);

fn interactions_input<'t>(
    a: &ReportArgs,
    ipath: &Path,
    mapping: Option<&support_metrics::interaction::EventLogMapping>,
    progress: &mut Progress,
    text: &'t mut Option<crate::io::Input>,
) -> Result<InteractionsRead<'t>, Failure> {
    progress.phase(1, "reading interactions");
    let input = read_file(ipath)?;
    let name = input.name.clone();
    let (mut quality, interactions, table, placed) = match (&a.events, mapping) {
        (Some(_), Some(m)) => {
            let mut e = crate::events::read(&input, m, false)?;
            let placed = e.batch.quality.findings.iter().map(|f| e.place(&input, f));
            let placed: Vec<Failure> = placed.collect();
            let b = std::mem::take(&mut e.batch);
            // The text is not needed after reading (a large file is 100+ MB).
            drop(input);
            (b.quality, b.interactions, None, placed)
        }
        _ if !is_jsonl(ipath) => {
            // Read as a table: each interaction is built when the report reads it.
            let input = &*text.insert(input);
            let (table, placed) = summary::read_table(input)?;
            (table.quality().clone(), Vec::new(), Some(table), placed)
        }
        _ => {
            let mut s = summary::read(&input, is_jsonl(ipath), false)?;
            let quality = std::mem::take(&mut s.batch.quality);
            let interactions = std::mem::take(&mut s.batch.interactions);
            let placed: Vec<Failure> = quality
                .findings
                .iter()
                .map(|f| s.place(&input, f))
                .collect();
            drop(input);
            (quality, interactions, None, placed)
        }
    };
    for f in &mut quality.findings {
        f.source.clone_from(&name);
    }
    let count = table
        .as_ref()
        .map_or(interactions.len(), InteractionRows::len);
    let title = format!("{name} ({count} interactions)");
    Ok((quality, interactions, table, placed, title))
}

/// A value in its unit, for people: `71.9%`, `+59.7`, `1h 23m`, `6,000`.
pub fn show(unit: Unit, v: Option<f64>) -> String {
    let Some(v) = v else {
        return "–".to_string();
    };
    match unit {
        Unit::Count => thousands(v),
        Unit::Share => format!("{:.1}%", v * 100.0),
        Unit::Points => format!("{v:+.1}"),
        Unit::Rating => format!("{v:.2}"),
        Unit::Seconds => duration(v),
        _ => format!("{v}"),
    }
}

pub(crate) fn thousands(v: f64) -> String {
    let digits = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// Seconds as `45s`, `12m 30s`, `3h 05m`, `2d 04h`.
pub fn duration(s: f64) -> String {
    let s = s.round() as i64;
    let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60);
    if d > 0 {
        format!("{d}d {h:02}h")
    } else if h > 0 {
        format!("{h}h {m:02}m")
    } else if m > 0 {
        format!("{m}m {sec:02}s")
    } else {
        format!("{sec}s")
    }
}

pub fn interval_text(unit: Unit, i: Option<&Interval>) -> String {
    match i {
        Some(i) => format!(
            "{} – {}",
            show(unit, Some(i.lower)),
            show(unit, Some(i.upper))
        ),
        None => String::new(),
    }
}

pub fn status_text(k: &Kpi) -> String {
    let Some(t) = &k.target else {
        return String::new();
    };
    let cmp = match serde_json::to_value(t.comparator)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .as_deref()
    {
        Some("at_least") => "≥",
        Some("at_most") => "≤",
        _ => "<",
    };
    let status = k
        .status
        .and_then(|s| serde_json::to_value(s).ok())
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
        .replace('_', " ");
    format!("{status} ({cmp} {})", show(k.unit, Some(t.threshold)))
}

/// One figure of a group: name, unit, value, interval, n.
pub type Figure = (&'static str, Unit, Option<f64>, Option<Interval>, u64);

/// The figures of one group or period row.
pub fn group_figures(
    t: Option<&TicketReport>,
    s: Option<&SurveyFigures>,
    csat_unit: Unit,
) -> Vec<Figure> {
    let mut v = Vec::new();
    if let Some(t) = t {
        v.push((
            "interactions",
            Unit::Count,
            Some(t.interactions as f64),
            None,
            t.interactions,
        ));
        let frt = &t.first_response_time;
        v.push((
            "first_response_median",
            Unit::Seconds,
            frt.summary.map(|s| s.median),
            None,
            frt.count,
        ));
        let res = &t.full_resolution_time;
        v.push((
            "resolution_median",
            Unit::Seconds,
            res.summary.map(|s| s.median),
            None,
            res.count,
        ));
        v.push((
            "fcr",
            Unit::Share,
            t.fcr.value,
            t.fcr.interval,
            t.fcr.denominator,
        ));
        for s in &t.sla {
            let name = sla_kpi_name(s.metric);
            let r = &s.compliance;
            v.push((name, Unit::Share, r.value, r.interval, r.denominator));
        }
    }
    if let Some(s) = s {
        v.push((
            "csat",
            csat_unit,
            s.csat.value,
            s.csat.interval,
            s.csat.responses,
        ));
        v.push((
            "nps",
            Unit::Points,
            s.nps.value,
            s.nps.interval,
            s.nps.count,
        ));
    }
    v
}

/// The CSAT unit of a report (from its KPI).
pub fn csat_unit(r: &Report) -> Unit {
    r.kpis
        .iter()
        .find(|k| k.name == "csat")
        .map_or(Unit::Share, |k| k.unit)
}

pub fn dimension_name(d: &Dimension) -> String {
    match d {
        Dimension::Attribute(a) => format!("attr:{a}"),
        other => serde_json::to_value(other)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
    }
}

pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The terminal table.
fn table(r: &Report, title: &str, findings: &[String]) -> Vec<String> {
    let mut out = vec![format!("Support quality report — {title}")];
    out.push(format!(
        "As of {}, durations in {} time, periods in {}.",
        r.as_of
            .map_or_else(|| "(no as-of)".to_string(), format_instant),
        match r.time {
            TimeBasis::Calendar => "calendar",
            _ => "business",
        },
        r.timezone
    ));
    out.push(String::new());
    let rows: Vec<Vec<String>> = r
        .kpis
        .iter()
        .map(|k| {
            vec![
                k.name.clone(),
                show(k.unit, k.value),
                interval_text(k.unit, k.interval.as_ref()),
                thousands(k.n as f64),
                status_text(k),
            ]
        })
        .collect();
    grid(
        &mut out,
        &["KPI", "value", "95% interval", "n", "target"],
        &rows,
    );
    let cu = csat_unit(r);
    for b in &r.breakdowns {
        out.push(String::new());
        out.push(format!("By {}", dimension_name(&b.dimension)));
        let mut names: Vec<&str> = Vec::new();
        let mut rows = Vec::new();
        for g in &b.rows {
            let figs = group_figures(g.tickets.as_ref(), g.surveys.as_ref(), cu);
            for f in &figs {
                if !names.contains(&f.0) {
                    names.push(f.0);
                }
            }
            rows.push((g.key.clone().unwrap_or_else(|| "(none)".into()), figs));
        }
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .map(|(key, figs)| {
                let mut row = vec![key];
                for n in &names {
                    row.push(
                        figs.iter()
                            .find(|f| f.0 == *n)
                            .map(|f| show(f.1, f.2))
                            .unwrap_or_default(),
                    );
                }
                row
            })
            .collect();
        let mut header = vec![dimension_name(&b.dimension)];
        header.extend(names.iter().map(|n| short(n).to_string()));
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        grid(&mut out, &header, &rows);
    }
    if !r.trend.is_empty() {
        out.push(String::new());
        out.push("Trend".to_string());
        let rows: Vec<Vec<String>> = r
            .trend
            .iter()
            .map(|p| {
                let figs = group_figures(p.tickets.as_ref(), p.surveys.as_ref(), cu);
                let get = |n: &str| {
                    figs.iter()
                        .find(|f| f.0 == n)
                        .map(|f| show(f.1, f.2))
                        .unwrap_or_default()
                };
                vec![
                    p.period.clone(),
                    get("interactions"),
                    get("first_response_median"),
                    get("resolution_median"),
                    get("sla_first_reply"),
                    get("csat"),
                    get("nps"),
                ]
            })
            .collect();
        grid(
            &mut out,
            &[
                "period",
                "volume",
                "FRT p50",
                "resolution p50",
                "SLA 1st",
                "CSAT",
                "NPS",
            ],
            &rows,
        );
    }
    out.push(String::new());
    let h = &r.first_response_histogram;
    out.push(format!(
        "First response time ({} unanswered or without a time)",
        thousands(h.excluded as f64)
    ));
    let total: u64 = h.counts.iter().sum::<u64>().max(1);
    for (i, c) in h.counts.iter().enumerate() {
        let label = bin_label(&h.edges, i);
        let bar = "█".repeat(((*c as f64 / total as f64) * 50.0).round() as usize);
        let line = format!("  {label:>12}  {:>9}  {bar}", thousands(*c as f64));
        out.push(line.trim_end().to_string());
    }
    out.push(String::new());
    let dq = &r.data_quality;
    out.push(format!(
        "Data quality: {} rows read, {} rejected, {} finding(s); left out as after as-of: {} interactions, {} answers",
        thousands(dq.rows_read as f64),
        thousands(dq.rows_rejected as f64),
        dq.findings.len(),
        r.excluded.interactions_after_as_of,
        r.excluded.surveys_after_as_of
    ));
    for (code, n) in dq.counts() {
        out.push(format!("  {code}: {n}"));
    }
    for f in findings {
        out.push(format!("  {f}"));
    }
    out
}

fn short(name: &str) -> &str {
    match name {
        "first_response_median" => "FRT p50",
        "resolution_median" => "resolution p50",
        "sla_first_reply" => "SLA 1st reply",
        "sla_next_reply" => "SLA next reply",
        "sla_periodic_update" => "SLA update",
        "sla_resolution" => "SLA resolution",
        "interactions" => "volume",
        other => other,
    }
}

/// `< 15m`, `15m–30m`, ..., `≥ 3d`.
pub fn bin_label(edges: &[f64], i: usize) -> String {
    let e = |x: f64| {
        duration(x)
            .replace(" 00h", "")
            .replace(" 00m", "")
            .replace(" 00s", "")
    };
    match (i.checked_sub(1).and_then(|j| edges.get(j)), edges.get(i)) {
        (None, Some(hi)) => format!("< {}", e(*hi)),
        (Some(lo), Some(hi)) => format!("{}–{}", e(*lo), e(*hi)),
        (Some(lo), None) => format!("≥ {}", e(*lo)),
        (None, None) => "all".to_string(),
    }
}

/// Appends an aligned text table.
fn grid(out: &mut Vec<String>, header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let w = widths.get(i).copied().unwrap_or(0);
            let pad = w.saturating_sub(c.chars().count());
            if i == 0 {
                s.push_str(c);
                s.push_str(&" ".repeat(pad));
            } else {
                s.push_str("  ");
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            }
        }
        s.trim_end().to_string()
    };
    out.push(line(header.to_vec()));
    out.push(line(
        widths
            .iter()
            .map(|w| "─".repeat(*w))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect(),
    ));
    for r in rows {
        out.push(line(r.iter().map(String::as_str).collect()));
    }
}

/// `--csv`: one row per figure.
fn csv_rows(r: &Report) -> Vec<Vec<String>> {
    let num = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
    let mut rows = vec![[
        "section", "group", "key", "metric", "value", "lower", "upper", "n",
    ]
    .map(str::to_string)
    .to_vec()];
    let mut push = |section: &str,
                    group: &str,
                    key: &str,
                    metric: &str,
                    value: Option<f64>,
                    i: Option<&Interval>,
                    n: u64| {
        rows.push(vec![
            section.to_string(),
            group.to_string(),
            key.to_string(),
            metric.to_string(),
            num(value),
            num(i.map(|i| i.lower)),
            num(i.map(|i| i.upper)),
            n.to_string(),
        ]);
    };
    for k in &r.kpis {
        push("kpi", "", "", &k.name, k.value, k.interval.as_ref(), k.n);
    }
    let cu = csat_unit(r);
    for b in &r.breakdowns {
        let dim = dimension_name(&b.dimension);
        for g in &b.rows {
            let key = g.key.clone().unwrap_or_default();
            for f in group_figures(g.tickets.as_ref(), g.surveys.as_ref(), cu) {
                push("breakdown", &dim, &key, f.0, f.2, f.3.as_ref(), f.4);
            }
        }
    }
    for p in &r.trend {
        for f in group_figures(p.tickets.as_ref(), p.surveys.as_ref(), cu) {
            push("trend", "period", &p.period, f.0, f.2, f.3.as_ref(), f.4);
        }
    }
    let h = &r.first_response_histogram;
    for (i, c) in h.counts.iter().enumerate() {
        let lower = i
            .checked_sub(1)
            .and_then(|j| h.edges.get(j))
            .copied()
            .unwrap_or(0.0);
        push(
            "first_response_histogram",
            "lower_seconds",
            &lower.to_string(),
            "interactions",
            Some(*c as f64),
            None,
            *c,
        );
    }
    for (d, row) in r.volume_heatmap.iter().enumerate() {
        for (hour, c) in row.iter().enumerate() {
            push(
                "volume_heatmap",
                WEEKDAYS.get(d).copied().unwrap_or(""),
                &format!("{hour:02}"),
                "interactions",
                Some(*c as f64),
                None,
                *c,
            );
        }
    }
    for (code, n) in r.data_quality.counts() {
        push(
            "data_quality",
            "code",
            &code,
            "findings",
            Some(n as f64),
            None,
            n,
        );
    }
    rows
}
