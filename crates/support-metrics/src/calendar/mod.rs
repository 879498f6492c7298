//! Business calendars: when a support team is working, right to the second.
//!
//! A [`BusinessCalendar`] is an IANA time zone, a weekly schedule of local wall-clock intervals,
//! holidays, date overrides and partial closures. Every question about business time (how much
//! of it lies between two instants, when a target is due, whether the team is in) is answered
//! from a compiled form: the open intervals as UTC instants with cumulative business time, built
//! lazily in blocks of 512 days, so a duration is two O(1) lookups.
//!
//! The semantics (overnight shifts, holidays, overrides, closures, DST gaps and overlaps) are
//! documented in `docs/calendars.md`; in short:
//!
//! - the open time is the union of every local date's intervals resolved to UTC, minus the
//!   union of every closure, so overlapping intervals count once;
//! - a date's intervals are its override if it has one (`[]` closes it), else none if it is a
//!   holiday, else its weekday's; an overnight interval belongs to the date it starts on;
//! - wall times are resolved like RFC 5545 and Temporal's `"compatible"`: a time in a DST gap
//!   moves forward by the gap, an ambiguous time is its first occurrence; an interval that
//!   becomes empty is dropped.
//!
//! ```
//! use chrono::{DateTime, Utc};
//! use support_metrics::BusinessCalendar;
//!
//! let cal = BusinessCalendar::from_json(r#"{
//!     "timezone": "Europe/Berlin",
//!     "week": {"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]]}
//! }"#)?;
//! let created: DateTime<Utc> = "2026-03-02T15:00:00Z".parse().unwrap(); // Monday 16:00 local
//! let replied: DateTime<Utc> = "2026-03-03T09:00:00Z".parse().unwrap(); // Tuesday 10:00 local
//! assert_eq!(cal.business_seconds(created, replied)?, 7200.0);
//! // A 4-hour target is due Tuesday 12:00 local.
//! let due = cal.add_business_seconds(created, 4.0 * 3600.0)?;
//! assert_eq!(due.to_rfc3339(), "2026-03-03T11:00:00+00:00");
//! # Ok::<(), support_metrics::Error>(())
//! ```

mod columns;
mod engine;
mod json;
mod raw;
mod wall;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};
use crate::tz::Zone;
pub(crate) use columns::rfc3339_instant;
pub use columns::{format_instant, parse_instant, ColumnOutput};
use engine::Chunk;
pub(crate) use engine::ClockAt;
pub use engine::{MAX_INSTANT_SECONDS, MIN_INSTANT_SECONDS};
pub use raw::{resolve_local_ns_batch, MISSING_NS};
pub use wall::{WallInterval, WallTime, SECONDS_PER_DAY};

/// The first instant the engine supports, 1900-01-01T00:00:00Z.
#[must_use]
pub fn min_instant() -> DateTime<Utc> {
    DateTime::from_timestamp(MIN_INSTANT_SECONDS, 0).unwrap_or_default()
}

/// The last instant the engine supports, 2100-01-01T00:00:00Z: the tz database bundled by
/// chrono-tz stops applying DST rules after 2099, so later answers would be silently wrong.
#[must_use]
pub fn max_instant() -> DateTime<Utc> {
    DateTime::from_timestamp(MAX_INSTANT_SECONDS, 0).unwrap_or_default()
}

/// The first local date a calendar may name (holidays, overrides, closures).
pub const MIN_DATE: (i32, u32, u32) = (1900, 1, 1);
/// The last local date a calendar may name.
pub const MAX_DATE: (i32, u32, u32) = (2099, 12, 31);

