//! Per-interaction measures on hand-derived examples.

use support_metrics::interaction::{
    Channel, Event, EventKind, FirstResponseStart, Interaction, MeasureOptions, Measures, Party,
    Status,
};

use super::{at, office, WORKED};

fn pair(e: Option<support_metrics::interaction::Elapsed>) -> (f64, Option<f64>) {
    let e = e.expect("defined");
    (e.calendar_seconds, e.business_seconds)
}

#[test]
fn worked_example() {
    let it = Interaction::from_json(WORKED).unwrap();
    let m = Measures::compute(&it, &office(), &MeasureOptions::default()).unwrap();
    // FRT: Mon 16:00 -> Tue 09:30 = 17.5 h clock; business Mon 16-17 (1 h) + Tue 09-09:30.
    assert_eq!(pair(m.first_response), (63_000.0, Some(5_400.0)));
    assert_eq!(m.first_response_at, Some(at("2026-03-03T09:30:00Z")));
    // Next replies: Tue 11:00 -> 13:00 (2 h), Wed 10:00 -> 15:00 (5 h), all in hours.
    let next: Vec<_> = m
        .next_replies
        .iter()
        .map(|e| (e.calendar_seconds, e.business_seconds))
        .collect();
    assert_eq!(next, [(7_200.0, Some(7_200.0)), (18_000.0, Some(18_000.0))]);
    assert!(!m.next_reply_pending);
    // First resolution Tue 13:00: 21 h clock; 1 h + 4 h business.
    assert_eq!(pair(m.first_resolution), (75_600.0, Some(18_000.0)));
    // Full resolution Wed 15:30: 47.5 h clock; 1 + 8 + 6.5 = 15.5 h business.
    assert_eq!(pair(m.full_resolution), (171_000.0, Some(55_800.0)));
    // Status time to the final resolution: new Mon 16:00-Tue 09:30 (63000 / 5400),
    // pending Tue 09:30-11:00 (5400 / 5400), open Tue 11-13 (7200) and Wed 10:00-15:30 (19800).
    assert_eq!(pair(m.requester_wait), (90_000.0, Some(32_400.0)));
    assert_eq!(pair(m.agent_work), (90_000.0, Some(32_400.0)));
    assert_eq!(pair(m.agent_wait), (5_400.0, Some(5_400.0)));
    assert_eq!(pair(m.on_hold), (0.0, Some(0.0)));
    assert_eq!(
        (
            m.agent_replies,
            m.customer_messages,
            m.customer_followups,
            m.bot_messages
        ),
        (3, 3, 2, 1)
    );
    assert_eq!(
        (m.reopens, m.resolutions, m.escalations, m.agents_involved),
        (1, 2, 1, 2)
    );
    assert_eq!(m.status, Status::Solved);
}

#[test]
fn as_of_cuts_the_timeline() {
    let it = Interaction::from_json(WORKED).unwrap();
    let opts = MeasureOptions::default().as_of(Some(at("2026-03-04T12:00:00Z")));
    let m = Measures::compute(&it, &office(), &opts).unwrap();
    // Reopened at Wed 10:00, unresolved at Wed 12:00: no full resolution, one cycle pending.
    assert_eq!(m.full_resolution, None);
    assert!(m.next_reply_pending);
    assert_eq!(m.next_replies.len(), 1);
    // Status time runs to as_of: open now has 7200 + 7200 (Wed 10-12).
    assert_eq!(
        pair(m.agent_work),
        (63_000.0 + 14_400.0, Some(5_400.0 + 14_400.0))
    );
    // Without as_of an unresolved interaction has no status times.
    let m = Measures::compute(
        &Interaction::new("x", Channel::Chat, at("2026-03-02T10:00:00Z")),
        &office(),
        &MeasureOptions::default(),
    )
    .unwrap();
    assert_eq!((m.requester_wait, m.first_response), (None, None));
}

