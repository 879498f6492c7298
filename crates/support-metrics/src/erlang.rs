//! Staffing from queueing models: Erlang B, Erlang C and Erlang A (Palm), per interval.
//!
//! All times are seconds; the offered load (traffic) is in Erlangs:
//! `A = calls × AHT / interval length` (arrival rate × mean handle time).
//!
//! - **Erlang B** (M/M/n/n, blocked calls lost): `B(n, A) = (Aⁿ/n!) / Σₖ₌₀ⁿ Aᵏ/k!`, computed
//!   with the recursion `B(0) = 1`, `B(k) = A·B(k−1) / (k + A·B(k−1))`, whose every step stays in
//!   `[0, 1]`: no factorial, no overflow, no NaN for any number of agents (Jagerman 1974).
//! - **Erlang C** (M/M/n, infinite patience): probability of waiting
//!   `C(n, A) = n·B / (n − A·(1 − B))` for `n > A` (1 otherwise); service level
//!   `SL(t) = 1 − C·e^{−(n−A)·t/AHT}`; average speed of answer `ASA = C·AHT / (n − A)`;
//!   occupancy `A / n` (Cooper, *Introduction to Queueing Theory*, 2nd ed. 1981;
//!   Gans, Koole & Mandelbaum 2003, "Telephone call centers: tutorial, review, and research
//!   prospects", MSOM 5(2)).
//! - **Erlang A** (M/M/n+M, exponential patience of mean `1/θ`): from the birth–death stationary
//!   distribution of Palm's model as given by Garnett, Mandelbaum & Reiman (2002), "Designing a
//!   call center with impatient customers", MSOM 4(3):208–227, and Mandelbaum & Zeltyn (2007),
//!   "Service engineering in action: the Palm/Erlang-A queue, with applications to call
//!   centers". See [`erlang_a`] for the formulas and how the service level and ASA follow.
//!
//! **Fractional agents.** Erlang B has a continuous extension in the number of servers,
//! `1/B(x, A) = A ∫₀^∞ e^{−At}(1+t)^x dt = A^{−x} e^{A} Γ(x+1, A)` (upper incomplete gamma;
//! Jagerman 1974, "Some properties of the Erlang loss function", Bell System Technical Journal
//! 53(3):525–551). It equals the integer formula at whole `x`, is smooth and decreasing in `x`,
//! and carries Erlang C, SL and ASA over to real `x` through the same formulas. A *fractional*
//! requirement is the smallest real `x` meeting the target on that extension (not a linear
//! interpolation between whole answers); the *whole* requirement is the smallest integer.

use serde::{Deserialize, Serialize};

use crate::calendar::{BatchOutput, RowError};
use crate::error::{Error, Result};

/// The largest number of agents any function here accepts or returns (a bound on work, far
/// beyond any single queue).
pub const MAX_AGENTS: u32 = 1_000_000;

/// The largest `traffic × patience / AHT` (the `λ/θ` of Erlang A) accepted: the Erlang A sums
/// run over about that many terms. Patience that long is Erlang C in all but name.
pub const MAX_PATIENCE_LOAD: f64 = 1e7;

fn fmt(x: f64) -> String {
    format!("{x}")
}

fn check_rate(name: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(Error::InvalidRate {
            name,
            value: fmt(value),
        })
    }
}

fn check_positive_seconds(name: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(Error::InvalidArgument {
            name,
            value: fmt(value),
            expected: "a finite number of seconds greater than zero",
        })
    }
}

fn check_threshold(value: f64) -> Result<f64> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(Error::InvalidArgument {
            name: "threshold_seconds",
            value: fmt(value),
            expected: "an answer-time threshold: a finite number of seconds, zero or more",
        })
    }
}

fn check_agents(value: f64) -> Result<f64> {
    if value.is_finite() && value >= 0.0 && value <= f64::from(MAX_AGENTS) {
        Ok(value)
    } else {
        Err(Error::InvalidRate {
            name: "agents",
            value: fmt(value),
        })
    }
}

/// The offered load in Erlangs: `calls × aht_seconds / interval_seconds`.
///
/// ```
/// use support_metrics::erlang::offered_load;
/// // 100 calls of 3 minutes in half an hour: 100 × 180 / 1800 = 10 Erlangs.
/// assert_eq!(offered_load(100.0, 180.0, 1800.0)?, 10.0);
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn offered_load(calls: f64, aht_seconds: f64, interval_seconds: f64) -> Result<f64> {
    let calls = check_rate("calls", calls)?;
    let aht = check_positive_seconds("aht_seconds", aht_seconds)?;
    let interval = check_positive_seconds("interval_seconds", interval_seconds)?;
    check_rate("traffic_erlangs", calls * aht / interval)
}

// ---------------------------------------------------------------------------------------------
// Special functions.

