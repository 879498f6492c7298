//! Per-interaction measures, in calendar and business time. Definitions: `docs/metrics.md`,
//! section "Tickets".
//!
//! ```
//! use support_metrics::BusinessCalendar;
//! use support_metrics::interaction::{Interaction, MeasureOptions, Measures};
//! let cal = BusinessCalendar::from_json(r#"{"timezone":"UTC","week":{"mon":[["09:00","17:00"]],"tue":[["09:00","17:00"]]}}"#)?;
//! let it = Interaction::from_json(r#"{"id":"T-1","channel":"email","created_at":"2026-03-02T16:00:00Z",
//!   "events":[{"type":"agent_reply","at":"2026-03-03T10:00:00Z"},
//!             {"type":"status_change","status":"solved","at":"2026-03-03T11:00:00Z"}]}"#)?;
//! let m = Measures::compute(&it, &cal, &MeasureOptions::default())?;
//! let frt = m.first_response.unwrap();
//! // Mon 16:00 -> Tue 10:00 is 18 h of clock time, 1 h (Mon) + 1 h (Tue) of business time.
//! assert_eq!((frt.calendar_seconds, frt.business_seconds), (18.0 * 3600.0, Some(7200.0)));
//! assert_eq!(m.full_resolution.unwrap().business_seconds, Some(3.0 * 3600.0));
//! # Ok::<(), support_metrics::Error>(())
//! ```

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{EventKind, Interaction, Party, Status};
use crate::calendar::BusinessCalendar;
use crate::error::Result;
use crate::sla::Known;

/// Where the first-response clock starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FirstResponseStart {
    /// At creation (Zendesk, Freshdesk, most tools).
    #[default]
    Creation,
    /// At the first customer message; undefined when there is none.
    FirstCustomerMessage,
    /// At the first bot hand-off, so the time a bot handled the customer is not counted;
    /// at creation when there was no hand-off.
    BotHandoff,
}

/// Options of the per-interaction measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct MeasureOptions {
    /// Where the first-response clock starts. Default [`FirstResponseStart::Creation`].
    pub first_response_start: FirstResponseStart,
    /// Zendesk's rule for interactions opened by an agent: the agent's first public comment is
    /// the ticket's description, so the first response is the *second* public agent reply.
    /// Default `true`.
    pub agent_created_second_reply: bool,
    /// Measure the state as of this instant: later events are ignored, and the running
    /// status times of an unresolved interaction are counted up to it. `None` (default) uses
    /// every event, and status times of unresolved interactions are undefined.
    pub as_of: Option<DateTime<Utc>>,
}

impl Default for MeasureOptions {
    fn default() -> Self {
        MeasureOptions {
            first_response_start: FirstResponseStart::Creation,
            agent_created_second_reply: true,
            as_of: None,
        }
    }
}

impl MeasureOptions {
    /// Reads the JSON form (every key optional; unknown keys are refused, `invalid_json`).
    pub fn from_json(text: &str) -> Result<MeasureOptions> {
        crate::json::from_str(text).map_err(|e| crate::error::Error::InvalidJson {
            message: e.to_string(),
        })
    }

    /// Sets [`first_response_start`](Self::first_response_start).
    #[must_use]
    pub fn first_response_start(mut self, start: FirstResponseStart) -> Self {
        self.first_response_start = start;
        self
    }

    /// Sets [`agent_created_second_reply`](Self::agent_created_second_reply).
    #[must_use]
    pub fn agent_created_second_reply(mut self, yes: bool) -> Self {
        self.agent_created_second_reply = yes;
        self
    }

    /// Sets [`as_of`](Self::as_of).
    #[must_use]
    pub fn as_of(mut self, as_of: Option<DateTime<Utc>>) -> Self {
        self.as_of = as_of;
        self
    }
}

/// A span measured both ways, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Elapsed {
    /// Clock time.
    pub calendar_seconds: f64,
    /// Business time on the calendar; `None` only for figures a summary row reported as
    /// plain seconds (they cannot be placed on the calendar).
    pub business_seconds: Option<f64>,
}

impl Elapsed {
    /// From calendar and business nanoseconds.
    fn of_nanos(calendar_ns: i64, business_ns: i64) -> Elapsed {
        Elapsed {
            calendar_seconds: nanos_to_secs(calendar_ns),
            business_seconds: Some(nanos_to_secs(business_ns)),
        }
    }

    fn reported(seconds: f64) -> Elapsed {
        Elapsed {
            calendar_seconds: seconds,
            business_seconds: None,
        }
    }
}