#[test]
fn first_response_start_options() {
    // Created by a bot conversation at 10:00; hand-off at 10:20; customer message 10:05;
    // agent reply 10:50.
    let mut it = Interaction::new("b", Channel::Messenger, at("2026-03-02T10:00:00Z"));
    it.opened_by = Party::Bot;
    it.events = vec![
        Event::new(at("2026-03-02T10:00:00Z"), EventKind::BotMessage),
        Event::new(at("2026-03-02T10:05:00Z"), EventKind::CustomerMessage),
        Event::new(at("2026-03-02T10:20:00Z"), EventKind::BotHandoff),
        Event::new(at("2026-03-02T10:50:00Z"), EventKind::AgentReply),
    ];
    let frt = |start| {
        let o = MeasureOptions::default().first_response_start(start);
        Measures::compute(&it, &office(), &o)
            .unwrap()
            .first_response
            .unwrap()
            .calendar_seconds
    };
    assert_eq!(frt(FirstResponseStart::Creation), 3_000.0); // 50 min
    assert_eq!(frt(FirstResponseStart::FirstCustomerMessage), 2_700.0); // 45 min
    assert_eq!(frt(FirstResponseStart::BotHandoff), 1_800.0); // 30 min
}

#[test]
fn zendesk_agent_created_rule() {
    // An agent opens the ticket at 10:00 with a public description, the customer answers at
    // 11:00, the agent replies at 12:00.
    let mut it = Interaction::new("a", Channel::Email, at("2026-03-02T10:00:00Z"));
    it.opened_by = Party::Agent;
    it.events = vec![
        Event::new(at("2026-03-02T10:00:00Z"), EventKind::AgentReply).actor("ana"),
        Event::new(at("2026-03-02T11:00:00Z"), EventKind::CustomerMessage),
        Event::new(at("2026-03-02T12:00:00Z"), EventKind::AgentReply).actor("ana"),
    ];
    let m = Measures::compute(&it, &office(), &MeasureOptions::default()).unwrap();
    assert_eq!(m.first_response.unwrap().calendar_seconds, 7_200.0); // the second comment
    let o = MeasureOptions::default().agent_created_second_reply(false);
    let m = Measures::compute(&it, &office(), &o).unwrap();
    assert_eq!(m.first_response.unwrap().calendar_seconds, 0.0);
    // Without the rule the description is the first response, so the 11:00 message opens a
    // next-reply cycle answered at 12:00 (1 h).
    assert_eq!(m.next_replies.len(), 1);
    assert_eq!(m.next_replies[0].calendar_seconds, 3_600.0);
}

#[test]
fn summary_rows_report_their_figures() {
    let csv = "id,channel,agent,created_at,first_response_at,resolved_at,agent_replies,reopens,escalated,wait_seconds,handle_seconds,hold_seconds,abandoned\n\
               1,phone,ana,2026-03-02T10:00:00Z,2026-03-02T10:01:30Z,2026-03-02T10:09:00Z,1,0,true,90,420,60,false\n";
    let b = support_metrics::interaction::read_summary_csv(csv, &Default::default()).unwrap();
    let m = Measures::compute(&b.interactions[0], &office(), &MeasureOptions::default()).unwrap();
    assert_eq!(pair(m.first_response), (90.0, Some(90.0)));
    assert_eq!(pair(m.full_resolution), (540.0, Some(540.0)));
    assert_eq!(pair(m.agent_work), (420.0, None)); // reported handle time, not on the calendar
    assert_eq!(pair(m.on_hold), (60.0, None));
    assert_eq!(pair(m.requester_wait), (90.0, None));
    assert_eq!((m.agent_replies, m.escalations, m.abandoned), (1, 1, false));
}

// ---- Resolution times from the running sum of status segments equal a direct measurement. ----

use proptest::prelude::*;

