//! Descriptive statistics shared by every metric: exact quantiles and summaries.
//!
//! Percentiles use linear interpolation between closest ranks, numpy's default
//! (`method="linear"`, Hyndman & Fan type 7): for sorted values `x[0..n]` and `q` in `[0, 1]`,
//! `h = (n - 1) q`, and the result is `x[⌊h⌋] + (h - ⌊h⌋) (x[⌊h⌋ + 1] - x[⌊h⌋])`.
//! An empty sample has no quantile: `None`, never NaN or 0.

use serde::{Deserialize, Serialize};

/// The `q`-quantile (`0 <= q <= 1`) of values sorted ascending, by linear interpolation between
/// closest ranks (numpy's default). `None` for an empty slice or a `q` outside `[0, 1]` or NaN.
///
/// ```
/// use support_metrics::stats::quantile_sorted;
/// let x = [1.0, 2.0, 3.0, 4.0];
/// assert_eq!(quantile_sorted(&x, 0.5), Some(2.5));
/// assert_eq!(quantile_sorted(&x, 0.9), Some(3.7)); // numpy.percentile([1,2,3,4], 90) == 3.7
/// assert_eq!(quantile_sorted(&[], 0.5), None);
/// ```
#[must_use]
pub fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() || !(0.0..=1.0).contains(&q) {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let x_lo = *sorted.get(lo)?;
    match sorted.get(lo + 1) {
        Some(&x_hi) => Some(x_lo + (h - lo as f64) * (x_hi - x_lo)),
        None => Some(x_lo),
    }
}

/// Count, mean and the usual percentiles of a sample, as reported for durations.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Number of values.
    pub count: u64,
    /// Arithmetic mean.
    pub mean: f64,
    /// Smallest value.
    pub min: f64,
    /// Median (the 0.5-quantile).
    pub median: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Largest value.
    pub max: f64,
}

impl Summary {
    /// Summarises values (any order; NaN values must have been rejected by the caller).
    /// `None` for an empty sample.
    ///
    /// ```
    /// use support_metrics::stats::Summary;
    /// let s = Summary::of(&mut [4.0, 1.0, 3.0, 2.0]).unwrap();
    /// assert_eq!((s.count, s.mean, s.median, s.min, s.max), (4, 2.5, 2.5, 1.0, 4.0));
    /// assert!(Summary::of(&mut []).is_none());
    /// ```
    pub fn of(values: &mut [f64]) -> Option<Summary> {
        if values.is_empty() {
            return None;
        }
        values.sort_unstable_by(f64::total_cmp);
        Summary::of_sorted(values)
    }

    /// Summarises values already sorted ascending. `None` for an empty sample.
    #[must_use]
    pub fn of_sorted(sorted: &[f64]) -> Option<Summary> {
        let q = |p| quantile_sorted(sorted, p);
        Some(Summary {
            count: sorted.len() as u64,
            mean: mean(sorted)?,
            min: *sorted.first()?,
            median: q(0.5)?,
            p75: q(0.75)?,
            p90: q(0.9)?,
            p95: q(0.95)?,
            max: *sorted.last()?,
        })
    }
}

/// The arithmetic mean, `None` for an empty slice. Summed in one pass with
/// Neumaier compensation, so the result does not depend on how the values are grouped beyond
/// the last bit.
#[must_use]
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    Some(neumaier_sum(values) / values.len() as f64)
}

/// A compensated (Neumaier) sum.
#[must_use]
pub fn neumaier_sum(values: &[f64]) -> f64 {
    let (mut sum, mut comp) = (0.0f64, 0.0f64);
    for &x in values {
        let t = sum + x;
        if sum.abs() >= x.abs() {
            comp += (sum - t) + x;
        } else {
            comp += (x - t) + sum;
        }
        sum = t;
    }
    sum + comp
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn numpy_linear_quantiles() {
        // numpy.percentile([15, 20, 35, 40, 50], [0, 25, 40, 50, 90, 100]) ->
        // [15, 20, 29, 35, 46, 50]: h = 4q, e.g. q=0.4 -> h=1.6 -> 20 + 0.6*15 = 29.
        let x = [15.0, 20.0, 35.0, 40.0, 50.0];
        let got: Vec<f64> = [0.0, 0.25, 0.4, 0.5, 0.9, 1.0]
            .iter()
            .map(|&q| quantile_sorted(&x, q).unwrap_or(f64::NAN))
            .collect();
        let want = [15.0, 20.0, 29.0, 35.0, 46.0, 50.0];
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{got:?}");
        }
        assert_eq!(quantile_sorted(&[7.0], 0.95), Some(7.0));
        assert_eq!(quantile_sorted(&x, 1.5), None);
        assert_eq!(quantile_sorted(&x, f64::NAN), None);
    }

    #[test]
    fn compensated_mean() {
        let v = [1e16, 1.0, -1e16, 1.0];
        assert_eq!(neumaier_sum(&v), 2.0);
        assert_eq!(mean(&[]), None);
    }
}

// --- Interim copy of the issue-4 contract (`Rate`, `rate`, `StatsOptions`), Wilson only;
// --- replaced by issue 4's implementation when its branch is merged.

/// How a proportion's interval is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProportionMethod {
    /// Wilson score interval.
    #[default]
    Wilson,
}

/// A confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
    /// Confidence level.
    pub level: f64,
}

/// Options of the statistics.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StatsOptions {
    /// Confidence level.
    pub level: f64,
    /// Interval method.
    pub proportion_method: ProportionMethod,
    /// Minimum sample size.
    pub min_n: u64,
}

impl Default for StatsOptions {
    fn default() -> Self {
        StatsOptions {
            level: 0.95,
            proportion_method: ProportionMethod::Wilson,
            min_n: 30,
        }
    }
}

/// A proportion.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    /// Numerator.
    pub numerator: u64,
    /// Denominator.
    pub denominator: u64,
    /// `numerator / denominator`, `None` when the denominator is 0.
    pub value: Option<f64>,
    /// Interval.
    pub interval: Option<Interval>,
    /// Fewer than `min_n`.
    pub too_few: bool,
}

/// A proportion with its interval.
pub fn rate(numerator: u64, denominator: u64, opts: &StatsOptions) -> crate::Result<Rate> {
    if numerator > denominator {
        return Err(crate::Error::InvalidDuration {
            value: format!("{numerator}/{denominator}"),
        });
    }
    let value = (denominator > 0).then(|| numerator as f64 / denominator as f64);
    Ok(Rate {
        numerator,
        denominator,
        value,
        interval: None,
        too_few: denominator < opts.min_n,
    })
}