/// `ln Γ(z)` for `z > 0`: Stirling's series with six Bernoulli terms after shifting `z` to at
/// least 15 (Abramowitz & Stegun 6.1.40; absolute error below 1e-14 there).
fn ln_gamma(z: f64) -> f64 {
    // ln Γ(z) = ln Γ(z + k) − ln(z (z+1) … (z+k−1)); one logarithm of the product.
    let mut product = 1.0;
    let mut z = z;
    while z < 15.0 {
        product *= z;
        z += 1.0;
    }
    let shift = product.ln();
    let z2 = z * z;
    let series = (1.0 / 12.0
        + (-1.0 / 360.0
            + (1.0 / 1260.0
                + (-1.0 / 1680.0 + (1.0 / 1188.0 - 691.0 / 360_360.0 / z2) / z2) / z2)
                / z2)
            / z2)
        / z;
    (z - 0.5) * z.ln() - z + 0.5 * (2.0 * std::f64::consts::PI).ln() + series - shift
}

/// Erlang B at whole `n` by the stable forward recursion. Stops early once `B` has underflowed
/// to zero (it stays zero).
fn erlang_b_whole(n: u32, a: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=n {
        b = a * b / (f64::from(k) + a * b);
        if b == 0.0 {
            break;
        }
    }
    b
}

/// Erlang B on its continuous extension, for real `x >= 0` and `a >= 0`:
/// `1/B(x, a) = a^{−x} e^{a} Γ(x+1, a)`. With `s = x + 1`:
/// - for `a >= s + 1`, `Γ(s, a) = e^{−a} a^{s} K` with `K` the Legendre continued fraction
///   (A&S 6.5.31, evaluated by the modified Lentz method), so `1/B = a·K`;
/// - otherwise `Γ(s, a) = Γ(s)·(1 − P(s, a))` with `P` from its power series (A&S 6.5.29), and
///   `ln(1/B) = a − x ln a + ln Γ(s) + ln(1 − P)`.
fn erlang_b_real(x: f64, a: f64) -> f64 {
    if a == 0.0 {
        return if x == 0.0 { 1.0 } else { 0.0 };
    }
    let s = x + 1.0;
    if a >= s + 1.0 {
        const TINY: f64 = 1e-300;
        let mut b = a + 1.0 - s;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..10_000 {
            let fi = f64::from(i);
            let an = -fi * (fi - s);
            b += 2.0;
            d = an * d + b;
            if d.abs() < TINY {
                d = TINY;
            }
            c = b + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let del = d * c;
            h *= del;
            if (del - 1.0).abs() < 1e-16 {
                break;
            }
        }
        // h = K; 1/B = a·K.
        (1.0 / (a * h)).clamp(0.0, 1.0)
    } else {
        // P(s, a) = e^{−a} a^{s} / Γ(s+1) · Σ_{k≥0} a^k / ((s+1)…(s+k)).
        let mut term = 1.0;
        let mut sum = 1.0;
        let mut k = 1.0;
        while k < 100_000.0 {
            term *= a / (s + k);
            sum += term;
            if term < sum * 1e-17 {
                break;
            }
            k += 1.0;
        }
        let (ln_a, ln_gamma_s) = (a.ln(), ln_gamma(s));
        let ln_p = -a + s * ln_a - (ln_gamma_s + s.ln()) + sum.ln();
        let q = -ln_p.exp_m1(); // 1 − P without cancellation when P is small
        let ln_inv_b = a - x * ln_a + ln_gamma_s + q.ln();
        (-ln_inv_b).exp().clamp(0.0, 1.0)
    }
}

fn erlang_b_any(x: f64, a: f64) -> f64 {
    if x.fract() == 0.0 {
        // x <= MAX_AGENTS was checked, so the cast is exact.
        erlang_b_whole(x as u32, a)
    } else {
        erlang_b_real(x, a)
    }
}

/// Erlang C from Erlang B: `C = x·B / (x − a·(1 − B))` for `x > a`, else 1.
fn erlang_c_from_b(x: f64, a: f64, b: f64) -> f64 {
    if x <= a {
        1.0
    } else {
        (x * b / (x - a * (1.0 - b))).clamp(0.0, 1.0)
    }
}

fn service_level_c(x: f64, a: f64, c: f64, aht: f64, threshold: f64) -> f64 {
    if x <= a {
        0.0
    } else {
        (1.0 - c * (-(x - a) * threshold / aht).exp()).clamp(0.0, 1.0)
    }
}

// ---------------------------------------------------------------------------------------------
// Erlang B and C.

/// Erlang B: the probability that a call finds all `agents` busy and is lost (no queue), for
/// whole or fractional `agents` (see the module docs for the continuous extension).
///
/// ```
/// use support_metrics::erlang::erlang_b;
/// // B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2
/// assert!((erlang_b(2.0, 1.0)? - 0.2).abs() < 1e-15);
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn erlang_b(agents: f64, traffic_erlangs: f64) -> Result<f64> {
    let x = check_agents(agents)?;
    let a = check_rate("traffic_erlangs", traffic_erlangs)?;
    Ok(erlang_b_any(x, a))
}

