//! The report's inputs and the report itself: arbitrary summary, event-log (read with a
//! mapping that names a zone for local timestamps) and surveys CSV texts never panic, every error and finding has a known code, surveys written by `write_surveys_csv`
//! read back to the same answers, and whatever was read goes through `report` without a panic
//! (its volume equals the interactions read, its heatmap sums to the volume). The summary CSV
//! read as a `SummaryTable` gives the same rows and findings and the same report. The KPI
//! scorecard of the texts gives the report's figures of its names.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use support_metrics::interaction::{
    read_event_log_csv, read_summary_csv, EventLogMapping, InteractionRows, ReadOptions,
    SummaryTable,
};
use support_metrics::kpi::{scorecard_of, AnswerInput, InteractionInput};
use support_metrics::quality::{DataQuality, FINDING_CODES};
use support_metrics::report::{
    report, report_rows_in_parts, ReportData, ReportOptions, ReportRows,
};
use support_metrics::survey::{read_surveys_csv, write_surveys_csv, SurveyConfig};
use support_metrics::{BusinessCalendar, Error};

#[derive(Arbitrary, Debug)]
struct Input {
    summary: String,
    events: String,
    surveys: String,
    strict: bool,
}

fn known(code: &str) -> bool {
    Error::CODES.contains(&code) || FINDING_CODES.contains(&code)
}

fuzz_target!(|input: Input| {
    let ro = ReadOptions::default().strict(input.strict);
    let summary = format!(
        "id,channel,created_at,first_response_at,resolved_at,agent,customer_id\n{}",
        input.summary
    );
    let surveys = format!(
        "interaction_id,kind,score,responded_at,agent\n{}",
        input.surveys
    );
    // The table of the same text is the lenient read, row for row, and its report the report
    // of those rows.
    let lenient = read_summary_csv(&summary, &ReadOptions::default());
    match (SummaryTable::read(&summary, 2), &lenient) {
        (Ok(t), Ok(b)) => {
            assert_eq!(&t.to_batch().expect("the table's rows build"), b);
            let cal = BusinessCalendar::always_open(chrono_tz::UTC);
            let opts = ReportOptions::default();
            let rows = ReportRows {
                interactions: &t,
                surveys: &[],
                quality: t.quality(),
            };
            let data = ReportData {
                interactions: &b.interactions,
                surveys: &[],
                quality: &b.quality,
            };
            let (x, y) = (
                report_rows_in_parts(&rows, &cal, None, &opts, 2),
                report(&data, &cal, None, &opts),
            );
            assert_eq!(x.map_err(|e| e.to_string()), y.map_err(|e| e.to_string()));
        }
        (Err(t), Err(b)) => assert_eq!(t.to_string(), b.to_string()),
        (t, b) => panic!(
            "table {:?} against read {:?}",
            t.map(|t| t.len()),
            b.as_ref().map(|b| b.interactions.len())
        ),
    }
    let its = match read_summary_csv(&summary, &ro) {
        Ok(b) => {
            assert!(b.quality.findings.iter().all(|f| known(&f.code)));
            b.interactions
        }
        Err(e) => {
            assert!(known(e.code()));
            Vec::new()
        }
    };
    let mapping: EventLogMapping = serde_json::from_str(
        r#"{"timezone": "Europe/Berlin", "activities": {"open": "create", "reply": "agent_reply",
            "ask": "customer_message", "done": {"type": "status_change", "status": "solved"}}}"#,
    )
    .expect("a valid mapping");
    let log = format!("case_id,activity,timestamp,resource\n{}", input.events);
    let mut its = its;
    match read_event_log_csv(&log, &mapping, &ro) {
        Ok(b) => {
            assert!(b.quality.findings.iter().all(|f| known(&f.code)));
            assert!(b.interactions.iter().all(|it| it.validate().is_ok()));
            its.extend(b.interactions.into_iter().map(|mut it| {
                it.id.insert_str(0, "log:");
                it
            }));
        }
        Err(e) => assert!(known(e.code())),
    }
    let config = SurveyConfig::default();
    let answers = match read_surveys_csv(&surveys, &config, &ro) {
        Ok(b) => {
            assert!(b.quality.findings.iter().all(|f| known(&f.code)));
            let again = read_surveys_csv(&write_surveys_csv(&b.responses), &config, &ro)
                .expect("written surveys read back");
            assert_eq!(again.responses, b.responses);
            b.responses
        }
        Err(e) => {
            assert!(known(e.code()));
            Vec::new()
        }
    };
    let cal = BusinessCalendar::always_open(chrono_tz::UTC);
    let quality = DataQuality::default();
    let data = ReportData {
        interactions: &its,
        surveys: &answers,
        quality: &quality,
    };
    match report(&data, &cal, None, &ReportOptions::default()) {
        Ok(r) => {
            let heat: u64 = r.volume_heatmap.iter().flatten().sum();
            assert_eq!(heat, r.tickets.interactions);
            assert!(r.data_quality.findings.iter().all(|f| known(&f.code)));
        }
        Err(e) => assert!(known(e.code())),
    }
    // The KPI scorecard of the same texts (the columns' engine) never panics, and gives the
    // report's figures of its names.
    let mut opts = ReportOptions::default();
    opts.tickets.measures.as_of = chrono::DateTime::from_timestamp(4_102_444_800, 0);
    let card = scorecard_of(
        &cal,
        None,
        InteractionInput::Csv(&summary),
        Some(AnswerInput::Csv(&surveys)),
        &opts,
        2,
    );
    let table = SummaryTable::read(&summary, 1);
    let answers = read_surveys_csv(&surveys, &opts.surveys, &ReadOptions::default());
    match (card, table, answers) {
        (Ok(card), Ok(t), Ok(a)) => {
            let mut quality = t.quality().clone();
            quality.merge(a.quality);
            let rows = ReportRows {
                interactions: &t,
                surveys: &a.responses,
                quality: &quality,
            };
            let r = report_rows_in_parts(&rows, &cal, None, &opts, 1).expect("the report");
            assert_eq!(card.tickets.interactions, r.tickets.interactions);
            assert_eq!(
                card.tickets.first_response_time,
                r.tickets.first_response_time
            );
            assert_eq!(
                card.tickets.full_resolution_time,
                r.tickets.full_resolution_time
            );
            assert_eq!(card.surveys, r.surveys);
            assert_eq!(card.data_quality, r.data_quality);
        }
        (Err(e), _, _) => assert!(known(e.code())),
        (Ok(_), t, a) => panic!(
            "the scorecard read what the readers refused: {:?} {:?}",
            t.err(),
            a.err()
        ),
    }
});
