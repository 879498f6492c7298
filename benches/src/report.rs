//! The quality report at the scale of issue 8: 1M interactions and about 400k survey answers
//! of the demo generator, as the command line runs it (read the summary and surveys CSV texts,
//! then one `report`), with the plain catalogue over the same interactions as the baseline
//! measured in the same run.

use std::hint::black_box;

use criterion::{Criterion, SamplingMode, Throughput};
use support_metrics::demo::{demo, DemoOptions};
use support_metrics::interaction::{
    read_summary_csv, write_summary_csv, InteractionRows, ReadOptions, SummaryTable,
};
use support_metrics::metrics::ticket_catalogue;
use support_metrics::quality::DataQuality;
use support_metrics::report::{
    report, report_rows_in_parts, ReportData, ReportOptions, ReportRows,
};
use support_metrics::sla::SlaPolicies;
use support_metrics::survey::{read_surveys_csv, write_surveys_csv, SurveyConfig};
use support_metrics::BusinessCalendar;

const N: u64 = 1_000_000;

pub fn define(c: &mut Criterion) {
    let d = demo(&DemoOptions {
        interactions: N,
        seed: 2026,
    })
    .expect("demo");
    let summary = write_summary_csv(&d.interactions);
    let surveys = write_surveys_csv(&d.surveys);
    let cal = BusinessCalendar::from_json(&d.calendar).expect("calendar");
    let policies = SlaPolicies::from_json(&d.policies).expect("policies");
    let mut opts = ReportOptions::default();
    opts.tickets = opts.tickets.as_of(d.as_of);
    let ro = ReadOptions::default();
    let config = SurveyConfig::default();
    let read = || {
        let its = read_summary_csv(black_box(&summary), &ro).expect("summary");
        let answers = read_surveys_csv(black_box(&surveys), &config, &ro).expect("surveys");
        (its, answers)
    };
    let (its, answers) = read();
    assert_eq!(its.interactions.len() as u64, N);
    assert!(answers.responses.len() > 350_000, "about 400k answers");
    let quality = DataQuality::default();
    let data = ReportData {
        interactions: &its.interactions,
        surveys: &answers.responses,
        quality: &quality,
    };
    let t = std::time::Instant::now();
    let expected = report(&data, &cal, Some(&policies), &opts).expect("report");
    eprintln!("report/report_1m: one untimed run took {:?}", t.elapsed());
    assert_eq!(expected.tickets.interactions, N);
    let baseline = ticket_catalogue(
        &its.interactions,
        &cal,
        Some(&policies),
        &opts.tickets,
        None,
    )
    .expect("catalogue");
    assert_eq!(baseline.report, expected.tickets);

    let mut g = c.benchmark_group("report");
    g.sample_size(10).sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Elements(N));
    g.bench_function("catalogue_baseline_1m", |b| {
        b.iter(|| {
            let c = ticket_catalogue(
                black_box(&its.interactions),
                &cal,
                Some(&policies),
                &opts.tickets,
                None,
            )
            .expect("catalogue");
            assert_eq!(c.report, baseline.report);
        });
    });
    g.bench_function("read_summary_csv_1m", |b| {
        b.iter(|| {
            let b = read_summary_csv(black_box(&summary), &ro).expect("summary");
            assert_eq!(b.interactions.len() as u64, N);
        });
    });
    g.bench_function("summary_table_1m", |b| {
        b.iter(|| {
            let t = SummaryTable::read(black_box(&summary), 1).expect("summary");
            assert_eq!(t.len() as u64, N);
        });
    });
    g.bench_function("read_surveys_csv", |b| {
        b.iter(|| {
            let b = read_surveys_csv(black_box(&surveys), &config, &ro).expect("surveys");
            assert_eq!(b.responses.len(), answers.responses.len());
        });
    });
    g.bench_function("report_1m", |b| {
        b.iter(|| {
            let r = report(black_box(&data), &cal, Some(&policies), &opts).expect("report");
            assert_eq!(r, expected);
        });
    });
    g.bench_function("end_to_end_1m", |b| {
        b.iter(|| {
            let (its, answers) = read();
            let data = ReportData {
                interactions: &its.interactions,
                surveys: &answers.responses,
                quality: &quality,
            };
            let r = report(&data, &cal, Some(&policies), &opts).expect("report");
            assert_eq!(r, expected);
        });
    });
    // The same, the summary read as a table (each interaction built when the report reads
    // it), on one thread as the others.
    g.bench_function("end_to_end_table_1m", |b| {
        b.iter(|| {
            let table = SummaryTable::read(black_box(&summary), 1).expect("summary");
            let answers = read_surveys_csv(black_box(&surveys), &config, &ro).expect("surveys");
            let rows = ReportRows {
                interactions: &table,
                surveys: &answers.responses,
                quality: &quality,
            };
            let r = report_rows_in_parts(&rows, &cal, Some(&policies), &opts, 1).expect("report");
            assert_eq!(r, expected);
        });
    });
    g.finish();
}
