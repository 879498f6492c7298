//! Statistics laws (the scipy/statsmodels vectors of `tests/vectors/stats.json` run through
//! `api::call` in `tests/api.rs`, like every shared vector).

mod laws {
    use proptest::prelude::*;
    use support_metrics::stats::{
        benjamini_hochberg, nps_estimate, proportion_difference, proportion_interval,
        quantile_interval, Moments, NpsCounts, NpsMethod, ProportionMethod, StatsOptions,
    };

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * a.abs().max(b.abs()).max(1.0)
    }

    proptest! {
        /// Merging the moments of two parts gives the moments of the whole.
        #[test]
        fn moments_merge_equals_whole(
            xs in prop::collection::vec(-1e6f64..1e6, 0..60),
            split in 0usize..60,
        ) {
            let split = split.min(xs.len());
            let mut a = Moments::of(&xs[..split]);
            a.merge(&Moments::of(&xs[split..]));
            let whole = Moments::of(&xs);
            prop_assert_eq!(a.count, whole.count);
            prop_assert!(close(a.mean, whole.mean, 1e-9));
            prop_assert!(close(a.m2, whole.m2, 1e-7));
        }

        /// Every interval contains the point estimate, stays in [0, 1], and Clopper–Pearson
        /// contains Jeffreys' (it is the conservative one).
        #[test]
        fn proportion_intervals_are_sane(n in 1u64..5000, frac in 0.0f64..=1.0, level in 0.5f64..0.999) {
            let x = ((n as f64) * frac).floor() as u64;
            let p = x as f64 / n as f64;
            let w = proportion_interval(x, n, level, ProportionMethod::Wilson).unwrap().unwrap();
            let j = proportion_interval(x, n, level, ProportionMethod::Jeffreys).unwrap().unwrap();
            let c = proportion_interval(x, n, level, ProportionMethod::ClopperPearson).unwrap().unwrap();
            for iv in [w, c] {
                prop_assert!(0.0 <= iv.lower && iv.lower <= p + 1e-15 && p <= iv.upper + 1e-15 && iv.upper <= 1.0);
            }
            prop_assert!(c.lower <= j.lower + 1e-12 && j.upper <= c.upper + 1e-12);
            // A higher level gives a wider interval.
            let w2 = proportion_interval(x, n, (level + 1.0) / 2.0, ProportionMethod::Wilson).unwrap().unwrap();
            prop_assert!(w2.lower <= w.lower + 1e-15 && w.upper <= w2.upper + 1e-15);
        }

        /// The order-statistic interval agrees with a naive binomial reference (summed pmf) for
        /// small samples: same ranks, coverage at least the level, each tail at most α/2.
        #[test]
        fn quantile_interval_matches_naive_binomial(n in 1usize..80, q in 0.05f64..0.95, level in 0.5f64..0.99) {
            let xs: Vec<f64> = (0..n).map(|i| i as f64).collect();
            let opts = StatsOptions::default().with_level(level);
            let e = quantile_interval(&xs, q, &opts).unwrap();
            // pmf by the recurrence p(k+1) = p(k) (n−k)/(k+1) · q/(1−q), p(0) = (1−q)^n.
            let mut pmf = vec![(1.0 - q).powi(n as i32)];
            for k in 0..n {
                let next = pmf[k] * (n - k) as f64 / (k + 1) as f64 * q / (1.0 - q);
                pmf.push(next);
            }
            let cdf = |k: usize| pmf[..=k].iter().sum::<f64>();
            let half = (1.0 - level) / 2.0;
            let l = (1..=n).filter(|&r| cdf(r - 1) <= half).max();
            let u = (1..=n).filter(|&r| cdf(r - 1) >= 1.0 - half).min();
            // Skip the rare draws where a CDF value sits within rounding of the cut.
            let near = (0..n).any(|k| (cdf(k) - half).abs() < 1e-12 || (cdf(k) - (1.0 - half)).abs() < 1e-12);
            if !near {
                match (l, u) {
                    (Some(l), Some(u)) => {
                        prop_assert_eq!(e.lower_rank, Some(l as u64));
                        prop_assert_eq!(e.upper_rank, Some(u as u64));
                        let cov = e.coverage.unwrap();
                        prop_assert!((cov - (cdf(u - 1) - cdf(l - 1))).abs() < 1e-9);
                        prop_assert!(cov >= level - 1e-12);
                        let iv = e.interval.unwrap();
                        prop_assert_eq!((iv.lower, iv.upper), (xs[l - 1], xs[u - 1]));
                    }
                    _ => prop_assert!(e.interval.is_none()),
                }
            }
        }

        /// NPS intervals stay in [−100, 100] and the Newcombe interval contains its estimate.
        #[test]
        fn nps_and_difference_intervals_are_sane(p in 0u64..200, a in 0u64..200, d in 0u64..200,
                                                  xa in 0u64..100, xb in 0u64..100, extra in 1u64..100) {
            let c = NpsCounts { promoters: p, passives: a, detractors: d };
            for m in [NpsMethod::AdjustedWald, NpsMethod::Trinomial] {
                let e = nps_estimate(&c, m, &StatsOptions::default()).unwrap();
                if let Some(iv) = e.interval {
                    prop_assert!(-100.0 <= iv.lower && iv.lower <= iv.upper && iv.upper <= 100.0);
                }
            }
            let cmp = proportion_difference(xa, xa + extra, xb, xb + extra, &StatsOptions::default()).unwrap();
            let (est, iv) = (cmp.estimate.unwrap(), cmp.interval.unwrap());
            prop_assert!(iv.lower <= est + 1e-12 && est <= iv.upper + 1e-12);
            prop_assert!(iv.lower >= -1.0 - 1e-12 && iv.upper <= 1.0 + 1e-12);
        }

        /// q-values are at least the p-values, at most 1, and keep their order.
        #[test]
        fn bh_is_monotone(ps in prop::collection::vec(0.0f64..=1.0, 0..40)) {
            let q = benjamini_hochberg(&ps).unwrap();
            for i in 0..ps.len() {
                prop_assert!(q[i] >= ps[i] - 1e-15 && q[i] <= 1.0);
                for j in 0..ps.len() {
                    if ps[i] < ps[j] {
                        prop_assert!(q[i] <= q[j]);
                    }
                }
            }
        }
    }
}

