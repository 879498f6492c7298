//! The ticket catalogue: one accumulator for every ticket aggregate, the report it finishes
//! to, breakdowns by dimension and period, and agent rankings.
//!
//! ```
//! use support_metrics::BusinessCalendar;
//! use support_metrics::interaction::{read_summary_csv, ReadOptions};
//! use support_metrics::metrics::{ticket_report, TicketOptions};
//! let csv = "id,channel,agent,customer_id,created_at,first_response_at,resolved_at,agent_replies\n\
//!            1,email,ana,c1,2026-03-02T09:00:00Z,2026-03-02T09:30:00Z,2026-03-02T10:00:00Z,1\n\
//!            2,email,ana,c2,2026-03-02T09:00:00Z,2026-03-02T10:30:00Z,,2\n\
//!            3,chat,bo,c1,2026-03-04T09:00:00Z,,,0\n";
//! let batch = read_summary_csv(csv, &ReadOptions::default())?;
//! let cal = BusinessCalendar::always_open(chrono_tz::UTC);
//! let report = ticket_report(&batch.interactions, &cal, None, &TicketOptions::default())?;
//! let frt = report.first_response_time.summary.unwrap();
//! assert_eq!((frt.count, frt.mean), (2, 3600.0)); // (30 min + 90 min) / 2
//! assert_eq!(report.first_response_time.excluded, 1); // ticket 3 is unanswered
//! assert_eq!(report.resolution_rate.value, Some(1.0 / 3.0));
//! // Customer c1 came back within 7 days (ticket 3, two days after ticket 1).
//! assert_eq!((report.repeat_contact_rate.numerator, report.repeat_contact_rate.denominator), (1, 3));
//! # Ok::<(), support_metrics::Error>(())
//! ```

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::{Deserialize, Serialize};

use super::{Counts, DurationAccumulator, DurationStats, QuantileMode};
use crate::calendar::BusinessCalendar;
use crate::error::{Error, Result};
use crate::interaction::{
    Elapsed, Interaction, InteractionRows, MeasureOptions, Measures, RowScratch,
};
use crate::sla::{
    SlaEvaluation, SlaMetric, SlaPolicies, SlaScratch, SlaState, TargetOutcome, TimeBasis,
};
use crate::stats::{rate, Rate, StatsOptions};
use crate::tz::Zone;

use crate::hash::{same_text, FxHasher, FxMap, Interner};

/// First-contact-resolution definitions. Each counts resolved interactions (solved or
/// closed at the end); they differ in what makes a resolution "first contact".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FcrPreset {
    /// Zendesk Explore "One-touch tickets": fewer than 2 public agent replies.
    ZendeskOneTouch,
    /// Exactly one public agent reply (the "one touch" of Zoho Desk and others).
    OnePublicReply,
    /// No customer message besides the description (Freshservice: "the customer interaction
    /// must be 0 for resolved tickets, irrespective of the number of responses sent by the
    /// agent").
    NoCustomerFollowup,
    /// Resolved exactly once (never reopened) with at most one agent involved (Intercom).
    ClosedOnceOneAgent,
    /// The same customer did not contact again within `days` days of creation (industry
    /// surveys, e.g. SQM); interactions without a customer id are not eligible.
    NoRepeatContactWithin {
        /// The window in days.
        days: u32,
    },
}

/// Options of the ticket catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct TicketOptions {
    /// Options of the per-interaction measures, including `as_of` (required for SLA states
    /// and backlog).
    pub measures: MeasureOptions,
    /// Durations in business (default) or calendar time.
    pub time: TimeBasis,
    /// Exact percentiles (default) or the bounded-memory sketch.
    pub quantiles: QuantileMode,
    /// The FCR definition. Default [`FcrPreset::ZendeskOneTouch`].
    pub fcr: FcrPreset,
    /// Repeat-contact window in days. Default 7.
    pub repeat_window_days: u32,
    /// A repeat contact must have the same topic. Default `false`.
    pub repeat_same_topic: bool,
    /// The attribute that marks conversions (`true`/`false`). Default `"converted"`.
    pub conversion_attribute: String,
    /// Interval options of the rates.
    pub stats: StatsOptions,
}

impl Default for TicketOptions {
    fn default() -> Self {
        TicketOptions {
            measures: MeasureOptions::default(),
            time: TimeBasis::Business,
            quantiles: QuantileMode::Exact,
            fcr: FcrPreset::ZendeskOneTouch,
            repeat_window_days: 7,
            repeat_same_topic: false,
            conversion_attribute: "converted".to_string(),
            stats: StatsOptions::default(),
        }
    }
}

impl TicketOptions {
    /// Reads the JSON form (every key optional; unknown keys are refused, `invalid_json`).
    ///
    /// ```
    /// use support_metrics::metrics::{FcrPreset, TicketOptions};
    /// let o = TicketOptions::from_json(r#"{"fcr": {"no_repeat_contact_within": {"days": 3}},
    ///                                     "measures": {"as_of": "2026-03-02T00:00:00Z"}}"#)?;
    /// assert_eq!(o.fcr, FcrPreset::NoRepeatContactWithin { days: 3 });
    /// assert_eq!(TicketOptions::from_json(r#"{"as_of": "2026-03-02T00:00:00Z"}"#).unwrap_err().code(), "invalid_json");
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<TicketOptions> {
        crate::json::from_str(text).map_err(|e| Error::InvalidJson {
            message: e.to_string(),
        })
    }

    /// Sets [`measures`](Self::measures).
    #[must_use]
    pub fn measures(mut self, m: MeasureOptions) -> Self {
        self.measures = m;
        self
    }
    /// Sets `measures.as_of`.
    #[must_use]
    pub fn as_of(mut self, t: DateTime<Utc>) -> Self {
        self.measures.as_of = Some(t);
        self
    }
    /// Sets [`time`](Self::time).
    #[must_use]
    pub fn time(mut self, t: TimeBasis) -> Self {
        self.time = t;
        self
    }
    /// Sets [`quantiles`](Self::quantiles).
    #[must_use]
    pub fn quantiles(mut self, q: QuantileMode) -> Self {
        self.quantiles = q;
        self
    }
    /// Sets [`fcr`](Self::fcr).
    #[must_use]
    pub fn fcr(mut self, p: FcrPreset) -> Self {
        self.fcr = p;
        self
    }
    /// Sets [`repeat_window_days`](Self::repeat_window_days).
    #[must_use]
    pub fn repeat_window_days(mut self, d: u32) -> Self {
        self.repeat_window_days = d;
        self
    }
    /// Sets [`repeat_same_topic`](Self::repeat_same_topic).
    #[must_use]
    pub fn repeat_same_topic(mut self, yes: bool) -> Self {
        self.repeat_same_topic = yes;
        self
    }
    /// Sets [`conversion_attribute`](Self::conversion_attribute).
    #[must_use]
    pub fn conversion_attribute(mut self, name: impl Into<String>) -> Self {
        self.conversion_attribute = name.into();
        self
    }
    /// Sets [`stats`](Self::stats).
    #[must_use]
    pub fn stats(mut self, s: StatsOptions) -> Self {
        self.stats = s;
        self
    }
}

/// SLA outcome counts of one metric.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaCounts {
    /// Met.
    pub met: u64,
    /// Breached.
    pub breached: u64,
    /// Running, within target.
    pub active: u64,
    /// Paused, within target.
    pub paused: u64,
}

impl SlaCounts {
    pub(crate) fn push(&mut self, s: SlaState) {
        match s {
            SlaState::Met => self.met += 1,
            SlaState::Breached => self.breached += 1,
            SlaState::Active => self.active += 1,
            SlaState::Paused => self.paused += 1,
        }
    }
    pub(crate) fn merge(&mut self, o: &SlaCounts) {
        self.met += o.met;
        self.breached += o.breached;
        self.active += o.active;
        self.paused += o.paused;
    }
}

/// SLA compliance of one metric: met / (met + breached), with the undecided counted beside.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SlaCompliance {
    /// The metric.
    pub metric: SlaMetric,
    /// Met, breached, active and paused counts.
    pub counts: SlaCounts,
    /// met / (met + breached); `value` is `None` when nothing is decided yet.
    pub compliance: Rate,
}

