//! Two-group comparisons, percentile intervals and multiple-testing adjustment.

use serde::{Deserialize, Serialize};

use super::interval::StatsOptions;
use super::interval::{check_level, proportion_interval, Interval, Moments, ProportionMethod};
use super::special;
use crate::error::{Error, Result};

/// The difference between two groups (or periods) `a − b`, with its interval and test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// `a − b`; `None` when either group has no data.
    pub estimate: Option<f64>,
    /// The interval of the difference; `None` when it is undefined (no data, no variance).
    pub interval: Option<Interval>,
    /// The test statistic (z or Welch's t); `None` when undefined.
    pub statistic: Option<f64>,
    /// Degrees of freedom of a t statistic (Welch–Satterthwaite); `None` for z tests.
    pub degrees_of_freedom: Option<f64>,
    /// Two-sided p-value; `None` when the test is undefined.
    pub p_value: Option<f64>,
    /// True when `p_value < 1 − level`; false when there is no p-value.
    pub significant: bool,
    /// True when either group has fewer than `min_n` observations.
    pub too_few: bool,
}

impl Comparison {
    pub(crate) fn empty(too_few: bool) -> Comparison {
        Comparison {
            estimate: None,
            interval: None,
            statistic: None,
            degrees_of_freedom: None,
            p_value: None,
            significant: false,
            too_few,
        }
    }

    /// A Wald comparison: `estimate ± z·se`, `z = estimate / se`.
    pub(crate) fn z(estimate: f64, se: f64, opts: &StatsOptions, too_few: bool) -> Comparison {
        if !(se > 0.0 && se.is_finite()) {
            return Comparison {
                estimate: Some(estimate),
                ..Comparison::empty(too_few)
            };
        }
        let crit = special::norm_ppf(0.5 + 0.5 * opts.level);
        let stat = estimate / se;
        let p = (2.0 * special::norm_sf(stat.abs())).min(1.0);
        Comparison {
            estimate: Some(estimate),
            interval: Some(Interval {
                lower: estimate - crit * se,
                upper: estimate + crit * se,
                level: opts.level,
            }),
            statistic: Some(stat),
            degrees_of_freedom: None,
            p_value: Some(p),
            significant: p < 1.0 - opts.level,
            too_few,
        }
    }
}

/// The difference of two proportions `x_a/n_a − x_b/n_b`: Newcombe's hybrid score interval
/// (Newcombe 1998, method 10, from the two Wilson intervals) and the pooled two-proportion z
/// test. The interval is Newcombe's whatever `proportion_method` says.
///
/// With Wilson bounds `(l_a, u_a)`, `(l_b, u_b)` and `d = p_a − p_b`:
/// `[d − √((p_a − l_a)² + (u_b − p_b)²), d + √((u_a − p_a)² + (p_b − l_b)²)]`;
/// `z = d / √(p̄(1 − p̄)(1/n_a + 1/n_b))` with `p̄ = (x_a + x_b)/(n_a + n_b)`, and no test when
/// `p̄` is 0 or 1 (both groups all-yes or all-no).
///
/// ```
/// use support_metrics::stats::{proportion_difference, StatsOptions};
/// // CSAT 80 of 100 last quarter, 140 of 200 this quarter.
/// let c = proportion_difference(140, 200, 80, 100, &StatsOptions::default())?;
/// assert!((c.estimate.unwrap() + 0.1).abs() < 1e-12);
/// assert!(c.p_value.unwrap() > 0.05 && !c.significant); // z ≈ −1.85
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn proportion_difference(
    x_a: u64,
    n_a: u64,
    x_b: u64,
    n_b: u64,
    opts: &StatsOptions,
) -> Result<Comparison> {
    opts.validate()?;
    let wa = proportion_interval(x_a, n_a, opts.level, ProportionMethod::Wilson)?;
    let wb = proportion_interval(x_b, n_b, opts.level, ProportionMethod::Wilson)?;
    let too_few = n_a < opts.min_n || n_b < opts.min_n;
    let (Some(ia), Some(ib)) = (wa, wb) else {
        return Ok(Comparison::empty(too_few));
    };
    let (pa, pb) = (x_a as f64 / n_a as f64, x_b as f64 / n_b as f64);
    let d = pa - pb;
    let lower = d - ((pa - ia.lower).powi(2) + (ib.upper - pb).powi(2)).sqrt();
    let upper = d + ((ia.upper - pa).powi(2) + (pb - ib.lower).powi(2)).sqrt();
    let pooled = (x_a as f64 + x_b as f64) / (n_a as f64 + n_b as f64);
    let se = (pooled * (1.0 - pooled) * (1.0 / n_a as f64 + 1.0 / n_b as f64)).sqrt();
    let mut c = Comparison::z(d, se, opts, too_few);
    c.interval = Some(Interval {
        lower,
        upper,
        level: opts.level,
    });
    Ok(c)
}

