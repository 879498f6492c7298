//! Scorecard laws (the hand-derived vectors of `tests/vectors/qa.json` run through `api::call`
//! in `tests/api.rs`).

mod laws {
    use proptest::prelude::*;
    use std::collections::BTreeMap;
    use support_metrics::qa::{Criterion, Review, Scorecard};
    use support_metrics::survey::RatingScale;

    proptest! {
        /// A review score is in [0, 100], a weighted mean of the rated criteria: it lies between
        /// the lowest and highest normalised rating; raising one rating never lowers it.
        #[test]
        fn score_is_a_weighted_mean(
            crit in prop::collection::vec((0.1f64..10.0, 1i64..6, prop::option::of(0i64..6)), 1..8),
        ) {
            let criteria: Vec<Criterion> = crit.iter().enumerate().map(|(i, &(w, max, _))| Criterion {
                id: format!("c{i}"), category: format!("k{}", i % 2), weight: w,
                scale: RatingScale { min: 0, max }, critical_min: None,
            }).collect();
            let card = Scorecard::new(criteria).unwrap();
            let ratings: BTreeMap<String, Option<f64>> = crit.iter().enumerate()
                .map(|(i, &(_, max, r))| (format!("c{i}"), r.map(|r| r.min(max) as f64))).collect();
            let review = Review { review_id: "r".into(), agent: "a".into(), team: None,
                reviewed_at: "2026-01-01T00:00:00Z".parse().unwrap(), ratings: ratings.clone() };
            let rated: Vec<f64> = crit.iter().filter_map(|&(_, max, r)| r.map(|r| 100.0 * r.min(max) as f64 / max as f64)).collect();
            match card.score(&review) {
                Err(e) => prop_assert!(rated.is_empty() && e.code() == "all_not_applicable"),
                Ok(s) => {
                    let lo = rated.iter().cloned().fold(f64::INFINITY, f64::min);
                    let hi = rated.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                    prop_assert!(s.score >= lo - 1e-9 && s.score <= hi + 1e-9);
                    // Raise the first rated criterion to its maximum.
                    if let Some((i, &(_, max, _))) = crit.iter().enumerate().find(|(_, c)| c.2.is_some()) {
                        let mut better = review.clone();
                        better.ratings.insert(format!("c{i}"), Some(max as f64));
                        prop_assert!(card.score(&better).unwrap().score >= s.score - 1e-9);
                    }
                }
            }
        }
    }
}
