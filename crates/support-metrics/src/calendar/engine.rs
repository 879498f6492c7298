//! The compiled form: open intervals as UTC nanoseconds with cumulative business time.
//!
//! Time from [`MIN_INSTANT_SECONDS`] to [`MAX_INSTANT_SECONDS`] is cut into blocks of
//! [`CHUNK_DAYS`] UTC days. A block is compiled on first use (thread-safe, once) from the local
//! dates that can reach it: each date's scheduled intervals are resolved to UTC, unioned, the
//! closures subtracted, and the result clipped to the block. A per-UTC-day index points at the
//! first interval still open that day, so finding the business time before an instant is a
//! division, an array read and a step or two; a duration is two such lookups (plus the totals of
//! any whole blocks in between).

use chrono::{Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone};

use super::{BusinessCalendar, CalendarSpec, WallInterval, SECONDS_PER_DAY};
use crate::tz::Zone;

/// 1900-01-01T00:00:00Z, the first supported instant, in Unix seconds.
pub const MIN_INSTANT_SECONDS: i64 = -2_208_988_800;
/// 2100-01-01T00:00:00Z, the last supported instant, in Unix seconds.
pub const MAX_INSTANT_SECONDS: i64 = 4_102_444_800;

const NS: i64 = 1_000_000_000;
const DAY_NS: i64 = SECONDS_PER_DAY as i64 * NS;
const MIN_NS: i64 = MIN_INSTANT_SECONDS * NS;
const MAX_NS: i64 = MAX_INSTANT_SECONDS * NS;
/// Days per compiled block: small enough to compile in well under a millisecond, large enough
/// that most durations stay within one block.
pub(crate) const CHUNK_DAYS: i64 = 512;
const CHUNK_NS: i64 = CHUNK_DAYS * DAY_NS;
pub(crate) const CHUNK_COUNT: usize = ((MAX_NS - MIN_NS + CHUNK_NS - 1) / CHUNK_NS) as usize;

/// One maximal open interval of a block, `[start, end)` in Unix nanoseconds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    pub start: i64,
    pub end: i64,
    /// Business nanoseconds in the block before `start`.
    pub cum: i64,
}

/// A compiled block.
#[derive(Debug)]
pub(crate) struct Chunk {
    pub start: i64,
    pub end: i64,
    /// The open spans in order, then a sentinel `[end, i64::MAX)` whose `cum` is the total.
    spans: Vec<Span>,
    /// For each UTC day of the block (and one past the end), the first span ending after the
    /// day's start.
    day_first: Vec<u32>,
    /// Business nanoseconds in the whole block.
    pub total: i64,
}

/// Which block holds instant `t` (nanoseconds, already range-checked).
#[inline(always)]
pub(crate) fn chunk_index(t: i64) -> usize {
    (((t - MIN_NS) / CHUNK_NS).max(0) as usize).min(CHUNK_COUNT - 1)
}

impl Chunk {
    /// The open spans, without the sentinel.
    #[inline(always)]
    pub fn spans(&self) -> &[Span] {
        self.spans.split_last().map_or(&[], |(_, real)| real)
    }

    /// The index of the first span whose end is after `t` (the sentinel's, `spans().len()`,
    /// if none), for `self.start <= t <= self.end`.
    #[inline(always)]
    pub fn first_ending_after(&self, t: i64) -> usize {
        let day = ((t - self.start) / DAY_NS) as usize;
        let last = self.spans.len().saturating_sub(1);
        let mut i = self.day_first.get(day).map_or(last, |&i| i as usize);
        // Most UTC days hold at most two span ends before `t`: two branch-free steps settle
        // them (a mispredicted loop exit costs more than the loads), the loop takes the rest.
        let ends_by = |i: usize| self.spans.get(i).is_some_and(|s| s.end <= t);
        i += usize::from(ends_by(i));
        i += usize::from(ends_by(i));
        while ends_by(i) {
            i += 1;
        }
        i
    }

    /// Business nanoseconds in `[self.start, t)`, for `self.start <= t <= self.end`.
    #[inline(always)]
    pub fn cum_at(&self, t: i64) -> i64 {
        match self.spans.get(self.first_ending_after(t)) {
            // `t < s.end`, so this is the business time up to `s.start` plus any part of `s`.
            Some(s) => s.cum + (t - s.start).max(0),
            None => self.total,
        }
    }
}

