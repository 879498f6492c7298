//! The statistics contract shared by every metric: proportions and means with intervals.

use serde::{Deserialize, Serialize};

use super::special;
use crate::error::{Error, Result};

/// The smallest sample that is not flagged `too_few` by default: 30.
///
/// Below about 30 observations the normal-approximation reasoning behind the t interval and
/// the z tests is a rule of thumb at best (the usual "n ≥ 30" of introductory texts), and the
/// intervals are wide: a Wilson 95% interval for 15 of 30 is 0.33–0.67. The flag is advice
/// for dashboards; the value and its interval are still reported.
pub const DEFAULT_MIN_N: u64 = 30;

/// How to compute the interval of a proportion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProportionMethod {
    /// Wilson score interval (Wilson 1927), the default: good coverage at every n and never
    /// outside [0, 1] (Brown, Cai & DasGupta 2001 recommend it).
    #[default]
    Wilson,
    /// Jeffreys interval: equal-tailed quantiles of Beta(x + ½, n − x + ½), as statsmodels
    /// computes it (no boundary modification).
    Jeffreys,
    /// Clopper–Pearson "exact" interval from beta quantiles: coverage at least the level,
    /// conservative.
    ClopperPearson,
}

/// A two-sided confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
    /// Confidence level, such as 0.95.
    pub level: f64,
}

/// Options for every interval and flag.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatsOptions {
    /// Confidence level in (0, 1); 0.95 by default.
    pub level: f64,
    /// Interval for proportions; Wilson by default.
    pub proportion_method: ProportionMethod,
    /// Samples smaller than this are flagged `too_few` ([`DEFAULT_MIN_N`] by default).
    pub min_n: u64,
}

impl Default for StatsOptions {
    fn default() -> StatsOptions {
        StatsOptions {
            level: 0.95,
            proportion_method: ProportionMethod::Wilson,
            min_n: DEFAULT_MIN_N,
        }
    }
}

impl StatsOptions {
    /// These options with another confidence level.
    #[must_use]
    pub fn with_level(self, level: f64) -> StatsOptions {
        StatsOptions { level, ..self }
    }

    /// These options with another proportion interval.
    #[must_use]
    pub fn with_proportion_method(self, proportion_method: ProportionMethod) -> StatsOptions {
        StatsOptions {
            proportion_method,
            ..self
        }
    }

    /// These options with another "too few" threshold.
    #[must_use]
    pub fn with_min_n(self, min_n: u64) -> StatsOptions {
        StatsOptions { min_n, ..self }
    }

    /// Checks the level; every function taking options calls this first.
    pub fn validate(&self) -> Result<()> {
        check_level(self.level)
    }
}

pub(crate) fn check_level(level: f64) -> Result<()> {
    if level.is_finite() && level > 0.0 && level < 1.0 {
        Ok(())
    } else {
        Err(Error::InvalidLevel {
            value: level.to_string(),
        })
    }
}

/// A proportion such as FCR, SLA compliance, CSAT top-box or abandonment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    /// Cases counted in the numerator.
    pub numerator: u64,
    /// Cases in the denominator.
    pub denominator: u64,
    /// `numerator / denominator`; `None` when the denominator is 0.
    pub value: Option<f64>,
    /// The interval by `proportion_method`; `None` when the denominator is 0.
    pub interval: Option<Interval>,
    /// True when `denominator < min_n`.
    pub too_few: bool,
}

/// A proportion with its interval.
///
/// ```
/// use support_metrics::stats::{rate, StatsOptions};
/// // 87% CSAT from 40 responses: the Wilson 95% interval is about 73%–95%.
/// let r = rate(35, 40, &StatsOptions::default())?;
/// let iv = r.interval.unwrap();
/// assert!((r.value.unwrap() - 0.875).abs() < 1e-15);
/// assert!((iv.lower - 0.7388).abs() < 1e-4 && (iv.upper - 0.9454).abs() < 1e-4);
/// assert!(!r.too_few);
/// assert_eq!(rate(0, 0, &StatsOptions::default())?.value, None);
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn rate(numerator: u64, denominator: u64, opts: &StatsOptions) -> Result<Rate> {
    opts.validate()?;
    if numerator > denominator {
        return Err(Error::CountExceedsTotal {
            count: numerator,
            total: denominator,
        });
    }
    let interval = proportion_interval(numerator, denominator, opts.level, opts.proportion_method)?;
    Ok(Rate {
        numerator,
        denominator,
        value: (denominator > 0).then(|| numerator as f64 / denominator as f64),
        interval,
        too_few: denominator < opts.min_n,
    })
}

