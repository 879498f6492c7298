//! Batch forms on raw Unix nanoseconds, for columnar callers (numpy `datetime64[ns]`, pandas,
//! Arrow `timestamp[ns]`) that hold instants as `i64` and mark a missing one with
//! [`MISSING_NS`] (`i64::MIN`, numpy's and pandas' `NaT`). They answer exactly what the
//! `DateTime` forms answer, row by row, without building a `DateTime` per row.

use chrono::{DateTime, Days, NaiveDate};

use super::{
    batch, check_lengths, engine, rfc3339, BatchOutput, BusinessCalendar, BusinessDuration,
};
use crate::error::{Error, Result};
use crate::tz::Zone;

/// The marker of a missing instant in raw-nanosecond columns: `i64::MIN`, the bit pattern of
/// numpy's and pandas' `NaT`.
pub const MISSING_NS: i64 = i64::MIN;

const NS: i64 = 1_000_000_000;

/// An `i64` of Unix nanoseconds checked against the supported range. Every `i64` is a valid
/// chrono instant (years 1677 to 2262), so the error can always name it.
fn checked(ns: i64) -> Result<i64> {
    let (lo, hi) = (
        engine::MIN_INSTANT_SECONDS * NS,
        engine::MAX_INSTANT_SECONDS * NS,
    );
    if (lo..=hi).contains(&ns) {
        Ok(ns)
    } else {
        Err(Error::OutOfRange {
            what: "instant",
            value: rfc3339(DateTime::from_timestamp_nanos(ns)),
            min: rfc3339(super::min_instant()),
            max: rfc3339(super::max_instant()),
        })
    }
}

impl BusinessCalendar {
    /// [`business_seconds_batch`](Self::business_seconds_batch) on Unix nanoseconds: row `i` is
    /// the business seconds in `[starts[i], ends[i])`, `None` when either is [`MISSING_NS`]; a
    /// row with `end < start` or an instant outside the supported range is reported in
    /// [`BatchOutput::errors`]. Only columns of different lengths fail the call.
    ///
    /// ```
    /// use support_metrics::calendar::MISSING_NS;
    /// use support_metrics::BusinessCalendar;
    /// let cal = BusinessCalendar::from_json(r#"{"timezone":"UTC","week":{"mon":[["09:00","17:00"]]}}"#)?;
    /// let monday_9 = 1_772_442_000_000_000_000; // 2026-03-02T09:00:00Z
    /// let hour = 3_600_000_000_000;
    /// let out = cal.business_seconds_ns_batch(
    ///     &[monday_9, MISSING_NS, monday_9 + 2 * hour],
    ///     &[monday_9 + 10 * hour, monday_9, monday_9],
    /// )?;
    /// // 09:00 to 19:00 holds the 8 open hours; a missing start; an end before its start.
    /// assert_eq!(out.values, [Some(8.0 * 3600.0), None, None]);
    /// assert_eq!(out.errors[0].row, 2);
    /// assert_eq!(out.errors[0].error.code(), "end_before_start");
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn business_seconds_ns_batch(
        &self,
        starts: &[i64],
        ends: &[i64],
    ) -> Result<BatchOutput<f64>> {
        check_lengths("starts", starts.len(), "ends", ends.len())?;
        Ok(batch(starts.iter().zip(ends), |(&s, &e)| {
            if s == MISSING_NS || e == MISSING_NS {
                return Ok(None);
            }
            let (a, b) = (checked(s)?, checked(e)?);
            if b < a {
                return Err(Error::EndBeforeStart {
                    start: rfc3339(DateTime::from_timestamp_nanos(a)),
                    end: rfc3339(DateTime::from_timestamp_nanos(b)),
                });
            }
            Ok(Some(BusinessDuration(self.between_ns(a, b)).as_secs_f64()))
        }))
    }

