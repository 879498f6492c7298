//! A bounded-memory quantile sketch with a relative-error guarantee (the DDSketch idea of
//! Masson, Rim and Lee, VLDB 2019: logarithmic buckets).
//!
//! A value `x >= 1e-9` goes to bucket `i = ceil(ln x / ln γ)` with `γ = (1 + α) / (1 - α)`
//! and `α = 0.01`; bucket `i` holds `(γ^(i-1), γ^i]` and answers with `2 γ^i / (γ + 1)`,
//! which is within `α` of every value in it. Values below `1e-9` (zero durations) are counted
//! apart and answer `0`. So for the rank `k = ⌊q (n - 1)⌋` the answer `y` satisfies
//! `|y - x_(k)| <= 0.01 x_(k)`, where `x_(k)` is the `k`-th smallest value (0-based) — the
//! *lower* order statistic, not numpy's interpolation between two of them.
//!
//! Memory: one counter per occupied bucket; durations from 1 ns to 200 years occupy at most
//! about 2,200 buckets, whatever the number of values. Merging adds bucket counts, so any
//! split merged equals the whole exactly.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The relative accuracy of [`QuantileSketch`].
pub const SKETCH_RELATIVE_ACCURACY: f64 = 0.01;

const MIN_POSITIVE: f64 = 1e-9;

fn ln_gamma() -> f64 {
    let a = SKETCH_RELATIVE_ACCURACY;
    ((1.0 + a) / (1.0 - a)).ln()
}

/// A mergeable quantile sketch of non-negative values with 1% relative error.
///
/// ```
/// use support_metrics::metrics::QuantileSketch;
/// let mut s = QuantileSketch::default();
/// for x in 1..=1000 { s.push(f64::from(x))?; }
/// let p90 = s.quantile(0.9).unwrap(); // exact lower order statistic: x_(899) = 900
/// assert!((p90 - 900.0).abs() <= 0.01 * 900.0);
/// assert_eq!(QuantileSketch::default().quantile(0.5), None);
/// # Ok::<(), support_metrics::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuantileSketch {
    /// Values below 1e-9.
    pub zeros: u64,
    /// Bucket index to count.
    pub buckets: BTreeMap<i32, u64>,
}

impl QuantileSketch {
    /// Adds a value; errors (`invalid_duration`) when it is negative, NaN or infinite.
    pub fn push(&mut self, x: f64) -> Result<()> {
        if !(x.is_finite() && x >= 0.0) {
            return Err(Error::InvalidDuration {
                value: x.to_string(),
            });
        }
        self.push_valid(x);
        Ok(())
    }

    pub(crate) fn push_valid(&mut self, x: f64) {
        if x < MIN_POSITIVE {
            self.zeros += 1;
        } else {
            let i = (x.ln() / ln_gamma()).ceil() as i32;
            *self.buckets.entry(i).or_default() += 1;
        }
    }

    /// Adds another sketch's counts.
    pub fn merge(&mut self, other: &QuantileSketch) {
        self.zeros += other.zeros;
        for (&i, &n) in &other.buckets {
            *self.buckets.entry(i).or_default() += n;
        }
    }

    /// Number of values.
    #[must_use]
    pub fn count(&self) -> u64 {
        self.zeros + self.buckets.values().sum::<u64>()
    }

    /// The estimate of the `q`-quantile (lower order statistic, see the module docs); `None`
    /// when empty or `q` is outside `[0, 1]`.
    #[must_use]
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let n = self.count();
        if n == 0 || !(0.0..=1.0).contains(&q) {
            return None;
        }
        let k = ((n - 1) as f64 * q).floor() as u64;
        if k < self.zeros {
            return Some(0.0);
        }
        let mut seen = self.zeros;
        let g = ln_gamma().exp();
        for (&i, &c) in &self.buckets {
            seen += c;
            if k < seen {
                return Some(2.0 * (f64::from(i) * ln_gamma()).exp() / (g + 1.0));
            }
        }
        None
    }
}
