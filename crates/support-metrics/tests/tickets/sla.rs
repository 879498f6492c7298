//! SLA evaluation: hand-derived cases and the exactness law against a reference built on the
//! calendar oracle of `support-metrics-testkit`.

use chrono::Duration;
use proptest::prelude::*;
use support_metrics::interaction::{Channel, Event, EventKind, Interaction, Status};
use support_metrics::sla::{SlaPolicies, SlaState, TargetOutcome};
use support_metrics_testkit::gen::ns;
use support_metrics_testkit::reference;

use super::{at, office, WORKED};

const POLICIES: &str = r#"{"policies": [
  {"name": "vip", "match": {"tags_all": ["vip"]}, "targets": [{"metric": "first_reply", "seconds": 60}]},
  {"name": "high", "match": {"priority": ["high", "urgent"], "channel": ["email"]},
   "targets": [
     {"metric": "first_reply", "seconds": 7200},
     {"metric": "next_reply", "seconds": 10800, "pause": ["pending"]},
     {"metric": "resolution", "seconds": 43200, "pause": ["pending"]}
   ]}
]}"#;

fn target<'a>(ts: &'a [TargetOutcome], metric: &str) -> &'a TargetOutcome {
    ts.iter()
        .find(|t| serde_json::to_value(t.metric).unwrap() == metric)
        .unwrap_or_else(|| panic!("no {metric} outcome"))
}

#[test]
fn worked_example_at_the_end() {
    let p = SlaPolicies::from_json(POLICIES).unwrap();
    let it = Interaction::from_json(WORKED).unwrap();
    let e = p
        .evaluate(&it, &office(), at("2026-03-06T00:00:00Z"))
        .unwrap();
    assert_eq!(e.policy.as_deref(), Some("high"));
    // First reply: 1.5 business hours of 2: met; deadline Mon 16:00 + 2 h = Tue 10:00.
    let f = target(&e.targets, "first_reply");
    assert_eq!((f.state, f.elapsed_seconds), (SlaState::Met, 5_400.0));
    assert_eq!(f.deadline, Some(at("2026-03-03T10:00:00Z")));
    // Next reply: cycle 1 Tue 11-13 (2 h, met), cycle 2 Wed 10-15 (5 h > 3 h): breached at
    // Wed 13:00 by 2 h.
    let n = target(&e.targets, "next_reply");
    assert_eq!((n.state, n.cycles), (SlaState::Breached, 2));
    assert_eq!(n.breached_at, Some(at("2026-03-04T13:00:00Z")));
    assert_eq!(n.overshoot_seconds, Some(7_200.0));
    // Resolution, pending and solved paused: 5400 (new) + 7200 (open Tue) + 19800 (open Wed)
    // = 32400 s = 9 h <= 12 h: met.
    let r = target(&e.targets, "resolution");
    assert_eq!((r.state, r.elapsed_seconds), (SlaState::Met, 32_400.0));
}

#[test]
fn worked_example_mid_way() {
    let p = SlaPolicies::from_json(POLICIES).unwrap();
    let it = Interaction::from_json(WORKED).unwrap();
    let e = p
        .evaluate(&it, &office(), at("2026-03-04T12:00:00Z"))
        .unwrap();
    // Next reply cycle 2 started Wed 10:00: 2 h elapsed, 1 h left, due Wed 13:00.
    let n = target(&e.targets, "next_reply");
    assert_eq!(n.state, SlaState::Active);
    assert_eq!(n.remaining_seconds, Some(3_600.0));
    assert_eq!(n.deadline, Some(at("2026-03-04T13:00:00Z")));
    // Resolution: 5400 + 7200 + 7200 = 19800 s elapsed, 23400 s left. Budget after the closed
    // pieces: 43200 - 5400 - 7200 = 30600 s = 8.5 h from Wed 10:00: 7 h on Wed, 1.5 h on Thu.
    let r = target(&e.targets, "resolution");
    assert_eq!(
        (r.state, r.remaining_seconds),
        (SlaState::Active, Some(23_400.0))
    );
    assert_eq!(r.deadline, Some(at("2026-03-05T10:30:00Z")));
    // While pending (Tue 10:00) the resolution clock is paused, 1.5 h used.
    let e = p
        .evaluate(&it, &office(), at("2026-03-03T10:00:00Z"))
        .unwrap();
    let r = target(&e.targets, "resolution");
    assert_eq!(
        (r.state, r.remaining_seconds, r.deadline),
        (SlaState::Paused, Some(43_200.0 - 5_400.0), None)
    );
}