mod sorting {
    use proptest::prelude::*;
    use support_metrics::stats::{sort_total, sorted_total};

    fn value() -> impl Strategy<Value = f64> {
        prop_oneof![
            4 => 0.0f64..1e7,
            1 => -1e7f64..0.0,
            1 => prop::sample::select(vec![0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN,
                -f64::NAN, f64::MIN_POSITIVE, 5e-324, 1.0, 86_400.0]),
            1 => any::<u64>().prop_map(f64::from_bits),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// The radix path (long slices) and the comparison path give `total_cmp` order, bit
        /// for bit.
        #[test]
        fn sort_total_is_total_cmp_order(xs in prop::collection::vec(value(), 0..12_000)) {
            let mut a = xs.clone();
            a.sort_unstable_by(f64::total_cmp);
            let copy = sorted_total(&xs);
            let mut b = xs;
            sort_total(&mut b);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            prop_assert_eq!(bits(&a), bits(&b));
            prop_assert_eq!(bits(&a), bits(&copy));
        }

        /// Whole numbers of seconds (the integer path), alone and with one value that sends
        /// the slice back to the float path (a fraction, `-0.0`, a negative, 2³², NaN).
        #[test]
        fn whole_seconds_sort_as_total_cmp(
            xs in prop::collection::vec(prop_oneof![
                3 => 0u32..200_000,
                1 => any::<u32>(),
                1 => prop::sample::select(vec![0, 1, u32::MAX - 1, u32::MAX]),
            ].prop_map(f64::from), 4_096..10_000),
            odd in prop::option::of(prop::sample::select(vec![0.5, -0.0, -1.0, 4_294_967_296.0,
                f64::NAN, 1e300])),
            at in any::<prop::sample::Index>(),
        ) {
            let mut xs = xs;
            if let Some(o) = odd {
                let i = at.index(xs.len());
                xs[i] = o;
            }
            let mut a = xs.clone();
            a.sort_unstable_by(f64::total_cmp);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            prop_assert_eq!(bits(&a), bits(&sorted_total(&xs)));
            let mut b = xs;
            sort_total(&mut b);
            prop_assert_eq!(bits(&a), bits(&b));
        }
    }
}
