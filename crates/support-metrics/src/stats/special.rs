//! Special functions for the intervals and tests: the normal, Student t and beta distributions.
//!
//! Written here rather than taken from a crate because the core's dependencies are fixed. Every
//! function is checked against scipy (`scripts/gen_stats_vectors.py`, the unit tests below);
//! measured on a 16 000-point sweep: normal functions within 5e-16, t and beta typically 1e-15,
//! worst about 5e-11 relative for parameters above 10⁴ (docs/metrics.md, "Statistics").
//!
//! - `ln Γ`: Stirling's series with eight Bernoulli terms for `x >= 10` (truncation error below
//!   2e-18), shifted up by the recurrence `Γ(x + 1) = x Γ(x)` below that.
//! - `ln B(a, b)`: for a large argument, the difference `ln Γ(a) − ln Γ(a + b)` is taken from the
//!   Stirling series term by term (`ln1p`), so nothing large cancels.
//! - `erfc`: the regularized incomplete gamma function `Q(1/2, z²)`, by its power series for
//!   `z² < 1.5` and its Legendre continued fraction (modified Lentz) above (Numerical Recipes,
//!   3rd ed., §6.2).
//! - normal quantile: Abramowitz & Stegun 26.2.23 as a start, then Halley steps on the accurate
//!   CDF until the step is below one ulp.
//! - regularized incomplete beta `I_x(a, b)`: the continued fraction of Numerical Recipes §6.4
//!   (modified Lentz), on the side of `(a + 1) / (a + b + 2)` where it converges fast; `1 − x` is
//!   passed separately so that it is never computed by cancellation.
//! - Student t and beta quantiles: Newton steps kept inside a bracket that every evaluation
//!   narrows (bisection when a step leaves it), so they always converge.

use std::f64::consts::PI;

const EPS: f64 = f64::EPSILON;
const TINY: f64 = 1e-300;
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// `ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π]` by the Stirling series, for `x >= 10`.
fn stirling_correction(x: f64) -> f64 {
    // B_2k / (2k (2k − 1)) for k = 1..=8.
    const C: [f64; 8] = [
        1.0 / 12.0,
        -1.0 / 360.0,
        1.0 / 1260.0,
        -1.0 / 1680.0,
        1.0 / 1188.0,
        -691.0 / 360_360.0,
        1.0 / 156.0,
        -3617.0 / 122_400.0,
    ];
    let r = 1.0 / x;
    let r2 = r * r;
    let mut acc = 0.0;
    for c in C.iter().rev() {
        acc = acc * r2 + c;
    }
    acc * r
}

/// `ln Γ(x)` for `x > 0`.
pub(crate) fn ln_gamma(x: f64) -> f64 {
    let mut shifted = x;
    let mut prod = 1.0;
    while shifted < 10.0 {
        prod *= shifted;
        shifted += 1.0;
    }
    (shifted - 0.5) * shifted.ln() - shifted + LN_SQRT_2PI + stirling_correction(shifted)
        - prod.ln()
}

/// `ln Γ(a) − ln Γ(a + b)` for `a >= 10`, `b > 0`, without cancellation of large terms.
fn ln_gamma_ratio(a: f64, b: f64) -> f64 {
    let ab = a + b;
    -(a - 0.5) * (b / a).ln_1p() - b * ab.ln() + b + stirling_correction(a)
        - stirling_correction(ab)
}

/// `ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b)` for `a, b > 0`.
pub(crate) fn ln_beta(a: f64, b: f64) -> f64 {
    let (small, large) = if a < b { (a, b) } else { (b, a) };
    if large >= 10.0 {
        ln_gamma(small) + ln_gamma_ratio(large, small)
    } else {
        ln_gamma(small) + ln_gamma(large) - ln_gamma(small + large)
    }
}

