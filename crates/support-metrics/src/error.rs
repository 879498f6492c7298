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
    /// A confidence level outside (0, 1).
    #[error(
        "invalid confidence level {value}: use a number strictly between 0 and 1, such as 0.95"
    )]
    InvalidLevel {
        /// The level given.
        value: String,
    },
    /// A count larger than the total it is a part of (5 successes out of 4).
    #[error("count {count} exceeds its total {total}: a numerator cannot exceed its denominator")]
    CountExceedsTotal {
        /// The count given.
        count: u64,
        /// The total given.
        total: u64,
    },
    /// A statistical argument outside its domain (a quantile of 1.5, moments holding NaN).
    #[error("invalid {name} {value}: expected {expected}")]
    InvalidArgument {
        /// The argument's name.
        name: &'static str,
        /// The value given.
        value: String,
        /// What is allowed.
        expected: &'static str,
    },
    /// A score outside its scale (a 6 on a 1–5 CSAT scale, an 11 for NPS).
    #[error("score {score} is outside the {what} scale {min} to {max}: check the scale option or the data")]
    ScoreOutOfScale {
        /// The score given.
        score: String,
        /// Which scale (`csat`, `nps`, `ces`, `csi`, a criterion).
        what: String,
        /// The scale's lowest value.
        min: i64,
        /// The scale's highest value.
        max: i64,
    },
    /// A fractional score on a scale of whole points (3.5 on a 1–5 scale).
    #[error("score {score} is not a whole number: the {what} scale has whole points only")]
    NonIntegerScore {
        /// The score given.
        score: String,
        /// Which scale.
        what: String,
    },
    /// A score that is NaN or infinite, or not a number at all.
    #[error("invalid score `{value}`: a score must be a finite number")]
    InvalidScore {
        /// The value given.
        value: String,
    },
    /// A weight or importance that is zero, negative or not finite.
    #[error("invalid weight {value} for `{name}`: weights must be finite and greater than 0")]
    InvalidWeight {
        /// What the weight belongs to.
        name: String,
        /// The value given.
        value: String,
    },
    /// A QA review in which every criterion was marked not applicable: it has no score.
    #[error("review `{review}` rates every criterion N/A: it has no score (drop it or rate at least one criterion)")]
    AllNotApplicable {
        /// The review's id.
        review: String,
    },
    /// A definition, kind or option name that is not known (a CSAT definition, a survey kind).
    #[error("unknown {what} `{name}`: use one of {expected}")]
    UnknownDefinition {
        /// What kind of name it is.
        what: &'static str,
        /// The name given.
        name: String,
        /// The names that are allowed.
        expected: &'static str,
    },
    /// A rating scale that is not a range of at least two points, or a threshold outside it.
    #[error("invalid scale: {reason}")]
    InvalidScale {
        /// What is wrong.
        reason: String,
    },
    /// A rate, a count of calls or an offered load that is negative, NaN or infinite.
    #[error("invalid {name} {value}: it must be a finite number, zero or more")]
    InvalidRate {
        /// Which argument (`traffic_erlangs`, `calls`, `agents`, ...).
        name: &'static str,
        /// The value given.
        value: String,
    },
    /// A target service level outside the open interval (0, 1).
    #[error(
        "invalid target service level {value}: it must lie strictly between 0 and 1 \
         (write 0.8 for 80%)"
    )]
    InvalidTarget {
        /// The value given.
        value: String,
    },
    /// No number of agents up to the stated maximum meets the staffing target.
    #[error("offered load of {traffic} Erlangs cannot be served by at most {max_agents} agents: {reason}")]
    Unstaffable {
        /// The offered load, in Erlangs.
        traffic: String,
        /// The largest number of agents allowed.
        max_agents: u32,
        /// Why: which target cannot be met, and how many agents it would take.
        reason: String,
    },
    /// A queue record that contradicts itself (answered and abandoned, say).
    #[error("record {id}: {reason}")]
    InvalidRecord {
        /// The record's id (or its zero-based position when it has none).
        id: String,
        /// What is contradictory, and how to fix it.
        reason: &'static str,
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
    /// A channel name the model does not know.
    #[error(
        "unknown channel `{value}`: use email, chat, phone, social, messenger, web_form or other"
    )]
    UnknownChannel {
        /// The text given.
        value: String,
    },
    /// A ticket status the model does not know.
    #[error("unknown status `{value}`: use new, open, pending, on_hold, solved or closed")]
    UnknownStatus {
        /// The text given.
        value: String,
    },
    /// A field value of the wrong shape: a count that is not a whole number, a flag that is
    /// not a boolean, an unknown event type.
    #[error("{field}: invalid value `{value}`: expected {expected}")]
    InvalidValue {
        /// The field or column.
        field: String,
        /// The text given.
        value: String,
        /// What belongs there.
        expected: &'static str,
    },
    /// An event timeline that is not in time order.
    #[error(
        "interaction `{id}`: event {index} at {at} is earlier than the event before it at \
         {previous}: sort the events by time"
    )]
    EventsOutOfOrder {
        /// The interaction.
        id: String,
        /// The 0-based index of the offending event.
        index: usize,
        /// Its instant, RFC 3339.
        at: String,
        /// The previous event's instant, RFC 3339.
        previous: String,
    },
    /// An event (a reply, a resolution) dated before the interaction was created.
    #[error(
        "interaction `{id}`: {what} at {at} is before the creation at {created_at}: \
         check the time zone offsets of both"
    )]
    EventBeforeCreation {
        /// The interaction.
        id: String,
        /// Which event or field (`event 2 (agent_reply)`, `first_response_at`).
        what: String,
        /// Its instant, RFC 3339.
        at: String,
        /// The creation instant, RFC 3339.
        created_at: String,
    },
    /// A status change the status model forbids (anything after `closed`, a return to `new`).
    #[error("interaction `{id}`: event {index}: {reason}")]
    InvalidTransition {
        /// The interaction.
        id: String,
        /// The 0-based index of the offending event.
        index: usize,
        /// Why it is impossible.
        reason: &'static str,
    },
    /// An event-log activity that the event mapping does not name (and the mapping does not
    /// say `"unknown_activities": "ignore"`).
    #[error(
        "unknown activity `{activity}`: map it in the event mapping's `activities` (to an event \
         type, `create` or `ignore`), or set `unknown_activities` to `ignore`"
    )]
    UnknownActivity {
        /// The activity as the log writes it.
        activity: String,
    },
    /// Two interactions share an id.
    #[error("duplicate interaction id `{id}`: ids must be unique within a batch")]
    DuplicateId {
        /// The repeated id.
        id: String,
    },
    /// An SLA policy document that is well-formed JSON but inconsistent.
    #[error("{path}: {reason}")]
    InvalidSlaPolicy {
        /// Where in the document, like `policies[0].targets[1]`.
        path: String,
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// Bytes that are not a readable state (see [`crate::state`]): foreign, damaged or cut.
    #[error("invalid state: {reason}")]
    InvalidState {
        /// What is wrong with the bytes.
        reason: String,
    },
    /// A state written by a format version this library does not read.
    #[error("state format version {found} cannot be read here: this version reads {oldest} to {newest}; compute the states and merge them with one version of the library")]
    StateVersion {
        /// The version in the state.
        found: u16,
        /// The oldest version read.
        oldest: u16,
        /// The newest version read (the one written).
        newest: u16,
    },
    /// States that cannot be merged or finished together: other kinds, or computed under
    /// other definitions (calendar, policies, options).
    #[error("states do not match: {reason}")]
    StateMismatch {
        /// Which part differs.
        reason: String,
    },
    /// An operation name that [`crate::api::call`] does not know.
    #[error("unknown operation `{name}`: see the list of operations (`api::OPS`)")]
    UnknownOperation {
        /// The name given (at most 80 characters of it).
        name: String,
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
            Error::InvalidLevel { .. } => "invalid_level",
            Error::CountExceedsTotal { .. } => "count_exceeds_total",
            Error::InvalidArgument { .. } => "invalid_argument",
            Error::ScoreOutOfScale { .. } => "score_out_of_scale",
            Error::NonIntegerScore { .. } => "non_integer_score",
            Error::InvalidScore { .. } => "invalid_score",
            Error::InvalidWeight { .. } => "invalid_weight",
            Error::AllNotApplicable { .. } => "all_not_applicable",
            Error::UnknownDefinition { .. } => "unknown_definition",
            Error::InvalidScale { .. } => "invalid_scale",
            Error::InvalidRate { .. } => "invalid_rate",
            Error::InvalidTarget { .. } => "invalid_target",
            Error::Unstaffable { .. } => "unstaffable",
            Error::InvalidRecord { .. } => "invalid_record",
            Error::InvalidTimestamp { .. } => "invalid_timestamp",
            Error::UnknownChannel { .. } => "unknown_channel",
            Error::UnknownStatus { .. } => "unknown_status",
            Error::InvalidValue { .. } => "invalid_value",
            Error::UnknownActivity { .. } => "unknown_activity",
            Error::EventsOutOfOrder { .. } => "events_out_of_order",
            Error::EventBeforeCreation { .. } => "event_before_creation",
            Error::InvalidTransition { .. } => "invalid_transition",
            Error::DuplicateId { .. } => "duplicate_id",
            Error::InvalidSlaPolicy { .. } => "invalid_sla_policy",
            Error::InvalidState { .. } => "invalid_state",
            Error::StateVersion { .. } => "state_version",
            Error::StateMismatch { .. } => "state_mismatch",
            Error::UnknownOperation { .. } => "unknown_operation",
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
            | Error::InvalidTimestamp { .. }
            | Error::UnknownChannel { .. }
            | Error::UnknownStatus { .. }
            | Error::InvalidValue { .. }
            | Error::UnknownActivity { .. }
            | Error::InvalidState { .. }
            | Error::StateVersion { .. } => "format",
            Error::UnknownTimeZone { .. }
            | Error::UnknownWeekday { .. }
            | Error::InvalidTime { .. }
            | Error::EmptyInterval { .. }
            | Error::InvalidDate { .. }
            | Error::NoWorkingTime { .. } => "calendar",
            Error::OutOfRange { .. }
            | Error::EndBeforeStart { .. }
            | Error::InvalidDuration { .. }
            | Error::LengthMismatch { .. }
            | Error::InvalidLevel { .. }
            | Error::CountExceedsTotal { .. }
            | Error::InvalidArgument { .. }
            | Error::ScoreOutOfScale { .. }
            | Error::NonIntegerScore { .. }
            | Error::InvalidScore { .. }
            | Error::InvalidWeight { .. }
            | Error::AllNotApplicable { .. }
            | Error::UnknownDefinition { .. }
            | Error::InvalidScale { .. }
            | Error::InvalidRate { .. }
            | Error::InvalidTarget { .. }
            | Error::Unstaffable { .. }
            | Error::InvalidRecord { .. }
            | Error::EventsOutOfOrder { .. }
            | Error::EventBeforeCreation { .. }
            | Error::InvalidTransition { .. }
            | Error::DuplicateId { .. }
            | Error::InvalidSlaPolicy { .. }
            | Error::StateMismatch { .. }
            | Error::UnknownOperation { .. } => "value",
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
        "invalid_level",
        "count_exceeds_total",
        "invalid_argument",
        "score_out_of_scale",
        "non_integer_score",
        "invalid_score",
        "invalid_weight",
        "all_not_applicable",
        "unknown_definition",
        "invalid_scale",
        "invalid_rate",
        "invalid_target",
        "unstaffable",
        "invalid_record",
        "invalid_timestamp",
        "unknown_channel",
        "unknown_status",
        "invalid_value",
        "unknown_activity",
        "events_out_of_order",
        "event_before_creation",
        "invalid_transition",
        "duplicate_id",
        "invalid_sla_policy",
        "invalid_state",
        "state_version",
        "state_mismatch",
        "unknown_operation",
    ];
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
