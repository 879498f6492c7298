//! Statistics shared by every metric: exact quantiles and summaries, and honest inference —
//! every rate, score and mean with a confidence interval, comparisons with p-values.
//!
//! Percentiles use linear interpolation between closest ranks, numpy's default
//! (`method="linear"`, Hyndman & Fan type 7): for sorted values `x[0..n]` and `q` in `[0, 1]`,
//! `h = (n - 1) q`, and the result is `x[⌊h⌋] + (h - ⌊h⌋) (x[⌊h⌋ + 1] - x[⌊h⌋])`.
//! An empty sample has no quantile: `None`, never NaN or 0.
//!
//! Inference lives in submodules and is re-exported here: [`rate`] and [`proportion_interval`]
//! (Wilson, Jeffreys, Clopper–Pearson), [`Moments`] and [`mean_estimate`] (t interval),
//! [`nps_estimate`] (adjusted Wald, trinomial), [`quantile_interval`] (order statistics),
//! [`proportion_difference`], [`nps_difference`] and [`welch_t_test`] ([`Comparison`]),
//! [`benjamini_hochberg`], and the distribution functions they are built on
//! ([`normal_quantile`], [`student_t_quantile`], [`beta_quantile`], ...), written in this crate
//! to double precision (see `special.rs`). Formulas and sources: docs/metrics.md, "Statistics".

use serde::{Deserialize, Serialize};

mod compare;
mod interval;
mod nps;
mod special;

pub use compare::{
    benjamini_hochberg, proportion_difference, quantile_interval, welch_t_test, Comparison,
    QuantileEstimate,
};
pub use interval::{
    mean_estimate, proportion_interval, rate, Interval, MeanEstimate, Moments, ProportionMethod,
    Rate, StatsOptions, DEFAULT_MIN_N,
};
pub use nps::{nps_difference, nps_estimate, NpsCounts, NpsEstimate, NpsMethod};

/// The standard normal CDF `Φ(x)`; `None` for NaN.
#[must_use]
pub fn normal_cdf(x: f64) -> Option<f64> {
    (!x.is_nan()).then(|| special::norm_cdf(x))
}

/// The standard normal upper tail `1 − Φ(x)`, accurate far in the tail; `None` for NaN.
#[must_use]
pub fn normal_sf(x: f64) -> Option<f64> {
    (!x.is_nan()).then(|| special::norm_sf(x))
}

/// The standard normal quantile `Φ⁻¹(p)`; `None` unless `0 < p < 1`.
///
/// ```
/// use support_metrics::stats::normal_quantile;
/// assert!((normal_quantile(0.975).unwrap() - 1.959963984540054).abs() < 1e-15);
/// assert_eq!(normal_quantile(1.0), None);
/// ```
#[must_use]
pub fn normal_quantile(p: f64) -> Option<f64> {
    (p > 0.0 && p < 1.0).then(|| special::norm_ppf(p))
}

/// The Student t CDF with `df > 0` degrees of freedom (not necessarily whole, as in Welch's
/// test); `None` for NaN or `df <= 0`.
#[must_use]
pub fn student_t_cdf(t: f64, df: f64) -> Option<f64> {
    (!t.is_nan() && df > 0.0 && df.is_finite()).then(|| special::t_cdf(t, df))
}

/// The Student t upper tail `P(T > t)`; `None` for NaN or `df <= 0`.
#[must_use]
pub fn student_t_sf(t: f64, df: f64) -> Option<f64> {
    (!t.is_nan() && df > 0.0 && df.is_finite()).then(|| special::t_sf(t, df))
}

/// The Student t quantile; `None` unless `0 < p < 1` and `df > 0`.
///
/// ```
/// use support_metrics::stats::student_t_quantile;
/// // scipy.stats.t.ppf(0.975, 10) = 2.228138851986274
/// assert!((student_t_quantile(0.975, 10.0).unwrap() - 2.228138851986274).abs() < 1e-13);
/// ```
#[must_use]
pub fn student_t_quantile(p: f64, df: f64) -> Option<f64> {
    (p > 0.0 && p < 1.0 && df > 0.0 && df.is_finite()).then(|| special::t_ppf(p, df))
}

/// The regularized incomplete beta function `I_x(a, b)`; `None` unless `a, b > 0` and
/// `0 <= x <= 1`.
#[must_use]
pub fn beta_cdf(x: f64, a: f64, b: f64) -> Option<f64> {
    let ok = (0.0..=1.0).contains(&x) && a > 0.0 && b > 0.0 && a.is_finite() && b.is_finite();
    ok.then(|| special::beta_inc(a, b, x, 1.0 - x))
}

