//! Instants as text and as columns of epoch milliseconds: the conversions the bindings need,
//! kept in the core so that every language reads an instant by the same rules.
//!
//! - Text is RFC 3339 **with an offset**, up to nanoseconds; a local time without an offset is
//!   ambiguous and refused ([`parse_instant`]). Answers are written by [`format_instant`] in
//!   UTC (`Z`), with as many fractional digits as needed (0, 3, 6 or 9).
//! - Columns are `f64` milliseconds since the Unix epoch, the unit of JavaScript's `Date` and of
//!   most dataframe exports. `NaN` marks a missing value. Whole milliseconds convert exactly;
//!   a fractional part is kept to the nearest nanosecond that `f64` can resolve (about
//!   0.25 µs for dates near 2026), so sub-millisecond inputs should use text instead.

use chrono::{DateTime, Utc};

use super::RowError;
use super::{
    check_lengths, from_ns, max_instant, min_instant, rfc3339, BusinessCalendar, BusinessDuration,
    MAX_INSTANT_SECONDS, MIN_INSTANT_SECONDS,
};
use crate::error::{Error, Result};

const NS_PER_MS: i64 = 1_000_000;

/// Per-row results of a column call, itself a column: `NaN` where an input was missing or the
/// row failed, the same marker the input columns use for missing values.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnOutput {
    /// One value per row, `NaN` for none.
    pub values: Vec<f64>,
    /// The rows that failed, in row order, with their errors.
    pub errors: Vec<RowError>,
}

#[inline(always)]
fn column<I: ExactSizeIterator>(
    rows: I,
    mut f: impl FnMut(I::Item) -> Result<Option<f64>>,
) -> ColumnOutput {
    let mut out = ColumnOutput {
        values: Vec::with_capacity(rows.len()),
        errors: Vec::new(),
    };
    for (row, item) in rows.enumerate() {
        match f(item) {
            Ok(v) => out.values.push(v.unwrap_or(f64::NAN)),
            Err(error) => {
                out.values.push(f64::NAN);
                out.errors.push(RowError { row, error });
            }
        }
    }
    out
}

/// Parses an RFC 3339 instant that carries an offset; `field` names the argument in the error.
///
/// ```
/// use support_metrics::calendar::{format_instant, parse_instant};
/// let t = parse_instant("created_at", "2026-03-02T12:30:00.5+03:00")?;
/// assert_eq!(format_instant(t), "2026-03-02T09:30:00.500Z");
/// let err = parse_instant("created_at", "2026-03-02 12:30").expect_err("columns of different lengths");
/// assert_eq!(err.code(), "invalid_timestamp");
/// assert!(err.to_string().starts_with("created_at: invalid timestamp `2026-03-02 12:30`"));
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn parse_instant(field: &str, text: &str) -> Result<DateTime<Utc>> {
    rfc3339_instant(crate::csv::trim(text)).ok_or_else(|| Error::InvalidTimestamp {
        field: field.to_string(),
        value: text.to_string(),
    })
}