/// Welch's t test and interval for the difference of two means `mean(a) − mean(b)`
/// (unequal variances, Welch–Satterthwaite degrees of freedom), as `scipy.stats.ttest_ind(a, b,
/// equal_var=False)` computes it. No test below two values in either group or when both
/// variances are 0.
///
/// ```
/// use support_metrics::stats::{welch_t_test, Moments, StatsOptions};
/// let a = Moments::of(&[3.0, 4.0, 5.0, 6.0]);
/// let b = Moments::of(&[1.0, 2.0, 3.0]);
/// let c = welch_t_test(&a, &b, &StatsOptions::default())?;
/// assert!((c.estimate.unwrap() - 2.5).abs() < 1e-12);
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn welch_t_test(a: &Moments, b: &Moments, opts: &StatsOptions) -> Result<Comparison> {
    opts.validate()?;
    a.check()?;
    b.check()?;
    let too_few = a.count < opts.min_n || b.count < opts.min_n;
    let (Some(ma), Some(mb)) = (a.mean(), b.mean()) else {
        return Ok(Comparison::empty(too_few));
    };
    let d = ma - mb;
    let (Some(va), Some(vb)) = (a.variance(), b.variance()) else {
        return Ok(Comparison {
            estimate: Some(d),
            ..Comparison::empty(too_few)
        });
    };
    let (ea, eb) = (va / a.count as f64, vb / b.count as f64);
    let se2 = ea + eb;
    if se2.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return Ok(Comparison {
            estimate: Some(d),
            ..Comparison::empty(too_few)
        });
    }
    let df = se2 * se2 / (ea * ea / (a.count - 1) as f64 + eb * eb / (b.count - 1) as f64);
    let se = se2.sqrt();
    let t = d / se;
    let p = (2.0 * special::t_sf(t.abs(), df)).min(1.0);
    let crit = special::t_ppf(0.5 + 0.5 * opts.level, df);
    Ok(Comparison {
        estimate: Some(d),
        interval: Some(Interval {
            lower: d - crit * se,
            upper: d + crit * se,
            level: opts.level,
        }),
        statistic: Some(t),
        degrees_of_freedom: Some(df),
        p_value: Some(p),
        significant: p < 1.0 - opts.level,
        too_few,
    })
}

/// Benjamini–Hochberg adjusted p-values (q-values), in the input order: for p-values sorted
/// ascending, `q_(i) = min_{j >= i} min(1, m p_(j) / j)` (Benjamini & Hochberg 1995; the
/// `fdr_bh` method of statsmodels' `multipletests`). Use them when ranking many agents or
/// topics, so that the few that differ by chance are not flagged.
///
/// ```
/// use support_metrics::stats::benjamini_hochberg;
/// let q = benjamini_hochberg(&[0.01, 0.04, 0.03, 0.5])?;
/// // sorted 0.01, 0.03, 0.04, 0.5 -> 0.04, 0.0533…, 0.0533…, 0.5
/// assert!((q[0] - 0.04).abs() < 1e-15 && (q[1] - 0.16 / 3.0).abs() < 1e-15);
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn benjamini_hochberg(p_values: &[f64]) -> Result<Vec<f64>> {
    if let Some(bad) = p_values.iter().find(|p| !(0.0..=1.0).contains(*p)) {
        return Err(Error::InvalidArgument {
            name: "p-value",
            value: bad.to_string(),
            expected: "a probability between 0 and 1",
        });
    }
    let m = p_values.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| p_values[i].total_cmp(&p_values[j]));
    let mut q = vec![0.0; m];
    let mut running = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        let adj = p_values[i] * m as f64 / (rank + 1) as f64;
        running = running.min(adj).min(1.0);
        q[i] = running;
    }
    Ok(q)
}