/// `erfc(z)` for any finite `z`, to about 1e-15 relative.
pub(crate) fn erfc(z: f64) -> f64 {
    if z.is_nan() {
        return f64::NAN;
    }
    if z < 0.0 {
        return 2.0 - erfc(-z);
    }
    let x = z * z;
    if x < 1.5 {
        // erf(z) = P(1/2, z²) = z e^{−z²} / Γ(1/2) · Σₙ (z²)ⁿ / [(1/2)(3/2)…(n + 1/2)]
        // (NR 6.2.5 with a = 1/2), Γ(1/2) = √π.
        let a = 0.5;
        let (mut sum, mut term) = (1.0 / a, 1.0 / a);
        let mut n = 1.0;
        loop {
            term *= x / (a + n);
            sum += term;
            if term.abs() < sum.abs() * EPS {
                break;
            }
            n += 1.0;
            if n > 500.0 {
                break;
            }
        }
        let erf = z * (-x).exp() / PI.sqrt() * sum;
        1.0 - erf
    } else {
        if x > 750.0 {
            return 0.0;
        }
        // Q(1/2, x) = e^{−x} x^{1/2} / Γ(1/2) · CF, CF by modified Lentz.
        let a = 0.5;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        let mut i = 1.0;
        while i < 1000.0 {
            let an = -i * (i - a);
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
            if (del - 1.0).abs() <= EPS {
                break;
            }
            i += 1.0;
        }
        (-x).exp() * z / PI.sqrt() * h
    }
}

/// The standard normal CDF `Φ(x)`.
pub(crate) fn norm_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// The standard normal survival function `1 − Φ(x)`, accurate in the upper tail.
pub(crate) fn norm_sf(x: f64) -> f64 {
    0.5 * erfc(x / std::f64::consts::SQRT_2)
}

/// The standard normal density.
fn norm_pdf(x: f64) -> f64 {
    (-0.5 * x * x - LN_SQRT_2PI).exp()
}

/// The standard normal quantile `Φ⁻¹(p)` for `0 < p < 1` (±∞ at 0 and 1, NaN outside).
pub(crate) fn norm_ppf(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    if p == 0.5 {
        return 0.0;
    }
    if p > 0.5 {
        // 1 − p is exact here (Sterbenz).
        return -norm_lower_ppf(1.0 - p);
    }
    norm_lower_ppf(p)
}

/// `Φ⁻¹(p)` for `0 < p <= 0.5`.
fn norm_lower_ppf(p: f64) -> f64 {
    // Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4) as the start.
    let t = (-2.0 * p.ln()).sqrt();
    let mut x = -(t
        - (2.515_517 + 0.802_853 * t + 0.010_328 * t * t)
            / (1.0 + 1.432_788 * t + 0.189_269 * t * t + 0.001_308 * t * t * t));
    // Halley's method on Φ(x) − p.
    for _ in 0..8 {
        let e = norm_cdf(x) - p;
        let u = e / norm_pdf(x);
        let step = u / (1.0 + 0.5 * x * u);
        x -= step;
        if step.abs() <= EPS * x.abs().max(1e-300) {
            break;
        }
    }
    x
}

/// The regularized incomplete beta function `I_x(a, b)` with `y = 1 − x` given exactly.
pub(crate) fn beta_inc(a: f64, b: f64, x: f64, y: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if y <= 0.0 {
        return 1.0;
    }
    if x > (a + 1.0) / (a + b + 2.0) {
        return 1.0 - beta_inc_cf(b, a, y, x);
    }
    beta_inc_cf(a, b, x, y)
}

/// `I_x(a, b)` by its continued fraction (converges fast for `x < (a + 1) / (a + b + 2)`).
fn beta_inc_cf(a: f64, b: f64, x: f64, y: f64) -> f64 {
    let ln_x = if x > 0.5 { (-y).ln_1p() } else { x.ln() };
    let ln_y = if y > 0.5 { (-x).ln_1p() } else { y.ln() };
    let front = (a * ln_x + b * ln_y - ln_beta(a, b)).exp() / a;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    let mut m = 1.0;
    while m < 100_000.0 {
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() <= EPS {
            break;
        }
        m += 1.0;
    }
    front * h
}

/// `ln` of the beta density at `x` (with `y = 1 − x`).
fn beta_ln_pdf(a: f64, b: f64, x: f64, y: f64) -> f64 {
    let ln_x = if x > 0.5 { (-y).ln_1p() } else { x.ln() };
    let ln_y = if y > 0.5 { (-x).ln_1p() } else { y.ln() };
    (a - 1.0) * ln_x + (b - 1.0) * ln_y - ln_beta(a, b)
}

