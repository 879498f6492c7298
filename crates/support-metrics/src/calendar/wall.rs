//! Local wall-clock times and intervals, before any time zone is applied.

use std::fmt;

use crate::error::{Error, Result};

/// Seconds in a civil day; the value of `"24:00"`.
pub const SECONDS_PER_DAY: u32 = 86_400;

/// A local wall-clock time of day, `00:00` to `24:00`, to the second.
///
/// `24:00` exists only as the end of an interval: it is the next day's midnight, so that a whole
/// day can be written `["00:00", "24:00"]` without an off-by-one-second `23:59:59`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WallTime(u32);

impl WallTime {
    /// Midnight at the start of the day.
    pub const MIDNIGHT: WallTime = WallTime(0);
    /// `24:00`, the end of the day (valid only as an interval end).
    pub const END_OF_DAY: WallTime = WallTime(SECONDS_PER_DAY);

    /// A time from hours, minutes and seconds; `24:00:00` is allowed (as an end of day).
    ///
    /// ```
    /// use support_metrics::calendar::WallTime;
    /// assert_eq!(WallTime::hms(9, 30, 0)?.seconds(), 34_200);
    /// assert!(WallTime::hms(24, 30, 0).is_err());
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn hms(hour: u32, minute: u32, second: u32) -> Result<WallTime> {
        let text = format!("{hour:02}:{minute:02}:{second:02}");
        validate(hour, minute, second, &text, "")
    }

    /// A time from seconds since local midnight, `0..=86_400`.
    pub fn from_seconds(seconds: u32) -> Result<WallTime> {
        if seconds > SECONDS_PER_DAY {
            return Err(Error::InvalidTime {
                path: String::new(),
                value: seconds.to_string(),
                reason: "seconds since midnight must be 0 to 86400",
            });
        }
        Ok(WallTime(seconds))
    }

    /// Parses `HH:MM` or `HH:MM:SS` (two digits each). `path` names the place in the
    /// document for the error message.
    pub fn parse(text: &str, path: &str) -> Result<WallTime> {
        let bad = |reason| Error::InvalidTime {
            path: path.to_string(),
            value: text.to_string(),
            reason,
        };
        let b = text.as_bytes();
        let two = |i: usize| -> Option<u32> {
            let (h, l) = (*b.get(i)?, *b.get(i + 1)?);
            (h.is_ascii_digit() && l.is_ascii_digit())
                .then(|| u32::from((h - b'0') * 10 + (l - b'0')))
        };
        let shape_ok = (b.len() == 5 || (b.len() == 8 && b[5] == b':')) && b[2] == b':';
        if !shape_ok {
            return Err(bad("expected HH:MM or HH:MM:SS"));
        }
        let (Some(h), Some(m)) = (two(0), two(3)) else {
            return Err(bad("expected HH:MM or HH:MM:SS"));
        };
        let s = if b.len() == 8 {
            two(6).ok_or_else(|| bad("expected HH:MM or HH:MM:SS"))?
        } else {
            0
        };
        validate(h, m, s, text, path)
    }

    /// Seconds since local midnight (`86_400` for `24:00`).
    #[must_use]
    pub fn seconds(self) -> u32 {
        self.0
    }
}

fn validate(h: u32, m: u32, s: u32, text: &str, path: &str) -> Result<WallTime> {
    let bad = |reason| {
        Err(Error::InvalidTime {
            path: path.to_string(),
            value: text.to_string(),
            reason,
        })
    };
    if h == 24 {
        if m != 0 || s != 0 {
            return bad("24:00 is the only time allowed after 23:59:59");
        }
    } else if h > 24 {
        return bad("hour must be 00 to 24");
    }
    if m > 59 {
        return bad("minute must be 00 to 59");
    }
    if s > 59 {
        return bad("second must be 00 to 59");
    }
    Ok(WallTime(h * 3600 + m * 60 + s))
}

impl fmt::Display for WallTime {
    /// `HH:MM`, or `HH:MM:SS` when the seconds are not zero: the form the JSON uses.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = (self.0 / 3600, self.0 / 60 % 60, self.0 % 60);
        if s == 0 {
            write!(f, "{h:02}:{m:02}")
        } else {
            write!(f, "{h:02}:{m:02}:{s:02}")
        }
    }
}

/// A local wall-clock interval `[start, end)` of one day's schedule.
///
/// When `end < start` the interval is an overnight shift: it runs past midnight into the next
/// day and belongs to the day it starts on (so a holiday the next morning does not cut it).
/// `start == end` is rejected: write a whole day as `00:00`–`24:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WallInterval {
    start: WallTime,
    end: WallTime,
}