/// What one interaction contributes: its measures and the cross-interaction facts.
#[derive(Debug, Clone, Copy)]
pub struct TicketInput<'a> {
    /// The interaction.
    pub interaction: &'a Interaction,
    /// Its measures.
    pub measures: &'a Measures,
    /// Its SLA evaluation, when policies were given.
    pub sla: Option<&'a SlaEvaluation>,
    /// Contacted again within the repeat window (`None`: no customer id).
    pub repeat: Option<bool>,
    /// Contacted again within the FCR preset's window (`None`: no customer id or another
    /// preset).
    pub repeat_fcr: Option<bool>,
}

/// A span in the time basis the figures use (`None`: undefined, or a reported figure that
/// has no business time).
fn pick(e: Option<Elapsed>, time: TimeBasis) -> Option<f64> {
    e.and_then(|e| match time {
        TimeBasis::Business => e.business_seconds,
        TimeBasis::Calendar => Some(e.calendar_seconds),
    })
}

/// What one interaction adds to an accumulator, decided once: a report pushes each
/// interaction into the total and into a group of every breakdown (five accumulators by
/// default), and each push no longer decides every rate, duration and SLA state again.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Contribution<'a> {
    /// Spam (`Some(true)`) or merged (`Some(false)`): counted as excluded, nothing else.
    excluded: Option<bool>,
    resolved: bool,
    escalated: bool,
    repeat: Option<bool>,
    /// Bot messages, and bot messages plus agent replies.
    bot_messages: u64,
    replies: u64,
    conversion: Option<bool>,
    backlog: bool,
    first_response: Option<f64>,
    next_replies: &'a [Elapsed],
    time: TimeBasis,
    next_reply_pending: bool,
    first_resolution: Option<f64>,
    full_resolution: Option<f64>,
    /// FCR, automation and reopen outcomes, where the interaction is in their denominators.
    fcr: Option<bool>,
    bot_resolved: Option<bool>,
    reopened: Option<bool>,
    sla: &'a [TargetOutcome],
}

impl<'a> Contribution<'a> {
    pub(crate) fn of(x: &TicketInput<'a>, opts: &TicketOptions) -> Contribution<'a> {
        let (it, m) = (x.interaction, x.measures);
        let resolved = m.status.is_resolved();
        let conversion = it.attributes.get(&opts.conversion_attribute).and_then(|v| {
            match v.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => Some(true),
                "false" | "no" | "0" => Some(false),
                _ => None,
            }
        });
        let fcr = match opts.fcr {
            _ if !resolved => None,
            FcrPreset::ZendeskOneTouch => Some(m.agent_replies < 2),
            FcrPreset::OnePublicReply => Some(m.agent_replies == 1),
            FcrPreset::NoCustomerFollowup => Some(m.customer_followups == 0),
            FcrPreset::ClosedOnceOneAgent => {
                Some(m.resolutions <= 1 && m.reopens == 0 && m.agents_involved <= 1)
            }
            FcrPreset::NoRepeatContactWithin { .. } => x.repeat_fcr.map(|r| !r),
        };
        Contribution {
            excluded: (m.spam || m.merged).then_some(m.spam),
            resolved,
            escalated: m.escalations > 0,
            repeat: x.repeat,
            bot_messages: u64::from(m.bot_messages),
            // In 64 bits: a reported reply count near 2³² plus bot messages does not wrap.
            replies: u64::from(m.bot_messages) + u64::from(m.agent_replies),
            conversion,
            backlog: opts.measures.as_of.is_some() && !resolved,
            first_response: pick(m.first_response, opts.time),
            next_replies: &m.next_replies,
            time: opts.time,
            next_reply_pending: m.next_reply_pending,
            first_resolution: pick(m.first_resolution, opts.time),
            full_resolution: pick(m.full_resolution, opts.time),
            fcr,
            bot_resolved: resolved
                .then_some(m.agent_replies == 0 && m.bot_handoffs == 0 && m.bot_messages > 0),
            reopened: (m.resolutions > 0 || resolved).then_some(m.reopens > 0),
            sla: x.sla.map_or(&[], |s| &s.targets),
        }
    }
}

/// Which aggregates a push feeds (for attribution by event time: each part goes to the
/// period of its own event).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Part {
    /// Everything.
    All,
    /// Volume and the rates decided at creation.
    Creation,
    /// First and next reply times, reply SLAs.
    Response,
    /// Resolution times, resolution-based rates, the resolution SLA.
    Resolution,
}

/// The accumulator of every ticket aggregate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketAccumulator {
    /// Interactions counted (spam and merged excluded).
    pub interactions: u64,
    /// Excluded as spam.
    pub excluded_spam: u64,
    /// Excluded as merged into another interaction.
    pub excluded_merged: u64,
    /// First response times.
    pub first_response: DurationAccumulator,
    /// Next reply times (one per cycle).
    pub next_reply: DurationAccumulator,
    /// First resolution times.
    pub first_resolution: DurationAccumulator,
    /// Full resolution times.
    pub full_resolution: DurationAccumulator,
    /// Resolved at the end / all.
    pub resolved: Counts,
    /// FCR per the preset / resolved.
    pub fcr: Counts,
    /// Reopened at least once / resolved at least once.
    pub reopened: Counts,
    /// Escalated at least once / all.
    pub escalated: Counts,
    /// Contacted again within the window / with a customer id.
    pub repeat_contact: Counts,
    /// Resolved by a bot alone / resolved.
    pub bot_resolved: Counts,
    /// Bot messages / (bot messages + agent replies).
    pub bot_replies: Counts,
    /// Converted / eligible.
    pub conversion: Counts,
    /// Unresolved at `as_of`.
    pub backlog: u64,
    /// SLA outcomes per metric, in [`SlaMetric::ALL`] order.
    pub sla: [SlaCounts; 4],
}

impl TicketAccumulator {
    /// An empty accumulator.
    #[must_use]
    pub fn new(opts: &TicketOptions) -> Self {
        let d = || DurationAccumulator::new(opts.quantiles);
        TicketAccumulator {
            interactions: 0,
            excluded_spam: 0,
            excluded_merged: 0,
            first_response: d(),
            next_reply: d(),
            first_resolution: d(),
            full_resolution: d(),
            resolved: Counts::default(),
            fcr: Counts::default(),
            reopened: Counts::default(),
            escalated: Counts::default(),
            repeat_contact: Counts::default(),
            bot_resolved: Counts::default(),
            bot_replies: Counts::default(),
            conversion: Counts::default(),
            backlog: 0,
            sla: [SlaCounts::default(); 4],
        }
    }

    /// Adds one interaction's contribution (or the `part` of it).
    pub fn push(&mut self, x: &TicketInput<'_>, opts: &TicketOptions, part: Part) {
        self.add(&Contribution::of(x, opts), part);
    }

    /// Adds a contribution worked out once (or the `part` of it).
    pub(crate) fn add(&mut self, c: &Contribution<'_>, part: Part) {
        let creation = matches!(part, Part::All | Part::Creation);
        let response = matches!(part, Part::All | Part::Response);
        let resolution = matches!(part, Part::All | Part::Resolution);
        if let Some(spam) = c.excluded {
            if creation {
                if spam {
                    self.excluded_spam += 1;
                } else {
                    self.excluded_merged += 1;
                }
            }
            return;
        }
        if creation {
            self.interactions += 1;
            self.resolved.push(c.resolved);
            self.escalated.push(c.escalated);
            if let Some(r) = c.repeat {
                self.repeat_contact.push(r);
            }
            if c.replies > 0 {
                self.bot_replies.denominator += c.replies;
                self.bot_replies.numerator += c.bot_messages;
            }
            if let Some(v) = c.conversion {
                self.conversion.push(v);
            }
            if c.backlog {
                self.backlog += 1;
            }
        }
        if response {
            self.first_response.push(c.first_response);
            for e in c.next_replies {
                self.next_reply.push(pick(Some(*e), c.time));
            }
            if c.next_reply_pending {
                self.next_reply.excluded += 1;
            }
        }
        if resolution {
            self.first_resolution.push(c.first_resolution);
            self.full_resolution.push(c.full_resolution);
            if let Some(f) = c.fcr {
                self.fcr.push(f);
            }
            if let Some(b) = c.bot_resolved {
                self.bot_resolved.push(b);
            }
            if let Some(r) = c.reopened {
                self.reopened.push(r);
            }
        }
        for t in c.sla {
            let wanted = match t.metric {
                SlaMetric::Resolution => resolution,
                _ => response,
            };
            if wanted {
                if let Some(n) = self.sla.get_mut(t.metric as usize) {
                    n.push(t.state);
                }
            }
        }
    }