    /// [`add_business_seconds_batch`](Self::add_business_seconds_batch) on Unix nanoseconds:
    /// row `i` is the deadline `add_business_seconds(starts[i], seconds[i])` in Unix nanoseconds,
    /// `None` when the start is [`MISSING_NS`] or the amount is `None` (bindings map their own
    /// missing markers, such as a NaN in a float column, to `None` first).
    ///
    /// ```
    /// use support_metrics::calendar::MISSING_NS;
    /// use support_metrics::BusinessCalendar;
    /// let cal = BusinessCalendar::from_json(r#"{"timezone":"UTC","week":{"mon":[["09:00","17:00"]]}}"#)?;
    /// let monday_16 = 1_772_467_200_000_000_000; // 2026-03-02T16:00:00Z
    /// let out = cal.add_business_seconds_ns_batch(&[monday_16, MISSING_NS, monday_16], &[Some(7200.0), Some(1.0), Some(-1.0)])?;
    /// // One hour left on Monday, the second hour next Monday 09:00-10:00.
    /// assert_eq!(out.values[0], Some(monday_16 + 7 * 86_400_000_000_000 - 6 * 3_600_000_000_000));
    /// assert_eq!(out.values[1], None);
    /// assert_eq!(out.errors[0].error.code(), "invalid_duration");
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn add_business_seconds_ns_batch(
        &self,
        starts: &[i64],
        seconds: &[Option<f64>],
    ) -> Result<BatchOutput<i64>> {
        check_lengths("starts", starts.len(), "seconds", seconds.len())?;
        Ok(batch(starts.iter().zip(seconds), |(&s, secs)| match secs {
            Some(secs) if s != MISSING_NS => {
                let start = DateTime::from_timestamp_nanos(checked(s)?);
                let due = self.add_business_seconds(start, *secs)?;
                // Deadlines lie before 2100, well inside the i64 nanosecond range.
                Ok(due.timestamp_nanos_opt())
            }
            _ => Ok(None),
        }))
    }
}

/// Reads local wall times (Unix nanoseconds of the wall clock read as if it were UTC, which is
/// what a naive `datetime64` holds) in `tz` and returns the instants, resolved the way calendar
/// wall times are (see `docs/calendars.md`): a time in a DST gap moves forward by the gap, an
/// ambiguous time is its first occurrence. [`MISSING_NS`] gives `None`; a wall time outside
/// the supported range is a row error.
///
/// This is how the bindings accept naive timestamps when the caller names their zone, so that
/// a naive column and a calendar schedule never disagree about a DST change.
///
/// ```
/// use support_metrics::calendar::resolve_local_ns_batch;
/// let h = 3_600_000_000_000_i64;
/// let day = 1_774_742_400_000_000_000_i64; // 2026-03-29T00:00 wall time; Berlin springs forward at 02:00
/// let out = resolve_local_ns_batch(chrono_tz::Europe::Berlin, &[day + h, day + 2 * h + h / 2]);
/// // 01:00 CET is 00:00Z; 02:30 does not exist and is read with the CET offset: 01:30Z (03:30 CEST).
/// assert_eq!(out.values, [Some(day), Some(day + h + h / 2)]);
/// ```
#[must_use]
pub fn resolve_local_ns_batch(tz: impl Into<Zone>, local: &[i64]) -> BatchOutput<i64> {
    let tz = tz.into();
    batch(local.iter(), |&ns| {
        if ns == MISSING_NS {
            return Ok(None);
        }
        // Within the supported range plus a day either side (offsets are below 15 h), the
        // arithmetic below cannot overflow.
        let (lo, hi) = (
            (engine::MIN_INSTANT_SECONDS - 86_400) * NS,
            (engine::MAX_INSTANT_SECONDS + 86_400) * NS,
        );
        if !(lo..=hi).contains(&ns) {
            return Err(Error::OutOfRange {
                what: "local time",
                // chrono's `Debug` of a date-time is `%Y-%m-%dT%H:%M:%S%.f` (without the
                // strftime machinery in the WebAssembly module).
                value: format!("{:?}", DateTime::from_timestamp_nanos(ns).naive_utc()),
                min: rfc3339(super::min_instant()),
                max: rfc3339(super::max_instant()),
            });
        }
        let secs = ns.div_euclid(NS);
        let days = secs.div_euclid(86_400);
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        let date = if days >= 0 {
            epoch.checked_add_days(Days::new(days.unsigned_abs()))
        } else {
            epoch.checked_sub_days(Days::new(days.unsigned_abs()))
        }
        .unwrap_or(epoch);
        let second_of_day = secs.rem_euclid(86_400) as u32;
        let utc = engine::resolve(&tz, date, second_of_day);
        checked(utc * NS + ns.rem_euclid(NS)).map(Some)
    })
}
