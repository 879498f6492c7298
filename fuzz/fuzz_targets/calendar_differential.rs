//! The compiled engine against the naive reference of `support-metrics-testkit`, on small
//! calendars in DST-rich zones and instants near their boundaries.
//!
//! Wall times sit on a 15-minute grid (with `24:00`), dates in a three-year window chosen to
//! hold interesting transitions (Moscow 2011 and 2014, Sao Paulo's midnight gaps until 2019,
//! Apia skipping 2011-12-30, Lord Howe's half-hour shift), and instants on the UTC 15-minute
//! grid give or take a nanosecond, where every boundary of these zones falls. Any difference
//! in `business_nanos`, `add_business_nanos` or `is_open` panics: that is a finding.

#![no_main]

use arbitrary::Arbitrary;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use libfuzzer_sys::fuzz_target;
use support_metrics::calendar::{BusinessDuration, CalendarSpec, WallInterval, WallTime};
use support_metrics::BusinessCalendar;
use support_metrics_testkit::reference;

const ZONES: [Tz; 10] = [
    chrono_tz::UTC,
    chrono_tz::America::New_York,
    chrono_tz::Europe::Berlin,
    chrono_tz::Europe::Moscow,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Asia::Kolkata,
    chrono_tz::America::Sao_Paulo,
    chrono_tz::Pacific::Apia,
    chrono_tz::America::St_Johns,
    chrono_tz::Africa::Casablanca,
];
/// First years of the three-year windows.
const WINDOWS: [i32; 4] = [2010, 2013, 2017, 2025];
const WINDOW_DAYS: u16 = 3 * 365 + 1;
const NS: i64 = 1_000_000_000;
const QUARTER_NS: i64 = 15 * 60 * NS;
const QUARTERS_PER_DAY: u8 = 96;

#[derive(Arbitrary, Debug)]
struct Input {
    zone: u8,
    window: u8,
    week: [Vec<(u8, u8)>; 7],
    holidays: Vec<u16>,
    overrides: Vec<(u16, Vec<(u8, u8)>)>,
    closures: Vec<(u16, Vec<(u8, u8)>)>,
    queries: Vec<Query>,
}

#[derive(Arbitrary, Debug)]
struct Query {
    a: u32,
    b: u32,
    amount: u32,
}

/// Wall intervals on the 15-minute grid: start `00:00..=23:45`, end `00:15..=24:00`; pairs with
/// equal ends are skipped. At most three per date.
fn intervals(raw: &[(u8, u8)]) -> Vec<WallInterval> {
    let quarter = |q: u8| WallTime::from_seconds(u32::from(q) * 900).expect("on the grid");
    raw.iter()
        .take(3)
        .filter_map(|&(s, e)| {
            let (s, e) = (s % QUARTERS_PER_DAY, e % (QUARTERS_PER_DAY + 1));
            WallInterval::new(quarter(s), quarter(e)).ok()
        })
        .collect()
}

/// An instant on the UTC 15-minute grid of `[from, from + span)`, nudged by the low bits:
/// exactly on it, a nanosecond either side, or somewhere inside the quarter.
fn instant(raw: u32, from: i64, span_quarters: i64) -> i64 {
    let on_grid = from + i64::from(raw >> 3) % span_quarters * QUARTER_NS;
    on_grid
        + match raw & 7 {
            0..=3 => 0,
            4 => 1,
            5 => -1,
            6 => NS,
            _ => 7 * 60 * NS + 123_456_789,
        }
}

fuzz_target!(|input: Input| {
    let tz = ZONES[usize::from(input.zone) % ZONES.len()];
    let first = NaiveDate::from_ymd_opt(WINDOWS[usize::from(input.window) % WINDOWS.len()], 1, 1)
        .expect("valid");
    let date = |offset: u16| first + Duration::days(i64::from(offset % WINDOW_DAYS));

    let mut spec = CalendarSpec::new(tz);
    for (day, raw) in spec.week.iter_mut().zip(&input.week) {
        *day = intervals(raw);
    }
    spec.holidays = input.holidays.iter().take(8).map(|&d| date(d)).collect();
    for (d, raw) in input.overrides.iter().take(6) {
        spec.overrides.insert(date(*d), intervals(raw));
    }
    for (d, raw) in input.closures.iter().take(6) {
        spec.closures
            .entry(date(*d))
            .or_default()
            .extend(intervals(raw));
    }
    let cal = BusinessCalendar::new(spec.clone()).expect("dates in range");
    let json = cal.to_json();

    // Instants from two days before the window to two days after it.
    let from = ns(first.and_hms_opt(0, 0, 0).expect("midnight").and_utc()) - 2 * 96 * QUARTER_NS;
    let span = (i64::from(WINDOW_DAYS) + 4) * 96;
    for q in input.queries.iter().take(4) {
        let a = instant(q.a, from, span);
        // Mostly spans up to 40 days from `a`; with the top bit, anywhere in the window.
        let b = if q.b >> 31 == 0 {
            instant(q.b, a, 40 * 96)
        } else {
            instant(q.b, from, span)
        };
        let (a, b) = (a.min(b), a.max(b));

        let fast = cal
            .business_duration(dt(a), dt(b))
            .expect("in range")
            .as_nanos();
        let slow = reference::business_nanos(&spec, a, b);
        assert_eq!(
            fast,
            slow,
            "business_nanos({a}, {b}) = {} fast, {} reference\n{json}",
            show(a),
            show(b)
        );

        for t in [a, b] {
            let fast = cal.is_open(dt(t)).expect("in range");
            assert_eq!(
                fast,
                reference::is_open(&spec, t),
                "is_open({t} = {}) fast = {fast}\n{json}",
                show(t)
            );
        }

        // Up to 200 business hours on the grid, nudged like the instants.
        let amount = instant(q.amount, 0, 800).max(0);
        let fast = cal
            .add_business_duration(dt(a), BusinessDuration::from_nanos(amount).expect("small"))
            .ok()
            .map(ns);
        let slow = reference::add_business_nanos(&spec, a, amount);
        assert_eq!(
            fast,
            slow,
            "add_business_nanos({a} = {}, {amount})\n{json}",
            show(a)
        );
        if let Some(x) = fast {
            // The deadline is the latest instant with that much business time: open at it.
            assert_eq!(
                cal.business_duration(dt(a), dt(x))
                    .expect("in range")
                    .as_nanos(),
                amount
            );
            assert!(
                cal.is_open(dt(x)).expect("in range"),
                "deadline {} is closed",
                show(x)
            );
        }
    }
});

fn ns(t: DateTime<Utc>) -> i64 {
    t.timestamp_nanos_opt().expect("within ±292 years of 1970")
}

fn dt(ns: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_nanos(ns)
}

fn show(ns: i64) -> String {
    dt(ns).to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}
