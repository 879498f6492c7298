//! Targets and alerts: whether a metric meets its target *given its uncertainty*, audit signals
//! from period-over-period change, and customer retention.
//!
//! ```
//! use support_metrics::stats::{rate, StatsOptions};
//! use support_metrics::targets::{Metric, Target, TargetStatus};
//! // CSAT 87.5% from 40 responses against the 85% norm: the interval 74%–95% straddles it.
//! let csat = rate(35, 40, &StatsOptions::default())?;
//! let t = Target::default_for(Metric::Csat);
//! assert_eq!(t.status(csat.value, csat.interval.as_ref()), TargetStatus::NotSignificantlyDifferent);
//! let big = rate(920, 1000, &StatsOptions::default())?;
//! assert_eq!(t.status(big.value, big.interval.as_ref()), TargetStatus::Met);
//! # Ok::<(), support_metrics::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::stats::{self, Interval, Moments, NpsCounts, Rate, StatsOptions};

/// A metric with a default target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Metric {
    /// Chat first response time, seconds: below 60.
    ChatFirstResponseSeconds,
    /// First-contact resolution share: at least 0.75.
    Fcr,
    /// CSAT (top-box share): at least 0.85.
    Csat,
    /// NPS, points: at least 50.
    Nps,
    /// Customer retention share: at least 0.70.
    Retention,
    /// Escalation share: below 0.05.
    EscalationRate,
    /// Repeat-contact share: below 0.10.
    RepeatContactRate,
    /// Resolution time, seconds: at most 86 400 (24 h).
    ResolutionSeconds,
}

/// How a value is compared with the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Comparator {
    /// `value >= threshold`.
    AtLeast,
    /// `value <= threshold`.
    AtMost,
    /// `value < threshold`.
    Below,
}

/// A target for one metric.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// The metric.
    pub metric: Metric,
    /// The comparison.
    pub comparator: Comparator,
    /// The threshold, in the metric's unit (shares in [0, 1], NPS in points, times in seconds).
    pub threshold: f64,
}

/// Whether a target is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TargetStatus {
    /// Met, and the whole interval is on the right side (or, with no interval, the value is).
    Met,
    /// Missed, and the whole interval is on the wrong side (or the value is).
    Missed,
    /// The interval contains values on both sides: the data cannot tell.
    NotSignificantlyDifferent,
    /// No value.
    NoData,
}

impl Target {
    /// The project's default target, from the industry rules of thumb listed in
    /// docs/metrics.md ("Targets and alerts").
    #[must_use]
    pub fn default_for(metric: Metric) -> Target {
        use Comparator::{AtLeast, AtMost, Below};
        let (comparator, threshold) = match metric {
            Metric::ChatFirstResponseSeconds => (Below, 60.0),
            Metric::Fcr => (AtLeast, 0.75),
            Metric::Csat => (AtLeast, 0.85),
            Metric::Nps => (AtLeast, 50.0),
            Metric::Retention => (AtLeast, 0.70),
            Metric::EscalationRate => (Below, 0.05),
            Metric::RepeatContactRate => (Below, 0.10),
            Metric::ResolutionSeconds => (AtMost, 86_400.0),
        };
        Target {
            metric,
            comparator,
            threshold,
        }
    }

    fn holds(&self, x: f64) -> bool {
        match self.comparator {
            Comparator::AtLeast => x >= self.threshold,
            Comparator::AtMost => x <= self.threshold,
            Comparator::Below => x < self.threshold,
        }
    }

    /// The status of a value with its interval: met when every value of the interval meets
    /// the target, missed when none does, otherwise not significantly different. Without an
    /// interval the value alone decides.
    #[must_use]
    pub fn status(&self, value: Option<f64>, interval: Option<&Interval>) -> TargetStatus {
        let Some(v) = value.filter(|v| !v.is_nan()) else {
            return TargetStatus::NoData;
        };
        let (lo, hi) = interval.map_or((v, v), |i| (i.lower, i.upper));
        match (self.holds(lo), self.holds(hi)) {
            (true, true) => TargetStatus::Met,
            (false, false) => TargetStatus::Missed,
            _ => TargetStatus::NotSignificantlyDifferent,
        }
    }
}