#[test]
fn first_match_wins_and_no_match() {
    let p = SlaPolicies::from_json(POLICIES).unwrap();
    let mut it = Interaction::from_json(WORKED).unwrap();
    it.tags.push("vip".into());
    let e = p
        .evaluate(&it, &office(), at("2026-03-06T00:00:00Z"))
        .unwrap();
    assert_eq!(e.policy.as_deref(), Some("vip"));
    // 1.5 h against 60 s: breached one business minute after creation, Mon 16:01.
    let f = &e.targets[0];
    assert_eq!(f.breached_at, Some(at("2026-03-02T16:01:00Z")));
    assert_eq!(f.overshoot_seconds, Some(5_340.0));
    it.channel = Channel::Chat;
    it.tags.clear();
    let e = p
        .evaluate(&it, &office(), at("2026-03-06T00:00:00Z"))
        .unwrap();
    assert_eq!((e.policy, e.targets.len()), (None, 0));
}

#[test]
fn solving_fulfils_reply_targets_and_calendar_time() {
    let p = SlaPolicies::from_json(
        r#"{"policies":[{"name":"all","targets":[
            {"metric":"first_reply","seconds":3600,"time":"calendar"},
            {"metric":"periodic_update","seconds":7200,"time":"calendar"}]}]}"#,
    )
    .unwrap();
    // Solved at 10:30 without a reply: the first-reply target is met at the solve.
    let mut it = Interaction::new("s", Channel::Chat, at("2026-03-07T10:00:00Z")); // Saturday
    it.events = vec![Event::new(
        at("2026-03-07T10:30:00Z"),
        EventKind::StatusChange {
            status: Status::Solved,
        },
    )];
    let e = p
        .evaluate(&it, &office(), at("2026-03-08T00:00:00Z"))
        .unwrap();
    assert_eq!(
        (e.targets[0].state, e.targets[0].elapsed_seconds),
        (SlaState::Met, 1_800.0)
    );
    // Periodic update: replies at 10:00, 13:00 (3 h > 2 h: breached at 12:00), then solved.
    let mut it = Interaction::new("p", Channel::Chat, at("2026-03-07T09:00:00Z"));
    it.events = vec![
        Event::new(at("2026-03-07T10:00:00Z"), EventKind::AgentReply),
        Event::new(at("2026-03-07T13:00:00Z"), EventKind::AgentReply),
        Event::new(
            at("2026-03-07T14:00:00Z"),
            EventKind::StatusChange {
                status: Status::Solved,
            },
        ),
    ];
    let e = p
        .evaluate(&it, &office(), at("2026-03-08T00:00:00Z"))
        .unwrap();
    let u = &e.targets[1];
    assert_eq!((u.state, u.cycles), (SlaState::Breached, 2));
    assert_eq!(u.breached_at, Some(at("2026-03-07T12:00:00Z")));
}

