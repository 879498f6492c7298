//! Deterministic demo data: a Moscow help desk's quarter (October–December 2026) of
//! interactions and survey answers, its calendar and its SLA policies, generated in code so
//! that every language and the command line can show a full report without input files, and
//! so that benches and users can get realistic canonical files of any size.
//!
//! The same `(interactions, seed)` gives the same data on every platform: the generator uses
//! its own SplitMix64 stream and only correctly rounded floating-point operations besides
//! `ln`, `cos` and `exp` on values that are rounded to whole seconds afterwards.
//!
//! ```
//! use support_metrics::demo::{demo, DemoOptions};
//! let d = demo(&DemoOptions { interactions: 200, seed: 7 })?;
//! assert_eq!(d.interactions.len(), 200);
//! assert_eq!(d, demo(&DemoOptions { interactions: 200, seed: 7 })?); // deterministic
//! assert!(d.surveys.len() > 20);
//! # Ok::<(), support_metrics::Error>(())
//! ```

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::BusinessCalendar;
use crate::error::{Error, Result};
use crate::interaction::{Channel, SummaryRow};
use crate::sla::SlaPolicies;
use crate::survey::{SurveyKind, SurveyResponse};
use crate::tz::Zone;

/// A Moscow help desk: 09:00–18:00 with a lunch hour, Russian public holidays of 2026 and New
/// Year 2027, shortened pre-holiday days, one working Saturday (2026-11-07) and an all-hands
/// closure. Demo data, not an official production calendar.
pub const CALENDAR: &str = r#"{
  "timezone": "Europe/Moscow",
  "name": "Moscow support desk (demo)",
  "week": {
    "mon": [["09:00", "13:00"], ["14:00", "18:00"]],
    "tue": [["09:00", "13:00"], ["14:00", "18:00"]],
    "wed": [["09:00", "13:00"], ["14:00", "18:00"]],
    "thu": [["09:00", "13:00"], ["14:00", "18:00"]],
    "fri": [["09:00", "13:00"], ["14:00", "18:00"]]
  },
  "holidays": ["2026-01-01", "2026-01-02", "2026-01-05", "2026-01-06", "2026-01-07",
               "2026-01-08", "2026-01-09", "2026-02-23", "2026-03-09", "2026-05-01",
               "2026-05-11", "2026-06-12", "2026-11-04", "2026-12-31", "2027-01-01",
               "2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07", "2027-01-08"],
  "overrides": {
    "2026-02-20": [["09:00", "13:00"], ["14:00", "17:00"]],
    "2026-11-03": [["09:00", "13:00"], ["14:00", "17:00"]],
    "2026-11-07": [["10:00", "15:00"]]
  },
  "closures": {"2026-06-10": [["14:00", "16:00"]]}
}"#;

/// The demo's SLA policies, in business time on [`CALENDAR`]: urgent and high tickets, chats
/// and calls, then everything else.
pub const POLICIES: &str = r#"{"policies": [
  {"name": "urgent", "match": {"priority": ["urgent"]},
   "targets": [{"metric": "first_reply", "seconds": 1800}, {"metric": "resolution", "seconds": 14400}]},
  {"name": "high", "match": {"priority": ["high"]},
   "targets": [{"metric": "first_reply", "seconds": 3600}, {"metric": "resolution", "seconds": 28800}]},
  {"name": "live", "match": {"channel": ["chat", "phone", "messenger"]},
   "targets": [{"metric": "first_reply", "seconds": 300}, {"metric": "resolution", "seconds": 28800}]},
  {"name": "standard",
   "targets": [{"metric": "first_reply", "seconds": 14400}, {"metric": "next_reply", "seconds": 28800},
               {"metric": "resolution", "seconds": 86400}]}
]}"#;

/// The instant the demo is reported as of: 2027-01-01 00:00 in Moscow, the end of the quarter.
pub const AS_OF: &str = "2026-12-31T21:00:00Z";

/// The first instant of the demo quarter: 2026-10-01 00:00 in Moscow.
const FROM: &str = "2026-09-30T21:00:00Z";

/// How much demo data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DemoOptions {
    /// Interactions to generate (at most 10 000 000). Default 6 000.
    pub interactions: u64,
    /// The random stream's seed. Default 2026.
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            interactions: 6_000,
            seed: 2026,
        }
    }
}

/// The generated data set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoData {
    /// The calendar JSON ([`CALENDAR`]).
    pub calendar: String,
    /// The SLA policies JSON ([`POLICIES`]).
    pub policies: String,
    /// The instant to report as of ([`AS_OF`]).
    pub as_of: DateTime<Utc>,
    /// One summary row per interaction, in creation order.
    pub interactions: Vec<SummaryRow>,
    /// CSAT, NPS and CES answers, some of them re-ratings.
    pub surveys: Vec<SurveyResponse>,
}

/// The largest demo (10 million interactions, about 1.2 GB of CSV).
pub const MAX_INTERACTIONS: u64 = 10_000_000;