proptest! {
    #![proptest_config(crate::calendar::config(64, 512))]
    /// First and full resolution business time are summed from the status segments (business
    /// time is additive); they, and the first response time, must equal the naive reference
    /// over [created, t) on a split-shift calendar across the March 2026 DST change, and their
    /// calendar seconds chrono's own subtraction.
    #[test]
    fn resolution_business_time_is_exact(
        created_min in (0i64..(14 * 24 * 4)).prop_map(|q| q * 15 + 7),
        evs in prop::collection::vec(((0i64..(40 * 60)), 0u8..8), 0..10),
    ) {
        use chrono::Duration;
        use support_metrics_testkit::{gen::ns, reference};
        let cal = support_metrics::BusinessCalendar::from_json(
            r#"{"timezone":"Europe/Berlin","week":{"mon":[["08:00","12:00"],["13:00","17:30"]],
                "tue":[["08:00","12:00"],["13:00","17:30"]],"wed":[["22:00","24:00"]],
                "thu":[["00:00","06:00"],["08:00","17:00"]],"sun":[["01:30","03:30"]]},
                "holidays":["2026-03-24"]}"#,
        ).unwrap();
        let created = at("2026-03-20T00:00:00Z") + Duration::minutes(created_min);
        let mut it = Interaction::new("x", Channel::Email, created);
        let mut t = created;
        for (gap, kind) in evs {
            t += Duration::minutes(gap) + Duration::nanoseconds(gap * 1_234_567);
            let kind = match kind {
                6 => EventKind::AgentReply,
                7 => EventKind::CustomerMessage,
                k => EventKind::StatusChange {
                    status: [Status::Open, Status::Pending, Status::OnHold, Status::Solved, Status::Closed, Status::Solved][k as usize],
                },
            };
            it.events.push(Event::new(t, kind));
        }
        let m = Measures::compute(&it, &cal, &MeasureOptions::default()).unwrap();
        let want = |end: chrono::DateTime<chrono::Utc>| {
            let n = reference::business_nanos(cal.spec(), ns(created), ns(end));
            (n / 1_000_000_000) as f64 + (n % 1_000_000_000) as f64 / 1e9
        };
        // Calendar seconds, by chrono's own subtraction.
        let clock = |end: chrono::DateTime<chrono::Utc>| {
            let d = end - created;
            d.num_seconds() as f64 + f64::from(d.subsec_nanos()) / 1e9
        };
        if let (Some(t), Some(e)) = (m.first_response_at, m.first_response) {
            prop_assert_eq!(e.business_seconds, Some(want(t)));
            prop_assert_eq!(e.calendar_seconds, clock(t));
        } else {
            prop_assert!(m.first_response.is_none());
        }
        if let (Some(t), Some(e)) = (m.first_resolved_at, m.first_resolution) {
            prop_assert_eq!(e.business_seconds, Some(want(t)));
            prop_assert_eq!(e.calendar_seconds, clock(t));
            prop_assert_eq!(e.business_seconds, Some(cal.business_seconds(created, t).unwrap()));
        } else {
            prop_assert!(m.first_resolution.is_none());
        }
        if let (Some(t), Some(e)) = (m.resolved_at, m.full_resolution) {
            prop_assert_eq!(e.business_seconds, Some(want(t)));
            prop_assert_eq!(e.calendar_seconds, clock(t));
        }
    }
}

/// Six distinct agents (replies, assignments, the assignee), some appearing twice: counted
/// once each, past the four kept inline.
#[test]
fn agents_involved_counts_distinct_agents() {
    let mut it = Interaction::new("a", Channel::Chat, at("2026-03-02T09:00:00Z"));
    it.assignee = Some("f".into());
    let names = ["a", "b", "a", "c", "d", "e", "b", "e"];
    for (k, n) in names.iter().enumerate() {
        let t = at("2026-03-02T09:00:00Z") + chrono::Duration::minutes(k as i64 + 1);
        it.events
            .push(Event::new(t, EventKind::AgentReply).actor((*n).to_string()));
    }
    let m = Measures::compute(&it, &office(), &MeasureOptions::default()).unwrap();
    assert_eq!(m.agents_involved, 6);
    assert_eq!(m.agent_replies, 8);
}