#[test]
fn policy_errors() {
    let code = |s: &str| SlaPolicies::from_json(s).unwrap_err().code();
    assert_eq!(
        code(r#"{"policies":[{"name":"a","targets":[{"metric":"first_reply","seconds":-1}]}]}"#),
        "invalid_duration"
    );
    assert_eq!(
        code(
            r#"{"policies":[{"name":"a","targets":[{"metric":"first_reply","seconds":1},{"metric":"first_reply","seconds":2}]}]}"#
        ),
        "invalid_sla_policy"
    );
    assert_eq!(
        code(r#"{"policies":[{"name":"a","targets":[]},{"name":"a","targets":[]}]}"#),
        "invalid_sla_policy"
    );
    assert_eq!(
        code(
            r#"{"policies":[{"name":"a","targets":[{"metric":"first_reply","seconds":1,"pause":["waiting"]}]}]}"#
        ),
        "unknown_status"
    );
    assert_eq!(
        code(r#"{"policies":[{"name":"a","match":{"channel":["fax"]},"targets":[]}]}"#),
        "unknown_channel"
    );
    assert_eq!(
        code(r#"{"policies":[{"name":"a","targets":[],"extra":1}]}"#),
        "invalid_json"
    );
}

#[test]
fn budget_running_out_where_a_pause_starts() {
    // Open 09:00-10:00 (1 h), pending (paused) 10:00-12:00, open again at 12:00. With a 1-hour
    // target the clock shows exactly 1 h from 10:00 until 12:00, so the latest instant with
    // 1 h elapsed, the deadline, is 12:00; a reply at 11:00 meets it.
    let p = SlaPolicies::from_json(
        r#"{"policies":[{"name":"a","targets":[
        {"metric":"first_reply","seconds":3600,"pause":["pending"]}]}]}"#,
    )
    .unwrap();
    let mut it = Interaction::new("x", Channel::Email, at("2026-03-02T09:00:00Z"));
    it.events = vec![
        Event::new(
            at("2026-03-02T10:00:00Z"),
            EventKind::StatusChange {
                status: Status::Pending,
            },
        ),
        Event::new(at("2026-03-02T11:00:00Z"), EventKind::AgentReply),
        Event::new(
            at("2026-03-02T12:00:00Z"),
            EventKind::StatusChange {
                status: Status::Open,
            },
        ),
    ];
    let e = p
        .evaluate(&it, &office(), at("2026-03-03T00:00:00Z"))
        .unwrap();
    let t = &e.targets[0];
    assert_eq!((t.state, t.elapsed_seconds), (SlaState::Met, 3_600.0));
    assert_eq!(t.deadline, Some(at("2026-03-02T12:00:00Z")));
}

// ---- The exactness law against a reference. ----

/// Reference elapsed: reference business nanos over the active pieces of [start, end).
fn ref_elapsed(
    cal: &support_metrics::BusinessCalendar,
    segs: &[(i64, Status)],
    pause: &[Status],
    start: i64,
    end: i64,
) -> i64 {
    let mut total = 0;
    for (i, &(from, s)) in segs.iter().enumerate() {
        let to = segs.get(i + 1).map_or(i64::MAX, |x| x.0);
        let (a, b) = (from.max(start), to.min(end));
        if b > a && !s.is_resolved() && !pause.contains(&s) {
            total += reference::business_nanos(cal.spec(), a, b);
        }
    }
    total
}

fn timeline() -> impl Strategy<Value = (i64, Vec<(i64, u8)>, i64, u32, Vec<u8>)> {
    // created within two weeks of Mon 2026-03-02, up to 8 events 0-40 h apart (whole minutes),
    // as_of up to 10 days later, target up to 30 business hours, a pause set.
    (
        // On a 15-minute grid, so a budget often runs out exactly where a pause starts.
        (0i64..(14 * 24 * 4)).prop_map(|q| q * 15),
        prop::collection::vec(((0i64..(40 * 4)).prop_map(|q| q * 15), 0u8..6), 0..8),
        0i64..(10 * 24 * 60),
        (0u32..(30 * 4)).prop_map(|q| q * 15),
        prop::collection::vec(0u8..3, 0..2),
    )
}

