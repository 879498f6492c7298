//! The report against the separate calls it must agree with (the catalogue, the breakdowns,
//! `Surveys`), and its laws: every part adds up to the total, answers' order does not matter,
//! tallies merge to the whole. Hand-derived cases are in `tests/vectors/report.json`.

use proptest::prelude::*;
use support_metrics::demo::{demo, DemoOptions};
use support_metrics::interaction::{
    read_summary_csv, write_summary_csv, Interaction, ReadOptions, SummaryRow, SummaryTable,
};
use support_metrics::metrics::{ticket_breakdown, ticket_catalogue, BreakdownOptions, Dimension};
use support_metrics::quality::DataQuality;
use support_metrics::report::{report, Report, ReportData, ReportOptions, ReportRows};
use support_metrics::sla::SlaPolicies;
use support_metrics::survey::{SurveyResponse, SurveyTally, Surveys};
use support_metrics::BusinessCalendar;

struct Fixture {
    /// The summary rows of `interactions`.
    rows: Vec<SummaryRow>,
    interactions: Vec<Interaction>,
    surveys: Vec<SurveyResponse>,
    calendar: BusinessCalendar,
    policies: SlaPolicies,
    opts: ReportOptions,
}

fn fixture(n: u64, seed: u64) -> Fixture {
    let d = demo(&DemoOptions {
        interactions: n,
        seed,
    })
    .unwrap();
    let mut opts = ReportOptions::default();
    opts.tickets = opts.tickets.as_of(d.as_of);
    Fixture {
        rows: d.interactions.clone(),
        interactions: d
            .interactions
            .into_iter()
            .map(SummaryRow::into_interaction)
            .collect::<Result<_, _>>()
            .unwrap(),
        surveys: d.surveys,
        calendar: BusinessCalendar::from_json(&d.calendar).unwrap(),
        policies: SlaPolicies::from_json(&d.policies).unwrap(),
        opts,
    }
}

fn run(f: &Fixture, surveys: &[SurveyResponse]) -> Report {
    let q = DataQuality::default();
    let data = ReportData {
        interactions: &f.interactions,
        surveys,
        quality: &q,
    };
    report(&data, &f.calendar, Some(&f.policies), &f.opts).unwrap()
}