/// Erlang C: the probability that a call waits (all agents busy on arrival) in M/M/n with
/// infinite patience; 1 when `agents <= traffic` (the queue grows without bound).
///
/// ```
/// use support_metrics::erlang::erlang_c;
/// // C(2, 1): B = 0.2, C = 2·0.2 / (2 − 1·0.8) = 1/3
/// assert!((erlang_c(2.0, 1.0)? - 1.0 / 3.0).abs() < 1e-15);
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn erlang_c(agents: f64, traffic_erlangs: f64) -> Result<f64> {
    let x = check_agents(agents)?;
    let a = check_rate("traffic_erlangs", traffic_erlangs)?;
    if a == 0.0 {
        return Ok(0.0);
    }
    Ok(erlang_c_from_b(x, a, erlang_b_any(x, a)))
}

/// What Erlang C predicts for a number of agents.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ErlangCMetrics {
    /// Agents (whole or fractional).
    pub agents: f64,
    /// Offered load in Erlangs.
    pub traffic_erlangs: f64,
    /// Probability that a call waits at all (Erlang C); 1 when `agents <= traffic`.
    pub probability_of_waiting: f64,
    /// Fraction of calls answered within the threshold; 0 when `agents <= traffic`.
    pub service_level: f64,
    /// Average speed of answer over all calls, seconds; `None` when `agents <= traffic`
    /// (unbounded).
    pub asa_seconds: Option<f64>,
    /// `traffic / agents`, capped at 1 (an overloaded queue keeps every agent busy); `None`
    /// for zero agents.
    pub occupancy: Option<f64>,
}

/// Erlang C's probability of waiting, service level for `threshold_seconds`, ASA and occupancy.
///
/// ```
/// use support_metrics::erlang::erlang_c_metrics;
/// // 10 Erlangs (100 calls × 180 s / 1800 s), 14 agents, 20 s threshold.
/// let m = erlang_c_metrics(14.0, 10.0, 180.0, 20.0)?;
/// assert!((m.probability_of_waiting - 0.1741).abs() < 1e-4);
/// assert!((m.service_level - 0.8884).abs() < 1e-4); // 1 − C·e^{−4·20/180}
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn erlang_c_metrics(
    agents: f64,
    traffic_erlangs: f64,
    aht_seconds: f64,
    threshold_seconds: f64,
) -> Result<ErlangCMetrics> {
    let x = check_agents(agents)?;
    let a = check_rate("traffic_erlangs", traffic_erlangs)?;
    let aht = check_positive_seconds("aht_seconds", aht_seconds)?;
    let t = check_threshold(threshold_seconds)?;
    Ok(c_metrics(x, a, aht, t))
}

fn c_metrics(x: f64, a: f64, aht: f64, t: f64) -> ErlangCMetrics {
    let c = if a == 0.0 {
        0.0
    } else {
        erlang_c_from_b(x, a, erlang_b_any(x, a))
    };
    let stable = x > a;
    ErlangCMetrics {
        agents: x,
        traffic_erlangs: a,
        probability_of_waiting: c,
        service_level: if a == 0.0 {
            1.0
        } else {
            service_level_c(x, a, c, aht, t)
        },
        asa_seconds: stable.then(|| c * aht / (x - a)),
        occupancy: (x > 0.0).then(|| (a / x).min(1.0)),
    }
}

// ---------------------------------------------------------------------------------------------
// Staffing.

/// What a staffing requirement must meet.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StaffingTarget {
    /// Target service level, strictly between 0 and 1 (0.8 for "80/20").
    pub service_level: f64,
    /// The answer-time threshold of the service level, seconds (20 for "80/20").
    pub threshold_seconds: f64,
    /// Highest acceptable occupancy `traffic / agents`, in (0, 1]; 1 (the default) means no
    /// limit.
    #[serde(default = "one")]
    pub max_occupancy: f64,
    /// Fraction of paid time agents are not available to take calls (breaks, training,
    /// absence), in [0, 1); 0 by default. Scheduled agents = agents on the phones /
    /// (1 − shrinkage).
    #[serde(default)]
    pub shrinkage: f64,
    /// The most agents that may be proposed (on the phones); above it the answer is an
    /// `unstaffable` error. 10,000 by default.
    #[serde(default = "default_max_agents")]
    pub max_agents: u32,
}

fn one() -> f64 {
    1.0
}

fn default_max_agents() -> u32 {
    10_000
}