/// An instant on the business clock: its block and the business nanoseconds of the block
/// before it ([`BusinessCalendar::clock_at`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClockAt {
    block: usize,
    cum: i64,
}

/// The outcome of adding business time.
pub(crate) enum Deadline {
    At(i64),
    /// No business time at all after the start, within the range.
    NoWorkLeft,
    /// Some business time, but not enough before the end of the range.
    PastRange,
}

impl BusinessCalendar {
    #[inline(always)]
    pub(crate) fn chunk(&self, k: usize) -> &Chunk {
        self.chunks[k].get_or_init(|| build_chunk(&self.spec, k))
    }

    /// Business nanoseconds in `[a, b)`, `a <= b`, both in range.
    #[inline(always)]
    pub(crate) fn between_ns(&self, a: i64, b: i64) -> i64 {
        self.between_clocks(self.clock_at(a), self.clock_at(b))
    }

    /// Where instant `t` (in range) is on the business clock: a caller measuring several
    /// spans from one start (a ticket's first response, resolution and SLA clocks) looks the
    /// start up once.
    #[inline(always)]
    pub(crate) fn clock_at(&self, t: i64) -> ClockAt {
        let block = chunk_index(t);
        ClockAt {
            block,
            cum: self.chunk(block).cum_at(t),
        }
    }

    /// Business nanoseconds between two points of the clock, `a` not after `b`.
    #[inline(always)]
    pub(crate) fn between_clocks(&self, a: ClockAt, b: ClockAt) -> i64 {
        if a.block == b.block {
            return b.cum - a.cum;
        }
        let mut sum = self.chunk(a.block).total - a.cum;
        for k in a.block + 1..b.block {
            sum += self.chunk(k).total;
        }
        sum + b.cum
    }

    pub(crate) fn add_ns(&self, a: i64, amount: i64) -> Deadline {
        let mut k = chunk_index(a);
        let ch = self.chunk(k);
        let mut from = ch.first_ending_after(a);
        let already = ch.cum_at(a);
        // Business nanoseconds still to find, counted from the start of block k.
        let mut want = already.saturating_add(amount);
        let mut found_any = ch.total > already;
        loop {
            let ch = self.chunk(k);
            if want < ch.total {
                // The first span whose cumulative end exceeds `want`; the deadline lies in it.
                // Typical targets end a few spans after the start, so gallop forward from there
                // rather than search the whole block.
                let spans = ch.spans().get(from..).unwrap_or_default();
                let i = from + gallop(spans, |s| s.cum + (s.end - s.start) <= want);
                if let Some(s) = ch.spans().get(i) {
                    return Deadline::At(s.start + (want - s.cum));
                }
            }
            want -= ch.total;
            from = 0;
            k += 1;
            if k >= CHUNK_COUNT {
                return if found_any {
                    Deadline::PastRange
                } else {
                    Deadline::NoWorkLeft
                };
            }
            found_any |= self.chunk(k).total > 0;
        }
    }

    pub(crate) fn is_open_ns(&self, t: i64) -> bool {
        let ch = self.chunk(chunk_index(t));
        ch.spans()
            .get(ch.first_ending_after(t))
            .is_some_and(|s| s.start <= t)
    }

    pub(crate) fn next_open_ns(&self, t: i64) -> Option<i64> {
        let mut k = chunk_index(t);
        let mut i = self.chunk(k).first_ending_after(t);
        loop {
            if let Some(s) = self.chunk(k).spans().get(i) {
                return Some(s.start.max(t));
            }
            k += 1;
            i = 0;
            if k >= CHUNK_COUNT {
                return None;
            }
        }
    }

    pub(crate) fn next_close_ns(&self, t: i64) -> Option<i64> {
        let mut k = chunk_index(t);
        let ch = self.chunk(k);
        let mut span = match ch.spans().get(ch.first_ending_after(t)) {
            Some(s) if s.start <= t => *s,
            _ => return Some(t),
        };
        // A span that reaches the end of its block may go on in the next one.
        loop {
            let ch = self.chunk(k);
            if span.end < ch.end || span.end >= MAX_NS {
                return (span.end < MAX_NS).then_some(span.end);
            }
            k += 1;
            if k >= CHUNK_COUNT {
                return None;
            }
            match self.chunk(k).spans().first() {
                Some(next) if next.start == span.end => span = *next,
                _ => return Some(span.end),
            }
        }
    }
}