#[test]
fn report_equals_the_separate_calls() {
    let f = fixture(2_000, 11);
    let r = run(&f, &f.surveys);
    let cat = ticket_catalogue(
        &f.interactions,
        &f.calendar,
        Some(&f.policies),
        &f.opts.tickets,
        None,
    )
    .unwrap();
    assert_eq!(r.tickets, cat.report);
    for (i, d) in [Dimension::Agent, Dimension::Channel, Dimension::Priority]
        .into_iter()
        .enumerate()
    {
        let by = BreakdownOptions::default()
            .dimensions(vec![d.clone()])
            .timezone("Europe/Moscow");
        let rows = ticket_breakdown(
            &f.interactions,
            &f.calendar,
            Some(&f.policies),
            &f.opts.tickets,
            &by,
        )
        .unwrap();
        let b = &r.breakdowns[i];
        assert_eq!(b.dimension, d);
        let got: Vec<_> = b.rows.iter().filter_map(|g| g.tickets.clone()).collect();
        let want: Vec<_> = rows.into_iter().map(|row| row.report).collect();
        assert_eq!(got, want, "{d:?}");
    }
    // Surveys: the answers given by as_of, through the Surveys accumulator.
    let as_of = f.opts.tickets.measures.as_of.unwrap();
    let mut s = Surveys::new(f.opts.surveys.clone()).unwrap();
    let mut after = 0;
    for a in &f.surveys {
        if a.responded_at > as_of {
            after += 1;
        } else {
            s.push(a).unwrap();
        }
    }
    let so = &f.opts.tickets.stats;
    assert_eq!(r.surveys.csat, s.csat(f.opts.csat, so).unwrap());
    assert_eq!(r.surveys.nps, s.nps(so).unwrap());
    assert_eq!(r.surveys.ces, s.ces(so).unwrap());
    assert_eq!(r.surveys.answers, s.answers_kept());
    assert_eq!(r.surveys.superseded, s.superseded());
    assert_eq!(r.excluded.surveys_after_as_of, after);
    assert!(after > 0 && s.superseded() > 0, "the demo exercises both");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Every part adds up: groups and periods to the total, the heatmap and the histogram to
    /// the volume, group answers to the joined answers.
    #[test]
    fn parts_add_up(n in 0u64..250, seed in any::<u64>()) {
        let f = fixture(n, seed);
        let r = run(&f, &f.surveys);
        let total = r.tickets.interactions;
        prop_assert_eq!(total, n);
        prop_assert_eq!(r.volume_heatmap.iter().flatten().sum::<u64>(), total);
        let h = &r.first_response_histogram;
        prop_assert_eq!(h.counts.iter().sum::<u64>() + h.excluded, total);
        prop_assert_eq!(h.counts.iter().sum::<u64>(), r.tickets.first_response_time.count);
        for b in &r.breakdowns {
            let volume: u64 = b.rows.iter().filter_map(|g| g.tickets.as_ref()).map(|t| t.interactions).sum();
            prop_assert_eq!(volume, total);
            let answers: u64 = b.rows.iter().filter_map(|g| g.surveys.as_ref()).map(|s| s.answers).sum();
            // Every demo answer is about a known interaction.
            prop_assert_eq!(answers, r.surveys.answers);
        }
        let trend: u64 = r.trend.iter().filter_map(|p| p.tickets.as_ref()).map(|t| t.interactions).sum();
        prop_assert_eq!(trend, total);
        let trend_answers: u64 = r.trend.iter().filter_map(|p| p.surveys.as_ref()).map(|s| s.answers).sum();
        prop_assert_eq!(trend_answers, r.surveys.answers);
    }

    /// The order answers come in changes nothing.
    #[test]
    fn answer_order_does_not_matter(n in 1u64..150, seed in any::<u64>(), rot in any::<usize>()) {
        let f = fixture(n, seed);
        let mut shuffled = f.surveys.clone();
        shuffled.reverse();
        if !shuffled.is_empty() {
            let k = rot % shuffled.len();
            shuffled.rotate_left(k);
        }
        prop_assert_eq!(run(&f, &f.surveys), run(&f, &shuffled));
    }

    /// Tallies of two halves merge into the tally of the whole (split by interaction, so each
    /// interaction's re-ratings stay together).
    #[test]
    fn tallies_merge_to_the_whole(n in 1u64..200, seed in any::<u64>(), modulus in 2usize..5) {
        let f = fixture(n, seed);
        let config = f.opts.surveys.clone();
        let (mut a, mut b, mut all) = (
            Surveys::new(config.clone()).unwrap(),
            Surveys::new(config.clone()).unwrap(),
            Surveys::new(config).unwrap(),
        );
        for s in &f.surveys {
            let bucket = s.interaction_id.bytes().map(usize::from).sum::<usize>() % modulus;
            if bucket == 0 { a.push(s).unwrap() } else { b.push(s).unwrap() }
            all.push(s).unwrap();
        }
        let mut t: SurveyTally = a.tally();
        t.merge(&b.tally());
        prop_assert_eq!(&t, &all.tally());
        prop_assert_eq!(t.answers(), all.answers_kept());
    }
}

mod parts {
    use proptest::prelude::*;
    use support_metrics::csv::parts;
    use support_metrics::demo::{demo, DemoOptions};
    use support_metrics::interaction::{
        merge_summary_parts, read_summary_csv, read_summary_csv_chunk, read_summary_csv_part,
        write_summary_csv, ReadOptions, SummaryMerger,
    };