/// The beta quantile: the `x` with `I_x(a, b) = p`; `None` unless `a, b > 0` and
/// `0 <= p <= 1`.
#[must_use]
pub fn beta_quantile(p: f64, a: f64, b: f64) -> Option<f64> {
    let ok = (0.0..=1.0).contains(&p) && a > 0.0 && b > 0.0 && a.is_finite() && b.is_finite();
    ok.then(|| special::beta_ppf(a, b, p))
}

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
    quantile_of(sorted.len(), q, |i| sorted.get(i).copied())
}

/// [`quantile_sorted`] of `len` sorted values, the `i`-th read by `at(i)`.
fn quantile_of(len: usize, q: f64, at: impl Fn(usize) -> Option<f64>) -> Option<f64> {
    if len == 0 || !(0.0..=1.0).contains(&q) {
        return None;
    }
    let h = (len - 1) as f64 * q;
    let lo = h.floor() as usize;
    let x_lo = at(lo)?;
    match at(lo + 1).filter(|_| lo + 1 < len) {
        Some(x_hi) => Some(x_lo + (h - lo as f64) * (x_hi - x_lo)),
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
        sort_total(values);
        Summary::of_sorted(values)
    }

    /// [`Summary::of_sorted`] of whole numbers sorted ascending, bit for bit, without
    /// converting them to floats first. Why: a scorecard's million whole-second durations
    /// would take a second copy of 8 bytes each. The mean is the exact integer sum's while
    /// that sum is below 2⁵³: then every partial sum of [`neumaier_sum`] is exact too, so it
    /// gives the same; past it, the floats' path.
    pub(crate) fn of_sorted_whole(sorted: &[u32]) -> Option<Summary> {
        let sum: u64 = sorted.iter().map(|&x| u64::from(x)).sum();
        if sum >= 1 << f64::MANTISSA_DIGITS {
            let floats: Vec<f64> = sorted.iter().map(|&x| f64::from(x)).collect();
            return Summary::of_sorted(&floats);
        }
        let mean = sum as f64 / sorted.len() as f64;
        Summary::of_sorted_by(sorted.len(), mean, |i| sorted.get(i).map(|&x| f64::from(x)))
    }

    /// Summarises values already sorted ascending. `None` for an empty sample.
    #[must_use]
    pub fn of_sorted(sorted: &[f64]) -> Option<Summary> {
        Summary::of_sorted_by(sorted.len(), mean(sorted)?, |i| sorted.get(i).copied())
    }

    /// The summary of `len` values sorted ascending, the `i`-th read by `at(i)`, with their
    /// `mean`: the one place that says which order statistics a summary holds.
    fn of_sorted_by(len: usize, mean: f64, at: impl Fn(usize) -> Option<f64>) -> Option<Summary> {
        let q = |p| quantile_of(len, p, &at);
        Some(Summary {
            count: len as u64,
            mean,
            min: at(0)?,
            median: q(0.5)?,
            p75: q(0.75)?,
            p90: q(0.9)?,
            p95: q(0.95)?,
            max: at(len.checked_sub(1)?)?,
        })
    }
}

/// Sorts in [`f64::total_cmp`] order. Large slices go through an LSD radix sort: on 4-byte
/// integer keys when every value is a whole number from 0 to 2³² − 1 (durations of instants
/// stamped to the second), else on the floats' order-preserving bit pattern (11 bits a pass,
/// skipping digits every value shares). Either is several times cheaper than a comparison
/// sort for the million-value duration samples of a catalogue; the order, and so every
/// percentile, is exactly the comparison sort's.
pub fn sort_total(values: &mut [f64]) {
    if values.len() < RADIX_FROM {
        values.sort_unstable_by(f64::total_cmp);
        return;
    }
    if let Some(keys) = sorted_whole(&[&*values]) {
        for (v, k) in values.iter_mut().zip(keys) {
            *v = f64::from(k);
        }
        return;
    }
    let sorted = sorted_total(values);
    for (v, x) in values.iter_mut().zip(sorted) {
        *v = x;
    }
}

/// Below this many values a comparison sort is cheaper than the radix passes.
const RADIX_FROM: usize = 4096;

/// A sorted copy in [`f64::total_cmp`] order (see [`sort_total`]), without first copying the
/// input: the radix passes read it directly.
#[must_use]
pub fn sorted_total(values: &[f64]) -> Vec<f64> {
    sorted_total_parts(&[values])
}