/// Which change an audit signal watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SignalKind {
    /// CSAT fell by at least the relative drop (10%) on the previous period.
    CsatDrop,
    /// Mean first response time grew by at least the factor (1.5×).
    FirstResponseSlowdown,
    /// NPS fell.
    NpsDrop,
    /// The escalation share rose.
    EscalationSpike,
    /// The repeat-contact share rose.
    RepeatSpike,
}

/// Thresholds of the audit signals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignalThresholds {
    /// CSAT drop, relative to the previous value: 0.10.
    pub csat_relative_drop: f64,
    /// First-response growth factor: 1.5.
    pub first_response_factor: f64,
    /// NPS drop in points that triggers: more than 0 (any drop).
    pub nps_drop_points: f64,
    /// Relative rise of escalation or repeat share that triggers: more than 0 (any rise).
    pub spike_relative_increase: f64,
}

impl Default for SignalThresholds {
    fn default() -> SignalThresholds {
        SignalThresholds {
            csat_relative_drop: 0.10,
            first_response_factor: 1.5,
            nps_drop_points: 0.0,
            spike_relative_increase: 0.0,
        }
    }
}

/// One audit signal: the change, whether it crosses the threshold, and whether it is
/// statistically significant.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AuditSignal {
    /// What is watched.
    pub kind: SignalKind,
    /// The previous period's value.
    pub previous: Option<f64>,
    /// This period's value.
    pub current: Option<f64>,
    /// `current / previous` for CSAT, first response and spikes; `current − previous` for NPS.
    pub change: Option<f64>,
    /// The change crosses the threshold.
    pub triggered: bool,
    /// The two-sided test of `current − previous` has `p < 1 − level`.
    pub significant: bool,
    /// That test's p-value.
    pub p_value: Option<f64>,
}

fn ratio(cur: Option<f64>, prev: Option<f64>) -> Option<f64> {
    match (cur, prev) {
        (Some(c), Some(p)) if p != 0.0 => Some(c / p),
        _ => None,
    }
}

/// CSAT down: `current / previous ≤ 1 − csat_relative_drop`; tested by the two-proportion z
/// test. Arguments are (good, responses) counts of top-box CSAT.
pub fn csat_drop(
    previous: (u64, u64),
    current: (u64, u64),
    th: &SignalThresholds,
    opts: &StatsOptions,
) -> Result<AuditSignal> {
    let test = stats::proportion_difference(current.0, current.1, previous.0, previous.1, opts)?;
    let (p, c) = (
        stats::rate(previous.0, previous.1, opts)?.value,
        stats::rate(current.0, current.1, opts)?.value,
    );
    let change = ratio(c, p);
    Ok(AuditSignal {
        kind: SignalKind::CsatDrop,
        previous: p,
        current: c,
        change,
        triggered: change.is_some_and(|r| r <= 1.0 - th.csat_relative_drop),
        significant: test.significant,
        p_value: test.p_value,
    })
}

/// First response slower: `mean(current) / mean(previous) ≥ first_response_factor`; tested by
/// Welch's t test on the means.
pub fn first_response_slowdown(
    previous: &Moments,
    current: &Moments,
    th: &SignalThresholds,
    opts: &StatsOptions,
) -> Result<AuditSignal> {
    let test = stats::welch_t_test(current, previous, opts)?;
    let change = ratio(current.mean(), previous.mean());
    Ok(AuditSignal {
        kind: SignalKind::FirstResponseSlowdown,
        previous: previous.mean(),
        current: current.mean(),
        change,
        triggered: change.is_some_and(|r| r >= th.first_response_factor),
        significant: test.significant,
        p_value: test.p_value,
    })
}