/// Everything measured on one interaction. Instants are UTC; spans are [`Elapsed`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measures {
    /// When the first-response clock started (per [`MeasureOptions::first_response_start`]).
    pub first_response_start: Option<DateTime<Utc>>,
    /// The first public agent reply that counts as the first response.
    pub first_response_at: Option<DateTime<Utc>>,
    /// First response time; `None` when unanswered.
    pub first_response: Option<Elapsed>,
    /// Every next-reply time after the first response: from the first customer message
    /// that followed an agent reply to the next agent reply.
    pub next_replies: Vec<Elapsed>,
    /// A customer message after the first response still awaits a reply at the end.
    pub next_reply_pending: bool,
    /// The first time the interaction was solved (or closed without being solved).
    pub first_resolved_at: Option<DateTime<Utc>>,
    /// The final resolution, when the interaction is solved or closed at the end.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Creation to the first resolution.
    pub first_resolution: Option<Elapsed>,
    /// Creation to the final resolution; `None` when unresolved at the end.
    pub full_resolution: Option<Elapsed>,
    /// Time in `new`, `open` or `on_hold` (Zendesk's requester wait).
    pub requester_wait: Option<Elapsed>,
    /// Time in `pending` (Zendesk's agent wait).
    pub agent_wait: Option<Elapsed>,
    /// Time in `on_hold`.
    pub on_hold: Option<Elapsed>,
    /// Time in `new` or `open` (Zendesk's agent work time).
    pub agent_work: Option<Elapsed>,
    /// Public agent replies.
    pub agent_replies: u32,
    /// Customer messages.
    pub customer_messages: u32,
    /// Customer messages other than the description (a customer message at the creation
    /// instant).
    pub customer_followups: u32,
    /// Bot messages.
    pub bot_messages: u32,
    /// Bot hand-offs to a human.
    pub bot_handoffs: u32,
    /// Changes of assignee after the first assignment.
    pub transfers: u32,
    /// Escalations.
    pub escalations: u32,
    /// Transitions from solved back to an unresolved status.
    pub reopens: u32,
    /// Transitions into solved or closed from an unresolved status.
    pub resolutions: u32,
    /// Distinct agents involved (replying agents and assignees).
    pub agents_involved: u32,
    /// The status at the end.
    pub status: Status,
    /// Marked as spam.
    pub spam: bool,
    /// Merged into another interaction.
    pub merged: bool,
    /// Reported abandoned by a summary row.
    pub abandoned: bool,
}

impl Measures {
    /// Measures one interaction (assumed [validated](Interaction::validate)). Errors only when
    /// an instant lies outside the calendar's supported range.
    pub fn compute(
        it: &Interaction,
        cal: &BusinessCalendar,
        opts: &MeasureOptions,
    ) -> Result<Measures> {
        Measures::compute_recording(it, cal, opts, None)
    }