impl WallInterval {
    /// An interval from two times. Errors if `start` is `24:00` or equals `end`.
    ///
    /// ```
    /// use support_metrics::calendar::{WallInterval, WallTime};
    /// let night = WallInterval::new(WallTime::hms(22, 0, 0)?, WallTime::hms(6, 0, 0)?)?;
    /// assert!(night.is_overnight());
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn new(start: WallTime, end: WallTime) -> Result<WallInterval> {
        Self::checked(start, end, "")
    }

    /// Parses two `HH:MM[:SS]` strings, such as `("09:00", "17:30")`.
    ///
    /// ```
    /// use support_metrics::calendar::WallInterval;
    /// let morning = WallInterval::parse("09:00", "13:00")?;
    /// assert_eq!(morning.to_string(), "09:00-13:00");
    /// assert_eq!(WallInterval::parse("10:00", "10:00").unwrap_err().code(), "empty_interval");
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn parse(start: &str, end: &str) -> Result<WallInterval> {
        Self::parse_at(start, end, "")
    }

    pub(crate) fn parse_at(start: &str, end: &str, path: &str) -> Result<WallInterval> {
        let s = WallTime::parse(start, &format!("{path}[0]"))?;
        let e = WallTime::parse(end, &format!("{path}[1]"))?;
        Self::checked(s, e, path)
    }

    fn checked(start: WallTime, end: WallTime, path: &str) -> Result<WallInterval> {
        if start == WallTime::END_OF_DAY {
            return Err(Error::InvalidTime {
                path: path.to_string(),
                value: start.to_string(),
                reason: "24:00 can only end an interval; start the next day at 00:00",
            });
        }
        if start == end {
            return Err(Error::EmptyInterval {
                path: path.to_string(),
                start: start.to_string(),
                end: end.to_string(),
            });
        }
        Ok(WallInterval { start, end })
    }

    /// The whole day, `00:00`–`24:00`.
    pub const WHOLE_DAY: WallInterval = WallInterval {
        start: WallTime::MIDNIGHT,
        end: WallTime::END_OF_DAY,
    };

    /// The start time.
    #[must_use]
    pub fn start(self) -> WallTime {
        self.start
    }

    /// The end time (on the next day when [`is_overnight`](Self::is_overnight)).
    #[must_use]
    pub fn end(self) -> WallTime {
        self.end
    }

    /// True when the interval runs past midnight into the next day.
    #[must_use]
    pub fn is_overnight(self) -> bool {
        self.end < self.start
    }
}

impl fmt::Display for WallInterval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(WallTime::parse("00:00", "").map(WallTime::seconds), Ok(0));
        assert_eq!(
            WallTime::parse("23:59:59", "").map(WallTime::seconds),
            Ok(86_399)
        );
        assert_eq!(
            WallTime::parse("24:00", "").map(WallTime::seconds),
            Ok(86_400)
        );
        assert_eq!(
            WallTime::parse("24:00:00", "").map(WallTime::seconds),
            Ok(86_400)
        );
        for bad in [
            "25:00",
            "24:30",
            "24:00:01",
            "9:00",
            "09:60",
            "09:00:60",
            "",
            "ab:cd",
            "09:00:",
            "0900",
            "09-00",
            "+9:00",
            "09:00:00:00",
            "٠٩:٠٠",
        ] {
            let err = WallTime::parse(bad, "week.mon[0][0]").unwrap_err();
            assert_eq!(err.code(), "invalid_time", "{bad}");
            assert!(err.to_string().contains(bad), "{err}");
        }
    }

    #[test]
    fn intervals() {
        assert!(WallInterval::parse("22:00", "06:00")
            .unwrap()
            .is_overnight());
        assert!(!WallInterval::parse("00:00", "24:00")
            .unwrap()
            .is_overnight());
        assert!(WallInterval::parse("22:00", "00:00")
            .unwrap()
            .is_overnight());
        assert_eq!(
            WallInterval::parse("24:00", "06:00").unwrap_err().code(),
            "invalid_time"
        );
        assert_eq!(
            WallInterval::parse("09:00", "09:00").unwrap_err().code(),
            "empty_interval"
        );
        assert_eq!(
            WallInterval::parse("09:00:30", "17:00")
                .unwrap()
                .to_string(),
            "09:00:30-17:00"
        );
    }
}
