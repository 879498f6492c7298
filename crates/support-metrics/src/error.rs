//! The one error type of the crate.
//!
//! Every variant has a stable [`Error::code`] (the string the Python and JS bindings expose as
//! `.code`) and a message that names the offending value and, where it helps, how to fix it.
//! Codes never change once released; messages may be improved.

/// What went wrong, with enough context to fix the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is not valid JSON.
    #[error("invalid JSON: {message}")]
    InvalidJson {
        /// The parser's message, with line and column.
        message: String,
    },
    /// A JSON value has the wrong type (a number where a string belongs, say).
    #[error("{path}: expected {expected}, found {found}")]
    InvalidType {
        /// Where in the document, like `week.mon[0]`.
        path: String,
        /// What belongs there.
        expected: &'static str,
        /// What was found.
        found: String,
    },
    /// A key the format does not know; rejected so that a typo is never silently ignored.
    #[error("{path}: unknown field `{field}` (expected one of: {expected})")]
    UnknownField {
        /// The object holding the key.
        path: String,
        /// The unknown key.
        field: String,
        /// The keys that are allowed.
        expected: &'static str,
    },
    /// A required key is missing.
    #[error("{path}: missing required field `{field}`")]
    MissingField {
        /// The object missing the key.
        path: String,
        /// The missing key.
        field: &'static str,
    },
    /// A key appears twice in one object; JSON parsers disagree on which wins, so we refuse.
    #[error("{path}: key `{key}` appears more than once")]
    DuplicateKey {
        /// The object holding the key.
        path: String,
        /// The repeated key.
        key: String,
    },
    /// Not an IANA time-zone name known to the bundled tz database.
    #[error("unknown time zone `{name}`: use an IANA name such as `Europe/Berlin` or `UTC`")]
    UnknownTimeZone {
        /// The name given.
        name: String,
    },
    /// A weekday key other than `mon`..`sun`.
    #[error("{path}: unknown weekday `{key}`: use mon, tue, wed, thu, fri, sat or sun")]
    UnknownWeekday {
        /// The object holding the key.
        path: String,
        /// The key given.
        key: String,
    },
    /// A wall-clock time that is malformed or out of range (`25:00`, `24:30`, a start of `24:00`).
    #[error("{path}: invalid wall-clock time `{value}`: {reason}")]
    InvalidTime {
        /// Where in the document.
        path: String,
        /// The text given.
        value: String,
        /// Why it is rejected.
        reason: &'static str,
    },
    /// An interval whose start equals its end.
    #[error(
        "{path}: interval [\"{start}\", \"{end}\"] is empty: start equals end \
         (a whole day is [\"00:00\", \"24:00\"])"
    )]
    EmptyInterval {
        /// Where in the document.
        path: String,
        /// The start given.
        start: String,
        /// The end given.
        end: String,
    },
    /// A date that is not a valid `YYYY-MM-DD` calendar date.
    #[error("{path}: invalid date `{value}`: expected an existing date as YYYY-MM-DD")]
    InvalidDate {
        /// Where in the document.
        path: String,
        /// The text given.
        value: String,
    },
    /// A date or instant outside the range the engine supports (see [`crate::calendar::min_instant`]
    /// and [`crate::calendar::max_instant`]).
    #[error("{what} {value} is outside the supported range {min} to {max}")]
    OutOfRange {
        /// What the value is (an instant, a date, a deadline).
        what: &'static str,
        /// The value, formatted.
        value: String,
        /// The first supported value.
        min: String,
        /// The last supported value.
        max: String,
    },
    /// An interval of time whose end lies before its start.
    #[error("end {end} is before start {start}")]
    EndBeforeStart {
        /// The start, RFC 3339.
        start: String,
        /// The end, RFC 3339.
        end: String,
    },
    /// A duration that is negative, NaN or infinite.
    #[error("invalid duration {value}: it must be a finite number of seconds, zero or more")]
    InvalidDuration {
        /// The value given.
        value: String,
    },
    /// A deadline was asked of a calendar that has no working time after the start.
    /// (`next_open` answers `None` instead: there is no next opening.)
    #[error(
        "the calendar has no working time after {after} within the supported range \
         (up to {max}): a deadline cannot be computed"
    )]
    NoWorkingTime {
        /// The instant from which working time was sought, RFC 3339.
        after: String,
        /// The end of the supported range.
        max: String,
    },
    /// CSV text that breaks the format (an unterminated quote, a stray quote, a bad header).
    #[error("CSV line {line}, column {column}: {reason}")]
    InvalidCsv {
        /// The 1-based line.
        line: u64,
        /// The 1-based column (in characters of the line, counting from the record's line start).
        column: u64,
        /// What is wrong.
        reason: &'static str,
    },
    /// A required column is missing from a CSV header.
    #[error("missing required column `{column}` (the header has: {found})")]
    MissingColumn {
        /// The column that is required.
        column: String,
        /// The header as found, comma-separated.
        found: String,
    },
    /// Two columns of one batch differ in length.
    #[error("length mismatch: `{left}` has {left_len} rows but `{right}` has {right_len}")]
    LengthMismatch {
        /// The first column's name.
        left: &'static str,
        /// Its length.
        left_len: usize,
        /// The second column's name.
        right: &'static str,
        /// Its length.
        right_len: usize,
    },
    /// An instant that is not RFC 3339 with an offset (`2026-03-02T09:30:00Z`,
    /// `2026-03-02T12:30:00+03:00`); a local time without an offset is ambiguous and refused.
    #[error(
        "{field}: invalid timestamp `{value}`: expected RFC 3339 with an offset, \
         such as 2026-03-02T09:30:00Z or 2026-03-02T12:30:00+03:00"
    )]
    InvalidTimestamp {
        /// The field or column.
        field: String,
        /// The text given.
        value: String,
    },
}