    /// [`compute`](Self::compute), also recording the business nanoseconds of each closed
    /// status segment in order (the segments SLA evaluation walks, cut at the same `as_of`)
    /// and of each reply span, so that a batch evaluating SLAs next measures each span once.
    pub(crate) fn compute_recording(
        it: &Interaction,
        cal: &BusinessCalendar,
        opts: &MeasureOptions,
        mut known: Option<&mut Known>,
    ) -> Result<Measures> {
        if let Some(k) = known.as_deref_mut() {
            k.clear();
        }
        let mut nanos = Nanos::default();
        let reply = |known: &mut Option<&mut Known>, nanos: &mut Nanos, a, b| -> Result<Elapsed> {
            let (ns, bns) = nanos.span(cal, a, b)?;
            if let Some(k) = known.as_deref_mut() {
                k.spans.push((a, b, bns));
            }
            Ok(Elapsed::of_nanos(ns, bns))
        };
        let events = match opts.as_of {
            Some(t) => {
                let n = it.events.partition_point(|e| e.at <= t);
                it.events.get(..n).unwrap_or(&it.events)
            }
            None => &it.events[..],
        };
        // Pass 1: the first-response start.
        let start = match opts.first_response_start {
            FirstResponseStart::Creation => Some(it.created_at),
            FirstResponseStart::FirstCustomerMessage => events
                .iter()
                .find(|e| e.kind == EventKind::CustomerMessage)
                .map(|e| e.at),
            FirstResponseStart::BotHandoff => Some(
                events
                    .iter()
                    .find(|e| e.kind == EventKind::BotHandoff)
                    .map_or(it.created_at, |e| e.at),
            ),
        };
        let mut skip = usize::from(opts.agent_created_second_reply && it.opened_by == Party::Agent);

        let mut m = Measures {
            first_response_start: start,
            first_response_at: None,
            first_response: None,
            next_replies: Vec::new(),
            next_reply_pending: false,
            first_resolved_at: None,
            resolved_at: None,
            first_resolution: None,
            full_resolution: None,
            requester_wait: None,
            agent_wait: None,
            on_hold: None,
            agent_work: None,
            agent_replies: 0,
            customer_messages: 0,
            customer_followups: 0,
            bot_messages: 0,
            bot_handoffs: 0,
            transfers: 0,
            escalations: 0,
            reopens: 0,
            resolutions: 0,
            agents_involved: 0,
            status: Status::New,
            spam: false,
            merged: false,
            abandoned: false,
        };
        let mut agents = Agents::default();
        let mut awaiting: Option<DateTime<Utc>> = None;
        let mut first_assignee: Option<Option<&str>> = None;
        let mut last_assignee: Option<&str> = None;
        // Status time: [since, t) in `status`, summed per status kind in ns and business ns.
        let mut since = it.created_at;
        let mut status_ns = [0i64; 6];
        let mut status_bns = [0i64; 6];
        let mut last_resolve: Option<DateTime<Utc>> = None;
        // Business ns of [created_at, since): status segments tile the timeline from the
        // creation, so a resolution's business time is this running sum (business time is
        // additive, exactly, in integer nanoseconds) and needs no calendar walk of its own.
        let mut business_to_since = 0i64;
        let (mut first_resolved_bns, mut last_resolve_bns) = (0i64, 0i64);
        // The same, in calendar nanoseconds.
        let mut calendar_to_since = 0i64;
        let (mut first_resolved_ns, mut last_resolve_ns) = (0i64, 0i64);
        let mut description_seen = false;

        for e in events {
            match &e.kind {
                EventKind::CustomerMessage => {
                    m.customer_messages += 1;
                    // A message at the creation instant is the description, not a follow-up
                    // (Freshservice's FCR rule).
                    if e.at == it.created_at && !description_seen {
                        description_seen = true;
                    } else {
                        m.customer_followups += 1;
                    }
                    if m.first_response_at.is_some() && awaiting.is_none() {
                        awaiting = Some(e.at);
                    }
                }
                EventKind::AgentReply => {
                    m.agent_replies += 1;
                    agents.add(e.actor.as_deref());
                    if m.first_response_at.is_none() {
                        if skip > 0 {
                            skip -= 1;
                        } else if let Some(s) = start.filter(|s| e.at >= *s) {
                            m.first_response_at = Some(e.at);
                            m.first_response = Some(reply(&mut known, &mut nanos, s, e.at)?);
                        }
                    } else if let Some(t) = awaiting.take() {
                        m.next_replies.push(reply(&mut known, &mut nanos, t, e.at)?);
                    }
                }
                EventKind::InternalNote => {}
                EventKind::BotMessage => m.bot_messages += 1,
                EventKind::BotHandoff => m.bot_handoffs += 1,
                EventKind::StatusChange { status } => {
                    let (from, to) = (m.status, *status);
                    if from != to {
                        let k = from as usize;
                        let (span, segment) = nanos.span(cal, since, e.at)?;
                        business_to_since = business_to_since.saturating_add(segment);
                        calendar_to_since = calendar_to_since.saturating_add(span);
                        if let Some(k) = known.as_deref_mut() {
                            k.segments.push(segment);
                        }
                        if let (Some(ns), Some(bns)) = (status_ns.get_mut(k), status_bns.get_mut(k))
                        {
                            *ns += span;
                            *bns += segment;
                        }
                        since = e.at;
                        if !from.is_resolved() && to.is_resolved() {
                            m.resolutions += 1;
                            last_resolve = Some(e.at);
                            last_resolve_bns = business_to_since;
                            last_resolve_ns = calendar_to_since;
                            if m.first_resolved_at.is_none() {
                                m.first_resolved_at = Some(e.at);
                                first_resolved_bns = business_to_since;
                                first_resolved_ns = calendar_to_since;
                            }
                        }
                        if from.is_resolved() && !to.is_resolved() {
                            m.reopens += 1;
                        }
                        m.status = to;
                    }
                }
                EventKind::Assignment { assignee, .. } => {
                    let a = assignee.as_deref();
                    match first_assignee {
                        None => first_assignee = Some(a),
                        Some(_) if a != last_assignee => m.transfers += 1,
                        Some(_) => {}
                    }
                    last_assignee = a;
                    agents.add(a);
                }
                EventKind::Escalation { .. } => m.escalations += 1,
                EventKind::Merge { .. } => m.merged = true,
                EventKind::Spam => m.spam = true,
            }
        }
        agents.add(it.assignee.as_deref());
        m.agents_involved = agents.count();
        m.next_reply_pending = awaiting.is_some();

        if m.first_resolved_at.is_some() {
            m.first_resolution = Some(Elapsed::of_nanos(first_resolved_ns, first_resolved_bns));
        }
        if m.status.is_resolved() {
            m.resolved_at = last_resolve;
            if last_resolve.is_some() {
                m.full_resolution = Some(Elapsed::of_nanos(last_resolve_ns, last_resolve_bns));
            }
        }
        // Status times run to the final resolution, or to `as_of` while unresolved.
        let end = if m.status.is_resolved() {
            Some(since)
        } else {
            opts.as_of.filter(|t| *t >= since)
        };
        if let Some(end) = end {
            if !m.status.is_resolved() {
                let k = m.status as usize;
                if let (Some(ns), Some(bns)) = (status_ns.get_mut(k), status_bns.get_mut(k)) {
                    let (span, segment) = nanos.span(cal, since, end)?;
                    *ns += span;
                    *bns += segment;
                }
            }
            let sum = |ks: &[Status]| -> Elapsed {
                let ns: i64 = ks.iter().map(|&k| status_ns[k as usize]).sum();
                let bns: i64 = ks.iter().map(|&k| status_bns[k as usize]).sum();
                Elapsed {
                    calendar_seconds: nanos_to_secs(ns),
                    business_seconds: Some(nanos_to_secs(bns)),
                }
            };
            m.requester_wait = Some(sum(&[Status::New, Status::Open, Status::OnHold]));
            m.agent_wait = Some(sum(&[Status::Pending]));
            m.on_hold = Some(sum(&[Status::OnHold]));
            m.agent_work = Some(sum(&[Status::New, Status::Open]));
        }

        if let Some(r) = &it.reported {
            if let Some(n) = r.agent_replies {
                m.agent_replies = n;
            }
            if let Some(n) = r.reopens {
                m.reopens = n;
            }
            if let Some(x) = r.escalated {
                m.escalations = u32::from(x);
            }
            if let Some(x) = r.wait_seconds {
                m.requester_wait = Some(Elapsed::reported(x));
            }
            if let Some(x) = r.handle_seconds {
                m.agent_work = Some(Elapsed::reported(x));
            }
            if let Some(x) = r.hold_seconds {
                m.on_hold = Some(Elapsed::reported(x));
            }
            m.abandoned = r.abandoned.unwrap_or(false);
        }
        Ok(m)
    }
}