const AGENTS: [(&str, f64, f64); 12] = [
    // (name, speed factor: lower is faster, satisfaction bias)
    ("alina", 0.7, 0.5),
    ("boris", 1.0, 0.0),
    ("dmitry", 1.4, -0.4),
    ("ekaterina", 0.8, 0.3),
    ("fedor", 1.1, -0.1),
    ("galina", 0.9, 0.2),
    ("igor", 1.6, -0.7),
    ("kira", 0.75, 0.4),
    ("lev", 1.0, 0.0),
    ("maria", 0.85, 0.1),
    ("nikolai", 1.2, -0.2),
    ("olga", 0.95, 0.1),
];
const TOPICS: [&str; 8] = [
    "billing",
    "login",
    "delivery",
    "refund",
    "bug",
    "how_to",
    "account",
    "feature_request",
];
const GROUPS: [&str; 3] = ["tier1", "tier2", "billing_team"];

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// A log-normal value with the given median and log-scale spread.
    fn log_normal(&mut self, median: f64, sigma: f64) -> f64 {
        let u1 = 1.0 - self.unit(); // (0, 1]
        let u2 = self.unit();
        let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        median * (sigma * z).exp()
    }
    fn pick<'a, T>(&mut self, items: &'a [(T, f64)]) -> &'a T {
        let total: f64 = items.iter().map(|x| x.1).sum();
        let mut u = self.unit() * total;
        for (x, w) in items {
            if u < *w {
                return x;
            }
            u -= w;
        }
        &items[items.len() - 1].0
    }
}

/// How likely a contact is at a local hour on a local weekday (1 = a weekday working hour).
fn arrival_weight(weekday: u32, hour: u32) -> f64 {
    let working = (9..18).contains(&hour);
    let evening = (7..9).contains(&hour) || (18..23).contains(&hour);
    match (weekday < 5, working, evening) {
        (true, true, _) => 1.0,
        (true, false, true) => 0.3,
        (false, true, _) => 0.2,
        (false, false, true) => 0.1,
        _ => 0.04,
    }
}

