//! The one integration-test binary of `support-metrics` (compiled once, runs everything).
//!
//! - `calendar`: the business-calendar engine against the naive oracle of
//!   `support-metrics-testkit`, its algebraic laws, and hand-checked edge cases;
//! - `contact_centre`: queue and agent-state KPIs against hand-derived vectors, merge laws;
//! - `csv`: the shared CSV reader's vectors;
//! - `stats`: intervals, tests and distributions against scipy/statsmodels vectors;
//! - `erlang`: Erlang B, C and A staffing against generated vectors, a naive reference and laws;
//! - `vectors`: the golden vectors in `tests/vectors/`, shared with the Python and JS suites.

#![allow(clippy::unwrap_used)]

mod calendar;
mod contact_centre;
mod csv;
mod erlang;
mod stats;
mod vectors;
