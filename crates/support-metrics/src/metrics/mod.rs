//! The ticket-metric catalogue: mergeable accumulators and the functions built on them.
//! Definitions: `docs/metrics.md`, section "Tickets".
//!
//! Every aggregate goes through an accumulator with `push` / `merge` / `finish` that
//! serializes with serde, so threads, files or machines can each accumulate a part and merge
//! to exactly the single-pass result.

mod sketch;
pub mod tickets;

pub use sketch::{QuantileSketch, SKETCH_RELATIVE_ACCURACY};
pub use tickets::*;

use serde::{Deserialize, Serialize};

use crate::stats::Summary;

/// How duration quantiles are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum QuantileMode {
    /// Keep every value; percentiles by numpy's linear interpolation.
    #[default]
    Exact,
    /// Bounded memory: [`QuantileSketch`] (1% relative error on the lower order statistic);
    /// count, mean, min and max stay exact.
    Sketch,
}

/// Count, mean and percentiles of durations, with the number excluded as undefined
/// (unanswered, unresolved).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DurationStats {
    /// Values summarised.
    pub count: u64,
    /// Interactions or cycles left out because the duration is undefined for them.
    pub excluded: u64,
    /// `None` when `count == 0`.
    pub summary: Option<Summary>,
    /// Percentiles are exact (`false`: from the sketch).
    pub exact: bool,
}

/// Accumulates durations in seconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DurationAccumulator {
    /// Exact or sketch.
    pub mode: QuantileMode,
    /// The values (exact mode).
    pub values: Vec<f64>,
    /// The sketch (sketch mode).
    pub sketch: QuantileSketch,
    /// Sum in whole nanoseconds (sketch mode), so the mean merges exactly.
    pub sum_nanos: i128,
    /// Smallest value (sketch mode).
    pub min: Option<f64>,
    /// Largest value (sketch mode).
    pub max: Option<f64>,
    /// Values excluded as undefined.
    pub excluded: u64,
}

impl DurationAccumulator {
    /// An empty accumulator.
    #[must_use]
    pub fn new(mode: QuantileMode) -> Self {
        DurationAccumulator {
            mode,
            ..Default::default()
        }
    }

    /// Adds a duration (seconds, finite, `>= 0`), or counts an exclusion for `None`.
    ///
    /// Inlined: a report pushes three durations per interaction into every accumulator the
    /// interaction counts in (the total and each breakdown's group); the sketch's path is not.
    #[inline]
    pub fn push(&mut self, seconds: Option<f64>) {
        match seconds.filter(|x| x.is_finite() && *x >= 0.0) {
            None => self.excluded += 1,
            Some(x) if self.mode == QuantileMode::Exact => self.values.push(x),
            Some(x) => self.push_to_sketch(x),
        }
    }

    #[inline(never)]
    fn push_to_sketch(&mut self, x: f64) {
        self.sketch.push_valid(x);
        self.sum_nanos += (x * 1e9).round() as i128;
        self.min = Some(self.min.map_or(x, |m| m.min(x)));
        self.max = Some(self.max.map_or(x, |m| m.max(x)));
    }

    /// Adds another accumulator. When either side is in sketch mode the result is too (the
    /// exact values are moved into the sketch).
    pub fn merge(&mut self, other: &DurationAccumulator) {
        self.excluded += other.excluded;
        if self.mode == QuantileMode::Exact && other.mode == QuantileMode::Exact {
            self.values.extend_from_slice(&other.values);
            return;
        }
        self.make_sketch();
        let mut other = other.clone();
        other.make_sketch();
        self.sketch.merge(&other.sketch);
        self.sum_nanos += other.sum_nanos;
        if let Some(m) = other.min {
            self.min = Some(self.min.map_or(m, |x| x.min(m)));
        }
        if let Some(m) = other.max {
            self.max = Some(self.max.map_or(m, |x| x.max(m)));
        }
    }

    fn make_sketch(&mut self) {
        if self.mode == QuantileMode::Exact {
            self.mode = QuantileMode::Sketch;
            let excluded = self.excluded;
            for x in std::mem::take(&mut self.values) {
                self.push(Some(x));
            }
            self.excluded = excluded;
        }
    }

    /// The summary.
    #[must_use]
    pub fn finish(&self) -> DurationStats {
        match self.mode {
            QuantileMode::Exact => {
                // Values a caller already sorted (the report sorts them once for its intervals)
                // are summarised as they are; a check is one pass, a sort a copy and several.
                let sorted = self
                    .values
                    .windows(2)
                    .all(|w| w[0].total_cmp(&w[1]).is_le());
                let copy;
                let v: &[f64] = if sorted {
                    &self.values
                } else {
                    copy = crate::stats::sorted_total(&self.values);
                    &copy
                };
                DurationStats {
                    count: v.len() as u64,
                    excluded: self.excluded,
                    summary: Summary::of_sorted(v),
                    exact: true,
                }
            }
            QuantileMode::Sketch => {
                let n = self.sketch.count();
                let q = |p| self.sketch.quantile(p);
                let summary = (|| {
                    Some(Summary {
                        count: n,
                        mean: (self.sum_nanos as f64 / 1e9) / n as f64,
                        min: self.min?,
                        median: q(0.5)?,
                        p75: q(0.75)?,
                        p90: q(0.9)?,
                        p95: q(0.95)?,
                        max: self.max?,
                    })
                })()
                .filter(|_| n > 0);
                DurationStats {
                    count: n,
                    excluded: self.excluded,
                    summary,
                    exact: false,
                }
            }
        }
    }
}

/// Numerator and denominator of a proportion, mergeable by addition.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Cases that have the property.
    pub numerator: u64,
    /// Cases eligible.
    pub denominator: u64,
}

impl Counts {
    /// Counts one eligible case.
    pub fn push(&mut self, hit: bool) {
        self.denominator += 1;
        self.numerator += u64::from(hit);
    }

    /// Adds another's counts.
    pub fn merge(&mut self, other: &Counts) {
        self.numerator += other.numerator;
        self.denominator += other.denominator;
    }
}