/// The beta quantile: the `x` with `I_x(a, b) = p`, for `a, b > 0` and `0 <= p <= 1`.
///
/// The iterate is always `x` itself, so a quantile near 0 keeps its relative precision; the
/// equation is written in whichever tail is smaller (`I_x(a, b) = p` for `p <= ½`,
/// `I_{1−x}(b, a) = 1 − p` above), so `p` near 1 keeps its precision too.
pub(crate) fn beta_ppf(a: f64, b: f64, p: f64) -> f64 {
    if p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let upper = p > 0.5;
    // 1 − p is exact for p > ½ (Sterbenz).
    let q = 1.0 - p;
    let ln_b = ln_beta(a, b);
    // f(x) increases with x and is 0 at the answer.
    let f = |x: f64| {
        let y = 1.0 - x;
        if upper {
            q - beta_inc(b, a, y, x)
        } else {
            beta_inc(a, b, x, y) - p
        }
    };
    // Start from the power law of the tail: I_x ≈ x^a / (a B(a, b)) near 0, the mirror near 1.
    let mut x = if upper {
        1.0 - ((q.ln() + b.ln() + ln_b) / b).exp()
    } else {
        ((p.ln() + a.ln() + ln_b) / a).exp()
    };
    if !(x > 0.0 && x < 1.0) {
        x = a / (a + b);
    }
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for _ in 0..400 {
        let fx = f(x);
        if fx == 0.0 {
            return x;
        }
        if fx < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let step = fx / beta_ln_pdf(a, b, x, 1.0 - x).exp();
        let mut next = x - step;
        if !(next > lo && next < hi && next.is_finite()) {
            next = 0.5 * (lo + hi);
        }
        if (next - x).abs() <= 2.0 * EPS * x || hi - lo <= 2.0 * EPS * lo {
            return next;
        }
        x = next;
    }
    x
}

/// The Student t survival function `P(T > t)` with `df > 0` degrees of freedom.
pub(crate) fn t_sf(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() {
        return f64::NAN;
    }
    if t.is_infinite() {
        return if t > 0.0 { 0.0 } else { 1.0 };
    }
    let t2 = t * t;
    let x = df / (df + t2);
    let y = t2 / (df + t2);
    let tail = 0.5 * beta_inc(0.5 * df, 0.5, x, y);
    if t >= 0.0 {
        tail
    } else {
        1.0 - tail
    }
}

/// The Student t CDF `P(T <= t)`.
pub(crate) fn t_cdf(t: f64, df: f64) -> f64 {
    t_sf(-t, df)
}

/// `ln` of the Student t density.
fn t_ln_pdf(t: f64, df: f64) -> f64 {
    -0.5 * (df + 1.0) * (t * t / df).ln_1p() - 0.5 * df.ln() - ln_beta(0.5 * df, 0.5)
}

/// The Student t quantile for `0 < p < 1` and `df > 0`.
pub(crate) fn t_ppf(p: f64, df: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if p == 0.5 {
        return 0.0;
    }
    if p < 0.5 {
        -t_isf(p, df)
    } else {
        t_isf(1.0 - p, df)
    }
}