/// The plain data of a calendar, exactly what its JSON form says.
///
/// Build one directly or with [`BusinessCalendar::builder`], then turn it into a queryable
/// calendar with [`BusinessCalendar::new`], which checks the dates.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CalendarSpec {
    /// An optional human-readable name, carried into reports.
    pub name: Option<String>,
    /// The IANA time zone the wall-clock times are read in.
    pub timezone: Zone,
    /// The weekly schedule, Monday first (`week[0]` is Monday, `week[6]` Sunday).
    pub week: [Vec<WallInterval>; 7],
    /// Local dates whose own intervals are removed (overrides win over holidays).
    pub holidays: BTreeSet<NaiveDate>,
    /// Local dates whose intervals replace the weekday's; an empty list closes the date.
    pub overrides: BTreeMap<NaiveDate, Vec<WallInterval>>,
    /// Local intervals removed from whatever is open then (an all-hands, an outage).
    pub closures: BTreeMap<NaiveDate, Vec<WallInterval>>,
}

impl CalendarSpec {
    /// An empty spec (closed every day) in a time zone.
    #[must_use]
    pub fn new(timezone: impl Into<Zone>) -> CalendarSpec {
        CalendarSpec {
            name: None,
            timezone: timezone.into(),
            week: Default::default(),
            holidays: BTreeSet::new(),
            overrides: BTreeMap::new(),
            closures: BTreeMap::new(),
        }
    }

    /// The intervals a local date is scheduled to be open, before closures: its override if it
    /// has one, else nothing on a holiday, else its weekday's.
    #[must_use]
    pub fn scheduled(&self, date: NaiveDate) -> &[WallInterval] {
        if let Some(intervals) = self.overrides.get(&date) {
            intervals
        } else if self.holidays.contains(&date) {
            &[]
        } else {
            &self.week[date.weekday().num_days_from_monday() as usize]
        }
    }

    /// True when some date may be open: a weekday or an override has an interval.
    fn may_open(&self) -> bool {
        self.week.iter().any(|d| !d.is_empty()) || self.overrides.values().any(|d| !d.is_empty())
    }
}

/// A business calendar, ready to answer business-time questions fast.
///
/// Cloning is cheap and clones share the compiled form. All queries take and return UTC
/// instants; the calendar's time zone only says how its wall-clock schedule is read.
#[derive(Clone)]
pub struct BusinessCalendar {
    spec: Arc<CalendarSpec>,
    chunks: Arc<[OnceLock<Chunk>]>,
    may_open: bool,
}

/// One open interval of a calendar, as UTC instants `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenInterval {
    /// When it opens.
    pub start: DateTime<Utc>,
    /// When it closes.
    pub end: DateTime<Utc>,
}

/// An exact amount of business time, in nanoseconds.
///
/// Exact integers make the laws hold to the nanosecond: `d(a, b) + d(b, c) == d(a, c)`, and
/// `reply <= deadline` exactly when `d(created, reply) <= target`. Convert to seconds for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct BusinessDuration(i64);

impl BusinessDuration {
    /// No business time.
    pub const ZERO: BusinessDuration = BusinessDuration(0);
    /// The longest duration accepted: 200 years.
    pub const MAX: BusinessDuration = BusinessDuration(200 * 366 * 86_400 * 1_000_000_000);

    /// From whole nanoseconds; errors when negative or above [`Self::MAX`].
    pub fn from_nanos(nanos: i64) -> Result<BusinessDuration> {
        if (0..=Self::MAX.0).contains(&nanos) {
            Ok(BusinessDuration(nanos))
        } else {
            Err(Error::InvalidDuration {
                value: format!("{nanos} ns"),
            })
        }
    }