    /// A summary CSV with the faults a real export has: bad rows, repeated ids (also across
    /// any split), quoted fields spanning lines, blank lines, CRLF line ends.
    fn messy(n: u64, seed: u64, faults: &[(usize, u8)], crlf: bool) -> String {
        let mut rows = demo(&DemoOptions {
            interactions: n,
            seed,
        })
        .unwrap()
        .interactions;
        for (i, r) in rows.iter_mut().enumerate() {
            if i % 7 == 3 {
                r.agent = Some(format!("Ivanova, A.\n\"night\" {i}"));
            }
        }
        let text = write_summary_csv(&rows);
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        for &(at, kind) in faults {
            let at = 1 + at % lines.len().max(1);
            let bad = match kind % 5 {
                0 => "X1,fax,,,,,,2026-10-01T09:00:00Z,,,,,,,,,".to_string(),
                1 => "T0000001,chat,,,,,,2026-10-01T09:00:00Z,,,,,,,,,".to_string(),
                2 => String::new(),
                3 => "X2,chat,,,,,,2026-10-01 09:00,,,,,,,,,".to_string(),
                _ => "X3,chat".to_string(),
            };
            lines.insert(at.min(lines.len()), bad);
        }
        let sep = if crlf { "\r\n" } else { "\n" };
        lines.join(sep) + sep
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// Reading in parts and merging gives exactly the whole read: rows, findings, lines.
        #[test]
        fn parts_merge_to_the_whole_read(
            n in 0u64..60,
            seed in any::<u64>(),
            faults in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..6),
            crlf in any::<bool>(),
            k in 1usize..6,
        ) {
            let text = messy(n, seed, &faults, crlf);
            let whole = read_summary_csv(&text, &ReadOptions::default());
            let ps = parts(&text, k).expect("a header");
            prop_assert!(ps.len() <= k);
            let read: Result<Vec<_>, _> = ps.iter().map(|p| read_summary_csv_part(&text, p)).collect();
            // The same parts as chunks of a stream (the header read once, each chunk on its own).
            let mut head = support_metrics::csv::CsvReader::new(&text);
            let mut rec = support_metrics::csv::Record::default();
            prop_assert!(head.read(&mut rec).unwrap());
            let header = support_metrics::csv::Header::new(&rec).unwrap();
            let chunks: Result<Vec<_>, _> = ps
                .iter()
                .map(|p| read_summary_csv_chunk(&header, &text[p.start..p.end], p.first_line))
                .collect();
            if let (Ok(w), Ok(c)) = (&whole, chunks) {
                let mut m = SummaryMerger::default();
                for part in c {
                    m.push(part);
                }
                prop_assert_eq!(&m.finish(), w);
            }
            match (whole, read) {
                (Ok(w), Ok(r)) => prop_assert_eq!(merge_summary_parts(r), w),
                (Err(w), Err(r)) => prop_assert_eq!(w.code(), r.code()),
                (w, r) => prop_assert!(false, "whole {:?} parts {:?}", w.map(|_| ()), r.map(|_| ())),
            }
        }
    }

    #[test]
    fn a_stray_quote_is_found_by_its_part() {
        let text = "id,channel,created_at\n1,chat,2026-03-02T09:00:00Z\n2,ch\"at,2026-03-02T09:00:00Z\n3,chat,2026-03-02T09:00:00Z\n";
        let whole = read_summary_csv(text, &ReadOptions::default()).unwrap_err();
        let ps = parts(text, 3).unwrap();
        let errs: Vec<_> = ps
            .iter()
            .filter_map(|p| read_summary_csv_part(text, p).err())
            .collect();
        assert_eq!(errs.first().map(|e| e.to_string()), Some(whole.to_string()));
    }
}

