//! Contact-centre KPIs: the hand-derived vectors of `tests/vectors/contact_centre.json`, the
//! link to the statistics API, and merge laws.

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use support_metrics::contact_centre::{
    queue_report, AgentState, AgentStateAccumulator, AgentStateInterval, Channel, QueueAccumulator,
    QueueKpis, QueueOptions, QueueRecord,
};
use support_metrics::erlang::IntervalLength;
use support_metrics::stats::{mean_estimate, rate, Moments, StatsOptions};

fn t0() -> DateTime<Utc> {
    "2026-03-02T08:00:00Z".parse().unwrap()
}

#[test]
fn kpis_carry_the_statistics_api_intervals() {
    let records: Vec<QueueRecord> = (0..50)
        .map(|i| QueueRecord {
            id: None,
            channel: Channel::Call,
            queue: "q".into(),
            agent: Some(format!("a{}", i % 3)),
            offered_at: t0() + Duration::seconds(i * 60),
            answered_at: (i % 5 != 0).then(|| t0() + Duration::seconds(i * 60 + (i * 7) % 50)),
            abandoned_at: (i % 5 == 0).then(|| t0() + Duration::seconds(i * 60 + 30)),
            talk_seconds: 100.0 + i as f64,
            hold_seconds: if i % 4 == 0 { 15.0 } else { 0.0 },
            after_call_work_seconds: 20.0,
            transfers: u32::from(i % 7 == 0),
        })
        .collect();
    let stats = StatsOptions::default().with_level(0.9);
    let opts = QueueOptions::new(20.0, "UTC").unwrap();
    let k = queue_report(&records, &opts, &stats).unwrap().total;
    // Independently: 10 abandoned (i % 5 == 0, all at 30 s > 20 s), 40 answered.
    let answered: Vec<i64> = (0..50).filter(|i| i % 5 != 0).collect();
    let within = answered.iter().filter(|&&i| (i * 7) % 50 <= 20).count() as u64;
    assert_eq!((k.answered, k.abandoned), (40, 10));
    assert_eq!(
        k.service_level.abandons_counted_against,
        rate(within, 50, &stats).unwrap()
    );
    assert_eq!(
        k.service_level.abandons_ignored,
        rate(within, 50, &stats).unwrap()
    );
    assert_eq!(k.abandonment_rate, rate(10, 50, &stats).unwrap());
    let held = answered.iter().filter(|&&i| i % 4 == 0).count() as u64;
    assert_eq!(k.hold_rate, rate(held, 40, &stats).unwrap());
    let waits: Vec<f64> = answered.iter().map(|&i| ((i * 7) % 50) as f64).collect();
    let asa = mean_estimate(&Moments::of(&waits), &stats).unwrap();
    assert!((k.asa_seconds.mean.unwrap() - asa.mean.unwrap()).abs() < 1e-12);
    let (got, want) = (k.asa_seconds.interval.unwrap(), asa.interval.unwrap());
    assert!((got.lower - want.lower).abs() < 1e-9 && (got.upper - want.upper).abs() < 1e-9);
    assert_eq!(got.level, 0.9);
}