    /// From seconds, rounded to the nearest nanosecond; errors when negative, NaN, infinite
    /// or above [`Self::MAX`].
    ///
    /// ```
    /// use support_metrics::calendar::BusinessDuration;
    /// assert_eq!(BusinessDuration::from_secs_f64(1.5)?.as_nanos(), 1_500_000_000);
    /// assert_eq!(BusinessDuration::from_secs_f64(-1.0).unwrap_err().code(), "invalid_duration");
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn from_secs_f64(seconds: f64) -> Result<BusinessDuration> {
        // The sign is checked before rounding so that a tiny negative amount is refused rather
        // than rounded to zero (-0.0 itself is zero). NaN fails every comparison; the upper
        // bound is far below i64::MAX, so the cast is exact.
        let nanos = (seconds * 1e9).round();
        if seconds >= 0.0 && nanos <= Self::MAX.0 as f64 {
            Ok(BusinessDuration(nanos as i64))
        } else {
            Err(Error::InvalidDuration {
                value: seconds.to_string(),
            })
        }
    }

    /// Whole nanoseconds.
    #[must_use]
    pub fn as_nanos(self) -> i64 {
        self.0
    }

    /// Seconds as a float, keeping the sub-second fraction (exact below about 104 days).
    #[must_use]
    pub fn as_secs_f64(self) -> f64 {
        // Split to keep whole seconds exact in the float for any duration.
        (self.0 / 1_000_000_000) as f64 + (self.0 % 1_000_000_000) as f64 / 1e9
    }
}

/// Per-row results of a batch call: one bad row never fails the batch.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchOutput<T> {
    /// One value per row; `None` where an input was missing or the row failed.
    pub values: Vec<Option<T>>,
    /// The rows that failed, in row order, with their errors.
    pub errors: Vec<RowError>,
}

impl<T: Copy> BatchOutput<T> {
    /// Row `row` as a result: the value (`None` for a missing input) or the row's error.
    #[must_use]
    pub fn row(&self, row: usize) -> Option<std::result::Result<Option<T>, &Error>> {
        let value = *self.values.get(row)?;
        match self.errors.binary_search_by_key(&row, |e| e.row) {
            Ok(i) => Some(Err(&self.errors[i].error)),
            Err(_) => Some(Ok(value)),
        }
    }
}

/// The error of one row of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    /// The zero-based row.
    pub row: usize,
    /// What went wrong with it.
    pub error: Error,
}

impl BusinessCalendar {
    /// A calendar from its plain data, checking that every date lies in the supported range.
    pub fn new(spec: CalendarSpec) -> Result<BusinessCalendar> {
        let dates = spec
            .holidays
            .iter()
            .chain(spec.overrides.keys())
            .chain(spec.closures.keys());
        for &date in dates {
            check_date(date, "")?;
        }
        let may_open = spec.may_open();
        Ok(BusinessCalendar {
            spec: Arc::new(spec),
            chunks: (0..engine::CHUNK_COUNT).map(|_| OnceLock::new()).collect(),
            may_open,
        })
    }

    /// Reads the calendar JSON form shared by every language and the CLI.
    ///
    /// ```
    /// use support_metrics::BusinessCalendar;
    /// let cal = BusinessCalendar::from_json(r#"{
    ///   "timezone": "Europe/Moscow",
    ///   "week": {"mon": [["09:00","13:00"],["14:00","18:00"]], "sat": [], "sun": []},
    ///   "holidays": ["2026-01-01"],
    ///   "overrides": {"2026-11-01": [["09:00","18:00"]]},
    ///   "closures": {"2026-06-10": [["14:00","16:00"]]}
    /// }"#)?;
    /// assert_eq!(cal.spec().holidays.len(), 1);
    /// let err = BusinessCalendar::from_json(r#"{"timezone":"UTC","week":{"mon":[["09:00","25:00"]]}}"#)
    ///     .unwrap_err();
    /// assert_eq!(err.code(), "invalid_time");
    /// assert_eq!(err.to_string(), "week.mon[0][1]: invalid wall-clock time `25:00`: hour must be 00 to 24");
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<BusinessCalendar> {
        BusinessCalendar::new(json::parse(text)?)
    }

    /// The canonical JSON form; [`from_json`](Self::from_json) reads it back to an equal calendar.
    #[must_use]
    pub fn to_json(&self) -> String {
        json::to_string(&self.spec)
    }

