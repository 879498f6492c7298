//! The catalogue on a hand-derived set, and the laws of its accumulators.

use chrono::Duration;
use proptest::prelude::*;
use support_metrics::interaction::{Channel, Event, EventKind, Interaction, Status};
use support_metrics::metrics::{
    agent_ranking, repeat_contacts, ticket_breakdown, ticket_report, volume_by_period,
    BreakdownOptions, Dimension, FcrPreset, Part, Period, Prepared, QuantileMode, QuantileSketch,
    RankBy, TicketAccumulator, TicketInput, TicketOptions,
};
use support_metrics::sla::TimeBasis;
use support_metrics::BusinessCalendar;

use super::{at, office};

fn ev(t: &str, kind: EventKind) -> Event {
    Event::new(at(t), kind)
}

fn solved(t: &str) -> Event {
    ev(
        t,
        EventKind::StatusChange {
            status: Status::Solved,
        },
    )
}

fn it(
    id: &str,
    ch: Channel,
    agent: &str,
    customer: &str,
    created: &str,
    events: Vec<Event>,
) -> Interaction {
    let mut i = Interaction::new(id, ch, at(created));
    i.assignee = Some(agent.into());
    i.customer_id = Some(customer.into());
    i.events = events;
    i
}

/// Six interactions (2026-03-02 is a Monday), described in the test below.
fn set() -> Vec<Interaction> {
    use EventKind::*;
    let mut i1 = it(
        "I1",
        Channel::Email,
        "ana",
        "c1",
        "2026-03-02T09:00:00Z",
        vec![
            ev("2026-03-02T09:30:00Z", AgentReply).actor("ana"),
            solved("2026-03-02T10:00:00Z"),
        ],
    );
    i1.topic = Some("billing".into());
    let i2 = it(
        "I2",
        Channel::Chat,
        "bo",
        "c2",
        "2026-03-02T09:00:00Z",
        vec![
            ev("2026-03-02T09:10:00Z", AgentReply).actor("bo"),
            ev("2026-03-02T09:20:00Z", CustomerMessage),
            ev("2026-03-02T09:40:00Z", AgentReply).actor("bo"),
            solved("2026-03-02T09:50:00Z"),
        ],
    );
    let mut i3 = it(
        "I3",
        Channel::Email,
        "ana",
        "c1",
        "2026-03-04T09:00:00Z",
        vec![
            ev("2026-03-04T09:01:00Z", BotMessage),
            solved("2026-03-04T09:05:00Z"),
        ],
    );
    i3.topic = Some("login".into());
    let i4 = it(
        "I4",
        Channel::Chat,
        "bo",
        "c3",
        "2026-03-02T09:00:00Z",
        vec![
            ev("2026-03-02T09:15:00Z", AgentReply).actor("bo"),
            solved("2026-03-02T09:30:00Z"),
            ev("2026-03-02T11:00:00Z", CustomerMessage),
            ev(
                "2026-03-02T11:00:00Z",
                StatusChange {
                    status: Status::Open,
                },
            ),
            ev("2026-03-02T11:30:00Z", AgentReply).actor("ana"),
            solved("2026-03-02T12:00:00Z"),
        ],
    );
    let i5 = it(
        "I5",
        Channel::Email,
        "ana",
        "c4",
        "2026-03-02T09:00:00Z",
        vec![ev("2026-03-02T10:00:00Z", Escalation { tier: "2".into() })],
    );
    let i6 = it(
        "I6",
        Channel::Email,
        "ana",
        "c9",
        "2026-03-02T09:00:00Z",
        vec![ev("2026-03-02T09:01:00Z", Spam)],
    );
    vec![i1, i2, i3, i4, i5, i6]
}

fn frac(r: &support_metrics::stats::Rate) -> (u64, u64) {
    (r.numerator, r.denominator)
}