impl StaffingTarget {
    /// A target of `service_level` answered within `threshold_seconds`, with no occupancy
    /// limit, no shrinkage and at most 10,000 agents on the phones.
    #[must_use]
    pub fn new(service_level: f64, threshold_seconds: f64) -> StaffingTarget {
        StaffingTarget {
            service_level,
            threshold_seconds,
            max_occupancy: one(),
            shrinkage: 0.0,
            max_agents: default_max_agents(),
        }
    }

    /// The same target with a maximum occupancy.
    #[must_use]
    pub fn max_occupancy(mut self, max_occupancy: f64) -> StaffingTarget {
        self.max_occupancy = max_occupancy;
        self
    }

    /// The same target with a shrinkage.
    #[must_use]
    pub fn shrinkage(mut self, shrinkage: f64) -> StaffingTarget {
        self.shrinkage = shrinkage;
        self
    }

    /// The same target with another cap on agents.
    #[must_use]
    pub fn max_agents(mut self, max_agents: u32) -> StaffingTarget {
        self.max_agents = max_agents;
        self
    }

    fn validate(&self) -> Result<()> {
        let sl = self.service_level;
        if !(sl > 0.0 && sl < 1.0) {
            return Err(Error::InvalidTarget { value: fmt(sl) });
        }
        check_threshold(self.threshold_seconds)?;
        let occ = self.max_occupancy;
        if !(occ > 0.0 && occ <= 1.0) {
            return Err(Error::InvalidArgument {
                name: "max_occupancy",
                value: fmt(occ),
                expected: "a maximum occupancy in (0, 1]; use 1 for no limit",
            });
        }
        let s = self.shrinkage;
        if !(0.0..1.0).contains(&s) {
            return Err(Error::InvalidArgument {
                name: "shrinkage",
                value: fmt(s),
                expected: "a shrinkage in [0, 1): 0.3 means 30% of paid time is unavailable",
            });
        }
        if self.max_agents == 0 || self.max_agents > MAX_AGENTS {
            return Err(Error::InvalidArgument {
                name: "max_agents",
                value: self.max_agents.to_string(),
                expected: "a whole number of agents from 1 to 1,000,000",
            });
        }
        Ok(())
    }
}

/// Which part of the target decided the number of agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum StaffingLimit {
    /// No calls: no agents needed.
    NoTraffic,
    /// The service-level target.
    ServiceLevel,
    /// The maximum occupancy (it asks for more agents than the service level does).
    Occupancy,
}

/// The agents an interval needs, and what Erlang C predicts with them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Staffing {
    /// Offered load, Erlangs.
    pub traffic_erlangs: f64,
    /// Smallest whole number of agents on the phones meeting the target.
    pub agents: u32,
    /// Smallest real number of agents meeting the target on the continuous extension of
    /// Erlang C (`agents - 1 < agents_fractional <= agents`).
    pub agents_fractional: f64,
    /// Agents to schedule: the smallest whole `m` with `m × (1 − shrinkage) >= agents`.
    pub scheduled_agents: u32,
    /// `agents_fractional / (1 − shrinkage)`.
    pub scheduled_agents_fractional: f64,
    /// Which constraint decided.
    pub limited_by: StaffingLimit,
    /// Erlang C service level with `agents`.
    pub service_level: f64,
    /// Erlang C probability of waiting with `agents`.
    pub probability_of_waiting: f64,
    /// Erlang C average speed of answer with `agents`, seconds.
    pub asa_seconds: f64,
    /// `traffic / agents` (0 when no agents are needed).
    pub occupancy: f64,
}

/// The agents needed for an offered load to meet `target` under Erlang C.
///
/// The whole answer is the smallest `n > traffic` with `SL(n) >= target.service_level` and
/// `traffic / n <= target.max_occupancy`; the fractional answer is the same on the continuous
/// extension (found to 1e-9 agents by regula falsi). Shrinkage then scales both to scheduled
/// agents. Zero traffic needs zero agents.
///
/// ```
/// use support_metrics::erlang::{agents_needed, StaffingTarget};
/// // 10 Erlangs, 180 s AHT, 80% within 20 s: 13 agents give 0.7956, 14 give 0.8884.
/// let target = StaffingTarget::new(0.8, 20.0).shrinkage(0.3);
/// let s = agents_needed(10.0, 180.0, &target)?;
/// assert_eq!(s.agents, 14);
/// assert!(s.agents_fractional > 13.0 && s.agents_fractional < 14.0);
/// assert_eq!(s.scheduled_agents, 20); // 14 / 0.7 = 20
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn agents_needed(
    traffic_erlangs: f64,
    aht_seconds: f64,
    target: &StaffingTarget,
) -> Result<Staffing> {
    let a = check_rate("traffic_erlangs", traffic_erlangs)?;
    let aht = check_positive_seconds("aht_seconds", aht_seconds)?;
    target.validate()?;
    staff(a, aht, target)
}