    /// Adds another accumulator's contributions.
    pub fn merge(&mut self, o: &TicketAccumulator) {
        self.interactions += o.interactions;
        self.excluded_spam += o.excluded_spam;
        self.excluded_merged += o.excluded_merged;
        self.first_response.merge(&o.first_response);
        self.next_reply.merge(&o.next_reply);
        self.first_resolution.merge(&o.first_resolution);
        self.full_resolution.merge(&o.full_resolution);
        for (a, b) in [
            (&mut self.resolved, &o.resolved),
            (&mut self.fcr, &o.fcr),
            (&mut self.reopened, &o.reopened),
            (&mut self.escalated, &o.escalated),
            (&mut self.repeat_contact, &o.repeat_contact),
            (&mut self.bot_resolved, &o.bot_resolved),
            (&mut self.bot_replies, &o.bot_replies),
            (&mut self.conversion, &o.conversion),
        ] {
            a.merge(b);
        }
        self.backlog += o.backlog;
        for (a, b) in self.sla.iter_mut().zip(&o.sla) {
            a.merge(b);
        }
    }

    /// The report.
    pub fn finish(&self, opts: &TicketOptions) -> Result<TicketReport> {
        self.report_with(
            opts,
            [
                self.first_response.finish(),
                self.first_resolution.finish(),
                self.full_resolution.finish(),
            ],
        )
    }

    /// [`finish`](Self::finish) with the first-response, first-resolution and full-resolution
    /// samples given, sorted (the samples of several parts' accumulators, this one's merged
    /// from them but for those samples); this accumulator's own samples of the three are not
    /// read.
    pub(crate) fn finish_with(
        &self,
        opts: &TicketOptions,
        sorted: [Vec<f64>; 3],
    ) -> Result<TicketReport> {
        let [first_response, first_resolution, full_resolution] = sorted;
        let with = |d: &DurationAccumulator, values: Vec<f64>| {
            DurationAccumulator {
                mode: d.mode,
                values,
                excluded: d.excluded,
                ..DurationAccumulator::default()
            }
            .finish()
        };
        self.report_with(
            opts,
            [
                with(&self.first_response, first_response),
                with(&self.first_resolution, first_resolution),
                with(&self.full_resolution, full_resolution),
            ],
        )
    }

    /// The report of this accumulator with the three duration figures given.
    fn report_with(
        &self,
        opts: &TicketOptions,
        [first_response_time, first_resolution_time, full_resolution_time]: [DurationStats; 3],
    ) -> Result<TicketReport> {
        let r = |c: &Counts| rate(c.numerator, c.denominator, &opts.stats);
        let mut sla = Vec::new();
        for (metric, c) in SlaMetric::ALL.into_iter().zip(self.sla) {
            if c != SlaCounts::default() {
                sla.push(SlaCompliance {
                    metric,
                    counts: c,
                    compliance: rate(c.met, c.met + c.breached, &opts.stats)?,
                });
            }
        }
        Ok(TicketReport {
            interactions: self.interactions,
            excluded_spam: self.excluded_spam,
            excluded_merged: self.excluded_merged,
            first_response_time,
            next_reply_time: self.next_reply.finish(),
            first_resolution_time,
            full_resolution_time,
            resolution_rate: r(&self.resolved)?,
            fcr: r(&self.fcr)?,
            reopen_rate: r(&self.reopened)?,
            escalation_rate: r(&self.escalated)?,
            repeat_contact_rate: r(&self.repeat_contact)?,
            automation_rate: r(&self.bot_resolved)?,
            bot_reply_share: r(&self.bot_replies)?,
            conversion_rate: r(&self.conversion)?,
            backlog: opts.measures.as_of.map(|_| self.backlog),
            sla,
        })
    }
}

/// Every ticket aggregate of a set of interactions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketReport {
    /// Interactions counted (the volume), spam and merged excluded.
    pub interactions: u64,
    /// Excluded as spam.
    pub excluded_spam: u64,
    /// Excluded as merged.
    pub excluded_merged: u64,
    /// First response time; `excluded` = unanswered.
    pub first_response_time: DurationStats,
    /// Next reply time per cycle; `excluded` = cycles still awaiting a reply.
    pub next_reply_time: DurationStats,
    /// First resolution time; `excluded` = never resolved.
    pub first_resolution_time: DurationStats,
    /// Full resolution time; `excluded` = unresolved at the end.
    pub full_resolution_time: DurationStats,
    /// Resolved / all.
    pub resolution_rate: Rate,
    /// First-contact resolution per the preset / resolved.
    pub fcr: Rate,
    /// Reopened / ever resolved.
    pub reopen_rate: Rate,
    /// Escalated / all.
    pub escalation_rate: Rate,
    /// Repeat contacts / interactions with a customer id.
    pub repeat_contact_rate: Rate,
    /// Resolved by a bot without a human / resolved.
    pub automation_rate: Rate,
    /// Bot messages / (bot messages + agent replies).
    pub bot_reply_share: Rate,
    /// Converted / eligible.
    pub conversion_rate: Rate,
    /// Unresolved at `as_of`; `None` without `as_of`.
    pub backlog: Option<u64>,
    /// SLA compliance per metric that has outcomes.
    pub sla: Vec<SlaCompliance>,
}

/// Per-interaction facts computed once for a batch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prepared {
    /// Measures, one per interaction.
    pub measures: Vec<Measures>,
    /// SLA evaluations (empty without policies).
    pub sla: Vec<SlaEvaluation>,
    /// Repeat-contact flags.
    pub repeat: Vec<Option<bool>>,
    /// Repeat flags for the FCR preset's window (empty for other presets).
    pub repeat_fcr: Vec<Option<bool>>,
    /// Interactions created after `as_of` (left out).
    pub future: Vec<bool>,
}

impl Prepared {
    /// Computes measures, SLA evaluations and repeat flags. SLA evaluation needs
    /// `opts.measures.as_of` (`invalid_option` without it).
    pub fn new(
        interactions: &[Interaction],
        cal: &BusinessCalendar,
        policies: Option<&SlaPolicies>,
        opts: &TicketOptions,
    ) -> Result<Prepared> {
        let as_of = opts.measures.as_of;
        let mut p = Prepared {
            measures: Vec::with_capacity(interactions.len()),
            ..Prepared::default()
        };
        for it in interactions {
            p.measures.push(Measures::compute(it, cal, &opts.measures)?);
            p.future.push(as_of.is_some_and(|t| it.created_at > t));
        }
        if let Some(policies) = policies {
            let Some(as_of) = as_of else {
                return Err(Error::InvalidArgument {
                    name: "as_of",
                    value: "none".to_string(),
                    expected: "an instant: SLA states (met, breached, active, paused) need one",
                });
            };
            p.sla.reserve(interactions.len());
            for it in interactions {
                p.sla.push(policies.evaluate(it, cal, as_of)?);
            }
        }
        p.repeat = repeat_contacts(
            interactions,
            opts.repeat_window_days,
            opts.repeat_same_topic,
        );
        if let FcrPreset::NoRepeatContactWithin { days } = opts.fcr {
            p.repeat_fcr = repeat_contacts(interactions, days, opts.repeat_same_topic);
        }
        Ok(p)
    }

    /// The input of interaction `i` (`None` when it was created after `as_of` or `i` is out
    /// of range), to push into a [`TicketAccumulator`].
    #[must_use]
    pub fn input<'a>(
        &'a self,
        interactions: &'a [Interaction],
        i: usize,
    ) -> Option<TicketInput<'a>> {
        if self.future.get(i).copied().unwrap_or(false) {
            return None;
        }
        Some(TicketInput {
            interaction: interactions.get(i)?,
            measures: self.measures.get(i)?,
            sla: self.sla.get(i),
            repeat: self.repeat.get(i).copied().flatten(),
            repeat_fcr: self.repeat_fcr.get(i).copied().flatten(),
        })
    }
}