    /// Starts a calendar in a time zone, closed every day until told otherwise.
    ///
    /// ```
    /// use chrono::{NaiveDate, Weekday};
    /// use support_metrics::calendar::{BusinessCalendar, WallInterval};
    /// let cal = BusinessCalendar::builder(chrono_tz::Europe::Berlin)
    ///     .weekdays(&[WallInterval::parse("09:00", "13:00")?, WallInterval::parse("14:00", "18:00")?])
    ///     .day(Weekday::Sat, &[WallInterval::parse("10:00", "14:00")?])
    ///     .holiday(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap())
    ///     .build()?;
    /// assert_eq!(cal.spec().week[5].len(), 1);
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn builder(timezone: impl Into<Zone>) -> CalendarBuilder {
        CalendarBuilder {
            spec: CalendarSpec::new(timezone),
        }
    }

    /// A calendar open around the clock in a zone: business time equals elapsed time.
    #[must_use]
    pub fn always_open(timezone: impl Into<Zone>) -> BusinessCalendar {
        let spec = Self::builder(timezone)
            .every_day(&[WallInterval::WHOLE_DAY])
            .spec;
        // A spec with no dates cannot fail the range check.
        BusinessCalendar::new(spec).unwrap_or_else(|_| unreachable_calendar())
    }

    /// The plain data this calendar was built from.
    #[must_use]
    pub fn spec(&self) -> &CalendarSpec {
        &self.spec
    }

    /// The calendar's time zone.
    #[must_use]
    pub fn timezone(&self) -> Zone {
        self.spec.timezone
    }