/// The report on threads is exactly the one-thread report (above the size where it uses them).
#[test]
fn report_on_threads_is_the_report() {
    use support_metrics::report::{report_in_parts, PARALLEL_INTERACTIONS};
    let f = fixture(PARALLEL_INTERACTIONS as u64 + 1_000, 5);
    assert!(f.interactions.len() >= PARALLEL_INTERACTIONS);
    let whole = run(&f, &f.surveys);
    let q = DataQuality::default();
    let data = ReportData {
        interactions: &f.interactions,
        surveys: &f.surveys,
        quality: &q,
    };
    for threads in [1, 2, 3] {
        let r = report_in_parts(&data, &f.calendar, Some(&f.policies), &f.opts, threads);
        assert_eq!(r.unwrap(), whole, "{threads} threads");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The report in parts (any split of the interactions, as threads would take them) is
    /// exactly the report of the whole.
    #[test]
    fn parts_merge_to_the_whole_report(
        n in 0u64..200,
        seed in any::<u64>(),
        cuts in proptest::collection::vec(any::<usize>(), 0..4),
    ) {
        use support_metrics::report::ReportPlan;
        let f = fixture(n, seed);
        let whole = run(&f, &f.surveys);
        let q = DataQuality::default();
        let data = ReportData { interactions: &f.interactions, surveys: &f.surveys, quality: &q };
        let plan = ReportPlan::new(data, &f.calendar, Some(&f.policies), &f.opts).unwrap();
        let len = f.interactions.len();
        let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (len + 1)).collect();
        bounds.push(0);
        bounds.push(len);
        bounds.sort_unstable();
        let parts: Vec<_> = bounds.windows(2).map(|w| plan.tickets(w[0]..w[1]).unwrap()).collect();
        prop_assert_eq!(plan.finish(parts, plan.surveys().unwrap()).unwrap(), whole.clone());
        // The same interactions read as a table of their CSV text, in the same parts.
        let text = write_summary_csv(&f.rows);
        let table = SummaryTable::read(&text, 1).unwrap();
        let rows = ReportRows { interactions: &table, surveys: &f.surveys, quality: &q };
        let plan = ReportPlan::of_rows(rows, &f.calendar, Some(&f.policies), &f.opts).unwrap();
        let parts: Vec<_> = bounds.windows(2).map(|w| plan.tickets(w[0]..w[1]).unwrap()).collect();
        prop_assert_eq!(plan.finish(parts, plan.surveys().unwrap()).unwrap(), whole);
    }
}

/// The report of a summary CSV read as a table (each interaction built when the report reads
/// it) is the report of the same text read into interactions: bad rows, a repeated id, a
/// custom attribute as a breakdown, answers about unknown interactions and with their own
/// agent, on one thread and on threads.
#[test]
fn report_of_a_table_is_the_report_of_its_rows() {
    use support_metrics::report::{report_rows_in_parts, PARALLEL_INTERACTIONS};
    let d = demo(&DemoOptions {
        interactions: PARALLEL_INTERACTIONS as u64 + 1_000,
        seed: 9,
    })
    .unwrap();
    let mut rows = d.interactions.clone();
    for (k, r) in rows.iter_mut().enumerate() {
        if k % 3 == 0 {
            r.attributes.insert("tier".into(), format!("t{}", k % 4));
        }
    }
    let mut text = write_summary_csv(&rows);
    let first = text.lines().nth(1).unwrap().to_string();
    text.push_str(&first);
    text.push_str("\nx,fax,,,,,,2026-11-02T09:00:00Z,,,,,,,,,,\n");
    let mut surveys = d.surveys.clone();
    let mut stray = surveys[0].clone();
    stray.interaction_id = "no such id".into();
    surveys.push(stray);
    surveys[1].agent = Some("someone".into());
    let mut opts = ReportOptions::default();
    opts.tickets = opts.tickets.as_of(d.as_of);
    opts.by.push(Dimension::Attribute("tier".into()));
    let cal = BusinessCalendar::from_json(&d.calendar).unwrap();
    let policies = SlaPolicies::from_json(&d.policies).unwrap();
    let batch = read_summary_csv(&text, &ReadOptions::default()).unwrap();
    assert_eq!(batch.quality.rows_rejected, 2);
    let data = ReportData {
        interactions: &batch.interactions,
        surveys: &surveys,
        quality: &batch.quality,
    };
    let whole = report(&data, &cal, Some(&policies), &opts).unwrap();
    assert!(whole
        .data_quality
        .findings
        .iter()
        .any(|f| f.code == "unknown_interaction"));
    for threads in [1, 2, 3] {
        let table = SummaryTable::read(&text, threads).unwrap();
        assert_eq!(table.quality(), &batch.quality, "{threads} threads");
        let rows = ReportRows {
            interactions: &table,
            surveys: &surveys,
            quality: table.quality(),
        };
        let r = report_rows_in_parts(&rows, &cal, Some(&policies), &opts, threads);
        assert_eq!(r.unwrap(), whole, "{threads} threads");
    }
}