/// [`sorted_total`] of the values of several slices together, without first concatenating
/// them: the radix passes read the slices directly (a report's parts keep their samples apart
/// until they are sorted, instead of copying one part's behind the other's).
pub(crate) fn sorted_total_parts(parts: &[&[f64]]) -> Vec<f64> {
    let all = || parts.iter().flat_map(|p| p.iter().copied());
    let len = parts.iter().map(|p| p.len()).sum::<usize>();
    if len < RADIX_FROM {
        let mut v: Vec<f64> = all().collect();
        v.sort_unstable_by(f64::total_cmp);
        return v;
    }
    if let Some(keys) = sorted_whole(parts) {
        return keys.into_iter().map(f64::from).collect();
    }
    // Negative floats reverse their bits' order and sort below the positives.
    let key = |x: f64| {
        let b = x.to_bits();
        if b >> 63 == 1 {
            !b
        } else {
            b | 1 << 63
        }
    };
    let unkey = |k: u64| {
        if k >> 63 == 1 {
            f64::from_bits(k & !(1 << 63))
        } else {
            f64::from_bits(!k)
        }
    };
    let keys: Vec<u64> = all().map(key).collect();
    let keys = radix_sort(keys, (0..64).step_by(11), |k, s| {
        ((k >> s) & 0x7ff) as usize
    });
    keys.into_iter().map(unkey).collect()
}

/// The integer path of [`sort_total`] and [`sorted_total`]: whole numbers from 0 to 2³² − 1,
/// sorted as 4-byte keys in two passes of up to 12 bits when the largest is under 2²⁴ (194
/// days of seconds), else three of up to 11: a third to a quarter of the float path's time
/// (1M values: 5–8 ms against 18–21 ms).
/// `None` when any value is not one of them (a fraction, a negative, `-0.0`, NaN or
/// infinite): the float path sorts those.
fn sorted_whole(parts: &[&[f64]]) -> Option<Vec<u32>> {
    let mut keys = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
    let mut max = 0u32;
    for &x in parts.iter().flat_map(|p| p.iter()) {
        // The conversion saturates and truncates: only a value it keeps bit for bit is whole
        // and in range (`-0.0` comes back as `+0.0`, so it does not qualify either).
        let k = x as u32;
        if f64::from(k).to_bits() != x.to_bits() {
            return None;
        }
        max = max.max(k);
        keys.push(k);
    }
    Some(sorted_u32(keys, max))
}

/// Whole numbers sorted, `max` their largest, by the radix passes of [`sorted_whole`] (fewer
/// than [`RADIX_FROM`] of them by comparison, which is faster there).
pub(crate) fn sorted_u32(keys: Vec<u32>, max: u32) -> Vec<u32> {
    sorted_by_u32(keys, max, |k| k)
}

/// Items sorted by a 4-byte key, `max` the largest key, by the same radix passes as
/// [`sorted_u32`], or by comparison below [`RADIX_FROM`] items (unstable there: the module's
/// size; items with equal keys keep their order only on the radix path). Why: a scorecard
/// sorts its whole-second durations with each one's group tag beside it, and hands each group
/// its values already in order instead of sorting every group again.
pub(crate) fn sorted_by_u32<K: Copy + Default>(
    keys: Vec<K>,
    max: u32,
    key: impl Fn(K) -> u32,
) -> Vec<K> {
    if keys.len() < RADIX_FROM {
        let mut keys = keys;
        keys.sort_unstable_by_key(|&k| key(k));
        return keys;
    }
    let bits = u32::BITS - max.leading_zeros();
    let passes = if bits <= 24 { 2 } else { 3 };
    let width = bits.div_ceil(passes).max(1);
    let mask = (1u32 << width) - 1;
    let shifts = (0..passes).map(|p| p * width);
    radix_sort(keys, shifts, |k, s| ((key(k) >> s) & mask) as usize)
}