#[test]
fn accumulators_round_trip_through_json() {
    let opts = QueueOptions::new(20.0, "Europe/Berlin").unwrap();
    let mut acc = QueueAccumulator::new(opts).unwrap();
    acc.push(&QueueRecord {
        id: Some("x".into()),
        channel: Channel::Chat,
        queue: "q".into(),
        agent: Some("ana".into()),
        offered_at: t0(),
        answered_at: Some(t0() + Duration::seconds(12)),
        abandoned_at: None,
        talk_seconds: 60.0,
        hold_seconds: 0.0,
        after_call_work_seconds: 5.0,
        transfers: 0,
    });
    let o: QueueOptions =
        serde_json::from_str(r#"{"threshold_seconds": 20, "timezone": "Europe/Berlin"}"#).unwrap();
    assert_eq!(o, opts);
    let text = serde_json::to_string(&acc).unwrap();
    let back: QueueAccumulator = serde_json::from_str(&text).unwrap();
    assert_eq!(back, acc);
    let mut agents = AgentStateAccumulator::new(IntervalLength::Minutes15, "Asia/Kolkata").unwrap();
    agents.push(&AgentStateInterval {
        agent: "ana".into(),
        state: AgentState::NotReady,
        reason: None,
        start: t0(),
        end: t0() + Duration::minutes(40),
    });
    let back: AgentStateAccumulator =
        serde_json::from_str(&serde_json::to_string(&agents).unwrap()).unwrap();
    assert_eq!(back, agents);
    let report = agents.finish(None);
    assert_eq!(report.by_interval.len(), 3); // 08:00-08:15Z = 13:30-13:45 IST, and so on
    assert_eq!(
        report.total.not_ready_by_reason_seconds["unspecified"],
        2400.0
    );
    // Different options do not merge.
    let other = QueueAccumulator::new(QueueOptions::new(30.0, "Europe/Berlin").unwrap()).unwrap();
    assert_eq!(
        acc.clone().merge(&other).unwrap_err().code(),
        "invalid_argument"
    );
}

fn arb_record() -> impl Strategy<Value = QueueRecord> {
    (
        0i64..(3 * 86_400),
        0i64..200,
        any::<bool>(),
        0usize..3,
        0usize..4,
        0.0f64..600.0,
        prop_oneof![Just(0.0), 1.0f64..120.0],
        0u32..3,
        0u8..20,
    )
        .prop_map(
            |(offset, wait, answered, q, a, talk, hold, transfers, bad)| {
                let offered = t0() + Duration::seconds(offset);
                let at = offered + Duration::seconds(wait);
                let mut r = QueueRecord {
                    id: Some(format!("r{offset}")),
                    channel: Channel::Call,
                    queue: ["billing", "tech", "sales"][q].to_string(),
                    agent: (answered && a < 3).then(|| format!("agent{a}")),
                    offered_at: offered,
                    answered_at: answered.then_some(at),
                    abandoned_at: (!answered).then_some(at),
                    talk_seconds: if answered { talk } else { 0.0 },
                    hold_seconds: if answered { hold } else { 0.0 },
                    after_call_work_seconds: if answered { talk / 10.0 } else { 0.0 },
                    transfers,
                };
                if bad == 0 {
                    r.abandoned_at = Some(at); // both set: rejected
                }
                r
            },
        )
}

fn counts_close(a: &QueueKpis, b: &QueueKpis) -> bool {
    let m = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
        (None, None) => true,
        _ => false,
    };
    a.contacts == b.contacts
        && a.offered == b.offered
        && a.answered == b.answered
        && a.short_abandoned == b.short_abandoned
        && a.service_level == b.service_level
        && a.abandonment_rate == b.abandonment_rate
        && a.abandonment_rate_with_short == b.abandonment_rate_with_short
        && a.hold_rate == b.hold_rate
        && a.transfer_rate == b.transfer_rate
        && m(a.asa_seconds.mean, b.asa_seconds.mean)
        && m(a.asa_seconds.std_dev, b.asa_seconds.std_dev)
        && m(a.aht_seconds.mean, b.aht_seconds.mean)
        && m(
            a.average_time_to_abandon_seconds.mean,
            b.average_time_to_abandon_seconds.mean,
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Pushing records into any number of pieces and merging them gives the whole: counts and
    /// rates exactly, means and deviations to rounding.
    #[test]
    fn queue_merge_equals_whole(records in prop::collection::vec(arb_record(), 0..120),
                                cuts in prop::collection::vec(0usize..120, 0..4),
                                interval in prop_oneof![Just(IntervalLength::Minutes15),
                                                        Just(IntervalLength::Minutes30),
                                                        Just(IntervalLength::Minutes60)]) {
        let opts = QueueOptions::new(20.0, "America/New_York").unwrap()
            .short_abandon_seconds(5.0).interval(interval);
        let stats = StatsOptions::default();
        let mut whole = QueueAccumulator::new(opts).unwrap();
        records.iter().for_each(|r| whole.push(r));
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(records.len())).collect();
        cuts.sort_unstable();
        let mut pieces = Vec::new();
        let mut from = 0;
        for c in cuts.into_iter().chain([records.len()]) {
            let mut acc = QueueAccumulator::new(opts).unwrap();
            records[from..c].iter().for_each(|r| acc.push(r));
            pieces.push(acc);
            from = c;
        }
        let mut merged = QueueAccumulator::new(opts).unwrap();
        for p in &pieces {
            merged.merge(p).unwrap();
        }
        let (a, b) = (whole.finish(&stats).unwrap(), merged.finish(&stats).unwrap());
        prop_assert_eq!(&a.quality, &b.quality);
        prop_assert!(counts_close(&a.total, &b.total));
        prop_assert_eq!(a.by_queue.len(), b.by_queue.len());
        for (k, v) in &a.by_queue {
            prop_assert!(counts_close(v, &b.by_queue[k]));
        }
        for (k, v) in &a.by_agent {
            prop_assert!(counts_close(v, &b.by_agent[k]));
        }
        prop_assert_eq!(a.by_interval.len(), b.by_interval.len());
        for (x, y) in a.by_interval.iter().zip(&b.by_interval) {
            prop_assert_eq!(x.start, y.start);
            prop_assert!(counts_close(&x.kpis, &y.kpis));
        }
        // The breakdowns partition the valid contacts.
        let total: u64 = a.by_interval.iter().map(|i| i.kpis.contacts).sum();
        prop_assert_eq!(total, a.total.contacts);
        let total: u64 = a.by_queue.values().map(|k| k.contacts).sum();
        prop_assert_eq!(total, a.total.contacts);
        prop_assert_eq!(a.total.contacts + a.quality.rows_rejected, records.len() as u64);
    }

    /// Agent time: exact nanoseconds, so any split merges to exactly the whole, and the
    /// interval breakdown conserves time.
    #[test]
    fn agent_merge_equals_whole(spans in prop::collection::vec(
                                    (0usize..3, 0u8..4, 0i64..200_000, 0i64..7_200), 0..60),
                                cut in 0usize..60) {
        let states: Vec<AgentStateInterval> = spans.iter().map(|&(a, s, start, len)| {
            let state = [AgentState::Available, AgentState::Talking, AgentState::AfterCallWork,
                         AgentState::NotReady][usize::from(s)];
            AgentStateInterval {
                agent: format!("agent{a}"),
                state,
                reason: (state == AgentState::NotReady && len % 2 == 0).then(|| "break".into()),
                start: t0() + Duration::seconds(start),
                end: t0() + Duration::seconds(start + len),
            }
        }).collect();
        let new = || AgentStateAccumulator::new(IntervalLength::Minutes15, "Australia/Adelaide").unwrap();
        let mut whole = new();
        states.iter().for_each(|s| whole.push(s));
        let cut = cut.min(states.len());
        let (mut left, mut right) = (new(), new());
        states[..cut].iter().for_each(|s| left.push(s));
        states[cut..].iter().for_each(|s| right.push(s));
        left.merge(&right).unwrap();
        prop_assert_eq!(&left, &whole);
        let report = whole.finish(None);
        let sum: f64 = report.by_interval.iter().map(|i| i.kpis.logged_in_seconds).sum();
        let expected: i64 = spans.iter().map(|s| s.3).sum();
        prop_assert!((sum - expected as f64).abs() < 1e-6);
        prop_assert!((report.total.logged_in_seconds - expected as f64).abs() < 1e-6);
        for k in report.by_agent.values() {
            for r in [k.occupancy, k.utilisation, k.shrinkage].into_iter().flatten() {
                prop_assert!((0.0..=1.0).contains(&r));
            }
        }
    }
}