/// For each interaction, whether the same customer (and topic, with `same_topic`) contacted
/// again within `days` days: another interaction created at or after it (later in input order
/// when the instants are equal) and no more than `days × 86 400` s later. `None` for
/// interactions without a customer id.
///
/// ```
/// use support_metrics::interaction::{Channel, Interaction};
/// use support_metrics::metrics::repeat_contacts;
/// let t = |s: &str| s.parse().unwrap();
/// let mut a = Interaction::new("a", Channel::Email, t("2026-03-01T00:00:00Z"));
/// a.customer_id = Some("c".into());
/// let mut b = Interaction::new("b", Channel::Chat, t("2026-03-08T00:00:00Z"));
/// b.customer_id = Some("c".into());
/// let c = Interaction::new("c", Channel::Chat, t("2026-03-02T00:00:00Z"));
/// // b is exactly 7 days after a: within the window.
/// assert_eq!(repeat_contacts(&[a, b, c], 7, false), [Some(true), Some(false), None]);
/// ```
#[must_use]
pub fn repeat_contacts(
    interactions: &[Interaction],
    days: u32,
    same_topic: bool,
) -> Vec<Option<bool>> {
    repeat_rows(&interactions, days, same_topic)
}

/// [`repeat_contacts`] of any [`InteractionRows`] (it reads their customers, topics and
/// creation instants only).
pub(crate) fn repeat_rows(
    rows: &dyn InteractionRows,
    days: u32,
    same_topic: bool,
) -> Vec<Option<bool>> {
    // Row numbers are stored in 4 bytes when they fit (always, short of four billion
    // interactions in memory): the arrays below are the pass's memory traffic.
    if u32::try_from(rows.len()).is_ok() {
        repeat_flags::<u32>(rows, days, same_topic)
    } else {
        repeat_flags::<usize>(rows, days, same_topic)
    }
}

/// [`repeat_contacts`] with row numbers of type `R`.
fn repeat_flags<R>(rows: &dyn InteractionRows, days: u32, same_topic: bool) -> Vec<Option<bool>>
where
    R: Copy + Ord + Default + TryFrom<usize>,
    usize: TryFrom<R>,
{
    // Intern customers (and topics) to dense integers, then bucket the rows by customer with
    // a counting sort: a comparison sort of a million rows (let alone of strings) would
    // dominate the whole catalogue, while a customer's own rows are few and sort in cache.
    // The interactions are read once, in order; the sort moves 16-byte (instant, row) items.
    let n = rows.len();
    // Room for a customer per two rows without growing (each growth re-files every id): a
    // help desk's customers mostly write once or twice in a period.
    let mut ids = Interner::with_capacity(n / 2);
    let mut topics = Interner::with_capacity(16);
    let mut customer = Vec::with_capacity(n);
    let mut instant = Vec::with_capacity(n);
    let mut topic = Vec::with_capacity(if same_topic { n } else { 0 });
    // Each id's text and table slot is a cache miss in a large batch. Loading a batch's first
    // bytes in a tight loop, then hashing, then loading the batch's slots before probing lets
    // those misses overlap instead of each waiting behind the previous one.
    const BATCH: usize = 32;
    for from in (0..n).step_by(BATCH) {
        let batch = from..n.min(from + BATCH);
        let mut touch = 0u8;
        for i in batch.clone() {
            touch ^= rows
                .customer_id(i)
                .map_or(0, |s| s.as_bytes().first().copied().unwrap_or(0));
        }
        std::hint::black_box(touch);
        let mut hashes = [0u64; BATCH];
        for (h, i) in hashes.iter_mut().zip(batch.clone()) {
            *h = rows.customer_id(i).map_or(0, ids.hash);
        }
        std::hint::black_box(ids.touch(&hashes));
        // Then the texts a customer met before is compared with.
        std::hint::black_box(ids.touch_texts(&hashes));
        for (i, h) in batch.zip(hashes) {
            customer.push(ids.id_hashed(rows.customer_id(i), h));
            let t = rows.created_at(i).unwrap_or_default();
            instant.push((t.timestamp(), t.timestamp_subsec_nanos()));
            if same_topic {
                topic.push(topics.id(rows.topic(i)));
            }
        }
    }
    // starts[c]..starts[c + 1]: the rows of customer c in `sorted`, in input order.
    let mut starts = vec![0usize; ids.len() + 2];
    for &c in &customer {
        if let Some(k) = starts.get_mut(c as usize + 1) {
            *k += 1;
        }
    }
    for k in 1..starts.len() {
        let prev = starts.get(k - 1).copied().unwrap_or(0);
        if let Some(x) = starts.get_mut(k) {
            *x += prev;
        }
    }
    let mut next = starts.clone();
    let mut sorted: Vec<(i64, u32, R)> = vec![(0, 0, R::default()); n];
    for (i, (&c, &(secs, nanos))) in customer.iter().zip(&instant).enumerate() {
        let Ok(row) = R::try_from(i) else {
            // Not reached (the caller picks an `R` that holds every row number); were it
            // reached, a slot left unwritten would stand for row 0, so start over wide.
            return repeat_flags::<usize>(rows, days, same_topic);
        };
        let Some(pos) = next.get_mut(c as usize) else {
            continue;
        };
        if let Some(slot) = sorted.get_mut(*pos) {
            *slot = (secs, nanos, row);
        }
        *pos += 1;
    }
    let window = i128::from(days) * 86_400 * 1_000_000_000;
    let mut out: Vec<Option<bool>> = vec![None; n];
    // (topic, instant in ns, row): within a customer, the repeat order.
    let mut bucket: Vec<(u32, i128, usize)> = Vec::new();
    // Customer 0 is "no customer id": its rows stay `None`.
    for w in starts.windows(2).skip(1) {
        let &[from, to] = w else { continue };
        bucket.clear();
        bucket.extend(sorted.get(from..to).unwrap_or_default().iter().filter_map(
            |&(secs, nanos, row)| {
                let i = usize::try_from(row).ok()?;
                let ns = i128::from(secs) * 1_000_000_000 + i128::from(nanos);
                Some((topic.get(i).copied().unwrap_or(0), ns, i))
            },
        ));
        // By topic, then instant, then input order (equal instants: the later row is the
        // repeat of the earlier one).
        bucket.sort_unstable();
        for w in 0..bucket.len() {
            let Some(a) = bucket.get(w) else { continue };
            let hit = bucket
                .get(w + 1)
                .is_some_and(|b| a.0 == b.0 && b.1 - a.1 <= window);
            if let Some(o) = out.get_mut(a.2) {
                *o = Some(hit);
            }
        }
    }
    out
}

/// Every ticket aggregate of `interactions` (see [`TicketReport`]). SLA compliance is included
/// when `policies` are given (with `opts.measures.as_of`). Interactions created after `as_of`
/// are left out.
pub fn ticket_report(
    interactions: &[Interaction],
    cal: &BusinessCalendar,
    policies: Option<&SlaPolicies>,
    opts: &TicketOptions,
) -> Result<TicketReport> {
    accumulate_catalogue(interactions, cal, policies, opts, None)?
        .total
        .finish(opts)
}

/// First response time (count, mean, percentiles; `excluded` = unanswered).
pub fn first_response_time(
    interactions: &[Interaction],
    cal: &BusinessCalendar,
    opts: &TicketOptions,
) -> Result<DurationStats> {
    Ok(ticket_report(interactions, cal, None, opts)?.first_response_time)
}

/// Next reply time per cycle (`excluded` = cycles still awaiting a reply).
pub fn next_reply_time(
    interactions: &[Interaction],
    cal: &BusinessCalendar,
    opts: &TicketOptions,
) -> Result<DurationStats> {
    Ok(ticket_report(interactions, cal, None, opts)?.next_reply_time)
}

/// Full resolution time (`excluded` = unresolved); the first resolution time is in
/// [`TicketReport::first_resolution_time`].
pub fn resolution_time(
    interactions: &[Interaction],
    cal: &BusinessCalendar,
    opts: &TicketOptions,
) -> Result<DurationStats> {
    Ok(ticket_report(interactions, cal, None, opts)?.full_resolution_time)
}

/// First-contact resolution per `opts.fcr`.
pub fn first_contact_resolution(
    interactions: &[Interaction],
    cal: &BusinessCalendar,
    opts: &TicketOptions,
) -> Result<Rate> {
    Ok(ticket_report(interactions, cal, None, opts)?.fcr)
}

/// SLA compliance per metric: met / (met + breached), active and paused beside.
pub fn sla_compliance(
    interactions: &[Interaction],
    cal: &BusinessCalendar,
    policies: &SlaPolicies,
    opts: &TicketOptions,
) -> Result<Vec<SlaCompliance>> {
    Ok(ticket_report(interactions, cal, Some(policies), opts)?.sla)
}

/// A dimension to break aggregates down by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Dimension {
    /// [`Interaction::agent`].
    Agent,
    /// The channel.
    Channel,
    /// The group.
    Group,
    /// The topic.
    Topic,
    /// The priority.
    Priority,
    /// A custom attribute, by name.
    Attribute(String),
}

