//! The one criterion harness of the workspace, a module per area.
//!
//! Every bench computes its expected result once, outside the timed loop, and asserts inside
//! `b.iter` that the timed code produced it again, so a bench can never measure a broken or
//! optimized-away computation. See `benches/README.md` for how to run it.

#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main};

mod calendar;
mod report;
mod rng;
mod staffing;

mod tickets;

criterion_group!(
    benches,
    calendar::define,
    staffing::define,
    tickets::define,
    report::define
);
criterion_main!(benches);
