//! Business-calendar benches: durations, deadlines, `is_open`, and compiling the fast form.
//!
//! All of them use one realistic calendar: a split-shift desk in Europe/Berlin (Monday to
//! Friday 08:00–12:00 and 13:00–17:00) with the German nationwide public holidays of 2026, and
//! inputs drawn uniformly from the year 2026 with a fixed seed.

use std::hint::black_box;

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{Criterion, SamplingMode, Throughput};
use support_metrics::calendar::{CalendarSpec, WallInterval};
use support_metrics::BusinessCalendar;
use support_metrics_testkit::reference;

use crate::rng::SplitMix64;

/// Inputs per iteration of the fast benches.
const N: usize = 1_000_000;
/// Inputs per iteration of the naive baseline: the reference is far slower, so it runs on the
/// first `N_NAIVE` pairs of the same input and criterion reports elements per second, which
/// makes the two throughputs directly comparable.
const N_NAIVE: usize = 10_000;
/// Longest deadline target of the `add_business_seconds` bench: 40 business hours.
const MAX_TARGET_SECS: i64 = 40 * 3600;

const NS: i64 = 1_000_000_000;

pub fn define(c: &mut Criterion) {
    let spec = berlin_split_shift();
    let cal = BusinessCalendar::new(spec.clone()).expect("valid calendar");
    cal.precompile(utc(2026, 1, 1), utc(2027, 1, 1))
        .expect("2026 is in range");
    let (year_start, year_end) = (ns(utc(2026, 1, 1)), ns(utc(2027, 1, 1)));

    let mut rng = SplitMix64::new(0x5EED_2026);
    let pairs: Vec<(DateTime<Utc>, DateTime<Utc>)> = (0..N)
        .map(|_| {
            let (a, b) = (
                rng.range(year_start, year_end),
                rng.range(year_start, year_end),
            );
            (from_ns(a.min(b)), from_ns(a.max(b)))
        })
        .collect();
    let deadlines: Vec<(DateTime<Utc>, f64)> = (0..N)
        .map(|_| {
            (
                from_ns(rng.range(year_start, year_end)),
                rng.range(0, MAX_TARGET_SECS + 1) as f64,
            )
        })
        .collect();
    let instants: Vec<DateTime<Utc>> = (0..N)
        .map(|_| from_ns(rng.range(year_start, year_end)))
        .collect();

    let durations = |cal: &BusinessCalendar, pairs: &[(DateTime<Utc>, DateTime<Utc>)]| -> i64 {
        pairs.iter().fold(0i64, |sum, &(a, b)| {
            let d = cal.business_duration(a, b).expect("ordered pairs in range");
            sum.wrapping_add(d.as_nanos())
        })
    };
    let naive_durations = |pairs: &[(DateTime<Utc>, DateTime<Utc>)]| -> i64 {
        pairs.iter().fold(0i64, |sum, &(a, b)| {
            sum.wrapping_add(reference::business_nanos(&spec, ns(a), ns(b)))
        })
    };
    let due = |cal: &BusinessCalendar, deadlines: &[(DateTime<Utc>, f64)]| -> i64 {
        deadlines.iter().fold(0i64, |sum, &(start, secs)| {
            let at = cal
                .add_business_seconds(start, secs)
                .expect("a deadline in 2027 at the latest");
            sum.wrapping_add(ns(at))
        })
    };
    let open_count = |cal: &BusinessCalendar, instants: &[DateTime<Utc>]| -> usize {
        instants
            .iter()
            .filter(|&&t| cal.is_open(t).expect("instant in range"))
            .count()
    };

    // The expected answers, computed once. The fast and naive answers must agree on the
    // shared inputs, or the comparison is meaningless.
    let expected_durations = durations(&cal, &pairs);
    let expected_naive = naive_durations(&pairs[..N_NAIVE]);
    assert_eq!(
        durations(&cal, &pairs[..N_NAIVE]),
        expected_naive,
        "fast and naive disagree"
    );
    let expected_due = due(&cal, &deadlines);
    for &(start, secs) in &deadlines[..N_NAIVE] {
        let fast = ns(cal.add_business_seconds(start, secs).expect("in range"));
        let naive = reference::add_business_nanos(&spec, ns(start), secs as i64 * NS);
        assert_eq!(Some(fast), naive, "deadline from {start} + {secs} s");
    }
    let expected_open = open_count(&cal, &instants);
    for &t in &instants[..N_NAIVE] {
        assert_eq!(
            cal.is_open(t).expect("in range"),
            reference::is_open(&spec, ns(t)),
            "is_open at {t}"
        );
    }
    let decade = (utc(2026, 1, 1), utc(2036, 1, 1));
    let expected_decade = cal.business_duration(decade.0, decade.1).expect("in range");

    let mut g = c.benchmark_group("calendar");

    // From scratch every iteration: a fresh calendar (the compiled form is per calendar and
    // built once), then every block covering ten years. First, as it has no throughput.
    g.sample_size(20);
    g.bench_function("compile_10_years", |b| {
        let (from, to) = decade;
        b.iter(|| {
            let cal = BusinessCalendar::new(black_box(&spec).clone()).expect("valid calendar");
            cal.precompile(from, to).expect("in range");
            assert_eq!(
                cal.business_duration(from, to).expect("in range"),
                expected_decade
            );
            cal
        });
    });

    // One iteration is a million queries (tens of milliseconds): few, flat samples suffice.
    g.sample_size(10).sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("business_duration_fast", |b| {
        b.iter(|| {
            assert_eq!(
                durations(black_box(&cal), black_box(&pairs)),
                expected_durations
            )
        });
    });

    g.throughput(Throughput::Elements(N_NAIVE as u64));
    g.bench_function("business_duration_naive", |b| {
        b.iter(|| {
            assert_eq!(
                naive_durations(black_box(&pairs[..N_NAIVE])),
                expected_naive
            )
        });
    });

    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("add_business_seconds", |b| {
        b.iter(|| assert_eq!(due(black_box(&cal), black_box(&deadlines)), expected_due));
    });

    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("is_open", |b| {
        b.iter(|| {
            assert_eq!(
                open_count(black_box(&cal), black_box(&instants)),
                expected_open
            )
        });
    });

    g.finish();
}