/// Generates the demo data set (see the [module docs](self)).
pub fn demo(opts: &DemoOptions) -> Result<DemoData> {
    if opts.interactions > MAX_INTERACTIONS {
        return Err(Error::InvalidArgument {
            name: "interactions",
            value: opts.interactions.to_string(),
            expected: "at most 10000000 demo interactions",
        });
    }
    let cal = BusinessCalendar::from_json(CALENDAR)?;
    let tz: Zone = cal.timezone();
    let parse = |s: &str| {
        s.parse::<DateTime<Utc>>()
            .map_err(|_| Error::InvalidArgument {
                name: "demo",
                value: s.to_string(),
                expected: "an RFC 3339 instant",
            })
    };
    let (from, as_of) = (parse(FROM)?, parse(AS_OF)?);
    let span = (as_of - from).num_seconds();
    let n = opts.interactions as usize;
    let mut rng = Rng(opts.seed ^ 0x005E_ED0F_5EED);
    // Creation instants by rejection sampling on the arrival weights, then sorted.
    let mut created: Vec<DateTime<Utc>> = Vec::with_capacity(n);
    while created.len() < n {
        let t = from + Duration::seconds((rng.unit() * span as f64) as i64);
        let l = t.with_timezone(&tz);
        if rng.chance(arrival_weight(l.weekday().num_days_from_monday(), l.hour())) {
            created.push(t);
        }
    }
    created.sort_unstable();
    // Customers: a pool four fifths the size of the volume, a few of them frequent.
    let customers = (n * 4 / 5).max(1);
    let mut interactions = Vec::with_capacity(n);
    let mut surveys = Vec::with_capacity(n / 2);
    let channels: [(Channel, f64); 6] = [
        (Channel::Email, 0.38),
        (Channel::Chat, 0.27),
        (Channel::Phone, 0.15),
        (Channel::WebForm, 0.1),
        (Channel::Messenger, 0.06),
        (Channel::Social, 0.04),
    ];
    let priorities: [(&str, f64); 4] = [
        ("urgent", 0.04),
        ("high", 0.16),
        ("normal", 0.6),
        ("low", 0.2),
    ];
    for (i, &at) in created.iter().enumerate() {
        let channel = *rng.pick(&channels);
        let priority = *rng.pick(&priorities);
        let topic = TOPICS[rng.below(TOPICS.len())];
        let group = if topic == "billing" || topic == "refund" {
            GROUPS[2]
        } else if rng.chance(0.15) {
            GROUPS[1]
        } else {
            GROUPS[0]
        };
        let customer = if rng.chance(0.12) {
            rng.below((customers / 20).max(1)) // frequent contacts
        } else {
            rng.below(customers)
        };
        let agent_index = rng.below(AGENTS.len());
        let (agent, speed, mood) = AGENTS[agent_index];
        let live = matches!(channel, Channel::Chat | Channel::Phone);
        let abandoned = live && rng.chance(0.04);
        let median_reply = match channel {
            Channel::Phone => 45.0,
            Channel::Chat => 150.0,
            Channel::Messenger => 900.0,
            Channel::Social => 3_600.0,
            Channel::Email => 7_200.0,
            _ => 10_800.0,
        } * speed
            * match priority {
                "urgent" => 0.3,
                "high" => 0.6,
                "low" => 1.5,
                _ => 1.0,
            };
        let mut row = SummaryRow {
            id: format!("T{:07}", i + 1),
            channel,
            agent: None,
            group: Some(group.to_string()),
            topic: Some(topic.to_string()),
            priority: Some(priority.to_string()),
            customer_id: Some(format!("C{:06}", customer + 1)),
            created_at: at,
            first_response_at: None,
            resolved_at: None,
            agent_replies: Some(0),
            reopens: Some(0),
            escalated: Some(false),
            wait_seconds: None,
            handle_seconds: None,
            hold_seconds: None,
            abandoned: live.then_some(abandoned),
            attributes: Default::default(),
        };
        if abandoned {
            let wait = rng.log_normal(60.0, 0.6).round();
            row.wait_seconds = Some(wait);
            row.resolved_at = Some(at + Duration::seconds(wait as i64));
            interactions.push(row);
            continue;
        }
        row.agent = Some(agent.to_string());
        if live {
            row.wait_seconds = Some(rng.log_normal(30.0, 0.8).round());
            row.handle_seconds = Some(rng.log_normal(420.0, 0.5).round());
            if channel == Channel::Phone && rng.chance(0.3) {
                row.hold_seconds = Some(rng.log_normal(60.0, 0.7).round());
            }
        }
        let answered = rng.chance(if live { 0.99 } else { 0.95 });
        let mut reply_business = 0.0;
        if answered {
            reply_business = rng.log_normal(median_reply, 1.0).round().max(1.0);
            let due = if live {
                // Live channels answer in clock time while the line is staffed.
                at + Duration::seconds(reply_business as i64)
            } else {
                cal.add_business_seconds(at, reply_business)?
            };
            row.first_response_at = Some(due);
        }
        let escalated = rng.chance(if priority == "urgent" { 0.2 } else { 0.06 });
        let reopens = if rng.chance(0.06) {
            1 + u32::from(rng.chance(0.15))
        } else {
            0
        };
        let replies = if answered {
            let mut r = 1;
            while r < 12 && rng.chance(if live { 0.2 } else { 0.45 }) {
                r += 1;
            }
            r + reopens
        } else {
            0
        };
        row.agent_replies = Some(replies);
        row.reopens = Some(reopens);
        row.escalated = Some(escalated);
        if let Some(first) = row.first_response_at {
            let work = rng.log_normal(if live { 600.0 } else { 14_400.0 }, 1.1)
                * speed
                * if escalated { 3.0 } else { 1.0 }
                * f64::from(1 + reopens);
            let resolved = cal.add_business_seconds(first, work.round())?;
            if resolved <= as_of && rng.chance(0.97) {
                row.resolved_at = Some(resolved);
            }
        }
        if let Some(resolved) = row.resolved_at {
            // Satisfaction: the agent's manner, the wait, reopens and escalations.
            let slow = reply_business / median_reply.max(1.0);
            let latent = 1.1 + mood
                - 0.35 * slow.ln().max(0.0)
                - 0.6 * f64::from(reopens)
                - if escalated { 0.4 } else { 0.0 }
                + rng.log_normal(1.0, 0.9).ln();
            let answer = |rng: &mut Rng, kind: SurveyKind, delay: f64| {
                let score = match kind {
                    SurveyKind::Csat => (3.0 + latent * 1.2).round().clamp(1.0, 5.0),
                    SurveyKind::Nps => (7.5 + latent * 2.2).round().clamp(0.0, 10.0),
                    _ => (5.0 + latent * 1.3).round().clamp(1.0, 7.0),
                };
                SurveyResponse {
                    interaction_id: row.id.clone(),
                    kind,
                    score,
                    responded_at: resolved + Duration::seconds(delay as i64),
                    comment: rng.chance(0.15).then(|| "demo comment".to_string()),
                    topic: None,
                    agent: None,
                    attributes: Vec::new(),
                }
            };
            if rng.chance(0.28) {
                let delay = rng.log_normal(7_200.0, 1.2).round();
                surveys.push(answer(&mut rng, SurveyKind::Csat, delay));
                if rng.chance(0.03) {
                    // A re-rating: the latest answer counts.
                    let later = delay + rng.log_normal(86_400.0, 0.5).round();
                    surveys.push(answer(&mut rng, SurveyKind::Csat, later));
                }
            }
            if rng.chance(0.1) {
                let delay = rng.log_normal(86_400.0, 0.8).round();
                surveys.push(answer(&mut rng, SurveyKind::Nps, delay));
            }
            if rng.chance(0.07) {
                let delay = rng.log_normal(3_600.0, 1.0).round();
                surveys.push(answer(&mut rng, SurveyKind::Ces, delay));
            }
        }
        interactions.push(row);
    }
    surveys.sort_by_key(|a| a.responded_at);
    Ok(DemoData {
        calendar: CALENDAR.to_string(),
        policies: POLICIES.to_string(),
        as_of,
        interactions,
        surveys,
    })
}

/// The demo's SLA policies, parsed.
pub fn policies() -> Result<SlaPolicies> {
    SlaPolicies::from_json(POLICIES)
}