proptest! {
    #![proptest_config(crate::calendar::config(64, 512))]
    #[test]
    fn deadline_is_exact(
        (created_min, evs, as_of_min, target_min, pauses) in timeline()
    ) {
        let base = at("2026-03-02T00:00:00Z");
        let created = base + Duration::minutes(created_min);
        let mut t = created;
        let mut it = Interaction::new("x", Channel::Email, created);
        for (gap, kind) in evs {
            t += Duration::minutes(gap);
            let kind = match kind {
                0 => EventKind::AgentReply,
                1 => EventKind::CustomerMessage,
                2 => EventKind::StatusChange { status: Status::Pending },
                3 => EventKind::StatusChange { status: Status::OnHold },
                4 => EventKind::StatusChange { status: Status::Open },
                _ => EventKind::StatusChange { status: Status::Solved },
            };
            it.events.push(Event::new(t, kind));
        }
        let as_of = created + Duration::minutes(as_of_min);
        let pause: Vec<Status> = pauses.iter().map(|&p| [Status::Pending, Status::OnHold, Status::Open][p as usize]).collect();
        let policy = serde_json::json!({"policies": [{"name": "p", "targets": [
            {"metric": "first_reply", "seconds": target_min * 60, "pause": pause},
            {"metric": "resolution", "seconds": target_min * 60, "pause": pause}]}]});
        let p = SlaPolicies::from_json(&policy.to_string()).unwrap();
        let cal = office();
        let e = p.evaluate(&it, &cal, as_of).unwrap();
        // Reference segments up to as_of.
        let mut segs = vec![(ns(created), Status::New)];
        for ev in it.events.iter().filter(|e| e.at <= as_of) {
            if let EventKind::StatusChange { status } = ev.kind {
                if segs.last().unwrap().1 != status { segs.push((ns(ev.at), status)); }
            }
        }
        let target = i64::from(target_min) * 60 * 1_000_000_000;
        let first_solve = segs.iter().find(|s| s.1.is_resolved()).map(|s| s.0);
        for out in &e.targets {
            let metric = serde_json::to_value(out.metric).unwrap();
            let stop: Option<i64> = if metric == "first_reply" {
                let reply = it.events.iter().filter(|e| e.at <= as_of && e.kind == EventKind::AgentReply).map(|e| ns(e.at)).next();
                match (reply, first_solve) { (Some(a), Some(b)) => Some(a.min(b)), (a, b) => a.or(b) }
            } else if segs.last().unwrap().1.is_resolved() {
                let mut last = None; let mut prev = Status::New;
                for s in &segs { if !prev.is_resolved() && s.1.is_resolved() { last = Some(s.0); } prev = s.1; }
                last
            } else { None };
            let end = stop.unwrap_or(ns(as_of));
            let elapsed = ref_elapsed(&cal, &segs, &pause, ns(created), end);
            prop_assert_eq!((out.elapsed_seconds * 1e9).round() as i64, elapsed);
            let want = if elapsed > target { SlaState::Breached } else if stop.is_some() { SlaState::Met }
                else {
                    let now = segs.last().unwrap().1;
                    if now.is_resolved() || pause.contains(&now) { SlaState::Paused } else { SlaState::Active }
                };
            prop_assert_eq!(out.state, want);
            if let Some(d) = out.deadline {
                // The latest instant with exactly `target` on the clock.
                prop_assert_eq!(ref_elapsed(&cal, &segs, &pause, ns(created), ns(d)), target);
                prop_assert!(ref_elapsed(&cal, &segs, &pause, ns(created), ns(d) + 1) > target);
                if let Some(s) = stop {
                    prop_assert_eq!(s <= ns(d), elapsed <= target);
                }
            }
            if out.state == SlaState::Breached {
                prop_assert_eq!(out.breached_at, out.deadline);
                prop_assert!(out.deadline.is_some());
            }
        }
    }
}

#[test]
fn calendar_deadline_past_the_representable_range_is_an_error() {
    let p = SlaPolicies::from_json(
        r#"{"policies":[{"name":"a","targets":[{"metric":"first_reply","seconds":6000000000,"time":"calendar"}]}]}"#,
    )
    .unwrap();
    let it = Interaction::new(
        "x",
        Channel::Chat,
        chrono::DateTime::<chrono::Utc>::MAX_UTC - Duration::days(1),
    );
    let e = p
        .evaluate(&it, &office(), chrono::DateTime::<chrono::Utc>::MAX_UTC)
        .unwrap_err();
    assert_eq!(e.code(), "out_of_range");
}

/// A calendar-time span past what i64 nanoseconds hold (~292 years) is `out_of_range`, not a
/// silently capped elapsed time.
#[test]
fn calendar_elapsed_past_i64_nanoseconds_is_an_error() {
    let p = SlaPolicies::from_json(
        r#"{"policies":[{"name":"p","targets":[{"metric":"first_reply","seconds":60,"time":"calendar"}]}]}"#,
    )
    .unwrap();
    let it = Interaction::new("old", Channel::Email, at("1900-01-02T00:00:00Z"));
    let err = p
        .evaluate(&it, &office(), at("9999-01-01T00:00:00Z"))
        .unwrap_err();
    assert_eq!(err.code(), "out_of_range");
    // Within the range it is measured exactly.
    let e = p
        .evaluate(&it, &office(), at("1900-01-02T00:01:00Z"))
        .unwrap();
    assert_eq!(e.targets[0].elapsed_seconds, 60.0);
}