    /// Exact business time in `[start, end)`. Errors when `end < start` or an instant is
    /// outside the supported range.
    pub fn business_duration(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<BusinessDuration> {
        let (a, b) = (instant_ns(start)?, instant_ns(end)?);
        if b < a {
            return Err(Error::EndBeforeStart {
                start: rfc3339(start),
                end: rfc3339(end),
            });
        }
        Ok(BusinessDuration(self.between_ns(a, b)))
    }

    /// Business seconds in `[start, end)`, keeping a sub-second fraction when the inputs
    /// have one. Errors when `end < start` or an instant is outside the supported range.
    ///
    /// ```
    /// use support_metrics::BusinessCalendar;
    /// let cal = BusinessCalendar::always_open(chrono_tz::UTC);
    /// let a = "2026-01-01T00:00:00Z".parse().unwrap();
    /// let b = "2026-01-01T00:00:01.25Z".parse().unwrap();
    /// assert_eq!(cal.business_seconds(a, b)?, 1.25);
    /// assert_eq!(cal.business_seconds(b, a).unwrap_err().code(), "end_before_start");
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn business_seconds(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<f64> {
        self.business_duration(start, end)
            .map(BusinessDuration::as_secs_f64)
    }

    /// The deadline: the latest instant `x >= start` with `business_duration(start, x) == amount`.
    ///
    /// Taking the *latest* such instant makes `reply <= deadline` equivalent to
    /// `business_duration(created, reply) <= target`; so adding zero while closed gives the next
    /// opening, and a deadline that falls at a closing moves to the next opening.
    pub fn add_business_duration(
        &self,
        start: DateTime<Utc>,
        amount: BusinessDuration,
    ) -> Result<DateTime<Utc>> {
        let a = instant_ns(start)?;
        let no_work = || Error::NoWorkingTime {
            after: rfc3339(start),
            max: rfc3339(max_instant()),
        };
        if !self.may_open {
            return Err(no_work());
        }
        match self.add_ns(a, amount.0) {
            engine::Deadline::At(x) => Ok(from_ns(x)),
            engine::Deadline::NoWorkLeft => Err(no_work()),
            engine::Deadline::PastRange => Err(Error::OutOfRange {
                what: "deadline",
                value: format!(
                    "{} + {} business seconds",
                    rfc3339(start),
                    amount.as_secs_f64()
                ),
                min: rfc3339(min_instant()),
                max: rfc3339(max_instant()),
            }),
        }
    }

    /// [`add_business_duration`](Self::add_business_duration) with the amount in seconds.
    ///
    /// ```
    /// use support_metrics::BusinessCalendar;
    /// let cal = BusinessCalendar::from_json(
    ///     r#"{"timezone":"UTC","week":{"mon":[["09:00","17:00"]],"tue":[["09:00","17:00"]]}}"#)?;
    /// let monday_evening = "2026-03-02T18:00:00Z".parse().unwrap();
    /// // Adding zero while closed gives the next opening.
    /// assert_eq!(cal.add_business_seconds(monday_evening, 0.0)?.to_rfc3339(), "2026-03-03T09:00:00+00:00");
    /// // A deadline at a closing moves to the next opening, the latest instant with that much business time.
    /// let monday_morning = "2026-03-02T09:00:00Z".parse().unwrap();
    /// assert_eq!(cal.add_business_seconds(monday_morning, 8.0 * 3600.0)?.to_rfc3339(), "2026-03-03T09:00:00+00:00");
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn add_business_seconds(
        &self,
        start: DateTime<Utc>,
        seconds: f64,
    ) -> Result<DateTime<Utc>> {
        self.add_business_duration(start, BusinessDuration::from_secs_f64(seconds)?)
    }

    /// True when the calendar is open at `t` (intervals are `[start, end)`).
    ///
    /// ```
    /// use support_metrics::BusinessCalendar;
    /// let cal = BusinessCalendar::from_json(
    ///     r#"{"timezone":"America/New_York","week":{"fri":[["22:00","06:00"]]}}"#)?;
    /// // The Friday night shift runs into Saturday morning, 06:00 itself is closed.
    /// assert!(cal.is_open("2026-03-07T05:59:59-05:00".parse().unwrap())?);
    /// assert!(!cal.is_open("2026-03-07T06:00:00-05:00".parse().unwrap())?);
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn is_open(&self, t: DateTime<Utc>) -> Result<bool> {
        let t = instant_ns(t)?;
        Ok(self.is_open_ns(t))
    }

    /// The earliest instant `>= t` at which the calendar is open (`t` itself when open), or
    /// `None` when it does not open again before the end of the supported range.
    ///
    /// ```
    /// use support_metrics::BusinessCalendar;
    /// let cal = BusinessCalendar::from_json(
    ///     r#"{"timezone":"Europe/Berlin","week":{"mon":[["09:00","17:00"]]},"holidays":["2026-12-28"]}"#)?;
    /// let friday = "2026-12-25T12:00:00+01:00".parse().unwrap();
    /// let opens = cal.next_open(friday)?.expect("opens again");
    /// assert_eq!(opens.to_rfc3339(), "2027-01-04T08:00:00+00:00"); // the Monday after the holiday
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn next_open(&self, t: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let t = instant_ns(t)?;
        if !self.may_open {
            return Ok(None);
        }
        Ok(self.next_open_ns(t).map(from_ns))
    }

    /// The earliest instant `>= t` at which the calendar is closed (`t` itself when closed), or
    /// `None` when it stays open to the end of the supported range (a 24/7 calendar).
    ///
    /// ```
    /// use support_metrics::BusinessCalendar;
    /// let cal = BusinessCalendar::from_json(
    ///     r#"{"timezone":"UTC","week":{"mon":[["09:00","12:00"],["11:00","17:00"]]}}"#)?;
    /// let t = "2026-03-02T10:00:00Z".parse().unwrap();
    /// // Overlapping intervals are one: it closes at 17:00, not 12:00.
    /// assert_eq!(cal.next_close(t)?.map(|c| c.to_rfc3339()), Some("2026-03-02T17:00:00+00:00".into()));
    /// let always = BusinessCalendar::always_open(chrono_tz::UTC);
    /// assert_eq!(always.next_close(t)?, None);
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn next_close(&self, t: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let t = instant_ns(t)?;
        Ok(self.next_close_ns(t).map(from_ns))
    }

    /// The open intervals that meet `[from, to)`, clipped to it, in order, each maximal
    /// (touching intervals are joined).
    ///
    /// ```
    /// use support_metrics::BusinessCalendar;
    /// let cal = BusinessCalendar::from_json(
    ///     r#"{"timezone":"UTC","week":{"mon":[["09:00","12:00"],["12:00","17:00"]]}}"#)?;
    /// let from = "2026-03-02T00:00:00Z".parse().unwrap();
    /// let to = "2026-03-09T10:00:00Z".parse().unwrap();
    /// let spans: Vec<String> = cal.open_intervals(from, to)?
    ///     .map(|i| format!("{} {}", i.start.format("%a %H:%M"), i.end.format("%H:%M")))
    ///     .collect();
    /// assert_eq!(spans, ["Mon 09:00 17:00", "Mon 09:00 10:00"]);
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn open_intervals(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<OpenIntervals<'_>> {
        let (a, b) = (instant_ns(from)?, instant_ns(to)?);
        if b < a {
            return Err(Error::EndBeforeStart {
                start: rfc3339(from),
                end: rfc3339(to),
            });
        }
        Ok(OpenIntervals::new(self, a, b))
    }

    /// Business seconds for many rows at once. A missing start or end gives `None` for the row;
    /// a bad row is reported in [`BatchOutput::errors`] and never fails the batch. Only columns
    /// of different lengths fail the call.
    ///
    /// ```
    /// use support_metrics::BusinessCalendar;
    /// let cal = BusinessCalendar::always_open(chrono_tz::UTC);
    /// let t = |s: &str| Some(s.parse().unwrap());
    /// let out = cal.business_seconds_batch(
    ///     &[t("2026-01-01T00:00:00Z"), None, t("2026-01-02T00:00:00Z")],
    ///     &[t("2026-01-01T01:00:00Z"), t("2026-01-01T01:00:00Z"), t("2026-01-01T00:00:00Z")],
    /// )?;
    /// assert_eq!(out.values, [Some(3600.0), None, None]);
    /// assert_eq!(out.errors[0].row, 2);
    /// assert_eq!(out.errors[0].error.code(), "end_before_start");
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn business_seconds_batch(
        &self,
        starts: &[Option<DateTime<Utc>>],
        ends: &[Option<DateTime<Utc>>],
    ) -> Result<BatchOutput<f64>> {
        check_lengths("starts", starts.len(), "ends", ends.len())?;
        Ok(batch(starts.iter().zip(ends), |(s, e)| match (s, e) {
            (Some(s), Some(e)) => self.business_seconds(*s, *e).map(Some),
            _ => Ok(None),
        }))
    }

    /// Deadlines for many rows at once: `add_business_seconds(starts[i], seconds[i])`. A missing
    /// start or amount gives `None`; a bad row (a negative or NaN amount, say: bindings map their
    /// own missing markers to `None` first) is reported in [`BatchOutput::errors`].
    pub fn add_business_seconds_batch(
        &self,
        starts: &[Option<DateTime<Utc>>],
        seconds: &[Option<f64>],
    ) -> Result<BatchOutput<DateTime<Utc>>> {
        check_lengths("starts", starts.len(), "seconds", seconds.len())?;
        Ok(batch(starts.iter().zip(seconds), |(s, secs)| {
            match (s, secs) {
                (Some(s), Some(secs)) => self.add_business_seconds(*s, *secs).map(Some),
                _ => Ok(None),
            }
        }))
    }

    /// Compiles the blocks covering `[from, to)` now rather than on first use, so that later
    /// queries have predictable latency. Answers never depend on whether this was called.
    pub fn precompile(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<()> {
        let (a, b) = (instant_ns(from)?, instant_ns(to)?);
        for k in engine::chunk_index(a.min(b))..=engine::chunk_index(a.max(b)) {
            self.chunk(k);
        }
        Ok(())
    }
}

fn unreachable_calendar() -> BusinessCalendar {
    BusinessCalendar {
        spec: Arc::new(CalendarSpec::new(Zone::UTC)),
        chunks: (0..engine::CHUNK_COUNT).map(|_| OnceLock::new()).collect(),
        may_open: false,
    }
}

fn batch<I, T>(rows: I, mut f: impl FnMut(I::Item) -> Result<Option<T>>) -> BatchOutput<T>
where
    I: ExactSizeIterator,
{
    let mut out = BatchOutput {
        values: Vec::with_capacity(rows.len()),
        errors: Vec::new(),
    };
    for (row, item) in rows.enumerate() {
        match f(item) {
            Ok(v) => out.values.push(v),
            Err(error) => {
                out.values.push(None);
                out.errors.push(RowError { row, error });
            }
        }
    }
    out
}

fn check_lengths(
    left: &'static str,
    left_len: usize,
    right: &'static str,
    right_len: usize,
) -> Result<()> {
    if left_len == right_len {
        Ok(())
    } else {
        Err(Error::LengthMismatch {
            left,
            left_len,
            right,
            right_len,
        })
    }
}

/// Builds a [`BusinessCalendar`] step by step; see [`BusinessCalendar::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct CalendarBuilder {
    spec: CalendarSpec,
}

impl CalendarBuilder {
    /// Names the calendar.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.spec.name = Some(name.into());
        self
    }

    /// Sets one weekday's intervals (replacing what it had).
    pub fn day(mut self, day: Weekday, intervals: &[WallInterval]) -> Self {
        self.spec.week[day.num_days_from_monday() as usize] = intervals.to_vec();
        self
    }

    /// Sets Monday to Friday to the same intervals.
    pub fn weekdays(mut self, intervals: &[WallInterval]) -> Self {
        for day in &mut self.spec.week[..5] {
            *day = intervals.to_vec();
        }
        self
    }

    /// Sets all seven days to the same intervals.
    pub fn every_day(mut self, intervals: &[WallInterval]) -> Self {
        for day in &mut self.spec.week {
            *day = intervals.to_vec();
        }
        self
    }

    /// Adds a holiday: the date's own intervals are removed.
    pub fn holiday(mut self, date: NaiveDate) -> Self {
        self.spec.holidays.insert(date);
        self
    }

    /// Gives a date its own intervals (`&[]` closes it); wins over a holiday on the same date.
    pub fn override_date(mut self, date: NaiveDate, intervals: &[WallInterval]) -> Self {
        self.spec.overrides.insert(date, intervals.to_vec());
        self
    }

    /// Removes local intervals of a date from whatever is open then.
    pub fn closure(mut self, date: NaiveDate, intervals: &[WallInterval]) -> Self {
        self.spec
            .closures
            .entry(date)
            .or_default()
            .extend_from_slice(intervals);
        self
    }

    /// Checks the dates and builds the calendar.
    pub fn build(self) -> Result<BusinessCalendar> {
        BusinessCalendar::new(self.spec)
    }
}

impl PartialEq for BusinessCalendar {
    /// Calendars are equal when their data is; the compiled form is a cache.
    fn eq(&self, other: &Self) -> bool {
        self.spec == other.spec
    }
}

impl Eq for BusinessCalendar {}

impl fmt::Debug for BusinessCalendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BusinessCalendar")
            .field("spec", &self.spec)
            .finish_non_exhaustive()
    }
}