fn unstaffable(a: f64, target: &StaffingTarget, reason: String) -> Error {
    Error::Unstaffable {
        traffic: fmt(a),
        max_agents: target.max_agents,
        reason,
    }
}

fn staff(a: f64, aht: f64, target: &StaffingTarget) -> Result<Staffing> {
    let t = target.threshold_seconds;
    let goal = target.service_level;
    if a == 0.0 {
        return Ok(Staffing {
            traffic_erlangs: 0.0,
            agents: 0,
            agents_fractional: 0.0,
            scheduled_agents: 0,
            scheduled_agents_fractional: 0.0,
            limited_by: StaffingLimit::NoTraffic,
            service_level: 1.0,
            probability_of_waiting: 0.0,
            asa_seconds: 0.0,
            occupancy: 0.0,
        });
    }
    let max = target.max_agents;
    if a >= f64::from(max) {
        return Err(unstaffable(
            a,
            target,
            format!("a stable queue needs more agents than the {a} Erlangs offered"),
        ));
    }
    // Whole agents for the service level: the recursion carries B(n) upwards.
    let mut b = 1.0;
    let mut n_sl = None;
    // SL − target at the previous whole n (−target while n <= traffic, where SL is 0).
    let mut g_prev = -goal;
    for n in 1..=max {
        let x = f64::from(n);
        b = a * b / (x + a * b);
        if x > a {
            let c = erlang_c_from_b(x, a, b);
            let g = service_level_c(x, a, c, aht, t) - goal;
            if g >= 0.0 {
                n_sl = Some((n, g_prev, g));
                break;
            }
            g_prev = g;
        }
    }
    let Some((n_sl, g_below, g_at)) = n_sl else {
        return Err(unstaffable(
            a,
            target,
            format!(
                "a service level of {goal} within {t} s needs more than {max} agents; \
                 raise max_agents or lower the target"
            ),
        ));
    };
    // Whole agents for the occupancy: the smallest n with a / n <= max_occupancy.
    let occ = target.max_occupancy;
    let x_occ = a / occ;
    let mut n_occ = x_occ.ceil();
    if n_occ > 1.0 && a / (n_occ - 1.0) <= occ {
        n_occ -= 1.0;
    }
    if n_occ > f64::from(max) {
        return Err(unstaffable(
            a,
            target,
            format!(
                "a maximum occupancy of {occ} needs {n_occ} agents; raise max_agents or the \
                 maximum occupancy"
            ),
        ));
    }
    // n_occ <= max <= MAX_AGENTS, so the cast is exact.
    let n_occ = n_occ as u32;
    // Fractional agents for the service level: the root of SL(x) = target on
    // (max(n − 1, a), n], by the Illinois variant of regula falsi (superlinear, and it keeps
    // the bracket, so the answer always meets the target).
    let x_sl = {
        let sl_at = |x: f64| {
            let c = erlang_c_from_b(x, a, erlang_b_real(x, a));
            service_level_c(x, a, c, aht, t) - goal
        };
        let mut hi = f64::from(n_sl);
        let mut lo = (hi - 1.0).max(a);
        // The whole-agent search already knows SL − target at both ends of the bracket.
        let (mut g_lo, mut g_hi) = (g_below, g_at);
        let mut side = 0i8;
        for _ in 0..100 {
            if hi - lo <= 1e-9 || g_hi == 0.0 {
                break;
            }
            let mut mid = (lo * g_hi - hi * g_lo) / (g_hi - g_lo);
            if !(mid > lo && mid < hi) {
                mid = 0.5 * (lo + hi);
            }
            let g = sl_at(mid);
            if g >= 0.0 {
                hi = mid;
                g_hi = g;
                if side == 1 {
                    g_lo *= 0.5;
                }
                side = 1;
            } else {
                lo = mid;
                g_lo = g;
                if side == -1 {
                    g_hi *= 0.5;
                }
                side = -1;
            }
        }
        hi
    };
    let (agents, limited_by) = if n_occ > n_sl {
        (n_occ, StaffingLimit::Occupancy)
    } else {
        (n_sl, StaffingLimit::ServiceLevel)
    };
    let agents_fractional = x_sl.max(x_occ);
    let keep = 1.0 - target.shrinkage;
    let scheduled = scheduled_whole(agents, keep);
    let m = c_metrics(f64::from(agents), a, aht, t);
    Ok(Staffing {
        traffic_erlangs: a,
        agents,
        agents_fractional,
        scheduled_agents: scheduled,
        scheduled_agents_fractional: agents_fractional / keep,
        limited_by,
        service_level: m.service_level,
        probability_of_waiting: m.probability_of_waiting,
        asa_seconds: m.asa_seconds.unwrap_or(f64::INFINITY),
        occupancy: m.occupancy.unwrap_or(0.0),
    })
}

