//! Business calendars: the fast path against the reference, the laws, the edge cases.

mod edges;
mod errors;
mod laws;
mod oracle;
mod raw;

use chrono::{DateTime, Utc};
use proptest::test_runner::Config;
use support_metrics::calendar::CalendarSpec;
use support_metrics::BusinessCalendar;

/// A calendar from a generated spec (generated dates are always in range).
pub fn cal(spec: &CalendarSpec) -> BusinessCalendar {
    BusinessCalendar::new(spec.clone()).expect("generated specs are valid")
}

/// An RFC 3339 instant.
pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("bad RFC 3339 `{text}`: {e}"))
        .with_timezone(&Utc)
}

/// proptest settings: fewer cases in debug builds, more with `--release`; `PROPTEST_CASES`
/// still overrides. No regression files are written: failures found are pinned as unit tests.
pub fn config(debug_cases: u32, release_cases: u32) -> Config {
    let cases = if cfg!(debug_assertions) {
        debug_cases
    } else {
        release_cases
    };
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(cases),
        failure_persistence: None,
        ..Config::default()
    }
}