/// The interval of the proportion `x / n` by the chosen method; `None` when `n == 0`.
///
/// With `z = Φ⁻¹(1 − α/2)` and `p̂ = x / n`:
/// - Wilson: `(p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n)`;
/// - Jeffreys: the `α/2` and `1 − α/2` quantiles of `Beta(x + ½, n − x + ½)`;
/// - Clopper–Pearson: `B(α/2; x, n − x + 1)` and `B(1 − α/2; x + 1, n − x)`, 0 when `x = 0`
///   and 1 when `x = n`.
///
/// These are the formulas of statsmodels' `proportion_confint` (methods `wilson`, `jeffreys`,
/// `beta`), which the shared vectors check to 1e-9.
pub fn proportion_interval(
    x: u64,
    n: u64,
    level: f64,
    method: ProportionMethod,
) -> Result<Option<Interval>> {
    check_level(level)?;
    if x > n {
        return Err(Error::CountExceedsTotal { count: x, total: n });
    }
    if n == 0 {
        return Ok(None);
    }
    let alpha = 1.0 - level;
    let (xf, nf) = (x as f64, n as f64);
    let (lower, upper) = match method {
        ProportionMethod::Wilson => {
            let z = special::norm_ppf(1.0 - 0.5 * alpha);
            let z2 = z * z;
            let p = xf / nf;
            let denom = 1.0 + z2 / nf;
            let center = (p + z2 / (2.0 * nf)) / denom;
            let half = z * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt() / denom;
            (
                if x == 0 { 0.0 } else { center - half },
                if x == n { 1.0 } else { center + half },
            )
        }
        ProportionMethod::Jeffreys => {
            let (a, b) = (xf + 0.5, nf - xf + 0.5);
            (
                special::beta_ppf(a, b, 0.5 * alpha),
                special::beta_ppf(a, b, 1.0 - 0.5 * alpha),
            )
        }
        ProportionMethod::ClopperPearson => (
            if x == 0 {
                0.0
            } else {
                special::beta_ppf(xf, nf - xf + 1.0, 0.5 * alpha)
            },
            if x == n {
                1.0
            } else {
                special::beta_ppf(xf + 1.0, nf - xf, 1.0 - 0.5 * alpha)
            },
        ),
    };
    Ok(Some(Interval {
        lower: lower.clamp(0.0, 1.0),
        upper: upper.clamp(0.0, 1.0),
        level,
    }))
}

/// Mergeable count, mean and sum of squared deviations (Welford's update, Chan et al.'s merge),
/// so a mean and its interval can be built from partial results.
///
/// Push only finite values: a NaN or infinity makes [`mean_estimate`] fail with
/// `invalid_argument` rather than report NaN.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Moments {
    /// Number of values.
    pub count: u64,
    /// Their mean (0 when `count` is 0).
    pub mean: f64,
    /// Sum of squared deviations from the mean.
    pub m2: f64,
}

impl Moments {
    /// The moments of a slice.
    #[must_use]
    pub fn of(values: &[f64]) -> Moments {
        let mut m = Moments::default();
        for &x in values {
            m.push(x);
        }
        m
    }

    /// Adds one value.
    pub fn push(&mut self, x: f64) {
        self.count = self.count.saturating_add(1);
        let delta = x - self.mean;
        self.mean += delta / self.count as f64;
        self.m2 += delta * (x - self.mean);
    }

    /// Adds the values summarised by `other`.
    pub fn merge(&mut self, other: &Moments) {
        if other.count == 0 {
            return;
        }
        if self.count == 0 {
            *self = *other;
            return;
        }
        let (na, nb) = (self.count as f64, other.count as f64);
        let n = na + nb;
        let delta = other.mean - self.mean;
        self.mean += delta * nb / n;
        self.m2 += other.m2 + delta * delta * na * nb / n;
        self.count = self.count.saturating_add(other.count);
    }

    /// The mean; `None` when empty.
    #[must_use]
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then_some(self.mean)
    }

    /// The sample variance (divisor `n − 1`); `None` below two values.
    #[must_use]
    pub fn variance(&self) -> Option<f64> {
        (self.count > 1).then(|| self.m2.max(0.0) / (self.count - 1) as f64)
    }

    /// The sample standard deviation; `None` below two values.
    #[must_use]
    pub fn std_dev(&self) -> Option<f64> {
        self.variance().map(f64::sqrt)
    }

    pub(crate) fn check(&self) -> Result<()> {
        if self.mean.is_finite() && self.m2.is_finite() {
            Ok(())
        } else {
            Err(Error::InvalidArgument {
                name: "moments",
                value: format!("mean {} and m2 {}", self.mean, self.m2),
                expected: "finite values (push only finite numbers)",
            })
        }
    }
}

/// A mean such as AHT or CES, with its t interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MeanEstimate {
    /// Number of values.
    pub count: u64,
    /// The mean; `None` when empty.
    pub mean: Option<f64>,
    /// The sample standard deviation; `None` below two values.
    pub std_dev: Option<f64>,
    /// `mean ± t(1 − α/2, n − 1) · s / √n`; `None` below two values.
    pub interval: Option<Interval>,
    /// True when `count < min_n`.
    pub too_few: bool,
}

/// The mean of the summarised values with its Student t interval.
///
/// ```
/// use support_metrics::stats::{mean_estimate, Moments, StatsOptions};
/// let m = Moments::of(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
/// let est = mean_estimate(&m, &StatsOptions::default())?;
/// assert_eq!(est.mean, Some(5.0));
/// // s = √(32/7), t(0.975, 7) = 2.3646…: 5 ± 1.7875.
/// let iv = est.interval.unwrap();
/// assert!((iv.lower - 3.2125).abs() < 1e-4 && (iv.upper - 6.7875).abs() < 1e-4);
/// assert!(est.too_few);
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn mean_estimate(m: &Moments, opts: &StatsOptions) -> Result<MeanEstimate> {
    opts.validate()?;
    m.check()?;
    let sd = m.std_dev();
    let interval = sd.map(|s| {
        let n = m.count as f64;
        let t = special::t_ppf(0.5 + 0.5 * opts.level, n - 1.0);
        let half = t * s / n.sqrt();
        Interval {
            lower: m.mean - half,
            upper: m.mean + half,
            level: opts.level,
        }
    });
    Ok(MeanEstimate {
        count: m.count,
        mean: m.mean(),
        std_dev: sd,
        interval,
        too_few: m.count < opts.min_n,
    })
}
