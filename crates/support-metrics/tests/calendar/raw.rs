//! The raw-nanosecond batch forms answer exactly what the `DateTime` forms answer, row by row,
//! errors included; local wall times resolve like the naive reference's calendar wall times.

use chrono::{DateTime, NaiveDate};
use proptest::prelude::*;
use support_metrics::calendar::{resolve_local_ns_batch, MISSING_NS};
use support_metrics::BusinessCalendar;
use support_metrics_testkit::gen::{self, dt};
use support_metrics_testkit::reference::{self, NS};

use super::{at, cal, config};

/// A row's answer as (value, error code).
fn rows<T: Copy + PartialEq + std::fmt::Debug>(
    out: &support_metrics::calendar::BatchOutput<T>,
) -> Vec<Result<Option<T>, &'static str>> {
    (0..out.values.len())
        .map(|i| out.row(i).unwrap().map_err(|e| e.code()))
        .collect()
}

proptest! {
    #![proptest_config(config(64, 512))]

    #[test]
    fn ns_batch_equals_datetime_batch((sc, v) in gen::scenario_and_instants(6), missing in 0usize..8) {
        let c = cal(&sc.spec);
        // Pairs in both orders, so end-before-start rows occur; one row missing.
        let mut starts: Vec<i64> = v.iter().copied().chain(v.iter().rev().copied()).collect();
        let ends: Vec<i64> = v.iter().rev().copied().chain(v.iter().copied()).collect();
        if let Some(s) = starts.get_mut(missing) {
            *s = MISSING_NS;
        }
        let opt = |x: &i64| (*x != MISSING_NS).then(|| dt(*x));
        let fast = c.business_seconds_ns_batch(&starts, &ends).unwrap();
        let slow = c
            .business_seconds_batch(
                &starts.iter().map(opt).collect::<Vec<_>>(),
                &ends.iter().map(opt).collect::<Vec<_>>(),
            )
            .unwrap();
        prop_assert_eq!(rows(&fast), rows(&slow));

        let secs: Vec<Option<f64>> = ends
            .iter()
            .zip(&starts)
            .map(|(a, b)| Some(a.saturating_sub(*b) as f64 / 1e9))
            .collect();
        let fast = c.add_business_seconds_ns_batch(&starts, &secs).unwrap();
        let slow = c
            .add_business_seconds_batch(&starts.iter().map(opt).collect::<Vec<_>>(), &secs)
            .unwrap();
        let slow_ns: Vec<_> = rows(&slow)
            .into_iter()
            .map(|r| r.map(|v| v.map(|t| t.timestamp_nanos_opt().unwrap())))
            .collect();
        prop_assert_eq!(rows(&fast), slow_ns);
    }

    #[test]
    fn local_wall_times_resolve_like_the_reference(
        tz in proptest::sample::select(&gen::ZONES[..]),
        days in -25_000i64..47_000,
        second in 0u32..86_400,
        sub in 0i64..NS,
    ) {
        let date = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let date = if days >= 0 {
            date + chrono::Days::new(days as u64)
        } else {
            date - chrono::Days::new((-days) as u64)
        };
        let local = (days * 86_400 + i64::from(second)) * NS + sub;
        let expect = reference::resolve(tz, date, second) + sub;
        let out = resolve_local_ns_batch(tz, &[local]);
        prop_assert_eq!(out.values, vec![Some(expect)]);
    }
}

#[test]
fn ns_batch_rows_by_hand() {
    let c = BusinessCalendar::from_json(
        r#"{"timezone":"Europe/Berlin","week":{"mon":[["09:00","17:00"]]}}"#,
    )
    .unwrap();
    let n = |s: &str| at(s).timestamp_nanos_opt().unwrap();
    let out = c
        .business_seconds_ns_batch(
            &[n("2026-03-02T07:00:00Z"), n("1899-12-31T23:59:59Z"), 0],
            &[
                n("2026-03-02T09:30:00Z"),
                n("2026-03-02T00:00:00Z"),
                MISSING_NS,
            ],
        )
        .unwrap();
    // Mon 08:00-10:30 CET opens at 09:00: 1.5 h. Row 1 starts before 1900. Row 2 is missing.
    assert_eq!(out.values, [Some(5400.0), None, None]);
    assert_eq!(out.errors.len(), 1);
    assert_eq!(out.errors[0].row, 1);
    assert_eq!(out.errors[0].error.code(), "out_of_range");
    assert!(out.errors[0]
        .error
        .to_string()
        .starts_with("instant 1899-12-31T23:59:59Z is outside"));
    let err = c.business_seconds_ns_batch(&[0], &[]).unwrap_err();
    assert_eq!(err.code(), "length_mismatch");
    assert_eq!(
        err.to_string(),
        "length mismatch: `starts` has 1 rows but `ends` has 0"
    );
}

#[test]
fn add_ns_batch_errors_by_row() {
    let c = BusinessCalendar::from_json(r#"{"timezone":"UTC","week":{}}"#).unwrap();
    let t = at("2026-03-02T00:00:00Z").timestamp_nanos_opt().unwrap();
    let out = c
        .add_business_seconds_ns_batch(&[t, t, t], &[Some(1.0), None, Some(f64::NAN)])
        .unwrap();
    // A calendar that never opens: no deadline; a missing amount; NaN is not an amount.
    assert_eq!(out.values, [None, None, None]);
    let codes: Vec<_> = out.errors.iter().map(|e| (e.row, e.error.code())).collect();
    assert_eq!(codes, [(0, "no_working_time"), (2, "invalid_duration")]);
}

#[test]
fn local_times_at_dst_changes_and_range_ends() {
    let tz = chrono_tz::America::New_York;
    let wall = |s: &str| {
        DateTime::parse_from_rfc3339(&format!("{s}Z"))
            .unwrap()
            .timestamp_nanos_opt()
            .unwrap()
    };
    let out = resolve_local_ns_batch(
        tz,
        &[
            wall("2026-11-01T01:30:00"), // ambiguous: first occurrence, EDT (-04:00)
            wall("2026-03-08T02:30:00"), // gap: read with EST (-05:00), so 03:30 EDT
            MISSING_NS,
            wall("1800-01-01T00:00:00"),
        ],
    );
    let utc = |s: &str| at(s).timestamp_nanos_opt().unwrap();
    assert_eq!(
        out.values,
        [
            Some(utc("2026-11-01T05:30:00Z")),
            Some(utc("2026-03-08T07:30:00Z")),
            None,
            None
        ]
    );
    assert_eq!(out.errors.len(), 1);
    assert_eq!(out.errors[0].row, 3);
    assert_eq!(out.errors[0].error.code(), "out_of_range");
}