/// The smallest whole `m` with `m × keep >= agents`, with a tolerance of 1e-9 agents so that
/// decimal shrinkages give the arithmetic answer (21 / 0.7 is 30, not the 31 of
/// `ceil(21 / (1 - 0.3))` in binary floating point).
fn scheduled_whole(agents: u32, keep: f64) -> u32 {
    let need = f64::from(agents);
    let mut m = (need / keep).ceil();
    while m > 0.0 && (m - 1.0) * keep >= need - 1e-9 {
        m -= 1.0;
    }
    while m * keep < need - 1e-9 {
        m += 1.0;
    }
    // m <= agents / keep + 1; agents <= 1e6 and keep > 0 — saturate rather than wrap.
    if m >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        m as u32
    }
}

/// A standard planning interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum IntervalLength {
    /// 15 minutes.
    #[serde(rename = "15m")]
    Minutes15,
    /// 30 minutes.
    #[serde(rename = "30m")]
    Minutes30,
    /// 60 minutes.
    #[serde(rename = "60m")]
    Minutes60,
}

impl IntervalLength {
    /// The interval named `15m`, `30m` or `60m` (its JSON form).
    pub fn from_name(name: &str) -> Result<IntervalLength> {
        match name {
            "15m" => Ok(IntervalLength::Minutes15),
            "30m" => Ok(IntervalLength::Minutes30),
            "60m" => Ok(IntervalLength::Minutes60),
            other => Err(Error::InvalidArgument {
                name: "interval",
                value: other.to_string(),
                expected: "\"15m\", \"30m\" or \"60m\"",
            }),
        }
    }

    /// The name of the interval (`15m`, `30m` or `60m`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            IntervalLength::Minutes15 => "15m",
            IntervalLength::Minutes30 => "30m",
            IntervalLength::Minutes60 => "60m",
        }
    }

    /// The length in seconds.
    #[must_use]
    pub fn seconds(self) -> i64 {
        match self {
            IntervalLength::Minutes15 => 900,
            IntervalLength::Minutes30 => 1800,
            IntervalLength::Minutes60 => 3600,
        }
    }
}

/// The forecast of one interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IntervalForecast {
    /// Calls (contacts) expected to arrive in the interval.
    pub calls: f64,
    /// Their average handle time, seconds.
    pub aht_seconds: f64,
}

/// The staffing of every interval of a forecast, for one target. A bad interval (negative
/// calls, a zero AHT, a load too large for `max_agents`) is reported in `errors` with its
/// row; the others are still planned. A bad target fails the whole call.
///
/// ```
/// use support_metrics::erlang::{staffing_plan, IntervalForecast, IntervalLength, StaffingTarget};
/// let forecast = [
///     IntervalForecast { calls: 100.0, aht_seconds: 180.0 }, // 10 Erlangs
///     IntervalForecast { calls: 0.0, aht_seconds: 180.0 },
///     IntervalForecast { calls: -1.0, aht_seconds: 180.0 },
/// ];
/// let plan = staffing_plan(&forecast, IntervalLength::Minutes30, &StaffingTarget::new(0.8, 20.0))?;
/// let agents: Vec<Option<u32>> = plan.values.iter().map(|s| s.map(|s| s.agents)).collect();
/// assert_eq!(agents, [Some(14), Some(0), None]);
/// assert_eq!(plan.errors[0].error.code(), "invalid_rate");
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn staffing_plan(
    forecast: &[IntervalForecast],
    interval: IntervalLength,
    target: &StaffingTarget,
) -> Result<BatchOutput<Staffing>> {
    target.validate()?;
    let seconds = interval.seconds() as f64;
    let mut values = Vec::with_capacity(forecast.len());
    let mut errors = Vec::new();
    for (row, f) in forecast.iter().enumerate() {
        let result = offered_load(f.calls, f.aht_seconds, seconds)
            .and_then(|a| staff(a, f.aht_seconds, target));
        match result {
            Ok(s) => values.push(Some(s)),
            Err(error) => {
                values.push(None);
                errors.push(RowError { row, error });
            }
        }
    }
    Ok(BatchOutput { values, errors })
}

// ---------------------------------------------------------------------------------------------
// Erlang A.

/// What Erlang A (M/M/n+M) predicts for a number of agents.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ErlangAMetrics {
    /// Agents.
    pub agents: u32,
    /// Offered load, Erlangs.
    pub traffic_erlangs: f64,
    /// Probability that a call finds every agent busy and waits.
    pub probability_of_waiting: f64,
    /// Probability that a call abandons before it is answered.
    pub probability_of_abandonment: f64,
    /// Fraction of **offered** calls answered within the threshold (abandons count against,
    /// a call answered at once counts as within).
    pub service_level: f64,
    /// Average wait of the **answered** calls, seconds (0 for calls answered at once); `None`
    /// when no call is answered (zero agents).
    pub asa_seconds: Option<f64>,
    /// Average wait of **all** calls, answered or abandoned, seconds: `P(abandon) × patience`.
    pub mean_wait_seconds: f64,
    /// Average wait of the calls that abandon, seconds; `None` when none do.
    pub average_time_to_abandon_seconds: Option<f64>,
    /// Carried load per agent, `traffic × (1 − P(abandon)) / agents`; `None` for zero agents.
    pub occupancy: Option<f64>,
}

