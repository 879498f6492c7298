//! Net Promoter Score: the estimate with its interval, and the difference of two scores.

use serde::{Deserialize, Serialize};

use super::interval::{check_level, Interval, StatsOptions};
use super::special;
use super::Comparison;
use crate::error::Result;

/// How to compute the interval of an NPS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NpsMethod {
    /// Adjusted Wald, the default: add 3 to n and ¾ to the promoter and detractor counts, then
    /// a Wald interval around the adjusted score with the trinomial variance (Lewis & Sauro,
    /// MeasuringU 2021; Rocks 2016 found adjusted Wald the best of six methods).
    #[default]
    AdjustedWald,
    /// Wald interval with the trinomial variance `p + d − (p − d)²` of the raw counts.
    Trinomial,
}

/// Promoter, passive and detractor counts of an NPS survey (0–10: 9–10, 7–8, 0–6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NpsCounts {
    /// Answers of 9 or 10.
    pub promoters: u64,
    /// Answers of 7 or 8.
    pub passives: u64,
    /// Answers of 0 to 6.
    pub detractors: u64,
}

impl NpsCounts {
    /// All answers.
    #[must_use]
    pub fn total(&self) -> u64 {
        self.promoters
            .saturating_add(self.passives)
            .saturating_add(self.detractors)
    }

    /// Adds another batch's counts.
    pub fn merge(&mut self, other: &NpsCounts) {
        self.promoters = self.promoters.saturating_add(other.promoters);
        self.passives = self.passives.saturating_add(other.passives);
        self.detractors = self.detractors.saturating_add(other.detractors);
    }

    /// `(score, variance)` on the −1..1 scale: `p − d` and `p + d − (p − d)²`.
    fn moments(&self) -> Option<(f64, f64)> {
        let n = self.total();
        (n > 0).then(|| {
            let nf = n as f64;
            let (p, d) = (self.promoters as f64 / nf, self.detractors as f64 / nf);
            (p - d, trinomial_variance(p, d))
        })
    }
}

fn trinomial_variance(p: f64, d: f64) -> f64 {
    (p + d - (p - d) * (p - d)).max(0.0)
}

/// An NPS with its interval, in points (−100 to 100) as NPS is always quoted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NpsEstimate {
    /// The counts it is computed from.
    pub counts: NpsCounts,
    /// All answers.
    pub count: u64,
    /// `100 (promoters − detractors) / count`; `None` without answers.
    pub value: Option<f64>,
    /// The interval in points, clipped to [−100, 100]; `None` without answers.
    pub interval: Option<Interval>,
    /// True when `count < min_n`.
    pub too_few: bool,
}

/// The NPS of the counts with its interval by `method`.
///
/// With `n` answers, `P` promoters and `D` detractors and `z = Φ⁻¹(1 − α/2)`:
/// - adjusted Wald: `n' = n + 3`, `p' = (P + ¾)/n'`, `d' = (D + ¾)/n'`,
///   `(p' − d') ± z √((p' + d' − (p' − d')²)/n')`;
/// - trinomial: `(p − d) ± z √((p + d − (p − d)²)/n)` with `p = P/n`, `d = D/n`.
///
/// Both are scaled by 100 and clipped to [−100, 100].
///
/// ```
/// use support_metrics::stats::{nps_estimate, NpsCounts, NpsMethod, StatsOptions};
/// let c = NpsCounts { promoters: 50, passives: 30, detractors: 20 };
/// let e = nps_estimate(&c, NpsMethod::AdjustedWald, &StatsOptions::default())?;
/// assert!((e.value.unwrap() - 30.0).abs() < 1e-12);
/// let iv = e.interval.unwrap();
/// assert!(iv.lower > 14.0 && iv.upper < 45.0);
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn nps_estimate(
    counts: &NpsCounts,
    method: NpsMethod,
    opts: &StatsOptions,
) -> Result<NpsEstimate> {
    opts.validate()?;
    let n = counts.total();
    let value = counts.moments().map(|(s, _)| 100.0 * s);
    let interval = (n > 0).then(|| {
        let z = special::norm_ppf(0.5 + 0.5 * opts.level);
        let (center, var, nn) = match method {
            NpsMethod::AdjustedWald => {
                let nn = n as f64 + 3.0;
                let p = (counts.promoters as f64 + 0.75) / nn;
                let d = (counts.detractors as f64 + 0.75) / nn;
                (p - d, trinomial_variance(p, d), nn)
            }
            NpsMethod::Trinomial => {
                let nn = n as f64;
                let p = counts.promoters as f64 / nn;
                let d = counts.detractors as f64 / nn;
                (p - d, trinomial_variance(p, d), nn)
            }
        };
        let half = z * (var / nn).sqrt();
        Interval {
            lower: (100.0 * (center - half)).max(-100.0),
            upper: (100.0 * (center + half)).min(100.0),
            level: opts.level,
        }
    });
    Ok(NpsEstimate {
        counts: *counts,
        count: n,
        value,
        interval,
        too_few: n < opts.min_n,
    })
}

/// The difference `NPS(a) − NPS(b)` in points, with a Wald interval and a two-sided z test from
/// the trinomial variances: `se = √(v_a/n_a + v_b/n_b)`, `z = (s_a − s_b)/se` (Rocks' `NPS`
/// R package, `nps_test`). No estimate when either group is empty; no test when `se` is 0.
///
/// ```
/// use support_metrics::stats::{nps_difference, NpsCounts, StatsOptions};
/// let q1 = NpsCounts { promoters: 120, passives: 50, detractors: 30 };
/// let q2 = NpsCounts { promoters: 90, passives: 60, detractors: 50 };
/// let c = nps_difference(&q2, &q1, &StatsOptions::default())?;
/// // NPS 20 this quarter against 45 last quarter: down 25 points, significantly.
/// assert!((c.estimate.unwrap() + 25.0).abs() < 1e-9);
/// assert!(c.p_value.unwrap() < 0.01 && c.significant); // z = −0.25 / 0.0777 = −3.2
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn nps_difference(a: &NpsCounts, b: &NpsCounts, opts: &StatsOptions) -> Result<Comparison> {
    check_level(opts.level)?;
    let too_few = a.total() < opts.min_n || b.total() < opts.min_n;
    let (Some((sa, va)), Some((sb, vb))) = (a.moments(), b.moments()) else {
        return Ok(Comparison::empty(too_few));
    };
    let se = (va / a.total() as f64 + vb / b.total() as f64).sqrt();
    Ok(Comparison::z(100.0 * (sa - sb), 100.0 * se, opts, too_few))
}