/// A calendar period, read in the breakdown's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Period {
    /// Hour of day, `"00"` to `"23"`.
    HourOfDay,
    /// ISO weekday, `"1-mon"` to `"7-sun"`.
    Weekday,
    /// `"2026-03-02"`.
    Day,
    /// ISO week, `"2026-W10"`.
    IsoWeek,
    /// `"2026-03"`.
    Month,
    /// `"2026-Q1"`.
    Quarter,
}

impl Period {
    /// The label of instant `t` in zone `tz`.
    ///
    /// ```
    /// use support_metrics::metrics::Period;
    /// let t = "2026-12-31T23:30:00Z".parse().unwrap(); // 2027-01-01 00:30 in Berlin
    /// let tz = chrono_tz::Europe::Berlin;
    /// assert_eq!(Period::Quarter.label(t, tz), "2027-Q1");
    /// assert_eq!(Period::IsoWeek.label(t, tz), "2026-W53"); // ISO year 2026 has 53 weeks
    /// assert_eq!(Period::Weekday.label(t, tz), "5-fri");
    /// ```
    #[must_use]
    pub fn label(self, t: DateTime<Utc>, tz: impl Into<Zone>) -> String {
        let mut s = String::new();
        self.write_label(&mut s, t, tz.into());
        s
    }

    pub(crate) fn write_label(self, out: &mut String, t: DateTime<Utc>, tz: Zone) {
        use std::fmt::Write;
        let l = t.with_timezone(&tz);
        // Writing to a String cannot fail.
        let _ = match self {
            Period::HourOfDay => write!(out, "{:02}", l.hour()),
            Period::Weekday => {
                let w = l.weekday();
                let name = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                    .get(w.num_days_from_monday() as usize)
                    .copied()
                    .unwrap_or("");
                write!(out, "{}-{name}", w.number_from_monday())
            }
            Period::Day => write!(out, "{:04}-{:02}-{:02}", l.year(), l.month(), l.day()),
            Period::IsoWeek => {
                let w = l.iso_week();
                write!(out, "{:04}-W{:02}", w.year(), w.week())
            }
            Period::Month => write!(out, "{:04}-{:02}", l.year(), l.month()),
            Period::Quarter => write!(out, "{:04}-Q{}", l.year(), (l.month() - 1) / 3 + 1),
        };
    }
}

/// Period labels interned to ids `0..`, found by an instant's local date and hour: every
/// period's label is a function of them, so an instant of a local hour seen before costs one
/// time-zone conversion and one probe of an integer key, without writing its label.
///
/// Why: rows come roughly in time order, but a breakdown by event places each row at up to
/// three instants (creation, response, resolution) in different hours, and answers come in the
/// order of their file: writing and looking up a label per instant was a tenth of a report.
#[derive(Debug, Clone)]
pub(crate) struct PeriodLabels {
    period: Period,
    tz: Zone,
    by_local: FxMap<(chrono::NaiveDate, u32), u32>,
    ids: FxMap<String, u32>,
    names: Vec<String>,
    label: String,
    /// The last few local hours' spans in UTC seconds, `[from, to)`, with their labels' ids:
    /// rows come roughly in time order, so most instants fall in an hour seen just before,
    /// found by comparisons instead of a time-zone lookup and a hash. Several, not one: a
    /// breakdown by event asks for each row's creation, response and resolution in turn, three
    /// streams in different hours that would evict a single entry every time.
    recent: [(i64, i64, u32); RECENT_HOURS],
    /// The slot the next new hour replaces (round robin).
    next: usize,
}

/// How many recent hours [`PeriodLabels`] keeps (a breakdown by event reads three streams).
const RECENT_HOURS: usize = 4;

impl PeriodLabels {
    pub(crate) fn new(period: Period, tz: Zone) -> PeriodLabels {
        PeriodLabels {
            period,
            tz,
            by_local: FxMap::default(),
            ids: FxMap::default(),
            names: Vec::new(),
            label: String::new(),
            // Empty spans: `from <= t < to` holds for no `t`.
            recent: [(0, 0, 0); RECENT_HOURS],
            next: 0,
        }
    }

    /// The id of `at`'s label.
    pub(crate) fn id(&mut self, at: DateTime<Utc>) -> u32 {
        let t = at.timestamp();
        if let Some(&(_, _, id)) = self
            .recent
            .iter()
            .find(|(from, to, _)| *from <= t && t < *to)
        {
            return id;
        }
        let l = at.with_timezone(&self.tz);
        let local = (l.date_naive(), l.hour());
        let id = self.id_of_local(at, local);
        // The local hour's span in UTC, kept when the zone changes offset nowhere inside it
        // (offsets are whole seconds; a change at `from` itself is the one `at` has).
        let from = t - i64::from(l.minute() * 60 + l.second());
        let to = from + 3600;
        let transitions = self.tz.transitions();
        let next = transitions.partition_point(|&x| x <= from);
        if transitions.get(next).map_or(true, |&x| x >= to) {
            if let Some(slot) = self.recent.get_mut(self.next) {
                *slot = (from, to, id);
            }
            self.next = (self.next + 1) % RECENT_HOURS;
        }
        id
    }

    /// The id of the label of local hour `local` (`at` is an instant in it).
    fn id_of_local(&mut self, at: DateTime<Utc>, local: (chrono::NaiveDate, u32)) -> u32 {
        if let Some(&id) = self.by_local.get(&local) {
            return id;
        }
        self.label.clear();
        self.period.write_label(&mut self.label, at, self.tz);
        let id = match self.ids.get(self.label.as_str()) {
            Some(&id) => id,
            None => {
                let id = self.names.len() as u32;
                self.ids.insert(self.label.clone(), id);
                self.names.push(self.label.clone());
                id
            }
        };
        self.by_local.insert(local, id);
        id
    }

    /// The label of an id.
    pub(crate) fn name(&self, id: u32) -> Option<&str> {
        self.names.get(id as usize).map(String::as_str)
    }

    /// The labels, by id.
    pub(crate) fn into_names(self) -> Vec<String> {
        self.names
    }
}

/// Which instant places an interaction in a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Attribution {
    /// Everything at creation (a cohort view).
    #[default]
    Creation,
    /// Each part at its own event: volume and creation rates at creation, reply times and
    /// reply SLAs at the first response, resolution times, FCR, reopen, automation and the
    /// resolution SLA at the final (else first) resolution.
    Event,
}

/// How to break down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct BreakdownOptions {
    /// The dimensions, in key order.
    pub dimensions: Vec<Dimension>,
    /// The period, if any.
    pub period: Option<Period>,
    /// IANA zone the periods are read in. Default `"UTC"`.
    pub timezone: String,
    /// Creation (default) or event time.
    pub attribution: Attribution,
}

impl Default for BreakdownOptions {
    fn default() -> Self {
        BreakdownOptions {
            dimensions: Vec::new(),
            period: None,
            timezone: "UTC".to_string(),
            attribution: Attribution::Creation,
        }
    }
}

impl BreakdownOptions {
    /// Sets [`dimensions`](Self::dimensions).
    #[must_use]
    pub fn dimensions(mut self, d: Vec<Dimension>) -> Self {
        self.dimensions = d;
        self
    }
    /// Sets [`period`](Self::period).
    #[must_use]
    pub fn period(mut self, p: Option<Period>) -> Self {
        self.period = p;
        self
    }
    /// Sets [`timezone`](Self::timezone).
    #[must_use]
    pub fn timezone(mut self, tz: impl Into<String>) -> Self {
        self.timezone = tz.into();
        self
    }
    /// Sets [`attribution`](Self::attribution).
    #[must_use]
    pub fn attribution(mut self, a: Attribution) -> Self {
        self.attribution = a;
        self
    }
}

/// One group of a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakdownRow {
    /// One value per dimension (`None`: the interaction has no value).
    pub key: Vec<Option<String>>,
    /// The period label, when a period was asked for.
    pub period: Option<String>,
    /// The aggregates of the group.
    pub report: TicketReport,
}

/// The accumulators of one catalogue run: the total and one per breakdown group. Merge the
/// runs of several parts (threads, files, machines), then finish.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogueAccumulator {
    /// All interactions.
    pub total: TicketAccumulator,
    /// One per group: `(key, period, accumulator)`, in first-seen order.
    pub groups: Vec<(Vec<Option<String>>, Option<String>, TicketAccumulator)>,
}

