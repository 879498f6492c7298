//! The one integration-test binary of `support-metrics` (compiled once, runs everything).
//!
//! - `calendar`: the business-calendar engine against the naive oracle of
//!   `support-metrics-testkit`, its algebraic laws, and hand-checked edge cases;
//! - `contact_centre`: queue and agent-state KPIs against hand-derived vectors, merge laws;
//! - `stats`: intervals, tests and distributions against scipy/statsmodels vectors;
//! - `tickets`: interactions, measures, SLA evaluation and the ticket catalogue (hand-derived
//!   cases, laws against the calendar reference, `tests/vectors/tickets.json`);
//! - `survey`: survey metrics against hand-derived vectors, merge laws;
//! - `qa`: QA scorecards and IQS against hand-derived vectors, scoring laws;
//! - `report`: the report against the catalogue, breakdowns and `Surveys`; its laws;
//! - `kpi`: the KPI scorecard from columns against the report from the CSV texts, faults
//!   included;
//! - `state`: states as bytes (round trips, damage, versions) and partition states merging to
//!   the single-pass report;
//! - `erlang`: Erlang B, C and A staffing against generated vectors, a naive reference and laws;
//! - `vectors`: the golden vectors in `tests/vectors/`, shared with the Python and JS suites.

#![allow(clippy::unwrap_used)]

mod api;
mod calendar;
mod contact_centre;
mod erlang;
mod kpi;
mod qa;
mod report;
mod state;
mod stats;
mod survey;
mod tickets;
mod tz;
mod vectors;
