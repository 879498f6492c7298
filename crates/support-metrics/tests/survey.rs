//! Survey laws (the hand-derived vectors of `tests/vectors/survey.json` run through `api::call`
//! in `tests/api.rs`).

use support_metrics::stats::StatsOptions;
use support_metrics::survey::{RatingScale, SurveyConfig, SurveyResponse, Surveys};

mod laws {
    use proptest::prelude::*;
    use support_metrics::stats::StatsOptions;
    use support_metrics::survey::{
        CsatDefinition, Rerating, SurveyConfig, SurveyKind, SurveyResponse, Surveys,
    };

    fn response(id: u8, kind: SurveyKind, score: i64, minute: u32) -> SurveyResponse {
        SurveyResponse {
            interaction_id: format!("t{id}"),
            kind,
            score: score as f64,
            responded_at: format!("2026-04-01T10:{:02}:00Z", minute % 60)
                .parse()
                .unwrap(),
            comment: (score % 2 == 0).then(|| "c".to_string()),
            topic: Some(format!("topic{}", id % 3)),
            agent: None,
            attributes: Vec::new(),
        }
    }

    proptest! {
        /// Pushing into two accumulators and merging them gives the same state as pushing all
        /// into one, in any split and order, under both re-rating rules.
        #[test]
        fn merge_equals_whole(
            rows in prop::collection::vec((0u8..12, 0usize..2, 1i64..=5, 0u32..60), 0..40),
            split in 0usize..40,
            first in any::<bool>(),
        ) {
            let config = SurveyConfig {
                rerating: if first { Rerating::First } else { Rerating::Latest },
                ..SurveyConfig::default()
            };
            let kinds = [SurveyKind::Csat, SurveyKind::Ces];
            let rs: Vec<SurveyResponse> =
                rows.iter().map(|&(id, k, s, m)| response(id, kinds[k], s, m)).collect();
            let split = split.min(rs.len());
            let mut whole = Surveys::new(config.clone()).unwrap();
            for r in &rs { whole.push(r).unwrap(); }
            let mut a = Surveys::new(config.clone()).unwrap();
            let mut b = Surveys::new(config).unwrap();
            for r in rs[split..].iter().rev() { b.push(r).unwrap(); }
            for r in &rs[..split] { a.push(r).unwrap(); }
            a.merge(&b).unwrap();
            let opts = StatsOptions::default();
            prop_assert_eq!(a.csat(CsatDefinition::TopBox, &opts).unwrap(), whole.csat(CsatDefinition::TopBox, &opts).unwrap());
            prop_assert_eq!(a.ces(&opts).unwrap().low_effort, whole.ces(&opts).unwrap().low_effort);
            // Serde round trip keeps the state.
            let text = serde_json::to_string(&a).unwrap();
            let back: Surveys = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(a.superseded(), whole.superseded());
            prop_assert_eq!(back, a);
        }

        /// Top box never exceeds Zendesk's share (Zendesk drops neutrals from the denominator
        /// only), and both are in [0, 1].
        #[test]
        fn top_box_at_most_zendesk(scores in prop::collection::vec(1i64..=5, 1..50), bad_max in 1i64..=3) {
            let config = SurveyConfig { csat_bad_max: Some(bad_max), ..SurveyConfig::default() };
            let mut s = Surveys::new(config).unwrap();
            for (i, &x) in scores.iter().enumerate() {
                s.push(&response(i as u8, SurveyKind::Csat, x, i as u32)).unwrap();
            }
            let opts = StatsOptions::default();
            let top = s.csat(CsatDefinition::TopBox, &opts).unwrap().value.unwrap();
            if let Some(z) = s.csat(CsatDefinition::Zendesk, &opts).unwrap().value {
                prop_assert!(top <= z + 1e-15 && z <= 1.0);
            }
            prop_assert!((0.0..=1.0).contains(&top));
        }
    }
}

/// Extreme scales are accepted without overflow (no panic is reachable from the API).
#[test]
fn extreme_scales_do_not_overflow() {
    use support_metrics::qa::{Criterion, Review, Scorecard};
    use support_metrics::survey::SurveyKind;
    let wide = RatingScale {
        min: i64::MIN,
        max: i64::MAX,
    };
    let config = SurveyConfig {
        ces_scale: wide,
        csi_scale: wide,
        ..SurveyConfig::default()
    };
    let mut s = Surveys::new(config).unwrap();
    s.push(&SurveyResponse {
        interaction_id: "a".into(),
        kind: SurveyKind::Ces,
        score: 1e18,
        responded_at: "2026-01-01T00:00:00Z".parse().unwrap(),
        comment: None,
        topic: None,
        agent: None,
        attributes: Vec::new(),
    })
    .unwrap();
    let ces = s.ces(&StatsOptions::default()).unwrap();
    assert_eq!(ces.low_effort.numerator, 1); // 1e18 is above the midpoint 0 (or -0.5)
    let card = Scorecard::new(vec![Criterion {
        id: "c".into(),
        category: "k".into(),
        weight: 1.0,
        scale: wide,
        critical_min: None,
    }])
    .unwrap();
    let review = Review {
        review_id: "r".into(),
        agent: "a".into(),
        team: None,
        reviewed_at: "2026-01-01T00:00:00Z".parse().unwrap(),
        ratings: [("c".to_string(), Some(0.0))].into_iter().collect(),
    };
    let score = card.score(&review).unwrap().score;
    assert!((score - 50.0).abs() < 1e-9, "{score}");
}
