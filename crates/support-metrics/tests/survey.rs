//! The golden vectors of `tests/vectors/survey.json` (hand-derived), plus survey laws.
//!
//! An expectation lists only the fields it checks: objects are compared on the expected keys,
//! numbers to 1e-9 (absolute, or relative above 1), everything else exactly.

use serde_json::{json, Map, Value};
use support_metrics::stats::StatsOptions;
use support_metrics::survey::{CsatDefinition, RatingScale, SurveyConfig, SurveyResponse, Surveys};
use support_metrics::Result;

pub const VECTORS: &str = include_str!("vectors/survey.json");

/// Compares `got` with `want` on the keys `want` has.
pub fn subset(got: &Value, want: &Value, path: &str, diffs: &mut Vec<String>) {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            for (k, wv) in w {
                match g.get(k) {
                    Some(gv) => subset(gv, wv, &format!("{path}.{k}"), diffs),
                    None => diffs.push(format!("{path}.{k}: missing")),
                }
            }
        }
        (Value::Array(g), Value::Array(w)) if g.len() == w.len() => {
            for (i, (a, b)) in g.iter().zip(w).enumerate() {
                subset(a, b, &format!("{path}[{i}]"), diffs);
            }
        }
        _ => crate::stats::agree(got, want, path, diffs),
    }
}

fn run(op: &str, a: &Value) -> Result<Value> {
    if op == "csat_definition" {
        return Ok(json!(CsatDefinition::parse(
            a["name"].as_str().expect("name")
        )?));
    }
    if op == "check_score" {
        let scale: RatingScale = serde_json::from_value(a["scale"].clone()).expect("scale");
        let score = crate::stats::number(&a["score"]);
        return Ok(json!(scale.check(score, a["what"].as_str().expect("what"))?));
    }
    assert_eq!(op, "surveys", "unknown op");
    let config: SurveyConfig = serde_json::from_value(a["config"].clone()).expect("config");
    let mut s = Surveys::new(config)?;
    let mut out = Map::new();
    if let Some(text) = a["csv"].as_str() {
        let q = s.push_csv(text)?;
        out.insert("quality".into(), json!(q));
    }
    for r in a["responses"].as_array().into_iter().flatten() {
        let r: SurveyResponse = serde_json::from_value(r.clone()).expect("a response");
        s.push(&r)?;
    }
    let opts = StatsOptions::default();
    for (key, def) in [
        ("csat_top_box", CsatDefinition::TopBox),
        ("csat_zendesk", CsatDefinition::Zendesk),
        ("csat_mean_rating", CsatDefinition::MeanRating),
        ("csat_help_scout", CsatDefinition::HelpScout),
    ] {
        out.insert(key.into(), json!(s.csat(def, &opts)?));
    }
    out.insert("nps".into(), json!(s.nps(&opts)?));
    out.insert("ces".into(), json!(s.ces(&opts)?));
    out.insert("csi".into(), json!(s.csi()?));
    out.insert("comment_rate".into(), json!(s.comment_rate(None, &opts)?));
    out.insert(
        "answers".into(),
        json!({"pushed": s.answers_pushed(), "kept": s.answers_kept(), "superseded": s.superseded()}),
    );
    out.insert("csat_by_agent".into(), json!(s.csat_by_agent(&opts)?));
    out.insert(
        "low_score_by_topic".into(),
        json!(s.low_score_by_topic(&opts)?),
    );
    if let Some(sent) = a["sent"].as_u64() {
        out.insert(
            "response_rate".into(),
            json!(s.response_rate(None, sent, &opts)?),
        );
    }
    Ok(Value::Object(out))
}

#[test]
fn survey_vectors() {
    let doc: Value = serde_json::from_str(VECTORS).expect("survey.json is JSON");
    assert_eq!(doc["format"], 1);
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 20);
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().expect("name");
        assert!(!case["checked"].as_str().unwrap_or_default().is_empty());
        let want = &case["expect"];
        let got = run(case["op"].as_str().expect("op"), &case["args"]);
        match (want.get("error").and_then(Value::as_str), got) {
            (Some(code), Err(e)) if e.code() == code => {}
            (Some(code), got) => failures.push(format!("{name}: expected {code}, got {got:?}")),
            (None, Ok(v)) => {
                let mut diffs = Vec::new();
                subset(&v, want, "", &mut diffs);
                if !diffs.is_empty() {
                    failures.push(format!("{name}: {}", diffs.join("; ")));
                }
            }
            (None, Err(e)) => failures.push(format!("{name}: unexpected error {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

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
