//! Hand-checked edge cases. Each expected value is worked out in the comment next to it from
//! the contract; every helper also asserts that the naive reference agrees, so each line checks
//! the engine, the reference and the hand arithmetic against each other.

use chrono::{DateTime, Duration, NaiveDate, Utc, Weekday};
use support_metrics::calendar::{BusinessDuration, WallInterval};
use support_metrics::BusinessCalendar;
use support_metrics_testkit::gen::{dt, ns};
use support_metrics_testkit::reference;

use super::at;

const H: f64 = 3600.0;

fn cal(json: &str) -> BusinessCalendar {
    BusinessCalendar::from_json(json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

fn iv(s: &str, e: &str) -> WallInterval {
    WallInterval::parse(s, e).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Business seconds in `[a, b)`, after checking that the reference agrees to the nanosecond.
fn secs(c: &BusinessCalendar, a: &str, b: &str) -> f64 {
    let (a, b) = (at(a), at(b));
    let got = c.business_duration(a, b).unwrap();
    assert_eq!(
        got.as_nanos(),
        reference::business_nanos(c.spec(), ns(a), ns(b)),
        "reference disagrees on [{a}, {b})"
    );
    got.as_secs_f64()
}

/// The deadline, after checking that the reference agrees.
fn add(c: &BusinessCalendar, a: &str, seconds: f64) -> DateTime<Utc> {
    let a = at(a);
    let got = c.add_business_seconds(a, seconds).unwrap();
    let amount = BusinessDuration::from_secs_f64(seconds).unwrap().as_nanos();
    assert_eq!(
        Some(ns(got)),
        reference::add_business_nanos(c.spec(), ns(a), amount),
        "reference disagrees on {a} + {seconds}"
    );
    got
}

fn open(c: &BusinessCalendar, t: &str) -> bool {
    let t = at(t);
    let got = c.is_open(t).unwrap();
    assert_eq!(
        got,
        reference::is_open(c.spec(), ns(t)),
        "reference disagrees at {t}"
    );
    got
}

fn next_open(c: &BusinessCalendar, t: &str) -> Option<DateTime<Utc>> {
    let t = at(t);
    let got = c.next_open(t).unwrap();
    assert_eq!(
        got.map(ns),
        reference::next_open(c.spec(), ns(t)),
        "reference disagrees from {t}"
    );
    got
}

fn next_close(c: &BusinessCalendar, t: &str) -> Option<DateTime<Utc>> {
    let t = at(t);
    let got = c.next_close(t).unwrap();
    assert_eq!(
        got.map(ns),
        reference::next_close(c.spec(), ns(t)),
        "reference disagrees from {t}"
    );
    got
}

fn spans(c: &BusinessCalendar, a: &str, b: &str) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let (a, b) = (at(a), at(b));
    let got: Vec<_> = c
        .open_intervals(a, b)
        .unwrap()
        .map(|i| (i.start, i.end))
        .collect();
    let want: Vec<_> = reference::open_intervals(c.spec(), ns(a), ns(b))
        .into_iter()
        .map(|(s, e)| (dt(s), dt(e)))
        .collect();
    assert_eq!(got, want, "reference disagrees on [{a}, {b})");
    got
}

fn pair(a: &str, b: &str) -> (DateTime<Utc>, DateTime<Utc>) {
    (at(a), at(b))
}

#[test]
fn midnight_and_whole_days_join() {
    // Mon-Fri 00:00-24:00: Monday's 24:00 is Tuesday's 00:00, so the week is one interval.
    let c = BusinessCalendar::builder(chrono_tz::UTC)
        .weekdays(&[WallInterval::WHOLE_DAY])
        .build()
        .unwrap();
    assert_eq!(
        spans(&c, "2026-03-01T00:00:00Z", "2026-03-08T00:00:00Z"),
        [pair("2026-03-02T00:00:00Z", "2026-03-07T00:00:00Z")]
    );
    assert_eq!(
        next_close(&c, "2026-03-02T12:00:00Z"),
        Some(at("2026-03-07T00:00:00Z"))
    );
    assert!(open(&c, "2026-03-02T00:00:00Z"));
    assert!(!open(&c, "2026-03-01T23:59:59.999999999Z"));
    // Sunday 23:00 to Monday 01:00: only the hour after midnight.
    assert_eq!(secs(&c, "2026-03-01T23:00:00Z", "2026-03-02T01:00:00Z"), H);
    // Friday 23:00 + 1 h lands on Saturday 00:00, a closing: moves to Monday 00:00.
    assert_eq!(
        add(&c, "2026-03-06T23:00:00Z", H),
        at("2026-03-09T00:00:00Z")
    );
    // One nanosecond less stays on Friday.
    let c2 = c.add_business_duration(
        at("2026-03-06T23:00:00Z"),
        BusinessDuration::from_nanos(3_600_000_000_000 - 1).unwrap(),
    );
    assert_eq!(c2.unwrap(), at("2026-03-06T23:59:59.999999999Z"));
}

#[test]
fn berlin_spring_forward() {
    // 2026-03-29: 02:00 CET (+01) jumps to 03:00 CEST (+02) at 01:00Z.
    let c = cal(
        r#"{"timezone":"Europe/Berlin","week":{"sun":[["00:00","24:00"]],"mon":[["01:30","02:30"],["09:00","17:00"]]}}"#,
    );
    // Sunday: 00:00 CET = 03-28T23:00Z .. Monday 00:00 CEST = 03-29T22:00Z = 23 h.
    assert_eq!(
        secs(&c, "2026-03-28T00:00:00Z", "2026-03-29T23:00:00Z"),
        23.0 * H
    );
    // Mon 03-30 01:30-02:30 CEST is an ordinary hour (the gap was the day before).
    assert_eq!(secs(&c, "2026-03-29T22:00:00Z", "2026-03-30T06:00:00Z"), H);
    // 24 business hours from Sat noon: 23 on Sunday, then 1 on Monday 01:30-02:30 CEST,
    // which ends at 00:30Z and is a closing: moves to Monday 09:00 CEST = 07:00Z.
    assert_eq!(
        add(&c, "2026-03-28T12:00:00Z", 24.0 * H),
        at("2026-03-30T07:00:00Z")
    );
    // 02:30 local on the Sunday does not exist; the whole-day interval covers it anyway.
    assert!(open(&c, "2026-03-29T01:30:00Z"));
}

#[test]
fn berlin_spring_gap_intervals() {
    // On 2026-03-29, 02:00-03:00 does not exist; read with the offset before the gap (+01):
    // 02:00 -> 01:00Z (= 03:00 CEST), 02:30 -> 01:30Z, 02:59 -> 01:59Z.
    let c = BusinessCalendar::builder(chrono_tz::Europe::Berlin)
        .override_date(
            date(2026, 3, 29),
            &[
                iv("02:00", "02:59"),
                iv("02:30", "03:15"),
                iv("05:00", "06:00"),
            ],
        )
        .build()
        .unwrap();
    // 02:00-02:59 -> 01:00Z-01:59Z (59 min, both ends moved by the gap);
    // 02:30-03:15 -> 01:30Z-01:15Z, reversed: dropped;
    // 05:00-06:00 CEST -> 03:00Z-04:00Z.
    assert_eq!(
        spans(&c, "2026-03-28T00:00:00Z", "2026-03-30T00:00:00Z"),
        [
            pair("2026-03-29T01:00:00Z", "2026-03-29T01:59:00Z"),
            pair("2026-03-29T03:00:00Z", "2026-03-29T04:00:00Z")
        ]
    );
    assert_eq!(
        next_open(&c, "2026-03-29T00:00:00Z"),
        Some(at("2026-03-29T03:00:00+02:00"))
    );
}

#[test]
fn berlin_fall_back() {
    // 2026-10-25: 03:00 CEST (+02) falls back to 02:00 CET (+01) at 01:00Z; 02:00-02:59 repeats.
    let c =
        cal(r#"{"timezone":"Europe/Berlin","week":{"sun":[["00:00","03:00"],["02:30","02:45"]]}}"#);
    // 00:00 CEST = 10-24T22:00Z; 03:00 exists once (CET) = 02:00Z: 4 real hours. 02:30-02:45
    // takes the first 02:30 (00:30Z) and first 02:45 (00:45Z): inside, counts once.
    assert_eq!(
        secs(&c, "2026-10-24T12:00:00Z", "2026-10-25T12:00:00Z"),
        4.0 * H
    );
    assert!(open(&c, "2026-10-25T02:30:00+01:00")); // the second 02:30, 01:30Z
    assert_eq!(
        next_close(&c, "2026-10-24T22:00:00Z"),
        Some(at("2026-10-25T03:00:00+01:00"))
    );
    // Starting on an ambiguous pair: 02:15-02:45 on the fall-back day is 00:15Z-00:45Z.
    let c = cal(r#"{"timezone":"Europe/Berlin","overrides":{"2026-10-25":[["02:15","02:45"]]}}"#);
    assert_eq!(
        spans(&c, "2026-10-24T00:00:00Z", "2026-10-26T00:00:00Z"),
        [pair("2026-10-25T00:15:00Z", "2026-10-25T00:45:00Z")]
    );
    assert!(!open(&c, "2026-10-25T02:20:00+01:00")); // the second 02:20 (01:20Z) is closed
}

#[test]
fn new_york_spring_and_fall() {
    // 2026-03-08 02:00 EST (-05) -> 03:00 EDT (-04) at 07:00Z; 2026-11-01 02:00 EDT -> 01:00 EST at 06:00Z.
    let c = cal(
        r#"{"timezone":"America/New_York","week":{"sat":[["22:00","06:00"]],"sun":[["08:00","09:00"]]}}"#,
    );
    // Sat 03-07 22:00 EST = 03:00Z .. Sun 06:00 EDT = 10:00Z = 7 h; Sun 08:00-09:00 EDT = 12:00Z-13:00Z.
    assert_eq!(
        secs(&c, "2026-03-07T12:00:00Z", "2026-03-08T23:00:00Z"),
        8.0 * H
    );
    // 7 h from Sat 22:00 EST end exactly at the close (10:00Z): next opening is Sun 08:00 EDT.
    assert_eq!(
        add(&c, "2026-03-07T22:00:00-05:00", 7.0 * H),
        at("2026-03-08T08:00:00-04:00")
    );
    // Fall: Sat 10-31 22:00 EDT = 11-01T02:00Z .. Sun 06:00 EST = 11:00Z = 9 h.
    assert_eq!(
        secs(&c, "2026-10-31T12:00:00Z", "2026-11-01T12:00:00Z"),
        9.0 * H
    );
    // 4.5 h from 22:00 EDT: 02:00Z + 4.5 h = 06:30Z = 01:30 EST (the second 01:30).
    assert_eq!(
        add(&c, "2026-10-31T22:00:00-04:00", 4.5 * H),
        at("2026-11-01T01:30:00-05:00")
    );
}

#[test]
fn lord_howe_half_hour_dst() {
    // Lord Howe: +10:30 standard, +11:00 summer. 2026-10-04 02:00 -> 02:30 (at 10-03T15:30Z);
    // 2026-04-05 02:00 -> 01:30 (at 04-04T15:00Z), so 01:30-01:59 repeats.
    let c = cal(r#"{"timezone":"Australia/Lord_Howe","week":{"sun":[["01:45","03:00"]]}}"#);
    // 10-04: 01:45 +10:30 = 15:15Z; 03:00 +11 = 16:00Z: 45 min (75 local minutes minus the 30-minute gap).
    assert_eq!(
        secs(&c, "2026-10-03T00:00:00Z", "2026-10-05T00:00:00Z"),
        2700.0
    );
    // 04-05: 01:45 first (+11) = 04-04T14:45Z; 03:00 +10:30 = 16:30Z: 1 h 45 min.
    assert_eq!(
        secs(&c, "2026-04-04T00:00:00Z", "2026-04-06T00:00:00Z"),
        6300.0
    );
    // An ordinary Sunday: 75 min.
    assert_eq!(
        secs(&c, "2026-06-06T00:00:00Z", "2026-06-08T00:00:00Z"),
        4500.0
    );
    // 02:10 on 10-04 is in the gap: the calendar is open from 15:15Z, 02:10 +10:30 = 15:40Z.
    assert!(open(&c, "2026-10-03T15:40:00Z"));
    assert_eq!(
        next_close(&c, "2026-10-03T15:40:00Z"),
        Some(at("2026-10-04T03:00:00+11:00"))
    );
}

#[test]
fn sao_paulo_dst_at_midnight() {
    // 2018-11-04 00:00 -03 jumped to 01:00 -02 (at 03:00Z): midnight itself did not exist.
    let c = cal(
        r#"{"timezone":"America/Sao_Paulo","week":{"sat":[["18:00","24:00"]],"sun":[["00:00","02:00"]]}}"#,
    );
    // Sat 18:00 -03 = 21:00Z; its 24:00 (Sun 00:00, in the gap) -> 03:00Z; Sun 00:00 -> 03:00Z
    // .. 02:00 -02 = 04:00Z. One interval 21:00Z-04:00Z: 7 h.
    assert_eq!(
        spans(&c, "2018-11-03T00:00:00Z", "2018-11-05T00:00:00Z"),
        [pair("2018-11-03T21:00:00Z", "2018-11-04T04:00:00Z")]
    );
    assert_eq!(
        next_close(&c, "2018-11-03T21:00:00Z"),
        Some(at("2018-11-04T02:00:00-02:00"))
    );
    // A Sunday-only calendar opens at 01:00 -02 that day.
    let c = cal(
        r#"{"timezone":"America/Sao_Paulo","week":{"sun":[["00:00","00:30"],["23:00","24:00"]]}}"#,
    );
    // 00:00 -> 03:00Z, 00:30 (in the gap too) -> 03:30Z: 30 min survive. 23:00-24:00 -02 = 01:00Z-02:00Z (11-05).
    assert_eq!(
        secs(&c, "2018-11-04T00:00:00Z", "2018-11-06T00:00:00Z"),
        1.5 * H
    );
    assert_eq!(
        next_open(&c, "2018-11-04T00:00:00Z"),
        Some(at("2018-11-04T01:00:00-02:00"))
    );
    // 2019-02-17 00:00 -02 fell back to 2019-02-16 23:00 -03: Sat 23:00-24:00 repeats.
    // Sunday 2019-02-17 00:00-00:30 exists once (-03): 03:00Z-03:30Z; 23:00-24:00 -03 = 02-18T02:00Z-03:00Z.
    assert_eq!(
        secs(&c, "2019-02-16T00:00:00Z", "2019-02-19T00:00:00Z"),
        1.5 * H
    );
}

#[test]
fn holiday_keeps_the_overnight_shift_of_the_evening_before() {
    // Nights 22:00-06:00 every day; Tuesday 2026-03-03 is a holiday.
    let c = BusinessCalendar::builder(chrono_tz::Europe::Berlin)
        .every_day(&[iv("22:00", "06:00")])
        .holiday(date(2026, 3, 3))
        .build()
        .unwrap();
    // Monday's shift Mon 22:00 - Tue 06:00 CET (21:00Z - 05:00Z) stays; Tuesday's own shift goes.
    assert!(open(&c, "2026-03-03T05:30:00+01:00"));
    assert!(!open(&c, "2026-03-03T22:30:00+01:00"));
    // In [Mon 12:00Z, Wed 12:00Z) only Monday's shift is open (Wednesday's starts at 21:00Z).
    assert_eq!(
        spans(&c, "2026-03-02T12:00:00Z", "2026-03-04T12:00:00Z"),
        [pair("2026-03-02T21:00:00Z", "2026-03-03T05:00:00Z")]
    );
    // From Tue 05:00 CET, 2 h: 1 h to 06:00, then Wed's shift from 22:00 (Tue's is gone): Wed 23:00.
    assert_eq!(
        add(&c, "2026-03-03T05:00:00+01:00", 2.0 * H),
        at("2026-03-04T23:00:00+01:00")
    );
}

#[test]
fn overrides_win_over_holidays_and_empty_overrides_close() {
    let c = BusinessCalendar::builder(chrono_tz::UTC)
        .weekdays(&[iv("09:00", "17:00")])
        .holiday(date(2026, 3, 3))
        .override_date(date(2026, 3, 3), &[iv("10:00", "12:00")])
        .override_date(date(2026, 3, 4), &[])
        .override_date(date(2026, 3, 7), &[iv("20:00", "02:00")]) // a Saturday night
        .build()
        .unwrap();
    // Mon 8 h + Tue (override over holiday) 2 h + Wed ([]) 0 + Thu 8 h + Fri 8 h
    // + Sat 20:00 - Sun 02:00 6 h = 32 h.
    assert_eq!(
        secs(&c, "2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z"),
        32.0 * H
    );
    assert_eq!(
        next_open(&c, "2026-03-03T12:00:00Z"),
        Some(at("2026-03-05T09:00:00Z"))
    );
    assert!(open(&c, "2026-03-08T01:59:59Z"));
}

#[test]
fn closures_cut_whatever_is_open() {
    let c = BusinessCalendar::builder(chrono_tz::America::New_York)
        .day(Weekday::Mon, &[iv("22:00", "06:00")])
        .day(Weekday::Tue, &[iv("09:00", "17:00")])
        .closure(
            date(2026, 3, 3),
            &[iv("02:00", "04:00"), iv("16:00", "10:00")],
        )
        .build()
        .unwrap();
    // Monday's shift Mon 22:00 - Tue 06:00 EST (03:00Z - 11:00Z) minus Tue 02:00-04:00 (07:00Z-09:00Z);
    // Tuesday 09:00-17:00 minus the overnight closure Tue 16:00 - Wed 10:00: 09:00-16:00.
    assert_eq!(
        spans(&c, "2026-03-02T12:00:00Z", "2026-03-04T12:00:00Z"),
        [
            pair("2026-03-03T03:00:00Z", "2026-03-03T07:00:00Z"),
            pair("2026-03-03T09:00:00Z", "2026-03-03T11:00:00Z"),
            pair("2026-03-03T14:00:00Z", "2026-03-03T21:00:00Z"),
        ]
    );
    assert_eq!(
        secs(&c, "2026-03-02T12:00:00Z", "2026-03-04T12:00:00Z"),
        13.0 * H
    );
}

#[test]
fn split_shift_overlaps_and_24_00() {
    let c = BusinessCalendar::builder(chrono_tz::Asia::Kolkata)
        .day(
            Weekday::Mon,
            &[
                iv("09:00", "13:00"),
                iv("14:00", "18:00"),
                iv("12:00", "13:00"),
                iv("17:00", "18:00"),
            ],
        )
        .day(Weekday::Tue, &[iv("20:00", "24:00"), iv("23:00", "24:00")])
        .day(Weekday::Wed, &[iv("00:00", "01:00")])
        .build()
        .unwrap();
    // Monday: union 09:00-13:00 + 14:00-18:00 = 8 h (duplicates count once).
    // Tuesday 20:00-24:00 joins Wednesday 00:00-01:00: 5 h. IST = UTC+05:30.
    assert_eq!(
        spans(&c, "2026-03-02T00:00:00+05:30", "2026-03-05T00:00:00+05:30"),
        [
            pair("2026-03-02T09:00:00+05:30", "2026-03-02T13:00:00+05:30"),
            pair("2026-03-02T14:00:00+05:30", "2026-03-02T18:00:00+05:30"),
            pair("2026-03-03T20:00:00+05:30", "2026-03-04T01:00:00+05:30"),
        ]
    );
    assert!(!open(&c, "2026-03-02T13:30:00+05:30"));
    // Mon 12:00 + 2 h: 1 h before lunch, lunch, 14:00 + 1 h = 15:00.
    assert_eq!(
        add(&c, "2026-03-02T12:00:00+05:30", 2.0 * H),
        at("2026-03-02T15:00:00+05:30")
    );
}

#[test]
fn russia_working_saturday() {
    // Russia 2024: Saturday 2024-11-02 worked in exchange for Monday 2024-11-04 (Unity Day).
    let c = cal(r#"{"timezone":"Europe/Moscow",
            "week":{"mon":[["09:00","18:00"]],"tue":[["09:00","18:00"]],"wed":[["09:00","18:00"]],"thu":[["09:00","18:00"]],"fri":[["09:00","18:00"]]},
            "holidays":["2024-11-04"],"overrides":{"2024-11-02":[["09:00","18:00"]]}}"#);
    assert!(open(&c, "2024-11-02T12:00:00+03:00"));
    assert!(!open(&c, "2024-11-04T12:00:00+03:00"));
    assert_eq!(
        next_open(&c, "2024-11-02T18:00:00+03:00"),
        Some(at("2024-11-05T09:00:00+03:00"))
    );
    // A 16-hour target from Friday 09:00: 9 h Friday, 7 h Saturday -> Saturday 16:00.
    assert_eq!(
        add(&c, "2024-11-01T09:00:00+03:00", 16.0 * H),
        at("2024-11-02T16:00:00+03:00")
    );
}

#[test]
fn ends_of_the_supported_range() {
    let c = BusinessCalendar::always_open(chrono_tz::America::New_York);
    let (min, max) = (
        support_metrics::calendar::min_instant(),
        support_metrics::calendar::max_instant(),
    );
    assert_eq!(
        c.business_duration(min, max).unwrap().as_nanos(),
        reference::MAX_NS - reference::MIN_NS
    );
    assert!(c.is_open(min).unwrap());
    // The calendar is known up to, not at, 2100-01-01T00:00Z.
    assert!(!open(&c, "2100-01-01T00:00:00Z"));
    assert_eq!(next_close(&c, "2099-12-31T23:59:59.999999999Z"), None);
    assert_eq!(next_open(&c, "2100-01-01T00:00:00Z"), None);
    // Half a second before the end plus half a second would be the end itself, not open.
    let err = c
        .add_business_seconds(at("2099-12-31T23:59:59.5Z"), 0.5)
        .unwrap_err();
    assert_eq!(err.code(), "out_of_range");
    assert_eq!(
        c.add_business_seconds(at("2099-12-31T23:59:59.5Z"), 0.25)
            .unwrap(),
        at("2099-12-31T23:59:59.75Z")
    );
    // Outside the range every operation refuses.
    let before = min - Duration::nanoseconds(1);
    let after = max + Duration::nanoseconds(1);
    for t in [before, after] {
        assert_eq!(c.is_open(t).unwrap_err().code(), "out_of_range");
        assert_eq!(c.next_open(t).unwrap_err().code(), "out_of_range");
        assert_eq!(c.next_close(t).unwrap_err().code(), "out_of_range");
        assert_eq!(
            c.business_seconds(t, max).unwrap_err().code(),
            "out_of_range"
        );
        assert_eq!(
            c.business_seconds(min, t).unwrap_err().code(),
            "out_of_range"
        );
        assert_eq!(
            c.add_business_seconds(t, 0.0).unwrap_err().code(),
            "out_of_range"
        );
        assert_eq!(c.open_intervals(min, t).unwrap_err().code(), "out_of_range");
        assert_eq!(c.precompile(min, t).unwrap_err().code(), "out_of_range");
    }
    // Local dates just outside 1900..2099 still follow the weekly schedule: Kolkata's Friday
    // 2100-01-01 starts at 2099-12-31T18:30Z; New York's Sunday 1899-12-31 runs to 05:00Z.
    let k = cal(r#"{"timezone":"Asia/Kolkata","week":{"fri":[["00:00","24:00"]]}}"#);
    assert!(open(&k, "2099-12-31T20:00:00Z"));
    assert_eq!(
        next_open(&k, "2099-12-31T00:00:00Z"),
        Some(at("2099-12-31T18:30:00Z"))
    );
    let ny = cal(r#"{"timezone":"America/New_York","week":{"sun":[["00:00","24:00"]]}}"#);
    assert!(open(&ny, "1900-01-01T00:00:00Z"));
    assert_eq!(
        secs(&ny, "1900-01-01T00:00:00Z", "1900-01-02T00:00:00Z"),
        5.0 * H
    );
}

#[test]
fn a_calendar_without_working_time() {
    let c = cal(r#"{"timezone":"Europe/Berlin","week":{"mon":[],"tue":[]}}"#);
    let t = at("2026-03-02T10:00:00Z");
    assert_eq!(c.business_seconds(t, t + Duration::days(30)).unwrap(), 0.0);
    assert!(!c.is_open(t).unwrap());
    assert_eq!(c.next_open(t).unwrap(), None);
    assert_eq!(c.next_close(t).unwrap(), Some(t));
    assert_eq!(
        c.open_intervals(t, t + Duration::days(30)).unwrap().count(),
        0
    );
    for amount in [0.0, 1.0, 3600.0] {
        assert_eq!(
            c.add_business_seconds(t, amount).unwrap_err().code(),
            "no_working_time"
        );
    }
    // Working time that is all in the past counts as none.
    let past = cal(r#"{"timezone":"UTC","overrides":{"2026-01-05":[["09:00","10:00"]]}}"#);
    assert_eq!(
        past.add_business_seconds(at("2026-01-05T10:00:00Z"), 0.0)
            .unwrap_err()
            .code(),
        "no_working_time"
    );
    // Some left, but not enough before 2100: the deadline is out of range.
    assert_eq!(
        past.add_business_seconds(at("2026-01-05T09:30:00Z"), 3600.0)
            .unwrap_err()
            .code(),
        "out_of_range"
    );
    assert_eq!(
        add(&past, "2026-01-05T09:30:00Z", 1799.0),
        at("2026-01-05T09:59:59Z")
    );
}

#[test]
fn end_before_start() {
    let c = BusinessCalendar::always_open(chrono_tz::UTC);
    let (a, b) = (
        at("2026-03-02T10:00:00Z"),
        at("2026-03-02T09:59:59.999999999Z"),
    );
    assert_eq!(
        c.business_duration(a, b).unwrap_err().code(),
        "end_before_start"
    );
    assert_eq!(
        c.business_seconds(a, b).unwrap_err().code(),
        "end_before_start"
    );
    assert_eq!(
        c.open_intervals(a, b).unwrap_err().code(),
        "end_before_start"
    );
    assert_eq!(
        c.business_seconds(a, b).unwrap_err().to_string(),
        "end 2026-03-02T09:59:59.999999999Z is before start 2026-03-02T10:00:00Z"
    );
    assert_eq!(c.business_seconds(a, a).unwrap(), 0.0);
}

#[test]
fn precompiling_changes_nothing() {
    let json = r#"{"timezone":"Australia/Lord_Howe","week":{"sun":[["01:45","03:00"]],"wed":[["22:00","02:30"]]}}"#;
    let (fresh, warm) = (cal(json), cal(json));
    warm.precompile(at("2020-01-01T00:00:00Z"), at("2030-01-01T00:00:00Z"))
        .unwrap();
    let (a, b) = (at("2025-12-30T00:00:00Z"), at("2027-01-03T00:00:00Z"));
    assert_eq!(
        fresh.business_duration(a, b).unwrap(),
        warm.business_duration(a, b).unwrap()
    );
    assert_eq!(
        fresh.add_business_seconds(a, 300.0 * H).unwrap(),
        warm.add_business_seconds(a, 300.0 * H).unwrap()
    );
    // And a calendar shared between threads answers the same from each.
    let shared = cal(json);
    let answers: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| shared.business_duration(a, b).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(answers
        .iter()
        .all(|x| *x == fresh.business_duration(a, b).unwrap()));
}

#[test]
fn sparse_calendars_far_apart() {
    // The only working time is one override in 2090: everything must find it from 1950.
    let c = cal(r#"{"timezone":"Europe/Berlin","overrides":{"2090-06-01":[["09:00","10:00"]]}}"#);
    // 2090-06-01 is in summer time (+02): 07:00Z-08:00Z.
    assert_eq!(
        next_open(&c, "1950-01-01T00:00:00Z"),
        Some(at("2090-06-01T09:00:00+02:00"))
    );
    assert_eq!(
        add(&c, "1950-01-01T00:00:00Z", 1800.0),
        at("2090-06-01T09:30:00+02:00")
    );
    assert_eq!(secs(&c, "1950-01-01T00:00:00Z", "2099-01-01T00:00:00Z"), H);
    // 24/7 with one closure in 2090: the next close from 1950 is there.
    let c = cal(
        r#"{"timezone":"UTC","week":{"mon":[["00:00","24:00"]],"tue":[["00:00","24:00"]],"wed":[["00:00","24:00"]],"thu":[["00:00","24:00"]],"fri":[["00:00","24:00"]],"sat":[["00:00","24:00"]],"sun":[["00:00","24:00"]]},"closures":{"2090-06-01":[["12:00","12:00:01"]]}}"#,
    );
    assert_eq!(
        next_close(&c, "1950-01-01T00:00:00Z"),
        Some(at("2090-06-01T12:00:00Z"))
    );
    assert_eq!(
        c.business_duration(at("1950-01-01T00:00:00Z"), at("2099-01-01T00:00:00Z"))
            .unwrap()
            .as_nanos(),
        ns(at("2099-01-01T00:00:00Z")) - ns(at("1950-01-01T00:00:00Z")) - 1_000_000_000
    );
}

/// The engine compiles the timeline in blocks of 512 UTC days from 1900-01-01 (an
/// implementation detail, used here only to choose inputs): shifts that straddle a block edge,
/// spans that cross one, and queries right at one must all agree with the reference.
#[test]
fn block_edges() {
    let c = BusinessCalendar::builder(chrono_tz::America::Sao_Paulo)
        .every_day(&[iv("21:30", "02:15"), iv("09:00", "12:00")])
        .build()
        .unwrap();
    let day = 86_400 * reference::NS;
    for k in [1i64, 2, 50, 97, 98, 142] {
        let edge = reference::MIN_NS + k * 512 * day;
        for delta in [
            -day,
            -3_600 * reference::NS,
            -1,
            0,
            1,
            3_600 * reference::NS,
            day,
        ] {
            let t = (edge + delta).min(reference::MAX_NS);
            let text = dt(t).to_rfc3339();
            open(&c, &text);
            next_open(&c, &text);
            next_close(&c, &text);
            let lo = dt((t - 3 * day).max(reference::MIN_NS)).to_rfc3339();
            let hi = dt((t + 3 * day).min(reference::MAX_NS)).to_rfc3339();
            secs(&c, &lo, &text);
            secs(&c, &text, &hi);
            spans(&c, &lo, &hi);
            add(&c, &lo, 17.0 * H);
            add(&c, &lo, 15.25 * H);
        }
    }
}