/// NPS down by more than `nps_drop_points`; tested by the trinomial z test.
pub fn nps_drop(
    previous: &NpsCounts,
    current: &NpsCounts,
    th: &SignalThresholds,
    opts: &StatsOptions,
) -> Result<AuditSignal> {
    let test = stats::nps_difference(current, previous, opts)?;
    let method = stats::NpsMethod::Trinomial;
    let (p, c) = (
        stats::nps_estimate(previous, method, opts)?.value,
        stats::nps_estimate(current, method, opts)?.value,
    );
    Ok(AuditSignal {
        kind: SignalKind::NpsDrop,
        previous: p,
        current: c,
        change: test.estimate,
        triggered: test.estimate.is_some_and(|d| -d > th.nps_drop_points),
        significant: test.significant,
        p_value: test.p_value,
    })
}

/// An escalation or repeat-contact spike: `current / previous > 1 + spike_relative_increase`
/// (or any rise from 0); tested by the two-proportion z test. Arguments are (cases, total).
pub fn rate_spike(
    kind: SignalKind,
    previous: (u64, u64),
    current: (u64, u64),
    th: &SignalThresholds,
    opts: &StatsOptions,
) -> Result<AuditSignal> {
    if !matches!(kind, SignalKind::EscalationSpike | SignalKind::RepeatSpike) {
        return Err(Error::InvalidArgument {
            name: "signal kind",
            value: format!("{kind:?}"),
            expected: "escalation_spike or repeat_spike",
        });
    }
    let test = stats::proportion_difference(current.0, current.1, previous.0, previous.1, opts)?;
    let (p, c) = (
        stats::rate(previous.0, previous.1, opts)?.value,
        stats::rate(current.0, current.1, opts)?.value,
    );
    let triggered = match (p, c) {
        (Some(p), Some(c)) if p > 0.0 => c / p > 1.0 + th.spike_relative_increase,
        (Some(_), Some(c)) => c > 0.0,
        _ => false,
    };
    Ok(AuditSignal {
        kind,
        previous: p,
        current: c,
        change: ratio(c, p),
        triggered,
        significant: test.significant,
        p_value: test.p_value,
    })
}

/// Customer retention over one period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Retention {
    /// S: customers at the start.
    pub start: u64,
    /// E: customers at the end.
    pub end: u64,
    /// N: new customers during the period (at the end, not at the start).
    pub new: u64,
    /// `(E − N) / S` with its interval (the retained share of the starting customers).
    pub rate: Rate,
}

/// Retention `(E − N) / S` from counts (`count_exceeds_total` when `N > E` or `E − N > S`).
pub fn retention_from_counts(
    start: u64,
    end: u64,
    new: u64,
    opts: &StatsOptions,
) -> Result<Retention> {
    if new > end {
        return Err(Error::CountExceedsTotal {
            count: new,
            total: end,
        });
    }
    Ok(Retention {
        start,
        end,
        new,
        rate: stats::rate(end - new, start, opts)?,
    })
}

/// Retention from the customer ids at the start and at the end of a period: `S = |start|`,
/// `E = |end|`, `N = |end \ start|`, so `E − N = |start ∩ end|`. Duplicate ids count once.
///
/// ```
/// use support_metrics::targets::retention;
/// use support_metrics::stats::StatsOptions;
/// let r = retention(&["a", "b", "c", "d"], &["b", "c", "d", "e", "f"], &StatsOptions::default())?;
/// assert_eq!((r.start, r.end, r.new), (4, 5, 2));
/// assert_eq!(r.rate.value, Some(0.75)); // (5 − 2) / 4
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn retention<S: AsRef<str>>(start: &[S], end: &[S], opts: &StatsOptions) -> Result<Retention> {
    // Sorted, deduplicated id lists (not `BTreeSet`s: no tree code for one count).
    fn ids<S: AsRef<str>>(v: &[S]) -> Vec<&str> {
        let mut ids: Vec<&str> = v.iter().map(AsRef::as_ref).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
    let (s, e) = (ids(start), ids(end));
    let new = e.iter().filter(|id| s.binary_search(id).is_err()).count() as u64;
    retention_from_counts(s.len() as u64, e.len() as u64, new, opts)
}