/// The partition point of `v` under a predicate that holds for a prefix, found by doubling steps
/// from the front and then a binary search: O(log d) for an answer d places in.
fn gallop<T>(v: &[T], pred: impl Fn(&T) -> bool) -> usize {
    let mut lo = 0;
    let mut step = 1;
    while lo + step <= v.len() && v.get(lo + step - 1).is_some_and(&pred) {
        lo += step;
        step *= 2;
    }
    let hi = (lo + step).min(v.len());
    lo + v.get(lo..hi).map_or(0, |w| w.partition_point(&pred))
}

/// Resolves a local date and wall time to a Unix second, the RFC 5545 / Temporal
/// `"compatible"` way: a time in a gap moves forward by the gap's length (it is read with the
/// offset in force before the transition); an ambiguous time is its first occurrence.
pub(crate) fn resolve(tz: &Zone, date: NaiveDate, seconds: u32) -> i64 {
    let (date, seconds) = if seconds >= SECONDS_PER_DAY {
        (date.succ_opt().unwrap_or(date), seconds - SECONDS_PER_DAY)
    } else {
        (date, seconds)
    };
    let local: NaiveDateTime =
        date.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::seconds(i64::from(seconds));
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.timestamp(),
        LocalResult::Ambiguous(a, b) => a.timestamp().min(b.timestamp()),
        LocalResult::None => {
            // In a gap. Offsets never exceed 14 h, so the transition lies after the instant
            // 15 h before the wall time read as UTC, and the offset in force then is the one
            // before the gap.
            let wall = local.and_utc().timestamp();
            let before = tz
                .offset_from_utc_datetime(&(local - Duration::hours(15)))
                .fix()
                .local_minus_utc();
            wall - i64::from(before)
        }
    }
}

/// Resolves one local interval of `date` to Unix seconds `[start, end)`; the end of an
/// overnight interval lies on the next date. May be empty (or reversed) across a DST gap.
pub(crate) fn resolve_interval(tz: &Zone, date: NaiveDate, iv: WallInterval) -> (i64, i64) {
    let start = resolve(tz, date, iv.start().seconds());
    let end_date = if iv.is_overnight() {
        date.succ_opt().unwrap_or(date)
    } else {
        date
    };
    (start, resolve(tz, end_date, iv.end().seconds()))
}