#[test]
fn catalogue_on_a_hand_checked_set() {
    let cal = office();
    for time in [TimeBasis::Calendar, TimeBasis::Business] {
        // Every span lies in Mon/Wed 09:00-17:00, so business time equals clock time.
        let opts = TicketOptions::default()
            .time(time)
            .as_of(at("2026-03-04T12:00:00Z"));
        let r = ticket_report(&set(), &cal, None, &opts).unwrap();
        assert_eq!((r.interactions, r.excluded_spam), (5, 1));
        // FRT: I1 1800, I2 600, I4 900; I3 and I5 have no agent reply.
        let f = r.first_response_time;
        let s = f.summary.unwrap();
        assert_eq!(
            (f.count, f.excluded, s.mean, s.median, s.min, s.max),
            (3, 2, 1100.0, 900.0, 600.0, 1800.0)
        );
        // Next replies: I2 09:20->09:40, I4 11:00->11:30.
        assert_eq!(r.next_reply_time.summary.unwrap().mean, 1500.0);
        // Full resolution: 3600, 3000, 300, 10800 -> 17700 / 4; I5 unresolved.
        let fr = r.full_resolution_time;
        assert_eq!(
            (fr.count, fr.excluded, fr.summary.unwrap().mean),
            (4, 1, 4425.0)
        );
        // First resolution of I4 is 09:30 (1800 s): 3600, 3000, 300, 1800.
        assert_eq!(r.first_resolution_time.summary.unwrap().mean, 2175.0);
        assert_eq!(frac(&r.resolution_rate), (4, 5));
        assert_eq!(frac(&r.reopen_rate), (1, 4));
        assert_eq!(frac(&r.escalation_rate), (1, 5));
        // c1 came back two days after I1.
        assert_eq!(frac(&r.repeat_contact_rate), (1, 5));
        assert_eq!(frac(&r.automation_rate), (1, 4)); // I3, bot only
        assert_eq!(frac(&r.bot_reply_share), (1, 6)); // 1 bot message, 5 agent replies
        assert_eq!(frac(&r.fcr), (2, 4)); // one-touch: I1 (1 reply), I3 (0)
        assert_eq!(r.backlog, Some(1)); // I5
        assert_eq!(r.conversion_rate.value, None);
    }
}

/// A reported reply count near 2³² plus bot messages is counted in 64 bits (in 32 it wrapped,
/// or overflowed in a debug build).
#[test]
fn bot_reply_share_counts_in_64_bits() {
    let mut i = it(
        "T1",
        Channel::Chat,
        "ana",
        "c1",
        "2026-03-02T09:00:00Z",
        vec![
            ev("2026-03-02T09:01:00Z", EventKind::BotMessage),
            ev("2026-03-02T09:02:00Z", EventKind::BotMessage),
        ],
    );
    i.reported = Some(support_metrics::interaction::Reported {
        agent_replies: Some(u32::MAX),
        ..Default::default()
    });
    let r = ticket_report(&[i], &office(), None, &TicketOptions::default()).unwrap();
    assert_eq!(frac(&r.bot_reply_share), (2, u64::from(u32::MAX) + 2));
}

#[test]
fn fcr_presets() {
    let cal = office();
    let fcr = |p: FcrPreset, same_topic: bool| {
        let o = TicketOptions::default()
            .fcr(p)
            .repeat_same_topic(same_topic);
        frac(&ticket_report(&set(), &cal, None, &o).unwrap().fcr)
    };
    assert_eq!(fcr(FcrPreset::ZendeskOneTouch, false), (2, 4)); // I1, I3
    assert_eq!(fcr(FcrPreset::OnePublicReply, false), (1, 4)); // I1
    assert_eq!(fcr(FcrPreset::NoCustomerFollowup, false), (2, 4)); // I1, I3
    assert_eq!(fcr(FcrPreset::ClosedOnceOneAgent, false), (3, 4)); // not I4 (reopened, 2 agents)
    assert_eq!(
        fcr(FcrPreset::NoRepeatContactWithin { days: 7 }, false),
        (3, 4)
    ); // not I1
    assert_eq!(
        fcr(FcrPreset::NoRepeatContactWithin { days: 1 }, false),
        (4, 4)
    ); // I3 is 2 days later
    assert_eq!(
        fcr(FcrPreset::NoRepeatContactWithin { days: 7 }, true),
        (4, 4)
    ); // other topic
}

