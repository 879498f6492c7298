//! Ticket benches: the whole catalogue for one million in-memory interactions.
//!
//! Inputs: 1,000,000 interactions created uniformly over 2026 on a split-shift Berlin desk
//! (Monday to Friday 08:00–12:00 and 13:00–17:00), 200,000 customers, 50 agents, 7 channels,
//! 5 to 8 events each (customer message, agent reply, pending, customer follow-up, reopen,
//! solve); one SLA policy (first reply 4 business hours, resolution 16 business hours, pending
//! pauses). One iteration computes, on one core: business-time measures, SLA states as of
//! 2027-01-01, repeat-contact flags (7 days), in one streaming pass the report (FRT, next reply, resolution,
//! resolution rate, FCR one-touch, reopen, escalation, repeat contact, automation, SLA
//! compliance) and the breakdown by agent × channel.

use std::hint::black_box;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use criterion::{Criterion, SamplingMode, Throughput};
use support_metrics::interaction::{Channel, Event, EventKind, Interaction, Status};
use support_metrics::metrics::{
    repeat_contacts, ticket_catalogue, BreakdownOptions, Dimension, TicketOptions,
};
use support_metrics::sla::SlaPolicies;
use support_metrics::BusinessCalendar;

use crate::rng::SplitMix64;

const N: usize = 1_000_000;

fn utc(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("valid date")
        .and_utc()
}

fn interactions() -> Vec<Interaction> {
    let mut rng = SplitMix64::new(0x071C_4E75);
    let start = utc(2026, 1, 1).timestamp();
    let year = utc(2027, 1, 1).timestamp() - start - 40 * 86_400;
    (0..N)
        .map(|i| {
            let created =
                DateTime::from_timestamp(start + rng.range(0, year), 0).expect("in range");
            let ch = Channel::ALL[rng.range(0, 7) as usize];
            let mut it = Interaction::new(format!("t{i}"), ch, created);
            it.customer_id = Some(format!("c{}", rng.range(0, 200_000)));
            let agent = format!("agent{}", rng.range(0, 50));
            it.assignee = Some(agent.clone());
            let mut t = created;
            let mut step = |rng: &mut SplitMix64, max_min: i64| {
                t += Duration::minutes(rng.range(1, max_min));
                t
            };
            it.events
                .push(Event::new(created, EventKind::CustomerMessage));
            let roll = rng.range(0, 100);
            if roll < 5 {
                // Unanswered so far.
                return it;
            }
            let at = step(&mut rng, 48 * 60);
            it.events
                .push(Event::new(at, EventKind::AgentReply).actor(agent.clone()));
            if roll < 40 {
                let at = step(&mut rng, 24 * 60);
                it.events.push(Event::new(
                    at,
                    EventKind::StatusChange {
                        status: Status::Pending,
                    },
                ));
                let at = step(&mut rng, 24 * 60);
                it.events.push(Event::new(at, EventKind::CustomerMessage));
                it.events.push(Event::new(
                    at,
                    EventKind::StatusChange {
                        status: Status::Open,
                    },
                ));
                let at = step(&mut rng, 24 * 60);
                it.events
                    .push(Event::new(at, EventKind::AgentReply).actor(agent.clone()));
            }
            if roll < 90 {
                let at = step(&mut rng, 24 * 60);
                it.events.push(Event::new(
                    at,
                    EventKind::StatusChange {
                        status: Status::Solved,
                    },
                ));
                if roll < 10 {
                    let at = step(&mut rng, 72 * 60);
                    it.events.push(Event::new(
                        at,
                        EventKind::StatusChange {
                            status: Status::Open,
                        },
                    ));
                    let at = step(&mut rng, 24 * 60);
                    it.events.push(Event::new(
                        at,
                        EventKind::StatusChange {
                            status: Status::Solved,
                        },
                    ));
                }
            }
            it
        })
        .collect()
}

pub fn define(c: &mut Criterion) {
    let cal = BusinessCalendar::from_json(
        r#"{"timezone":"Europe/Berlin","week":{
            "mon":[["08:00","12:00"],["13:00","17:00"]],"tue":[["08:00","12:00"],["13:00","17:00"]],
            "wed":[["08:00","12:00"],["13:00","17:00"]],"thu":[["08:00","12:00"],["13:00","17:00"]],
            "fri":[["08:00","12:00"],["13:00","17:00"]]}}"#,
    )
    .expect("valid calendar");
    cal.precompile(utc(2026, 1, 1), utc(2027, 2, 1))
        .expect("in range");
    let policies = SlaPolicies::from_json(
        r#"{"policies":[{"name":"default","targets":[
            {"metric":"first_reply","seconds":14400,"pause":["pending"]},
            {"metric":"resolution","seconds":57600,"pause":["pending"]}]}]}"#,
    )
    .expect("valid policies");
    let its = interactions();
    let opts = TicketOptions::default().as_of(utc(2027, 1, 1));
    let by = BreakdownOptions::default().dimensions(vec![Dimension::Agent, Dimension::Channel]);
    let run = |its: &[Interaction]| {
        ticket_catalogue(its, &cal, Some(&policies), &opts, Some(&by)).expect("valid inputs")
    };
    let t = std::time::Instant::now();
    let expected = run(&its);
    eprintln!(
        "tickets/catalogue_1m: one untimed run took {:?}",
        t.elapsed()
    );
    assert_eq!(expected.report.interactions, N as u64);
    assert_eq!(expected.breakdown.len(), 50 * 7);

    let mut g = c.benchmark_group("tickets");
    g.sample_size(10).sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("catalogue_1m", |b| {
        b.iter(|| assert_eq!(run(black_box(&its)), expected));
    });
    // One stage of the above on its own: the 7-day repeat-contact flags (interning 200,000
    // customer ids, grouping a million rows by customer).
    let flags = repeat_contacts(&its, 7, false);
    g.bench_function("repeat_contacts_1m", |b| {
        b.iter(|| assert_eq!(repeat_contacts(black_box(&its), 7, false), flags));
    });
    g.finish();
}