impl CatalogueAccumulator {
    /// Adds another run's accumulators (groups with the same key and period merge).
    pub fn merge(&mut self, other: &CatalogueAccumulator) {
        self.total.merge(&other.total);
        merge_groups(&mut self.groups, other.groups.iter().map(Cow::Borrowed));
    }

    /// The report and the breakdown rows (sorted by key, then period label).
    pub fn finish(&self, opts: &TicketOptions) -> Result<Catalogue> {
        let mut order: Vec<usize> = (0..self.groups.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (self.groups.get(a), self.groups.get(b));
            x.map(|g| (&g.0, &g.1)).cmp(&y.map(|g| (&g.0, &g.1)))
        });
        let mut breakdown = Vec::with_capacity(order.len());
        for i in order {
            if let Some((key, period, acc)) = self.groups.get(i) {
                breakdown.push(BreakdownRow {
                    key: key.clone(),
                    period: period.clone(),
                    report: acc.finish(opts)?,
                });
            }
        }
        Ok(Catalogue {
            report: self.total.finish(opts)?,
            breakdown,
        })
    }
}

/// Adds the groups of another run: groups with the same key and period merge, new ones are
/// appended in their order (moved when owned: a run's groups that the other lacks, such as
/// the weeks of a later part of a file, are not copied).
pub(crate) fn merge_groups<'a>(into: &mut Groups, from: impl IntoIterator<Item = Cow<'a, Group>>) {
    merge_groups_with(into, from, |_, mine, g| mine.2.merge(&g.2));
}

/// [`merge_groups`], each group of `from` whose key `into` has merged by `merge(index in
/// into, that group, the group of from)`.
pub(crate) fn merge_groups_with<'a>(
    into: &mut Groups,
    from: impl IntoIterator<Item = Cow<'a, Group>>,
    mut merge: impl FnMut(usize, &mut Group, Cow<'a, Group>),
) {
    let mut index: HashMap<(Vec<Option<String>>, Option<String>), usize> = into
        .iter()
        .enumerate()
        .map(|(i, g)| ((g.0.clone(), g.1.clone()), i))
        .collect();
    for g in from {
        let key = (g.0.clone(), g.1.clone());
        match index.get(&key) {
            Some(&i) => {
                if let Some(mine) = into.get_mut(i) {
                    merge(i, mine, g);
                }
            }
            None => {
                index.insert(key, into.len());
                into.push(g.into_owned());
            }
        }
    }
}

/// The report of every interaction, and the breakdown when one was asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    /// All interactions.
    pub report: TicketReport,
    /// One row per group (empty without a breakdown).
    pub breakdown: Vec<BreakdownRow>,
}

/// Computes the report and, with `by`, the breakdown in one pass: each interaction is
/// measured (and evaluated against `policies`) once and pushed into the total and its groups.
/// Repeat-contact flags are computed over `interactions` as a whole, so when splitting a data
/// set into parts, split by customer to keep repeat contacts exact.
pub fn ticket_catalogue(
    interactions: &[Interaction],
    cal: &BusinessCalendar,
    policies: Option<&SlaPolicies>,
    opts: &TicketOptions,
    by: Option<&BreakdownOptions>,
) -> Result<Catalogue> {
    accumulate_catalogue(interactions, cal, policies, opts, by)?.finish(opts)
}

/// [`ticket_catalogue`] before finishing: the mergeable accumulators.
pub fn accumulate_catalogue(
    interactions: &[Interaction],
    cal: &BusinessCalendar,
    policies: Option<&SlaPolicies>,
    opts: &TicketOptions,
    by: Option<&BreakdownOptions>,
) -> Result<CatalogueAccumulator> {
    let bys: Vec<BreakdownOptions> = by.into_iter().cloned().collect();
    let (total, mut groups) =
        accumulate_catalogues(interactions, cal, policies, opts, &bys, |_, _, _| {})?;
    Ok(CatalogueAccumulator {
        total,
        groups: groups.pop().unwrap_or_default(),
    })
}

/// The groups of one breakdown: `(key, period, accumulator)`, in first-seen order.
pub(crate) type Groups = Vec<Group>;

/// One group of a breakdown: its key, period label and accumulator.
pub(crate) type Group = (Vec<Option<String>>, Option<String>, TicketAccumulator);

/// The repeat-contact flags of a batch: for the repeat rate, and for the FCR preset's window
/// (empty for other presets). They need the whole batch, so parts of one batch share them.
pub(crate) struct RepeatFlags {
    pub(crate) repeat: Vec<Option<bool>>,
    pub(crate) fcr: Vec<Option<bool>>,
}

impl RepeatFlags {
    pub(crate) fn of(rows: &dyn InteractionRows, opts: &TicketOptions) -> RepeatFlags {
        RepeatFlags {
            repeat: repeat_rows(rows, opts.repeat_window_days, opts.repeat_same_topic),
            fcr: match opts.fcr {
                FcrPreset::NoRepeatContactWithin { days } => {
                    repeat_rows(rows, days, opts.repeat_same_topic)
                }
                _ => Vec::new(),
            },
        }
    }
}

/// One pass over `interactions` for the total and several breakdowns at once: each
/// interaction is measured (and evaluated against `policies`) once, pushed into the total and
/// into its group of every breakdown, then handed to `visit` with its index and measures (for
/// figures the catalogue does not keep, such as a histogram). Interactions created after
/// `as_of` are skipped, also by `visit`.
pub(crate) fn accumulate_catalogues(
    interactions: &[Interaction],
    cal: &BusinessCalendar,
    policies: Option<&SlaPolicies>,
    opts: &TicketOptions,
    bys: &[BreakdownOptions],
    visit: impl FnMut(usize, &Interaction, &Measures),
) -> Result<(TicketAccumulator, Vec<Groups>)> {
    let flags = RepeatFlags::of(&interactions, opts);
    let all = 0..interactions.len();
    accumulate_range(&interactions, all, &flags, cal, policies, opts, bys, visit)
}

/// [`accumulate_catalogues`] over `interactions[range]`, with the flags of the whole batch:
/// the parts of a batch merge into exactly the whole (accumulators merge by addition and
/// concatenation, groups by key).
#[allow(clippy::too_many_arguments)]
pub(crate) fn accumulate_range(
    rows: &dyn InteractionRows,
    range: std::ops::Range<usize>,
    flags: &RepeatFlags,
    cal: &BusinessCalendar,
    policies: Option<&SlaPolicies>,
    opts: &TicketOptions,
    bys: &[BreakdownOptions],
    mut visit: impl FnMut(usize, &Interaction, &Measures),
) -> Result<(TicketAccumulator, Vec<Groups>)> {
    let as_of = opts.measures.as_of;
    let sla_as_of = match (policies, as_of) {
        (Some(_), None) => {
            return Err(Error::InvalidArgument {
                name: "as_of",
                value: "none".to_string(),
                expected: "an instant: SLA states (met, breached, active, paused) need one",
            })
        }
        (_, t) => t,
    };
    let mut groupers = bys
        .iter()
        .map(|by| Ok(Grouper::new(by, by.timezone.parse()?)))
        .collect::<Result<Vec<_>>>()?;
    let (repeat, repeat_fcr) = (&flags.repeat, &flags.fcr);
    let range = range.start..range.end.min(rows.len());
    let mut total = TicketAccumulator::new(opts);
    if opts.quantiles == QuantileMode::Exact {
        for d in [
            &mut total.first_response,
            &mut total.first_resolution,
            &mut total.full_resolution,
        ] {
            d.values.reserve(range.len());
        }
    }
    // One evaluation and its buffers, reused: the accumulators read only the targets.
    let mut scratch = SlaScratch::default();
    scratch.states_only = true;
    let mut sla = SlaEvaluation {
        policy: None,
        targets: Vec::new(),
    };
    let mut row = RowScratch::default();
    for i in range {
        if as_of.is_some_and(|t| rows.created_at(i).is_some_and(|c| c > t)) {
            continue;
        }
        let Some(it) = rows.get(i, &mut row)? else {
            break;
        };
        // With policies, the measures record each status segment's business time for the SLA
        // evaluation below (same calendar, same `as_of` cut), which then need not remeasure it.
        let record = policies.is_some().then_some(&mut scratch.known);
        let m = Measures::compute_recording(it, cal, &opts.measures, record)?;
        let evaluated = match (policies, sla_as_of) {
            (Some(p), Some(t)) => {
                p.evaluate_with(it, cal, t, &mut scratch, &mut sla.targets)?;
                true
            }
            _ => false,
        };
        let x = TicketInput {
            interaction: it,
            measures: &m,
            sla: evaluated.then_some(&sla),
            repeat: repeat.get(i).copied().flatten(),
            repeat_fcr: repeat_fcr.get(i).copied().flatten(),
        };
        let c = Contribution::of(&x, opts);
        total.add(&c, Part::All);
        for g in &mut groupers {
            g.push((rows, i), it, &m, &c, opts);
        }
        visit(i, it, &m);
    }
    Ok((total, groupers.into_iter().map(Grouper::finish).collect()))
}