/// The `t >= 0` with `P(T > t) = q`, for `0 <= q < 0.5`.
fn t_isf(q: f64, df: f64) -> f64 {
    if q <= 0.0 {
        return f64::INFINITY;
    }
    // Start: the normal quantile with the first two Cornish–Fisher terms.
    let z = -norm_lower_ppf(q);
    let mut t = z
        + (z * z * z + z) / (4.0 * df)
        + (5.0 * z.powi(5) + 16.0 * z * z * z + 3.0 * z) / (96.0 * df * df);
    if !(t.is_finite() && t > 0.0) {
        t = z.max(1.0);
    }
    let (mut lo, mut hi) = (0.0f64, f64::INFINITY);
    for _ in 0..400 {
        let f = t_sf(t, df) - q;
        if f > 0.0 {
            lo = t;
        } else {
            hi = t;
        }
        if f == 0.0 {
            return t;
        }
        let step = -f / t_ln_pdf(t, df).exp();
        let mut next = t - step;
        if !(next > lo && next < hi && next.is_finite()) {
            next = if hi.is_finite() {
                0.5 * (lo + hi)
            } else {
                2.0 * t.max(1.0)
            };
        }
        if (next - t).abs() <= 2.0 * EPS * t || (hi - lo) <= 2.0 * EPS * lo {
            return next;
        }
        t = next;
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64, rel: f64) -> bool {
        (got - want).abs() <= rel * want.abs().max(1e-300)
    }

    #[test]
    fn gamma_and_beta_known_values() {
        // ln Γ(1) = ln Γ(2) = 0, Γ(5) = 24, Γ(1/2) = √π.
        // Absolute: the values are differences of numbers near 13.
        assert!(ln_gamma(1.0).abs() < 1e-14);
        assert!(ln_gamma(2.0).abs() < 1e-14);
        assert!(close(ln_gamma(5.0), 24f64.ln(), 1e-15));
        assert!(close(ln_gamma(0.5), 0.5 * PI.ln(), 1e-14));
        // B(2, 3) = 1!·2!/4! = 1/12; B(1, b) = 1/b.
        assert!(close(ln_beta(2.0, 3.0), (1.0f64 / 12.0).ln(), 1e-14));
        assert!(close(ln_beta(1.0, 250.0), -(250f64.ln()), 1e-14));
        // I_x(1, 1) = x; I_x(1, b) = 1 − (1 − x)^b.
        assert!(close(beta_inc(1.0, 1.0, 0.3, 0.7), 0.3, 4e-15));
        assert!(close(
            beta_inc(1.0, 40.0, 0.01, 0.99),
            1.0 - 0.99f64.powi(40),
            1e-14
        ));
    }

    #[test]
    fn normal_known_values() {
        // Φ(0) = ½; the 97.5% quantile 1.959963984540054 (scipy.stats.norm.ppf(0.975)).
        assert_eq!(norm_cdf(0.0), 0.5);
        assert!(close(norm_ppf(0.975), 1.959_963_984_540_054, 1e-15));
        assert_eq!(norm_ppf(0.5), 0.0);
        // erfc(1) = 0.15729920705028513 (scipy.special.erfc(1)).
        assert!(close(erfc(1.0), 0.157_299_207_050_285_16, 4e-15));
        // erfc(5) = 1.5374597944280349e-12.
        assert!(close(erfc(5.0), 1.537_459_794_428_035e-12, 1e-14));
        for &p in &[1e-300, 1e-20, 1e-5, 0.01, 0.2, 0.4999, 0.7, 0.999_999] {
            let x = norm_ppf(p);
            // Φ's condition number at x is about 1 + x², which bounds what any x can achieve.
            let back = if p < 0.5 { norm_cdf(x) } else { norm_sf(x) };
            let want = if p < 0.5 { p } else { 1.0 - p };
            assert!(
                close(back, want, 8.0 * EPS * (1.0 + x * x)),
                "p {p} x {x} back {back}"
            );
        }
    }

    #[test]
    fn student_t_known_values() {
        // t with 1 df is Cauchy: P(T > 1) = 1/4, the 97.5% quantile is tan(0.475 π).
        assert!(close(t_sf(1.0, 1.0), 0.25, 1e-14));
        assert!(close(t_ppf(0.975, 1.0), (0.475 * PI).tan(), 1e-13));
        // t with 2 df: the quantile is (2p − 1) √(2 / (4 p (1 − p))).
        let p: f64 = 0.975;
        let want = (2.0 * p - 1.0) * (2.0 / (4.0 * p * (1.0 - p))).sqrt();
        assert!(close(t_ppf(p, 2.0), want, 1e-13));
        assert!(close(t_cdf(0.0, 7.0), 0.5, 1e-15));
    }

    #[test]
    fn beta_quantile_inverts() {
        // Beta(1, b): the quantile is 1 − (1 − p)^(1/b).
        let want = -(0.975f64.ln() / 1000.0).exp_m1();
        let got = beta_ppf(1.0, 1000.0, 0.025);
        assert!(close(got, want, 1e-12), "{got} vs {want}");
        for &(a, b) in &[
            (0.5, 0.5),
            (3.5, 17.5),
            (41.0, 2.0),
            (500.5, 499.5),
            (1.0, 1e5),
        ] {
            for &p in &[1e-10, 0.025, 0.3, 0.5, 0.975, 0.999_999] {
                let x = beta_ppf(a, b, p);
                // x is the answer to within 64 ulps (1.4e-14 relative): p lies between the CDF a few ulps
                // either side (compared in the smaller tail, where the check is precise).
                let tail = |x: f64| {
                    if p <= 0.5 {
                        beta_inc(a, b, x, 1.0 - x) - p
                    } else {
                        (1.0 - p) - beta_inc(b, a, 1.0 - x, x)
                    }
                };
                let below = x * (1.0 - 64.0 * EPS);
                let above = (x * (1.0 + 64.0 * EPS)).min(1.0);
                let slack = 1e-14 * p.min(1.0 - p);
                assert!(
                    tail(below) <= slack && tail(above) >= -slack,
                    "a {a} b {b} p {p} x {x}"
                );
            }
        }
    }
}
