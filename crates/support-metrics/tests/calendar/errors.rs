//! Every bad input is refused with its stable code, whichever door it comes in by (JSON, the
//! builder, the value constructors, the query methods). The JSON doors are also covered by the
//! golden vectors; these tests add the Rust-only ones and the messages.

use chrono::{Duration, NaiveDate};
use support_metrics::calendar::{BusinessDuration, WallInterval, WallTime};
use support_metrics::{BusinessCalendar, Error};

use super::at;

fn json_code(text: &str) -> &'static str {
    BusinessCalendar::from_json(text)
        .map(|_| "ok")
        .unwrap_or_else(|e| e.code())
}

#[test]
fn json_errors_have_codes() {
    let cases = [
        (r#"{"timezone":"UTC","week":{}}"#, "ok"),
        (r#"{"timezone":"Europe/Atlantis"}"#, "unknown_time_zone"),
        (r#"{"timezone":"europe/berlin "}"#, "unknown_time_zone"),
        (
            r#"{"timezone":"UTC","week":{"mon":[["09:00","25:00"]]}}"#,
            "invalid_time",
        ),
        (
            r#"{"timezone":"UTC","week":{"mon":[["09:00","24:30"]]}}"#,
            "invalid_time",
        ),
        (
            r#"{"timezone":"UTC","week":{"mon":[["24:00","06:00"]]}}"#,
            "invalid_time",
        ),
        (
            r#"{"timezone":"UTC","week":{"mon":[["09:00","17:00:60"]]}}"#,
            "invalid_time",
        ),
        (
            r#"{"timezone":"UTC","week":{"mon":[["9am","17:00"]]}}"#,
            "invalid_time",
        ),
        (
            r#"{"timezone":"UTC","week":{"mon":[["09:00","09:00"]]}}"#,
            "empty_interval",
        ),
        (
            r#"{"timezone":"UTC","overrides":{"2026-01-01":[["00:00","00:00"]]}}"#,
            "empty_interval",
        ),
        (r#"{"timezone":"UTC","week":{"Mon":[]}}"#, "unknown_weekday"),
        (
            r#"{"timezone":"UTC","week":{"saturday":[]}}"#,
            "unknown_weekday",
        ),
        (
            r#"{"timezone":"UTC","holidays":["2026-13-01"]}"#,
            "invalid_date",
        ),
        (
            r#"{"timezone":"UTC","holidays":["2026-1-1"]}"#,
            "invalid_date",
        ),
        (
            r#"{"timezone":"UTC","closures":{"tomorrow":[]}}"#,
            "invalid_date",
        ),
        (
            r#"{"timezone":"UTC","holidays":["2100-01-01"]}"#,
            "out_of_range",
        ),
        (
            r#"{"timezone":"UTC","overrides":{"1899-12-31":[]}}"#,
            "out_of_range",
        ),
        (r#"{"timezone":"UTC","workdays":[]}"#, "unknown_field"),
        (
            r#"{"timezone":"UTC","week":{"mon":[],"mon":[]}}"#,
            "duplicate_key",
        ),
        (
            r#"{"timezone":"UTC","holidays":"2026-01-01"}"#,
            "invalid_type",
        ),
        (r#"{"timezone":42}"#, "invalid_type"),
        (
            r#"{"timezone":"UTC","week":{"mon":[["09:00","12:00","13:00"]]}}"#,
            "invalid_type",
        ),
        (r#"{"timezone":"UTC","name":7}"#, "invalid_type"),
        (r#"{"timezone":"UTC",}"#, "invalid_json"),
        ("", "invalid_json"),
        (r#"{"name":"no zone"}"#, "missing_field"),
    ];
    for (text, code) in cases {
        assert_eq!(json_code(text), code, "{text}");
    }
}

#[test]
fn json_errors_name_the_place() {
    let err = BusinessCalendar::from_json(
        r#"{"timezone":"UTC","week":{"tue":[["09:00","17:00"],["18:00","18:00"]]}}"#,
    )
    .unwrap_err();
    assert_eq!(err.code(), "empty_interval");
    assert!(err.to_string().starts_with("week.tue[1]: "), "{err}");
    let err = BusinessCalendar::from_json(
        r#"{"timezone":"UTC","closures":{"2026-03-02":[["14:00","24:30"]]}}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("closures.2026-03-02[0][1]: invalid wall-clock time `24:30`"),
        "{err}"
    );
    let err =
        BusinessCalendar::from_json(r#"{"timezone":"UTC","holidays":["2026-01-01","2026-02-29"]}"#)
            .unwrap_err();
    assert_eq!(
        err.to_string(),
        "holidays[1]: invalid date `2026-02-29`: expected an existing date as YYYY-MM-DD"
    );
    assert_eq!(err.family(), "calendar");
}

#[test]
fn value_constructors_refuse_bad_times() {
    for (h, m, s) in [(25, 0, 0), (24, 30, 0), (24, 0, 1), (9, 60, 0), (9, 0, 60)] {
        assert_eq!(
            WallTime::hms(h, m, s).unwrap_err().code(),
            "invalid_time",
            "{h}:{m}:{s}"
        );
    }
    assert_eq!(
        WallTime::from_seconds(86_401).unwrap_err().code(),
        "invalid_time"
    );
    assert_eq!(
        WallTime::from_seconds(86_400).unwrap(),
        WallTime::END_OF_DAY
    );
    let nine = WallTime::hms(9, 0, 0).unwrap();
    assert_eq!(
        WallInterval::new(WallTime::END_OF_DAY, nine)
            .unwrap_err()
            .code(),
        "invalid_time"
    );
    assert_eq!(
        WallInterval::new(nine, nine).unwrap_err().code(),
        "empty_interval"
    );
    assert_eq!(
        WallInterval::parse("00:00", "00:00").unwrap_err().code(),
        "empty_interval"
    );
    assert_eq!(
        WallInterval::parse("24:00", "24:00").unwrap_err().code(),
        "invalid_time"
    );
    assert!(WallInterval::parse("23:59:59", "00:00")
        .unwrap()
        .is_overnight());
}

#[test]
fn builder_refuses_dates_out_of_range() {
    let too_late = NaiveDate::from_ymd_opt(2100, 1, 1).unwrap();
    let too_early = NaiveDate::from_ymd_opt(1899, 12, 31).unwrap();
    let b = || BusinessCalendar::builder(chrono_tz::UTC);
    assert_eq!(
        b().holiday(too_late).build().unwrap_err().code(),
        "out_of_range"
    );
    assert_eq!(
        b().override_date(too_early, &[])
            .build()
            .unwrap_err()
            .code(),
        "out_of_range"
    );
    assert_eq!(
        b().closure(too_late, &[WallInterval::WHOLE_DAY])
            .build()
            .unwrap_err()
            .code(),
        "out_of_range"
    );
    let last = NaiveDate::from_ymd_opt(2099, 12, 31).unwrap();
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
    assert!(b().holiday(last).holiday(first).build().is_ok());
}

#[test]
fn durations_must_be_finite_and_not_negative() {
    for bad in [
        -1.0,
        -1e-9,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1e12,
    ] {
        assert_eq!(
            BusinessDuration::from_secs_f64(bad).unwrap_err().code(),
            "invalid_duration",
            "{bad}"
        );
    }
    assert_eq!(
        BusinessDuration::from_nanos(-1).unwrap_err().code(),
        "invalid_duration"
    );
    assert_eq!(
        BusinessDuration::from_secs_f64(-0.0).unwrap(),
        BusinessDuration::ZERO
    );
    // Rounded to the nearest nanosecond.
    assert_eq!(
        BusinessDuration::from_secs_f64(1.000_000_000_4)
            .unwrap()
            .as_nanos(),
        1_000_000_000
    );
    let c = BusinessCalendar::always_open(chrono_tz::UTC);
    let t = at("2026-01-01T00:00:00Z");
    assert_eq!(
        c.add_business_seconds(t, -60.0).unwrap_err().code(),
        "invalid_duration"
    );
    assert_eq!(
        c.add_business_seconds(t, f64::NAN).unwrap_err().code(),
        "invalid_duration"
    );
    assert_eq!(c.add_business_seconds(t, 0.0).unwrap(), t);
}

/// The contract refuses every negative amount, including one that would round to zero
/// nanoseconds (|x| < 0.5 ns): the sign is checked before rounding.
#[test]
fn tiny_negative_durations_are_refused() {
    assert_eq!(
        BusinessDuration::from_secs_f64(-1e-12).unwrap_err().code(),
        "invalid_duration"
    );
    let c = BusinessCalendar::always_open(chrono_tz::UTC);
    let t = at("2026-01-01T00:00:00Z");
    assert_eq!(
        c.add_business_seconds(t, -1e-12).unwrap_err().code(),
        "invalid_duration"
    );
}

#[test]
fn batches_refuse_columns_of_different_lengths() {
    let c = BusinessCalendar::always_open(chrono_tz::UTC);
    let t = Some(at("2026-01-01T00:00:00Z"));
    let err = c.business_seconds_batch(&[t, t], &[t]).unwrap_err();
    assert_eq!(err.code(), "length_mismatch");
    assert_eq!(
        err,
        Error::LengthMismatch {
            left: "starts",
            left_len: 2,
            right: "ends",
            right_len: 1
        }
    );
    assert_eq!(
        c.add_business_seconds_batch(&[t], &[]).unwrap_err().code(),
        "length_mismatch"
    );
    // Bad rows are reported per row and never fail the batch.
    let late = Some(at("2100-01-01T00:00:00Z") + Duration::seconds(1));
    let out = c
        .add_business_seconds_batch(
            &[t, late, t, None],
            &[Some(-1.0), Some(1.0), Some(f64::NAN), Some(1.0)],
        )
        .unwrap();
    let codes: Vec<(usize, &str)> = out.errors.iter().map(|e| (e.row, e.error.code())).collect();
    assert_eq!(
        codes,
        [
            (0, "invalid_duration"),
            (1, "out_of_range"),
            (2, "invalid_duration")
        ]
    );
    assert_eq!(out.values, [None, None, None, None]);
}

#[test]
fn every_code_is_listed_once() {
    let mut codes = Error::CODES.to_vec();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), Error::CODES.len());
}