/// The instant of an RFC 3339 text (`None`: not one): the canonical form read directly,
/// anything else by chrono. For readers with errors of their own.
#[inline]
pub(crate) fn rfc3339_instant(t: &str) -> Option<DateTime<Utc>> {
    if let Some(x) = canonical_instant(t) {
        return Some(x);
    }
    DateTime::parse_from_rfc3339(t)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The instant of the canonical whole-second form `YYYY-MM-DDTHH:MM:SSZ` (what the writers
/// and most exports give), read directly: a million-row file has three per row, and chrono's
/// general RFC 3339 parser costs several times more. `None` for anything else, leap seconds
/// and invalid dates included, which chrono reads (or refuses) as before.
fn canonical_instant(s: &str) -> Option<DateTime<Utc>> {
    let b: &[u8; 20] = s.as_bytes().try_into().ok()?;
    let punctuation = [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'Z'),
    ];
    if punctuation.iter().any(|&(k, c)| b[k] != c) {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    Some(date.and_hms_opt(hour, minute, second)?.and_utc())
}

/// The canonical text of an instant: RFC 3339 in UTC with a `Z`, fractional digits only when
/// needed. [`parse_instant`] reads it back to the same instant, to the nanosecond.
#[must_use]
pub fn format_instant(t: DateTime<Utc>) -> String {
    rfc3339(t)
}

/// Nanoseconds since the epoch of an epoch-millisecond value: `None` for `NaN` (missing), an
/// `out_of_range` error for infinities and instants outside the supported range.
#[inline(always)]
fn ms_to_ns(ms: f64) -> Result<Option<i64>> {
    if ms.is_nan() {
        return Ok(None);
    }
    let whole = ms.floor();
    let (min_ms, max_ms) = (MIN_INSTANT_SECONDS * 1000, MAX_INSTANT_SECONDS * 1000);
    // Infinities fail these comparisons too; within them the casts are exact.
    if whole >= min_ms as f64 && whole <= max_ms as f64 {
        let mut ns = whole as i64 * NS_PER_MS;
        if ms != whole {
            // `ms - whole` is exact, in (0, 1); the rounding may carry into the next millisecond.
            // (Whole milliseconds, the common case, skip `round`, a library call on wasm.)
            ns += ((ms - whole) * 1e6).round() as i64;
        }
        if ns <= MAX_INSTANT_SECONDS * 1_000_000_000 {
            return Ok(Some(ns));
        }
    }
    Err(Error::OutOfRange {
        what: "instant",
        value: format!("{ms} ms since the epoch"),
        min: rfc3339(min_instant()),
        max: rfc3339(max_instant()),
    })
}

/// Epoch milliseconds of nanoseconds since the epoch, whole milliseconds exact.
fn ns_to_ms(ns: i64) -> f64 {
    ns.div_euclid(NS_PER_MS) as f64 + ns.rem_euclid(NS_PER_MS) as f64 / 1e6
}

impl BusinessCalendar {
    /// [`business_seconds_batch`](Self::business_seconds_batch) over columns of epoch
    /// milliseconds, the fast path of the JavaScript binding (`Float64Array`) and of dataframes.
    ///
    /// `NaN` in either column marks a missing value and gives `None` for the row, unless the
    /// other value of the row is itself bad; an infinite or out-of-range value, or an end before
    /// its start, is a row error. Only columns of different lengths fail the call.
    ///
    /// ```
    /// use support_metrics::BusinessCalendar;
    /// let cal = BusinessCalendar::from_json(r#"{"timezone":"UTC","week":{"mon":[["09:00","17:00"]]}}"#)?;
    /// let monday_9 = 1_772_442_000_000.0; // 2026-03-02T09:00:00Z
    /// let out = cal.business_seconds_epoch_ms(
    ///     &[monday_9, f64::NAN, monday_9 + 3_600_000.0],
    ///     &[monday_9 + 5_400_000.0, monday_9, monday_9],
    /// )?;
    /// assert_eq!(out.values[0], 5400.0);
    /// assert!(out.values[1].is_nan() && out.values[2].is_nan()); // missing, failed
    /// assert_eq!(out.errors[0].error.code(), "end_before_start");
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn business_seconds_epoch_ms(&self, starts: &[f64], ends: &[f64]) -> Result<ColumnOutput> {
        check_lengths("starts", starts.len(), "ends", ends.len())?;
        Ok(column(starts.iter().zip(ends), |(&s, &e)| {
            match (ms_to_ns(s)?, ms_to_ns(e)?) {
                (Some(a), Some(b)) if b < a => Err(Error::EndBeforeStart {
                    start: rfc3339(from_ns(a)),
                    end: rfc3339(from_ns(b)),
                }),
                (Some(a), Some(b)) => {
                    Ok(Some(BusinessDuration(self.between_ns(a, b)).as_secs_f64()))
                }
                _ => Ok(None),
            }
        }))
    }

    /// [`add_business_seconds_batch`](Self::add_business_seconds_batch) over a column of epoch
    /// milliseconds and a column of seconds; the deadlines come back as epoch milliseconds.
    ///
    /// `NaN` marks a missing start or amount (`None` for the row); an infinite or out-of-range
    /// start, a negative or infinite amount, or a deadline that cannot be computed is a row error.
    ///
    /// ```
    /// use support_metrics::BusinessCalendar;
    /// let cal = BusinessCalendar::from_json(r#"{"timezone":"UTC","week":{"mon":[["09:00","17:00"]]}}"#)?;
    /// let monday_16 = 1_772_467_200_000.0; // 2026-03-02T16:00:00Z
    /// let out = cal.add_business_seconds_epoch_ms(&[monday_16, monday_16], &[7200.0, -1.0])?;
    /// // 1 h on Monday, 1 h the next Monday from 09:00: 2026-03-09T10:00:00Z.
    /// assert_eq!(out.values[0], monday_16 + (7.0 * 86_400.0 - 6.0 * 3600.0) * 1000.0);
    /// assert!(out.values[1].is_nan());
    /// assert_eq!(out.errors[0].error.code(), "invalid_duration");
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn add_business_seconds_epoch_ms(
        &self,
        starts: &[f64],
        seconds: &[f64],
    ) -> Result<ColumnOutput> {
        check_lengths("starts", starts.len(), "seconds", seconds.len())?;
        Ok(column(starts.iter().zip(seconds), |(&s, &secs)| {
            let Some(a) = ms_to_ns(s)? else {
                return Ok(None);
            };
            if secs.is_nan() {
                return Ok(None);
            }
            let due = self.add_business_seconds(from_ns(a), secs)?;
            let ns = due.timestamp() * 1_000_000_000 + i64::from(due.timestamp_subsec_nanos());
            Ok(Some(ns_to_ms(ns)))
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(values: &[f64]) -> Vec<Option<f64>> {
        values.iter().map(|v| (!v.is_nan()).then_some(*v)).collect()
    }

    /// The canonical form read directly is chrono's reading of it, and anything near it
    /// (leap seconds, invalid dates and times, other lengths and letters) goes to chrono.
    #[test]
    fn canonical_instants_are_chronos() {
        use proptest::prelude::*;
        let chrono = |s: &str| {
            DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|t| t.with_timezone(&Utc))
        };
        let digit = |hi: u8| (b'0'..=hi).prop_map(char::from);
        let text = (
            proptest::collection::vec(digit(b'9'), 4),
            (digit(b'1'), digit(b'9')),
            (digit(b'3'), digit(b'9')),
            (digit(b'2'), digit(b'9')),
            (digit(b'6'), digit(b'9')),
            (digit(b'6'), digit(b'9')),
            prop_oneof![Just('Z'), Just('z'), Just('T')],
        )
            .prop_map(|(y, mo, d, h, mi, s, z)| {
                let y: String = y.into_iter().collect();
                format!(
                    "{y}-{}{}-{}{}T{}{}:{}{}:{}{}{z}",
                    mo.0, mo.1, d.0, d.1, h.0, h.1, mi.0, mi.1, s.0, s.1
                )
            });
        proptest!(ProptestConfig::with_cases(5000), |(t in text)| {
            if let Some(x) = canonical_instant(&t) {
                prop_assert_eq!(Some(x), chrono(&t), "{}", t);
            }
            let got = parse_instant("at", &t).ok();
            prop_assert_eq!(got, chrono(&t), "{}", t);
        });
        for t in [
            "2026-03-02T09:00:00Z",
            "2024-02-29T23:59:59Z",
            "0000-01-01T00:00:00Z",
        ] {
            assert!(canonical_instant(t).is_some(), "{t}");
            assert_eq!(canonical_instant(t), chrono(t), "{t}");
        }
        // Every day-of-month edge of 1899-2101 (century and 400-year leap rules), and the
        // years at both ends.
        for year in (1899..=2101).chain([0, 1, 399, 400, 1600, 9999]) {
            for month in 0..=13 {
                for day in [0, 1, 28, 29, 30, 31, 32] {
                    let t = format!("{year:04}-{month:02}-{day:02}T23:59:59Z");
                    assert_eq!(canonical_instant(&t).or(chrono(&t)), chrono(&t), "{t}");
                    assert_eq!(canonical_instant(&t).is_some(), chrono(&t).is_some(), "{t}");
                }
            }
        }
        for t in [
            "2026-12-31T23:59:60Z",
            "2025-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-03-02T24:00:00Z",
            "2026-03-02t09:00:00Z",
            "2026-03-02T09:00:00.5Z",
            "2026-03-02T09:00:00+00:00",
            "+026-03-02T09:00:00Z",
        ] {
            assert_eq!(canonical_instant(t), None, "{t}");
        }
        assert_eq!(
            parse_instant("at", "2026-12-31T23:59:60Z").ok(),
            chrono("2026-12-31T23:59:60Z")
        );
    }

    #[test]
    fn whole_milliseconds_convert_exactly() {
        // 2099-12-31T23:59:59.999Z: ms * 1e6 is not exact in f64 (the odd part exceeds 2^53),
        // the split conversion is.
        assert_eq!(
            ms_to_ns(4_102_444_799_999.0),
            Ok(Some(4_102_444_799_999_000_000))
        );
        assert_eq!(
            ms_to_ns(-2_208_988_800_000.0),
            Ok(Some(-2_208_988_800_000_000_000))
        );
        assert_eq!(ms_to_ns(0.5), Ok(Some(500_000)));
        assert_eq!(ms_to_ns(-0.25), Ok(Some(-250_000)));
        assert_eq!(ms_to_ns(f64::NAN), Ok(None));
        // The last supported instant is accepted, one millisecond later is not.
        assert_eq!(
            ms_to_ns(4_102_444_800_000.0),
            Ok(Some(4_102_444_800_000_000_000))
        );
        for bad in [
            4_102_444_800_001.0,
            -2_208_988_800_001.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(
                ms_to_ns(bad).map_err(|e| e.code()),
                Err("out_of_range"),
                "{bad}"
            );
        }
        assert_eq!(ns_to_ms(-500_000), -0.5);
        assert_eq!(ns_to_ms(1_500_000), 1.5);
        assert_eq!(ns_to_ms(4_102_444_799_999_000_000), 4_102_444_799_999.0);
    }

    #[test]
    fn columns_agree_with_the_instant_batch() {
        let cal = BusinessCalendar::from_json(
            r#"{"timezone":"Europe/Berlin","week":{"mon":[["09:00","17:00"]],"sun":[["01:00","04:00"]]}}"#,
        )
        .expect("valid input");
        let h = 3_600_000.0;
        // 2026-03-29 is the Sunday of the spring gap in Berlin: 02:00-03:00 does not exist, the
        // Sunday shift 01:00 CET - 04:00 CEST is 00:00Z-02:00Z = 2 h.
        let sunday = 1_774_742_400_000.0; // 2026-03-29T00:00:00Z
        let starts = [sunday, sunday + h, f64::NAN, sunday, f64::INFINITY];
        let ends = [
            sunday + 24.0 * h,
            sunday + 1.5 * h,
            sunday,
            sunday - 1.0,
            f64::NAN,
        ];
        let out = cal
            .business_seconds_epoch_ms(&starts, &ends)
            .expect("valid input");
        assert_eq!(
            some(&out.values),
            [Some(7200.0), Some(1800.0), None, None, None]
        );
        let codes: Vec<(usize, &str)> =
            out.errors.iter().map(|e| (e.row, e.error.code())).collect();
        assert_eq!(codes, [(3, "end_before_start"), (4, "out_of_range")]);
        // The same rows through the DateTime batch (the bad ones left out).
        let t = |ms: f64| {
            (!ms.is_nan())
                .then(|| DateTime::from_timestamp_millis(ms as i64))
                .flatten()
        };
        let by_instant = cal
            .business_seconds_batch(
                &starts[..3].iter().map(|&m| t(m)).collect::<Vec<_>>(),
                &ends[..3].iter().map(|&m| t(m)).collect::<Vec<_>>(),
            )
            .expect("valid input");
        assert_eq!(by_instant.values, some(&out.values[..3]));
    }

    #[test]
    fn deadlines_as_epoch_ms() {
        let cal =
            BusinessCalendar::from_json(r#"{"timezone":"UTC","week":{"mon":[["09:00","17:00"]]}}"#)
                .expect("valid input");
        let monday_9 = 1_772_442_000_000.0; // 2026-03-02T09:00:00Z
        let out = cal
            .add_business_seconds_epoch_ms(
                &[monday_9, f64::NAN, monday_9, monday_9, monday_9 + 0.5],
                &[0.25, 60.0, f64::NAN, f64::INFINITY, 1.0],
            )
            .expect("valid input");
        // 09:00:00.000 + 0.25 s; 09:00:00.0005 + 1 s = 09:00:01.0005.
        assert_eq!(
            some(&out.values),
            [
                Some(monday_9 + 250.0),
                None,
                None,
                None,
                Some(monday_9 + 1000.5)
            ]
        );
        assert_eq!(out.errors.len(), 1);
        assert_eq!(
            (out.errors[0].row, out.errors[0].error.code()),
            (3, "invalid_duration")
        );
        let mismatch = cal
            .add_business_seconds_epoch_ms(&[monday_9], &[])
            .expect_err("columns of different lengths");
        assert_eq!(mismatch.code(), "length_mismatch");
        let mismatch = cal
            .business_seconds_epoch_ms(&[], &[monday_9])
            .expect_err("columns of different lengths");
        assert_eq!(mismatch.code(), "length_mismatch");
    }
}