#[test]
fn breakdowns_rankings_and_volume() {
    let cal = office();
    let by = BreakdownOptions::default().dimensions(vec![Dimension::Agent, Dimension::Channel]);
    let rows = ticket_breakdown(&set(), &cal, None, &TicketOptions::default(), &by).unwrap();
    let got: Vec<_> = rows
        .iter()
        .map(|r| (r.key.clone(), r.report.interactions, r.report.excluded_spam))
        .collect();
    let k = |a: &str, c: &str| vec![Some(a.to_string()), Some(c.to_string())];
    assert_eq!(got, [(k("ana", "email"), 3, 1), (k("bo", "chat"), 2, 0)]);
    // Median FRT: bo (600, 900) -> 750; ana (1800) -> 1800.
    let rank = agent_ranking(
        &set(),
        &cal,
        None,
        &TicketOptions::default(),
        RankBy::FirstResponseMedian,
        1,
    )
    .unwrap();
    let got: Vec<_> = rank
        .iter()
        .map(|a| (a.agent.clone().unwrap(), a.rank, a.value))
        .collect();
    assert_eq!(
        got,
        [
            ("bo".to_string(), Some(1), Some(750.0)),
            ("ana".to_string(), Some(2), Some(1800.0))
        ]
    );
    // With min_count 2 ana is unranked.
    let rank = agent_ranking(
        &set(),
        &cal,
        None,
        &TicketOptions::default(),
        RankBy::FirstResponseMedian,
        2,
    )
    .unwrap();
    assert_eq!(rank[1].rank, None);
    assert_eq!(
        volume_by_period(&set(), Period::Day, "UTC").unwrap(),
        [("2026-03-02".to_string(), 4), ("2026-03-04".to_string(), 1)]
    );
    assert_eq!(
        volume_by_period(&set(), Period::Day, "Mars/Base")
            .unwrap_err()
            .code(),
        "unknown_time_zone"
    );
    // Event attribution: I4 resolves at 12:00, the others by 10:00 on their day; by hour of
    // resolution in Berlin (UTC+1): 10:00Z -> "11", 09:50Z -> "10", 09:05Z -> "10", 12:00Z -> "13".
    let by = BreakdownOptions::default()
        .period(Some(Period::HourOfDay))
        .timezone("Europe/Berlin")
        .attribution(support_metrics::metrics::Attribution::Event);
    let rows = ticket_breakdown(&set(), &cal, None, &TicketOptions::default(), &by).unwrap();
    let resolved: Vec<_> = rows
        .iter()
        .filter(|r| r.report.full_resolution_time.count > 0)
        .map(|r| {
            (
                r.period.clone().unwrap(),
                r.report.full_resolution_time.count,
            )
        })
        .collect();
    assert_eq!(
        resolved,
        [
            ("10".to_string(), 2),
            ("11".to_string(), 1),
            ("13".to_string(), 1)
        ]
    );
}

#[test]
fn repeat_contacts_window_edges() {
    let mut a = Interaction::new("a", Channel::Email, at("2026-03-01T00:00:00Z"));
    a.customer_id = Some("c".into());
    let mut b = a.clone();
    b.id = "b".into();
    b.created_at = a.created_at + Duration::days(7) + Duration::seconds(1);
    assert_eq!(
        repeat_contacts(&[a.clone(), b.clone()], 7, false),
        [Some(false), Some(false)]
    );
    b.created_at = a.created_at; // the same instant: the later in input order is the repeat
    assert_eq!(
        repeat_contacts(&[a, b], 7, false),
        [Some(true), Some(false)]
    );
}