impl Serialize for BusinessCalendar {
    /// As the calendar JSON form.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        json::SpecRef(&self.spec).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for BusinessCalendar {
    /// From the calendar JSON form, with the same checks as [`BusinessCalendar::from_json`].
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let value = json::Json::deserialize(deserializer)?;
        json::spec_from_value(&value)
            .and_then(BusinessCalendar::new)
            .map_err(serde::de::Error::custom)
    }
}

pub(crate) fn check_date(date: NaiveDate, path: &str) -> Result<()> {
    let (min, max) = date_bounds();
    if date < min || date > max {
        return Err(Error::OutOfRange {
            what: if path.is_empty() {
                "date"
            } else {
                "calendar date"
            },
            value: if path.is_empty() {
                date.to_string()
            } else {
                format!("{path} = {date}")
            },
            min: min.to_string(),
            max: max.to_string(),
        });
    }
    Ok(())
}

fn date_bounds() -> (NaiveDate, NaiveDate) {
    let d = |(y, m, dd): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default();
    (d(MIN_DATE), d(MAX_DATE))
}

/// An instant as nanoseconds since the Unix epoch, checked against the supported range.
#[inline]
pub(crate) fn instant_ns(t: DateTime<Utc>) -> Result<i64> {
    let (secs, nanos) = (t.timestamp(), t.timestamp_subsec_nanos());
    if (MIN_INSTANT_SECONDS..MAX_INSTANT_SECONDS).contains(&secs)
        || (secs == MAX_INSTANT_SECONDS && nanos == 0)
    {
        Ok(secs * 1_000_000_000 + i64::from(nanos))
    } else {
        Err(out_of_range_instant(t))
    }
}

