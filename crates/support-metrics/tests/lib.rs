//! The one integration-test binary of `support-metrics` (compiled once, runs everything).
//!
//! - `calendar`: the business-calendar engine against the naive oracle of
//!   `support-metrics-testkit`, its algebraic laws, and hand-checked edge cases;
//! - `csv`: the shared CSV reader's vectors;
//! - `vectors`: the golden vectors in `tests/vectors/`, shared with the Python and JS suites.

#![allow(clippy::unwrap_used)]

mod calendar;
mod csv;
mod tickets;
mod vectors;