/// Monday to Friday 08:00–12:00 and 13:00–17:00 in Berlin, closed on the German nationwide
/// public holidays of 2026 (Easter Sunday is 5 April).
fn berlin_split_shift() -> CalendarSpec {
    let shifts = vec![
        WallInterval::parse("08:00", "12:00").expect("valid"),
        WallInterval::parse("13:00", "17:00").expect("valid"),
    ];
    let mut spec = CalendarSpec::new(chrono_tz::Europe::Berlin);
    spec.name = Some("Berlin split shift".to_owned());
    for day in &mut spec.week[..5] {
        day.clone_from(&shifts);
    }
    let holidays = [
        (1, 1),   // Neujahr
        (4, 3),   // Karfreitag
        (4, 6),   // Ostermontag
        (5, 1),   // Tag der Arbeit
        (5, 14),  // Christi Himmelfahrt
        (5, 25),  // Pfingstmontag
        (10, 3),  // Tag der Deutschen Einheit
        (12, 25), // 1. Weihnachtstag
        (12, 26), // 2. Weihnachtstag
    ];
    for (m, d) in holidays {
        spec.holidays
            .insert(NaiveDate::from_ymd_opt(2026, m, d).expect("valid date"));
    }
    spec
}

fn utc(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("valid date")
        .and_utc()
}

fn ns(t: DateTime<Utc>) -> i64 {
    t.timestamp_nanos_opt().expect("within ±292 years of 1970")
}

fn from_ns(ns: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_nanos(ns)
}