/// The engine nanoseconds of the instants one interaction's measures use, each converted (and
/// range-checked) once: the same few instants start and end several spans, and a conversion
/// (a date to days since the epoch) costs more than the lookup.
#[derive(Default)]
struct Nanos {
    memo: [(DateTime<Utc>, i64); 4],
    len: usize,
    next: usize,
}

impl Nanos {
    fn of(&mut self, t: DateTime<Utc>) -> Result<i64> {
        let known = self.memo.get(..self.len).unwrap_or_default();
        if let Some(&(_, v)) = known.iter().find(|m| m.0 == t) {
            return Ok(v);
        }
        let v = crate::calendar::instant_ns(t)?;
        if let Some(slot) = self.memo.get_mut(self.next) {
            *slot = (t, v);
        }
        self.next = (self.next + 1) % self.memo.len();
        self.len = (self.len + 1).min(self.memo.len());
        Ok(v)
    }

    /// Calendar and business nanoseconds of `[a, b)`: exactly what `b - a` and
    /// [`BusinessCalendar::business_duration`] give, errors included.
    fn span(
        &mut self,
        cal: &BusinessCalendar,
        a: DateTime<Utc>,
        b: DateTime<Utc>,
    ) -> Result<(i64, i64)> {
        let (x, y) = (self.of(a)?, self.of(b)?);
        if y < x {
            // The calendar's own error for an end before the start.
            return cal.business_duration(a, b).map(|_| (0, 0));
        }
        Ok((y - x, cal.between_ns(x, y)))
    }
}

/// The distinct agents of one interaction: a few inline (no allocation for the usual one to
/// four), the rest in a vector.
#[derive(Default)]
struct Agents<'a> {
    few: [&'a str; 4],
    n: usize,
    more: Vec<&'a str>,
}

impl<'a> Agents<'a> {
    fn add(&mut self, a: Option<&'a str>) {
        let Some(a) = a else { return };
        // Actor names are short: compared in registers, not by a `memcmp` call per pair
        // (that call was a few percent of a million-interaction catalogue).
        let same = |b: &&str| crate::hash::same_text(a.as_bytes(), b.as_bytes());
        let few = self.few.get(..self.n).unwrap_or_default();
        if few.iter().any(same) || self.more.iter().any(same) {
            return;
        }
        match self.few.get_mut(self.n) {
            Some(slot) => {
                *slot = a;
                self.n += 1;
            }
            None => self.more.push(a),
        }
    }

    fn count(&self) -> u32 {
        u32::try_from(self.n + self.more.len()).unwrap_or(u32::MAX)
    }
}

pub(crate) fn nanos_to_secs(ns: i64) -> f64 {
    (ns / 1_000_000_000) as f64 + (ns % 1_000_000_000) as f64 / 1e9
}