impl Error {
    /// The stable machine-readable code of this error, the same in Rust, Python and JS.
    ///
    /// ```
    /// use support_metrics::BusinessCalendar;
    /// let err = BusinessCalendar::from_json(r#"{"timezone":"Mars/Olympus"}"#).unwrap_err();
    /// assert_eq!(err.code(), "unknown_time_zone");
    /// ```
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidJson { .. } => "invalid_json",
            Error::InvalidType { .. } => "invalid_type",
            Error::UnknownField { .. } => "unknown_field",
            Error::MissingField { .. } => "missing_field",
            Error::DuplicateKey { .. } => "duplicate_key",
            Error::UnknownTimeZone { .. } => "unknown_time_zone",
            Error::UnknownWeekday { .. } => "unknown_weekday",
            Error::InvalidTime { .. } => "invalid_time",
            Error::EmptyInterval { .. } => "empty_interval",
            Error::InvalidDate { .. } => "invalid_date",
            Error::OutOfRange { .. } => "out_of_range",
            Error::EndBeforeStart { .. } => "end_before_start",
            Error::InvalidDuration { .. } => "invalid_duration",
            Error::NoWorkingTime { .. } => "no_working_time",
            Error::LengthMismatch { .. } => "length_mismatch",
            Error::InvalidCsv { .. } => "invalid_csv",
            Error::MissingColumn { .. } => "missing_column",
            Error::InvalidTimestamp { .. } => "invalid_timestamp",
        }
    }

    /// The family the error belongs to; the bindings raise one exception class per family.
    ///
    /// - `"format"`: the document is not well-formed for its format (JSON, types, fields);
    /// - `"calendar"`: a calendar definition is invalid or cannot answer;
    /// - `"value"`: an argument is out of range or inconsistent.
    #[must_use]
    pub fn family(&self) -> &'static str {
        match self {
            Error::InvalidJson { .. }
            | Error::InvalidType { .. }
            | Error::UnknownField { .. }
            | Error::MissingField { .. }
            | Error::DuplicateKey { .. }
            | Error::InvalidCsv { .. }
            | Error::MissingColumn { .. }
            | Error::InvalidTimestamp { .. } => "format",
            Error::UnknownTimeZone { .. }
            | Error::UnknownWeekday { .. }
            | Error::InvalidTime { .. }
            | Error::EmptyInterval { .. }
            | Error::InvalidDate { .. }
            | Error::NoWorkingTime { .. } => "calendar",
            Error::OutOfRange { .. }
            | Error::EndBeforeStart { .. }
            | Error::InvalidDuration { .. }
            | Error::LengthMismatch { .. } => "value",
        }
    }

    /// Every code this version can return, for bindings and documentation to check against.
    pub const CODES: &'static [&'static str] = &[
        "invalid_json",
        "invalid_type",
        "unknown_field",
        "missing_field",
        "duplicate_key",
        "unknown_time_zone",
        "unknown_weekday",
        "invalid_time",
        "empty_interval",
        "invalid_date",
        "out_of_range",
        "end_before_start",
        "invalid_duration",
        "no_working_time",
        "length_mismatch",
        "invalid_csv",
        "missing_column",
        "invalid_timestamp",
    ];
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