/// A percentile with its distribution-free interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct QuantileEstimate {
    /// Number of values.
    pub count: u64,
    /// The quantile asked for, in [0, 1].
    pub q: f64,
    /// The sample quantile (numpy's linear interpolation); `None` when empty.
    pub value: Option<f64>,
    /// `[x_(l), x_(u)]`; `None` when the sample is too small for the level.
    pub interval: Option<Interval>,
    /// The 1-based rank `l` of the lower bound.
    pub lower_rank: Option<u64>,
    /// The 1-based rank `u` of the upper bound.
    pub upper_rank: Option<u64>,
    /// The achieved coverage `P(l <= B <= u − 1)`, `B ~ Binomial(n, q)`: at least the level.
    pub coverage: Option<f64>,
    /// True when `count < min_n`.
    pub too_few: bool,
}

/// The `q`-quantile of values sorted ascending, with the distribution-free order-statistic
/// interval (e.g. Conover, *Practical Nonparametric Statistics*, 3rd ed., §3.2).
///
/// With `B ~ Binomial(n, q)` and `F` its CDF, the interval is `[x_(l), x_(u)]` (1-based ranks)
/// with `l` the largest rank with `F(l − 1) <= α/2` and `u` the smallest with
/// `F(u − 1) >= 1 − α/2`; it covers the population quantile with probability at least
/// `F(u − 1) − F(l − 1) >= 1 − α` for any continuous distribution, each tail missing with
/// probability at most `α/2`. When no such rank exists (too few values for the level: fewer
/// than 6 for the median at 95%) there is no interval.
///
/// ```
/// use support_metrics::stats::{quantile_interval, StatsOptions};
/// let x: Vec<f64> = (1..=20).map(f64::from).collect();
/// let e = quantile_interval(&x, 0.5, &StatsOptions::default())?;
/// // Binomial(20, ½): F(5) = 0.0207 <= 0.025 < F(6), so l = 6 and u = 15.
/// assert_eq!((e.lower_rank, e.upper_rank), (Some(6), Some(15)));
/// assert!((e.coverage.unwrap() - 0.958_610_534_667_968_8).abs() < 1e-12);
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn quantile_interval(sorted: &[f64], q: f64, opts: &StatsOptions) -> Result<QuantileEstimate> {
    check_level(opts.level)?;
    if !(0.0..=1.0).contains(&q) {
        return Err(Error::InvalidArgument {
            name: "quantile",
            value: q.to_string(),
            expected: "a fraction between 0 and 1 (0.9 for the 90th percentile)",
        });
    }
    if let Some(bad) = sorted.iter().find(|x| !x.is_finite()) {
        return Err(Error::InvalidArgument {
            name: "value",
            value: bad.to_string(),
            expected: "finite numbers",
        });
    }
    let n = sorted.len() as u64;
    let mut out = QuantileEstimate {
        count: n,
        q,
        value: super::quantile_sorted(sorted, q),
        interval: None,
        lower_rank: None,
        upper_rank: None,
        coverage: None,
        too_few: n < opts.min_n,
    };
    if n == 0 || q <= 0.0 || q >= 1.0 {
        return Ok(out);
    }
    let half = 0.5 * (1.0 - opts.level);
    let cdf = |k: u64| binomial_cdf(k, n, q);
    // l: the largest rank in 1..=n with F(l − 1) <= α/2 (F increases with l).
    if cdf(0) > half {
        return Ok(out);
    }
    let (mut lo, mut hi) = (1u64, n); // F(lo − 1) <= half
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if cdf(mid - 1) <= half {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let l = lo;
    // u: the smallest rank in 1..=n with F(u − 1) >= 1 − α/2.
    if cdf(n - 1) < 1.0 - half {
        return Ok(out);
    }
    let (mut lo, mut hi) = (1u64, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if cdf(mid - 1) >= 1.0 - half {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    let u = lo;
    let (Some(&lower), Some(&upper)) = (sorted.get(l as usize - 1), sorted.get(u as usize - 1))
    else {
        return Ok(out);
    };
    out.interval = Some(Interval {
        lower,
        upper,
        level: opts.level,
    });
    out.lower_rank = Some(l);
    out.upper_rank = Some(u);
    out.coverage = Some(cdf(u - 1) - cdf(l - 1));
    Ok(out)
}

/// `P(B <= k)` for `B ~ Binomial(n, q)`: `I_{1−q}(n − k, k + 1)`.
fn binomial_cdf(k: u64, n: u64, q: f64) -> f64 {
    if k >= n {
        return 1.0;
    }
    special::beta_inc((n - k) as f64, (k + 1) as f64, 1.0 - q, q)
}