/// LSD radix sort of `keys` by the digits at `shifts` (least significant first), skipping a
/// digit every key shares. `digit_at(k, s)` is the digit of `k` at shift `s`, of at most 12
/// bits.
fn radix_sort<K: Copy + Default>(
    mut keys: Vec<K>,
    shifts: impl Iterator<Item = u32>,
    digit_at: impl Fn(K, u32) -> usize,
) -> Vec<K> {
    let mut other = vec![K::default(); keys.len()];
    let mut counts = [0usize; 4097];
    for shift in shifts {
        // `& 0xfff` lets the compiler see every index in range.
        let digit = |k: K| digit_at(k, shift) & 0xfff;
        counts.fill(0);
        for &k in &keys {
            counts[digit(k) + 1] += 1;
        }
        if counts.contains(&keys.len()) {
            continue; // every key has the same digit here
        }
        for d in 1..counts.len() {
            counts[d] += counts[d - 1];
        }
        for &k in &keys {
            let pos = &mut counts[digit(k)];
            if let Some(slot) = other.get_mut(*pos) {
                *slot = k;
            }
            *pos += 1;
        }
        std::mem::swap(&mut keys, &mut other);
    }
    keys
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
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// Tagged items sorted by their keys are the same items in a stable comparison sort's
        /// key order, on both radix paths (two passes for keys of up to 24 bits, three for
        /// wider ones; there in its very order) and the comparison path (fewer than 4,096
        /// items); and the whole numbers' summary is the floats' summary of the same values,
        /// bit for bit.
        #[test]
        fn keyed_sort_and_whole_summary(
            keys in prop_oneof![Just(300u32), Just(10_000_000), Just(u32::MAX)]
                .prop_flat_map(|top| prop::collection::vec(0..=top, 0..6_000)),
        ) {
            let max = keys.iter().copied().max().unwrap_or(0);
            let tagged: Vec<u64> = keys
                .iter()
                .enumerate()
                .map(|(i, &k)| u64::from(k) << 32 | i as u64)
                .collect();
            let mut expected = tagged.clone();
            expected.sort_by_key(|&t| t >> 32);
            let sorted = sorted_by_u32(tagged, max, |t| (t >> 32) as u32);
            if sorted.len() >= RADIX_FROM {
                prop_assert_eq!(&sorted, &expected);
            }
            let key_order = |v: &[u64]| v.iter().map(|&t| t >> 32).collect::<Vec<_>>();
            prop_assert_eq!(key_order(&sorted), key_order(&expected));
            let (mut a, mut b) = (sorted.clone(), expected.clone());
            a.sort_unstable();
            b.sort_unstable();
            prop_assert_eq!(a, b);
            let whole: Vec<u32> = sorted.iter().map(|&t| (t >> 32) as u32).collect();
            let floats: Vec<f64> = whole.iter().map(|&x| f64::from(x)).collect();
            prop_assert_eq!(Summary::of_sorted_whole(&whole), Summary::of_sorted(&floats));
        }
        /// Slices sorted together are their concatenation sorted by a comparison sort, bit
        /// for bit, on both radix paths (whole values, or any float among them) and the short
        /// comparison path.
        #[test]
        fn parts_sort_as_their_concatenation(
            parts in prop::collection::vec(prop::collection::vec(prop_oneof![
                4 => (0u32..100_000).prop_map(f64::from),
                1 => prop::sample::select(vec![0.5, -0.0, -1.0, f64::NAN, 1e300, 4_294_967_296.0]),
            ], 0..5_000), 0..4),
            whole in any::<bool>(),
        ) {
            let parts: Vec<Vec<f64>> = parts
                .into_iter()
                .map(|p| if whole { p.into_iter().map(|x| x.abs().floor().min(1e9)).collect() } else { p })
                .collect();
            let slices: Vec<&[f64]> = parts.iter().map(Vec::as_slice).collect();
            let mut all: Vec<f64> = parts.concat();
            all.sort_unstable_by(f64::total_cmp);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            prop_assert_eq!(bits(&sorted_total_parts(&slices)), bits(&all));
        }
    }

    /// Whole numbers summarise as their floats: hand-checked small samples, none for an
    /// empty one, and a sample whose sum passes 2⁵³ (the floats' path).
    #[test]
    fn whole_summary() {
        assert_eq!(Summary::of_sorted_whole(&[]), None);
        let s = Summary::of_sorted_whole(&[15, 20, 35, 40, 50]).unwrap();
        assert_eq!((s.count, s.mean, s.min, s.median), (5, 32.0, 15.0, 35.0));
        assert_eq!((s.p75, s.p90, s.max), (40.0, 46.0, 50.0));
        let one = Summary::of_sorted_whole(&[7]).unwrap();
        assert_eq!(
            (one.mean, one.median, one.p95, one.max),
            (7.0, 7.0, 7.0, 7.0)
        );
        let mut big = vec![1u32; 10];
        big.extend(std::iter::repeat(u32::MAX).take(2_100_000));
        let floats: Vec<f64> = big.iter().map(|&x| f64::from(x)).collect();
        assert!(floats.iter().sum::<f64>() > 2f64.powi(53));
        assert_eq!(Summary::of_sorted_whole(&big), Summary::of_sorted(&floats));
    }

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