/// Erlang A: agents with a queue whose callers hang up after an exponential patience of mean
/// `patience_seconds`.
///
/// With `x = n·patience/AHT` (`nμ/θ`), `y = traffic·patience/AHT` (`λ/θ`), Erlang B
/// `E = B(n, traffic)` and `tⱼ = yʲ / ((x+1)(x+2)…(x+j))`, the stationary probability of
/// `n + j` calls present is `πₙ·tⱼ` with `πₙ = 1 / (1/E − 1 + Σⱼ tⱼ)` (Garnett, Mandelbaum &
/// Reiman 2002, §2; Mandelbaum & Zeltyn 2007, where `Σⱼ tⱼ` is their `A(x, y)`). By PASTA an
/// arrival finds `j` callers waiting with that probability. Then:
///
/// - `P(wait) = πₙ Σⱼ tⱼ`;
/// - a caller that finds `j` waiting reaches an agent after the sum of exponential stages of
///   rates `nμ + iθ`, `i = j…0` (its *offered* wait `V`), and is answered when its own patience
///   outlasts `V`: `P(answered | j) = x/(x+j+1)`, so
///   `P(abandon) = πₙ Σⱼ tⱼ (j+1)/(x+j+1)` — equal to Mandelbaum & Zeltyn's
///   `P(Ab) = P(wait)·(1 − 1/ρ + 1/(ρA))`, `ρ = traffic/n` (the vectors check both);
/// - exponentially tilting `V` by the patience turns its stages into rates `nμ + iθ`,
///   `i = 1…j+1`, whose sum is distributed as the `(j+1)`-th order statistic of `x+j+1`
///   exponentials of rate `θ` (Rényi's representation), so
///   `P(answered within t | j) = x/(x+j+1) · I_{1−e^{−θt}}(j+1, x+1)` with `I` the regularized
///   incomplete beta function, and `SL(t) = 1 − P(wait) + πₙ Σⱼ tⱼ · that`;
/// - `E[wait; answered | j] = x/(x+j+1) · (1/θ) Σᵢ₌₁^{j+1} 1/(x+i)` (the derivative of the
///   Laplace transform of `V` at `θ`), `ASA = πₙ Σⱼ tⱼ · that / (1 − P(abandon))`;
/// - the mean wait of all calls is `P(abandon)/θ` (Little's law for the abandoning flow).
///
/// The sums run in scaled floating point (no overflow) until the remaining terms cannot move
/// the result.
///
/// ```
/// use support_metrics::erlang::erlang_a;
/// let m = erlang_a(14, 10.0, 180.0, 120.0, 20.0)?;
/// assert!(m.probability_of_abandonment > 0.0 && m.probability_of_abandonment < 0.05);
/// // Abandons shorten the queue for the callers who stay: better than Erlang C's 0.8884.
/// assert!(m.service_level > 0.8884);
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn erlang_a(
    agents: u32,
    traffic_erlangs: f64,
    aht_seconds: f64,
    patience_seconds: f64,
    threshold_seconds: f64,
) -> Result<ErlangAMetrics> {
    let n = check_agents(f64::from(agents))?;
    let a = check_rate("traffic_erlangs", traffic_erlangs)?;
    let aht = check_positive_seconds("aht_seconds", aht_seconds)?;
    let patience = check_positive_seconds("patience_seconds", patience_seconds)?;
    let t = check_threshold(threshold_seconds)?;
    let y = a * patience / aht;
    let x = n * patience / aht;
    if !y.is_finite() || y > MAX_PATIENCE_LOAD || !x.is_finite() {
        return Err(Error::InvalidArgument {
            name: "patience_seconds",
            value: fmt(patience),
            expected: "traffic × patience / AHT of at most 1e7; for callers that patient use \
                       Erlang C",
        });
    }
    if a == 0.0 {
        return Ok(ErlangAMetrics {
            agents,
            traffic_erlangs: 0.0,
            probability_of_waiting: 0.0,
            probability_of_abandonment: 0.0,
            service_level: 1.0,
            asa_seconds: Some(0.0),
            mean_wait_seconds: 0.0,
            average_time_to_abandon_seconds: None,
            occupancy: (agents > 0).then_some(0.0),
        });
    }
    let theta_t = t / patience;
    // Regularized incomplete beta I_p(j+1, b), b = x + 1, p = 1 − e^{−θt}, by
    // I_p(k+1, b) = I_p(k, b) − T_k, T_k = p^k (1−p)^b Γ(k+b)/(Γ(k+1)Γ(b)) (Abramowitz & Stegun §26.5),
    // with T_k carried in logs.
    let b = x + 1.0;
    let ln_p = if theta_t > 0.0 {
        (-(-theta_t).exp_m1()).ln()
    } else {
        f64::NEG_INFINITY
    };
    let mut incomplete_beta = -(-theta_t * b).exp_m1(); // I_p(1, b) = 1 − (1−p)^b
    let mut ln_tk = ln_p - theta_t * b + b.ln(); // ln T_1
                                                 // Scaled sums: s_* = Σ tⱼ·(…) · e^{−scale}.
    let ln_y = y.ln();
    let mut scale = 0.0f64; // running max of ln tⱼ
    let mut ln_t = 0.0f64; // ln t_0 = 0
    let (mut s0, mut s_ans, mut s_sl, mut s_wait) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    let mut harmonic = 0.0f64; // Σ_{i=1}^{j+1} 1/(x+i)
    let mut j = 0.0f64;
    loop {
        if ln_t > scale {
            let shrink = (scale - ln_t).exp();
            s0 *= shrink;
            s_ans *= shrink;
            s_sl *= shrink;
            s_wait *= shrink;
            scale = ln_t;
        }
        let w = (ln_t - scale).exp();
        let answered = x / (x + j + 1.0);
        harmonic += 1.0 / (x + j + 1.0);
        s0 += w;
        s_ans += w * answered;
        s_sl += w * answered * incomplete_beta.clamp(0.0, 1.0);
        s_wait += w * answered * harmonic;
        // Next term.
        let ratio = y / (x + j + 1.0);
        if ratio < 1.0 && w * ratio / (1.0 - ratio) < 1e-17 * s0 {
            break;
        }
        incomplete_beta -= ln_tk.exp();
        ln_tk += ln_p + (j + 1.0 + b).ln() - (j + 2.0).ln();
        ln_t += ln_y - (x + j + 1.0).ln();
        j += 1.0;
    }
    // πₙ·e^{scale} = 1 / ((1/E − 1)·e^{−scale} + s0).
    let e = erlang_b_whole(agents, a);
    let ln_excess = (1.0 - e).ln() - e.ln(); // ln(1/E − 1); −∞ when E = 1, +∞ when E = 0
    let k = (ln_excess - scale).exp() + s0;
    let p_wait = (s0 / k).clamp(0.0, 1.0);
    let p_ab = ((s0 - s_ans) / k).clamp(0.0, 1.0);
    let p_served = 1.0 - p_ab;
    let service_level = (1.0 - p_wait + s_sl / k).clamp(0.0, 1.0);
    let wait_answered = s_wait / k * patience;
    let mean_wait = p_ab * patience;
    Ok(ErlangAMetrics {
        agents,
        traffic_erlangs: a,
        probability_of_waiting: p_wait,
        probability_of_abandonment: p_ab,
        service_level,
        asa_seconds: (p_served > 0.0).then(|| wait_answered / p_served),
        mean_wait_seconds: mean_wait,
        average_time_to_abandon_seconds: (p_ab > 0.0)
            .then(|| ((mean_wait - wait_answered) / p_ab).max(0.0)),
        occupancy: (agents > 0).then(|| a * p_served / n),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_known_values() {
        // Γ(1/2) = √π; Γ(n) = (n−1)!; Γ(3/2) = √π/2.
        let pi = std::f64::consts::PI;
        assert!((ln_gamma(0.5) - 0.5 * pi.ln()).abs() < 1e-14);
        assert!((ln_gamma(1.5) - (0.5 * pi.sqrt()).ln()).abs() < 1e-14);
        let mut fact = 1.0f64;
        for n in 1..=30 {
            assert!((ln_gamma(f64::from(n)) - fact.ln()).abs() < 1e-13 * fact.ln().max(1.0));
            fact *= f64::from(n);
        }
        // ln Γ(1001) = ln 1000! = 5912.128178488163 (Python math.lgamma(1001)).
        assert!((ln_gamma(1001.0) - 5_912.128_178_488_163).abs() < 1e-9);
    }

    #[test]
    fn scheduled_agents_use_decimal_arithmetic() {
        assert_eq!(scheduled_whole(21, 1.0 - 0.3), 30); // ceil(21 / 0.7) is 31 in binary
        assert_eq!(scheduled_whole(14, 1.0 - 0.3), 20);
        assert_eq!(scheduled_whole(15, 1.0 - 0.3), 22); // 21.43 -> 22
        assert_eq!(scheduled_whole(0, 0.5), 0);
        assert_eq!(scheduled_whole(7, 1.0), 7);
    }
}