/// The value of dimension `d` of an interaction (`None`: it has none).
#[must_use]
pub fn dimension_value<'a>(it: &'a Interaction, d: &Dimension) -> Option<&'a str> {
    match d {
        Dimension::Agent => it.agent(),
        Dimension::Channel => Some(it.channel.as_str()),
        Dimension::Group => it.group.as_deref(),
        Dimension::Topic => it.topic.as_deref(),
        Dimension::Priority => it.priority.as_deref(),
        Dimension::Attribute(a) => it.attributes.get(a).map(String::as_str),
    }
}

/// Whether a group's key is `it`'s values of `dims`, without a `memcmp` call per short value.
fn same_key(key: &[Option<String>], it: &Interaction, dims: &[Dimension]) -> bool {
    key.len() == dims.len()
        && key
            .iter()
            .zip(dims)
            .all(|(k, d)| match (k, dimension_value(it, d)) {
                (Some(x), Some(y)) => same_text(x.as_bytes(), y.as_bytes()),
                (None, None) => true,
                _ => false,
            })
}

/// The groups of one breakdown while accumulating. Groups are found by the hash of
/// (key, period): one probe on an integer key, then the group's own key is compared (groups
/// are few and stay in cache), so equal hashes never merge groups. A group's key is copied
/// when the group is made (the interaction may be one built for the moment, see
/// [`InteractionRows`]); period labels are interned to ids.
struct Grouper<'b> {
    by: &'b BreakdownOptions,
    index: FxMap<u64, Vec<usize>>,
    /// Where most pushes end: the group of each key number met so far, when the rows number
    /// the key's values ([`InteractionRows::dimension_number`]) and there is no period; the
    /// group of each period id met so far, when there are no dimensions.
    numbered: FxMap<u64, usize>,
    periods: Vec<Option<usize>>,
    /// Each group's key, period (its label's id + 1; 0: no period) and accumulator.
    groups: Vec<(Vec<Option<String>>, u32, TicketAccumulator)>,
    labels: Option<PeriodLabels>,
}

impl<'b> Grouper<'b> {
    fn new(by: &'b BreakdownOptions, tz: Zone) -> Self {
        Grouper {
            by,
            index: FxMap::default(),
            numbered: FxMap::default(),
            periods: Vec::new(),
            groups: Vec::new(),
            labels: by.period.map(|p| PeriodLabels::new(p, tz)),
        }
    }

    /// Pushes `c` (of interaction `it`, row `i` of `rows`, read for the keys, with measures
    /// `m`) into its groups.
    fn push(
        &mut self,
        (rows, i): (&dyn InteractionRows, usize),
        it: &Interaction,
        m: &Measures,
        c: &Contribution<'_>,
        opts: &TicketOptions,
    ) {
        // The key's number: none for several dimensions (a number stands for one value).
        let number = match self.by.dimensions.as_slice() {
            [] => Some(0),
            [d] => rows.dimension_number(i, d),
            _ => None,
        };
        let attribution = self.by.attribution;
        let mut push_at = |part, at| self.push_at(it, c, opts, part, at, number);
        match attribution {
            Attribution::Creation => push_at(Part::All, it.created_at),
            Attribution::Event => {
                let responded = m.first_response_at.unwrap_or(it.created_at);
                let resolved = m
                    .resolved_at
                    .or(m.first_resolved_at)
                    .unwrap_or(it.created_at);
                push_at(Part::Creation, it.created_at);
                push_at(Part::Response, responded);
                push_at(Part::Resolution, resolved);
            }
        }
    }

    /// Pushes `part` of `x` into the group of its keys (numbered `number`, when the rows
    /// number them) and the period of `at`.
    fn push_at(
        &mut self,
        it: &Interaction,
        c: &Contribution<'_>,
        opts: &TicketOptions,
        part: Part,
        at: DateTime<Utc>,
        number: Option<u64>,
    ) {
        let dims = &self.by.dimensions;
        let period = match &mut self.labels {
            Some(labels) => labels.id(at) + 1,
            None => 0,
        };
        let known = match (number, period) {
            (Some(n), 0) => self.numbered.get(&n).copied(),
            (_, p) if dims.is_empty() => self.periods.get(p as usize).copied().flatten(),
            _ => None,
        };
        if let Some(g) = known {
            if let Some(acc) = self.groups.get_mut(g) {
                acc.2.add(c, part);
            }
            return;
        }
        let h = {
            let mut h = FxHasher::default();
            for d in dims {
                std::hash::Hash::hash(&dimension_value(it, d), &mut h);
            }
            std::hash::Hash::hash(&period, &mut h);
            std::hash::Hasher::finish(&h)
        };
        let groups = &self.groups;
        let same = self.index.get(&h).and_then(|gs| {
            gs.iter().copied().find(|&g| {
                groups
                    .get(g)
                    .is_some_and(|x| x.1 == period && same_key(&x.0, it, dims))
            })
        });
        let g = match same {
            Some(g) => g,
            None => {
                let g = self.groups.len();
                let key = dims
                    .iter()
                    .map(|d| dimension_value(it, d).map(str::to_string))
                    .collect();
                self.groups
                    .push((key, period, TicketAccumulator::new(opts)));
                self.index.entry(h).or_default().push(g);
                g
            }
        };
        match (number, period) {
            (Some(n), 0) => {
                self.numbered.insert(n, g);
            }
            (_, p) if self.by.dimensions.is_empty() => {
                let p = p as usize;
                if self.periods.len() <= p {
                    self.periods.resize(p + 1, None);
                }
                if let Some(slot) = self.periods.get_mut(p) {
                    *slot = Some(g);
                }
            }
            _ => {}
        }
        if let Some(acc) = self.groups.get_mut(g) {
            acc.2.add(c, part);
        }
    }

    fn finish(self) -> Groups {
        let labels = self.labels;
        self.groups
            .into_iter()
            .map(|(k, p, acc)| {
                let label = p.checked_sub(1).and_then(|id| labels.as_ref()?.name(id));
                (k, label.map(str::to_string), acc)
            })
            .collect()
    }
}

/// Breaks every ticket aggregate down by dimensions and period. Rows are sorted by key, then
/// period label.
///
/// ```
/// use support_metrics::BusinessCalendar;
/// use support_metrics::interaction::{read_summary_csv, ReadOptions};
/// use support_metrics::metrics::{ticket_breakdown, BreakdownOptions, Dimension, Period, TicketOptions};
/// let csv = "id,channel,agent,created_at\n1,email,ana,2026-03-02T23:30:00Z\n2,chat,ana,2026-03-03T08:00:00Z\n";
/// let its = read_summary_csv(csv, &ReadOptions::default())?.interactions;
/// let cal = BusinessCalendar::always_open(chrono_tz::UTC);
/// let by = BreakdownOptions::default().dimensions(vec![Dimension::Agent])
///     .period(Some(Period::Day)).timezone("Europe/Berlin");
/// let rows = ticket_breakdown(&its, &cal, None, &TicketOptions::default(), &by)?;
/// // 23:30Z on Monday is 00:30 on Tuesday in Berlin: both fall on 2026-03-03.
/// assert_eq!(rows.len(), 1);
/// assert_eq!(rows[0].period.as_deref(), Some("2026-03-03"));
/// assert_eq!(rows[0].report.interactions, 2);
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn ticket_breakdown(
    interactions: &[Interaction],
    cal: &BusinessCalendar,
    policies: Option<&SlaPolicies>,
    opts: &TicketOptions,
    by: &BreakdownOptions,
) -> Result<Vec<BreakdownRow>> {
    Ok(ticket_catalogue(interactions, cal, policies, opts, Some(by))?.breakdown)
}