#[test]
fn sla_needs_as_of() {
    let p =
        support_metrics::sla::SlaPolicies::from_json(r#"{"policies":[{"name":"a","targets":[]}]}"#)
            .unwrap();
    let e = ticket_report(&set(), &office(), Some(&p), &TicketOptions::default()).unwrap_err();
    assert_eq!(e.code(), "invalid_argument");
}

// ---- Laws ----

fn interactions() -> impl Strategy<Value = Vec<Interaction>> {
    let one = (
        0i64..5000,
        0u8..5,
        prop::collection::vec((0i64..600, 0u8..7), 0..6),
    );
    prop::collection::vec(one, 0..40).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (created, cust, evs))| {
                let created = at("2026-03-02T00:00:00Z") + Duration::minutes(created);
                let mut it = Interaction::new(format!("i{i}"), Channel::ALL[i % 7], created);
                it.customer_id = Some(format!("c{cust}"));
                it.assignee = Some(format!("a{}", i % 3));
                let mut t = created;
                for (gap, k) in evs {
                    t += Duration::minutes(gap);
                    let kind = match k {
                        0 => EventKind::AgentReply,
                        1 => EventKind::CustomerMessage,
                        2 => EventKind::BotMessage,
                        3 => EventKind::StatusChange {
                            status: Status::Solved,
                        },
                        4 => EventKind::StatusChange {
                            status: Status::Open,
                        },
                        5 => EventKind::StatusChange {
                            status: Status::Pending,
                        },
                        _ => EventKind::Escalation { tier: "2".into() },
                    };
                    it.events.push(Event::new(t, kind));
                }
                it
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(crate::calendar::config(48, 256))]
    #[test]
    fn merging_any_split_equals_the_whole(
        its in interactions(),
        cuts in prop::collection::vec(0usize..40, 0..4),
        sketch in any::<bool>(),
    ) {
        let cal = BusinessCalendar::from_json(r#"{"timezone":"Europe/Berlin","week":{"mon":[["08:00","18:00"]],"wed":[["08:00","18:00"]]}}"#).unwrap();
        let mode = if sketch { QuantileMode::Sketch } else { QuantileMode::Exact };
        let opts = TicketOptions::default().quantiles(mode).as_of(at("2026-03-09T00:00:00Z"));
        let p = Prepared::new(&its, &cal, None, &opts).unwrap();
        let push = |acc: &mut TicketAccumulator, i: usize| {
            let x = TicketInput { interaction: &its[i], measures: &p.measures[i], sla: None,
                                  repeat: p.repeat[i], repeat_fcr: None };
            acc.push(&x, &opts, Part::All);
        };
        let mut whole = TicketAccumulator::new(&opts);
        for i in 0..its.len() { push(&mut whole, i); }
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(its.len())).collect();
        cuts.push(0); cuts.push(its.len()); cuts.sort_unstable();
        let mut merged = TicketAccumulator::new(&opts);
        // Merge the parts in reverse order, each through its JSON form.
        for w in cuts.windows(2).rev() {
            let mut part = TicketAccumulator::new(&opts);
            for i in w[0]..w[1] { push(&mut part, i); }
            let json = serde_json::to_string(&part).unwrap();
            let part: TicketAccumulator = serde_json::from_str(&json).unwrap();
            merged.merge(&part);
        }
        prop_assert_eq!(merged.finish(&opts).unwrap(), whole.finish(&opts).unwrap());
        // And the one-shot report is the same as the accumulated one.
        prop_assert_eq!(ticket_report(&its, &cal, None, &opts).unwrap(), whole.finish(&opts).unwrap());
    }

    #[test]
    fn sketch_is_within_one_percent(
        logs in prop::collection::vec(-3.0f64..7.0, 1..400),
        zeros in 0usize..5,
        qs in prop::collection::vec(0.0f64..=1.0, 1..8),
        split in 0usize..400,
    ) {
        let mut values: Vec<f64> = logs.iter().map(|l| 10f64.powf(*l)).collect();
        values.extend(std::iter::repeat(0.0).take(zeros));
        let mut whole = QuantileSketch::default();
        let (mut a, mut b) = (QuantileSketch::default(), QuantileSketch::default());
        for (i, &x) in values.iter().enumerate() {
            whole.push(x).unwrap();
            if i < split { a.push(x).unwrap() } else { b.push(x).unwrap() }
        }
        a.merge(&b);
        prop_assert_eq!(&a, &whole);
        values.sort_by(f64::total_cmp);
        for q in qs {
            let k = ((values.len() - 1) as f64 * q).floor() as usize;
            let exact = values[k];
            let est = whole.quantile(q).unwrap();
            prop_assert!((est - exact).abs() <= 0.01 * exact * (1.0 + 1e-12), "q={} exact={} est={}", q, exact, est);
        }
    }
}