#[cold]
fn out_of_range_instant(t: DateTime<Utc>) -> Error {
    Error::OutOfRange {
        what: "instant",
        value: rfc3339(t),
        min: rfc3339(min_instant()),
        max: rfc3339(max_instant()),
    }
}

fn from_ns(ns: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(
        ns.div_euclid(1_000_000_000),
        ns.rem_euclid(1_000_000_000) as u32,
    )
    .unwrap_or_default()
}

pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// The iterator returned by [`BusinessCalendar::open_intervals`].
#[derive(Debug)]
pub struct OpenIntervals<'a> {
    cal: &'a BusinessCalendar,
    chunk: usize,
    span: usize,
    from: i64,
    to: i64,
    pending: Option<(i64, i64)>,
    done: bool,
}

impl<'a> OpenIntervals<'a> {
    fn new(cal: &'a BusinessCalendar, from: i64, to: i64) -> Self {
        let chunk = engine::chunk_index(from);
        let span = cal.chunk(chunk).first_ending_after(from);
        OpenIntervals {
            cal,
            chunk,
            span,
            from,
            to,
            pending: None,
            done: from >= to || !cal.may_open,
        }
    }

    /// The next piece of a compiled block, clipped to the range (pieces may touch at block ends).
    fn raw_next(&mut self) -> Option<(i64, i64)> {
        while !self.done && self.chunk < engine::CHUNK_COUNT {
            let ch = self.cal.chunk(self.chunk);
            if let Some(s) = ch.spans().get(self.span) {
                self.span += 1;
                if s.start >= self.to {
                    break;
                }
                if s.end > self.from {
                    return Some((s.start.max(self.from), s.end.min(self.to)));
                }
            } else {
                if ch.end >= self.to {
                    break;
                }
                self.chunk += 1;
                self.span = 0;
            }
        }
        self.done = true;
        None
    }
}

impl Iterator for OpenIntervals<'_> {
    type Item = OpenInterval;

    fn next(&mut self) -> Option<OpenInterval> {
        let mut cur = match self.pending.take() {
            Some(p) => p,
            None => self.raw_next()?,
        };
        while let Some(next) = self.raw_next() {
            if next.0 <= cur.1 {
                cur.1 = cur.1.max(next.1);
            } else {
                self.pending = Some(next);
                break;
            }
        }
        Some(OpenInterval {
            start: from_ns(cur.0),
            end: from_ns(cur.1),
        })
    }
}