#[test]
fn extreme_instants_and_inconsistent_counts_do_not_panic() {
    // The first and last instants chrono can represent.
    let (min, max) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    let mut agents =
        AgentStateAccumulator::new(IntervalLength::Minutes60, "Pacific/Kiritimati").unwrap();
    for (start, end) in [
        (min, min + Duration::hours(3)),
        (max - Duration::hours(3), max),
    ] {
        agents.push(&AgentStateInterval {
            agent: "a".into(),
            state: AgentState::Talking,
            reason: None,
            start,
            end,
        });
    }
    let report = agents.finish(None);
    assert_eq!(report.total.logged_in_seconds, 0.0);
    assert_eq!(report.quality.rows_rejected, 2);
    assert_eq!(report.quality.findings[0].code, "out_of_range");
    let mut acc =
        QueueAccumulator::new(QueueOptions::new(20.0, "Pacific/Kiritimati").unwrap()).unwrap();
    let call = QueueRecord {
        id: None,
        channel: Channel::Call,
        queue: "q".into(),
        agent: None,
        offered_at: min,
        answered_at: Some(min + Duration::seconds(5)),
        abandoned_at: None,
        talk_seconds: 0.0,
        hold_seconds: 0.0,
        after_call_work_seconds: 0.0,
        transfers: 0,
    };
    assert_eq!(call.validate().unwrap_err().code(), "out_of_range");
    acc.push(&call);
    assert_eq!(acc.total().contacts, 0);
    // The last supported instant itself is fine.
    let last = support_metrics::calendar::max_instant();
    acc.push(&QueueRecord {
        offered_at: last,
        answered_at: Some(last),
        ..call
    });
    assert_eq!(acc.total().answered, 1);
    acc.finish(&StatsOptions::default()).unwrap();
    // Counts put together by hand that contradict each other: an error, not a panic.
    let counts = support_metrics::contact_centre::QueueCounts {
        contacts: 1,
        short_abandoned: 3,
        abandoned_within: 2,
        answered_within: 5,
        ..Default::default()
    };
    assert_eq!(
        counts.kpis(&StatsOptions::default()).unwrap_err().code(),
        "count_exceeds_total"
    );
}