#[test]
fn sketch_rejects_bad_values_and_bounds_memory() {
    let mut s = QuantileSketch::default();
    assert_eq!(s.push(-1.0).unwrap_err().code(), "invalid_duration");
    assert_eq!(s.push(f64::NAN).unwrap_err().code(), "invalid_duration");
    // 1 ns to 200 years, a million values: bucket count stays near ln(6.3e18) / ln(1.01/0.99).
    let mut x = 1e-9;
    for _ in 0..1_000_000 {
        s.push(x).unwrap();
        x *= 1.000_044;
        if x > 6.3e9 {
            x = 1e-9;
        }
    }
    assert!(s.buckets.len() <= 2_200, "{}", s.buckets.len());
}

// ---- Repeat contacts against the definition, pair by pair. ----

proptest! {
    #![proptest_config(crate::calendar::config(96, 768))]
    /// `repeat_contacts` equals the definition read literally: interaction `i` (with a
    /// customer) is a repeat contact's predecessor when the next interaction of the same
    /// customer (and topic) in (instant, input position) order comes within `days` days.
    #[test]
    fn repeat_contacts_match_the_definition(
        rows in prop::collection::vec((0u8..5, 0u8..3, 0i64..(20 * 86_400), 0u32..3), 0..60),
        days in 0u32..5,
        same_topic: bool,
    ) {
        use support_metrics::interaction::{Channel, Interaction};
        use support_metrics::metrics::repeat_contacts;
        let base = chrono::DateTime::from_timestamp(1_767_225_600, 0).unwrap();
        let its: Vec<Interaction> = rows.iter().enumerate().map(|(i, &(c, topic, secs, nanos))| {
            // Coarse instants so that equal instants are common.
            let t = base + chrono::Duration::seconds(secs - secs % 43_200) + chrono::Duration::nanoseconds(i64::from(nanos));
            let mut it = Interaction::new(format!("t{i}"), Channel::Email, t);
            it.customer_id = (c > 0).then(|| format!("customer-{c}"));
            it.topic = (topic > 0).then(|| format!("topic-{topic}"));
            it
        }).collect();
        let got = repeat_contacts(&its, days, same_topic);
        let window = chrono::Duration::days(i64::from(days));
        for (i, a) in its.iter().enumerate() {
            let want = a.customer_id.as_ref().map(|c| {
                // The next interaction of the same group after `a` in (instant, position) order.
                let next = its.iter().enumerate()
                    .filter(|(j, b)| *j != i && b.customer_id.as_ref() == Some(c)
                        && (!same_topic || b.topic == a.topic)
                        && (b.created_at, *j) > (a.created_at, i))
                    .min_by_key(|(j, b)| (b.created_at, *j));
                next.is_some_and(|(_, b)| b.created_at - a.created_at <= window)
            });
            prop_assert_eq!(got[i], want, "row {}", i);
        }
    }
}