/// What to rank agents on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RankBy {
    /// Median first response time (lower is better).
    FirstResponseMedian,
    /// Mean first response time (lower is better).
    FirstResponseMean,
    /// Median full resolution time (lower is better).
    ResolutionMedian,
    /// Resolution rate (higher is better).
    ResolutionRate,
    /// FCR (higher is better).
    Fcr,
    /// Reopen rate (lower is better).
    ReopenRate,
    /// First-reply SLA compliance (higher is better).
    FirstReplyCompliance,
    /// Volume (higher is better).
    Volume,
}

/// One agent's place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentRank {
    /// The agent (`None`: interactions without one).
    pub agent: Option<String>,
    /// 1-based competition rank ("1224": ties share a rank); `None` when unranked.
    pub rank: Option<u32>,
    /// The value ranked on; `None` when undefined.
    pub value: Option<f64>,
    /// The sample behind the value (durations counted, or the rate's denominator).
    pub count: u64,
}

/// Ranks agents by a metric. Agents whose value is undefined or whose sample is below
/// `min_count` are listed last, unranked.
pub fn agent_ranking(
    interactions: &[Interaction],
    cal: &BusinessCalendar,
    policies: Option<&SlaPolicies>,
    opts: &TicketOptions,
    by: RankBy,
    min_count: u64,
) -> Result<Vec<AgentRank>> {
    let rows = ticket_breakdown(
        interactions,
        cal,
        policies,
        opts,
        &BreakdownOptions::default().dimensions(vec![Dimension::Agent]),
    )?;
    let lower_better = matches!(
        by,
        RankBy::FirstResponseMedian
            | RankBy::FirstResponseMean
            | RankBy::ResolutionMedian
            | RankBy::ReopenRate
    );
    let mut out: Vec<AgentRank> = rows
        .into_iter()
        .map(|row| {
            let r = &row.report;
            let (value, count) = match by {
                RankBy::FirstResponseMedian => (
                    r.first_response_time.summary.map(|s| s.median),
                    r.first_response_time.count,
                ),
                RankBy::FirstResponseMean => (
                    r.first_response_time.summary.map(|s| s.mean),
                    r.first_response_time.count,
                ),
                RankBy::ResolutionMedian => (
                    r.full_resolution_time.summary.map(|s| s.median),
                    r.full_resolution_time.count,
                ),
                RankBy::ResolutionRate => (r.resolution_rate.value, r.resolution_rate.denominator),
                RankBy::Fcr => (r.fcr.value, r.fcr.denominator),
                RankBy::ReopenRate => (r.reopen_rate.value, r.reopen_rate.denominator),
                RankBy::FirstReplyCompliance => r
                    .sla
                    .iter()
                    .find(|s| s.metric == SlaMetric::FirstReply)
                    .map_or((None, 0), |s| {
                        (s.compliance.value, s.compliance.denominator)
                    }),
                RankBy::Volume => (Some(r.interactions as f64), r.interactions),
            };
            AgentRank {
                agent: row.key.into_iter().next().flatten(),
                rank: None,
                value: value.filter(|_| count >= min_count && count > 0),
                count,
            }
        })
        .collect();
    let score = |v: f64| if lower_better { v } else { -v };
    out.sort_by(|a, b| match (a.value, b.value) {
        (Some(x), Some(y)) => score(x)
            .total_cmp(&score(y))
            .then_with(|| a.agent.cmp(&b.agent)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.agent.cmp(&b.agent),
    });
    let mut prev: Option<(f64, u32)> = None;
    for (i, a) in out.iter_mut().enumerate() {
        if let Some(v) = a.value {
            let rank = match prev {
                Some((pv, pr)) if pv == v => pr,
                _ => i as u32 + 1,
            };
            a.rank = Some(rank);
            prev = Some((v, rank));
        }
    }
    Ok(out)
}

/// Interactions created per period (spam and merged excluded), sorted by label.
pub fn volume_by_period(
    interactions: &[Interaction],
    period: Period,
    timezone: &str,
) -> Result<Vec<(String, u64)>> {
    let tz: Zone = timezone.parse()?;
    let mut map = std::collections::BTreeMap::<String, u64>::new();
    for it in interactions
        .iter()
        .filter(|it| !it.is_spam() && !it.is_merged())
    {
        *map.entry(period.label(it.created_at, tz)).or_default() += 1;
    }
    Ok(map.into_iter().collect())
}

/// Interactions open (created, not spam or merged, not solved or closed) at `as_of`.
pub fn backlog(
    interactions: &[Interaction],
    cal: &BusinessCalendar,
    as_of: DateTime<Utc>,
) -> Result<u64> {
    let opts = TicketOptions::default().as_of(as_of);
    Ok(ticket_report(interactions, cal, None, &opts)?
        .backlog
        .unwrap_or(0))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{Period, PeriodLabels};
    use chrono::{TimeZone, Timelike, Utc};
    use proptest::prelude::*;

    /// `PeriodLabels::id` on the instants (`seconds` plus `nanos`), in order, against the
    /// uncached lookup of each instant's local hour: the first disagreement, if any.
    fn labels_agree(
        period: Period,
        zone: &str,
        seconds: impl Iterator<Item = i64>,
        nanos: u32,
    ) -> std::result::Result<(), String> {
        let tz: crate::tz::Zone = zone.parse().map_err(|e| format!("{e}"))?;
        let mut cached = PeriodLabels::new(period, tz);
        let mut plain = PeriodLabels::new(period, tz);
        for t in seconds {
            let at = Utc.timestamp_opt(t, nanos).single().ok_or(format!("{t}"))?;
            let l = at.with_timezone(&tz);
            let want = plain.id_of_local(at, (l.date_naive(), l.hour()));
            let got = cached.id(at);
            if cached.name(got) != plain.name(want) {
                return Err(format!(
                    "{at} in {zone}: {:?}, uncached {:?}",
                    cached.name(got),
                    plain.name(want)
                ));
            }
        }
        Ok(())
    }

    proptest! {
        /// The last hour's cache gives every instant the label of its own local hour: walks of
        /// small steps and jumps, back and forth, across DST changes in zones with half- and
        /// quarter-hour offsets and Lord Howe's half-hour DST.
        #[test]
        fn period_ids_are_the_local_hours_labels(
            zone in prop::sample::select(vec![
                "UTC", "Europe/Berlin", "Europe/Moscow", "Asia/Kolkata", "Asia/Kathmandu",
                "Australia/Lord_Howe", "America/St_Johns", "Pacific/Chatham", "America/New_York",
            ]),
            period in prop::sample::select(vec![
                Period::HourOfDay, Period::Weekday, Period::Day, Period::IsoWeek, Period::Month,
                Period::Quarter,
            ]),
            start in 1_600_000_000i64..1_900_000_000,
            steps in prop::collection::vec(prop_oneof![
                4 => -600i64..7200,
                1 => -40_000_000i64..40_000_000,
            ], 1..300),
            nanos in 0u32..1_000_000_000,
        ) {
            let mut t = start;
            let seconds = steps.into_iter().map(|step| {
                t += step;
                t
            });
            labels_agree(period, zone, seconds, nanos).map_err(TestCaseError::fail)?;
        }
    }

    /// Three interleaved walks (a breakdown by event: creation, response, resolution), each in
    /// its own hours, get their own hours' labels.
    #[test]
    fn period_ids_of_interleaved_streams() {
        let start = Utc
            .with_ymd_and_hms(2026, 3, 1, 0, 0, 0)
            .unwrap()
            .timestamp();
        let seconds = (0..20_000i64)
            .flat_map(|k| [0, 5 * 3600 + 17, 30 * 3600 + 1799].map(|lag| start + k * 97 + lag));
        labels_agree(Period::HourOfDay, "Asia/Kolkata", seconds, 0).unwrap();
    }

    /// Every second next to every quarter-hour of 2026 (where local hours of every zone begin,
    /// DST changes included), in order, so that the cache is used and must let go exactly.
    #[test]
    fn period_ids_at_every_hour_boundary_of_a_year() {
        for zone in [
            "Europe/Berlin",
            "Asia/Kolkata",
            "Asia/Kathmandu",
            "Australia/Lord_Howe",
            "America/St_Johns",
            "Pacific/Chatham",
        ] {
            for period in [Period::HourOfDay, Period::Day] {
                let start = Utc
                    .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
                    .unwrap()
                    .timestamp();
                let seconds = (0..(365 * 96)).flat_map(|q| [-1, 0, 1].map(|d| start + q * 900 + d));
                labels_agree(period, zone, seconds, 0).unwrap();
            }
        }
    }
}
