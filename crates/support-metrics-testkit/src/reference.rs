//! A deliberately naive business-calendar oracle, written from the contract alone.
//!
//! Nothing here is compiled, cached or clever: every question rebuilds the open set of the
//! window it is asked about, from the local dates that can reach that window, with chrono-tz
//! doing the wall-clock lookups. It is slow on purpose so that it is easy to check by eye:
//!
//! 1. a date's intervals are its override if it has one, else none if it is a holiday, else its
//!    weekday's;
//! 2. a wall time is resolved like RFC 5545 / Temporal `"compatible"`: an ambiguous time is its
//!    first occurrence, a time in a gap is read with the offset in force before the gap (so it
//!    moves forward by the gap); `24:00` is the next date's `00:00`; an overnight interval ends on
//!    the next date; an interval that is empty or reversed once resolved is dropped;
//! 3. open = union of the resolved intervals of every date, minus the union of the resolved
//!    closures.
//!
//! All instants are `i64` nanoseconds since the Unix epoch.

use chrono::{Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use support_metrics::calendar::{CalendarSpec, WallInterval};

/// Nanoseconds per second.
pub const NS: i64 = 1_000_000_000;
/// Nanoseconds per (24-hour) day.
pub const DAY_NS: i64 = 86_400 * NS;
/// 1900-01-01T00:00:00Z in nanoseconds, the first supported instant.
pub const MIN_NS: i64 = -2_208_988_800 * NS;
/// 2100-01-01T00:00:00Z in nanoseconds, the last supported instant.
pub const MAX_NS: i64 = 4_102_444_800 * NS;

/// The local dates either side of a window whose intervals are considered. A date's intervals
/// lie within its own local day and the next one, and local time is at most about 15 hours
/// away from UTC, so one day would do; three leave no doubt.
const MARGIN_DAYS: i64 = 3;

/// The intervals scheduled on a local date, before closures.
fn scheduled(spec: &CalendarSpec, date: NaiveDate) -> &[WallInterval] {
    if let Some(own) = spec.overrides.get(&date) {
        return own;
    }
    if spec.holidays.contains(&date) {
        return &[];
    }
    &spec.week[date.weekday().num_days_from_monday() as usize]
}

fn to_ns(t: chrono::DateTime<Utc>) -> i64 {
    t.timestamp() * NS + i64::from(t.timestamp_subsec_nanos())
}

/// The chrono-tz zone of the core's `Zone`: the reference converts with chrono-tz itself, not
/// with the core's compact table.
pub fn chrono_tz_of(zone: support_metrics::tz::Zone) -> Tz {
    zone.name()
        .parse()
        .expect("every zone of the core's table is a chrono-tz zone")
}

/// The UTC offset in force just before the gap that swallows local time `local`, found by
/// stepping back a minute at a time until the local time exists again.
fn offset_before_gap(tz: Tz, local: NaiveDateTime) -> i64 {
    for minutes in 1..=(48 * 60) {
        let earlier = local - Duration::minutes(minutes);
        let found = match tz.from_local_datetime(&earlier) {
            LocalResult::Single(t) => Some(t),
            // The later reading of an ambiguous time is the one next to what follows.
            LocalResult::Ambiguous(_, later) => Some(later),
            LocalResult::None => None,
        };
        if let Some(t) = found {
            return i64::from(t.offset().fix().local_minus_utc());
        }
    }
    panic!("no local time exists in the 48 hours before {local} in {tz}");
}

/// Local wall time `seconds` after midnight of `date` (`0..86_400`), resolved to an instant.
pub fn resolve(tz: Tz, date: NaiveDate, seconds: u32) -> i64 {
    assert!(
        seconds < 86_400,
        "resolve takes a time of day, 24:00 is the next date's 00:00"
    );
    let local =
        date.and_hms_opt(0, 0, 0).expect("midnight exists") + Duration::seconds(i64::from(seconds));
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => to_ns(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => to_ns(first.with_timezone(&Utc)),
        LocalResult::None => {
            // Read the wall time with the offset of before the gap: 02:30 in a one-hour
            // spring-forward gap becomes 03:30 of the new offset.
            let offset = offset_before_gap(tz, local);
            let local_secs = local.and_utc().timestamp();
            (local_secs - offset) * NS
        }
    }
}

/// A wall interval of `date` resolved to `[start, end)`, or `None` when it comes out empty.
pub fn resolve_interval(tz: Tz, date: NaiveDate, iv: WallInterval) -> Option<(i64, i64)> {
    let (s, e) = (iv.start().seconds(), iv.end().seconds());
    let start = resolve(tz, date, s);
    let next = date.succ_opt().expect("date within chrono's range");
    let end = if e == 86_400 {
        resolve(tz, next, 0)
    } else if e < s {
        resolve(tz, next, e)
    } else {
        resolve(tz, date, e)
    };
    (end > start).then_some((start, end))
}

/// Sorts and merges intervals; touching ones are joined.
fn union(mut v: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    v.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::new();
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// `a` minus `b`, both sorted and disjoint, by checking every pair (quadratic, on purpose).
fn subtract(a: &[(i64, i64)], b: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    for &(s, e) in a {
        let mut pieces = vec![(s, e)];
        for &(cs, ce) in b {
            let mut next = Vec::new();
            for (ps, pe) in pieces {
                if ce <= ps || cs >= pe {
                    next.push((ps, pe));
                } else {
                    if cs > ps {
                        next.push((ps, cs));
                    }
                    if ce < pe {
                        next.push((ce, pe));
                    }
                }
            }
            pieces = next;
        }
        out.extend(pieces);
    }
    out
}

fn utc_date(ns: i64) -> NaiveDate {
    let secs = ns.div_euclid(NS);
    chrono::DateTime::from_timestamp(secs, 0)
        .expect("instant within chrono's range")
        .date_naive()
}

/// The open set within `[lo, hi)`: maximal disjoint intervals, sorted, clipped to the window.
///
/// The calendar is only known within the supported range, so the window is also clipped to
/// `[MIN_NS, MAX_NS)`: 2100-01-01T00:00Z itself is never open (a calendar open around the clock
/// is "open through" it, and `next_close` of it is itself).
pub fn open_set(spec: &CalendarSpec, lo: i64, hi: i64) -> Vec<(i64, i64)> {
    let (lo, hi) = (lo.max(MIN_NS), hi.min(MAX_NS));
    if hi <= lo {
        return Vec::new();
    }
    let tz = chrono_tz_of(spec.timezone);
    let first = utc_date(lo) - Duration::days(MARGIN_DAYS);
    let last = utc_date(hi) + Duration::days(MARGIN_DAYS);
    let mut open = Vec::new();
    let mut closed = Vec::new();
    let mut date = first;
    while date <= last {
        for &iv in scheduled(spec, date) {
            open.extend(resolve_interval(tz, date, iv));
        }
        for &iv in spec.closures.get(&date).map_or(&[][..], Vec::as_slice) {
            closed.extend(resolve_interval(tz, date, iv));
        }
        date = date.succ_opt().expect("date within chrono's range");
    }
    let open = subtract(&union(open), &union(closed));
    open.into_iter()
        .map(|(s, e)| (s.max(lo), e.min(hi)))
        .filter(|(s, e)| s < e)
        .collect()
}

/// Business nanoseconds in `[start_ns, end_ns)`; `start_ns <= end_ns`.
pub fn business_nanos(spec: &CalendarSpec, start_ns: i64, end_ns: i64) -> i64 {
    assert!(start_ns <= end_ns, "business_nanos: end before start");
    open_set(spec, start_ns, end_ns)
        .iter()
        .map(|(s, e)| e - s)
        .sum()
}

/// True when `t_ns` lies in an open interval `[s, e)`.
pub fn is_open(spec: &CalendarSpec, t_ns: i64) -> bool {
    !open_set(spec, t_ns, t_ns + 1).is_empty()
}

/// The maximal open intervals meeting `[from_ns, to_ns)`, clipped to it.
pub fn open_intervals(spec: &CalendarSpec, from_ns: i64, to_ns: i64) -> Vec<(i64, i64)> {
    open_set(spec, from_ns, to_ns)
}

/// Windows `[lo, hi)` from `t` to the end of the supported range, each twice the last.
fn windows(t: i64) -> impl Iterator<Item = (i64, i64)> {
    let mut lo = t;
    let mut span = 8 * DAY_NS;
    std::iter::from_fn(move || {
        if lo >= MAX_NS {
            return None;
        }
        let hi = lo.saturating_add(span).min(MAX_NS);
        let w = (lo, hi);
        lo = hi;
        span = span.saturating_mul(2);
        Some(w)
    })
}

/// The earliest open instant `>= t_ns` and before 2100-01-01T00:00Z.
pub fn next_open(spec: &CalendarSpec, t_ns: i64) -> Option<i64> {
    windows(t_ns).find_map(|(lo, hi)| open_set(spec, lo, hi).first().map(|iv| iv.0))
}

/// The earliest closed instant `>= t_ns`, or `None` when open all through to
/// 2100-01-01T00:00Z.
pub fn next_close(spec: &CalendarSpec, t_ns: i64) -> Option<i64> {
    if !is_open(spec, t_ns) {
        return Some(t_ns);
    }
    for (lo, hi) in windows(t_ns) {
        match open_set(spec, lo, hi).first() {
            Some(&(s, e)) if s == lo => {
                if e < hi {
                    return Some(e);
                }
            }
            _ => return Some(lo),
        }
    }
    None
}

/// The latest instant `x >= start_ns` with `business_nanos(start_ns, x) == amount_ns`, or `None`
/// when there is no such instant before 2100-01-01T00:00Z.
///
/// The business time from `start_ns` first reaches the amount at some `p` and then stays put
/// until the calendar next opens, so the answer is the next opening at or after `p`.
pub fn add_business_nanos(spec: &CalendarSpec, start_ns: i64, amount_ns: i64) -> Option<i64> {
    assert!(amount_ns >= 0, "add_business_nanos: negative amount");
    let mut left = amount_ns;
    if left == 0 {
        return next_open(spec, start_ns);
    }
    for (lo, hi) in windows(start_ns) {
        for (s, e) in open_set(spec, lo, hi) {
            if left <= e - s {
                return next_open(spec, s + left);
            }
            left -= e - s;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use support_metrics::calendar::WallTime;

    fn at(y: i32, m: u32, d: u32, h: u32, mi: u32) -> i64 {
        to_ns(
            Utc.with_ymd_and_hms(y, m, d, h, mi, 0)
                .single()
                .expect("valid"),
        )
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid")
    }

    #[test]
    fn resolves_gaps_forward_and_overlaps_first() {
        let berlin = chrono_tz::Europe::Berlin;
        // 2026-03-29 02:30 does not exist in Berlin: read with CET (+1), it is 01:30Z = 03:30 CEST.
        assert_eq!(
            resolve(berlin, date(2026, 3, 29), 2 * 3600 + 1800),
            at(2026, 3, 29, 1, 30)
        );
        // 2026-10-25 02:30 happens twice; the first is CEST (+2) = 00:30Z.
        assert_eq!(
            resolve(berlin, date(2026, 10, 25), 2 * 3600 + 1800),
            at(2026, 10, 25, 0, 30)
        );
        // Sao Paulo 2018-11-04 00:00 does not exist (-03 -> -02 at midnight): 03:00Z = 01:00 -02.
        let sp = chrono_tz::America::Sao_Paulo;
        assert_eq!(resolve(sp, date(2018, 11, 4), 0), at(2018, 11, 4, 3, 0));
    }

    #[test]
    fn whole_day_on_fall_back_night_is_25_hours() {
        let mut spec = CalendarSpec::new(chrono_tz::America::New_York);
        let day = WallInterval::new(WallTime::MIDNIGHT, WallTime::END_OF_DAY).expect("valid");
        spec.week[6] = vec![day]; // Sunday
        let from = at(2026, 11, 1, 0, 0);
        assert_eq!(
            business_nanos(&spec, from, from + 3 * DAY_NS),
            25 * 3600 * NS
        );
        assert_eq!(
            next_close(&spec, at(2026, 11, 1, 12, 0)),
            Some(at(2026, 11, 2, 5, 0))
        );
        assert_eq!(
            next_open(&spec, at(2026, 11, 2, 12, 0)),
            Some(at(2026, 11, 8, 5, 0))
        );
        assert_eq!(
            add_business_nanos(&spec, from, 25 * 3600 * NS),
            Some(at(2026, 11, 8, 5, 0))
        );
        assert_eq!(
            add_business_nanos(&spec, from, 0),
            Some(at(2026, 11, 1, 4, 0))
        );
    }
}
