//! `support-metrics staffing`: the core's Erlang C staffing plan
//! (`support_metrics::erlang::staffing_plan`) for a forecast CSV or one interval.

use support_metrics::csv::Record;
use support_metrics::erlang::{
    staffing_plan, IntervalForecast, IntervalLength, Staffing, StaffingTarget,
};
use support_metrics::Error;

use crate::cli::StaffingArgs;
use crate::fail::{row_errors_exit, Failure, EXIT_OK};
use crate::io::{error_cell, field_position, open_csv, ragged, read_file, Output};

const COLUMNS: [&str; 11] = [
    "calls",
    "aht_seconds",
    "traffic_erlangs",
    "agents",
    "agents_fractional",
    "scheduled_agents",
    "service_level",
    "asa_seconds",
    "occupancy",
    "limited_by",
    "error",
];

pub fn run(a: &StaffingArgs) -> Result<u8, Failure> {
    let target = StaffingTarget::new(a.service_level, a.threshold_seconds)
        .max_occupancy(a.max_occupancy)
        .shrinkage(a.shrinkage)
        .max_agents(a.max_agents);
    let interval = IntervalLength::from_name(&a.interval).map_err(core)?;
    match (&a.input, a.calls, a.aht_seconds) {
        (Some(path), _, _) => plan_csv(a, path, interval, &target),
        (None, Some(calls), Some(aht_seconds)) => {
            let forecast = [IntervalForecast { calls, aht_seconds }];
            let plan = staffing_plan(&forecast, interval, &target).map_err(core)?;
            if let Some(re) = plan.errors.into_iter().next() {
                return Err(core(re.error));
            }
            let Some(Some(s)) = plan.values.first().copied() else {
                return Err(Failure::data("the core returned no staffing", "internal"));
            };
            let mut out = Output::new(a.output.as_ref())?;
            if a.json {
                let v = serde_json::to_value(s)
                    .map_err(|e| Failure::data(e.to_string(), "internal"))?;
                out.line(&v.to_string())?;
            } else {
                out.csv(&COLUMNS)?;
                out.csv(&cells(
                    &calls.to_string(),
                    &aht_seconds.to_string(),
                    Some(&s),
                    "",
                ))?;
            }
            out.flush()?;
            Ok(EXIT_OK)
        }
        // clap requires --input or --calls with --aht-seconds.
        _ => Err(Failure::data(
            "give --input FILE, or --calls N with --aht-seconds S",
            "usage",
        )),
    }
}

fn core(e: Error) -> Failure {
    Failure::core(&e, None)
}

/// One output row: the input texts, the staffing's fields, the error cell.
fn cells(calls: &str, aht: &str, s: Option<&Staffing>, error: &str) -> Vec<String> {
    let mut row = vec![calls.to_string(), aht.to_string()];
    match s {
        Some(s) => {
            let limited_by = serde_json::to_value(s.limited_by)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            row.extend([
                s.traffic_erlangs.to_string(),
                s.agents.to_string(),
                s.agents_fractional.to_string(),
                s.scheduled_agents.to_string(),
                s.service_level.to_string(),
                s.asa_seconds.to_string(),
                s.occupancy.to_string(),
                limited_by,
            ]);
        }
        None => row.extend(std::iter::repeat(String::new()).take(8)),
    }
    row.push(error.to_string());
    row
}

struct Row {
    line: u64,
    calls: String,
    aht: String,
    /// The row's index in the forecast passed to the core, when it could be read.
    index: Option<usize>,
    error: Option<(usize, Error)>,
}

fn number(column: &str, text: &str) -> Result<f64, Error> {
    text.parse::<f64>().map_err(|_| Error::InvalidValue {
        field: column.to_string(),
        value: text.chars().take(40).collect(),
        expected: "a number",
    })
}

fn plan_csv(
    a: &StaffingArgs,
    path: &std::path::Path,
    interval: IntervalLength,
    target: &StaffingTarget,
) -> Result<u8, Failure> {
    let input = read_file(path)?;
    let (mut reader, header, cols) = open_csv(&input, &["calls", "aht_seconds"])?;
    let (ci, ai) = (cols[0], cols[1]);
    let mut rec = Record::default();
    let (mut rows, mut forecast) = (Vec::new(), Vec::new());
    while reader
        .read(&mut rec)
        .map_err(|e| Failure::core(&e, Some(&input.name)))?
    {
        let mut row = Row {
            line: rec.line(),
            calls: rec.get(ci).unwrap_or_default().trim().to_string(),
            aht: rec.get(ai).unwrap_or_default().trim().to_string(),
            index: None,
            error: None,
        };
        if let Some(err) = ragged(&rec, &header) {
            row.error = Some((rec.len().min(header.names().len()), err));
        } else {
            match (number("calls", &row.calls), number("aht_seconds", &row.aht)) {
                (Ok(calls), Ok(aht_seconds)) => {
                    row.index = Some(forecast.len());
                    forecast.push(IntervalForecast { calls, aht_seconds });
                }
                (Err(e), _) => row.error = Some((ci, e)),
                (_, Err(e)) => row.error = Some((ai, e)),
            }
        }
        rows.push(row);
    }
    let plan = staffing_plan(&forecast, interval, target).map_err(core)?;
    let mut core_errors = plan.errors.into_iter().peekable();
    let mut out = Output::new(a.output.as_ref())?;
    out.csv(&COLUMNS)?;
    let mut bad = 0usize;
    for row in &mut rows {
        let mut staffing = None;
        if let Some(i) = row.index {
            staffing = plan.values.get(i).copied().flatten();
            if core_errors.peek().is_some_and(|re| re.row == i) {
                if let Some(re) = core_errors.next() {
                    let col = match &re.error {
                        Error::InvalidArgument { name, .. } | Error::InvalidRate { name, .. }
                            if *name == "aht_seconds" =>
                        {
                            ai
                        }
                        _ => ci,
                    };
                    row.error = Some((col, re.error));
                    staffing = None;
                }
            }
        }
        let cell = match &row.error {
            Some((col, e)) => {
                bad += 1;
                let (line, column) = field_position(&input.text, row.line, *col);
                eprintln!("{}", Failure::core(e, None).at(&input.name, line, column));
                error_cell(e)
            }
            None => String::new(),
        };
        out.csv(&cells(&row.calls, &row.aht, staffing.as_ref(), &cell))?;
    }
    out.flush()?;
    Ok(row_errors_exit(
        bad,
        rows.len(),
        &input.name,
        a.allow_row_errors,
    ))
}