/// Sorts and unions intervals in place, joining those that overlap or touch.
fn union(v: &mut Vec<(i64, i64)>) {
    v.retain(|&(s, e)| e > s);
    v.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(v.len());
    for &(s, e) in v.iter() {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    *v = out;
}

/// `open` minus `closed`, both sorted unions.
fn subtract(open: &[(i64, i64)], closed: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut out = Vec::with_capacity(open.len());
    let mut j = 0;
    for &(mut s, e) in open {
        while j < closed.len() && closed[j].1 <= s {
            j += 1;
        }
        let mut c = j;
        while c < closed.len() && closed[c].0 < e {
            if closed[c].0 > s {
                out.push((s, closed[c].0));
            }
            s = s.max(closed[c].1);
            c += 1;
        }
        if s < e {
            out.push((s, e));
        }
    }
    out
}

/// Compiles block `k`.
pub(crate) fn build_chunk(spec: &CalendarSpec, k: usize) -> Chunk {
    let start = MIN_NS + k as i64 * CHUNK_NS;
    let end = (start + CHUNK_NS).min(MAX_NS);
    let tz = &spec.timezone;
    // A date's intervals lie within [date - 1 day, date + 3 days) in UTC (offsets are under
    // 15 h, an overnight interval ends before the day after next), so these dates cover the block.
    let first_date = utc_date(start) - Duration::days(3);
    let last_date = utc_date(end) + Duration::days(1);

    let mut open = Vec::with_capacity(4 * CHUNK_DAYS as usize);
    let mut date = first_date;
    while date <= last_date {
        for &iv in spec.scheduled(date) {
            open.push(resolve_interval(tz, date, iv));
        }
        date = match date.succ_opt() {
            Some(d) => d,
            None => break,
        };
    }
    union(&mut open);
    let mut closed: Vec<(i64, i64)> = spec
        .closures
        .range(first_date..=last_date)
        .flat_map(|(&d, ivs)| ivs.iter().map(move |&iv| resolve_interval(tz, d, iv)))
        .collect();
    union(&mut closed);
    let open = if closed.is_empty() {
        open
    } else {
        subtract(&open, &closed)
    };

    let mut spans = Vec::with_capacity(open.len());
    let mut cum = 0;
    for (s, e) in open {
        let (s, e) = ((s * NS).max(start), (e * NS).min(end));
        if s < e {
            spans.push(Span {
                start: s,
                end: e,
                cum,
            });
            cum += e - s;
        }
    }
    let days = ((end - start) / DAY_NS) as usize;
    let mut day_first = Vec::with_capacity(days + 1);
    let mut i = 0;
    for d in 0..=days {
        let day_start = start + d as i64 * DAY_NS;
        while i < spans.len() && spans[i].end <= day_start {
            i += 1;
        }
        day_first.push(i as u32);
    }
    spans.push(Span {
        start: end,
        end: i64::MAX,
        cum,
    });
    Chunk {
        start,
        end,
        spans,
        day_first,
        total: cum,
    }
}

fn utc_date(ns: i64) -> NaiveDate {
    let days = ns.div_euclid(DAY_NS);
    NaiveDate::from_num_days_from_ce_opt(719_163 + days as i32).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn constants() {
        assert_eq!(
            chrono::DateTime::from_timestamp(MIN_INSTANT_SECONDS, 0).map(|t| t.to_rfc3339()),
            Some("1900-01-01T00:00:00+00:00".to_string())
        );
        assert_eq!(
            chrono::DateTime::from_timestamp(MAX_INSTANT_SECONDS, 0).map(|t| t.to_rfc3339()),
            Some("2100-01-01T00:00:00+00:00".to_string())
        );
        assert_eq!(utc_date(0), NaiveDate::from_ymd_opt(1970, 1, 1).unwrap());
        assert_eq!(utc_date(-1), NaiveDate::from_ymd_opt(1969, 12, 31).unwrap());
        assert_eq!(chunk_index(MAX_NS), CHUNK_COUNT - 1);
    }

    #[test]
    fn compatible_resolution() {
        let berlin = Zone::from(chrono_tz::Europe::Berlin);
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let utc = |s: &str| {
            s.parse::<chrono::DateTime<chrono::Utc>>()
                .unwrap()
                .timestamp()
        };
        // Spring forward 2026-03-29 02:00 CET -> 03:00 CEST: 02:30 is in the gap -> 03:30 CEST.
        assert_eq!(
            resolve(&berlin, d(3, 29), 9000),
            utc("2026-03-29T01:30:00Z")
        );
        // Fall back 2026-10-25 03:00 CEST -> 02:00 CET: 02:30 happens twice -> first (CEST).
        assert_eq!(
            resolve(&berlin, d(10, 25), 9000),
            utc("2026-10-25T00:30:00Z")
        );
        // 24:00 is the next midnight.
        assert_eq!(
            resolve(&berlin, d(10, 24), 86_400),
            utc("2026-10-24T22:00:00Z")
        );
    }

    #[test]
    fn gallop_finds_the_partition_point() {
        for n in 0..40usize {
            let v: Vec<usize> = (0..n).collect();
            for cut in 0..=n {
                assert_eq!(gallop(&v, |&x| x < cut), cut, "n={n} cut={cut}");
            }
        }
    }

    #[test]
    fn subtract_cases() {
        assert_eq!(
            subtract(&[(0, 10)], &[(2, 4), (6, 8)]),
            [(0, 2), (4, 6), (8, 10)]
        );
        assert_eq!(
            subtract(&[(0, 10), (20, 30)], &[(5, 25)]),
            [(0, 5), (25, 30)]
        );
        assert_eq!(subtract(&[(0, 10)], &[(-5, 15)]), []);
        assert_eq!(subtract(&[(0, 10)], &[(10, 15)]), [(0, 10)]);
    }
}
